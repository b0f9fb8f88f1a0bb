"""Sessions are isolated: ten browsers with different filters at once each see their own results.

One ``streamlit run`` server on a copy of the seed tables; ten Playwright contexts (separate
cookies, separate Streamlit sessions) open different filtered links at the same time, check the
headline counts and notices against what the pure ``dashboard.queries`` functions compute for those
filters, then each changes a filter in its own sidebar and checks again. The server's memory
(RSS of the streamlit process tree, from /proc) is sampled throughout and printed.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from dashboard import queries, state, store
from dashboard.queries import overview, selection, terms

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "processed"
MEMORY_BOUND = 1536 * 1024 * 1024  # the target for 100k articles; a sanity bound here
EMPTY = "No articles match these filters"


@dataclass
class Scenario:
    """One session: the link it opens and the one sidebar change it then makes."""

    params: dict[str, str]
    change: tuple[str, str]  # ("undated", "") toggles the undated switch; ("q", text) types a keyword
    page: str = ""  # "" = overview (headline counts); "terms" needs params["term"]
    expected: list[dict] = field(default_factory=list)  # filled in from the pure functions


SCENARIOS = [
    Scenario({}, ("undated", "")),
    Scenario({"lang": "zh-Hans"}, ("q", "光刻机")),
    Scenario({"lang": "zh-Hant"}, ("q", "關稅")),
    Scenario({"outlet": "NetEase (网易号)"}, ("q", "台積電")),
    Scenario({"topic": "ai_compute"}, ("q", "出口管制")),
    Scenario({"topic": "energy", "lang": "zh-Hant"}, ("undated", "")),
    Scenario({"cited": "Bloomberg"}, ("undated", "")),
    Scenario({"q": "台積電"}, ("q", "中芯")),
    Scenario(
        {"lang": "zh-Hant", "topic": "export_controls", "outlet": "Nobody"},
        ("q", "DeepSeek"),  # the link's invalid outlet is reported, then dropped from the link
    ),
    Scenario({"lang": "zh-Hant", "term": "英伟达"}, ("q", "台積電"), page="terms"),
]


# --------------------------------------------------------------------------- memory


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, read from /proc (no psutil)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Samples the summed VmRSS of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.samples = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(0.1)

    def sample(self) -> None:
        rss = sum(_status_kb(p, "VmRSS") for p in _tree(self.pid)) * 1024
        self.peak_rss, self.samples = max(self.peak_rss, rss), self.samples + 1

    def high_water(self) -> int:
        """Sum of each process's own peak RSS (VmHWM): an upper bound of the tree's peak."""
        return sum(_status_kb(p, "VmHWM") for p in _tree(self.pid)) * 1024


# --------------------------------------------------------------------------- expectations


def _choices(tables: store.Tables) -> state.Choices:
    """The choices the app validates a link against: the data's values plus its page-level keys."""
    from dashboard.ui import PAGE_KEYS

    return dataclasses.replace(selection.choices(tables), extra=dict.fromkeys(PAGE_KEYS))


def _expect_for(tables: store.Tables, params: dict[str, str], page: str) -> dict:
    """What the page must show for ``params``, computed with the pure query functions."""
    filters, notices = state.parse_params(params, _choices(tables))
    arts = selection.filter_articles(tables, filters)
    out: dict = {"articles": len(arts), "notices": notices}
    if page == "terms":
        term = params["term"]
        present = term in terms.term_counts(tables, arts["article_id"]).index
        out["kwic"] = len(terms.kwic(tables, arts, term)) if present else None
    else:
        out["metrics"] = [f"{v:,}" for v in overview.headline_counts(tables, arts).values()]
    return out


def _changed(tables: store.Tables, params: dict[str, str], change: tuple[str, str]) -> dict[str, str]:
    """The link after the change: the widgets have dropped invalid values, then one filter changes."""
    filters, _ = state.parse_params(params, _choices(tables))
    kept = {k: v[0] for k, v in state.to_params(filters).items()}  # one value per key in SCENARIOS
    kept.update({k: v for k, v in params.items() if k not in state.FILTER_KEYS})  # page keys (term)
    key, value = change
    return {**kept, "undated": "false"} if key == "undated" else {**kept, key: value}


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed tables, so a concurrent rebuild cannot change them mid-test."""
    if not (SEED / "meta.json").is_file():
        pytest.skip("data/processed is not built")
    return Path(shutil.copytree(SEED, tmp_path_factory.mktemp("sessions") / "processed"))


def test_scenarios_differ_on_the_seed_data(seed_copy):
    """The ten links must give different results, or a leak between sessions would go unnoticed."""
    tables = queries.open_dataset(seed_copy)
    seen, seen_after = [], []
    for sc in SCENARIOS:
        before = _expect_for(tables, sc.params, sc.page)
        after = _expect_for(tables, _changed(tables, sc.params, sc.change), sc.page)
        assert before != after, sc  # every change changes what is shown
        seen.append(repr(before))
        if after["articles"]:
            seen_after.append(repr(after))
    assert len(set(seen)) == len(SCENARIOS)
    assert len(set(seen_after)) == len(seen_after) >= 6
    assert sum(bool(_expect_for(tables, sc.params, sc.page)["notices"]) for sc in SCENARIOS) == 1


# --------------------------------------------------------------------------- browser


def _check(page, sc: Scenario, exp: dict) -> None:
    from playwright.sync_api import expect

    main = page.locator('[data-testid="stMain"]')
    heading = "Terms" if sc.page == "terms" else "Overview"
    expect(page.get_by_role("heading", name=heading, level=1, exact=True)).to_be_visible()
    if exp["articles"] == 0:
        expect(main.get_by_text(EMPTY)).to_be_visible()
    elif sc.page == "terms":
        expect(page.get_by_role("heading", name=re.compile("in context"))).to_be_visible()
        expect(main.locator("a", has_text="read in the app")).to_have_count(exp["kwic"])
    else:
        expect(main.locator('[data-testid="stMetricValue"]')).to_have_text(exp["metrics"])
        expect(main.get_by_text(EMPTY)).to_have_count(0)
    ignored = page.locator('[data-testid="stAlert"]').filter(has_text="Ignored")
    for note in exp["notices"]:
        expect(ignored.filter(has_text=note.rstrip("."))).to_be_visible()
    expect(ignored).to_have_count(len(exp["notices"]))
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def _make_change(page, change: tuple[str, str]) -> None:
    from playwright.sync_api import expect

    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden()  # a change mid-run would be lost
    key, value = change
    if key == "undated":
        sidebar.get_by_text("Include undated articles").click()
        expect(page).to_have_url(re.compile(r"undated=false"))
    else:
        box = sidebar.get_by_label("Keyword (any script)")
        box.fill(value)
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"[?&]q="))


def test_ten_sessions_at_once_each_see_their_own_filters(seed_copy, capsys):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from conftest import CHROMIUM, serve_app
    from conftest import CHROMIUM_ARGS as ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    playwright_api.expect.set_options(timeout=240_000)  # ten sessions on a shared two-core box
    tables = queries.open_dataset(seed_copy)
    for sc in SCENARIOS:
        sc.expected = [
            _expect_for(tables, sc.params, sc.page),
            _expect_for(tables, _changed(tables, sc.params, sc.change), sc.page),
        ]
    with serve_app(seed_copy) as (url, proc), playwright_api.sync_playwright() as pw:
        sampler = MemorySampler(proc.pid)
        sampler.start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pages = []
            for _ in SCENARIOS:  # ten contexts: separate cookies and storage, separate sessions
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                pages.append(ctx.new_page())
            # start all ten loads before checking any, so the server runs them side by side
            for page, sc in zip(pages, SCENARIOS, strict=True):
                query = urlencode(sc.params)
                page.goto(f"{url}/{sc.page}" + (f"?{query}" if query else ""), wait_until="commit")
            for page, sc in zip(pages, SCENARIOS, strict=True):
                _check(page, sc, sc.expected[0])
            for page, sc in zip(pages, SCENARIOS, strict=True):
                _make_change(page, sc.change)
            for page, sc in zip(pages, SCENARIOS, strict=True):
                _check(page, sc, sc.expected[1])
            # after every change, each session still holds its own link (no cross-talk in the URL)
            for page, sc in zip(pages, SCENARIOS, strict=True):
                for key, value in _changed(tables, sc.params, sc.change).items():
                    assert f"{key}={value}" in _decoded(page.url), (page.url, sc.params)
        finally:
            browser.close()
            sampler.done.set()
            sampler.join()
            sampler.sample()
        hwm = sampler.high_water()
    with capsys.disabled():
        print(
            f"\n[sessions] streamlit process tree: peak sampled RSS {sampler.peak_rss / 2**20:.0f} MiB "
            f"({sampler.samples} samples), summed VmHWM {hwm / 2**20:.0f} MiB"
        )
    assert sampler.samples > 1 and 0 < sampler.peak_rss < MEMORY_BOUND
    assert hwm < MEMORY_BOUND


def _decoded(url: str) -> str:
    from urllib.parse import unquote_plus

    return unquote_plus(url)
