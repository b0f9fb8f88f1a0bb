"""Bytes → text: reject binaries, detect and record the encoding, never guess without evidence."""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

from ..records import Document
from .values import decode_entities

MAX_BYTES = 32 * 1024 * 1024  # larger files are not articles; reading them would stall the build
# One article's decoded text. Long features run to ~50,000 characters; far more is a concatenated dump
# or a mis-saved page, which cleaning and analysis would take minutes and gigabytes to read as one article.
MAX_CHARS = 500_000


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
    half = len(head) // 2
    lo, hi = head[0::2], head[1::2]
    enough = max(1, half * 0.005)
    hi_nul, lo_nul = hi.count(0), lo.count(0)
    # a NUL byte in the other position is still UTF-16 when its partner is a CJK high byte:
    # 一 (U+4E00), 开 (U+5F00), 最 (U+6700) have a zero low byte. The pairs are counted (a Python
    # loop over 32,768 pairs) only when NULs make UTF-16 possible: plain text has none.
    if hi_nul > enough:
        even = sum(1 for a, b in zip(lo, hi, strict=False) if a == 0 and not 0x30 <= b <= 0x9F)
        if even <= hi_nul * 0.02:
            return "utf-16-le"
    if lo_nul > enough:
        odd = sum(1 for a, b in zip(lo, hi, strict=False) if b == 0 and not 0x30 <= a <= 0x9F)
        if odd <= lo_nul * 0.02:
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


def read_text(data: bytes, rel: str, fmt: str, forced: str | None = None) -> Document:
    """A plain-text or Markdown article (HTML character references decoded)."""
    text, encoding = decode_bytes(data, forced=forced)
    text = decode_entities(normalise_newlines(text))
    if fmt == "md":
        text = markdown_inline(text)
    text, meta = front_matter(text)
    if not text.strip():
        raise IngestError("empty file")
    return Document(rel, text, encoding, fmt, meta, dict.fromkeys(meta, "row"))


# A front-matter block a static-site export puts before the article (--- / key: value / ---): its
# fields are the article's metadata, like an export row's columns, not its text
_FRONT_FENCE_RE = re.compile(r"^\s*-{3}\s*$")
_FRONT_FIELD_RE = re.compile(r"^\s*([A-Za-z_][\w-]{0,30})\s*:\s*(.*?)\s*$")
_FRONT_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "source": "publisher",
    "publisher": "publisher",
    "author": "author",
    "url": "url",
    "link": "url",
}


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """``text`` with a leading front-matter block blanked (each line keeps its place) and the
    metadata it states; unchanged when the text opens with no such block."""
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines[:5]) if ln.strip()), None)
    if first is None or not _FRONT_FENCE_RE.match(lines[first]):
        return text, {}
    end = next(
        (i for i in range(first + 1, min(len(lines), first + 40)) if _FRONT_FENCE_RE.match(lines[i])), None
    )
    fields = lines[first + 1 : end] if end else []
    if not fields or not all(_FRONT_FIELD_RE.match(ln) or not ln.strip() for ln in fields):
        return text, {}
    meta: dict[str, str] = {}
    for ln in fields:
        m = _FRONT_FIELD_RE.match(ln)
        key = _FRONT_KEYS.get(m.group(1).lower()) if m else None
        value = m.group(2).strip().strip("\"'") if m else ""
        if key and value and key not in meta:
            meta[key] = value
    blanked = [""] * (end + 1 - first)
    return "\n".join([*lines[:first], *blanked, *lines[end + 1 :]]), meta


# Markdown inline marks a reader does not see: a link shows its text ([新华网](https://…) → 新华网),
# emphasis its words (**2019-12-10** → 2019-12-10). Images (![](…)) and block marks (# heading,
# - item, > quote) stay: cleaning and paragraph joining read those. Each line keeps its place.
_MD_LINK_RE = re.compile(r"(?<!!)\[([^\[\]\n]{1,200})\]\([^()\s]{1,500}(?:\s+\"[^\"\n]*\")?\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*)(?=\S)([^*\n]{1,200}?)(?<=\S)\1")


def markdown_inline(text: str) -> str:
    """``text`` with Markdown links reduced to their text and emphasis marks dropped."""
    return _MD_EMPHASIS_RE.sub(r"\2", _MD_LINK_RE.sub(r"\1", text))
