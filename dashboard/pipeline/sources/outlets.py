"""The outlets lexicon (``outlets.csv``) and the citation cues (``citation_cues.toml``), loaded once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import ahocorasick

from ..lexicon import read_csv, read_toml
from ..script import to_simplified
from .fold import fold_chars, has_cjk

OUTLETS_FILE = "outlets.csv"
CUES_FILE = "citation_cues.toml"

# characters that end a clause (a cue and its name stand in one clause)
CLAUSE = '。，,；;！？!?：:“”"\n'


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
class Match:
    start: int  # offsets in the folded text
    end: int
    outlet: int  # index into known_outlets()
    strict: bool  # alias marked ~: needs a cue


# ---------------------------------------------------------------- lexicon


@cache  # called with lexicon aliases only (a bounded set), once per alias per lookup before
def fold_key(alias: str) -> str:
    return fold_chars(to_simplified(alias)).lower() if has_cjk(alias) else fold_chars(alias).lower()


@cache
def known_outlets() -> tuple[Outlet, ...]:
    rows = []
    for row in read_csv(OUTLETS_FILE):
        aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
        rows.append(Outlet(row["canonical"], row.get("type") or "media", row.get("country") or None, aliases))
    return tuple(rows)


@cache
def automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for idx, outlet in enumerate(known_outlets()):
        # the canonical name is ambiguous too when the CSV marks the same spelling with ~ (IDC, Counterpoint)
        ambiguous = {fold_key(a[1:]) for a in outlet.aliases if a.startswith("~")}
        canonical = ("~" if fold_key(outlet.canonical) in ambiguous else "") + outlet.canonical
        for alias in (canonical, *outlet.aliases):
            strict = alias.startswith("~")
            alias = alias.lstrip("~").strip()
            for key in {fold_key(alias), fold_chars(alias).lower()}:
                # the first row to claim a key keeps it; a plain alias beats an ambiguous one
                if key and (key not in auto or (auto.get(key)[2] and not strict)):
                    auto.add_word(key, (len(key), idx, strict))
    auto.make_automaton()
    return auto


@cache
def platform_labels() -> str:
    """Alternation of the Chinese platform names (公众号, 网易号 …) that label an account name."""
    keys = {fold_key(a.lstrip("~")) for o in known_outlets() if o.type == "platform" for a in o.aliases}
    return alternation([k for k in keys if has_cjk(k)])


def alternation(words: Sequence[str]) -> str:
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
    ju_word_heads: str  # a character class: 据 after one ends a word (数据), no cue


# quotation marks that may stand around a name, like 《》 (据台湾“中央社”报道, 据「建屋局」透露)
_QUOTES_OPEN = '“「『"'
_QUOTES_CLOSE = '”」』"'

# a day of the month before a release word (国家统计局9日发布的数据显示)
_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"


@cache
def cue_lists() -> _Cues:
    c = read_toml(CUES_FILE)
    mods = alternation(c["modifiers"])
    release = alternation(c["release_words"])
    announce = alternation(c["announce_words"])
    documents = alternation(c["document_words"])
    verbs = f"(?!{alternation(c['not_verbs'])})(?:{alternation(c['verbs'])})"
    en_verbs = alternation([v.replace("’", "'") for v in c["en_verbs"]])
    return _Cues(
        # a name may stand in quotation marks as well as in 《》: 据台湾“中央社”报道, 「建屋局」透露
        before=re.compile(rf"(?:{alternation(c['prefix_verbs'])})(?:{mods}){{0,3}}[《〈{_QUOTES_OPEN}]?\s*$"),
        after=re.compile(
            rf"^[》〉{_QUOTES_CLOSE}]?\s*(?:(?:{mods})\s*){{0,3}}(?:(?:(?:{_DAY})?(?:{release})(?:(?:{mods})\s*){{0,2}})?{verbs}"
            rf"|(?:{_DAY})?(?:{announce})\s*[，,：:]"
            rf"|(?:{_DAY})?(?:{release})[^{CLAUSE}]{{0,24}}?(?:{documents})[》〉{_QUOTES_CLOSE}]?\s*{verbs})"
        ),
        en_before=re.compile(rf"(?<![a-z])(?:{alternation(c['en_prefixes'])})\s+(?:the\s+)?$"),
        en_after=re.compile(rf"^(?:,\s*)?\s*(?:{en_verbs})(?![a-z])"),
        reference=re.compile(
            rf"^\s*(?:\d+\s*[、.．)）]\s*)?(?:{alternation(c['reference_heads'])})\s*[:：]", re.IGNORECASE
        ),
        dash_tail=re.compile(
            rf"(?:{alternation(c['attribution_dashes'])})\s*([^—\-\s{CLAUSE}][^—{CLAUSE}]{{0,24}}?)\s*$"
        ),
        title_before=re.compile(rf"(?:{alternation(c['title_markers'])})\s*$"),
        spokesperson=re.compile(rf"(?:{alternation(c['spokesperson_words'])})"),
        spokes_after=re.compile(
            rf"^[》〉{_QUOTES_CLOSE}]?\s*(?:(?:{mods})\s*){{0,3}}(?:{alternation(c['spokesperson_words'])})"
        ),
        modifiers=mods,
        verbs=verbs,
        stop_names=frozenset(s.lower() for s in c["stop_names"]),
        stop_parts=tuple(s.lower() for s in c["stop_parts"]),
        stop_suffixes=tuple(c["stop_suffixes"]),
        en_outlet_words=frozenset(w.lower() for w in c["en_outlet_words"]),
        cn_outlet_suffixes=tuple(c["cn_outlet_suffixes"]),
        # (据 ending a word: 数据显示 is no cue; 据 after a clause start still is)
        ju_word_heads="[" + "".join(re.escape(ch) for ch in c["ju_word_heads"]) + "]",
    )
