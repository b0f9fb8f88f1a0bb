"""Spoken tails after a unit: the digits or the half that a speaker puts after the unit word.

六成三 (63 %), 兩成半 (25 %), 三年半, 体温三十八度五 (38.5 °C), 十蚊八 (HK$10.80), 一米八 (1.8 m),
跳远8米12 (8.12 m). A tail must close the phrase where its digit may start the next word
(三成一些人, 1米一带, 1.5米一次 take no tail).
"""

from __future__ import annotations

import re

from .half import adds_half
from .numerals import CN_DIGIT
from .rules import Rules, Unit, unit_forms

_TENTH_DIGITS = re.compile(r"[ ]?(\d{2,3})(?![\d.%])")
# (两 is never a tenth: 三成两路 is 30 % and two roads, the tenth is said 二: 六成二)
# (a tenth 一 closes the phrase: 三成一些人, 三成一下子 are the next word; 九成二是 is 92 %)
_TENTH_DIGIT = re.compile(
    r"[ ]?([1-9二三四五六七八九]|一(?=[，。；、,;！？!?\s）)」”]|$|的|左右|上下|多|以[上下内]|[到至-]))"
    r"(?![\d.〇零一二两三四五六七八九十百千万亿%]|,\d)"
)
_DEGREE_TAIL = re.compile(r"([一二三四五六七八九])(?=[，。；、,;！？!?\s的左以）)」”]|$)")
# (a tail 一 closes the phrase: 1米一带, 一米一处, 一米一下 are the next word, no 1.1 m)
_HEIGHT_TAIL = re.compile(
    r"([二三四五六七八九〇零][一二三四五六七八九〇零]?|一[一二三四五六七八九〇零]|\d{1,2}"
    r"|一(?=[，。；、,;！？!?\s）)」”]|$|的|左右|上下|多|高|以[上下]|[到至-]))"
    r"(?![〇零一二两三四五六七八九十百千万亿\d.%]|[米个年天])"
)
_DECIMAL_MARK = re.compile(r"[.点]")
_MARK_TAIL = re.compile(r"(\d\d)(?![\d.%])(?=[，。；、,;！？!?\s的）)」”]|$)")


def _digit_value(d: str) -> int:
    return int(d) if d.isdigit() else CN_DIGIT[d]


def spoken_tail(
    scan: str,
    end: int,
    unit_s: str,
    unit: Unit,
    value: float,
    vmax: float | None,
    n1: str,
    half: bool,
    rules: Rules,
) -> tuple[int, float] | None:
    """The end and value of the figure with its spoken tail (六成三, 三年半, 一米八), or None when
    the digits glued after the unit make no sure reading."""
    if unit.factor == 10.0 and vmax is None and adds_half(scan, end, rules):
        end, value = end + 1, value + 0.5  # 兩成半 = 25%
    elif unit.factor == 10.0 and vmax is None and value < 10:
        # (a tenth after 十成 would pass 100 %: 十成九稳 is "nine chances in ten", no 109 %)
        tail = _TENTH_DIGIT.match(scan, end)
        digits = _TENTH_DIGITS.match(scan, end)
        if tail and not scan[tail.end() :].startswith(unit_forms(rules)):
            d = tail.group(1)
            end, value = tail.end(), value + (int(d) if d.isdigit() else CN_DIGIT[d]) / 10  # 六成三
        elif digits and not scan[digits.end() :].startswith(unit_forms(rules)):
            # a rate in Taiwan sports writing: 打擊率3成51 = 35.1%, 勝率3成58 = 35.8%
            d = digits.group(1)
            end, value = digits.end(), value + int(d) / 10 ** len(d)
        elif scan[end : end + 1].isdigit():
            return None  # more digits glued to 成 than a rate has: not read rather than misread
    elif half:
        end, value = end + 1, value + 0.5  # 三年半, 五吨半
    elif unit_s in ("度", "蚊") and vmax is None and (tail := _DEGREE_TAIL.match(scan, end)):
        # 体温三十八度五 = 38.5 °C; 十蚊八 = HK$10.80 (but 十蚊三個 is three for ten dollars)
        end, value = tail.end(), value + CN_DIGIT[tail.group(1)] / 10
    elif (
        unit_s in ("米", "公尺")
        and vmax is None
        and value < 3
        and not _DECIMAL_MARK.search(n1)  # 1.5米一次: no height tail after a decimal
        and (tail := _HEIGHT_TAIL.match(scan, end))
    ):
        # (a height as spoken is under three metres: 十米九糠 is no 10.9 m)
        digits = tail.group(1)  # 一米八 = 1.8 m, 一米七五 = 1.75 m (a height as spoken)
        end = tail.end()
        value += sum(_digit_value(d) / 10 ** (i + 1) for i, d in enumerate(digits))
    elif unit_s in ("米", "公尺") and vmax is None and (tail := _MARK_TAIL.match(scan, end)):
        # 跳远8米12 = 8.12 m (a jump or a throw: centimetres glued after 米, ending the clause);
        # after 30 m or more, or a Chinese numeral, the two digits are unsure: nothing, never 8 m
        if value >= 30 or not n1.isdigit():
            return None
        end, value = tail.end(), value + int(tail.group(1)) / 100
    return end, value
