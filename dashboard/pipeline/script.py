"""Script conversion and detection: simplified vs traditional Chinese, and English."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, count
from operator import ne

import ahocorasick
import opencc

from .lexicon import read_csv


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


class CharTable(dict):
    """A ``str.translate`` table that maps each code point through ``per_char`` on first sight.

    One C-level pass per text instead of a Python loop over its characters; each distinct
    character costs one call, ever.
    """

    def __init__(self, per_char: Callable[[str], str]) -> None:
        super().__init__()
        self.per_char = per_char

    def __missing__(self, code: int) -> str:
        out = self.per_char(chr(code))
        self[code] = out
        return out


def convert_each(config: str, texts: Sequence[str]) -> list[str]:
    """OpenCC ``config`` applied to each of ``texts``, as one conversion of the texts joined by
    newlines, split again: one call into the engine per batch instead of one per text.

    Exact: OpenCC segments the text by forward maximum matching over its dictionaries' keys and
    converts each segment on its own, and no key of any dictionary it ships contains a newline
    (tested against the dictionaries themselves), so a newline is always a segment of its own
    that no match runs across, and each text's stretch of the joined conversion is that text's
    own conversion. A batch where a text holds a newline itself is converted text by text.
    """
    if len(texts) < 2:
        return [_converter(config).convert(t) for t in texts]
    joined = "\n".join(texts)
    if joined.count("\n") == len(texts) - 1:
        try:
            out = _converter(config).convert(joined).split("\n")
        except UnicodeError:  # an unpaired surrogate: let the text that holds it raise alone
            out = []
        if len(out) == len(texts):
            return out
    return [_converter(config).convert(t) for t in texts]


# tw2sp conversions already made, shared by every analyser (terms, figures, sources and topics
# each ask for the same paragraph); emptied when full, which only costs converting again
_SIMPLIFIED: dict[str, str] = {}
_SIMPLIFIED_MAX = 1 << 13


def to_simplified(text: str) -> str:
    """Traditional (Taiwan/HK) → simplified with mainland vocabulary (晶片→芯片, 輝達→英伟达).

    Applied once per paragraph: this is the canonical form every analyser counts on.
    """
    out = _SIMPLIFIED.get(text)
    if out is None:
        out = _converter("tw2sp").convert(text)
        if len(_SIMPLIFIED) >= _SIMPLIFIED_MAX:
            _SIMPLIFIED.clear()
        _SIMPLIFIED[text] = out
    return out


def to_simplified_each(texts: Sequence[str]) -> list[str]:
    """``to_simplified`` of each of ``texts``: those not converted before in one batch (``convert_each``)."""
    memo = _SIMPLIFIED
    out = list(map(memo.get, texts))
    if None not in out:
        return out
    missing = list(dict.fromkeys(t for t, o in zip(texts, out, strict=True) if o is None))
    done = dict(zip(missing, convert_each("tw2sp", missing), strict=True))
    if len(memo) + len(done) > _SIMPLIFIED_MAX:
        memo.clear()
    memo.update(done)
    return [done[t] if o is None else o for t, o in zip(texts, out, strict=True)]


# --- language and script detection -------------------------------------------------------------

# Han ideographs: CJK unified (incl. extension A and the supplementary planes) and compatibility.
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A bracketed pinyin reading after a character (國(guó)) is annotation, not English text.
_PINYIN_RE = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
# Cantonese characters that standard written Chinese lacks; their presence means Hong Kong /
# Cantonese writing, which is traditional by convention even when no converted character occurs.
_CANTONESE = frozenset("嘅咗冇啲哋嚟喺嘢噉冚攰嗰嚿揾搵睇")
_CANTONESE_RE = re.compile(f"[{''.join(sorted(_CANTONESE))}]")
# A Han character carries about as much text as three Latin letters (one syllable vs ~3 letters).
_LETTERS_PER_HAN = 3

# Counting by runs (one match object per word, not per character) and, for the ASCII letters,
# by deleting every other byte of the UTF-8 form (multi-byte characters are all bytes >= 0x80).
_HAN_RUN_RE = re.compile(_HAN_RE.pattern + "+")
_LATIN_EXT_RUN_RE = re.compile(r"[\u00c0-\u024f]+")
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A))


@lru_cache(maxsize=4096)  # detect_language and article_language count the same paragraphs
def han_count(text: str) -> int:
    """Number of Han ideographs in ``text`` (the characters ``_HAN_RE`` matches)."""
    if text.isascii():
        return 0
    return sum(map(len, _HAN_RUN_RE.findall(text)))


def latin_count(text: str) -> int:
    """Number of Latin letters in ``text`` (the characters ``_LATIN_RE`` matches)."""
    n = len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_LETTER))
    if not text.isascii():
        n += sum(map(len, _LATIN_EXT_RUN_RE.findall(text)))
    return n


def _changed_at(text: str, config: str, positions: list[int] | None = None) -> list[int]:
    """Positions (all, or those among ``positions``) whose character OpenCC ``config``
    (phrase-aware, run on the whole text) changed."""
    out = _PENDING.pop((config, text), None)
    if out is None:
        out = _converter(config).convert(text)
    if out == text:
        return []
    if len(out) == len(text):
        if positions is None:  # the loop runs in C: map(ne) pairs the characters, compress keeps the changed
            return list(compress(count(), map(ne, text, out)))
        return [i for i in positions if out[i] != text[i]]
    # Conversions are 1:1 in practice; fall back to character by character if one is not.
    conv = _converter(config).convert
    if positions is None:
        return [i for i, ch in enumerate(text) if conv(ch) != ch]
    return [i for i in positions if conv(text[i]) != text[i]]


def _evidence(text: str, exact: bool) -> tuple[int, int]:
    """(traditional, simplified) as ``script_evidence`` defines them; with ``exact`` False the
    simplified count may stop at an upper bound below the traditional count (see ``_script_balance``)."""
    trad_pos = set(_changed_at(text, "t2s"))
    if _CANTONESE_RE.search(text) is not None:
        trad_pos.update(m.start() for m in _CANTONESE_RE.finditer(text))
    # a simplified-only character must be changed by all three conversions; each later one
    # only checks the positions the earlier ones left, and is skipped when none are left
    cand: list[int] | None = None
    for cfg in ("s2t", "s2tw", "s2hk"):
        cand = _changed_at(text, cfg, cand)
        if cfg == "s2t":
            cand = [i for i in cand if i not in trad_pos]
            if not exact and not trad_pos and cand:
                # no traditional character: only "any simplified one?" matters, and the first
                # clause holding one usually answers it (None: a clause changed length)
                found = _any_simplified_only(text, cand)
                if found is not None:
                    return 0, int(found)
        if not cand or (not exact and len(cand) < len(trad_pos)):
            # fewer candidates than traditional characters: traditional wins whatever the
            # (dearest) s2tw/s2hk passes would drop, so the bound decides as well as the count
            break
    return len(trad_pos), len(cand or ())


# Clause marks no s2t/s2tw/s2hk dictionary key (phrase or character, segmentation or conversion)
# contains: OpenCC's maximum-match segmentation and each conversion's maximum match then never
# run across one, so converting a clause gives exactly that stretch of the whole text's conversion.
# (Checked against the dictionaries OpenCC ships, dumped with its opencc_dict tool; their entries
# also all keep the length, so the character-by-character fallback of _changed_at never applies.)
_CLAUSE_MARK_RE = re.compile("[，。！？；：、（）《》「」『』【】“”‘’,;!?()]")


def _any_simplified_only(text: str, cand: list[int]) -> bool | None:
    """Whether s2tw and s2hk also change one of ``cand`` (sorted positions s2t changed), clause
    by clause, stopping at the first hit; None when a clause's conversion changed its length
    (then only the whole-text path defines the answer)."""
    marks = [m.start() for m in _CLAUSE_MARK_RE.finditer(text)]
    i = 0
    while i < len(cand):
        k = bisect_right(marks, cand[i])
        start = marks[k - 1] + 1 if k else 0
        end = marks[k] if k < len(marks) else len(text)
        j = bisect_left(cand, end, i)
        clause = text[start:end]
        left = [q - start for q in cand[i:j]]
        for cfg in ("s2tw", "s2hk"):
            out = _converter(cfg).convert(clause)
            if len(out) != len(clause):
                return None
            left = [q for q in left if out[q] != clause[q]]
            if not left:
                break
        if left:
            return True
        i = j
    return False


def script_evidence(text: str) -> tuple[int, int]:
    """(traditional, simplified) counts of script-specific Han characters in ``text``.

    Traditional-only: changed by OpenCC ``t2s`` (plus Cantonese characters). Simplified-only:
    changed by ``s2t`` *and* by ``s2tw`` *and* by ``s2hk``, so regional variants that a
    traditional writer really uses (台 in Taiwan, 着/裏 in Hong Kong) are not counted as simplified.
    Conversions run on the whole text so phrase rules (干擾 stays 干擾) apply.
    """
    return _evidence(text, exact=True)


# Conversions made ahead, in one batch per configuration, for the paragraphs of one document
# (``detect_languages``): (configuration, text) → converted text, each taken once by _changed_at.
_PENDING: dict[tuple[str, str], str] = {}
# _script_balance's answers: settle_paragraph_languages asks again for what detect_language
# asked; emptied when full, which only costs computing again
_BALANCES: dict[str, tuple[int, int]] = {}
_BALANCES_MAX = 1024


def _script_balance(text: str) -> tuple[int, int]:
    """``script_evidence`` for deciding only: the traditional count exactly, the simplified count
    exactly unless it is already known to be below the traditional one (then an upper bound
    still below it) or the traditional count is 0 (then 1 for "some", 0 for none). Every
    comparison the callers make (``trad != simp``, ``trad > simp``, ``trad == simp == 0``)
    comes out as with the exact counts."""
    got = _BALANCES.get(text)
    if got is None:
        got = _evidence(text, exact=False)
        if len(_BALANCES) >= _BALANCES_MAX:
            _BALANCES.clear()
        _BALANCES[text] = got
    return got


def _by_letters(text: str) -> tuple[str | None, str]:
    """(``und`` or ``en``, text) when the letter counts decide ``detect_language``, else (None, the
    text whose script balance decides it: bracketed pinyin removed)."""
    # bracketed pinyin holds no Han character: the count on the whole text is the same
    han = han_count(text)
    if "(" in text or "（" in text:  # pinyin needs its bracket
        text = _PINYIN_RE.sub("", text)
    latin = latin_count(text)
    if han == 0 and latin == 0:
        return "und", text
    if han * _LETTERS_PER_HAN < latin:
        return "en", text
    return None, text


def detect_language(text: str) -> str:
    """BCP-47 tag of ``text``: ``zh-Hans``, ``zh-Hant``, ``en`` or ``und`` (no letters).

    Chinese vs English: Han characters against Latin letters / 3, so a Chinese paragraph
    naming a few English companies stays Chinese and vice versa; bracketed pinyin is ignored.
    Simplified vs traditional: majority of script-specific characters (see ``script_evidence``),
    so machine-converted text with a few leftovers is still classed by what most of it is.
    A tie (including no script-specific character at all, e.g. 中文 or 我们的AI) is decided by
    regional wording (Taiwan/Hong Kong wording → ``zh-Hant``), else ``zh-Hans``: such text reads
    the same in both scripts and simplified is the canonical form.
    """
    decided, text = _by_letters(text)
    return decided or _by_script(text)


def detect_languages(texts: Sequence[str]) -> list[str]:
    """``detect_language`` of each of ``texts`` (a document's paragraphs), with the ``t2s`` and
    ``s2t`` conversions every Chinese text's script balance needs made in one batch each
    (``convert_each``) instead of two per paragraph."""
    decided = [_by_letters(t) for t in texts]
    ahead = list(dict.fromkeys(t for lang, t in decided if lang is None and t not in _BALANCES))
    _PENDING.clear()
    if len(ahead) > 1:
        for config in ("t2s", "s2t"):
            _PENDING.update(zip([(config, t) for t in ahead], convert_each(config, ahead), strict=True))
    try:
        return [lang or _by_script(t) for lang, t in decided]
    finally:
        _PENDING.clear()


def _by_script(text: str) -> str:
    """``detect_language`` of a Chinese text (bracketed pinyin removed): by script, else by wording."""
    trad, simp = _script_balance(text)
    if trad != simp:
        return "zh-Hant" if trad > simp else "zh-Hans"
    # No script evidence either way (川普的第一任期): Taiwan or Hong Kong wording is the best
    # remaining hint of a traditional-script writer; otherwise the documented default.
    vocab = regional_vocabulary(text)
    return "zh-Hant" if vocab.taiwan > vocab.mainland or vocab.hongkong else "zh-Hans"


def article_language(paragraphs: list[tuple[str, str]]) -> str:
    """The language covering most text, given ``(language, text)`` per paragraph.

    Text is measured in Latin-letter equivalents: a Han character counts as ``_LETTERS_PER_HAN``
    letters (as in ``detect_language``), so a Chinese report quoting two long English passages
    stays Chinese. ``und`` paragraphs do not vote; a tie goes to the language met first.
    """
    totals: dict[str, int] = {}
    for lang, text in paragraphs:
        if lang != "und":
            han = han_count(text)
            size = len(text.strip()) + han * (_LETTERS_PER_HAN - 1)
            totals[lang] = totals.get(lang, 0) + size
    if not totals:
        return "und"
    # max() keeps the first of equal keys, i.e. the first language in reading order.
    return max(totals, key=lambda k: totals[k])


def settle_paragraph_languages(paragraphs: list[tuple[str, str]], article: str) -> list[str]:
    """Paragraph tags with script-neutral Chinese paragraphs given the article's Chinese tag.

    ``paragraphs`` is ``(language, text)`` as ``detect_language`` gave it. A Chinese paragraph
    with no script-specific character and no regional wording (中央社 2025/11/13, 美国) reads the
    same in both scripts; ``detect_language`` can only default it to zh-Hans, but inside a
    traditional article a reader calls it traditional.
    """
    out = []
    for lang, text in paragraphs:
        if lang.startswith("zh") and article.startswith("zh") and lang != article:
            trad, simp = _script_balance(_PINYIN_RE.sub("", text))
            vocab = regional_vocabulary(text)
            if trad == simp == 0 and vocab.mainland == vocab.taiwan == vocab.hongkong == 0:
                lang = article
        out.append(lang)
    return out


# --- regional vocabulary ----------------------------------------------------------------------

REGIONAL_VOCAB_FILE = "regional_vocab.csv"
# Label rule: a side needs at least this many hits and this share of all regional hits.
MIN_HITS = 2
MIN_SHARE = 0.75


# Supplied language tags that name a script unambiguously; a bare "zh" names none and is ignored.
_TAG_ALIASES = {
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "zh-hant-hk": "zh-Hant",
    "yue": "zh-Hant",
    "yue-hant": "zh-Hant",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
}


def normalise_language_tag(tag: str | None) -> str | None:
    """A supplied tag (manifest, export, ``<html lang>``) as zh-Hans/zh-Hant/en, or None if it names no script."""
    if not tag:
        return None
    return _TAG_ALIASES.get(tag.strip().replace("_", "-").lower())


@dataclass(frozen=True)
class RegionalVocab:
    """Counts of mainland vs Taiwan wordings in one text and the resulting label."""

    mainland: int
    taiwan: int
    label: str  # mainland | taiwan | mixed | none
    # Hong Kong's own wordings (行政總裁, 質素, Cantonese particles): not part of the label
    hongkong: int = 0


_SIDES = ("mainland", "taiwan", "hongkong")


def _variants(word: str) -> set[str]:
    """The wording as written plus its plain script conversions (wording itself unchanged)."""
    return {word, _converter("t2s").convert(word), _converter("s2t").convert(word)}


@cache
def _vocab_automaton() -> ahocorasick.Automaton:
    """Aho-Corasick automaton over every wording → (length, side)."""
    sides: dict[str, set[str]] = {}
    for row in read_csv(REGIONAL_VOCAB_FILE):
        for side in _SIDES:
            for word in row.get(side, "").split("|"):
                if word.strip():
                    for form in _variants(word.strip()):
                        sides.setdefault(form, set()).add(side)
    auto = ahocorasick.Automaton()
    for form, where in sides.items():
        if len(where) == 1:  # a form claimed by two sides is no evidence either way
            auto.add_word(form, (len(form), next(iter(where))))
    auto.make_automaton()
    return auto


def regional_hits(text: str) -> list[tuple[int, str, str]]:
    """Non-overlapping ``(start, wording, side)`` matches, leftmost-longest (演算法 not 算法)."""
    auto = _vocab_automaton()
    if len(auto) == 0:
        return []
    found = [(end - length + 1, end + 1, side) for end, (length, side) in auto.iter(text)]
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    hits: list[tuple[int, str, str]] = []
    pos = 0
    for start, end, side in found:
        if start >= pos:
            hits.append((start, text[start:end], side))
            pos = end
    return hits


@lru_cache(maxsize=64)  # the article row and the figures' region ask for the same article text
def regional_vocabulary(text: str) -> RegionalVocab:
    """Count mainland vs Taiwan wordings (``data/lexicon/regional_vocab.csv``) in ``text``.

    Label: no mainland/Taiwan hit → ``none``; a side with ≥ MIN_HITS hits and ≥ MIN_SHARE of
    those hits → that side; a single hit → its side (weak evidence, but not of mixing);
    otherwise ``mixed``. Hong Kong's own wordings are counted apart in ``hongkong``.
    """
    counts = dict.fromkeys(_SIDES, 0)
    for _, _, side in regional_hits(text):
        counts[side] += 1
    mainland, taiwan = counts["mainland"], counts["taiwan"]
    total = mainland + taiwan
    if total == 0:
        label = "none"
    elif total == 1:
        label = "mainland" if mainland else "taiwan"
    elif mainland >= MIN_HITS and mainland / total >= MIN_SHARE:
        label = "mainland"
    elif taiwan >= MIN_HITS and taiwan / total >= MIN_SHARE:
        label = "taiwan"
    else:
        label = "mixed"
    return RegionalVocab(mainland=mainland, taiwan=taiwan, label=label, hongkong=counts["hongkong"])


def converted_repost(language: str, vocab: RegionalVocab) -> bool:
    """Traditional script written with mainland vocabulary: a likely machine-converted repost.

    Text showing Hong Kong's own wording is Hong Kong writing, which shares several mainland
    wordings (特朗普, 人工智能, 芯片), so it is not called a repost.
    """
    return language == "zh-Hant" and vocab.label == "mainland" and vocab.hongkong == 0
