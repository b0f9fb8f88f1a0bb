"""Which way a figure moved, from the word just before it (``下降3%`` → down).

The number is never changed: 下降3% stays 3 with direction ``down``, and a sign written on the
number (负2.7%) is the number's own. Words live in ``data/lexicon/directions.csv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import read_csv
from ..script import to_simplified

# how far back a direction word may stand from the number, within its clause
WINDOW = 24
_CLAUSE_BREAK = re.compile(r"[，。；！？,;!?：:\n]")


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = read_csv("directions.csv")
    words = {r["word"].strip().lower(): r["direction"].strip() for r in rows if r.get("word")}
    latin = sorted((w for w in words if w.isascii()), key=len, reverse=True)
    han = sorted((w for w in words if not w.isascii()), key=len, reverse=True)
    parts = []
    if latin:
        parts.append(r"\b(?:" + "|".join(map(re.escape, latin)) + r")\b")
    if han:
        parts.append("|".join(map(re.escape, han)))
    return re.compile("|".join(parts), re.I), words


def find_direction(text: str, start: int) -> str | None:
    """``up`` or ``down`` when a direction word stands before ``text[start:]`` in its clause."""
    lo = max(0, start - WINDOW)
    window = text[lo:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    word = _last_word(to_simplified(window))
    return word[1] if word else None


def _last_word(window: str) -> tuple[int, str] | None:
    """The end and the direction (up or down) of the last direction word in ``window``."""
    pattern, words = _pattern()
    found = None
    for m in pattern.finditer(window):
        found = m
    direction = words.get(found.group(0).lower()) if found else None
    return (found.end(), direction) if direction in ("up", "down") else None


# 上升4.6点至161.6点 is a move of 4.6 points to a level of 161.6, not a range of 4.6–161.6: after a
# direction word, "X至Y" is a change and a new level when Y is many times X. A range after such a
# word is narrow (增长5%至6%, 增加3至5人, 减少一至三成), so a ratio above this is no range. Rates
# are left alone: 增长1%至5% is a forecast range far more often than a rate that moved to a level
# (a moved rate is written 上升0.2个百分点至3.1%, which is no range anyway).
CHANGE_TO_LEVEL_RATIO = 3.0
_BETWEEN = ("之间", "之間", "间", "間", "不等")  # words that say the two ends are a range
_JUST_BEFORE = 6  # the direction word must end right before the number (了 and a space may follow it)


def change_then_level(text: str, span: tuple[int, int], kind: str, low: float, high: float) -> bool:
    """True when ``low``, at the start of ``text[span[0]:span[1]]`` (not a percent), follows a
    direction word and ``high`` is more than ``CHANGE_TO_LEVEL_RATIO`` times it: a move and the
    level it reached, not a range (上涨5元至20元之间 or 不等 stays a range: the word says so)."""
    start, end = span
    if kind == "percent" or low <= 0 or high <= low * CHANGE_TO_LEVEL_RATIO:
        return False
    if text[end : end + 3].lstrip(" ").startswith(_BETWEEN):
        return False
    window = to_simplified(text[max(0, start - _JUST_BEFORE) : start]).rstrip(" 了")
    word = _last_word(window)
    return word is not None and word[0] == len(window)
