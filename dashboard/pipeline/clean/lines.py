"""Source lines prepared for the rules (tags, pinyin and mojibake handled) and matched against them."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import ahocorasick

from .. import paragraphs
from ..paragraphs import unspace_letters
from ..records import RemovedLine
from ..schema import Rule
from ..script import to_simplified, to_simplified_each
from ..sources import is_channel_words, outlet_prefix
from .dispatch import FirstCharDispatch
from .mojibake import repair_mojibake
from .pinyin import HAN, HAN_RE, strip_pinyin
from .rules import GROUP_REF_RE, compile_any, compile_patterns, configured_rules, lexicon_config

# ---------------------------------------------------------------------------------------------
# lines


@dataclass
class Line:
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
EMPTY_RE = re.compile(r"^[\d\W_]{1,6}$|^[\W_]+$")
SECTION_RE = re.compile(r"^(?:0?\d{1,2}|[一二三四五六七八九十]{1,3}|Part\s+\d+)$", re.IGNORECASE)
URL_RE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")
_SENTENCE_END = "。!！?？…"


def line_forms(text: str) -> tuple[str, ...]:
    nfkc = unicodedata.normalize("NFKC", text)
    simp = to_simplified(nfkc)
    return (nfkc,) if simp == nfkc else (nfkc, simp)


def _forms_each(nfkcs: list[str]) -> list[tuple[str, ...]]:
    """``line_forms`` of many lines given their NFKC forms, converted in one batch."""
    return [(n,) if s == n else (n, s) for n, s in zip(nfkcs, to_simplified_each(nfkcs), strict=True)]


_NON_HAN_RE = re.compile(f"[^{HAN}]+")
_WORD_RE = re.compile(r"[A-Za-z]{3,}")


@lru_cache(maxsize=1 << 13)  # recurring lines (boilerplate, headline boxes) are compared again
def _bigrams(s: str) -> frozenset[str]:
    han = _NON_HAN_RE.sub("", s)
    grams = set(map(str.__add__, han, han[1:]))  # adjacent pairs, built in C
    grams.update(map(str.lower, _WORD_RE.findall(s)))
    return frozenset(grams)


def overlap(line: Line, vocab: Counter[str], own: frozenset[str] | None = None) -> float:
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


def is_heading(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > (30 if HAN_RE.search(t) else 90):
        return False
    if HAN_RE.search(t):
        inner = t[:-1]
        if any(p in inner for p in ",,。;;!?！？") or t[-1] in ",,;;、:：。":
            return False
        return True
    words = t.split()
    return len(words) <= 12 and t[-1] not in ".,;:"


@cache
def _box_inline() -> tuple[re.Pattern[str], ...]:
    return compile_patterns(lexicon_config().get("related_box", {}).get("inline", []))


# (text, forms, inline cuts as (text, rule), mojibake spans repaired, ruby annotations cut);
# text None: the line held nothing but HTML tags
_Prepared = tuple[str | None, str, tuple[tuple[str, str], ...], int, int]


# anti-copy noise that forum software (Discuz "jammer" text) scatters between sentences, hidden
# on the page but kept by a scrape: runs of 1–3 printable ASCII characters between spaces
# (``( j$ R* J3 l# V! \* v!``), most of them carrying a symbol
_JAMMER_RUN_RE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[。，！？」”]))(?:[!-~]{1,3}[ \u3000]+){5,}[!-~]{0,3}")
_JAMMER_SYMBOL_RE = re.compile(r"[^0-9A-Za-z]")
_JAMMER_MIXED_RE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
_TABLE_TOKEN_RE = re.compile(r"^(?:[|｜]|[-+]?\d[\d,]*(?:\.\d+)?%?)$")


def _jammer_runs(text: str) -> list[str]:
    """The runs of forum anti-copy noise in ``text`` (at least 6 tokens, most with a symbol)."""
    if text.count(" ") < 5:
        return []
    found = []
    for m in _JAMMER_RUN_RE.finditer(text):
        tokens = m.group(0).split()
        if all(_TABLE_TOKEN_RE.match(t) for t in tokens):
            continue  # | 63 | 54 | 28 |: the cells of a table row pasted as text, not noise
        # noisy tokens carry a symbol (``R*``, ``?7``) or mix a letter and a digit (``K6``)
        symbolic = sum(1 for t in tokens if _JAMMER_SYMBOL_RE.search(t) or _JAMMER_MIXED_RE.search(t))
        if len(tokens) >= 6 and symbolic >= max(3, 0.5 * len(tokens)):
            found.append(m.group(0))
    return found


def is_jammer_line(text: str) -> bool:
    """True when ``text`` holds nothing but forum anti-copy noise."""
    runs = _jammer_runs(text.strip() + " ")
    return bool(runs) and not "".join(text.split()).replace("".join("".join(r.split()) for r in runs), "")


# A unit label given twice, Chinese and English, where the page's superscript was flattened in the
# scrape: 億澳門元/ 108 MOP is 10⁸ MOP (a hundred million patacas), never an amount of 108. The
# power is restored only when it is the one the Chinese unit word names.
_POWER_OF_UNIT = {
    "万": 4,
    "萬": 4,
    "百万": 6,
    "百萬": 6,
    "千万": 7,
    "千萬": 7,
    "亿": 8,
    "億": 8,
    "十亿": 9,
    "十億": 9,
}
_FLAT_POWER_RE = re.compile(
    r"(?P<unit>[十百千]?[万萬亿億])[^\s/|｜\d]{0,6}\s*/\s*10(?P<exp>\d{1,2})(?=\s*[A-Z]{3}\b|\s*[A-Z]{2}\$)"
)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def restore_flat_powers(text: str) -> str:
    """億澳門元/ 108 MOP → 億澳門元/ 10⁸ MOP: a flattened power of ten in a unit label."""
    if "/" not in text:
        return text

    def fix(m: re.Match[str]) -> str:
        if _POWER_OF_UNIT.get(m.group("unit")) != int(m.group("exp")):
            return m.group(0)
        head = m.group(0)[: m.start("exp") - m.start(0)]
        return head + m.group("exp").translate(_SUPERSCRIPT)

    return _FLAT_POWER_RE.sub(fix, text)


@lru_cache(maxsize=1 << 13)  # boilerplate lines recur across the articles of one source
def _prepare_line(raw: str, dense: bool) -> _Prepared:
    """The inline cuts, repairs and NFKC form (its simplified copy is made per document, see
    ``prepare_lines``) of one non-blank source line."""
    cur = raw
    cuts: list[tuple[str, str]] = []
    for run in _jammer_runs(cur + " "):
        cur = cur.replace(run.rstrip(), "", 1)
        cuts.append((run.strip(), Rule.JAMMER))
    if "<" in cur:  # every tag and comment starts with "<"
        tags = [m.group(0) for m in _TAG_RE.finditer(cur)]
        if tags:
            cur = _TAG_RE.sub("", cur)
            if "&" in cur:
                cur = html.unescape(cur)
            if not cur.strip():
                return None, "", (), 0, 0
            cuts.extend((t, Rule.HTML_TAG) for t in tags)
    if "(" in cur or "（" in cur:  # an inline box is bracketed
        for pat in _box_inline():
            for m in list(pat.finditer(cur)):
                if m.group(0).strip() != cur.strip():
                    cuts.append((m.group(0), Rule.RELATED_BOX))
            cur = pat.sub(lambda m, c=cur: "" if m.group(0).strip() != c.strip() else m.group(0), cur)
    cur, k = repair_mojibake(cur)
    cur = restore_flat_powers(cur)
    cur, ruby = strip_pinyin(cur, dense)
    if ruby:
        cuts.append((" ".join(ruby), Rule.PINYIN))
    cur = unspace_letters(cur.strip())
    return cur, unicodedata.normalize("NFKC", cur), tuple(cuts), k, len(ruby)


def prepare_lines(text: str, dense: bool) -> tuple[list[Line], int]:
    lines: list[Line] = []
    n_moji = 0
    prepared: list[Line] = []  # lines with text, whose forms are made in one batch at the end
    nfkcs: list[str] = []
    # paragraphs as a reader sees them (run-together lines split, wrapped lines joined), each
    # with the source line it starts on
    for no, raw in paragraphs.restore(text):
        if not raw.strip():
            continue
        if is_jammer_line(raw):
            lines.append(Line(no, raw, "", rule=Rule.JAMMER))
            continue
        cur, nfkc, cuts, k, n_ruby = _prepare_line(raw, dense)
        if cur is None:
            lines.append(Line(no, raw, "", rule=Rule.HTML_TAG))
            continue
        n_moji += k
        removed = [RemovedLine(no, t, rule) for t, rule in cuts]
        prepared.append(Line(no, raw, cur, cuts=removed, n_pinyin=n_ruby))
        lines.append(prepared[-1])
        nfkcs.append(nfkc)
    for line, forms in zip(prepared, _forms_each(nfkcs), strict=True):
        line.forms = forms
    return lines, n_moji


@cache
def _contains_automaton() -> tuple[ahocorasick.Automaton | None, frozenset[str]]:
    """One Aho-Corasick automaton over every rule's ``contains`` phrases → the rules naming
    them, and the rules with an empty phrase (contained in every line)."""
    phrases: dict[str, set[str]] = {}
    always: set[str] = set()
    for r in configured_rules():
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
    return compile_any(tuple(lexicon_config().get(section, {}).get(key, [])))


@lru_cache(maxsize=1 << 13)  # per distinct line: boilerplate recurs across articles
def any_search(section: str, key: str, forms: tuple[str, ...]) -> bool:
    """Whether one of the ``[section] key`` patterns occurs in one of ``forms``."""
    return any(p.search(f) for p in _section_patterns(section, key) for f in forms)


@lru_cache(maxsize=1 << 13)
def any_match(section: str, key: str, form: str) -> bool:
    """Whether one of the ``[section] key`` patterns matches at the start of ``form``."""
    return any(p.match(form) for p in _section_patterns(section, key))


def match_rule(line: Line) -> str | None:
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
def _rule_prefilter() -> tuple[FirstCharDispatch | None, tuple[re.Pattern[str], ...]] | None:
    """Every line rule's patterns as (one start-anchored alternation tried once at the line
    start, the unanchored ones apart): whether *any* rule pattern occurs in a form costs a
    fraction of the rule-by-rule loop, and most lines (body text) match none. None when the
    patterns cannot be joined without changing their meaning (group references, clashing
    group names). The alternation is tried through a first-character dispatch: a line runs only
    the branches that can start with its first character (same answer, a fraction of the
    branches)."""
    patterns = [
        p for spec in lexicon_config().get("rules", {}).values() if spec for p in spec.get("patterns", [])
    ]
    if any(GROUP_REF_RE.search(p) for p in patterns):
        return None
    anchored = [p for p in patterns if _starts_anchored(p)]
    rest = [p for p in patterns if p not in anchored]
    try:
        joined = FirstCharDispatch([p[1:] for p in anchored]) if anchored else None
    except re.error:
        return None
    return joined, compile_patterns(rest)


def _no_rule_pattern(forms: tuple[str, ...]) -> bool:
    """True when certainly no line rule's pattern occurs in any of ``forms``."""
    pre = _rule_prefilter()
    if pre is None:
        return False
    joined, rest = pre
    for f in forms:
        if joined is not None and joined.search(f):  # FirstCharDispatch.search: a bool
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
    for r in configured_rules():
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


def is_masthead(text: str, channels: bool = False) -> bool:
    """A line that is only a known news outlet's name, with a site suffix or a date at most (or,
    with ``channels``, the site's channel names: am730 本地)."""
    found = outlet_prefix(text)
    if found is None or found[0].type != "media":
        return False
    return bool(_MASTHEAD_REST.match(found[1].strip())) or (channels and is_channel_words(found[1]))
