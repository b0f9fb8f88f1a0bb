"""Pairs: two neighbouring numbers joined by 、 are an approximate range (十三、十四度, 930、940萬).

Chinese states a rough amount by naming two neighbouring numbers (三、四人, 气温降至13、14度左右,
旅客930、940萬人次). Joined by 、 they are one figure, a range, only when they are a pair: the
second is the first plus one step of its last digit (13 → 14, 930 → 940, 3000 → 4000), neither
is part of a longer list (分别为3、5、8人; 2、3、4人), and the unit is not a month or a day (3、4月
names two months).
"""

from __future__ import annotations

import math
import re

_NOT_UNITS = ("月", "日", "号", "号线", "楼", "层", "座", "期", "届", "季")
_LIST_BEFORE = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿][ ]?[、和及与][ ]?$")
_LIST_AFTER = re.compile(r"[ ]?[、和及与][ ]?[\d〇零一二两三四五六七八九十]")


def _step(value: float) -> float | None:
    """One step of the last significant digit of a whole number (13 → 1, 930 → 10, 3000 → 1000)."""
    if value <= 0 or value != int(value):
        return None
    n, step = int(value), 1
    while n % 10 == 0:
        n, step = n // 10, step * 10
    return float(step)


def neighbour_pair(scan: str, start: int, end: int, value: float, v2: float, unit_s: str | None) -> bool:
    """True when ``value``、``v2`` (the span ``scan[start:end]``) is a pair of neighbouring numbers."""
    if unit_s in _NOT_UNITS:
        return False
    step = _step(value)
    if step is None or not math.isclose(v2, value + step):
        return False
    return not (_LIST_BEFORE.search(scan, max(0, start - 6), start) or _LIST_AFTER.match(scan, end))
