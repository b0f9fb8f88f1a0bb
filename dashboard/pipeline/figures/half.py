"""半 right after a number and its unit: a half of that unit, or the first character of the next word.

三年半, 五吨半, 两成半 and 三块半 add a half; 100米半决赛 (a semi-final), 3公里半径 (a radius) and
五元半斤 (a price for half a jin) do not. The words are in ``data/lexicon/figures.toml`` [half].
"""

from __future__ import annotations

from .rules import Rules, unit_forms

# 半 then one of these starts the next word (半载, 半个月, 半天, 半夜, 半小时), it adds no half
_NOT_A_HALF_AFTER = frozenset("载个天年月日夜钟小")


def adds_half(scan: str, pos: int, rules: Rules) -> bool:
    """True when ``scan[pos]`` is a 半 that adds half a unit to the number before it."""
    if scan[pos : pos + 1] != "半" or scan[pos + 1 : pos + 2] in _NOT_A_HALF_AFTER:
        return False
    return not (scan.startswith(rules.half_words, pos) or scan.startswith(unit_forms(rules), pos + 1))
