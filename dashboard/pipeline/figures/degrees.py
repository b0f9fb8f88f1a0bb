"""度 (and °) after a number: a temperature, a kilowatt-hour, or no figure.

度 is a kilowatt-hour after an electricity word in the same clause (用电量达三百万度, 年发电十二亿度;
the words are ``figures.toml`` [degrees]). Elsewhere a bare 度 means many things (满意度, 角度, 一度
"at one point"); it is read as °C only where the text speaks of a temperature: a temperature word a
few characters before it, a temperature word right after it (35度高温), or, in a list or a forecast,
a temperature word earlier in the same sentence (本港其他地区的气温:京士柏16度,黄竹坑15度; 气温降至
13度,新界再低一两度); in Fahrenheit when 华氏 is the nearer scale word. A reading from a weather word
or from the sentence must also be a plausible air temperature (−60 to 60 °C): 气温…转了180度 is an
angle. 摄氏, 温度 or 高温 set no bound (炉内温度1200度, 上千度高温), nor does ℃. 一度 before a verb is
"at one point" (气温一度升至三十五度) and a single digit before a verb "twice" or "three times"
(用电负荷两度创新高): no figure.
"""

from __future__ import annotations

import re

from .numerals import CN_DIGIT
from .rules import Rules, Unit

# words that make the 度 after them a temperature (scan copy: simplified); a furnace or a kiln
# may reach 1200 度 (温度, 高温), so these set no bound
TEMPERATURE_WORDS = ("零下", "温度", "高温", "低温", "体温", "水温", "摄氏", "发烧", "高烧")
# words of the weather: the 度 after them is the air's temperature, within the bound
WEATHER_WORDS = (
    *("气温", "升温", "降温", "最高温", "最低温", "最高", "最低", "室温", "天气", "预报"),
    *("白天", "夜间", "日间", "晚间"),
)
# the temperature words that also speak for a later number of the same sentence (a list of places)
SENTENCE_WORDS = ("气温", "温度", "摄氏", "最高温", "最低温", "高温", "低温")
TEMPERATURE_AFTER = ("的高温", "的低温", "高温", "低温", "的气温")
NEAR = 12  # characters before the number searched for a temperature word
# where a sentence ends: a temperature word before it says nothing of this number
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# words right before the number that give 度 another sense even in a temperature sentence:
# 纬度/经度 (北纬22度 has its own reading), 湿度 is a percentage, 角度 an angle
_OTHER_SENSE = ("纬", "经", "湿度", "角度", "转", "弯", "倾斜", "坡度", "浓度", "满意度", "指数")
LOW, HIGH = -60.0, 60.0  # plausible temperatures of air, water or a body, in °C


def _sentence_start(scan: str, start: int) -> int:
    """Where the sentence holding ``start`` begins (after the last 。！？；or line break)."""
    for pos in range(start - 1, -1, -1):
        if _SENTENCE_END.match(scan, pos):
            return pos + 1
    return 0


def temperature_context(scan: str, start: int, end: int) -> str | None:
    """How the number before 度 at ``start:end`` is known to be a temperature: ``"word"`` (a
    temperature word right before or after it, no bound), ``"weather"`` (a weather word right
    before it, or a temperature word earlier in the same sentence: the reading must be
    ``plausible``), or None (not a temperature)."""
    near = scan[max(0, start - NEAR) : start]
    if any(w in near for w in TEMPERATURE_WORDS) or scan.startswith(TEMPERATURE_AFTER, end):
        return "word"
    if any(w in scan[max(0, start - 4) : start] for w in _OTHER_SENSE):
        return None  # 转了180度, 纬度, 湿度: another sense of 度 even where the weather is spoken of
    if any(w in near for w in WEATHER_WORDS):
        return "weather"
    head = scan[_sentence_start(scan, start) : start]
    return "weather" if any(w in head for w in SENTENCE_WORDS) else None


def plausible(value: float, value_max: float | None = None) -> bool:
    """A temperature in °C an air, water or body reading can have."""
    hi = value if value_max is None else value_max
    return LOW <= value <= HIGH and LOW <= hi <= HIGH


_CLAUSE_END = re.compile(r"[，。；、,;！？!?：:]")
_HEAT_WORDS = (*TEMPERATURE_WORDS, *WEATHER_WORDS)
# 一度 before a verb is "at one point" (气温一度升至三十五度, 股价一度下跌), never one degree
_ONE_DEGREE_END = re.compile(r"[，。；、,;！？!?\s）)」”]|$|的|左右|上下|以[上下内]|多|电")


def _kwh_clause(scan: str, start: int, rules: Rules) -> bool:
    """度 is a kilowatt-hour after an electricity word (用电, 发电) in the same clause, unless a
    temperature word stands nearer (发电站附近气温三十度)."""
    window = scan[max(0, start - NEAR) : start]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    power = max((window.rfind(w) for w in rules.kwh_before), default=-1)
    heat = max((window.rfind(w) for w in _HEAT_WORDS), default=-1)
    return power >= 0 and power > heat


def degree_unit(
    scan: str, span: tuple[int, int], numbers: tuple[str, str | None], unit_s: str, unit: Unit, rules: Rules
) -> tuple[Unit | None, bool]:
    """The unit of a number before 度 / ° at ``scan[start:end]`` (None when it is no figure), and
    whether a °C reading must be ``plausible`` (it was read from the weather or the sentence)."""
    (start, end), (n1, n2) = span, numbers
    bounded = False
    if unit_s == "度" and _kwh_clause(scan, start, rules):
        unit = rules.units["度电"]  # 用电量达三百万度, 年发电十二亿度: kilowatt-hours
    else:
        context = temperature_context(scan, start, end)
        if context is None:
            return None, False  # 度 / ° is a temperature only where the text speaks of one
        bounded = context == "weather"
    if (
        unit_s == "度"
        and n1 == "一"
        and not n2
        and not _ONE_DEGREE_END.match(scan, end)
        and scan[max(0, start - 2) : start] not in ("零下", "零上")
    ):
        return None, False  # 气温一度升至三十五度: "at one point", no 1 °C (零下一度到三度 is one)
    if unit.unit == "kWh" and n1 in CN_DIGIT and not n2 and not _ONE_DEGREE_END.match(scan, end):
        return None, False  # 用电量两度创新高: "twice", no 2 kWh (用电两度。 is)
    scale_words = scan[max(0, start - NEAR) : start]
    if scale_words.rfind("华氏") > scale_words.rfind("摄氏"):
        unit = Unit("measure", "°F")  # 华氏90度 is Fahrenheit (the nearer scale word decides)
    return unit, bounded
