"""Count terms in one paragraph on its canonical form, remembering how each was written.

Pipeline per paragraph:
1. aliases (``data/lexicon/aliases.csv``) are matched in the original text, so names OpenCC
   would mangle (昇騰→升腾) and English names (NVIDIA) become their canonical term as one token;
2. the text between those matches is converted to simplified once (``script.to_simplified``) and
   aliases are matched again there (catches variants only conversion reveals, e.g. 黃仁勛→黄仁勋);
3. the rest is segmented by jieba's model plus ``data/lexicon/userdict.txt``;
4. punctuation, numbers (and number+unit tokens), stopwords and single Han characters are dropped;
   Latin tokens are lower-cased unless the user dictionary spells them (CloudMatrix, H20).

Each term keeps the surface forms as written in the original paragraph (輝達, NVIDIA → 英伟达).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import accumulate, chain, groupby, repeat
from operator import itemgetter

import ahocorasick

from dashboard.pipeline import lexicon, script

from ..records import Columns
from .context import Context, Rows

ALIASES = "aliases.csv"
USERDICT = "userdict.txt"
STOPWORDS = "stopwords.txt"

# Full-width ASCII (ＡＩ, ＮＶＩＤＩＡ) folded to ASCII for matching; one char for one char, so
# offsets are unchanged.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_LATIN = re.compile(r"[A-Za-z]")

# Numbers and number+unit tokens never count as terms (10%, 2024年, 500亿, 5nm, 三分之一).
_NUM = r"(?:\d[\d.,:/\-]*|[〇零一二两三四五六七八九十百千万亿兆半几]+(?:分之[〇零一二两三四五六七八九十百千万]+)?)"
_UNIT = (
    r"(?:%|％|‰|年|年代|月|月份|日|号|时|点|分|分钟|秒|岁|周|天|季|季度|个|位|名|人|次|倍|颗|家|款|件|条|"
    r"项|台|部|份|亿|万|千|百|元|美元|美金|港元|港币|日元|欧元|英镑|人民币|块|成|层|代|纳米|毫米|厘米|米|公里|"
    r"吨|瓦|千瓦|兆瓦|[a-z]{1,3})"
)
# (the decimal part of a Chinese numeral cut off its whole part: 六十七 / 点二)
_NUMBER_TOKEN = re.compile(rf"第?(?:{_NUM}|点[〇零一二两三四五六七八九]+)(?:{_UNIT})*")
# Addresses and handles are not words: www.x.com, ykqsd.com, a@b.cn, 1403028.html
_ADDRESS = re.compile(
    r"(?:[\w\-]+\.)+(?:com|net|org|cn|hk|tw|html?|php|aspx?|shtml)|\S*@\S+|https?:\S*|www\.\S*"
)


@dataclass
class TermCount:
    """One term in a paragraph: canonical form, occurrences, surface forms as written."""

    term: str
    count: int
    forms: tuple[str, ...]


@dataclass(frozen=True)
class _Alias:
    surface: str  # as listed (full-width folded); compared verbatim when exact_case
    canonical: str
    exact_case: bool
    latin: bool


# str.translate with a dict looks every character up; most paragraphs have nothing to change,
# which one regex scan tells at C speed.
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e]")
_HAS_UPPER = re.compile("[A-Z]")


def _fold(text: str) -> str:
    return text.translate(_FOLD) if _HAS_FULLWIDTH.search(text) else text


def _lower_ascii(text: str) -> str:
    return text.translate(_ASCII_LOWER) if _HAS_UPPER.search(text) else text


def _exact(row: dict[str, str]) -> bool:
    return "exact-case" in row.get("note", "").lower()


@cache
def _alias_table() -> dict[str, tuple[_Alias, ...]]:
    """Lower-cased lookup key → the aliases sharing it (a case-sensitive one may share a key)."""
    table: dict[str, list[_Alias]] = defaultdict(list)
    seen: set[tuple[str, bool]] = set()

    def add(surface: str, canonical: str, exact: bool) -> None:
        surface = _fold(surface.strip())
        latin = bool(_LATIN.search(surface))
        exact = exact and latin
        ident = (surface if exact else _lower_ascii(surface), exact)
        # the first row wins, so a journalist's explicit row beats a derived simplified form
        if not surface or ident in seen:
            return
        seen.add(ident)
        table[_lower_ascii(surface)].append(_Alias(surface, canonical, exact, latin))

    rows = lexicon.read_csv(ALIASES)
    for row in rows:
        add(row["alias"], row["canonical"], _exact(row))
        add(row["canonical"], row["canonical"], False)
    # simplified forms of every alias, for the second pass on converted text
    for row in rows:
        add(script.to_simplified(row["alias"]), row["canonical"], _exact(row))
        add(script.to_simplified(row["canonical"]), row["canonical"], False)
    return {key: tuple(aliases) for key, aliases in table.items()}


@cache
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for key, aliases in _alias_table().items():
        auto.add_word(key, (len(key), aliases))
    auto.make_automaton()
    return auto


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _hits(folded: str) -> list[tuple[int, int, int, tuple[_Alias, ...]]]:
    """Every alias key occurring in ``folded`` (lower-cased here) as (start, -length, stop, aliases),
    sorted leftmost-longest first; no two hits share (start, length), so plain tuple order sorts."""
    hits = [
        (end - length + 1, -length, end + 1, aliases)
        for end, (length, aliases) in _automaton().iter(_lower_ascii(folded))
    ]
    hits.sort()
    return hits


def _choose(
    text: str, folded: str, hits: list[tuple[int, int, int, tuple[_Alias, ...]]], engine: str
) -> list[tuple[int, int, str]]:
    """Greedy leftmost-longest pick over sorted ``hits`` with each alias's checks (see _alias_matches)."""
    # an alias's checks (the costly one segments the text) run only for a hit the greedy pass
    # reaches, which chooses exactly what checking every hit first would
    chosen: list[tuple[int, int, str]] = []
    last_end = 0
    for start, _, stop, aliases in hits:
        if start < last_end:
            continue
        for alias in aliases:
            if alias.exact_case and folded[start:stop] != alias.surface:
                continue
            if alias.latin and (
                (start > 0 and _is_word_char(folded[start - 1]) and _is_word_char(folded[start]))
                or (stop < len(folded) and _is_word_char(folded[stop]) and _is_word_char(folded[stop - 1]))
            ):
                continue
            if not alias.latin and _swallowed(text, start, stop, engine):
                continue
            chosen.append((start, stop, alias.canonical))
            last_end = stop
            break
    return chosen


def _alias_matches(text: str, engine: str = "rjieba") -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping alias matches in ``text`` as (start, end, canonical).

    Latin aliases only match whole words (no ASCII letter or digit across either edge) and,
    when marked exact-case, only as spelt in the lexicon. Chinese aliases only match where the
    segmenter sees no longer word around them, so 美国 is not found in 欧美国家.
    """
    folded = _fold(text)
    hits = _hits(folded)
    return _choose(text, folded, hits, engine) if hits else []


def _swallowed(text: str, start: int, stop: int, engine: str) -> bool:
    """True when one segmenter word runs past both ends of [start, stop) (中国 in 发展中国家).

    Only this case is rejected: a word that merely starts or ends with the alias (美国政府,
    对华|为) is more often a segmentation whim than a different word.
    """
    # Only the clause around the match is segmented (see _clause_marks), cached per clause.
    marks = _marks(text)
    m = bisect_right(marks, start - 1)  # marks before the match
    if m < len(marks) and marks[m] < stop:  # a mark inside the match: segment the whole text
        starts, first, end = _word_starts(text, engine), 0, len(text)
    else:
        first = marks[m - 1] + 1 if m else 0
        end = marks[m] if m < len(marks) else len(text)
        starts = _word_starts(text[first:end], engine)
    rel_start, rel_stop = start - first, stop - first
    i = bisect_right(starts, rel_start) - 1
    following = starts[i + 1] if i + 1 < len(starts) else end - first  # where the next token starts
    return starts[i] < rel_start and following > rel_stop and stop < len(text)


_CLAUSE_MARKS = "，。、；：！？（）《》「」『』【】“”‘’,;!?()[]"


@cache
def _clause_marks() -> re.Pattern[str]:
    """Punctuation the segmenter never puts inside a word: both engines segment each run of
    Han/alphanumeric characters alone and emit such a mark as a token of its own, so a clause
    between marks segments exactly as within the whole text. Kept only where the character
    conversion leaves a mark (it does for all of them)."""
    keep = [c for c in _CLAUSE_MARKS if _simplified_char(c) in _CLAUSE_MARKS]
    return re.compile("[" + re.escape("".join(keep)) + "]")


@lru_cache(maxsize=64)
def _marks(text: str) -> list[int]:
    """Offsets of clause marks in ``text``; cached because it is asked once per alias match."""
    return [m.start() for m in _clause_marks().finditer(text)]


@lru_cache(maxsize=1 << 14)  # clauses repeat across paragraphs and articles
def _word_starts(text: str, engine: str) -> tuple[int, ...]:
    """Start offsets of the segmenter's tokens in ``text`` read character by character as
    simplified (same length)."""
    tokens = segment(_char_convert(text), engine)
    # running sum of token lengths in C; the last sum is the text's end, not a token start
    return tuple(accumulate(map(len, tokens), initial=0))[: len(tokens)]


@cache
def _userdict() -> tuple[tuple[str, int | None, str | None], ...]:
    """User-dictionary entries (word, freq, tag) in jieba's format."""
    entries = []
    for line in lexicon.read_lines(USERDICT):
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((word, freq, tag))
    return tuple(entries)


def _canonicals() -> list[str]:
    return sorted({a.canonical for aliases in _alias_table().values() for a in aliases})


@cache
def rjieba_segmenter():
    """The rjieba (jieba-rs) engine with the user dictionary and alias canonicals loaded."""
    import rjieba

    seg = rjieba.Jieba()
    for word, freq, tag in _userdict():
        seg.add_word(word, freq, tag)
    # canonicals the model does not know get the smallest frequency that keeps them whole;
    # boosting known ones would break words around them (中美国旗 → 中/美国/旗)
    for word in _canonicals():
        if not seg.has_word(word):
            seg.add_word(word, None, "nz")
    return seg


@cache
def jieba_segmenter():
    """Python jieba with the same dictionary additions (reference engine, used to check rjieba)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    seg = jieba.Tokenizer()
    seg.initialize()
    for word, freq, tag in _userdict():
        seg.add_word(word, freq, tag)
    for word in _canonicals():
        if not seg.FREQ.get(word):
            seg.add_word(word, None, "nz")
    return seg


# What a number's last digit can be followed by inside the number: its magnitude (3万, 1.5亿,
# with an approximator after it: 3万多, 1.2万余), a date or clock unit (12日, 3时, 5号) or the
# general measure word 个 (31个省)
_NUMBER_TAIL_CHARS = "万亿千百兆年月日时号个"
_DIGIT_TAIL = re.compile(rf"\d[{_NUMBER_TAIL_CHARS}]")
_NUMBER_TAIL = re.compile(r"([万亿千百兆]+)([多余来]?)|([年月日时号个])")


def segment(text: str, engine: str = "rjieba") -> list[str]:
    """Tokens of ``text`` (their concatenation is ``text``) by the chosen engine."""
    cut = rjieba_segmenter().cut if engine == "rjieba" else jieba_segmenter().lcut
    tokens = cut(text)
    if _DIGIT_TAIL.search(text) is None:
        return tokens
    return _split_number_tails(tokens, cut)


def _split_number_tails(tokens: list[str], cut: Callable[[str], list[str]]) -> list[str]:
    """Tokens with the tail of a number cut off the word the segmenter glued it to.

    After digits, 万/亿/千/百/兆 (and 多/余/来 after them), 年/月/日/时/号 and 个 belong to the
    number: 3万是 is cut 3 / 万是, 30万平方米 30 / 万平方米, 12日电 12 / 日电 and 31个省 31 / 个省,
    which would count 万是, 万平方米, 日电 and 个省 where no such word was written. The rest of such
    a token is cut again on its own. A token that is a number with its unit already (亿美元, 年代)
    is left whole: it is no term either way.
    """
    out: list[str] = []
    for token in tokens:
        if out and token[:1] in _NUMBER_TAIL_CHARS and out[-1][-1:].isdigit() and _term_of(token) is not None:
            tail = _NUMBER_TAIL.match(token)
            out += filter(None, tail.groups())
            if tail.end() < len(token):
                out += cut(token[tail.end() :])
        else:
            out.append(token)
    return out


@cache
def _stopwords() -> frozenset[str]:
    words = set()
    for word in lexicon.read_lines(STOPWORDS):
        words.add(_lower_ascii(word))
        words.add(_lower_ascii(script.to_simplified(word)))
    return frozenset(words)


@cache
def _userdict_spelling() -> dict[str, str]:
    """Lower-cased user-dictionary word → its spelling there (keeps CloudMatrix, H20 as written)."""
    return {_lower_ascii(w): w for w, _, _ in _userdict() if _LATIN.search(w)}


@cache
def _single_char_keep() -> frozenset[str]:
    return frozenset(w for w, _, _ in _userdict() if len(w) == 1)


@lru_cache(maxsize=1 << 16)  # tokens repeat a lot; this is the hot spot
def _term_of(token: str) -> str | None:
    """The counted form of a segmenter token, or None when it is not a term."""
    token = _fold(token).strip()
    if not token or not any(ch.isalnum() for ch in token):
        return None
    lowered = _lower_ascii(token)
    if lowered in _userdict_spelling():
        return _userdict_spelling()[lowered]
    if _NUMBER_TOKEN.fullmatch(lowered) or _ADDRESS.fullmatch(lowered):
        return None
    if lowered in _stopwords():
        return None
    if len(token) == 1 and token not in _single_char_keep():
        return None  # single Han characters are function words or fragments; single letters too
    if _LATIN.search(token):
        return _userdict_spelling().get(lowered, lowered)
    return token


def _char_convert(text: str) -> str:
    """Character-by-character simplified form of ``text`` (same length), used only to align offsets."""
    return text.translate(_CHAR_TABLE)


def _simplified_char(ch: str) -> str:
    conv = script.to_simplified(ch)
    return conv if len(conv) == 1 else ch


_CHAR_TABLE = script.CharTable(_simplified_char)


def _align(original: str, converted: str) -> tuple[list[int], list[int]]:
    """Map converted offsets back to original ones: (start_of[i], end_of[i + 1]).

    OpenCC is mostly one character for one character; when a phrase changes length (輝達→英伟达,
    執行長→首席执行官) the changed stretch maps onto the whole original stretch.
    """
    n = len(converted)
    if len(original) == n:
        ident = list(range(n + 1))
        return ident, ident
    starts = [0] * (n + 1)
    ends = [0] * (n + 1)
    matcher = SequenceMatcher(None, _char_convert(original), converted, autojunk=False)
    dropped_from: int | None = None  # start of original characters conversion deleted (演算法→算法)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            if j1 == n:
                ends[n] = i2  # trailing deletion belongs to the last character
            else:
                dropped_from = i1 if dropped_from is None else dropped_from
            continue
        for j in range(j1, j2):
            starts[j] = i1 + (j - j1) if tag == "equal" else i1
            ends[j + 1] = i1 + (j - j1) + 1 if tag == "equal" else i2
        if dropped_from is not None and j2 > j1:
            starts[j1] = dropped_from  # a deleted stretch belongs to the character after it
            dropped_from = None
    starts[n] = len(original)
    return starts, ends


def _gaps(text: str, chosen: list[tuple[int, int, str]]) -> list[str]:
    """The stretches of ``text`` before, between and after the alias matches ``chosen``."""
    if not chosen:
        return [text]
    return list(
        map(
            text.__getitem__,
            map(slice, [0, *map(itemgetter(1), chosen)], [*map(itemgetter(0), chosen), len(text)]),
        )
    )


def _tokens(
    text: str, engine: str, chosen: list[tuple[int, int, str]] | None = None
) -> list[tuple[str, str]]:
    """(term, stripped surface) for every countable token of ``text`` (aliases first, then the
    stretches between them: only the counts and forms matter); ``chosen`` is ``_alias_matches``
    of the text when already known."""
    if chosen is None:
        chosen = _alias_matches(text, engine)
    if not chosen:
        return list(_gap_tokens(text, engine))
    out = [(canonical, text[start:stop].strip()) for start, stop, canonical in chosen]
    # an empty stretch is a cached ()
    out += chain.from_iterable(map(_gap_tokens, _gaps(text, chosen), repeat(engine)))
    return out


@lru_cache(maxsize=1 << 15)
def _pair_of(token: str) -> tuple[str, str] | None:
    """(term, stripped token) of a token written as counted, or None when it is not a term."""
    term = _term_of(token)
    return None if term is None else (term, token.strip())


@lru_cache(maxsize=1 << 15)
def _written_pair(token: str, form: str) -> tuple[str, str] | None:
    """(term, stripped surface) of a converted token written as ``form``, or None when no term."""
    term = _term_of(token)
    return None if term is None else (term, form.strip() or token.strip())


@lru_cache(maxsize=1 << 12)  # stretches between aliases repeat (short joiners above all); bounded: a
# stretch can be a whole paragraph with its token tuple (a few kB)
def _gap_tokens(original: str, engine: str) -> tuple[tuple[str, str], ...]:
    """Tokens of a stretch with no alias in its original script: convert, re-match, segment."""
    converted = script.to_simplified(original)
    unchanged = converted == original  # tokens are their own surfaces
    same_length = len(original) == len(converted)  # offsets map to themselves (the usual case)
    if same_length:
        starts = ends = range(len(converted) + 1)  # what _align returns then, without building it
    else:
        starts, ends = _align(original, converted)

    def surface(a: int, b: int, fallback: str) -> str:
        form = original[starts[a] : ends[b]] if b > a else ""
        return form.strip() or fallback.strip()

    out: list[tuple[str, str]] = []
    pos = 0
    folded = _fold(converted)
    hits = _hits(folded)
    chosen = _choose(converted, folded, hits, engine) if hits else []
    for start, stop, canonical in [*chosen, (len(converted), len(converted), "")]:
        if start > pos:
            tokens = segment(converted[pos:start], engine)
            if unchanged:
                # per-token work is one cached lookup, the loop runs in C
                out += filter(None, map(_pair_of, tokens))
            elif same_length:  # each token's surface is the original at the same offsets
                bounds = list(accumulate(map(len, tokens), initial=pos))
                forms = map(original.__getitem__, map(slice, bounds, bounds[1:]))
                out += filter(None, map(_written_pair, tokens, forms))
            else:
                offset = pos
                for token in tokens:
                    term = _term_of(token)
                    if term is not None:
                        out.append((term, surface(offset, offset + len(token), token)))
                    offset += len(token)
        if canonical:
            out.append((canonical, surface(start, stop, converted[start:stop])))
        pos = stop
    return tuple(out)


def canonical(text: str) -> str:
    """The canonical form counted on: aliases replaced by their canonical, the rest simplified."""
    parts: list[str] = []
    pos = 0
    for start, stop, canon in [*_alias_matches(text), (len(text), len(text), "")]:
        if start > pos:
            converted = script.to_simplified(text[pos:start])
            cpos = 0
            for cstart, cstop, ccanon in [*_alias_matches(converted), (len(converted), len(converted), "")]:
                parts.append(converted[cpos:cstart])
                parts.append(ccanon)
                cpos = cstop
        parts.append(canon)
        pos = stop
    return "".join(parts)


def _term_columns(
    text: str, engine: str, chosen: list[tuple[int, int, str]] | None = None
) -> tuple[list[str], list[int], list[tuple[str, ...]]]:
    """(terms, counts, forms) of one paragraph, sorted by term, each term's forms sorted and unique
    (``chosen``: the paragraph's alias matches, when already known)."""
    pairs = _tokens(text, engine, chosen)
    counts = Counter(map(itemgetter(0), pairs))
    distinct = sorted(set(pairs))  # terms in order, each term's forms sorted and unique
    if len(distinct) == len(counts):  # one form per term, the usual case: build it all in C
        names = list(map(itemgetter(0), distinct))
        return names, list(map(counts.__getitem__, names)), list(zip(map(itemgetter(1), distinct)))
    names, forms = [], []
    for term, group in groupby(distinct, itemgetter(0)):
        names.append(term)
        forms.append(tuple(map(itemgetter(1), group)))
    return names, list(map(counts.__getitem__, names)), forms


def paragraph_terms(text: str, engine: str = "rjieba") -> list[TermCount]:
    """Terms of one paragraph (damaged spans already blanked), sorted by term, forms sorted."""
    return list(map(TermCount, *_term_columns(text, engine)))


# ---------------------------------------------------------------------------------------------
# the analysis stage

TABLE = "terms"


def rows(ctx: Context, done: Rows) -> Columns:
    """``terms`` rows: each counted paragraph's canonical terms with their counts and surface forms,
    as columns (one Python list per column, not a dict per term)."""
    paragraph: list[int] = []
    term: list[str] = []
    count: list[int] = []
    forms: list[tuple[str, ...]] = []
    counted = list(ctx.counted())
    matches = [_alias_matches(text, "rjieba") for _, text in counted]
    # every stretch between aliases is converted to simplified (in _gap_tokens): all of the
    # article's stretches in one batch, so those calls find their conversion made
    script.to_simplified_each(
        [
            gap
            for (_, text), chosen in zip(counted, matches, strict=True)
            for gap in _gaps(text, chosen)
            if gap
        ]
    )
    for (p, text), chosen in zip(counted, matches, strict=True):
        names, counts, written = _term_columns(text, "rjieba", chosen)
        paragraph += repeat(p.index, len(names))
        term += names
        count += counts
        forms += written
    return Columns(
        {
            "article_id": [ctx.article_id] * len(term),
            "paragraph": paragraph,
            "term": term,
            "count": count,
            "forms": forms,
        }
    )
