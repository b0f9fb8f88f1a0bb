"""Cited sources: which outlets and organisations a paragraph cites (one job: citations).

Rules, in order (knowledge lives in ``data/lexicon/outlets.csv`` and ``citation_cues.toml``):

1. Known names. Every alias in ``outlets.csv`` is matched on the paragraph converted to simplified
   (``script.to_simplified``), Latin aliases case-insensitively on word boundaries; overlapping
   matches resolve to the longest. A known name is a CITATION when
   - it stands inside 《》 (美國《財富》雜誌, 《金融時報》), or
   - a reporting cue introduces it (据X报道, 根据X, 接受X采访, according to X, told X) or follows it
     (X报道称, X表示, X官员指出, X数据显示, X said, X's report), or
   - the paragraph is a reference line (参考资料: …, Source: …, a numbered item of a reference list,
     a "title——X" attribution), or
   - its type is media or research and its alias is not marked ambiguous (``~`` in the CSV):
     naming a news organisation or a research house is citing it.
   Government, company and platform names need one of the first three, because "the Commerce
   Department banned…" or "Nvidia sells…" is news about them, not a source.
2. Unknown names (``known=False``, type ``unknown``), found by patterns only: 据X报道, X报道称,
   《X》 followed by a reporting verb, according to X, X reported, X分析师 (X Latin), "——X" and
   "公众号:X" in reference lines. Stop lists in ``citation_cues.toml`` reject pronouns, people,
   generic words (外媒, 消息) and documents (…法案, …报告); a 《X》 after 题为 is an article title.
3. The article's own publisher is never a citation of itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

import ahocorasick

from .lexicon import read_csv, read_toml
from .script import to_simplified

OUTLETS_FILE = "outlets.csv"
CUES_FILE = "citation_cues.toml"

# characters that end a name when discovering unknown sources
_NAME_STOP = r"\s，。；：、,.;:!?！？《》〈〉“”\"'（）()【】\[\]「」『』|—\-·…"
_CLAUSE = '。，,；;！？!?：:“”"\n'
_SENTENCE_END = "。！？!?；;\n"
_CLOSERS = "」』”\"’')）》"


@dataclass(frozen=True)
class Outlet:
    """One row of ``outlets.csv``."""

    canonical: str
    type: str
    country: str | None
    aliases: tuple[str, ...]


@dataclass
class Citation:
    """One outlet cited in a paragraph; ``start``/``end`` are offsets in the paragraph text."""

    outlet: str  # canonical name, or the trimmed surface for an unknown source
    surface: str  # as written, including 《》 when the name stands in them
    type: str  # media | research | government | company | platform | unknown
    country: str | None
    known: bool  # false when found by a pattern but not in the lexicon (for review)
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class _Match:
    start: int  # offsets in the folded text
    end: int
    outlet: int  # index into _outlets()
    strict: bool  # alias marked ~: needs a cue


# ---------------------------------------------------------------- lexicon


@cache  # called with lexicon aliases only (a bounded set), once per alias per lookup before
def _fold_key(alias: str) -> str:
    return _fold_chars(to_simplified(alias)).lower() if _has_cjk(alias) else _fold_chars(alias).lower()


@cache
def _outlets() -> tuple[Outlet, ...]:
    rows = []
    for row in read_csv(OUTLETS_FILE):
        aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
        rows.append(Outlet(row["canonical"], row.get("type") or "media", row.get("country") or None, aliases))
    return tuple(rows)


@cache
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for idx, outlet in enumerate(_outlets()):
        # the canonical name is ambiguous too when the CSV marks the same spelling with ~ (IDC, Counterpoint)
        ambiguous = {_fold_key(a[1:]) for a in outlet.aliases if a.startswith("~")}
        canonical = ("~" if _fold_key(outlet.canonical) in ambiguous else "") + outlet.canonical
        for alias in (canonical, *outlet.aliases):
            strict = alias.startswith("~")
            alias = alias.lstrip("~").strip()
            for key in {_fold_key(alias), _fold_chars(alias).lower()}:
                # the first row to claim a key keeps it; a plain alias beats an ambiguous one
                if key and (key not in auto or (auto.get(key)[2] and not strict)):
                    auto.add_word(key, (len(key), idx, strict))
    auto.make_automaton()
    return auto


@cache
def _platform_labels() -> str:
    """Alternation of the Chinese platform names (公众号, 网易号 …) that label an account name."""
    keys = {_fold_key(a.lstrip("~")) for o in _outlets() if o.type == "platform" for a in o.aliases}
    return _alternation([k for k in keys if _has_cjk(k)])


def _alternation(words: Sequence[str]) -> str:
    """Regex alternation, longest first; lower-cased because cues are matched on lower-cased text."""
    return "|".join(re.escape(w) for w in sorted({w.lower() for w in words if w}, key=len, reverse=True))


@dataclass(frozen=True)
class _Cues:
    before: re.Pattern[str]
    after: re.Pattern[str]
    en_before: re.Pattern[str]
    en_after: re.Pattern[str]
    reference: re.Pattern[str]
    dash_tail: re.Pattern[str]
    title_before: re.Pattern[str]
    spokesperson: re.Pattern[str]
    spokes_after: re.Pattern[str]
    modifiers: str
    verbs: str  # alternation incl. the not_verbs lookahead
    stop_names: frozenset[str]
    stop_parts: tuple[str, ...]
    stop_suffixes: tuple[str, ...]
    en_outlet_words: frozenset[str]
    cn_outlet_suffixes: tuple[str, ...]


@cache
def _cues() -> _Cues:
    c = read_toml(CUES_FILE)
    mods = _alternation(c["modifiers"])
    verbs = f"(?!{_alternation(c['not_verbs'])})(?:{_alternation(c['verbs'])})"
    en_verbs = _alternation([v.replace("’", "'") for v in c["en_verbs"]])
    return _Cues(
        before=re.compile(rf"(?:{_alternation(c['prefix_verbs'])})(?:{mods}){{0,3}}[《〈]?\s*$"),
        after=re.compile(rf"^[》〉]?\s*(?:(?:{mods})\s*){{0,3}}{verbs}"),
        en_before=re.compile(rf"(?<![a-z])(?:{_alternation(c['en_prefixes'])})\s+(?:the\s+)?$"),
        en_after=re.compile(rf"^(?:,\s*)?\s*(?:{en_verbs})(?![a-z])"),
        reference=re.compile(
            rf"^\s*(?:\d+\s*[、.．)）]\s*)?(?:{_alternation(c['reference_heads'])})\s*[:：]", re.IGNORECASE
        ),
        dash_tail=re.compile(
            rf"(?:{_alternation(c['attribution_dashes'])})\s*([^—\-\s{_CLAUSE}][^—{_CLAUSE}]{{0,24}}?)\s*$"
        ),
        title_before=re.compile(rf"(?:{_alternation(c['title_markers'])})\s*$"),
        spokesperson=re.compile(rf"(?:{_alternation(c['spokesperson_words'])})"),
        spokes_after=re.compile(
            rf"^[》〉]?\s*(?:(?:{mods})\s*){{0,3}}(?:{_alternation(c['spokesperson_words'])})"
        ),
        modifiers=mods,
        verbs=verbs,
        stop_names=frozenset(s.lower() for s in c["stop_names"]),
        stop_parts=tuple(s.lower() for s in c["stop_parts"]),
        stop_suffixes=tuple(c["stop_suffixes"]),
        en_outlet_words=frozenset(w.lower() for w in c["en_outlet_words"]),
        cn_outlet_suffixes=tuple(c["cn_outlet_suffixes"]),
    )


# ---------------------------------------------------------------- normalisation


_CJK = re.compile("[\u3400-\u9fff]")


def _has_cjk(s: str) -> bool:
    return _CJK.search(s) is not None


# str.translate table: one C-level pass instead of a Python loop over characters
_FOLD_TABLE = {
    **{
        o: o - 0xFEE0
        for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for o in range(lo, hi + 1)
    },
    **{ord(ch): "'" for ch in "’‘`´"},
}
# what _FOLD_TABLE changes: translate with a table that lacks most characters pays for a
# swallowed KeyError per character, so a paragraph with nothing to fold is not translated at all
_FOLDABLE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a’‘`´]")


def _fold_chars(s: str) -> str:
    """Length-preserving fold: full-width letters/digits to ASCII, curly apostrophes to '."""
    return s.translate(_FOLD_TABLE) if _FOLDABLE.search(s) else s


def _ascii_lower(s: str) -> str:
    # bytes.lower() changes A-Z only, and UTF-8 encodes every other character in bytes >= 0x80
    # (surrogatepass: a lone surrogate round-trips too)
    return s.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# Bracketed pinyin after a hanzi (國(guó)): scraped reading aids, dropped before matching so that
# 京報(bào)網(wǎng) still reads as 京報網 even when cleaning has not run.
_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])[(（](?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*"
    r"|(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouü]{1,3}(?:n|ng|r)?)[)）]"
)


def _fold_text(text: str) -> tuple[str, list[int] | None, str]:
    """``_fold``'s folded text, without the offset maps: (folded, kept offsets, pinyin-free text).

    Kept offsets are None when the folded text is ``text`` offset for offset (the usual case).
    """
    # (a bracket is needed for pinyin: most paragraphs skip the pattern's scan)
    pinyin = list(_PINYIN.finditer(text)) if "(" in text or "（" in text else []
    if not pinyin:
        simp = _fold_chars(to_simplified(text))
        if len(simp) == len(text):  # the usual case: every offset maps to itself
            return simp, None, text
    keep = []
    pos = 0
    for m in pinyin:
        keep.extend(range(pos, m.start()))
        pos = m.end()
    keep.extend(range(pos, len(text)))
    stripped = "".join(text[i] for i in keep) if len(keep) != len(text) else text
    simp = _fold_chars(to_simplified(stripped))
    return simp, keep, stripped


def _fold_maps(text: str, simp: str, keep: list[int] | None, stripped: str) -> tuple[list[int], list[int]]:
    """Boundary maps (start, end) for ``_fold_text``'s result: folded offset → offset in ``text``."""
    if keep is None:
        return list(range(len(simp) + 1)), list(range(len(simp) + 1))
    if len(simp) == len(stripped):
        bmap = list(range(len(simp) + 1))
    else:
        bmap = [0] * (len(simp) + 1)
        for _tag, i1, i2, j1, j2 in SequenceMatcher(None, stripped, simp, autojunk=False).get_opcodes():
            for j in range(j1, j2 + 1):
                bmap[j] = i1 + round((j - j1) * (i2 - i1) / (j2 - j1)) if j2 > j1 else i1
        bmap[len(simp)] = len(stripped)
    starts = [keep[b] if b < len(keep) else len(text) for b in bmap]
    ends = [keep[b - 1] + 1 if b > 0 else 0 for b in bmap]
    return starts, ends


class _OffsetMap:
    """``_fold_maps`` answered one offset at a time: the alignment is computed once, and only the
    offsets a citation needs are mapped (not every offset of a long paragraph)."""

    def __init__(self, text: str, simp: str, keep: list[int], stripped: str) -> None:
        self.text, self.simp, self.keep, self.stripped = text, simp, keep, stripped
        self.opcodes = (
            None
            if len(simp) == len(stripped)
            else SequenceMatcher(None, stripped, simp, autojunk=False).get_opcodes()
        )

    def _b(self, j: int) -> int:
        if self.opcodes is None:
            return j
        if j == len(self.simp):
            return len(self.stripped)
        # _fold_maps fills bmap opcode by opcode, so the last opcode whose [j1, j2] holds j wins
        for _tag, i1, i2, j1, j2 in reversed(self.opcodes):
            if j1 <= j <= j2:
                return i1 + round((j - j1) * (i2 - i1) / (j2 - j1)) if j2 > j1 else i1
        return 0

    def start(self, j: int) -> int:
        b = self._b(j)
        return self.keep[b] if b < len(self.keep) else len(self.text)

    def end(self, j: int) -> int:
        b = self._b(j)
        return self.keep[b - 1] + 1 if b > 0 else 0


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Simplified, folded text plus boundary maps (start, end): folded offset → offset in ``text``.

    tw2sp may change length (記憶體→内存) and pinyin is dropped, so offsets are carried through an
    alignment rather than assumed equal.
    """
    simp, keep, stripped = _fold_text(text)
    return simp, *_fold_maps(text, simp, keep, stripped)


# ---------------------------------------------------------------- helpers


def _is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _known_matches(low: str) -> list[_Match]:
    found = []
    for end_idx, (length, idx, strict) in _automaton().iter(low):
        start, end = end_idx - length + 1, end_idx + 1
        # Latin edges need word boundaries (FT must not match inside "SOFT")
        if _is_alnum_ascii(low[start]) and start > 0 and _is_alnum_ascii(low[start - 1]):
            continue
        if _is_alnum_ascii(low[end - 1]) and end < len(low) and _is_alnum_ascii(low[end]):
            continue
        found.append(_Match(start, end, idx, strict))
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken: list[_Match] = []
    for m in found:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


@cache
def _straddle_words() -> frozenset[str]:
    """Two-character words of jieba's bundled dictionary with frequency ≥ STRADDLE_MIN_FREQ.

    Read from the dictionary file itself: loading jieba's whole prefix dictionary for this costs
    seconds in every worker process.
    """
    import jieba

    with jieba.get_dict_file() as fh:
        text = fh.read().decode("utf-8")
    # "word frequency [tag]" per line; a later line for the same word wins, as in jieba
    freq = {w: int(n) for w, n in re.findall(r"^(\S\S) (\d+)", text, re.M)}
    return frozenset(
        w for w, n in freq.items() if n >= STRADDLE_MIN_FREQ and _has_cjk(w[0]) and _has_cjk(w[1])
    )


# A two-character word this frequent that straddles an alias's edge makes the alias a fragment of
# other words (广东|网友 holds 东网, 新华|社区 holds 新华社, 人民日|报告 holds 人民日报, 新|浪潮 holds 新浪).
STRADDLE_MIN_FREQ = 100


def _inside_word(low: str, start: int, end: int) -> bool:
    """True when a Chinese alias match is part of other words rather than a name of its own."""
    words = _straddle_words()
    return (start > 0 and low[start - 1 : start + 1] in words) or (
        end < len(low) and low[end - 1 : end + 1] in words
    )


def _bracketed(low: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of the 《…》 around [start, end), if the name stands inside one."""
    left = max(low.rfind("《", 0, start), low.rfind("〈", 0, start))
    if left < 0 or start - left > 20 or any(ch in low[left + 1 : start] for ch in "》〉"):
        return None
    ends = [i for i in (low.find("》", end), low.find("〉", end)) if i >= 0]
    if not ends or min(ends) - end > 20 or any(ch in low[end : min(ends)] for ch in "《〈"):
        return None
    return left, min(ends) + 1


def _cued(low: str, start: int, end: int, strict: bool = False, media: bool = False) -> bool:
    """A reporting cue before or after [start, end).

    An ambiguous Chinese alias (~观察者, ~财富) only takes a cue before it: "有观察者认为" is not Guancha.
    """
    cues = _cues()
    before, after = low[max(0, start - 24) : start], low[end : end + 24]
    if cues.spokesperson.search(low[start:end]):  # 外交部发言人 speaks for the ministry
        return True
    suffix_ok = not (strict and _has_cjk(low[start:end]))
    return bool(
        cues.before.search(before)
        or (suffix_ok and (cues.after.match(after) or cues.en_after.match(after)))
        or cues.spokes_after.match(after)
        or cues.en_before.search(before)
        # dateline "BEIJING (Reuters) -": a bracket after Latin text or at the start, not 華為(Huawei)
        or (media and re.search(r"(?:^|[a-z,]\s*|\s)\($", before) is not None and after.startswith(")"))
    )


def _full_stop(text: str, i: int) -> bool:
    """An English full stop at ``i``: ". " after a lower-case word or digit (not U.S. or Mr.)."""
    return (
        text[i] == "."
        and i + 1 < len(text)
        and text[i + 1] == " "
        and i >= 2
        and (text[i - 1].islower() or text[i - 1].isdigit())
        and text[i - 2].isalnum()
    )


def _sentence(text: str, start: int, end: int) -> str:
    # Sentence start: the nearest boundary at or before ``start`` (the text start, just after a
    # sentence-end character, or after the ". " of a full stop); found with str.rfind, not by
    # stepping back one character at a time.
    s = 0
    for ch in _SENTENCE_END:
        s = max(s, text.rfind(ch, 0, start) + 1)
    i = text.rfind(". ", 0, start)
    while i >= 0 and i + 2 > s:
        if _full_stop(text, i):
            s = i + 2
            break
        i = text.rfind(". ", 0, i + 1)
    # sentence end: the first sentence-end character or full stop at or after ``end``
    e = len(text)
    for ch in _SENTENCE_END:
        j = text.find(ch, end, e)
        if j >= 0:
            e = j
    j = text.find(". ", end, e + 1)
    while 0 <= j < e:
        if _full_stop(text, j):
            e = j
            break
        j = text.find(". ", j + 1, e + 1)
    if e < len(text):
        e += 1
        while e < len(text) and text[e] in _CLOSERS:
            e += 1
    return text[s:e].strip()


def _rejected_name(name: str) -> bool:
    cues = _cues()
    low = name.lower().strip()
    if len(low) < 2 or low in cues.stop_names or any(p in low for p in cues.stop_parts):
        return True
    if any(name.endswith(s) for s in cues.stop_suffixes):
        return True
    if re.search(r"\d+\s*[年月日号]", name) or re.fullmatch(r"[\d.%\s]+", name):
        return True
    return not re.search(r"[A-Za-z\u3400-\u9fff]", name)


def _looks_like_person(name: str) -> bool:
    """An English 'Firstname Lastname' (or a bare surname) without an outlet word."""
    words = name.replace("The ", "").split()
    if any(w.lower().strip("'s") in _cues().en_outlet_words for w in words):
        return False
    if len(words) == 1:
        w = words[0]
        camel_or_caps = any(ch.isupper() for ch in w[1:]) or any(ch.isdigit() for ch in w)
        return not camel_or_caps
    return len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)


@cache
def _discover_patterns() -> tuple[re.Pattern[str], ...]:
    """The Chinese discovery patterns of ``_discover``, compiled once per process."""
    cues = _cues()
    name = rf"[^{_NAME_STOP}]"
    mods, verbs = cues.modifiers, cues.verbs
    return (
        # 据X报道 / 根据X的数据显示
        re.compile(rf"(?:据|根据|援引|引述)(?P<x>{name}{{2,12}}?)(?:的)?(?:{verbs})"),
        # X报道称 at a clause start
        re.compile(
            rf"(?:^|[，。；：！？,;:!?\s“\"）)])(?P<x>{name}{{2,12}}?)"
            rf"(?:报道称|报导称|报道指出|报导指出|报道说|援引)"
        ),
        # 《X》 + reporting verb
        re.compile(rf"《(?P<x>[^《》\n]{{1,20}})》\s*(?:(?:{mods})\s*){{0,3}}(?:{verbs})"),
    )


@cache
def _discover_en_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """according to X, X reported, and a platform account in quotes; compiled once per process."""
    cap = r"[A-Z][\w&'.\-]*"
    en_name = rf"(?P<x>(?:The\s+)?{cap}(?:\s+(?:{cap}|of|for|and|&)){{0,4}})"
    return (
        re.compile(rf"(?i:according to|(?P<by>reported by)|told|interview with)\s+{en_name}"),
        re.compile(rf"{en_name}\s+(?:reported|reports|has reported|first reported)\b"),
        re.compile(rf"(?:{_platform_labels()})\s*[“\"「『](?P<x>[^”\"」』\n]{{2,20}})[”\"」』]"),
    )


# Words each pattern of ``_discover_patterns`` cannot match without: a paragraph lacking them
# skips that pattern (pure pre-check, the matches are the same).
_DISCOVER_NEEDS = (("据", "援引", "引述"), ("报道", "报导", "援引"), ("《",))


# Text "according to|reported by|told|interview with" (IGNORECASE) cannot match without; no
# letter here has a non-ASCII case variant (the i of "interview" has: İ, ı), so the test is exact
# on the ASCII-lower-cased text.
_EN_ACCORDING_NEEDS = ("accord", "reported by", "told", "nterv")


def _discover(simp: str, reference: bool, low: str | None = None) -> list[tuple[int, int, str]]:
    """Unknown-source candidates as (start, end, name) in folded offsets (``low``: simp lower-cased)."""
    if low is None:
        low = _ascii_lower(simp)
    cues = _cues()
    name = rf"[^{_NAME_STOP}]"
    out: list[tuple[int, int, str]] = []
    pats = _discover_patterns()
    for pat, needs in zip(pats, _DISCOVER_NEEDS, strict=True):
        if not any(w in simp for w in needs):
            continue
        for m in pat.finditer(simp):
            start, end = m.span("x")
            if pat is pats[2]:
                if cues.title_before.search(simp[max(0, start - 8) : start - 1]):
                    continue
                start, end = start - 1, end + 1  # surface keeps its 《》
                x = m.group("x").strip()
            else:
                x = m.group("x").strip()
            out.append((start, end, x))
    # English: according to X / X reported / X分析师 (X Latin; a field word may stand between: X原油分析师)
    en_according, en_reported, platform_account = _discover_en_patterns()
    for m in en_according.finditer(simp) if any(w in low for w in _EN_ACCORDING_NEEDS) else ():
        x = re.sub(r"\s+(?:of|for|and|&)$", "", m.group("x")).rstrip(".'")
        # "reported by X" names an outlet even as one plain word; elsewhere one word may be a surname
        if not _looks_like_person(x) or (m.group("by") and " " not in x):
            out.append((m.start("x"), m.start("x") + len(x), x))
    # (pre-checks: the patterns below cannot match without these words)
    if "report" in simp:
        for m in en_reported.finditer(simp):
            x = m.group("x")
            if not _looks_like_person(x):
                out.append((m.start("x"), m.end("x"), x))
    if "分析" in simp or "研究员" in simp:
        for m in re.finditer(
            r"(?<![A-Za-z0-9])(?P<x>[A-Z][A-Za-z0-9&.\-]{2,}(?:\s[A-Z][A-Za-z0-9&.\-]+){0,3})\s*(?:的)?(?:首席)?[\u4e00-\u9fff]{0,3}?(?:分析师|分析员|研究员)",
            simp,
        ):
            out.append((m.start("x"), m.end("x"), m.group("x")))
    # an account named in quotes: 微信公众号“芯东西”发文称
    for m in platform_account.finditer(simp):
        out.append((m.start("x"), m.end("x"), m.group("x").strip()))
    if reference:
        for m in re.finditer(
            rf"(?:公众号|来源|source|via)\s*[:：]\s*(?P<x>{name}{{2,30}})", simp, re.IGNORECASE
        ):
            out.append((m.start("x"), m.end("x"), m.group("x").strip()))
    return [(s, e, x) for s, e, x in out if not _rejected_name(x.strip("《》"))]


_DAMAGE = "?\ufffd\u3000"


@lru_cache(maxsize=1024)  # scans every alias: worth remembering for a repeated damaged name
def _recover_damaged(name: str) -> int | None:
    """Outlet index for a 《name》 whose tail is damaged (《華爾街日?》), when its intact head is unique."""
    cut = min((name.find(ch) for ch in _DAMAGE if ch in name), default=-1)
    head = name[:cut].lower() if cut >= 0 else ""
    if len(head) < 3:
        return None
    hits = {
        idx
        for idx, outlet in enumerate(_outlets())
        for alias in (outlet.canonical, *outlet.aliases)
        if (key := _fold_key(alias.lstrip("~"))).startswith(head) and len(key) - len(head) <= 2
    }
    return hits.pop() if len(hits) == 1 else None


@lru_cache(maxsize=1024)  # asked once per paragraph with the same publisher
def _publisher_outlets(publisher: str | None) -> tuple[frozenset[int], str]:
    if not publisher or not publisher.strip():
        return frozenset(), ""
    simp = _fold_text(publisher.strip())[0]
    low = _ascii_lower(simp)
    return frozenset(m.outlet for m in _known_matches(low)), low


# ---------------------------------------------------------------- public API


def outlet_prefix(text: str, *, strict_ok: bool = False) -> tuple[Outlet, str] | None:
    """The known outlet whose alias ``text`` starts with (longest alias wins), and the rest of ``text``.

    Matching is on the simplified, folded text, case-insensitively; the rest is returned in that
    form too. Aliases marked ~ (AP, 信报) count only when ``strict_ok`` (the caller has a cue,
    e.g. a wire dateline). A Latin alias must end on a word boundary (AP is not APPLE).
    """
    low = _ascii_lower(_fold_chars(to_simplified(text.strip())))
    best: tuple[int, int] | None = None
    for idx, key in _prefix_keys(strict_ok).get(low[:1], ()):
        if low.startswith(key):
            if key[-1].isascii() and len(low) > len(key) and _is_alnum_ascii(low[len(key)]):
                continue
            if best is None or len(key) > best[1]:
                best = (idx, len(key))
    if best is None:
        return None
    return _outlets()[best[0]], low[best[1] :]


@cache
def _prefix_keys(strict_ok: bool) -> dict[str, tuple[tuple[int, str], ...]]:
    """First character → (outlet index, folded alias) in lexicon order, for ``outlet_prefix``.

    Folding every alias once instead of on every call, and looking only at aliases that share
    the text's first character, gives the same answer as scanning them all.
    """
    by_first: dict[str, list[tuple[int, str]]] = {}
    for idx, outlet in enumerate(_outlets()):
        for alias in (outlet.canonical, *outlet.aliases):
            if alias.startswith("~") and not strict_ok:
                continue
            key = _fold_key(alias.lstrip("~").strip())
            if key:
                by_first.setdefault(key[0], []).append((idx, key))
    return {k: tuple(v) for k, v in by_first.items()}


def is_reference_line(text: str) -> bool:
    """True when the paragraph is a reference/source line (参考资料: …, Source: …, title——outlet)."""
    simp = _fold_text(text)[0]
    cues = _cues()
    return bool(cues.reference.match(simp) or cues.dash_tail.search(simp.strip()))


def extract_citations(text: str, publisher: str | None = None, *, reference: bool = False) -> list[Citation]:
    """Citations in one paragraph (damaged spans already blanked to U+3000).

    ``reference=True`` says the paragraph belongs to a reference list (its heading came earlier);
    a paragraph starting with 参考资料:/Source: is recognised as one on its own.
    """
    if not text or not text.strip():
        return []
    simp, keep, stripped = _fold_text(text)
    maps: _OffsetMap | None = None  # offsets back into text: aligned when first needed
    low = _ascii_lower(simp)
    cues = _cues()
    reference = reference or bool(cues.reference.match(simp))
    dash = cues.dash_tail.search(simp.strip())
    dash_span = None
    if dash:
        offset = len(simp) - len(simp.lstrip())
        dash_span = (dash.start(1) + offset, dash.end(1) + offset)
    own, own_low = _publisher_outlets(publisher)
    outlets = _outlets()

    cites: list[Citation] = []

    def add(start: int, end: int, outlet: str, typ: str, country: str | None, known: bool) -> None:
        nonlocal maps
        if keep is None:
            ostart, oend = start, end
        else:
            if maps is None:
                maps = _OffsetMap(text, simp, keep, stripped)
            ostart, oend = maps.start(start), maps.end(end)
        cites.append(
            Citation(
                outlet, text[ostart:oend], typ, country, known, _sentence(text, ostart, oend), ostart, oend
            )
        )

    matches = _known_matches(low)
    for m in matches:
        outlet = outlets[m.outlet]
        if m.outlet in own:
            continue
        span = _bracketed(low, m.start, m.end)
        if span is None and _inside_word(low, m.start, m.end):
            continue
        in_dash = dash_span is not None and dash_span[0] <= m.start and m.end <= dash_span[1]
        # 公众号:X / 公众号“X” names the account; the platform itself is not the source
        as_label = outlet.type == "platform" and low[m.end : m.end + 1] in (":", "：", "“", '"', "「")
        ok = (
            span is not None
            or _cued(low, m.start, m.end, m.strict, outlet.type == "media")
            or in_dash
            or (reference and outlet.type in ("media", "research", "platform") and not as_label)
            or (outlet.type in ("media", "research") and not m.strict)
        )
        if not ok or as_label:
            continue
        start, end = span if span and span[1] - span[0] - (m.end - m.start) <= 2 else (m.start, m.end)
        add(start, end, outlet.canonical, outlet.type, outlet.country, True)

    found = _discover(simp, reference, low)
    if dash_span and not any(dash_span[0] <= m.start < dash_span[1] for m in matches):
        name = simp[dash_span[0] : dash_span[1]].strip()
        if not _rejected_name(name) and (reference or name.endswith(cues.cn_outlet_suffixes)):
            found.append((dash_span[0], dash_span[1], name))
    seen: list[tuple[int, int]] = []
    for start, end, name in sorted(found):
        if any(start < m.end and m.start < end for m in matches) or any(
            start < e and s < end for s, e in seen
        ):
            continue
        if own_low and name.lower().strip("《》") == own_low:
            continue
        seen.append((start, end))
        bare = name.strip("《》").strip()
        raw = simp[start:end].strip("《》")
        if any(ch in raw for ch in _DAMAGE):
            # a damaged name is never reported as written; a bracketed one may still be recognised
            idx = _recover_damaged(raw) if simp[start : start + 1] == "《" else None
            if idx is not None and idx not in own:
                o = outlets[idx]
                add(start, end, o.canonical, o.type, o.country, True)
            continue
        add(start, end, bare, "unknown", None, False)

    cites.sort(key=lambda c: c.start)
    unique: list[Citation] = []
    for c in cites:  # one mention per outlet per sentence is enough
        if not any(u.outlet == c.outlet and u.sentence == c.sentence for u in unique):
            unique.append(c)
    return unique


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2}|\[\d+\])\s*[、.．)）\]]|^\s*[-•·*]\s")


def cite_paragraphs(
    texts: Sequence[str], publisher: str | None = None, roles: Sequence[str] | None = None
) -> list[list[Citation]]:
    """Citations for each paragraph of one article, carrying a reference list across paragraphs.

    After a reference heading (参考资料: alone on its line) the following numbered or bulleted items,
    and any paragraph whose role is ``reference``, are read as reference lines.
    """
    out: list[list[Citation]] = []
    in_refs = False
    cues = _cues()
    for i, text in enumerate(texts):
        role = roles[i] if roles is not None and i < len(roles) else "body"
        simp = _fold_text(text or "")[0]
        head = cues.reference.match(simp)
        if head:
            in_refs = True
        elif in_refs and not _LIST_ITEM.match(simp):
            in_refs = False
        out.append(extract_citations(text, publisher, reference=in_refs or role == "reference"))
    return out
