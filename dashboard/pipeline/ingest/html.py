"""HTML → article text: drop page furniture, choose the article container, read head metadata."""

from __future__ import annotations

import json
import re
from collections import Counter

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..metadata.publisher import site_from_title, strip_site
from ..records import Document
from .decode import IngestError, decode_bytes, normalise_newlines
from .values import scalar

# --------------------------------------------------------------------------- HTML

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "template",
    "object",
    "embed",
    "canvas",
    "select",
    "textarea",
    "input",
    "link",
    "meta",
    "rt",
    "rp",
    "head",
    "title",
)
# class/id tokens of page furniture (comments, share bars, related links, ads ...)
BOILERPLATE = re.compile(
    r"(?:^|[-_])(?:comments?|share|sharing|social|related|recommend\w*|sidebar|side-bar|footer|nav|navbar|"
    r"navigation|breadcrumbs?|advert\w*|ads?|banner|popup|newsletter|subscribe)(?:$|[-_\d])",
    re.I,
)
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "main",
    "figure",
    "figcaption",
    "pre",
    "table",
    "tr",
    "caption",
    "hr",
    "address",
    "center",
    "body",
    "html",
    "td",
    "th",
    "details",
    "summary",
}
KEEP_CONTAINERS = {"html", "body", "article", "main"}
# libxml2's own default nesting limit. Real article pages nest a few dozen deep; the furniture and
# container rules cost time quadratic in depth, so a page 100,000 deep would stall the build for hours.
MAX_HTML_DEPTH = 256
HTMLISH = re.compile(
    r"</?(?:p|div|br|span|a|img|h[1-6]|li|ul|ol|strong|em|b|i|figure|section|article|body|"
    r"html|blockquote|table|script|style)\b[^>]*>",
    re.I,
)
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\n\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)


def _tokens(tag: Tag) -> list[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = tag.get("id")
    return [*classes, *([ident] if isinstance(ident, str) else [])]


def _is_hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return (
        tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true" or "display:none" in style
    )


def _strip_furniture(root: Tag) -> None:
    for node in root.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in root.find_all(DROP_TAGS):
        tag.decompose()
    total = _visible_len(root)
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.name in KEEP_CONTAINERS or tag.get("itemprop") == "articleBody":
            continue
        if _is_hidden(tag):
            tag.decompose()
        elif any(BOILERPLATE.search(t) for t in _tokens(tag)):
            # A wrapper holding the article is layout, not furniture ("page-with-sidebar").
            if tag.find(["article", "main"]) or tag.find(attrs={"itemprop": "articleBody"}):
                continue
            if _visible_len(tag) > 0.6 * total:
                continue
            tag.decompose()


def _visible_len(tag: Tag) -> int:
    return len("".join(tag.stripped_strings))


PARA_TAGS = {"p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "figcaption"}


def _paragraph_like(block: Tag) -> bool:
    """<p> and friends, or a leaf <div>/<td> used as one paragraph (no nested blocks, no <br>)."""
    if block.name in PARA_TAGS:
        return True
    return block.find(lambda t: t.name in BLOCK_TAGS or t.name == "br") is None


def _densest(root: Tag) -> Tag:
    """The element whose own paragraphs hold the most non-link text (a small readability)."""
    credit: dict[int, int] = {}
    owners: dict[int, Tag] = {}
    para_like: dict[int, bool] = {}
    for node in root.find_all(string=True):
        text = node.strip()
        if not text or node.find_parent("a") is not None:
            continue
        block = node.parent
        while block is not None and block.name not in BLOCK_TAGS:
            block = block.parent
        if block is None:
            continue
        if id(block) not in para_like:
            para_like[id(block)] = _paragraph_like(block)
        if block.parent is not None and para_like[id(block)]:
            block = block.parent  # the article is the element holding the paragraphs
        credit[id(block)] = credit.get(id(block), 0) + len(text)
        owners[id(block)] = block
    if not credit:
        return root
    return owners[max(credit, key=lambda k: credit[k])]


def _link_len(tag: Tag) -> int:
    return sum(len(a.get_text(strip=True)) for a in tag.find_all("a"))


def _widen(block: Tag, root: Tag) -> Tag:
    """Climb to ancestors that add a little plain text: the headline and byline beside the paragraphs.

    Stops at an ancestor that adds much text, or mostly link text (menus, lists of other stories).
    """
    size, links = _visible_len(block), _link_len(block)
    while (
        block is not root
        and block.parent is not None
        and block.parent.name not in ("body", "html", "[document]")
    ):
        parent_size, parent_links = _visible_len(block.parent), _link_len(block.parent)
        added_links = parent_links - links
        added_plain = parent_size - size - added_links
        if added_plain > max(0.3 * size, 80) or added_links > 0.5 * added_plain:
            break
        block, size, links = block.parent, parent_size, parent_links
    return block


def _container(soup: BeautifulSoup) -> Tag:
    body = soup.body or soup
    densest = _widen(_densest(body), body)
    # A teaser <article> card in a list is not the story: the marked container must hold the text.
    floor = 0.5 * _visible_len(densest)
    for found in (
        soup.find_all(attrs={"itemprop": "articleBody"}),
        soup.find_all("article"),
        soup.find_all("main"),
    ):
        found = [t for t in found if _visible_len(t)]
        if found:
            best = max(found, key=_visible_len)
            if _visible_len(best) >= floor:
                return best
    return densest


def _render(root: Tag) -> str:
    """One paragraph per line: block elements and <br> break lines, runs of whitespace collapse."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    parts.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\x00")
                elif child.name == "pre":  # preformatted text keeps its own line breaks
                    parts.append("\x00" + child.get_text().replace("\n", "\x00") + "\x00")
                elif child.name in BLOCK_TAGS:
                    parts.append("\x00")
                    walk(child)
                    parts.append("\x00")
                else:
                    walk(child)

    walk(root)
    raw = "".join(parts)
    lines = []
    for chunk in raw.split("\x00"):
        chunk = _CJK_BREAK.sub("", chunk)  # a source line break inside Chinese text is not a space
        chunk = _SPACES.sub(" ", chunk).strip(" \u3000")
        if chunk:
            lines.append(chunk)
    return "\n".join(lines)


def _attr_matches(value: str | list[str] | None, pattern: re.Pattern[str]) -> bool:
    """Beautiful Soup's test of one attribute against a pattern (``find(attrs={attr: pattern})``):
    a multi-valued attribute matches by any value or by its values joined with spaces."""
    if value is None:
        return False
    if isinstance(value, str):
        return pattern.search(value) is not None
    return any(pattern.search(v) for v in value) or (
        len(value) != 1 and pattern.search(" ".join(value)) is not None
    )


def _meta_content(metas: list[Tag], *keys: str) -> str:
    """The first non-empty ``content`` of a <meta> named by one of ``keys`` (in the keys' order),
    as ``soup.find("meta", attrs=...)`` per key and attribute finds it; ``metas`` is every
    <meta> of the page in document order, collected once instead of one tree walk per lookup."""
    for key in keys:
        pattern = re.compile(rf"^{re.escape(key)}$", re.I)
        for attr in ("property", "name", "itemprop"):
            tag = next((m for m in metas if _attr_matches(m.get(attr), pattern)), None)
            if tag and str(tag.get("content") or "").strip():
                return str(tag["content"]).strip()
    return ""


def _json_ld(soup: BeautifulSoup) -> dict[str, str]:
    """headline/datePublished/publisher/author from schema.org JSON-LD, when a page has it."""
    out: dict[str, str] = {}
    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        items = (
            data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        )
        for item in items:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            for key, field_ in (
                ("headline", "title"),
                ("datePublished", "published"),
                ("url", "url"),
                ("publisher", "publisher"),
                ("author", "author"),
                ("inLanguage", "language"),
                ("articleBody", "body"),
            ):
                value = scalar(item.get(key))
                if value and field_ not in out:
                    out[field_] = value
    return out


# the page's own time stamp: an element named for it (class="h-time", id="pubtime", class="date")
# holding a full date; many Chinese news templates print it there and nowhere in the head
_TIME_ATTR_RE = re.compile(
    r"(?:^|[-_ ])(?:pub|post|publish|release|news|article|h|info)?[-_]?(?:time|date)(?:$|[-_ ])", re.I
)
_FULL_DATE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?!\d)")
_TIME_STAMP_MAX = 40


def _dated_element(soup: BeautifulSoup) -> str:
    """The text of the first short element whose class or id names a time or date and which holds
    a full date (year, month, day); empty when there is none. A class many elements share (the
    dates of a related-articles list) is not the article's own stamp."""
    tagged = soup.find_all(True, attrs={"class": True})
    shared = Counter(" ".join(t.get("class") or []) for t in tagged)
    for tag in tagged + soup.find_all(True, attrs={"id": True}):
        if not (
            _attr_matches(tag.get("class"), _TIME_ATTR_RE) or _attr_matches(tag.get("id"), _TIME_ATTR_RE)
        ):
            continue
        if not tag.get("id") and shared[" ".join(tag.get("class") or [])] > 1:
            continue
        text = tag.get_text(" ", strip=True)
        if len(text) <= _TIME_STAMP_MAX and _FULL_DATE_RE.search(text):
            return _FULL_DATE_RE.search(text).group(0)
    return ""


def _date_under_headline(soup: BeautifulSoup, title: str) -> str:
    """A full date in the short line right under the headline element (<h2>标题</h2><div>2019-09-26
    12:11 来源：…</div>): the page's dateline when nothing else gives a date."""
    for tag in soup.find_all(["h1", "h2", "h3"]):
        text = tag.get_text(" ", strip=True)
        if len(text) < 4 or not (title.startswith(text) or text.startswith(title.strip() or "\0")):
            continue
        after = tag.find_next_sibling()
        line = after.get_text(" ", strip=True) if after else ""
        found = _FULL_DATE_RE.search(line) if len(line) <= 2 * _TIME_STAMP_MAX else None
        if found:
            return found.group(0)
    return ""


def html_meta(soup: BeautifulSoup) -> dict[str, str]:
    """Title, url, published, publisher, author and language from a page's head."""
    ld = _json_ld(soup)
    metas = soup.find_all("meta")
    meta: dict[str, str] = {}
    title_tag = soup.find("title")
    h1 = soup.find("h1")
    meta["title"] = (
        _meta_content(metas, "og:title", "twitter:title")
        or (title_tag.get_text(" ", strip=True) if title_tag else "")
        or ld.get("title", "")
        or (h1.get_text(" ", strip=True) if h1 else "")
    )
    canonical = soup.find("link", rel=lambda r: r and "canonical" in (r if isinstance(r, list) else [r]))
    meta["url"] = (
        (str(canonical.get("href") or "").strip() if canonical else "")
        or _meta_content(metas, "og:url")
        or ld.get("url", "")
    )
    article = soup.find("article")
    time_tag = (article.find("time", attrs={"datetime": True}) if article else None) or soup.find(
        "time", attrs={"datetime": True}
    )
    meta["published"] = (
        _meta_content(metas, "article:published_time", "og:published_time")
        or ld.get("published", "")
        or (str(time_tag["datetime"]).strip() if time_tag else "")
        or _meta_content(
            metas, "pubdate", "publishdate", "publish_date", "date", "datePublished", "publication_date"
        )
    )
    meta["published"] = meta["published"] or _dated_element(soup) or _date_under_headline(soup, meta["title"])
    meta["publisher"] = _meta_content(metas, "og:site_name", "application-name") or ld.get("publisher", "")
    author = _meta_content(metas, "author", "article:author", "byl")
    # a content system's user number (<meta name="author" content="104363">) names nobody
    author = "" if author.startswith("http") or not re.search(r"[^\W\d_]", author) else author
    meta["author"] = author or ld.get("author", "")
    html_tag = soup.find("html")
    meta["language"] = str(html_tag.get("lang") or html_tag.get("xml:lang") or "").strip() if html_tag else ""
    meta["language"] = (
        meta["language"] or _meta_content(metas, "language", "content-language") or ld.get("language", "")
    )
    # the page title is often the headline plus channel and site (标题--文化--人民网): the <h1>
    # it starts with is the headline alone
    headline = h1.get_text(" ", strip=True) if h1 else ""
    if len(headline) >= 4 and meta["title"].startswith(headline) and meta["title"] != headline:
        meta["title"] = headline
    if not meta["publisher"] and title_tag:
        # no site name in the head: the <title> may end with it (标题-新华网, 标题--文化--人民网)
        page_title = title_tag.get_text(" ", strip=True)
        meta["publisher"] = site_from_title(page_title) or ""
        if meta["publisher"] and meta["title"] == page_title:
            meta["title"] = strip_site(page_title)
    site = meta["publisher"]
    if site and meta["title"] != site:
        meta["title"] = re.sub(rf"\s*[-|_–—·]\s*{re.escape(site)}\s*$", "", meta["title"]) or meta["title"]
    return {k: v for k, v in meta.items() if v}


def _depth(soup: BeautifulSoup) -> int:
    """The deepest element nesting, counted without recursion."""
    deepest = 0
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    return deepest


def html_to_text(markup: str, whole: bool = False) -> tuple[str, dict[str, str]]:
    """Article text (one paragraph per line) and head metadata of an HTML page.

    ``whole`` keeps every non-furniture element (for HTML fragments inside export fields)
    instead of choosing the article container.
    """
    soup = BeautifulSoup(markup, "lxml")
    depth = _depth(soup)
    if depth > MAX_HTML_DEPTH:
        raise IngestError(
            f"HTML nested {depth} elements deep (limit {MAX_HTML_DEPTH}): not a page a reader could read"
        )
    meta = {} if whole else html_meta(soup)
    # a page built by script may carry its text only in its schema.org data (articleBody)
    body_ld = "" if whole else _json_ld(soup).get("body", "")
    _strip_furniture(soup)
    root = (soup.body or soup) if whole else _container(soup)
    text = _render(root)
    if len(body_ld.strip()) > 2 * len(text.strip()):
        text = "\n".join(p.strip() for p in body_ld.splitlines() if p.strip())
    return text, meta


def _html_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:8192])
    return found.group(1).decode("ascii", "replace") if found else None


def read_html(data: bytes, rel: str, forced: str | None = None) -> Document:
    """An HTML page reduced to its article text, with head metadata (basis "html")."""
    text, encoding = decode_bytes(data, declared=_html_charset(data), forced=forced)
    body, meta = html_to_text(normalise_newlines(text))
    if not body.strip():
        raise IngestError("no article text found in HTML")
    return Document(rel, body, encoding, "html", meta, dict.fromkeys(meta, "html"))
