"""Irreparable damage: spans anchored by U+FFFD, private-use characters or an orphaned ruby
fragment, reported (never deleted) as ``damaged_spans``."""

from __future__ import annotations

import re

from .mojibake import is_rare_han, utf8_as_gbk_chars
from .pinyin import HAN_RE, PY_CHARS, TONE_RE, TONES, is_pinyin_syllable

# ---------------------------------------------------------------------------------------------
# irreparable damage

_HARD_DAMAGE_RE = re.compile("[\ufffd\ue000-\uf8ff]|锟斤拷|烫烫烫|屯屯屯")
# a ruby annotation whose character (and opening bracket) was lost: "?yàn)" "?guó)"
_ORPHAN_RUBY_RE = re.compile(rf"[?？]?[{PY_CHARS}]*[{TONES}][{PY_CHARS}]*[)）]")


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
    if TONE_RE.search(text) is not None:  # an orphaned fragment needs a tone mark
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
    gset = utf8_as_gbk_chars()
    rare_moji = {c for c in suspects if c in gset and is_rare_han(c)}
    if not anchored and not rare_moji:
        # only the anchors below make a span, and with neither kind there is none (a question
        # mark or a rare character alone): skip the walks over every character
        return []
    anchor = [False] * n
    member = [False] * n
    for start, end in anchored:
        for k in range(start, end):
            anchor[k] = member[k] = True
    for k, ch in enumerate(text):
        if ch in suspects:
            member[k] = True
    # un-anchored GBK mojibake: >= 3 rare mojibake-typical characters within 4
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
            while q + gap < n and not member[q + gap] and HAN_RE.match(text[q + gap]) and gap < 3:
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
        if merged and s - merged[-1][1] <= 4 and all(HAN_RE.match(c) for c in text[merged[-1][1] : s]):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged
