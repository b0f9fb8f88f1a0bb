"""度 (and °) after a number: a temperature, a kilowatt-hour, or no figure.

度 is a kilowatt-hour after an electricity word in the same clause (用电量达三百万度, 年发电十二亿度;
the words are ``figures.toml`` [degrees]); elsewhere 度 / ° is a temperature only where the text
speaks of one (气温35度, 摄氏23°, 三十七度的高温), in Fahrenheit when 华氏 is the nearer scale word.
一度 before a verb is "at one point" (气温一度升至三十五度) and a single digit before a verb "twice"
or "three times" (用电负荷两度创新高): no figure.
"""

from __future__ import annotations

import re

from .numerals import CN_DIGIT
from .rules import Rules, Unit

_CLAUSE_END = re.compile(r"[，。；、,;！？!?：:]")


def _kwh_clause(scan: str, start: int, rules: Rules) -> bool:
    """度 is a kilowatt-hour after an electricity word (用电, 发电) in the same clause, unless a
    temperature word stands nearer (发电站附近气温三十度)."""
    window = scan[max(0, start - 12) : start]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    power = max((window.rfind(w) for w in rules.kwh_before), default=-1)
    heat = max((window.rfind(w) for w in _TEMPERATURE_WORDS), default=-1)
    return power >= 0 and power > heat


_TEMPERATURE_WORDS = (
    "零下",
    "气温",
    "温度",
    "高温",
    "低温",
    "体温",
    "水温",
    "摄氏",
    "升温",
    "降温",
    "最高温",
    "最低温",
    "最高",
    "最低",
    "室温",
    "天气",
    "预报",
    "白天",
    "夜间",
    "日间",
    "晚间",
    "发烧",  # 发烧到三十九度五
    "高烧",
)
# 一度 before a verb is "at one point" (气温一度升至三十五度, 股价一度下跌), never one degree
_ONE_DEGREE_END = re.compile(r"[，。；、,;！？!?\s）)」”]|$|的|左右|上下|以[上下内]|多|电")
_TEMPERATURE_AFTER = ("的高温", "的低温", "高温", "低温", "的气温")


def degree_unit(
    scan: str, span: tuple[int, int], numbers: tuple[str, str | None], unit_s: str, unit: Unit, rules: Rules
) -> Unit | None:
    """The unit of a number before 度 / ° at ``scan[start:end]``, or None when it is no figure."""
    (start, end), (n1, n2) = span, numbers
    if unit_s == "度" and _kwh_clause(scan, start, rules):
        unit = rules.units["度电"]  # 用电量达三百万度, 年发电十二亿度: kilowatt-hours
    elif not (
        any(w in scan[max(0, start - 12) : start] for w in _TEMPERATURE_WORDS)
        or scan.startswith(_TEMPERATURE_AFTER, end)
    ):
        return None  # 度 / ° is a temperature only where the text speaks of one (气温35度, 摄氏23°)
    if (
        unit_s == "度"
        and n1 == "一"
        and not n2
        and not _ONE_DEGREE_END.match(scan, end)
        and scan[max(0, start - 2) : start] not in ("零下", "零上")
    ):
        return None  # 气温一度升至三十五度: "at one point", no 1 °C (零下一度到三度 is a temperature)
    if unit.unit == "kWh" and n1 in CN_DIGIT and not n2 and not _ONE_DEGREE_END.match(scan, end):
        return None  # 用电量两度创新高: "twice", no 2 kWh (用电两度。 is)
    scale_words = scan[max(0, start - 12) : start]
    if scale_words.rfind("华氏") > scale_words.rfind("摄氏"):
        unit = Unit("measure", "°F")  # 华氏90度 is Fahrenheit (the nearer scale word decides)
    return unit
