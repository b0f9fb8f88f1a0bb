"""Hostile content in the browser: corpus text and link parameters are shown, never executed.

A tiny corpus is built with the real pipeline from an article whose title, publisher, body and
URL carry script/markup payloads (plus an HTML page with the same payloads), served with
``streamlit run``, and every page is visited in Debian's chromium. A static check over
``dashboard/`` backs this up: nothing reaches the browser as raw HTML, and every value
interpolated into a markdown-rendering call is escaped or is a reviewed non-corpus value.
"""

from __future__ import annotations

import ast
import html
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import browser_page, settled

try:
    from playwright.sync_api import expect
except ImportError:  # the static checks below still run; the browser fixtures skip
    expect = None
else:
    expect.set_options(timeout=90_000)  # a cold server loads the tables first; never a fixed sleep

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard"

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
HOVER = "<b onmouseover=alert(1)>"
MDLINK = "[link](javascript:alert(1))"
PAYLOADS = (SCRIPT, IMG, HOVER, MDLINK)
TITLE = f"芯片禁令再升级 {SCRIPT} {IMG} {HOVER}粗</b> {MDLINK}"
PUBLISHER = f"恶意新闻网 {SCRIPT}{IMG}{HOVER}{MDLINK}"
SAFE_URL = "https://example.com/news/1?id=(2)"

BODY = f"""美国商务部扩大芯片出口管制 {SCRIPT}

据路透社报道,美国商务部周二宣布对英伟达H20芯片实施新的出口管制,英伟达在华市场份额下降了20%。{IMG}

彭博社援引知情人士称,台积电今年在南京工厂的投资达到50亿美元,{HOVER}中芯国际</b>的产能提升了30%。

分析人士指出,{MDLINK} 华为昇腾芯片的出货量预计将增长至70万片,半导体供应链面临重组。
"""

HTML = f"""<html><head><title>晶片戰升級 {SCRIPT}</title></head><body>
{SCRIPT}
<article>
<h1>美國擴大晶片出口管制</h1>
<p>據路透社報導,美國商務部宣布對輝達晶片實施新的出口管制,輝達在華市場份額下降了20%。&lt;script&gt;window.__xss=1&lt;/script&gt;</p>
<p onclick="window.__xss=3">彭博社報導,台積電投資50億美元擴產。{IMG} &lt;img src=x onerror="window.__xss=2"&gt;</p>
<p>分析師說,{HOVER}中芯國際</b>產能提升30%。{MDLINK} <a href="javascript:alert(1)">點此</a></p>
<iframe src="javascript:alert(1)"></iframe>
</article></body></html>
"""

SAFE_BODY = """英伟达发布新款芯片

据新华社报道,英伟达表示新款芯片的销量增长了15%,出口管制影响有限。

分析人士认为,芯片供应链仍将持续调整。
"""


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# --------------------------------------------------------------------------- static check


# Calls whose first argument Streamlit renders as markdown (links, images, :directives:); widget
# labels and every ``help=`` tooltip are markdown too.
MARKDOWN_CALLS = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "write",
    "warning",
    "info",
    "error",
    "success",
    "toast",
    "exception",
    "metric",
    "expander",
    "popover",
    "tabs",
    "multiselect",
    "selectbox",
    "radio",
    "toggle",
    "checkbox",
    "text_input",
    "date_input",
    "button",
    "download_button",
}
# Helpers that return escaped markdown (see dashboard/ui/render.py).
ESCAPERS = {"md_escape", "plain", "link", "reader_link"}
# the one module that builds HTML around corpus text (escaped pieces in constant tags): dashboard/ui/marked.py
HTML_BUILDERS = {"marked_html", "legend_html"}
# Reviewed interpolations that are never corpus text or link input. The key is (file, source of the
# interpolated expression or the local name it was built in); a new unescaped value fails the test
# until someone escapes it or adds it here after checking where it comes from.
REVIEWED = {
    ("ui/shell.py", "folder"),  # the server's data folder (CHIPWAR_DATA), in a code span
    ("ui/shell.py", "problem"),  # data.check_data's message about that folder
    ("ui/shell.py", "type(exc).__name__"),
    ("ui/shell.py", "store.REBUILD"),  # the rebuild command, a constant
    ("ui/shell.py", "key"),  # a page-level URL key name from PAGE_KEYS, passed by the pages
    ("ui/shell.py", "what"),  # a constant word passed by the pages
    ("ui/shell.py", "label"),  # url_selectbox's widget label, a constant at each call site
    ("ui/render.py", "empty"),  # empty-chart messages, constants at each call site
    ("ui/shell.py", "help_dates"),  # corpus date bounds formatted as %Y-%m-%d
    ("views/articles.py", "date"),  # an ISO date or the word "undated"
    ("views/articles.py", "whole"),  # an int
    ("views/articles.py", "cuts"),  # an int
    ("views/figures.py", "paragraph"),  # an int
    ("views/method.py", "len(ctx.tables['articles'])"),
    ("views/method.py", "store.data_dir()"),  # the server's data folder, in a code span
    ("views/method.py", "dictionary.read_text(encoding='utf-8')"),  # data/README.md of this repo
    ("views/overview.py", "label.capitalize()"),  # headline_counts keys, constants
    ("views/overview.py", "undated"),  # an int
    ("views/overview.py", "len(ctx.arts)"),  # an int
    ("views/overview.py", "value"),  # a headline count, an int
    ("views/overview.py", "len(rejected)"),
}


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(DASHBOARD.rglob("*.py")):
        rel = path.relative_to(DASHBOARD).as_posix()
        text = path.read_text(encoding="utf-8")
        if "import streamlit" in text:  # only code that renders (the pipeline never imports it)
            yield rel, ast.parse(text)


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _is_escaped(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Call) and _call_name(expr) in ESCAPERS


def _unescaped(expr: ast.expr) -> list[ast.expr]:
    """Sub-expressions of a markdown argument that put text on the page without an escaper."""
    if isinstance(expr, ast.Constant) or _is_escaped(expr):
        return []
    if isinstance(expr, ast.JoinedStr):
        return [e for v in expr.values if isinstance(v, ast.FormattedValue) for e in _unescaped(v.value)]
    if isinstance(expr, ast.BinOp):  # "a" + b
        return _unescaped(expr.left) + _unescaped(expr.right)
    if isinstance(expr, ast.IfExp):
        return _unescaped(expr.body) + _unescaped(expr.orelse)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "join":
        return [e for a in expr.args for e in _unescaped(a)]
    if isinstance(expr, ast.ListComp | ast.GeneratorExp):
        return _unescaped(expr.elt)
    if isinstance(expr, ast.Call) and _call_name(expr) == "format":  # "…{}".format(escaped)
        return [e for a in expr.args for e in _unescaped(a)] + _unescaped(expr.func.value)
    if isinstance(expr, ast.Subscript) and _call_name_of(expr.value) == "_MARK_STYLE":
        return []
    return [expr]


def _call_name_of(expr: ast.expr) -> str:
    return expr.id if isinstance(expr, ast.Name) else expr.attr if isinstance(expr, ast.Attribute) else ""


def _resolve(tree: ast.Module, name: ast.Name) -> list[ast.expr]:
    """Every value assigned to a local name in the module (a markdown body built in a variable)."""
    out: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name.id for t in node.targets
        ):
            out.append(node.value)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == name.id and node.value is not None:
                out.append(node.value)
        elif (
            isinstance(node, ast.Call)
            and _call_name(node) == "append"
            and isinstance(node.func, ast.Attribute)
        ):
            if isinstance(node.func.value, ast.Name) and node.func.value.id == name.id:
                out.extend(node.args)
    return out


def markdown_leaks() -> list[str]:
    """``file: expression`` for every unreviewed, unescaped value reaching a markdown call."""
    leaks: list[str] = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if _call_name(node) not in MARKDOWN_CALLS:
                if not any(k.arg == "help" for k in node.keywords):
                    continue
                node = ast.Call(
                    func=node.func, args=[], keywords=[k for k in node.keywords if k.arg == "help"]
                )
            if isinstance(node.func, ast.Attribute) and _call_name_of(node.func.value) in (
                "query_params",
                "re",
            ):
                continue
            todo = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in ("body", "label")]
            todo += [k.value for k in node.keywords if k.arg == "help"]
            seen: set[int] = set()
            while todo:
                expr = todo.pop()
                for bad in _unescaped(expr):
                    if isinstance(bad, ast.Name) and id(bad) not in seen and _resolve(tree, bad):
                        seen.add(id(bad))
                        if (rel, bad.id) not in REVIEWED:
                            todo.extend(_resolve(tree, bad))  # follow the variable to what built it
                            continue
                    source = ast.unparse(bad)
                    if (rel, source) not in REVIEWED:
                        leaks.append(f"{rel}:{bad.lineno}: {source}")
    return sorted(set(leaks))


def raw_html_calls() -> list[str]:
    """Calls that hand non-constant text to the browser as HTML."""
    found: list[str] = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            unsafe = any(
                k.arg == "unsafe_allow_html"
                and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                for k in node.keywords
            )
            if unsafe or name in ("html", "iframe") or "components" in ast.unparse(node.func):
                if name == "escape":
                    continue
                args = node.args[:1] + [k.value for k in node.keywords if k.arg == "body"]
                if not all(
                    (isinstance(a, ast.Constant) and isinstance(a.value, str))
                    or (isinstance(a, ast.Call) and _call_name(a) in HTML_BUILDERS)
                    for a in args
                ):
                    found.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_corpus_text_reaches_raw_html():
    """Every ``unsafe_allow_html``/``st.html``/components call gets a constant string or what the
    escaping HTML builder (``ui/marked.py``) made."""
    assert raw_html_calls() == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_html_builder_escapes_every_payload_and_checks_the_language(payload):
    from dashboard.ui.marked import marked_html

    out = marked_html([(payload, None), (payload, "figure"), (payload, "damaged")], lang=payload)
    assert html.escape(payload, quote=True) in out
    if any(c in payload for c in "<>\"'&"):
        assert payload not in out  # nothing of it reaches the browser unescaped
    assert "lang=" not in out  # a payload is not a language tag
    tagged = marked_html([("輝達", None)], lang="zh-Hant", heading=True)
    assert tagged.startswith('<p lang="zh-Hant"') and "font-weight: 600" in tagged
    assert "lang=" not in marked_html([("x", None)], lang="und")


def test_static_checks_flag_unescaped_corpus_text(tmp_path, monkeypatch):
    """The checkers themselves: raw HTML from a variable and unescaped corpus fields are flagged."""
    fake = tmp_path / "dashboard"
    (fake / "views").mkdir(parents=True)
    (fake / "views" / "bad.py").write_text(
        "import streamlit as st\n"
        "title = row['title']\n"
        "st.markdown(f'<h1>{title}</h1>', unsafe_allow_html=True)\n"
        "st.markdown('<hr>', unsafe_allow_html=True)\n"
        "st.header(title)\n"
        "st.caption(f'{md_escape(title)} · {row.publisher}', help=row.url)\n"
        "st.markdown(link(title, row.url) + ' · ' + md_escape(row.publisher))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "DASHBOARD", fake)
    assert [f.split(":")[1] for f in raw_html_calls()] == ["3"]
    assert markdown_leaks() == [
        "views/bad.py:2: row['title']",
        "views/bad.py:6: row.publisher",
        "views/bad.py:6: row.url",
    ]


def test_markdown_calls_only_get_escaped_text():
    """Every value interpolated into st.markdown/caption/header/warning… goes through an escaper."""
    assert markdown_leaks() == []


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Build the hostile corpus with the real pipeline; returns the output folder and article ids."""
    from dashboard.pipeline.build import build

    raw = tmp_path_factory.mktemp("hostile") / "raw"
    raw.mkdir()
    (raw / "hostile.txt").write_text(BODY, encoding="utf-8")
    (raw / "page.html").write_text(HTML, encoding="utf-8")
    (raw / "safe.txt").write_text(SAFE_BODY, encoding="utf-8")
    (raw / "manifest.csv").write_text(
        "file,title,publisher,url\n"
        f"hostile.txt,{_csv_cell(TITLE)},{_csv_cell(PUBLISHER)},javascript:alert(document.domain)\n"
        f"safe.txt,英伟达新品,安全日报,{SAFE_URL}\n",
        encoding="utf-8",
    )
    out = raw.parent / "processed"
    build(raw, out)
    arts = pd.read_parquet(out / "articles.parquet")
    by_source = dict(zip(arts["source"], arts["article_id"], strict=True))
    assert set(by_source) == {"hostile.txt", "page.html", "safe.txt"}  # all three ingested
    hostile_row = arts[arts["source"] == "hostile.txt"].iloc[0]
    assert hostile_row["title"] == TITLE and hostile_row["publisher"] == PUBLISHER  # payloads kept as data
    for table in ("terms", "figures", "citations"):
        assert (pd.read_parquet(out / f"{table}.parquet")["article_id"] == by_source["hostile.txt"]).any()
    return {"folder": out, "ids": by_source}


@pytest.fixture(scope="module")
def hostile_server(hostile):
    from conftest import CHROMIUM, serve_app

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    with serve_app(hostile["folder"]) as (url, _):
        yield url


@pytest.fixture
def watched(chromium):
    """A fresh page that records every dialog (alert/confirm/prompt) it is asked to show."""
    with browser_page(chromium) as page:
        dialogs: list[str] = []

        def _dialog(d) -> None:
            dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", _dialog)
        yield page, dialogs


# What an injected payload would leave in the DOM. Streamlit's own page has none of these.
INJECTED_JS = r"""() => {
  const out = [];
  for (const el of document.querySelectorAll('img[src="x"], iframe, object, embed')) out.push(el.outerHTML.slice(0, 120));
  for (const s of document.querySelectorAll('script')) {
    if (/__xss|alert\(/.test(s.textContent)) out.push('script: ' + s.textContent.slice(0, 80));
    if (s.src && new URL(s.src).origin !== location.origin) out.push('foreign script ' + s.src);
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on') && /__xss|alert/.test(v)) out.push(el.tagName + ' ' + a.name + '=' + v);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && v.startsWith('javascript:'))
        out.push(el.tagName + ' ' + a.name + '=' + v);
    }
  }
  return out;
}"""


def _open(page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, level=1, exact=True)).to_be_visible()
    settled(page)


def _assert_inert(page, dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate(INJECTED_JS) == []
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert hrefs and all(re.match(r"https?://", h) for h in hrefs), hrefs  # resolved: relative ones too
    assert page.locator('[data-testid="stException"]').count() == 0


def _hrefs(locator) -> list[str]:
    return [a.get_attribute("href") for a in locator.all()]


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Overview"),
        ("/terms", "Terms"),
        ("/figures", "Figures"),
        ("/sources", "Sources"),
        ("/articles", "Articles"),
        ("/method", "Method"),
    ],
)
def test_every_page_renders_hostile_corpus_inert(hostile_server, watched, path, heading):
    page, dialogs = watched
    _open(page, hostile_server + path, heading)
    if heading in ("Overview", "Terms", "Figures", "Sources"):
        # hover the first chart's marks: tooltips show publisher names and must stay text too
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        expect(chart.locator("canvas, svg.marks").first).to_be_visible()
        marks = chart.locator("g.mark-rect.role-mark path")
        for i in range(6):
            # counted afresh each time: under load a late rerun may redraw the chart with fewer bars
            if marks.count() <= i:
                break
            marks.nth(i).hover()
    _assert_inert(page, dialogs)


def test_reader_shows_payloads_as_text_and_links_nothing(hostile_server, hostile, watched):
    page, dialogs = watched
    aid = hostile["ids"]["hostile.txt"]
    _open(page, f"{hostile_server}/articles?article={aid}", "Articles")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", level=2).first).to_contain_text(SCRIPT)
    expect(main).to_contain_text("华为昇腾芯片的出货量")  # the last paragraph is drawn
    text = _main_text(page)
    for payload in PAYLOADS:  # title and publisher keep every payload, shown literally
        assert text.count(payload) >= 2, payload
    assert MDLINK in text.split("cited source", 1)[1]  # the body paragraph keeps the markdown as text
    assert "No web address for the original (or not an http(s) link)." in text
    # the javascript: URL produced no link at all, and no link text is a fragment of the payload
    assert main.locator("a", has_text="link").count() == 0
    assert main.locator("a", has_text="Open the original").count() == 0
    _assert_inert(page, dialogs)


def test_html_article_reader_is_inert(hostile_server, hostile, watched):
    page, dialogs = watched
    aid = hostile["ids"]["page.html"]
    _open(page, f"{hostile_server}/articles?article={aid}", "Articles")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("台積電投資50億美元擴產")  # the body was ingested and is shown
    expect(main).to_contain_text(MDLINK)  # markdown in the page body stays text
    _assert_inert(page, dialogs)


def test_safe_article_links_to_its_http_original(hostile_server, hostile, watched):
    page, dialogs = watched
    aid = hostile["ids"]["safe.txt"]
    _open(page, f"{hostile_server}/articles?article={aid}", "Articles")
    link = page.locator('[data-testid="stMain"] a', has_text="Open the original article")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == SAFE_URL.replace("(", "%28").replace(")", "%29")
    _assert_inert(page, dialogs)


def test_keyword_in_context_shows_titles_as_text(hostile_server, watched):
    page, dialogs = watched
    _open(page, f"{hostile_server}/terms?term=%E8%8A%AF%E7%89%87", "Terms")  # 芯片
    expect(page.get_by_role("heading", name=re.compile("in context"))).to_be_visible()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(PUBLISHER)
    text = _main_text(page)
    assert TITLE in text and PUBLISHER in text
    # article links in the KWIC lines: the safe one to its http original, the rest to the reader only
    main = page.locator('[data-testid="stMain"]')
    safe = main.locator("a", has_text="英伟达新品")
    assert safe.count() >= 1
    assert all(h == SAFE_URL.replace("(", "%28").replace(")", "%29") for h in _hrefs(safe))
    assert main.locator("a", has_text="芯片禁令").count() == 0
    assert main.locator("a", has_text="read in the app").count() >= 3
    _assert_inert(page, dialogs)


def test_sidebar_and_cited_outlet_lists_show_payload_as_text(hostile_server, watched):
    page, dialogs = watched
    _open(page, hostile_server + "/", "Overview")
    page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=re.compile("Publisher")).click()
    option = page.get_by_role("option", name=PUBLISHER, exact=True)
    expect(option).to_be_visible()
    option.click()
    expect(page).to_have_url(re.compile(r"outlet=%E6%81%B6"))
    settled(page)
    _assert_inert(page, dialogs)


def test_hostile_link_parameters_are_reported_as_text(hostile_server, watched):
    page, dialogs = watched
    evil = "[Log in again](https://evil.example/)"
    query = (
        "outlet=%5BLog%20in%20again%5D(https://evil.example/)"
        "&%5Bx%5D(https://evil.example/)=1"
        "&term=%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E"
        "&lang=%3Cscript%3Ewindow.__xss%3D1%3C/script%3E"
    )
    _open(page, f"{hostile_server}/terms?{query}", "Terms")
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.filter(has_text="unknown link parameter")).to_be_visible()
    # the page's own warning comes after the sidebar's, once the page's queries ran: wait for it too
    expect(alerts.filter(has_text="unknown term value")).to_be_visible()
    # the app puts an invisible word joiner into addresses so they are not auto-linked
    shown = " ".join(alerts.all_inner_texts()).replace("\u2060", "")
    assert f"Ignored unknown outlet value “{evil}”" in shown
    assert "Ignored unknown term value “<img src=x onerror=alert(3)>”" in shown
    assert "Ignored unknown lang value “<script>window.__xss=1</script>”" in shown
    assert "unknown link parameter(s): [x](https://evil.example/)" in shown
    assert alerts.locator("a").count() == 0
    # (the nav links carry the query string along; what matters is that none points at the host)
    hosts = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => new URL(a.href).hostname)")
    assert "evil.example" not in hosts
    _assert_inert(page, dialogs)


@pytest.mark.parametrize(
    "text",
    [
        "[Log in again](https://evil.example/)",
        "see www.evil.example now",
        "mail me: a.b@evil.example",
        "HTTP://EVIL.EXAMPLE <img src=x onerror=alert(1)>",
    ],
)
def test_plain_text_from_a_link_never_becomes_a_link(text):
    from dashboard.ui import plain

    out = plain(text)
    unescaped = re.sub(r"\\(.)", r"\1", out)
    assert unescaped.replace("\u2060", "") == text  # shown exactly as given
    # no markdown link/HTML syntax left unescaped, and no bare address GFM would auto-link
    assert not re.search(r"(?<!\\)[\[\]()<>]", out)
    assert not re.search(r"(?i)https?://|www\.|\w@\w", unescaped)
