"""Read the input folder into Documents: decode text files, reduce HTML to article text, split exports.

Every file found becomes one or more Documents or a Rejected with a reason a person can act on;
nothing is dropped silently. Encodings are detected, recorded, and never guessed without evidence.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .records import META_KEYS, Document, Rejected

MAX_BYTES = 32 * 1024 * 1024  # larger files are not articles; reading them would stall the build
# One article's decoded text. Long features run to ~50,000 characters; far more is a concatenated dump
# or a mis-saved page, which cleaning and analysis would take minutes and gigabytes to read as one article.
MAX_CHARS = 500_000

TEXT_EXTS = {".txt": "txt", ".md": "md"}
HTML_EXTS = {".html": "html", ".htm": "html"}
EXPORT_EXTS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv"}
ACCEPTED = tuple(sorted({**TEXT_EXTS, **HTML_EXTS, **EXPORT_EXTS}))
MANIFEST_NAME = "manifest.csv"

# Column spellings of common news exports (Media Cloud, NewsAPI, GDELT, news-please, scrapers),
# then the Chinese headers Chinese scraping tools write (正文, 标题, 发布时间 ...), in priority order.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "content",
        "body",
        "article",
        "full_text",
        "maintext",
        "fulltext",
        "article_text",
        "body_text",
        "正文",
        "内容",
        "內容",
        "全文",
        "文章内容",
        "文章內容",
        "内文",
        "內文",
    ),
    "title": ("title", "headline", "标题", "標題", "题目", "題目"),
    "url": ("url", "link", "href", "guid", "链接", "鏈接", "网址", "網址", "连结", "連結"),
    "published": (
        "published",
        "publish_date",
        "published_at",
        "date",
        "pubdate",
        "publication_date",
        "time",
        "发布时间",
        "發布時間",
        "發佈時間",
        "发布日期",
        "發布日期",
        "日期",
        "时间",
        "時間",
    ),
    "publisher": (
        "publisher",
        "outlet",
        "media_name",
        "media",
        "source",
        "site_name",
        "site",
        "source_name",
        "来源",
        "來源",
        "媒体",
        "媒體",
        "出处",
        "出處",
    ),
    "language": ("language", "lang", "language_code", "语言", "語言"),
    "author": ("author", "authors", "byline", "作者", "记者", "記者"),
}
WRAPPER_KEYS = ("articles", "data", "items", "results")
TOO_DEEP_JSON = "invalid JSON (nested too deeply to be an article export)"

# File signatures of formats that get renamed to .txt by accident.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"\x00\x00\x00\x1cftyp", "MP4 video"),
)

BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

PLAUSIBLE = 0.75  # share of "expected" non-ASCII characters a correct CJK decoding reaches easily
SCORE_SAMPLE = 200_000  # characters scored; enough to tell encodings apart on any real article


class IngestError(Exception):
    """A file (or row) cannot be ingested; the message is the Rejected reason."""


# --------------------------------------------------------------------------- decoding


# Frequent characters of written Cantonese, outside both frequent-character tables; Hong Kong
# articles quoting speech use them densely.
CANTONESE = "嘅咗佢哋喺冇啲嘢嚟唔咁噉嗰乜睇搵攞俾畀啱喎囉㗎嘞咩嗌揸嚿瞓攰諗咪餸嘥靚晒嗱吖啫噃喇吓哂咋喐冚氹啩嘈嗦唓乸嫲"


@cache
def _common_cjk() -> frozenset[str]:
    """Frequent Han characters: GB2312 level 1, Big5 'frequently used' (常用字) and written Cantonese."""
    chars: set[str] = set(CANTONESE)
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that a real Chinese/English article would contain (0..1).

    A wrong legacy decoding (Big5 read as GB18030, or the reverse) yields rare Han characters,
    private-use code points and unassigned characters; a right one is dominated by frequent Han
    characters and punctuation. Texts with control characters score 0.
    """
    sample = text[:SCORE_SAMPLE]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ch < " " and _is_control(ch))
    if controls > max(2, len(sample) // 100):
        return 0.0
    common = _common_cjk()
    good = total = 0
    for ch in sample:
        if ch < "\x80":
            continue
        total += 1
        if ch in common:
            good += 1
            continue
        cat = unicodedata.category(ch)
        if cat in ("Co", "Cn", "Cs", "Cc") or ch == "\ufffd":
            continue
        if cat[0] in "PZNS" and not ("\u3400" <= ch <= "\u9fff"):
            good += 1  # punctuation, spaces, digits, symbols (，。「」…①％)
        elif "\u00c0" <= ch <= "\u024f" or "\u3040" <= ch <= "\u30ff" or "\uff01" <= ch <= "\uff5e":
            good += 1  # accented Latin, kana, full-width ASCII
    return 1.0 if total == 0 else good / total


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit in one byte position only (ASCII in UTF-16)."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:65536]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    if odd > half * 0.05 and even <= odd * 0.02:
        return "utf-16-le"
    if even > half * 0.05 and odd <= even * 0.02:
        return "utf-16-be"
    return None


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 12, 13, 11, 0x1B))


def sniff_binary(data: bytes) -> str | None:
    """A short description when ``data`` is evidently not text (signature, NULs, control bytes)."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None
    head = data[:65536]
    if _utf16_without_bom(data):
        return None  # NUL and control bytes are how UTF-16 encodes ASCII and CJK
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # a per-byte loop showed in listings
    if head and controls / len(head) > 0.05:
        return f"{controls * 100 // len(head)}% control bytes"
    return None


def _legacy_decode(data: bytes, family: str) -> tuple[str, str] | None:
    """Strictly decode with one legacy family; the narrowest codec that works is recorded."""
    codecs_ = ("gb18030",) if family == "gb" else ("big5", "cp950", "big5hkscs")
    for codec in codecs_:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return None


def _nearly(data: bytes) -> tuple[str, str] | None:
    """A text in one codec with a few broken byte sequences (a cut-off character, a stray byte).

    Accepted only when at least 95% of the multi-byte characters decode and the result reads as
    real text; the broken bytes become U+FFFD so cleaning marks them as damaged.
    """
    best: tuple[int, str, str] | None = None
    for codec in ("utf-8", "gb18030", "big5hkscs"):
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd") - (data.count(b"\xef\xbf\xbd") if codec == "utf-8" else 0)
        wide = sum(1 for ch in text if ch >= "\x80") - bad
        if bad <= 0 or bad * 20 > wide or plausibility(text) < PLAUSIBLE:
            continue
        if best is None or bad < best[0]:
            best = (bad, text, codec)
    return (best[1], best[2]) if best else None


_HIGH_RUN = re.compile(rb"[\x80-\xff]{2}")


def _western(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 for English text with isolated high bytes (’ “ é): CJK codecs always pair them."""
    high = sum(1 for b in data if b >= 0x80)
    if not high or high > len(data) * 0.05 or _HIGH_RUN.search(data):
        return None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, declared: str | None = None, forced: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, codec)``; raise IngestError when no codec fits.

    Order: a forced codec (manifest) → BOM → a declared GB/Big5 charset (HTML meta) that reads
    plausibly → strict UTF-8 → UTF-16 evident from NUL positions → GB18030 vs Big5 by plausibility →
    another declared charset → English cp1252 → one codec with a few broken bytes → reject.
    """
    if forced:
        try:
            codec = codecs.lookup(forced).name
        except LookupError as exc:
            raise IngestError(f"manifest encoding {forced!r} is not a known codec") from exc
        try:
            return data.decode("utf-8-sig" if codec == "utf-8" else codec), forced.lower()
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"does not decode as {forced} (encoding set in manifest): {exc.reason} at byte {exc.start}"
            ) from exc
    what = sniff_binary(data)
    if what:
        raise IngestError(f"binary file ({what}), not text")
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec.removesuffix("-sig")), codec
            except UnicodeDecodeError as exc:
                raise IngestError(f"starts with a {codec} byte-order mark but is not valid {codec}") from exc
    declared_codec = _declared_codec(declared) if declared else None
    if declared_codec in ("gb18030", "big5"):
        got = _legacy_decode(data, "gb" if declared_codec == "gb18030" else "big5")
        if got and plausibility(got[0]) >= PLAUSIBLE:
            return got
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if plausibility(text) >= PLAUSIBLE:
                return text, utf16
        except UnicodeDecodeError:
            pass
    candidates = [got for fam in ("gb", "big5") if (got := _legacy_decode(data, fam))]
    scored = sorted(((plausibility(t), c, t) for t, c in candidates), key=lambda x: -x[0])
    if scored and scored[0][0] >= PLAUSIBLE:
        return scored[0][2], scored[0][1]
    # Single-byte charsets decode anything, so a declaration is only trusted once CJK codecs failed.
    if declared_codec and declared_codec not in ("gb18030", "big5", "utf-8"):
        try:
            text = data.decode(declared_codec)
            if plausibility(text) >= PLAUSIBLE:
                return text, declared_codec
        except UnicodeDecodeError:
            pass
    got = _western(data) or _nearly(data)
    if got:
        return got
    if scored:
        best = ", ".join(f"{c} {s:.0%}" for s, c, _ in scored)
        raise IngestError(
            f"not plausible as UTF-8, GB18030 or Big5 text (share of expected characters: {best})"
        )
    raise IngestError("not valid UTF-8, GB18030 or Big5 text")


def _declared_codec(name: str) -> str | None:
    """Map a declared charset to the codec to try (GB family → gb18030, Big5 family → big5)."""
    name = name.strip().strip("'\"").lower()
    if name in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"):
        return "gb18030"
    if name in ("big5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5"):
        return "big5"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def normalise_newlines(text: str) -> str:
    """CRLF, CR and Unicode line/paragraph separators → \\n."""
    return re.sub(r"\r\n?|[\u2028\u2029]", "\n", text)


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
_HTML_START = re.compile(
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


def _meta_content(soup: BeautifulSoup, *keys: str) -> str:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attr: re.compile(rf"^{re.escape(key)}$", re.I)})
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
            ):
                value = _scalar(item.get(key))
                if value and field_ not in out:
                    out[field_] = value
    return out


def html_meta(soup: BeautifulSoup) -> dict[str, str]:
    """Title, url, published, publisher, author and language from a page's head."""
    ld = _json_ld(soup)
    meta: dict[str, str] = {}
    title_tag = soup.find("title")
    h1 = soup.find("h1")
    meta["title"] = (
        _meta_content(soup, "og:title", "twitter:title")
        or (title_tag.get_text(" ", strip=True) if title_tag else "")
        or ld.get("title", "")
        or (h1.get_text(" ", strip=True) if h1 else "")
    )
    canonical = soup.find("link", rel=lambda r: r and "canonical" in (r if isinstance(r, list) else [r]))
    meta["url"] = (
        (str(canonical.get("href") or "").strip() if canonical else "")
        or _meta_content(soup, "og:url")
        or ld.get("url", "")
    )
    article = soup.find("article")
    time_tag = (article.find("time", attrs={"datetime": True}) if article else None) or soup.find(
        "time", attrs={"datetime": True}
    )
    meta["published"] = (
        _meta_content(soup, "article:published_time", "og:published_time")
        or ld.get("published", "")
        or (str(time_tag["datetime"]).strip() if time_tag else "")
        or _meta_content(
            soup, "pubdate", "publishdate", "publish_date", "date", "datePublished", "publication_date"
        )
    )
    meta["publisher"] = _meta_content(soup, "og:site_name", "application-name") or ld.get("publisher", "")
    author = _meta_content(soup, "author", "article:author", "byl")
    meta["author"] = "" if author.startswith("http") else author or ld.get("author", "")
    html_tag = soup.find("html")
    meta["language"] = str(html_tag.get("lang") or html_tag.get("xml:lang") or "").strip() if html_tag else ""
    meta["language"] = (
        meta["language"] or _meta_content(soup, "language", "content-language") or ld.get("language", "")
    )
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
    _strip_furniture(soup)
    root = (soup.body or soup) if whole else _container(soup)
    return _render(root), meta


def _html_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:8192])
    return found.group(1).decode("ascii", "replace") if found else None


# --------------------------------------------------------------------------- exports


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _scalar(value: object, sep: str = ", ") -> str:
    """An export value as a string: lists joined with ``sep``, objects by their name/title/url."""
    if value is None:
        return ""
    if isinstance(value, str):
        # A JSON "\\ud800" escape decodes to a lone surrogate, which no UTF-8 table can store.
        return _LONE_SURROGATE.sub("\ufffd", value).strip()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return sep.join(s for s in (_scalar(v, sep) for v in value) if s)
    if isinstance(value, dict):
        for key in ("name", "title", "@value", "value", "url", "id"):
            if key in value:
                return _scalar(value[key])
    return ""


def _norm_key(key: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _field_map(keys: list[str]) -> dict[str, list[str]]:
    """For each target field, the row keys that spell it, in alias priority order."""
    by_norm: dict[str, str] = {}
    for key in keys:
        by_norm.setdefault(_norm_key(key), key)
    return {name: [by_norm[a] for a in aliases if a in by_norm] for name, aliases in FIELD_ALIASES.items()}


def _no_text_column() -> str:
    return f"no text column; expected one of {', '.join(FIELD_ALIASES['text'])}"


def _row_document(
    row: dict, fields: dict[str, list[str]], source: str, encoding: str, fmt: str, label: str
) -> Document:
    # A text stored as a list holds paragraphs; other lists (authors) read as "A, B".
    values = {
        name: next((v for k in keys if (v := _scalar(row.get(k), "\n" if name == "text" else ", "))), "")
        for name, keys in fields.items()
    }
    text = normalise_newlines(values.pop("text"))
    if HTMLISH.search(text):
        text, _ = html_to_text(text, whole=True)
    else:
        text = decode_entities(text)
    if not text.strip():
        raise IngestError(f"{label}: empty text")
    meta = {k: normalise_newlines(v).strip() for k, v in values.items() if v}
    return Document(source, text, encoding, fmt, meta, dict.fromkeys(meta, "row"))


def _rows_to_documents(
    rows: list[tuple[int, object]], rel: str, encoding: str, fmt: str, label: str
) -> tuple[list[Document], list[Rejected]]:
    keys: list[str] = []
    for _, row in rows:
        if isinstance(row, dict):
            keys.extend(k for k in row if k not in keys)
    fields = _field_map(keys)
    if not fields["text"]:
        raise IngestError(_no_text_column())
    docs: list[Document] = []
    rejected: list[Rejected] = []
    for n, row in rows:
        source = f"{rel}#{n}"
        if not isinstance(row, dict):
            rejected.append(Rejected(source, f"{label} {n}: not an object"))
            continue
        try:
            docs.append(_row_document(row, fields, source, encoding, fmt, f"{label} {n}"))
        except IngestError as exc:
            rejected.append(Rejected(source, str(exc)))
    return docs, rejected


def read_json(data: bytes, rel: str, forced: str | None = None) -> tuple[list[Document], list[Rejected]]:
    """A JSON object, a list of objects, or an object wrapping one under articles/data/items/results."""
    text, encoding = decode_bytes(data, forced=forced)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line saved as .json
            return read_jsonl(data, rel, forced)
        raise IngestError(f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    except RecursionError as exc:
        raise IngestError(TOO_DEEP_JSON) from exc
    if isinstance(value, dict):
        wrapped = _unwrap(value)
        if wrapped is None:
            docs, rejected = _rows_to_documents([(1, value)], rel, encoding, "json", "object")
            for item in (*docs, *rejected):
                item.source = rel  # a single article: the file itself
            return docs, rejected
        value = wrapped
    if not isinstance(value, list):
        raise IngestError("JSON holds neither an object nor a list of objects")
    if not value:
        raise IngestError("empty file (JSON list has no items)")
    return _rows_to_documents(list(enumerate(value, 1)), rel, encoding, "json", "item")


def _unwrap(value: dict, depth: int = 0) -> list | None:
    """The article list under articles/data/items/results (also one level deeper: data.items)."""
    for key, inner in value.items():
        if key.lower() in WRAPPER_KEYS:
            if isinstance(inner, list):
                return inner
            if isinstance(inner, dict) and depth == 0:
                found = _unwrap(inner, 1)
                if found is not None:
                    return found
    return None


def read_jsonl(data: bytes, rel: str, forced: str | None = None) -> tuple[list[Document], list[Rejected]]:
    """One JSON object per line; a malformed line is rejected on its own, the rest are read."""
    text, encoding = decode_bytes(data, forced=forced)
    rows: list[tuple[int, object]] = []
    bad: list[Rejected] = []
    for n, line in enumerate(normalise_newlines(text).split("\n"), 1):
        if not line.strip():
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            bad.append(Rejected(f"{rel}#{n}", f"line {n}: invalid JSON ({exc.msg} at column {exc.colno})"))
        except RecursionError:
            bad.append(Rejected(f"{rel}#{n}", f"line {n}: {TOO_DEEP_JSON}"))
    if not rows and not bad:
        raise IngestError("empty file")
    if bad:
        try:  # a pretty-printed JSON document saved as .jsonl
            json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            pass
        else:
            return read_json(data, rel, forced)
    if not rows:
        return [], bad
    docs, rejected = _rows_to_documents(rows, rel, encoding, "jsonl", "line")
    order = {r.source: i for i, r in enumerate(bad + rejected)}
    return docs, sorted(bad + rejected, key=lambda r: (int(r.source.rsplit("#", 1)[1]), order[r.source]))


def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max(",\t;|", key=header.count) if any(d in header for d in ",\t;|") else ","


def read_csv(data: bytes, rel: str, forced: str | None = None) -> tuple[list[Document], list[Rejected]]:
    """A CSV export with a header row; quoted fields may hold newlines and quotes."""
    text, encoding = decode_bytes(data, forced=forced)
    csv.field_size_limit(MAX_BYTES)  # whole articles sit in one field
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
        rows = list(reader)
    except csv.Error as exc:
        raise IngestError(f"malformed CSV ({exc})") from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise IngestError("empty file")
    header = [h.strip() for h in rows[0]]
    if not rows[1:]:
        raise IngestError("CSV has a header but no rows")
    records = [(n, dict(zip(header, row, strict=False))) for n, row in enumerate(rows[1:], 1)]
    return _rows_to_documents(records, rel, encoding, "csv", "row")


# --------------------------------------------------------------------------- single documents


# An HTML character reference left in a plain-text export (&nbsp; &#37; &#x3002; &amp;): only
# complete references with their semicolon, so "AT&T" or "R&D;" prose is left alone.
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """Decode HTML character references in plain text (txt/md/json/csv exports); a decoded
    no-break space becomes a plain space so figures and words around it still read."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        out = html.unescape(m.group(0))
        if (
            out == m.group(0)
            or "\ufffd" in out
            or any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in out)
        ):
            return m.group(0)  # unknown name or a control character: keep as written
        return out.replace("\u00a0", " ")

    return _ENTITY_RE.sub(one, text)


def read_text(data: bytes, rel: str, fmt: str, forced: str | None = None) -> Document:
    """A plain-text or Markdown article (HTML character references decoded)."""
    text, encoding = decode_bytes(data, forced=forced)
    text = decode_entities(normalise_newlines(text))
    if not text.strip():
        raise IngestError("empty file")
    return Document(rel, text, encoding, fmt)


def read_html(data: bytes, rel: str, forced: str | None = None) -> Document:
    """An HTML page reduced to its article text, with head metadata (basis "html")."""
    text, encoding = decode_bytes(data, declared=_html_charset(data), forced=forced)
    body, meta = html_to_text(normalise_newlines(text))
    if not body.strip():
        raise IngestError("no article text found in HTML")
    return Document(rel, body, encoding, "html", meta, dict.fromkeys(meta, "html"))


# --------------------------------------------------------------------------- folder walk and manifests


@dataclass
class _Found:
    rel: str
    path: Path | str
    problem: str | None = None  # set when the entry cannot be read at all
    stamp: tuple[int, int] | None = None  # (size, modification time in ns) when listed


@dataclass
class _Walk:
    files: list[_Found] = field(default_factory=list)
    manifests: list[tuple[str, Path]] = field(default_factory=list)  # (folder rel, path)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _display_name(name: str) -> str:
    """A file name as storable text: bytes that are not UTF-8 (a name from a GBK zip) become \\xNN escapes."""
    if name.isascii():  # nothing to escape (the common case, 10⁵ times per listing)
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _walk(root: Path) -> _Walk:
    out = _Walk()
    real_root = root.resolve()
    seen: set[Path] = {real_root}
    # An explicit stack, not recursion: a folder nested a thousand deep must not crash the build.
    stack: list[tuple[Iterator[os.DirEntry], str]] = []

    def enter(folder: Path, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            out.files.append(_Found(prefix.rstrip("/") or ".", folder, f"cannot list folder: {exc.strerror}"))
            return
        stack.append((iter(entries), prefix))

    enter(root, "")
    while stack:
        entries, prefix = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        rel = prefix + _display_name(entry.name)
        path = entry.path  # a str: building a Path per file costs more than the stat at 10⁵ files
        try:
            st = entry.stat()  # follows symlinks
        except OSError:
            if entry.is_symlink():
                out.files.append(_Found(rel, path, "broken symbolic link (its target does not exist)"))
            else:
                out.files.append(_Found(rel, path, "cannot read file"))
            continue
        if stat.S_ISDIR(st.st_mode):
            path = Path(path)
            real = path.resolve()
            if entry.is_symlink() and _inside(real, real_root):
                # Read once, at its own path: no duplicates and no loops.
                target = real.relative_to(real_root).as_posix() if real != real_root else "."
                out.files.append(
                    _Found(
                        rel,
                        path,
                        f"symbolic link to folder {_display_name(target)!r} inside "
                        "the input folder (a loop or a duplicate); its files are read there",
                    )
                )
                continue
            if real in seen:
                out.files.append(_Found(rel, path, "symbolic link loop (folder already read)"))
                continue
            seen.add(real)
            enter(path, rel + "/")
        elif entry.name.lower() == MANIFEST_NAME:
            out.manifests.append((prefix, Path(path)))
        elif not stat.S_ISREG(st.st_mode):
            out.files.append(_Found(rel, path, "not a regular file (device, pipe or socket)"))
        else:
            out.files.append(_Found(rel, path, stamp=(st.st_size, st.st_mtime_ns)))

    out.files.sort(key=lambda f: f.rel)
    return out


def _nfc(path: str) -> str:
    path = path.strip().replace("\\", "/")
    if not path.isascii():  # ASCII is already NFC; normalising 10⁵ names showed in listing profiles
        path = unicodedata.normalize("NFC", path)
    while path.startswith("./"):
        path = path[2:]
    return path


def read_manifests(
    walk_manifests: list[tuple[str, Path]],
) -> tuple[dict[str, dict[str, str]], list[Rejected]]:
    """Manifest rows keyed by source path (relative to the input folder); deeper manifests win."""
    entries: dict[str, dict[str, str]] = {}
    problems: list[Rejected] = []
    for prefix, path in sorted(walk_manifests, key=lambda m: m[0].count("/")):
        rel = prefix + path.name
        try:
            text, _ = decode_bytes(path.read_bytes())
        except (OSError, IngestError) as exc:
            problems.append(Rejected(rel, f"manifest ignored: {exc}"))
            continue
        lines = [ln for ln in normalise_newlines(text).split("\n") if not ln.lstrip().startswith("#")]
        # csv.reader and column positions, not DictReader: a dict per row showed at 10⁵ rows.
        reader = csv.reader(io.StringIO("\n".join(lines), newline=""))
        header = next(reader, [])
        at = {c: i for i, c in enumerate(header)}  # a repeated column name: the last one counts
        columns = {_norm_key(c): c for c in header if c}
        file_col = next((columns[c] for c in ("file", "filename", "file_name", "path") if c in columns), None)
        if file_col is None:
            problems.append(Rejected(rel, "manifest ignored: it has no 'file' column"))
            continue
        file_at = at[file_col]
        # An ASCII prefix that _nfc leaves alone (it ends in "/") joined to an _nfc'd name is _nfc'd.
        plain = prefix.isascii() and _nfc(prefix) == prefix
        wanted = [(k, at[columns[k]]) for k in (*META_KEYS, "encoding") if k in columns]
        for row in reader:
            if len(row) <= file_at:
                continue  # a blank line, or a row without the file cell
            name = _nfc(row[file_at])
            if not name:
                continue
            values = {}
            for k, i in wanted:
                if i < len(row) and (v := row[i].strip()):
                    values[k] = v
            entries[prefix + name if plain else _nfc(prefix + name)] = values
    return entries, problems


def _apply_manifest(doc: Document, entries: dict[str, dict[str, str]]) -> None:
    file_part = doc.source.split("#", 1)[0]
    for key in (_nfc(file_part), _nfc(doc.source)) if "#" in doc.source else (_nfc(doc.source),):
        for name, value in entries.get(key, {}).items():
            if name in META_KEYS:
                doc.meta[name] = value
                doc.meta_basis[name] = "manifest"


def _read_one(found: _Found, forced: str | None) -> tuple[list[Document], list[Rejected]]:
    ext = os.path.splitext(found.rel)[1].lower()
    if ext not in ACCEPTED:
        kind = f"unsupported file type {ext}" if ext else "unsupported file type (no extension)"
        raise IngestError(f"{kind}; accepted: {', '.join(ACCEPTED)}")
    path = Path(found.path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(f"file too large ({size / 2**20:.1f} MiB; limit {MAX_BYTES // 2**20} MiB)")
    data = path.read_bytes()
    if ext in TEXT_EXTS and _HTML_START.match(data[:1024]):
        return [read_html(data, found.rel, forced)], []  # a saved web page named .txt
    if ext in TEXT_EXTS:
        return [read_text(data, found.rel, TEXT_EXTS[ext], forced)], []
    if ext in HTML_EXTS:
        return [read_html(data, found.rel, forced)], []
    if not data.strip():
        raise IngestError("empty file")
    reader = {".json": read_json, ".jsonl": read_jsonl, ".csv": read_csv}[ext]
    return reader(data, found.rel, forced)


NO_WORDS = "no words: the text holds only numbers, punctuation or symbols"


def has_words(text: str) -> bool:
    """True when ``text`` holds a letter of any script (Han characters included)."""
    return any(unicodedata.category(ch)[0] == "L" for ch in text)


def document_problem(text: str) -> str | None:
    """Why a decoded text cannot be one article (too long, or no words at all), else None."""
    if len(text) > MAX_CHARS:
        return (
            f"text too long for one article ({len(text):,} characters; limit {MAX_CHARS:,}); "
            "split it into one file per article"
        )
    if not has_words(text):
        # A table of numbers is not an article: say so rather than build one without words.
        return NO_WORDS
    return None


@dataclass
class InputPlan:
    """What a walk of the input folder found, before any file is read (the build's unit of work)."""

    files: list[_Found]
    entries: dict[str, dict[str, str]]  # manifest rows keyed by source path
    problems: list[Rejected]  # manifests that could not be used

    def entries_for(self, rel: str) -> dict[str, dict[str, str]]:
        """The manifest rows that apply to one file (the file itself and its export rows)."""
        index = self.__dict__.get("_index")
        if index is None:
            index = {}
            for key, value in self.entries.items():
                if "#" not in key:  # the common case: a file's own row
                    index.setdefault(key, {})[key] = value
                    continue
                parts = key.split("#")  # a file name may itself hold "#": index every candidate
                for n in range(1, len(parts) + 1):
                    index.setdefault("#".join(parts[:n]), {})[key] = value
            self.__dict__["_index"] = index
        return index.get(_nfc(rel), {})


def plan_inputs(input_dir: Path) -> InputPlan:
    """Walk ``input_dir`` and read its manifests; files are listed, not read."""
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        raise NotADirectoryError(f"input folder not found: {input_dir}")
    walk = _walk(input_dir)
    entries, problems = read_manifests(walk.manifests)
    return InputPlan(walk.files, entries, problems)


def read_found(found: _Found, entries: dict[str, dict[str, str]]) -> list[Document | Rejected]:
    """Read one listed file into Document(s) and Rejected rows, in the file's own row order.

    ``entries`` are the manifest rows for this file (``InputPlan.entries_for``); a file that cannot
    be read at all becomes one Rejected with the reason.
    """
    if found.problem:
        return [Rejected(found.rel, found.problem)]
    forced = entries.get(_nfc(found.rel), {}).get("encoding")
    try:
        docs, rejected = _read_one(found, forced)
    except IngestError as exc:
        return [Rejected(found.rel, str(exc))]
    except OSError as exc:
        return [Rejected(found.rel, f"cannot read file: {exc.strerror or exc}")]
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the corpus
        return [Rejected(found.rel, f"reader failed: {type(exc).__name__}: {exc}")]
    problems = {d.source: p for d in docs if (p := document_problem(d.text))}
    rejected = [*rejected, *(Rejected(src, p) for src, p in problems.items())]
    docs = [d for d in docs if d.source not in problems]
    for doc in docs:
        _apply_manifest(doc, entries)
    # Interleave by row number so the output follows the file's own order.
    items: list[Document | Rejected] = [*docs, *rejected]
    return sorted(items, key=lambda x: int(x.source.rsplit("#", 1)[1]) if "#" in x.source else 0)


def iter_inputs(input_dir: Path) -> Iterator[Document | Rejected]:
    """Documents and rejections in deterministic (sorted path, then row) order."""
    plan = plan_inputs(input_dir)
    yield from plan.problems
    for found in plan.files:
        yield from read_found(found, plan.entries_for(found.rel))


def read_inputs(input_dir: Path) -> tuple[list[Document], list[Rejected]]:
    """Read every file under ``input_dir``: each becomes Document(s) or a Rejected with a reason.

    Hidden files/folders and ``manifest.csv`` files (metadata) are not inputs. Manifest values
    override what a file or export row supplied.
    """
    docs: list[Document] = []
    rejected: list[Rejected] = []
    for item in iter_inputs(input_dir):
        (docs if isinstance(item, Document) else rejected).append(item)
    return docs, rejected
