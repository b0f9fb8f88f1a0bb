"""Cleaning: turn one decoded article into the body paragraphs a careful reader would keep.

``clean_text(text)`` returns a :class:`CleanResult`: kept paragraphs (role body, heading,
caption or reference, with irreparable mojibake reported as ``damaged_spans``), every cut
source line (or cut part of a line) with the rule that cut it, and counts. Phrase and pattern
lists live in ``data/lexicon/boilerplate.toml``; this module holds only the mechanics.

Rule ids (``removed.rule``) are the members of ``schema.Rule``; ``schema.RULE_DOCS`` says what
each removes (README.md's rule table is tested against it).

Kept roles: ``heading`` (short title-like line, e.g. after a section number), ``caption``
(``外媒報導截圖``, ``…資料圖``), ``reference`` (``參考資料:`` and its numbered items; kept
because citations are extracted from them), ``body`` (everything else, English included).
``Author: …`` lines are removed as author_line (the metadata stage reads the raw text).

Mojibake: UTF-8 read as cp1252/latin-1 or as GBK is re-decoded when the bytes round-trip to
ordinary text (a lossy GBK run keeps U+FFFD where the scraper lost bytes). Irreparable damage
is reported, never deleted: spans anchored by U+FFFD / private-use characters or by an orphaned
ruby fragment (``?yàn)`` — an annotation whose character and opening bracket were lost),
extended over neighbouring rare characters. "Rare" and "GBK-mojibake-typical" come from
principled sources, not hand lists: how many words of jieba's dictionary use a character
(after OpenCC simplification), and which characters appear when common characters' UTF-8
bytes are decoded as GBK. Regional characters (Cantonese 嘅 咗 喺 …) are listed as safe in the
lexicon.

Removed whole lines are recorded as written, minus ruby pinyin (``網(wǎng)易號`` reads ``網易號``).

Counts: ``pinyin_stripped`` (annotations cut), ``mojibake_repaired`` (spans re-decoded),
``damaged_spans`` (irreparable spans flagged), ``lines_removed`` (source lines removed whole).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

import ahocorasick

from .lexicon import read_toml
from .records import CleanResult, Paragraph, RemovedLine
from .schema import Rule
from .script import to_simplified
from .sources import outlet_prefix

LEXICON = "boilerplate.toml"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONE_RE = re.compile(f"[{_TONES}]")
_PY_CHARS = f"a-zü{_TONES}ê"

# ---------------------------------------------------------------------------------------------
# pinyin


_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
    "",
)
_FINALS = frozenset(
    "a ai an ang ao e ei en eng er o ong ou i ia ian iang iao ie in ing iong iu u ua uai uan "
    "uang ue ui un uo ü üe üan ün v ve n ng m r ê".split()
)
_RUBY_RE = re.compile(rf"(?<=[{_HAN}])[(（]\s*([{_PY_CHARS}]+(?:\s+[{_PY_CHARS}]+)*)\s*[)）]")
_TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}


def _untone(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


@lru_cache(maxsize=1 << 16)  # the same few hundred syllables recur in every annotated text
def is_pinyin_syllable(syllable: str) -> bool:
    """True when ``syllable`` (tone marks allowed, lower case) is a Mandarin pinyin syllable."""
    base = _untone(syllable)
    for ini in _INITIALS:
        if base.startswith(ini) and base[len(ini) :] in _FINALS:
            if ini in ("j", "q", "x") and base[len(ini) :].startswith(("a", "o", "e")):
                continue  # ja/qo/xe are not Mandarin
            return True
    return False


def _has_tone(s: str) -> bool:
    return _TONE_RE.search(s) is not None


@lru_cache(maxsize=1 << 14)  # the same bracket contents ((guó), (zhōng guó)) recur on every page
def _ruby_ok(content: str, dense: bool) -> bool:
    # toneless brackets ((an), (me)) are only annotations when the text is full of them;
    # checked first because it is cheaper than the syllable test (both must hold)
    if not (dense or _has_tone(content)):
        return False
    return all(is_pinyin_syllable(s) for s in content.split())


def strip_pinyin(text: str, dense: bool = False) -> tuple[str, list[str]]:
    """Remove flattened ruby pinyin after Han characters; return (text, cut brackets)."""
    cut: list[str] = []
    if "(" not in text and "（" not in text:
        return text, cut  # an annotation needs a bracket

    def repl(m: re.Match[str]) -> str:
        if _ruby_ok(m.group(1), dense):
            cut.append(m.group(0))
            return ""
        return m.group(0)

    return _RUBY_RE.sub(repl, text), cut


def _toned_ruby_count(text: str, enough: int | None = None) -> int:
    """Toned ruby annotations in ``text``; counting stops once ``enough`` are found."""
    if _TONE_RE.search(text) is None:
        return 0  # only toned brackets count
    n = 0
    for m in _RUBY_RE.finditer(text):
        if _ruby_ok(m.group(1), False):
            n += 1
            if n == enough:
                break
    return n


# ---------------------------------------------------------------------------------------------
# character statistics (principled sources: jieba's dictionary and codec round trips)


@cache
def _char_words() -> Counter[str]:
    """How many jieba dictionary words contain each character (a robust commonness measure:
    the dictionary holds a few mojibake words with huge counts, but never in many words)."""
    import jieba  # local import: only needed when cleaning

    counts: Counter[str] = Counter()
    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open(encoding="utf-8") as fh:
        for ln in fh:
            for ch in set(ln.split(" ", 1)[0]):
                counts[ch] += 1
    return counts


_COMMON_MIN_WORDS = 5


@cache
def _safe_chars() -> frozenset[str]:
    return frozenset(_config().get("mojibake", {}).get("safe_chars", ""))


@cache
def _is_common(ch: str) -> bool:
    words = _char_words()
    if words[ch] >= _COMMON_MIN_WORDS or ch in _safe_chars():
        return True
    simp = to_simplified(ch)
    return len(simp) == 1 and words[simp] >= _COMMON_MIN_WORDS


def is_rare_han(ch: str) -> bool:
    """A Han character that is neither common (in either script) nor a listed regional one."""
    return bool(_HAN_RE.match(ch)) and not _is_common(ch)


@cache
def utf8_as_gbk_chars() -> frozenset[str]:
    """Characters that appear when the UTF-8 bytes of common Chinese text are decoded as GBK.

    Every byte pair such a decoder can see is tried: the two pairs inside one character's three
    bytes, and a character's last byte followed by the next character's first byte."""
    common = [c for c, n in _char_words().items() if n >= _COMMON_MIN_WORDS and "\u4e00" <= c <= "\u9fff"]
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
        if _HAN_RE.match(ch) and not _is_common(ch):
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
    if not _HAN_RE.search(decoded) or not _plausible(decoded):
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
        if sum(1 for c in decoded if _HAN_RE.match(c)) < 2 or good < 0.75 * len(decoded):
            return run
        n += 1
        return re.sub("\ufffd+", "\ufffd", decoded)

    return _rare_gbk_in_run_re().sub(fix, text), n


# ---------------------------------------------------------------------------------------------
# irreparable damage

_HARD_DAMAGE_RE = re.compile("[\ufffd\ue000-\uf8ff]|锟斤拷|烫烫烫|屯屯屯")
# a ruby annotation whose character (and opening bracket) was lost: "?yàn)" "?guó)"
_ORPHAN_RUBY_RE = re.compile(rf"[?？]?[{_PY_CHARS}]*[{_TONES}][{_PY_CHARS}]*[)）]")


def _suspect(ch: str) -> bool:
    return ch in "?？\ufffd" or is_rare_han(ch) or "\ue000" <= ch <= "\uf8ff"


# every character classified so far, split by _suspect (bounded by the characters in use)
_SEEN_SUSPECT: set[str] = set()
_SEEN_CLEAN: set[str] = set()


def _suspects_in(text: str) -> set[str]:
    """The distinct characters of ``text`` that ``_suspect`` flags, with set operations in C
    for every character met before."""
    chars = set(text)
    for ch in chars - _SEEN_CLEAN - _SEEN_SUSPECT:
        (_SEEN_SUSPECT if _suspect(ch) else _SEEN_CLEAN).add(ch)
    return chars & _SEEN_SUSPECT


def find_damaged_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of irreparable mojibake: replacement/private-use characters,
    orphaned ruby fragments, and runs of rare or GBK-mojibake characters around them."""
    n = len(text)
    suspects = _suspects_in(text)
    anchored = [m.span() for m in _HARD_DAMAGE_RE.finditer(text)]
    if _TONE_RE.search(text) is not None:  # an orphaned fragment needs a tone mark
        for m in _ORPHAN_RUBY_RE.finditer(text):
            # keep only fragments whose opening bracket is missing
            before = text[max(0, m.start() - 12) : m.start()]
            if re.search(r"[(（][^()（）]*$", before):
                continue
            if not is_pinyin_syllable(m.group(0).strip("?？)）")):
                continue
            anchored.append(m.span())
    if not suspects and not anchored:
        return []  # the common case: nothing that could start a span
    anchor = [False] * n
    member = [False] * n
    for start, end in anchored:
        for k in range(start, end):
            anchor[k] = member[k] = True
    gset = utf8_as_gbk_chars()
    for k, ch in enumerate(text):
        if ch in suspects:
            member[k] = True
    # un-anchored GBK mojibake: >= 3 rare mojibake-typical characters within 4
    rare_moji = {c for c in suspects if c in gset and is_rare_han(c)}
    if rare_moji:
        for k in range(n):
            window = text[k : k + 4]
            if sum(1 for c in window if c in rare_moji) >= 3:
                for q in range(k, min(n, k + 4)):
                    if text[q] in gset:
                        anchor[q] = member[q] = True

    # group suspects separated by at most two Han characters (misaligned GBK pairs are often
    # ordinary characters sitting between rare ones)
    spans: list[tuple[int, int]] = []
    k = 0
    while k < n:
        if not member[k]:
            k += 1
            continue
        start = end = k
        has_anchor = anchor[k]
        q = k + 1
        while q < n:
            if member[q]:
                end = q
                has_anchor = has_anchor or anchor[q]
                q += 1
                continue
            gap = 0
            while q + gap < n and not member[q + gap] and _HAN_RE.match(text[q + gap]) and gap < 3:
                gap += 1
            if 0 < gap <= 2 and q + gap < n and member[q + gap]:
                q += gap
                continue
            break
        if has_anchor:
            spans.append((start, end + 1))
        k = end + 1
    # two damaged spans a few Han characters apart: what lies between is damage too
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s - merged[-1][1] <= 4 and all(_HAN_RE.match(c) for c in text[merged[-1][1] : s]):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


# ---------------------------------------------------------------------------------------------
# configuration


@cache
def _config() -> dict:
    return read_toml(LEXICON)


@dataclass(frozen=True)
class _Rule:
    rule: Rule
    contains: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    max_len: int | None


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# group references would point at the wrong group once patterns are joined
_GROUP_REF_RE = re.compile(r"\\\d|\(\?P=|\(\?\(")


@cache
def _compile_any(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Patterns used only as "does any of them search/match", fewer of them: those anchored at
    the line start are joined into one alternation (one call instead of one per pattern).
    Unanchored ones stay apart, since the regex engine finds a lone pattern's literal prefix
    much faster than an alternation's. Joining is skipped when it could change a pattern's
    meaning (group references) or is refused (global inline flags)."""
    anchored = [p for p in patterns if p.startswith("^")]
    rest = [p for p in patterns if not p.startswith("^")]
    if len(anchored) <= 1 or any(_GROUP_REF_RE.search(p) for p in anchored):
        return _compile(list(patterns))
    try:
        joined = re.compile("|".join(f"(?:{p})" for p in anchored), re.IGNORECASE)
    except re.error:
        return _compile(list(patterns))
    return (joined, *_compile(rest))


# markers after which every line belongs to their section, not to trailing furniture
_SECTION_ENDS = (Rule.RANDOM_TOPICS, Rule.COMMENTS, Rule.PLATFORM_NOTICE)
# the order in which line rules are tried (most specific first)
_RULE_ORDER = (
    Rule.IMAGE_PLACEHOLDER,
    Rule.PLATFORM_NOTICE,
    Rule.REPRINT_STATEMENT,
    Rule.SPECIAL_STATEMENT,
    Rule.READ_COUNT_PROMO,
    Rule.SOURCE_URL,
    Rule.EDITOR_LINE,
    Rule.AUTHOR_LINE,
    Rule.COMMENTS,
    Rule.RANDOM_TOPICS,
)


@cache
def _rules() -> tuple[_Rule, ...]:
    cfg = _config().get("rules", {})
    out = []
    for rid in _RULE_ORDER + tuple(r for r in cfg if r not in _RULE_ORDER):
        spec = cfg.get(rid)
        if not spec:
            continue
        out.append(
            _Rule(
                Rule(rid),  # a rule the lexicon names must be a schema.Rule (else: ValueError naming it)
                tuple(spec.get("contains", ())),
                _compile_any(tuple(spec.get("patterns", []))),
                spec.get("max_len"),
            )
        )
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# lines


@dataclass
class _Line:
    no: int  # 1-based source line
    raw: str
    text: str  # after inline cuts, repair and pinyin stripping
    forms: tuple[str, ...] = ()  # NFKC text and its simplified copy, for matching only
    rule: Rule | None = None
    role: str | None = None
    cuts: list[RemovedLine] = field(default_factory=list)
    n_pinyin: int = 0
    grams: frozenset[str] | None = None  # _bigrams(forms[-1]), computed on first use

    def bigrams(self) -> frozenset[str]:
        if self.grams is None:
            self.grams = _bigrams(self.forms[-1])
        return self.grams

    @property
    def free(self) -> bool:
        return self.rule is None and self.role is None


# only real HTML element names, so "x<y and y>z" in prose is left alone
_TAG_NAMES = (
    "a|abbr|article|aside|audio|b|big|blockquote|body|br|button|center|code|div|em|"
    "figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|"
    "label|li|link|meta|mp-[a-z-]+|nav|noscript|ol|p|path|picture|pre|script|section|"
    "small|source|span|strong|style|sub|sup|svg|table|tbody|td|th|thead|tr|u|ul|video|wbr"
)
_TAG_RE = re.compile(rf"<!--.*?-->|</?(?:{_TAG_NAMES})(?:\s[^<>]{{0,300}})?\s*/?>", re.DOTALL | re.IGNORECASE)
_EMPTY_RE = re.compile(r"^[\d\W_]{1,6}$|^[\W_]+$")
_SECTION_RE = re.compile(r"^(?:0?\d{1,2}|[一二三四五六七八九十]{1,3}|Part\s+\d+)$", re.IGNORECASE)
_URL_RE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")
_SENTENCE_END = "。!！?？…"


def _forms(text: str) -> tuple[str, ...]:
    nfkc = unicodedata.normalize("NFKC", text)
    simp = to_simplified(nfkc)
    return (nfkc,) if simp == nfkc else (nfkc, simp)


_NON_HAN_RE = re.compile(f"[^{_HAN}]+")
_WORD_RE = re.compile(r"[A-Za-z]{3,}")


@lru_cache(maxsize=1 << 13)  # recurring lines (boilerplate, headline boxes) are compared again
def _bigrams(s: str) -> frozenset[str]:
    han = _NON_HAN_RE.sub("", s)
    grams = set(map(str.__add__, han, han[1:]))  # adjacent pairs, built in C
    grams.update(map(str.lower, _WORD_RE.findall(s)))
    return frozenset(grams)


def _overlap(line: _Line, vocab: Counter[str], own: frozenset[str] | None = None) -> float:
    """Share of the line's bigrams found in ``vocab`` (not counting ``own``'s one use of each)."""
    grams = line.bigrams()
    if not grams:
        return 0.0
    # set operations in C: a gram outside ``own`` hits when vocab has it at all; a gram of
    # ``own`` only when vocab has it more than once (``own`` contributed one count)
    keys = vocab.keys()
    if not own:
        hits = len(grams & keys)
    else:
        hits = len((grams - own) & keys) + sum(1 for g in grams & own if vocab[g] > 1)
    return hits / len(grams)


def _is_heading(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > (30 if _HAN_RE.search(t) else 90):
        return False
    if _HAN_RE.search(t):
        inner = t[:-1]
        if any(p in inner for p in ",,。;;!?！？") or t[-1] in ",,;;、:：。":
            return False
        return True
    words = t.split()
    return len(words) <= 12 and t[-1] not in ".,;:"


@cache
def _box_inline() -> tuple[re.Pattern[str], ...]:
    return _compile(_config().get("related_box", {}).get("inline", []))


# (text, forms, inline cuts as (text, rule), mojibake spans repaired, ruby annotations cut);
# text None: the line held nothing but HTML tags
_Prepared = tuple[str | None, tuple[str, ...], tuple[tuple[str, str], ...], int, int]


@lru_cache(maxsize=1 << 13)  # boilerplate lines recur across the articles of one source
def _prepare_line(raw: str, dense: bool) -> _Prepared:
    """The inline cuts, repairs and matching forms of one non-blank source line."""
    cur = raw
    cuts: list[tuple[str, str]] = []
    if "<" in cur:  # every tag and comment starts with "<"
        tags = [m.group(0) for m in _TAG_RE.finditer(cur)]
        if tags:
            cur = _TAG_RE.sub("", cur)
            if "&" in cur:
                cur = html.unescape(cur)
            if not cur.strip():
                return None, (), (), 0, 0
            cuts.extend((t, Rule.HTML_TAG) for t in tags)
    if "(" in cur or "（" in cur:  # an inline box is bracketed
        for pat in _box_inline():
            for m in list(pat.finditer(cur)):
                if m.group(0).strip() != cur.strip():
                    cuts.append((m.group(0), Rule.RELATED_BOX))
            cur = pat.sub(lambda m, c=cur: "" if m.group(0).strip() != c.strip() else m.group(0), cur)
    cur, k = repair_mojibake(cur)
    cur, ruby = strip_pinyin(cur, dense)
    if ruby:
        cuts.append((" ".join(ruby), Rule.PINYIN))
    cur = cur.strip()
    return cur, _forms(cur), tuple(cuts), k, len(ruby)


def _prepare(text: str, dense: bool) -> tuple[list[_Line], int]:
    lines: list[_Line] = []
    n_moji = 0
    for no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        cur, forms, cuts, k, n_ruby = _prepare_line(raw, dense)
        if cur is None:
            lines.append(_Line(no, raw, "", rule=Rule.HTML_TAG))
            continue
        n_moji += k
        removed = [RemovedLine(no, t, rule) for t, rule in cuts]
        lines.append(_Line(no, raw, cur, forms, cuts=removed, n_pinyin=n_ruby))
    return lines, n_moji


@cache
def _contains_automaton() -> tuple[ahocorasick.Automaton | None, frozenset[str]]:
    """One Aho-Corasick automaton over every rule's ``contains`` phrases → the rules naming
    them, and the rules with an empty phrase (contained in every line)."""
    phrases: dict[str, set[str]] = {}
    always: set[str] = set()
    for r in _rules():
        for c in r.contains:
            if c:
                phrases.setdefault(c, set()).add(r.rule)
            else:
                always.add(r.rule)
    if not phrases:
        return None, frozenset(always)
    auto = ahocorasick.Automaton()
    for c, rules in phrases.items():
        auto.add_word(c, frozenset(rules))
    auto.make_automaton()
    return auto, frozenset(always)


def _contained(form: str) -> set[str]:
    """Rules with a ``contains`` phrase occurring in ``form``."""
    auto, always = _contains_automaton()
    found = set(always)
    if auto is not None:
        for _, rules in auto.iter(form):
            found.update(rules)
    return found


@cache
def _section_patterns(section: str, key: str) -> tuple[re.Pattern[str], ...]:
    return _compile_any(tuple(_config().get(section, {}).get(key, [])))


@lru_cache(maxsize=1 << 13)  # per distinct line: boilerplate recurs across articles
def _any_search(section: str, key: str, forms: tuple[str, ...]) -> bool:
    """Whether one of the ``[section] key`` patterns occurs in one of ``forms``."""
    return any(p.search(f) for p in _section_patterns(section, key) for f in forms)


@lru_cache(maxsize=1 << 13)
def _any_match(section: str, key: str, form: str) -> bool:
    """Whether one of the ``[section] key`` patterns matches at the start of ``form``."""
    return any(p.match(form) for p in _section_patterns(section, key))


def _match_rule(line: _Line) -> str | None:
    return _rule_for(line.forms)


def _starts_anchored(pattern: str) -> bool:
    """True when ``pattern`` opens with ``^`` outside any alternation, so it can only match at
    the start of a line and means the same as ``^(?:rest)``."""
    if not pattern.startswith("^"):
        return False
    try:
        from re import _constants, _parser  # the regex module's own parser (CPython 3.11+)

        items = _parser.parse(pattern, re.IGNORECASE).data
        return bool(items) and items[0] == (_constants.AT, _constants.AT_BEGINNING)
    except Exception:  # noqa: BLE001 - no parser, or an odd pattern: treat it as unanchored
        return False


@cache
def _rule_prefilter() -> tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...]] | None:
    """Every line rule's patterns as (one start-anchored alternation tried once at the line
    start, the unanchored ones apart): whether *any* rule pattern occurs in a form costs a
    fraction of the rule-by-rule loop, and most lines (body text) match none. None when the
    patterns cannot be joined without changing their meaning (group references, clashing
    group names)."""
    patterns = [p for spec in _config().get("rules", {}).values() if spec for p in spec.get("patterns", [])]
    if any(_GROUP_REF_RE.search(p) for p in patterns):
        return None
    anchored = [p for p in patterns if _starts_anchored(p)]
    rest = [p for p in patterns if p not in anchored]
    try:
        joined = (
            re.compile("^(?:" + "|".join(f"(?:{p[1:]})" for p in anchored) + ")", re.IGNORECASE)
            if anchored
            else None
        )
    except re.error:
        return None
    return joined, _compile(rest)


def _no_rule_pattern(forms: tuple[str, ...]) -> bool:
    """True when certainly no line rule's pattern occurs in any of ``forms``."""
    pre = _rule_prefilter()
    if pre is None:
        return False
    joined, rest = pre
    for f in forms:
        if joined is not None and joined.search(f):
            return False
        for p in rest:
            if p.search(f):
                return False
    return True


@lru_cache(maxsize=1 << 13)  # boilerplate lines recur across articles; the answer depends on forms only
def _rule_for(forms: tuple[str, ...]) -> str | None:
    # The first rule (in order) for which some form of the line, before the first form longer
    # than the rule's max_len, contains one of its phrases or matches one of its patterns. The
    # phrase lookups of all rules are one automaton pass per form; each rule's patterns one regex.
    contained = [_contained(f) for f in forms]
    if not any(contained) and _no_rule_pattern(forms):
        return None  # the common case (body text): no phrase and no pattern of any rule
    lengths = [len(f.strip()) for f in forms]
    for r in _rules():
        for k, f in enumerate(forms):
            if r.max_len is not None and lengths[k] > r.max_len:
                break
            if r.rule in contained[k]:
                return r.rule
            for p in r.patterns:
                if p.search(f):
                    return r.rule
    return None


_MASTHEAD_REST = re.compile(
    r"^(?:新闻网|网站|网|官网|新闻|电子报|app)?\s*(?:$|[/|｜·•—-]\s*(?:(?:19|20)\d{2}\s*[-/.年].*)?$|(?:19|20)\d{2}\s*[-/.年].*$)",
    re.IGNORECASE,
)


def _is_masthead(text: str) -> bool:
    """A line that is only a known news outlet's name, with a site suffix or a date at most."""
    found = outlet_prefix(text)
    return found is not None and found[0].type == "media" and bool(_MASTHEAD_REST.match(found[1].strip()))


def _classify(lines: list[_Line]) -> None:
    cfg = _config()
    # 1. per-line patterns
    for ln in lines:
        if ln.rule is None:
            ln.rule = _match_rule(ln)

    # 2. section numbers above a short heading; otherwise lone numbers are empty markers
    for i, ln in enumerate(lines):
        if ln.rule is None and _SECTION_RE.match(ln.forms[0].strip()):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and nxt.rule is None and _is_heading(nxt.text):
                ln.rule = Rule.SECTION_NUMBER
                nxt.role = "heading"
    for ln in lines:
        if ln.free and _EMPTY_RE.match(ln.forms[0].strip()):
            ln.rule = Rule.EMPTY_MARKER

    # 3. multi-line related boxes
    box = cfg.get("related_box", {})
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.free and _any_search("related_box", "openers", ln.forms):
            ln.rule = Rule.RELATED_BOX
            depth = ln.forms[0].count("(") - ln.forms[0].count(")")
            j = i + 1
            while depth > 0 and j < len(lines) and j - i <= box.get("max_lines", 12):
                depth += lines[j].forms[0].count("(") - lines[j].forms[0].count(")") if lines[j].forms else 0
                if lines[j].rule in (None, Rule.EMPTY_MARKER):
                    lines[j].rule = Rule.RELATED_BOX
                j += 1
            i = j
            continue
        i += 1

    # 4. header: byline near the top, the headline above it
    head = cfg.get("header", {})
    # a masthead line: a known news outlet's name alone (明報新聞網, 中央社 / 2025/11/13 16:45)
    for ln in lines[: head.get("max_line", 6)]:
        if ln.free and len(ln.text) <= 40 and _is_masthead(ln.text):
            ln.rule = Rule.BYLINE
    bylines = _compile_any(tuple(head.get("byline_patterns", [])))
    for i, ln in enumerate(lines[: head.get("max_line", 6)]):
        is_byline = ln.free and len(ln.text) <= 80 and any(p.search(ln.forms[0]) for p in bylines)
        if is_byline or ln.rule == Rule.AUTHOR_LINE:
            if is_byline:
                ln.rule = Rule.BYLINE
            prev = [p for p in lines[:i] if p.free]
            # an author line is weaker evidence: the line above must also read as a headline
            ends = ("。", ".", "!", "!", "”", '"') if not is_byline else ("。",)
            if (
                prev
                and len(prev[-1].text) <= head.get("title_max_len", 80)
                and not prev[-1].text.endswith(ends)
            ):
                prev[-1].rule = Rule.TITLE
            break

    # 5. reference lists (kept, role reference)
    refs = cfg.get("references", {})
    ref_item = re.compile(refs.get("item", r"^\s*\d+[、.]"))
    for i, ln in enumerate(lines):
        if not ln.free or not _any_match("references", "openers", ln.forms[0]):
            continue
        # "Sources say ..." is prose: an opener must be short or end with its colon
        if len(ln.text) > 80 and not re.search(r"[:：]\s*$", ln.text):
            continue
        ln.role = "reference"
        for nxt in lines[i + 1 : i + 1 + refs.get("max_items", 20)]:
            if not nxt.free:
                break
            if ref_item.match(nxt.forms[0]) or _URL_RE.match(nxt.forms[0]):
                nxt.role = "reference"
            else:
                break

    # 6. end-of-article markers: everything after them is furniture
    trailing = cfg.get("trailing", {})
    markers = set(trailing.get("markers", []))
    weak = set(trailing.get("weak_markers", []))
    seen_body = 0
    block: str | None = None
    for k, ln in enumerate(lines):
        if block is None:
            if ln.rule in markers and seen_body >= 2:
                if ln.rule not in weak or not _body_follows(lines, k, trailing):
                    block = ln.rule
            elif ln.free and len(ln.text) >= 20:
                seen_body += 1
            continue
        if ln.rule in markers and ln.rule in _SECTION_ENDS:
            block = ln.rule
        if ln.rule is None:
            ln.rule = block if block in _SECTION_ENDS else Rule.TRAILING_FURNITURE
            ln.role = None

    _headline_lists(lines, cfg.get("headline_list", {}))

    # 7. roles of what is left
    cap = cfg.get("captions", {})
    for ln in lines:
        if not ln.free:
            continue
        if len(ln.text) <= cap.get("max_len", 60) and _any_search("captions", "patterns", ln.forms):
            ln.role = "caption"
        elif _is_heading(ln.text):
            ln.role = "heading"
        else:
            ln.role = "body"


def _body_follows(lines: list[_Line], k: int, cfg: dict) -> bool:
    """True when substantial text sharing the body's vocabulary follows line ``k``."""
    vocab: Counter[str] = Counter(chain.from_iterable(ln.bigrams() for ln in lines[:k] if ln.free))
    min_len = cfg.get("body_min_len", 40)
    min_overlap = cfg.get("body_min_overlap", 0.3)
    hits = sum(
        1
        for ln in lines[k + 1 :]
        if ln.free and len(ln.text) >= min_len and _overlap(ln, vocab) >= min_overlap
    )
    return hits >= 2


# concatenated headlines are separated by spaces; Chinese sentences are not
_SEGMENT_SPLIT_RE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 12)
def _headline_segments(text: str) -> int:
    """Space-separated segments of ``text`` that read like a Chinese headline (>= 3 Han)."""
    return sum(1 for s in _SEGMENT_SPLIT_RE.split(text) if len(s) >= 4 and len(_HAN_RE.findall(s)) >= 3)


def _headline_lists(lines: list[_Line], cfg: dict) -> None:
    """Cut runs of short unrelated headlines and run-on lines of concatenated headlines."""
    min_lines = cfg.get("min_lines", 3)
    max_len = cfg.get("max_len", 60)
    max_overlap = cfg.get("max_overlap", 0.2)
    bullet = re.compile(cfg.get("bullet", r"^\s*[-•·*]\s*"))
    body_idx = [i for i, ln in enumerate(lines) if ln.free and len(ln.text) >= 40]
    if not body_idx:
        return
    # one C-level count over all body lines' bigram sets
    vocab: Counter[str] = Counter(chain.from_iterable(lines[i].bigrams() for i in body_idx))

    in_vocab = set(body_idx)

    def low(i: int) -> bool:
        ln = lines[i]
        own = ln.bigrams() if i in in_vocab else None  # do not count a line against itself
        return _overlap(ln, vocab, own) <= max_overlap

    def headline_like(text: str) -> bool:
        # headlines do not end like sentences: body paragraphs almost always do
        return "。" not in text and not text.rstrip().endswith((".", "”", "」", '"', ";", ";", ","))

    cand = {
        i
        for i, ln in enumerate(lines)
        if ln.free and len(ln.text) <= max_len and headline_like(ln.text) and low(i)
    }
    anchors = [i for i in body_idx if i not in cand]
    if not anchors:
        return  # no body left to compare with: never cut a whole article as headlines
    first, last = anchors[0], anchors[-1]

    # runs of consecutive unrelated short lines (lines already cut do not break a run)
    run: list[int] = []

    def flush() -> None:
        if len(run) >= min_lines:
            bulleted = sum(1 for i in run if bullet.match(lines[i].text)) >= min_lines
            if bulleted or run[-1] < first or run[0] > last:
                for i in run:
                    lines[i].rule = Rule.HEADLINE_LIST
        run.clear()

    for i, ln in enumerate(lines):
        if i in cand:
            run.append(i)
        elif ln.free:
            flush()
    flush()

    # run-on lines: long, made of many space/exclamation-separated segments, unrelated words
    for i in body_idx:
        ln = lines[i]
        if len(ln.text) < cfg.get("runon_min_len", 120):
            continue
        if _headline_segments(ln.text) < cfg.get("runon_min_segments", 5):
            continue
        if _overlap(ln, vocab, ln.bigrams()) <= cfg.get("runon_max_overlap", 0.25):
            ln.rule = Rule.HEADLINE_LIST


@lru_cache(maxsize=1 << 12)  # a kept line that recurs (a standing caption) is scanned once
def _damaged_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(find_damaged_spans(text))


# ---------------------------------------------------------------------------------------------
# public API


def clean_text(text: str) -> CleanResult:
    """Clean one decoded article (one source line per line) into paragraphs and an audit trail."""
    dense = _toned_ruby_count(text, enough=5) >= 5
    lines, n_moji = _prepare(text, dense)
    _classify(lines)
    n_pinyin = 0  # counted on kept paragraphs only: annotations in cut lines never reach a reader
    paragraphs: list[Paragraph] = []
    removed: list[RemovedLine] = []
    n_damaged = 0
    for ln in lines:
        if ln.rule is not None:
            # audit text is the source line with ruby pinyin dropped, so it reads (and can be
            # searched) like the article; everything else is exactly as it was
            removed.append(RemovedLine(ln.no, strip_pinyin(ln.raw, dense)[0], ln.rule))
            continue
        removed.extend(ln.cuts)
        n_pinyin += ln.n_pinyin
        spans = list(_damaged_spans(ln.text))
        n_damaged += len(spans)
        paragraphs.append(Paragraph(len(paragraphs), ln.no, ln.text, ln.role or "body", spans))
    removed.sort(key=lambda r: r.line)
    counts = {
        "pinyin_stripped": n_pinyin,
        "mojibake_repaired": n_moji,
        "damaged_spans": n_damaged,
        "lines_removed": sum(1 for ln in lines if ln.rule is not None),
    }
    return CleanResult(paragraphs, removed, counts)
