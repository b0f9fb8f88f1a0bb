"""Article metadata: title, publisher, url, publication date and author.

Supplied metadata (manifest, export row, HTML head) wins; otherwise each value is read from
what the text itself states, and left empty rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache

from .. import paragraphs as layout
from ..clean.pinyin import strip_pinyin
from ..figures.region import article_region
from ..lexicon import read_csv
from ..records import Document, Paragraph, RemovedLine
from ..sources.outlets import known_outlets
from .byline import find_author
from .dates import date_span, find_date_code, find_published, header_lines, parse_date
from .forum import ForumHeader, forum_header
from .header import HEADER_LINES, MAX_HEADER_LINE
from .publisher import (
    MASTHEAD_LINES,
    PLATFORMS_FILE,
    find_masthead,
    find_publisher,
    find_url,
    is_outlet_name,
    is_site_name,
    masthead_line,
    publisher_from_url,
    publisher_in_title_bar,
    registrable_domain,
    site_from_title,
    strip_site,
)
from .title import (
    ORIGINAL_TITLE_RE,
    find_title,
    find_title_cue,
    headline_over_cut_bar,
    is_breadcrumb,
    is_record_field,
    is_section_word,
    tidy_title,
)

__all__ = [
    "HEADER_LINES",
    "MASTHEAD_LINES",
    "MAX_HEADER_LINE",
    "PLATFORMS_FILE",
    "extract_metadata",
    "find_author",
    "find_date_code",
    "find_masthead",
    "find_published",
    "find_publisher",
    "find_title",
    "find_title_cue",
    "find_url",
    "header_lines",
    "parse_date",
    "publisher_from_url",
    "registrable_domain",
]


# cleaning rules that cut site furniture (menus, headline lists, promos) rather than the header
_NAV_RULES = frozenset({"headline_list", "related_box", "read_count_promo", "random_topics", "empty_marker"})


# a list page's teaser above its date: sentences cut short with a read-more link (…說明理... [詳細]),
# never a headline (a headline holds no full stop)
_TEASER_RE = re.compile(r"[。；]|(?:\.{3}|…)\s*(?:\[[^\]]{1,6}\])?\s*$")


# a line that may be a headline under a section word: header length, no sentence end
_HEADLINE_UNDER_RE = re.compile(rf"^[^。！？!?]{{4,{MAX_HEADER_LINE}}}$")


def extract_metadata(doc: Document, lines_removed: list[RemovedLine], paragraphs: list[Paragraph]) -> dict:
    """Metadata of one article: title, publisher(+basis), url, published(+basis), author.

    ``doc.meta`` values win (their basis is ``doc.meta_basis``, default ``manifest``); the rest
    is read from ``doc.text``. ``lines_removed`` is consulted only for a ``title`` line that the
    text scan did not find. ``published`` is a ``datetime.date`` or None.
    """
    meta = {k: (v or "").strip() for k, v in doc.meta.items()}
    # the lines a reader sees: run-together paragraphs split (crawler residue such as
    # " date 2025-10-18 " on a line of its own), hard-wrapped lines joined, blank lines kept
    restored = layout.restore(doc.text, keep_blank=True)
    lines = [text for _, text in restored]
    # a site menu or headline list above the article is not its header (a date line caught in
    # such a run, 2003年05月01日 … 发表 under a menu, still is)
    nav = {r.line for r in lines_removed if r.rule in _NAV_RULES}
    header = header_lines([("" if no in nav and date_span(text) is None else text) for no, text in restored])

    url = meta.get("url") or find_url(lines)

    publisher = meta.get("publisher") or None
    publisher_basis = doc.meta_basis.get("publisher", "manifest") if publisher else None
    if not publisher:
        publisher, publisher_basis = find_publisher(doc.text, url)
    if not publisher:
        # (a mirror's ruby pinyin hides a name: 央廣網(wǎng))
        publisher = find_masthead([strip_pinyin(t, False)[0] if "(" in t else t for t in lines])
        publisher_basis = "text" if publisher else None

    forum = forum_header(lines)  # a forum post's header: the poster and the time, a board's 標題
    published, published_basis = _published(doc, meta, header, lines, forum)
    author = meta.get("author") or (forum.author if forum else None) or find_author(header, lines)
    author, publisher, publisher_basis = _author_and_publisher(doc, author, publisher, publisher_basis)

    furniture = _furniture(restored, lines_removed, nav)
    removed_title = next(
        (r.text.strip() for r in lines_removed if r.rule == "title" and r.text.strip()), None
    )
    # a repost that states its original title (原标题：…) says so outright
    original = removed_title if removed_title and ORIGINAL_TITLE_RE.match(removed_title) else None
    if original is None:
        original = next(
            (t.strip() for t in lines[:MASTHEAD_LINES] if ORIGINAL_TITLE_RE.match(t.strip())), None
        )
    title = meta.get("title") or (ORIGINAL_TITLE_RE.sub("", original).strip() if original else None)
    if not title:
        title = _title_in_text(doc.text, lines, furniture, forum)
    if (
        not title
        and removed_title
        and not _TEASER_RE.search(removed_title)
        and not is_record_field(removed_title)
    ):
        title = ORIGINAL_TITLE_RE.sub("", removed_title).strip()
    if not title:
        title = find_title_cue(lines)

    if title:
        # a headline from the raw text keeps the ruby pinyin cleaning cut from the body: 發(fā)生
        title = tidy_title(strip_pinyin(title, False)[0])
        if not meta.get("title"):
            # a page title pasted as the first line keeps its site name: 标题 | 联合早报
            site = site_from_title(title)
            if site:
                title = strip_site(title)
                if not publisher and is_outlet_name(site):
                    publisher, publisher_basis = site, "text"
        if not publisher:  # the headline said again with the outlet: 标题 - 国内 - 《某报》DATE
            publisher = publisher_in_title_bar(lines, title)
            publisher_basis = "text" if publisher else None
    return {
        "title": title or None,
        "publisher": publisher or None,
        "publisher_basis": publisher_basis if publisher else None,
        "url": url or None,
        "published": published,
        "published_basis": published_basis,
        "author": author or None,
    }


def _published(
    doc: Document, meta: dict[str, str], header: list[str], lines: list[str], forum: ForumHeader | None
) -> tuple[dt.date | None, str | None]:
    """The publication date and its basis: supplied, else a forum header's time, else the text's."""
    published = parse_date(meta["published"]) if meta.get("published") else None
    if published is not None:
        return published, doc.meta_basis.get("published", "manifest")
    published = (forum and forum.published) or find_published(header, lines) or find_date_code(lines)
    return published, "text" if published else None


def _title_in_text(
    text: str, lines: list[str], furniture: list[bool], forum: ForumHeader | None = None
) -> str | None:
    """The headline among the lines a reader sees, the furniture cleaning cut left out; a forum
    board's 標題 field first."""
    if forum is not None and forum.title:
        return forum.title
    if forum is not None and forum.rest:
        # a post run into its poster's line (某某 發表於 DATE 正文…): the name is no headline
        lines = lines[: forum.line] + [forum.rest] + lines[forum.line + 1 :]
        text = "\n".join(lines)
    filled = [ln for ln in text.splitlines() if ln.strip()]
    one_line = filled[0] if len(filled) == 1 else None
    shown = [("" if f else ln) for f, ln in zip(furniture, lines, strict=True)]
    first = next((i for i, ln in enumerate(lines) if ln.strip()), -1)
    # a cut breadcrumb stays in view when a line stands directly under it: that is the headline
    for i, ln in enumerate(lines[:-1]):
        # (a trending-search bar cut between the breadcrumb and the headline hides neither)
        if furniture[i] and any(t.strip() for t in shown[i + 1 : i + 4]) and is_breadcrumb(ln):
            shown[i] = ln
        # so does a section word cut from the very top (政治) when a headline-shaped line (no
        # sentence end, header length) stands directly under it
        under = shown[i + 1].strip()
        if furniture[i] and i == first and is_section_word(ln) and _HEADLINE_UNDER_RE.match(under):
            shown[i] = ln
    return find_title(shown, one_line) or headline_over_cut_bar(shown, furniture)


def _author_and_publisher(
    doc: Document, author: str | None, publisher: str | None, basis: str | None
) -> tuple[str | None, str | None, str | None]:
    """The author, and the publisher a byline or a region settles."""
    supplied = bool((doc.meta.get("author") or "").strip())
    if not publisher and not supplied and author and is_site_name(author):
        # a byline that names a newspaper (台灣好報 2025年10月29日 ...) names the publisher
        publisher, basis, author = author, "text", None
    if author and not supplied and masthead_line(author):
        author = None  # the paper's own masthead line (東方日報 A1 要聞), not a writer
    if publisher and basis == "text":
        publisher = _regional_outlet(publisher, doc.text)
    return author, publisher, basis


@cache
def _regional_outlets() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in read_csv("outlet_regions.csv"):
        out.setdefault(row["outlet"], []).append((row["region"], row["regional_outlet"]))
    return {k: tuple(v) for k, v in out.items()}


def _regional_outlet(publisher: str, text: str) -> str:
    """A name two regions' papers share, read as the paper of the region the article is written in
    (東方日報 on a Malaysian page is Kuala Lumpur's Oriental Daily News; outlet_regions.csv)."""
    choices = _regional_outlets().get(publisher)
    if not choices:
        return publisher
    # the shared name itself is no evidence of the region (東方日報 is a Hong Kong marker)
    names = next((o.aliases for o in known_outlets() if o.canonical == publisher), ())
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name.lstrip("~"), " ")
    region = article_region(text)
    return next((regional for r, regional in choices if r == region), publisher)


def _furniture(
    restored: list[tuple[int, str]], lines_removed: list[RemovedLine], nav: set[int]
) -> list[bool]:
    """Per restored line: did cleaning cut it as furniture? Lines cleaning cut as furniture
    (promos, breadcrumbs, mastheads) are never the headline; a source line split into several
    paragraphs is matched by its text. A dated byline cut from the text still shows where the
    headline above it ends, and a dateline caught in a cut menu still places the headline under it."""
    cut = [
        r
        for r in lines_removed
        if r.rule not in ("title", "pinyin", "html_tag", "kept_would_empty", "repeated_line")
        and not (r.rule == "byline" and date_span(r.text))
    ]
    cut_lines = {r.line for r in cut}
    cut_texts: dict[int, list[str]] = {}
    for r in cut:
        cut_texts.setdefault(r.line, []).append(r.text.strip())
    pieces = Counter(no for no, text in restored if text)
    return [
        bool(text)
        and no in cut_lines
        # (a long line cut whole is read back in sentence pieces: each piece lies in the cut text)
        and (pieces[no] == 1 or any(text.strip() in t for t in cut_texts.get(no, ())))
        and not (no in nav and date_span(text))
        for no, text in restored
    ]
