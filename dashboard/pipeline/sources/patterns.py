"""Finding outlet names: lexicon matches, cues around them, names discovered by citation patterns."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import dictfacts
from .fold import ascii_lower, fold_text, has_cjk
from .outlets import Match, automaton, cue_lists, fold_key, known_outlets, platform_labels

# characters that end a name when discovering unknown sources
_NAME_STOP = r"\s，。；：、,.;:!?！？《》〈〉“”\"'（）()【】\[\]「」『』|—\-·…"
_SENTENCE_END = "。！？!?；;\n"
_CLOSERS = "」』”\"’')）》"


# ---------------------------------------------------------------- helpers


def is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def known_matches(low: str) -> list[Match]:
    found = []
    for end_idx, (length, idx, strict) in automaton().iter(low):
        start, end = end_idx - length + 1, end_idx + 1
        # Latin edges need word boundaries (FT must not match inside "SOFT")
        if is_alnum_ascii(low[start]) and start > 0 and is_alnum_ascii(low[start - 1]):
            continue
        if is_alnum_ascii(low[end - 1]) and end < len(low) and is_alnum_ascii(low[end]):
            continue
        found.append(Match(start, end, idx, strict))
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken: list[Match] = []
    for m in found:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


@cache
def _straddle_words() -> frozenset[str]:
    """Two-character words of jieba's bundled dictionary with frequency ≥ STRADDLE_MIN_FREQ, kept
    on disk between processes (``dictfacts``)."""
    return frozenset(dictfacts.derived("straddle-words", f"1|{STRADDLE_MIN_FREQ}", _frequent_pairs))


def _frequent_pairs() -> list[str]:
    """Read from the dictionary file itself: loading jieba's whole prefix dictionary for this costs
    seconds in every worker process."""
    text = dictfacts.read_jieba_dict()
    # "word frequency [tag]" per line; a later line for the same word wins, as in jieba
    freq = {w: int(n) for w, n in re.findall(r"^(\S\S) (\d+)", text, re.M)}
    return sorted(w for w, n in freq.items() if n >= STRADDLE_MIN_FREQ and has_cjk(w[0]) and has_cjk(w[1]))


# A two-character word this frequent that straddles an alias's edge makes the alias a fragment of
# other words (广东|网友 holds 东网, 新华|社区 holds 新华社, 人民日|报告 holds 人民日报, 新|浪潮 holds 新浪).
STRADDLE_MIN_FREQ = 100


# A name this long is a name of its own even when a frequent word straddles its edge
# (经|文化和旅游部 holds 经文, 国家旅游局|综合 holds 局综): only short aliases are fragments.
STRADDLE_MAX_LEN = 4


def inside_word(low: str, start: int, end: int) -> bool:
    """True when a Chinese alias match is part of other words rather than a name of its own."""
    if end - start > STRADDLE_MAX_LEN:
        return False
    words = _straddle_words()
    return (start > 0 and low[start - 1 : start + 1] in words) or (
        end < len(low) and low[end - 1 : end + 1] in words
    )


def bracketed_span(low: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of the 《…》 around [start, end), if the name stands inside one."""
    left = max(low.rfind("《", 0, start), low.rfind("〈", 0, start))
    if left < 0 or start - left > 20 or any(ch in low[left + 1 : start] for ch in "》〉"):
        return None
    ends = [i for i in (low.find("》", end), low.find("〉", end)) if i >= 0]
    if not ends or min(ends) - end > 20 or any(ch in low[end : min(ends)] for ch in "《〈"):
        return None
    return left, min(ends) + 1


def cued(low: str, start: int, end: int, strict: bool = False, media: bool = False) -> bool:
    """A reporting cue before or after [start, end).

    An ambiguous Chinese alias (~观察者, ~财富) only takes a cue before it: "有观察者认为" is not Guancha.
    """
    cues = cue_lists()
    # (after: room for a release word and a document's title before the verb, see document_words)
    before, after = low[max(0, start - 24) : start], low[end : end + 40]
    if cues.spokesperson.search(low[start:end]):  # 外交部发言人 speaks for the ministry
        return True
    suffix_ok = not (strict and has_cjk(low[start:end]))
    # a headline's attribution: the name opens the paragraph and a colon follows (国家卫健委：…)
    headline = not strict and after[:1] in (":", "：") and not low[:start].strip(" \t【[「“")
    return bool(
        headline
        or cues.before.search(before)
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


def sentence_around(text: str, start: int, end: int) -> str:
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


def rejected_name(name: str) -> bool:
    cues = cue_lists()
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
    if any(w.lower().strip("'s") in cue_lists().en_outlet_words for w in words):
        return False
    if len(words) == 1:
        w = words[0]
        camel_or_caps = any(ch.isupper() for ch in w[1:]) or any(ch.isdigit() for ch in w)
        return not camel_or_caps
    return len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)


@cache
def _discover_patterns() -> tuple[re.Pattern[str], ...]:
    """The Chinese discovery patterns of ``discover``, compiled once per process."""
    cues = cue_lists()
    name = rf"[^{_NAME_STOP}]"
    mods, verbs = cues.modifiers, cues.verbs
    return (
        # 据X报道 / 根据X的数据显示
        re.compile(
            rf"(?:(?<!{cues.ju_word_heads})据|根据|援引|引述)(?P<x>{name}{{2,12}}?)(?:的)?(?:{verbs})"
        ),
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
        re.compile(rf"(?:{platform_labels()})\s*[“\"「『](?P<x>[^”\"」』\n]{{2,20}})[”\"」』]"),
    )


# Words each pattern of ``_discover_patterns`` cannot match without: a paragraph lacking them
# skips that pattern (pure pre-check, the matches are the same).
_DISCOVER_NEEDS = (("据", "援引", "引述"), ("报道", "报导", "援引"), ("《",))


# Text "according to|reported by|told|interview with" (IGNORECASE) cannot match without; no
# letter here has a non-ASCII case variant (the i of "interview" has: İ, ı), so the test is exact
# on the ASCII-lower-cased text.
_EN_ACCORDING_NEEDS = ("accord", "reported by", "told", "nterv")


def discover(simp: str, reference: bool, low: str | None = None) -> list[tuple[int, int, str]]:
    """Unknown-source candidates as (start, end, name) in folded offsets (``low``: simp lower-cased)."""
    if low is None:
        low = ascii_lower(simp)
    cues = cue_lists()
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
            if simp[m.end("x") :].lstrip().startswith((":", "：")):
                continue  # an empty 来源 field on an info line: the "name" is the next label (作者:)
            out.append((m.start("x"), m.end("x"), m.group("x").strip()))
    return [(s, e, x) for s, e, x in out if not rejected_name(x.strip("《》"))]


DAMAGE = "?\ufffd\u3000"


@lru_cache(maxsize=1024)  # scans every alias: worth remembering for a repeated damaged name
def recover_damaged(name: str) -> int | None:
    """Outlet index for a 《name》 whose tail is damaged (《華爾街日?》), when its intact head is unique."""
    cut = min((name.find(ch) for ch in DAMAGE if ch in name), default=-1)
    head = name[:cut].lower() if cut >= 0 else ""
    if len(head) < 3:
        return None
    hits = {
        idx
        for idx, outlet in enumerate(known_outlets())
        for alias in (outlet.canonical, *outlet.aliases)
        if (key := fold_key(alias.lstrip("~"))).startswith(head) and len(key) - len(head) <= 2
    }
    return hits.pop() if len(hits) == 1 else None


@lru_cache(maxsize=1024)  # asked once per paragraph with the same publisher
def publisher_outlets(publisher: str | None) -> tuple[frozenset[int], str]:
    if not publisher or not publisher.strip():
        return frozenset(), ""
    simp = fold_text(publisher.strip())[0]
    low = ascii_lower(simp)
    return frozenset(m.outlet for m in known_matches(low)), low
