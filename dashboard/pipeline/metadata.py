"""Article metadata: title, publisher, url, publication date and author.

Supplied metadata (manifest, export row, HTML head) wins; otherwise each value is read from
what the text itself states, and left empty rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from urllib.parse import urlsplit

from . import paragraphs as layout
from . import wire
from .lexicon import read_csv
from .records import Document, Paragraph, RemovedLine
from .script import to_simplified
from .sources import outlet_prefix

PLATFORMS_FILE = "platforms.csv"

# The header area is the first few non-empty lines, before the body proper starts.
HEADER_LINES = 6
# Longest line still read as a headline, byline or dateline (characters).
MAX_HEADER_LINE = 80

_URL_RE = re.compile(r"https?://[^\s<>\"'“”()（）\[\]]+", re.IGNORECASE)
# Labels that introduce the article's own address (not a cited one).
_URL_LABEL_RE = re.compile(
    r"^\s*(?:原文链接|原文鏈接|本文链接|本文鏈接|原文地址|文章链接|文章鏈接|文章地址|来源|來源|出处|出處"
    r"|source|url|link|original)\s*[:：]?\s*",
    re.IGNORECASE,
)
_REFERENCES_RE = re.compile(
    r"^(?:参考资料|參考資料|参考文献|參考文獻|参考来源|參考來源|资料来源|資料來源|相关链接|相關鏈接|相關連結"
    r"|延伸阅读|延伸閱讀|references|sources|further reading)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_IMAGE_EXT_RE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp)(?:[?#].*)?$", re.IGNORECASE)

_TIME = r"(?:[ T\u3000]*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_DATE_RES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)" + _TIME),
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]" + _TIME),
)
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        )
    )
    for m in names.split()
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN_DATE_RE = re.compile(  # Oct 23, 2024
    r"\b(" + _MONTH_ALT + r")\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})\b", re.IGNORECASE
)
_EN_DMY_RE = re.compile(  # 23 October 2024
    r"\b(\d{1,2})\s+(" + _MONTH_ALT + r")\.?,?\s+((?:19|20)\d{2})\b", re.IGNORECASE
)
_DATE_LABEL_RE = re.compile(
    r"(?:发布时间|發佈時間|發布時間|发表时间|發表時間|发布于|發佈於|發布於|发布日期|發佈日期|日期|时间|時間"
    r"|published|posted|updated|date)\s*[:：]?",
    re.IGNORECASE,
)
# Sentence-internal punctuation: a line holding it is prose, not a headline or byline.
_PROSE_PUNCT = re.compile(r"[，。；、,;]|[:：]\s*\S{12,}")
_AUTHOR_LABEL_RES = (
    re.compile(r"(?:^|\s|[|｜])(?:作者|撰文|撰稿|文字)\s*[:：]\s*([^\s,，;；|｜/]{1,20})"),
    re.compile(
        r"(?:^|\s)(?:author|written by)\s*[:：]\s*([A-Za-z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){0,3})",
        re.IGNORECASE,
    ),
    re.compile(r"^\s*(?i:by)\s+([A-Z][\w.'-]*(?:\s+(?:and\s+)?[A-Z][\w.'-]*){0,5})\s*$"),
    re.compile(r"(?:^|\s)文\s*[/／|｜]\s*([^\s,，;；|｜/]{1,20})"),
    re.compile(
        r"(?:^|\s)(?:本报|本報|新华社|新華社|中新社|中央社)?记者\s*[:：]?\s*([\u4e00-\u9fff]{2,4})(?=\s|$|[,，|｜/／])"
    ),
    re.compile(
        r"(?:^|\s)(?:本报|本報|新华社|新華社|中新社|中央社)?記者\s*[:：]?\s*([\u4e00-\u9fff]{2,4})(?=\s|$|[,，|｜/／])"
    ),
)
# Words that start a label or notice: text glued before a date is an author only without them.
_NOT_AUTHOR_RE = re.compile(
    r"发布|發佈|發布|时间|時間|日期|来源|來源|声明|聲明|更新|阅读|閱讀|回复|回覆|评论|評論|引用|编辑|編輯"
    r"|published|posted|updated|date|source",
    re.IGNORECASE,
)
_IMAGE_PLACEHOLDER_RE = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)|\[(?:图片|圖片|image)\])\s*$", re.IGNORECASE)
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•·▪●]|\d+[.、)）])\s")
_TITLE_BAD_END = tuple("，。；：、,;:")


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
    header = _header_lines(lines)

    url = meta.get("url") or find_url(lines)

    publisher = meta.get("publisher") or None
    publisher_basis = doc.meta_basis.get("publisher", "manifest") if publisher else None
    if not publisher:
        publisher, publisher_basis = find_publisher(doc.text, url)
    if not publisher:
        publisher = find_masthead(lines)
        publisher_basis = "text" if publisher else None

    published = parse_date(meta["published"]) if meta.get("published") else None
    published_basis = doc.meta_basis.get("published", "manifest") if published else None
    if published is None:
        published = find_published(header, lines) or find_date_code(lines)
        published_basis = "text" if published else None

    author = meta.get("author") or find_author(header, lines)

    # lines cleaning cut as furniture (promos, breadcrumbs, mastheads) are never the headline; a
    # source line split into several paragraphs is matched by its text
    cut = [r for r in lines_removed if r.rule not in ("title", "pinyin", "html_tag", "kept_would_empty")]
    cut_lines = {r.line for r in cut}
    cut_texts = {(r.line, r.text.strip()) for r in cut}
    pieces = Counter(no for no, text in restored if text)
    furniture = [
        bool(text) and no in cut_lines and (pieces[no] == 1 or (no, text.strip()) in cut_texts)
        for no, text in restored
    ]
    removed_title = next(
        (r.text.strip() for r in lines_removed if r.rule == "title" and r.text.strip()), None
    )
    # a repost that states its original title (原标题：…) says so outright
    original = removed_title if removed_title and _ORIGINAL_TITLE_RE.match(removed_title) else None
    if original is None:
        original = next(
            (t.strip() for t in lines[:MASTHEAD_LINES] if _ORIGINAL_TITLE_RE.match(t.strip())), None
        )
    title = meta.get("title") or (_ORIGINAL_TITLE_RE.sub("", original).strip() if original else None)
    if not title:
        title = find_title([("" if f else ln) for f, ln in zip(furniture, lines, strict=True)])
    if not title and removed_title:
        title = _ORIGINAL_TITLE_RE.sub("", removed_title).strip()
    if not title:
        title = find_title_cue(lines)

    return {
        "title": title or None,
        "publisher": publisher or None,
        "publisher_basis": publisher_basis if publisher else None,
        "url": url or None,
        "published": published,
        "published_basis": published_basis,
        "author": author or None,
    }


# --- url ------------------------------------------------------------------------------------


def find_url(lines: list[str]) -> str | None:
    """The article's own address: a labelled link line (原文链接: …) first, else a bare URL line."""
    bare: list[str] = []
    in_references = False
    for line in lines:
        text = line.strip()
        if _REFERENCES_RE.match(text):
            in_references = True  # URLs listed under 参考资料 are cited sources, not this article
            continue
        match = _URL_RE.search(text)
        if not match or _IMAGE_EXT_RE.search(match.group(0)):
            continue
        url = match.group(0).rstrip(".,;:，。；：")
        prefix, suffix = text[: match.start()].strip(), text[match.end() :].strip()
        if suffix:
            continue
        if prefix and _URL_LABEL_RE.fullmatch(prefix):
            return url
        if not prefix and not in_references and url not in bare:
            bare.append(url)
    # several bare addresses (a link list) leave it unknown rather than guessed
    return bare[0] if len(bare) == 1 else None


# --- publisher ------------------------------------------------------------------------------


@cache
def _platforms() -> tuple[
    list[tuple[str, str]], list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]
]:
    domains: list[tuple[str, str]] = []
    signatures: list[tuple[re.Pattern[str], str]] = []
    ids: list[tuple[re.Pattern[str], str]] = []
    for row in read_csv(PLATFORMS_FILE):
        pattern, kind, name = row.get("pattern", ""), row.get("kind", ""), row.get("publisher", "")
        if not pattern:
            continue
        if kind == "domain":
            domains.append((pattern.lower().lstrip("."), name))
        elif kind == "signature":
            signatures.append((re.compile(pattern, re.IGNORECASE), name))
        elif kind == "id":
            ids.append((re.compile(pattern, re.IGNORECASE), name))
    domains.sort(key=lambda d: len(d[0]), reverse=True)
    return domains, signatures, ids


# Second-level labels under a country code that are not registrable themselves (com.cn, co.uk).
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "co", "ac", "or", "ne", "go", "idv"}


def registrable_domain(host: str) -> str:
    """``www.news.example.com.cn`` → ``example.com.cn``: the name a site registered."""
    host = host.lower().strip(".").split(":")[0]
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def publisher_from_url(url: str) -> str | None:
    """Publisher named in ``platforms.csv`` for the URL's host, else its registrable domain."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    for pattern, name in _platforms()[0]:
        if host == pattern or host.endswith("." + pattern):
            return name or registrable_domain(host)
    return registrable_domain(host)


def find_publisher(text: str, url: str | None) -> tuple[str | None, str | None]:
    """(publisher, basis) from the URL, else a platform signature, else a site ID line."""
    if url:
        name = publisher_from_url(url)
        if name:
            return name, "url"
    _, signatures, ids = _platforms()
    simplified = to_simplified(text)
    for regex, name in signatures:
        if regex.search(simplified) or regex.search(text):
            return name, "signature"
    for regex, name in ids:
        match = regex.search(text) or regex.search(simplified)
        if match:
            return (name or match.group(1).lower().removeprefix("www.")), "id"
    return None, None


# A news outlet's own name where only the publisher writes it: an agency dateline (新华社北京9月18日电,
# （中央社記者X台北13日電）), a bracketed flag (【明報專訊】, 【财新网】), a wire tag (WASHINGTON (Reuters) -),
# a masthead line (明報新聞網, 财新网 2025年06月03日, 新华网 > 财经) or a labelled header (来源：新华网).
MASTHEAD_LINES = 10
_DATELINE_AFTER_RE = re.compile(r"^[^，。,;；]{0,20}?\d{1,2}\s*日\s*电")
_FLAG_AFTER_RE = re.compile(r"^(?:专讯|专电|讯|报道|报讯|消息|独家)?\s*】")
# Rest of a masthead line after the outlet's name: a site suffix, then nothing, a date or a separator.
_MASTHEAD_AFTER_RE = re.compile(
    r"^(?:新闻网|网站|网|官网|新闻|app)?\s*(?:$|[/|｜>›»·•—-]|(?:19|20)\d{2}\s*[-/.年])",
    re.IGNORECASE,
)
_WIRE_RE = re.compile(
    r"^[A-Z][A-Za-z0-9 .,/'-]{0,60}?\(([A-Za-z][A-Za-z .&'-]{1,40})\)\s*(?:-{1,2}|–|—)|^\(([A-Za-z][A-Za-z .&'-]{1,40})\)\s*(?:-{1,2}|–|—)"
)
_SOURCE_LABEL_RE = re.compile(r"(?:^|\s)(?:来源|來源|source)\s*[:：]\s*(\S.*)$", re.IGNORECASE)


def _media(text: str, strict_ok: bool = False) -> tuple[str, str] | None:
    found = outlet_prefix(text, strict_ok=strict_ok)
    if found is None or found[0].type != "media":
        return None
    return found[0].canonical, found[1]


def _is_outlet_name(name: str) -> bool:
    """A known outlet's name (with at most a site suffix): 中央社, 星島日報, 财新, 明報新聞網."""
    found = outlet_prefix(name)
    return found is not None and bool(re.fullmatch(r"(?:新闻网|网站|网|官网|新闻)?\s*", found[1]))


def find_masthead(lines: list[str]) -> str | None:
    """Canonical name of a known news outlet that signs the article (dateline, flag, wire tag, masthead).

    Only the first lines are read, and only forms an outlet writes about itself: a name merely
    mentioned (据路透社报道) never makes the publisher.
    """
    filled = [ln.strip() for ln in lines if ln.strip()]
    head = filled[:MASTHEAD_LINES]
    # the page's own repost disclaimer: 转载内容并不代表X立场 (X published the page)
    for text in filled:
        said = _OWN_STANCE_RE.search(to_simplified(text))
        if said:
            found = _media(said.group(1).strip())
            if found and not re.sub(r"[(（]?\s*(?:www\.)?[\w.-]*\s*[)）]?", "", found[1]).strip(" 的"):
                return found[0]
    for text in head:
        wire = _WIRE_RE.match(text)
        if wire:
            found = _media(wire.group(1) or wire.group(2), strict_ok=True)
            if found and not found[1].strip():
                return found[0]
        bare = text.lstrip("【[〔（(").strip()
        found = _media(bare)
        if found and (
            _DATELINE_AFTER_RE.match(found[1])
            or (text[:1] in "【[〔" and _FLAG_AFTER_RE.match(found[1]))
            or (text in head[:3] and _OWN_BYLINE_AFTER_RE.match(found[1]))
        ):
            return found[0]
    for text in head[:HEADER_LINES]:
        if _is_prose(text) and not _date_span(text):
            continue
        found = _media(text)
        if found and _MASTHEAD_AFTER_RE.match(found[1]):
            return found[0]
        label = _SOURCE_LABEL_RE.search(text)
        if label:
            found = _media(label.group(1))
            if found and _MASTHEAD_AFTER_RE.match(found[1].strip()):
                return found[0]
    # the site's own furniture anywhere: 下載「X」App, 追蹤X (follow us)
    for text in filled:
        if len(text) > MAX_HEADER_LINE:
            continue
        own = _OWN_APP_RE.search(text) or _FOLLOW_RE.search(text)
        if own:
            found = _media(own.group(1))
            if (
                found
                and not re.sub(r"(?:新闻网|网站|网|官网|新闻|app)", "", found[1], flags=re.IGNORECASE).strip()
            ):
                return found[0]
    return None


# what only a page's own publisher writes about itself (see find_masthead)
_OWN_STANCE_RE = re.compile(
    r"(?:并不代表|不代表|不代表本站|并不代表本网)\s*(.{2,30}?)\s*(?:的)?(?:观点|立场)"
)
_OWN_BYLINE_AFTER_RE = re.compile(r"^\s*(?:记者|讯\s*[(（]|专稿\s*[:：]|专讯|讯\s)")
_OWN_APP_RE = re.compile(r"(?:下载|下載)\s*[「“\"]([^」”\"]{2,20})[」”\"]\s*app", re.IGNORECASE)
_FOLLOW_RE = re.compile(r"(?:追蹤|追踪|關注|关注)\s*([^\s，。,]{2,20})\s*$")


# ROC (Taiwan) date code closing a CNA story: （編輯：某某）1130113 = 2024-01-13
_ROC_CODE_RE = re.compile(r"[(（](?:編輯|编辑)\s*[:：][^()（）]{1,20}[)）]\s*(\d{3})(\d{2})(\d{2})\s*$")


def find_date_code(lines: list[str]) -> dt.date | None:
    """Publication date from a Taiwan wire date code after the editor credit (ROC year + 1911)."""
    for line in lines:
        m = _ROC_CODE_RE.search(line.strip())
        if m:
            return _valid(int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3)))
    return None


# --- date -----------------------------------------------------------------------------------


def parse_date(value: str) -> dt.date | None:
    """A date written as 2024-10-23, 2024/10/23, 2024年10月23日 or Oct 23, 2024 (None if not)."""
    for regex in _DATE_RES:
        match = regex.search(value)
        if match:
            return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _EN_DATE_RE.search(value)
    if match:
        return _valid(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
    match = _EN_DMY_RE.search(value)
    if match:
        return _valid(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    return None


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_span(line: str) -> tuple[int, int, dt.date] | None:
    """(start, end, date) of the first full date (with a year) in ``line``."""
    for regex in (*_DATE_RES, _EN_DATE_RE, _EN_DMY_RE):
        match = regex.search(line)
        if match:
            date = parse_date(match.group(0))
            if date:
                return match.start(), match.end(), date
    return None


def _is_prose(line: str) -> bool:
    return len(line) > MAX_HEADER_LINE or bool(_PROSE_PUNCT.search(line))


_EN_SENTENCE_RE = re.compile(r"[a-z]{2,}[.!?](?:\s|$)")


def _is_prose_around(rest: str) -> bool:
    """Is what surrounds a date prose? A short English byline keeps its commas
    (By Jane Doe, Reuters | …; …, 10:12 a.m. ET) but a Chinese clause or an English sentence is prose."""
    if not _is_prose(rest):
        return False
    latin_only = not re.search(r"[\u3400-\u9fff，。；、]", rest)
    return not (
        latin_only and len(rest) <= 60 and len(rest.split()) <= 10 and not _EN_SENTENCE_RE.search(rest)
    )


def _header_lines(lines: list[str]) -> list[str]:
    """The first non-empty lines, up to the first prose line (the body has begun)."""
    header: list[str] = []
    for line in lines:
        text = line.strip()
        if not text or _IMAGE_PLACEHOLDER_RE.match(text):
            continue
        if len(header) >= HEADER_LINES:
            break
        header.append(text)
    return header


def find_published(header: list[str], lines: list[str]) -> dt.date | None:
    """Publication date from a dateline in the header area or a labelled line (发布时间: …).

    A date inside a body sentence, or one without a year (3月5日), is never taken. A crawler's
    ``date 2025-10-18`` stamp is the date the page was stored: used only when nothing else says.
    """
    residue: dt.date | None = None
    for text in header:
        if _LIST_ITEM_RE.match(text):
            continue
        span = _date_span(text)
        # the date itself may hold a comma (August 27, 2025): judge the rest of the line
        if span and not _is_prose_around(text[: span[0]] + " " + text[span[1] :]):
            if _CRAWLER_STAMP_RE.match(text):
                residue = residue or span[2]
                continue
            return span[2]
    for line in lines:
        text = line.strip()
        label = _DATE_LABEL_RE.match(text)
        if label and len(text) <= MAX_HEADER_LINE and not _CRAWLER_STAMP_RE.match(text):
            span = _date_span(text[label.end() :])
            if span:
                return span[2]
    return residue


# a crawler's own stamp ahead of the page text (" date 2025-10-18 "): lower-case label, date only
_CRAWLER_STAMP_RE = re.compile(r"^(?:date|time)\s+\d{4}-\d{2}-\d{2}\s*$")


# --- author ---------------------------------------------------------------------------------


def find_author(header: list[str], lines: list[str]) -> str | None:
    """A stated byline: 作者:X, Author: X, By X, 文/X, 记者 X, or a name glued before a header date."""
    for text in header:
        if _LIST_ITEM_RE.match(text) or len(text) > MAX_HEADER_LINE:
            continue
        for regex in _AUTHOR_LABEL_RES:
            match = regex.search(text)
            if match:
                name = match.group(1).strip()
                if not _is_outlet_name(name):
                    return name
                # 文｜财新 刘沛林: the outlet, then the writer
                after = text[match.end() :].split()
                if after and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", after[0]):
                    return after[0]
    # labelled author lines elsewhere (a closing "作者：X 编辑：Y" line)
    for line in lines:
        text = line.strip()
        if len(text) <= MAX_HEADER_LINE:
            match = _AUTHOR_LABEL_RES[0].search(text) or _AUTHOR_LABEL_RES[1].search(text)
            if match:
                return match.group(1).strip()
    for text in header:
        if _LIST_ITEM_RE.match(text) or _is_prose(text):
            continue
        span = _date_span(text)
        if span:
            name = text[: span[0]].strip(" \t\u3000|｜/·-—:：")
            # WeChat: 原创 作者 公众号 date — the first name after the 原创 mark
            name = re.sub(r"^(?:原创|原創)\s+(\S+)(?:\s+\S+)*$", r"\1", name)
            if _is_outlet_name(name):
                return None
            if 2 <= len(name) <= 20 and not _NOT_AUTHOR_RE.search(name) and not _URL_RE.search(name):
                return name
            return None
    return None


# --- title ----------------------------------------------------------------------------------


_ORIGINAL_TITLE_RE = re.compile(
    r"^[(（]?\s*(?:原标题|原標題|original title)\s*[:：]\s*|[)）]\s*$", re.IGNORECASE
)
# 【headline】 opening a news flash; not an outlet's flag (【明報專訊】, 【TechWeb】)
_BRACKET_TITLE_RE = re.compile(r"^【([^【】]{6,60})】\s*\S")
# a CMS related-links line that repeats the article's title: 与《X》相关的文章
_TITLE_CUE_RE = re.compile(r"^\s*(?:与|與)《(.{4,80})》(?:相关|相關)的?(?:文章|新闻|新聞|阅读|閱讀)")
_SECTION_NO_RE = re.compile(r"^(?:0?\d{1,2}|[一二三四五六七八九十]{1,3}|Part\s+\d+)$", re.IGNORECASE)
# a photo caption between a headline and its byline: ▲… / （圖／記者X攝） / (photo: …)
_CAPTION_RE = re.compile(r"^[▲△▼▽■◆]|[（(]\s*(?:圖|图|攝|摄|photo|file)|(?:攝|摄)\s*[)）]\s*$", re.IGNORECASE)
_NAV_RE = re.compile(r"[>›»].*[>›»]")
_SENTENCE_END_RE = re.compile(r"[。！？]|[a-z0-9)][.!?](?:\s|$)")


def find_title_cue(lines: list[str]) -> str | None:
    """The title repeated by the page's related-links line (与《X》相关的文章)."""
    for line in lines:
        m = _TITLE_CUE_RE.match(line)
        if m:
            return m.group(1).strip()
    return None


def _headline_shaped(text: str) -> bool:
    return not (
        len(text) < 4
        or len(text) > MAX_HEADER_LINE
        or text.endswith(_TITLE_BAD_END)
        or text.endswith("。")
        or _LIST_ITEM_RE.match(text)
        or _URL_RE.search(text)
        or _NAV_RE.search(text)
        or _date_span(text)
        or re.search(r"[。；]", text)
        or text.count("，") + text.count(",") > 2
        or wire.find_dateline([text])
    )


def _body_like(text: str) -> bool:
    """A paragraph of body text: long, with sentence-final punctuation (or, for a lead cut short,
    very long with clauses; page chrome run together has no commas)."""
    if len(text) < 40 or _CAPTION_RE.search(text):
        return False  # a photo caption may be long and end with 。 but is not the body
    clauses = text.count(",") + text.count("，")
    return bool(_SENTENCE_END_RE.search(text)) or (len(text) >= 120 and clauses >= 2)


def _byline_like(text: str) -> bool:
    if wire.find_dateline([text]) is not None:
        return True
    if _is_prose(text) and not _date_span(text):
        return False
    span = _date_span(text)
    if span and not _is_prose_around(text[: span[0]] + " " + text[span[1] :]):
        return True
    return any(r.search(text) for r in _AUTHOR_LABEL_RES)


def _headline_in_header(lines: list[str], idx: list[int]) -> str | None:
    """A headline among the first lines: headline-shaped, and followed by a byline or dateline
    (past at most two short lines, e.g. a caption or a writer's name) or directly (no blank
    line) by a body paragraph at least twice its length. Scanning stops at the body."""
    # site menus (bulleted lines) before the headline do not use up the scan
    idx = [i for i in idx if not _LIST_ITEM_RE.match(lines[i].strip())]
    for k, i in enumerate(idx[:MASTHEAD_LINES]):
        text = lines[i].strip()
        if _body_like(text) or text.endswith("。"):
            return None  # the body (or a verse, a lead sentence) has begun
        if not _headline_shaped(text) or (k and _SECTION_NO_RE.match(lines[idx[k - 1]].strip())):
            continue  # a section heading (01 / 前沿导读) is not the article's headline
        after = [lines[j].strip() for j in idx[k + 1 : k + 4]]
        if (
            idx[k + 1 : k + 2] == [i + 1]
            and after
            and _body_like(after[0])
            and len(after[0]) >= 2 * len(text)
        ):
            return text
        for n, nxt in enumerate(after):
            if _byline_like(nxt):
                return text
            if (len(nxt) > 30 and not _CAPTION_RE.search(nxt)) or _body_like(nxt) or n >= 2:
                break
    return None


def find_title(lines: list[str]) -> str | None:
    """A headline at the top: the first line, short, not ending like a clause, set off by a
    blank line or followed by a byline/dateline; else a 【headline】 opening a news flash; else
    a headline-shaped line in the header followed by a byline, dateline or the body."""
    idx = [i for i, ln in enumerate(lines) if ln.strip() and not _IMAGE_PLACEHOLDER_RE.match(ln)]
    if not idx:
        return None
    found = _first_line_title(lines, idx)
    if found:
        return found
    flash = _BRACKET_TITLE_RE.match(lines[idx[0]].strip())
    if flash and _media(flash.group(1)) is None and not re.search(r"[讯訊电電]$", flash.group(1)):
        return flash.group(1).strip()
    return _headline_in_header(lines, idx)


def _first_line_title(lines: list[str], idx: list[int]) -> str | None:
    first = idx[0]
    text = lines[first].strip()
    if (
        len(text) < 4
        or len(text) > MAX_HEADER_LINE
        or text.endswith(_TITLE_BAD_END)
        or text.endswith("。")
        or _LIST_ITEM_RE.match(text)
        or _URL_RE.search(text)
        or _date_span(text)
    ):
        return None
    set_off = first + 1 < len(lines) and not lines[first + 1].strip()
    if set_off and _blank_separated(lines):
        set_off = False  # every paragraph is set off by a blank line: that proves nothing
    nxt = lines[idx[1]].strip() if len(idx) > 1 else ""
    byline_next = (
        bool(nxt)
        and not _is_prose(nxt)
        and (_date_span(nxt) is not None or any(r.search(nxt) for r in _AUTHOR_LABEL_RES))
    )
    if not (set_off or byline_next):
        return None
    # a "headline" that is really a full sentence of prose is body text
    if re.search(r"[。；]", text) or text.count("，") + text.count(",") > 2:
        return None
    return text


def _blank_separated(lines: list[str]) -> bool:
    """True when most paragraphs are followed by a blank line (a blank-line-separated layout)."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(filled) < 4:
        return False
    followed = sum(1 for i in filled[1:] if i + 1 < len(lines) and not lines[i + 1].strip())
    return followed >= 0.6 * (len(filled) - 1)
