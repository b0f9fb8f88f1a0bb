"""Mojibake repair: UTF-8 read as cp1252/latin-1 or as GBK is re-decoded when the bytes round-trip.

"Rare" and "GBK-mojibake-typical" characters come from principled sources: jieba's dictionary
and codec round trips.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from itertools import chain

from .. import dictfacts
from ..script import to_simplified
from .pinyin import HAN_RE
from .rules import lexicon_config

# ---------------------------------------------------------------------------------------------
# character statistics (principled sources: jieba's dictionary and codec round trips)


_COMMON_MIN_WORDS = 5


def _count_char_words() -> list[str]:
    """Characters found in at least ``_COMMON_MIN_WORDS`` jieba dictionary words (a robust
    commonness measure: the dictionary holds a few mojibake words with huge counts, but never in
    many words)."""
    words = [ln.split(" ", 1)[0] for ln in dictfacts.read_jieba_dict().splitlines()]
    # Counter counts an iterable in C: each word's distinct characters, all words chained
    counts = Counter(chain.from_iterable(map(set, words)))
    return sorted(c for c, n in counts.items() if n >= _COMMON_MIN_WORDS)


@cache
def _common_chars() -> frozenset[str]:
    """The common characters (``_count_char_words``), kept on disk between processes (``dictfacts``)."""
    return frozenset(dictfacts.derived("common-chars", f"1|{_COMMON_MIN_WORDS}", _count_char_words))


@cache
def _safe_chars() -> frozenset[str]:
    return frozenset(lexicon_config().get("mojibake", {}).get("safe_chars", ""))


@cache
def _is_common(ch: str) -> bool:
    common = _common_chars()
    if ch in common or ch in _safe_chars():
        return True
    simp = to_simplified(ch)
    return len(simp) == 1 and simp in common


def is_rare_han(ch: str) -> bool:
    """A Han character that is neither common (in either script) nor a listed regional one."""
    return bool(HAN_RE.match(ch)) and not _is_common(ch)


@cache
def utf8_as_gbk_chars() -> frozenset[str]:
    """Characters that appear when the UTF-8 bytes of common Chinese text are decoded as GBK.

    Every byte pair such a decoder can see is tried: the two pairs inside one character's three
    bytes, and a character's last byte followed by the next character's first byte."""
    common = sorted(c for c in _common_chars() if "\u4e00" <= c <= "\u9fff")
    raws = [c.encode("utf-8") for c in common]
    leads = {r[0] for r in raws}
    pairs = {r[0:2] for r in raws} | {r[1:3] for r in raws}
    pairs |= {bytes([r[2], lead]) for r in raws for lead in leads}
    seen = set()
    for p in pairs:
        try:
            seen.add(p.decode("gbk"))
        except UnicodeDecodeError:
            continue
    return frozenset(c for c in seen if len(c) == 1 and ord(c) > 0x7F)


@cache
def _gbk_run_re() -> re.Pattern[str]:
    """Runs of two or more GBK-mojibake-typical characters (one C-level scan per line)."""
    chars = "".join(re.escape(c) for c in sorted(utf8_as_gbk_chars()))
    return re.compile(f"[{chars}]{{2,}}")


@cache
def _rare_gbk_re() -> re.Pattern[str]:
    """Any mojibake-typical character that ordinary text would not use."""
    chars = _rare_chars()
    return re.compile(f"[{chars}]") if chars else re.compile(r"(?!)")


def _rare_chars() -> str:
    return "".join(re.escape(c) for c in sorted(utf8_as_gbk_chars()) if not _is_common(c))


@cache
def _rare_gbk_in_gbk_run_re() -> re.Pattern[str]:
    """Maximal runs of mojibake-typical characters that hold a rare one (any length): the
    only runs the strict pass can change, found without a Python call per ordinary run."""
    chars, rare = "".join(re.escape(c) for c in sorted(utf8_as_gbk_chars())), _rare_chars()
    if not chars or not rare:
        return re.compile(r"(?!)")
    return re.compile(f"(?<![{chars}])[{chars}]*[{rare}][{chars}]*(?![{chars}])")


@cache
def _rare_gbk_in_run_re() -> re.Pattern[str]:
    """Maximal runs of non-ASCII characters that hold a rare mojibake-typical character (any
    length): the only runs the lossy pass can change (most non-ASCII runs are plain Chinese)."""
    rare = _rare_chars()
    if not rare:
        return re.compile(r"(?!)")
    return re.compile(f"(?<![^\\x00-\\x7f])[^\\x00-\\x7f]*[{rare}][^\\x00-\\x7f]*(?![^\\x00-\\x7f])")


@cache
def _drop_gbk_table() -> dict[int, None]:
    """``str.translate`` table deleting mojibake-typical characters and U+FFFD (for counting)."""
    return dict.fromkeys(map(ord, utf8_as_gbk_chars() | {"\ufffd"}))


# ---------------------------------------------------------------------------------------------
# mojibake repair

_LATIN_RUN_RE = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)


def _cp1252_bytes(s: str) -> bytes | None:
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:  # the five bytes cp1252 leaves undefined pass through latin-1
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def _plausible(decoded: str) -> bool:
    if not decoded or "\ufffd" in decoded:
        return False
    for ch in decoded:
        cat = unicodedata.category(ch)
        if cat.startswith("C") and ch not in "\t":
            return False
        if HAN_RE.match(ch) and not _is_common(ch):
            return False
    return True


def _repair_latin(run: str) -> str | None:
    cur = run
    for _ in range(3):  # double-encoded text needs two passes
        raw = _cp1252_bytes(cur)
        if raw is None:
            break
        try:
            nxt = raw.decode("utf-8")
        except UnicodeDecodeError:
            break
        if nxt == cur:
            break
        cur = nxt
        if not _LATIN_RUN_RE.search(cur):
            break
    return cur if cur != run and _plausible(cur) else None


def _repair_gbk(run: str) -> str | None:
    try:
        decoded = run.encode("gbk").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if not HAN_RE.search(decoded) or not _plausible(decoded):
        return None
    return decoded


def repair_mojibake(text: str) -> tuple[str, int]:
    """Re-decode reversible mojibake (UTF-8 read as cp1252/latin-1 or as GBK); return
    (text, number of spans repaired). Only strict round trips to plausible text are accepted."""
    if text.isascii():
        return text, 0  # both kinds of mojibake are made of non-ASCII characters
    n = 0

    def latin(m: re.Match[str]) -> str:
        nonlocal n
        fixed = _repair_latin(m.group(0))
        if fixed is None:
            return m.group(0)
        n += 1
        return fixed

    text = _LATIN_RUN_RE.sub(latin, text)
    if _rare_gbk_re().search(text) is None:
        # both GBK passes only act on runs holding a rare mojibake-typical character
        return text, n
    text, k2 = _repair_gbk_lossy(text)
    text, k = _repair_gbk_runs(text)
    return text, n + k + k2


def _repair_gbk_runs(text: str) -> tuple[str, int]:
    """Strict pass: maximal runs of mojibake-typical characters that round-trip exactly."""
    n = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal n
        run = m.group(0)
        # a run is only suspicious when it holds characters no ordinary text would use (the
        # pattern only finds such runs); the repair needs two characters
        if len(run) < 2:
            return run
        for a, b in ((0, 0), (0, 1), (1, 0), (1, 1), (0, 2), (2, 0)):
            if len(run) - a - b < 2:
                continue
            fixed = _repair_gbk(run[a : len(run) - b])
            if fixed is not None:
                n += 1
                return run[:a] + fixed + run[len(run) - b :]
        return run

    # maximal runs (as _gbk_run_re's) holding a rare character
    return _rare_gbk_in_gbk_run_re().sub(fix, text), n


def _repair_gbk_lossy(text: str) -> tuple[str, int]:
    """Lossy pass: a run made mostly of mojibake-typical characters whose bytes decode as UTF-8
    to mostly ordinary text is re-decoded; bytes lost by the scraper become U+FFFD, which the
    damage detector then reports."""
    drop = _drop_gbk_table()
    n = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal n
        run = m.group(0)
        # a maximal non-ASCII run of at least 4 characters with a rare mojibake-typical one
        # (the pattern finds only runs with one) and mostly mojibake-typical characters
        if len(run) < 4:
            return run
        suspicious = len(run) - len(run.translate(drop))
        if suspicious < 0.6 * len(run):
            return run
        try:
            # a U+FFFD stands for bytes the scraper lost: an invalid byte keeps it lost
            raw = b"\xff".join(piece.encode("gbk") for piece in run.split("\ufffd"))
        except UnicodeEncodeError:
            return run
        decoded = raw.decode("utf-8", "replace")
        good = sum(1 for c in decoded if _is_common(c) or unicodedata.category(c).startswith("P"))
        if sum(1 for c in decoded if HAN_RE.match(c)) < 2 or good < 0.75 * len(decoded):
            return run
        n += 1
        return re.sub("\ufffd+", "\ufffd", decoded)

    return _rare_gbk_in_run_re().sub(fix, text), n
