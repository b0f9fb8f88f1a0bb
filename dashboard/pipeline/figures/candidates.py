"""Candidates: every number-with-unit span a paragraph offers, filtered and interpreted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .numerals import (
    _AR_SCALE,
    _CN_DIGIT,
    _EN_SHORT_SCALE_END,
    _SCALE_END_RE,
    _SCALE_RE,
    AR,
    CN,
    _has_big_scale,
    _tidy,
    parse_number,
)
from .rules import _Rules, _Unit

# ---------------------------------------------------------------- candidates

_BLOCK_BEFORE = set("abcdefghijklmnopqrstuvwxyz0123456789._/:\\@×*")
_BLANK = "\u3000"


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    value: float
    value_max: float | None
    unit: str | None
    priority: int = 0  # higher wins when two candidates cover the same span
    bare_yuan: bool = False  # money written with a bare 元: its currency depends on context
    bare_dollar: bool = False  # money written with a bare $: HKD in a Hong Kong article
    qualifier: str | None = None  # 约, 近, 超过, 多 … as written (simplified, lower case)


def _blocked_left(scan: str, pos: int) -> bool:
    """True when the character before ``pos`` glues the number to a code, model, date or time."""
    if pos == 0:
        return False
    prev = scan[pos - 1]
    if prev in _BLOCK_BEFORE or prev == _BLANK:
        return True
    if prev in "-–" and pos >= 2 and (scan[pos - 2].isalnum() and scan[pos - 2].isascii()):
        return True  # GPT-4, 2024-10-23
    return False


def _ends_with_any(s: str, words) -> bool:
    # str.endswith takes a tuple: one C call instead of a generator over the words
    return s.rstrip(" ").endswith(words if isinstance(words, tuple) else tuple(words))


def _excluded_before(scan: str, pos: int, rules: _Rules) -> bool:
    window = scan[max(0, pos - 10) : pos]
    if _ends_with_any(window, rules.exclude_before):
        return True
    # 数十亿 / 几百家 are vague; 预测数一七二三亿 is a number (数 then a digit, not a place word)
    if scan[pos : pos + 1] in "十百千万亿" and _ends_with_any(window, ("数", "几")):
        return True
    if scan[pos : pos + 1] in "一二两三四五六七八九十" and _ends_with_any(
        window, tuple(w for w in rules.exclude_before_cn if w not in ("数", "几"))
    ):
        return True
    return _ends_with_any(window, rules.furniture)


# compiled once: _interpret runs for every number-like match
_ZERO_LED = re.compile(r"0\d+")
_GLUED_ALNUM = re.compile(r"[0-9a-z]")
_GLUED_DIGITS = re.compile(r"[:/\-.]\d")
_DIGIT = re.compile(r"\d")
_ROUND_YI = re.compile(r"[十百千万]亿")
_NOT_DIGITS = re.compile(r"[^\d.,]")


def _interpret(m: re.Match, scan: str, rules: _Rules) -> _Cand | None:
    g = m.groupdict()  # one dict for every group (``single`` has no n2/pc1)
    n1 = g["n1"]
    unit_s = g["unit"]
    pre = (g["pre"] or "").strip()
    n2 = g.get("n2")
    pc1 = g.get("pc1")
    if not unit_s and not pre and not (pc1 and not n2):
        return None  # the bare-number rule below, checked before the costlier ones
    start = m.start()
    num_start = m.start("n1")
    # (without a prefix this is also the check at the number itself, with or without a qualifier)
    if _blocked_left(scan, start) or _excluded_before(scan, m.start("pre") if pre else num_start, rules):
        return None
    # a number glued to a blank (damaged span) may be the tail of a longer damaged number
    mend = m.end()
    if scan[mend : mend + 1] == _BLANK or scan[num_start - 1 : num_start] == _BLANK:
        return None
    if _ZERO_LED.fullmatch(n1.strip()):
        return None  # stock codes and list numbers (09993, 01)
    end = start + len(m.group(0).rstrip(" "))
    after = scan[end : end + 6]
    last = scan[end - 1]
    if (last.isascii() and _GLUED_ALNUM.match(after)) or _GLUED_DIGITS.match(after):
        return None  # 910c, 6000d, 11:23, 5.23 glued to more digits (but 1万张GPU is fine)
    unit = rules.units.get(unit_s) if unit_s else None
    if pre and ((pc1 and not n2) or (unit is not None and unit.kind == "percent")):
        # 港幣6.12%: a rate quoted for a currency, not an amount of it
        pre, start = "", num_start
        if unit is None:
            unit = rules.units["%"]
    if unit is None and pre:
        unit = _Unit("money", rules.prefix_currency[pre])
    elif unit is not None and unit.kind == "money" and pre:
        unit = _Unit("money", rules.prefix_currency[pre])  # 人民币500亿元: the prefix is specific
    if unit is None and pc1 and not n2:
        unit = rules.units["%"]
    if pc1 and n2 and unit is not None and unit.kind != "percent":
        return None  # 增长45.2%至87.6亿元: a rate, then the new level; the single pass finds both
    if unit is None:
        return None  # a bare number is not a figure
    if unit.next_not and after.startswith(unit.next_not):
        return None
    if after.lstrip(" ").startswith(rules.furniture):
        return None
    value, vmax = parse_number(n1)
    value += unit.plus
    is_cn = not _DIGIT.match(n1)
    if n1[0] in "千百万亿":
        # 千亿美元, 逾百万颗: an implied 一 is a figure only for money or after a hedge, never in
        # 百家争鸣 / 千家万户 / 成千上万 / 上百万
        if scan[num_start - 1 : num_start] in ("上", "数", "几", "成", "好", "过", "千", "百", "万"):
            return None
        stated = scan[num_start - 1 : num_start] in _STATING  # 月产能达百万片: a quantity, not 百万富翁
        if unit.kind != "money" and not m.group("qual") and not stated and not _ROUND_YI.fullmatch(n1):
            return None  # 千亿参数 and 百亿颗 are numbers; 千家, 百万 or 亿万 alone may be idiom
    if n2:
        v2, v2max = parse_number(n2)
        v2 = v2max if v2max is not None else v2
        if not _has_big_scale(n1) and _SCALE_RE.search(n2) and (not is_cn or not _SCALE_RE.search(n1)):
            scale = _SCALE_END_RE.search(n2)
            if scale:
                value *= _AR_SCALE[scale.group(0).strip()]  # 3到5亿美元, 十三至十四万人次
        if v2 <= value or _ends_with_any(scan[max(0, start - 3) : start], ("从", "由", "from")):
            return None  # 从95%跌至50% is a change, not a range; the single pass finds both numbers
        vmax = v2
    if unit.kind != "money" and _EN_SHORT_SCALE_END.search(n1):
        return None  # 5m is 5 million only for money
    half = scan[end : end + 1] == "半" and unit.kind in ("duration", "measure") and vmax is None
    if unit.kind in ("count", "duration") and is_cn and not _has_big_scale(n1) and value < 10:
        if half:
            pass  # 三年半, 两年半: the half makes it a stated span
        elif value <= 1 or (unit.kind == "count" and unit.unit in _WEAK_COUNT):
            return None  # 三个意见, 一天: wording, not a cited figure
        elif unit.kind == "duration" and not _has_cue(scan, start, end, rules, m.group("approx")):
            return None
    if unit.kind == "duration":
        if unit_s == "日" and scan[start - 1 : start] == "月":
            return None  # 8月8日以来: a date, not eight days
        if scan[end : end + 8].lstrip(" ").startswith(rules.time_reference_after):
            return None  # 20多年前, 三个月后: a point in time, not a quantity
        if value >= 1000 or (vmax or 0) >= 1000:
            return None  # 2023-2025年 is a span of years, 2024年 a year
        if unit.needs_cue and not half and not _has_cue(scan, start, end, rules, m.group("approx")):
            return None
    if unit_s in rules.min_value and max(value, vmax or 0) < rules.min_value[unit_s]:
        # an index move (跌19.6点, 升15点, 2.37点) is not a clock time (3点)
        moved = scan[max(0, start - 2) : start].endswith(_INDEX_MOVES)
        if not (moved or "." in n1):
            return None
    if unit.kind == "percent" and unit.factor == 10.0 and (value > 10 or (vmax or 0) > 10):
        return None  # 成 counts tenths
    if unit.factor == 10.0 and scan[end : end + 1] == "半" and vmax is None:
        end, value = end + 1, value + 0.5  # 兩成半 = 25%
    elif unit.factor == 10.0 and vmax is None:
        tail = _TENTH_DIGIT.match(scan, end)
        if tail and not scan[tail.end() :].startswith(_unit_forms(rules)):
            d = tail.group(1)
            end, value = tail.end(), value + (int(d) if d.isdigit() else _CN_DIGIT[d]) / 10  # 六成三
    elif half:
        end, value = end + 1, value + 0.5  # 三年半, 五吨半
    if m.group("approx") == "+" and unit.kind not in ("count",):
        return None
    kind, unit_name = unit.kind, unit.unit
    per = m.group("persec")
    before = scan[max(0, start - 3) : start]
    if kind == "measure" and per:
        unit_name = f"{unit_name}/s" if "秒" in per or per == "/s" else f"{unit_name}/h"
        unit_name = _SPEED_NAMES.get(unit_name, unit_name)
    elif per:
        end = m.start("persec")
    elif kind == "measure" and unit_name in ("km", "mi") and _PER_HOUR_AFTER.match(scan, end):
        unit_name = "km/h" if unit_name == "km" else "mph"  # 250 kilometres (155 miles) an hour
    elif kind == "measure" and unit_name in ("km", "m") and before.endswith(_PER_HOUR):
        unit_name += "/h"  # 每小时80公里, 时速80公里
    elif kind == "measure" and unit_name in ("km", "m") and before.endswith("每秒"):
        unit_name += "/s"  # 每秒33公尺
    value = _tidy(value * unit.factor)
    if vmax is not None:
        vmax = _tidy(vmax * unit.factor)
    # a sign written before the number: 负2.7%, 同比-15.4%, 零下5℃ (下降 is a direction, not a sign)
    if kind in ("percent", "money", "measure") and vmax is None and not m.group("qual"):
        sign = _negative_sign(scan, start)
        if sign:
            start, value = start - sign, -value
    bare = kind == "money" and not pre and unit_s in rules.bare_yuan_forms
    approx = m.group("approx")
    qual = (m.group("qual") or "").strip() or (approx if approx in ("多", "余", "来") else "")
    if not qual and ("多" in n1 or "余" in n1):
        qual = "多" if "多" in n1 else "余"  # 五百多万吨: more than five million
    if not qual and scan[end : end + 2] in ("左右", "上下", "以上", "以下"):
        qual = scan[end : end + 2]  # 5万辆左右: the hedge after the number (kept out of the text)
    return _Cand(
        start,
        end,
        kind,
        value,
        vmax,
        unit_name,
        priority=1,
        bare_yuan=bare,
        bare_dollar=pre == "$",
        qualifier=qual or None,
    )


_PER_HOUR = ("每小时", "时速", "小时")
_CN_NUMERAL_CHARS = frozenset("〇零一二两三四五六七八九十百千万亿0123456789")
_INDEX_MOVES = (
    "涨",
    "跌",
    "升",
    "降",
    "挫",
    "泻",
    "弹",
    "反弹",
    "回吐",
    "上涨",
    "下跌",
    "上升",
    "下降",
    "急跌",
    "大跌",
    "大涨",
)
_SPEED_NAMES = {"mi/h": "mph"}
_PER_HOUR_AFTER = re.compile(r"(?:\s?\([^()]{1,30}\))?\)?\s+(?:per|an|a)\s+hour(?![a-z])")
_TENTH_DIGIT = re.compile(r"[ ]?([1-9一二两三四五六七八九])(?![\d.〇零一二两三四五六七八九十百千万亿%]|,\d)")
# counts a single Chinese digit often states as wording, not a figure (三个意见, 两种方法, 一次)
_WEAK_COUNT = frozenset(
    {
        "个",
        "种",
        "次",
        "位",
        "条",
        "项",
        "点",
        "起",
        "层",
        "只",
        "块",
        "片",
        "张",
        "份",
        "国",
        "所",
        "款",
        "批",
    }
)


def _negative_sign(scan: str, start: int) -> int:
    """Length of a minus sign written right before ``start`` (负, -, −, 零下), else 0."""
    prev = scan[start - 1 : start]
    if prev == "负" and scan[start - 2 : start - 1] not in ("正", "胜", "抱", "担", "欺", "自"):
        return 1
    if prev in ("-", "−", "－"):
        before = scan[start - 2 : start - 1]
        if (
            not before
            or not (before.isascii() and before.isalnum())
            and before not in "%)）〇零一二两三四五六七八九十百千万亿"
        ):
            return 1
    if scan[start - 2 : start] == "零下":
        return 2
    return 0


@cache
def _unit_forms_cached(key: int, forms: tuple[str, ...]) -> tuple[str, ...]:
    return forms


def _unit_forms(rules: _Rules) -> tuple[str, ...]:
    """Every unit form, as one tuple for ``str.startswith`` (六成三 is 63%, 六成三年 is not)."""
    return _unit_forms_cached(id(rules), tuple(f for f in rules.units if not f.isascii()))


# A verb that states a quantity right before an implied-一 numeral (达百万片, 逾千家 via qualifiers).
_STATING = ("达", "至", "为", "破", "有", "约", "近", "超")


def _has_cue(scan: str, start: int, end: int, rules: _Rules, approx: str | None) -> bool:
    if approx in ("多", "余", "来"):
        return True
    before = scan[max(0, start - 6) : start]
    if _ends_with_any(before, rules.cue_before) or before.rstrip(" ").endswith(rules.qualifiers):
        return True
    return scan[end : end + 4].startswith(rules.cue_after)


_BAIFEN = re.compile(
    rf"(?P<per>百分之|千分之|百分(?=[一二两三四五六七八九十百零〇\d]))(?P<n1>{CN}|{AR})(?:(?:到|至)(?:百分之|千分之)?(?P<n2>{CN}|{AR}))?"
)
# 三分之一; 三又五分之一 = 3 1/5 (a whole number before 又)
_FRACTION = re.compile(rf"(?:(?P<w>{CN}|\d+)又)?(?P<d>{CN}|\d+)分之(?P<n>{CN}|\d+)")
# 逾半 / 过半 / 近半 (more than / nearly half); never 过半年, 超过半导体, 近半个世纪
_HALF = re.compile(
    r"一半|(?:逾|超过|过|超|近)?半数|(?:逾|超过|过|超|近)半(?![年月天日小个导岛径夜场价身路途])"
)
# 1/3 is a fraction only in a share context (占1/3, 约1/3, 1/3的); bare a/b may be a date
_SLASH = re.compile(r"(?<![\d/.])(?P<n>[1-9])/(?P<d>[2-9]|10)(?![\d/.])")
_SLASH_BEFORE = ("占", "约", "近", "超过", "逾", "达", "为", "是", "仅", "不到", "超")
_SLASH_AFTER = ("的", "以上", "以下", "左右", "之多", "强")
_FANFAN = re.compile(r"翻(?:了)?(?P<n>[一两二三四五]|\d)番")
_EN_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "hundred": 100,
}
_EN_MULT = re.compile(
    r"(?<![a-z0-9.])(?P<n>\d+(?:\.\d+)?|" + "|".join(_EN_WORDS) + r")"
    r"(?:[ -]?fold(?![a-z])|x(?![a-z0-9])| times (?=more|higher|larger|bigger|greater|faster|as |the |that |over))"
)
_EN_FRAC = re.compile(
    r"(?<![a-z])(?:(?P<third>one[ -]third|a third)(?= of)|(?P<quarter>one[ -]quarter|a quarter)(?= of)|"
    r"(?P<twothirds>two[ -]thirds)|(?P<threeq>three[ -]quarters)|"
    r"(?<=by )(?:(?P<bythird>a third|one[ -]third)|(?P<byquarter>a quarter|one[ -]quarter)"
    r"|(?P<fifth>a fifth|one[ -]fifth)|(?P<tenth>a tenth|one[ -]tenth)|(?P<half>half))|"
    r"(?P<fifthof>a fifth|one[ -]fifth)(?= of)|(?P<tenthof>a tenth|one[ -]tenth)(?= of)|"
    r"(?P<halfq>(?:more than|nearly|almost|about|roughly|around|less than|over) half))(?![a-z-])"
)
_EN_FRAC_WORDS = ("third", "quarter", "fifth", "tenth", "half")  # one of them is in every _EN_FRAC match
_EN_FRAC_VALUE = {
    "third": 1 / 3,
    "bythird": 1 / 3,
    "quarter": 0.25,
    "byquarter": 0.25,
    "twothirds": 2 / 3,
    "threeq": 0.75,
    "fifth": 0.2,
    "fifthof": 0.2,
    "tenth": 0.1,
    "tenthof": 0.1,
    "half": 0.5,
    "halfq": 0.5,
}


_D1 = "一二两三四五六七八九"
# 十八块五, 四十六元七角五分, 三十八元二毛: an amount with its small change (角/毛 tenths, 分 cents)
_YUAN_JIAO = re.compile(
    rf"(?P<n>{CN}|\d+)(?P<y>元|块)(?P<j>[{_D1}])(?P<jw>[角毛毫])?(?:(?P<f>[{_D1}])分)?"
    rf"(?![{_D1}〇零十百千万亿\d.])"
)
# 五毛, 三毫, 7角 on their own; 14美分, 50仙 (cents)
_JIAO = re.compile(
    rf"(?<![{_D1}〇零十百千万亿\d.])(?P<n>[{_D1}]|\d)(?P<w>角|毛|毫)(?:(?P<f>[{_D1}])分?)?(?![钱子笔巾病])"
)


def _small_change(scan: str, rules: _Rules) -> list[_Cand]:
    out: list[_Cand] = []
    if "元" in scan or "块" in scan:
        for m in _YUAN_JIAO.finditer(scan):
            if _blocked_left(scan, m.start()) or (m.group("y") == "元" and not m.group("jw")):
                continue  # 5元3个 is two numbers; only 块 takes a bare tenth (十八块五)
            n, _ = parse_number(m.group("n"))
            v = n + _CN_DIGIT[m.group("j")] / 10 + (_CN_DIGIT[m.group("f")] / 100 if m.group("f") else 0)
            out.append(_Cand(m.start(), m.end(), "money", v, None, "CNY", 3, bare_yuan=True))
    if any(w in scan for w in rules.tenth_words):
        for m in _JIAO.finditer(scan):
            if m.group("w") not in rules.tenth_words or _excluded_before(scan, m.start(), rules):
                continue
            d = m.group("n")
            v = (int(d) if d.isdigit() else _CN_DIGIT[d]) / 10
            v += _CN_DIGIT[m.group("f")] / 100 if m.group("f") else 0
            unit = "HKD" if m.group("w") == "毫" else "CNY"
            out.append(_Cand(m.start(), m.end(), "money", v, None, unit, 2, bare_yuan=unit == "CNY"))
    for word, code in rules.cent_words.items():
        if word not in scan:
            continue
        for m in re.finditer(rf"(?P<n>\d+(?:\.\d+)?|{CN}){re.escape(word)}", scan):
            if _blocked_left(scan, m.start()) or _excluded_before(scan, m.start(), rules):
                continue
            n, _ = parse_number(m.group("n"))
            out.append(_Cand(m.start(), m.end(), "money", n / 100, None, code, 3))
    return out


_EN_NUMBER_WORDS_VALUE = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
# four months, two-year (term), Six years: a spelled-out English duration ("one" is wording, and
# three-year-old is an age, 20 years ago a point in time)
_EN_DURATION = re.compile(
    r"(?<![a-z-])(?P<n>" + "|".join(_EN_NUMBER_WORDS_VALUE) + r")[ -](?P<u>year|month|week|day|hour|decade)s?"
    r"(?![a-z]|-old|[ ]old|[ ]ago|[ ]later|[ ]earlier)"
)


def _english_durations(scan: str) -> list[_Cand]:
    out = []
    for m in _EN_DURATION.finditer(scan):
        value = float(_EN_NUMBER_WORDS_VALUE[m.group("n")])
        out.append(_Cand(m.start(), m.end(), "duration", value, None, m.group("u") + "s", 2))
    return out


def _special(scan: str, rules: _Rules) -> list[_Cand]:
    """Patterns without a trailing unit: 百分之十五, 三分之一, 一半, 翻一番, fivefold, two-thirds."""
    out: list[_Cand] = _small_change(scan, rules)
    if "year" in scan or "month" in scan or "week" in scan or "day" in scan or "hour" in scan:
        out.extend(_english_durations(scan))
    # each pattern needs a word a substring test finds at C speed: most paragraphs skip most scans
    fen = "分之" in scan or "百分" in scan
    for m in _BAIFEN.finditer(scan) if fen else ():
        if scan[m.start() - 1 : m.start()] in _CN_NUMERAL_CHARS:
            continue  # 一百分之一 is the fraction 1/100, read by _FRACTION
        v, _ = parse_number(m.group("n1"))
        div = 10.0 if m.group("per") == "千分之" else 1.0
        vmax = parse_number(m.group("n2"))[0] / div if m.group("n2") else None
        if vmax is not None and vmax <= v / div:
            vmax = None
        sign = _negative_sign(scan, m.start()) if vmax is None else 0  # 负百分之七
        out.append(
            _Cand(
                m.start() - sign,
                m.end() if vmax is not None else m.end("n1"),
                "percent",
                -v / div if sign else v / div,
                vmax,
                "%",
                3,
            )
        )
    for m in _FRACTION.finditer(scan) if fen else ():
        if _blocked_left(scan, m.start()) or _excluded_before(scan, m.start(), rules):
            continue
        d, _ = parse_number(m.group("d"))
        n, _ = parse_number(m.group("n"))
        w = parse_number(m.group("w"))[0] if m.group("w") else 0.0
        if d > 0 and 0 < n:
            out.append(_Cand(m.start(), m.end(), "fraction", w + n / d, None, None, 2))
    for m in _SLASH.finditer(scan) if "/" in scan else ():
        n, d = int(m.group("n")), int(m.group("d"))
        context = _ends_with_any(scan[max(0, m.start() - 3) : m.start()], _SLASH_BEFORE) or any(
            scan[m.end() : m.end() + 2].startswith(w) for w in _SLASH_AFTER
        )
        if n < d and context:
            out.append(_Cand(m.start(), m.end(), "fraction", n / d, None, None, 2))
    for m in _HALF.finditer(scan) if "半" in scan else ():
        if (
            scan[max(0, m.start() - 1) : m.start()] in ("另", "一", "大", "多")
            or scan[m.end() : m.end() + 2] == "一半"
        ):
            continue
        out.append(_Cand(m.start(), m.end(), "fraction", 0.5, None, None, 2))
    for m in _FANFAN.finditer(scan) if "番" in scan else ():
        n = m.group("n")
        k = _CN_DIGIT.get(n, None) if not n.isdigit() else int(n)
        out.append(_Cand(m.start(), m.end(), "multiple", float(2**k), None, "x", 2))
    for m in _EN_MULT.finditer(scan) if ("fold" in scan or "x" in scan or " times " in scan) else ():
        n = m.group("n")
        v = float(n) if n[0].isdigit() else float(_EN_WORDS[n])
        out.append(
            _Cand(
                m.start(),
                m.end() if "times" not in m.group(0) else m.start() + len(m.group(0).rstrip()),
                "multiple",
                v,
                None,
                "x",
                2,
            )
        )
    for m in _EN_FRAC.finditer(scan) if any(w in scan for w in _EN_FRAC_WORDS) else ():
        v = next(_EN_FRAC_VALUE[k] for k, g in m.groupdict().items() if g)
        out.append(_Cand(m.start(), m.end(), "fraction", v, None, None, 2))
    return out


def _with_qualifier(c: _Cand, scan: str, rules: _Rules) -> _Cand:
    """Extend a special candidate over a hedge (近三分之一) or comparative (慢一倍)."""
    before = scan[max(0, c.start - 8) : c.start]
    words = rules.qualifiers + (rules.comparatives if c.kind == "multiple" else ())
    for w in sorted(words, key=len, reverse=True):
        if before.endswith(w) or before.endswith(w + " "):
            c.start -= len(w) + (1 if before.endswith(w + " ") else 0)
            if w in rules.qualifiers:
                c.qualifier = w
            break
    return c


def _add_interpreted(m: re.Match, scan: str, rules: _Rules, cands: list[_Cand], main: bool) -> None:
    # A bare number (no unit, no currency prefix, no 95% before a range word) is never a figure:
    # _interpret's first test, made here without the call for the commonest match.
    pct_only = main and m.start("pc1") >= 0 and m.start("n2") < 0
    if m.start("unit") < 0 and m.start("pre") < 0 and not pct_only:
        return
    c = _interpret(m, scan, rules)
    if c is not None:
        cands.append(c)


def _candidates(scan: str, rules: _Rules) -> list[_Cand]:
    cands: list[_Cand] = []
    ranged = False
    for m in rules.main.finditer(scan):
        if m.start("pc1") >= 0 or m.start("conn") >= 0:
            ranged = True
        _add_interpreted(m, scan, rules, cands, True)
    # ``single`` is ``main`` without the optional %/range part between number and unit, and every
    # part after the number is optional: where no ``main`` match used that part, ``single``
    # matches the same spans with the same groups, and its candidates would be equal copies that
    # the overlap rule below drops. So its scan is needed only after a range or a 95%.
    if ranged:
        for m in rules.single.finditer(scan):
            _add_interpreted(m, scan, rules, cands, False)
    cands.extend(_special(scan, rules))
    for c in cands:
        if c.kind == "multiple":
            _with_qualifier(c, scan, rules)
    for c in cands:
        if c.kind in ("percent", "fraction") and c.priority >= 2:
            _with_qualifier(c, scan, rules)
    cands.extend(_english_counts(scan, rules, cands))
    # longest span wins, then the more specific pattern; spans never overlap
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[_Cand] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return _merge_ranges(sorted(taken, key=lambda c: c.start), scan)


# 322亿美元至334亿美元, $2bn-$3bn, between 0.2 percent and 1 percent: the unit on both ends
_RANGE_JOIN = re.compile(r"^[ ]?(?:到|至|~|-|–|—|to)[ ]?$")
_AND_JOIN = re.compile(r"^[ ]and[ ]$")


def _merge_ranges(cands: list[_Cand], scan: str) -> list[_Cand]:
    """Join two adjacent figures of the same kind and unit linked by 至/到/- into one range."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == c.kind
            and prev.unit == c.unit
            and prev.value_max is None
            and c.value > prev.value
            and (
                _RANGE_JOIN.match(scan[prev.end : c.start])
                or (
                    _AND_JOIN.match(scan[prev.end : c.start])
                    and scan[max(0, prev.start - 8) : prev.start].endswith("between ")
                )
            )
            and not _ends_with_any(scan[max(0, prev.start - 3) : prev.start], ("从", "由", "from"))
        ):
            prev.end = c.end
            prev.value_max = c.value_max if c.value_max is not None else c.value
            continue
        out.append(c)
    return out


# An English number a few words before a count noun: about 653,000 Ascend AI chips, 5,000 new jobs.
_EN_NUMBER = re.compile(
    r"(?<![\w$.,/-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?[ ](?:million|billion|thousand))(?![\w%$,.-]|\.\d)"
)
_EN_WORD = re.compile(r"[ ]+([a-z0-9][a-z0-9-]*)")


# _EN_NUMBER needs a digit-comma-digit or one of its scale words: most paragraphs skip its scan
_DIGIT_COMMA = re.compile(r"\d,\d")
_EN_NUMBER_WORDS = ("million", "billion", "thousand")


def _english_counts(scan: str, rules: _Rules, found: list[_Cand]) -> list[_Cand]:
    out: list[_Cand] = []
    if not _DIGIT_COMMA.search(scan) and not any(w in scan for w in _EN_NUMBER_WORDS):
        return out
    for m in _EN_NUMBER.finditer(scan):
        if any(c.start <= m.start() < c.end for c in found):
            continue
        pos, noun = m.end(), None
        for _ in range(4):  # the number, then up to three modifiers before the noun
            w = _EN_WORD.match(scan, pos)
            if not w:
                break
            if w.group(1) in rules.en_count_nouns:
                noun = w.group(1)
                break
            pos = w.end()
        if noun is None:
            continue
        value, _ = parse_number(m.group("n").replace(" ", ""))
        unit = rules.units[noun]
        c = _Cand(m.start(), m.end(), "count", value, None, unit.unit, priority=1)
        out.append(_with_qualifier(c, scan, rules))
    return out
