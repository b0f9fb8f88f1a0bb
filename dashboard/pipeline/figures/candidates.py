"""Candidates: every number-with-unit span a paragraph offers, filtered and interpreted."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import read_toml
from .degrees import degree_unit, plausible
from .direction import change_then_level
from .glue import BLANK, blocked_left
from .half import adds_half
from .kuai import is_price, is_small_price, sure_price_clause, yuan_or_pieces
from .labels import unit_label
from .numerals import (
    AR_SCALE,
    CN_DIGIT,
    EN_SHORT_SCALE_END,
    SCALE_RE,
    has_big_scale,
    parse_number,
    tidy,
)
from .pairs import neighbour_pair
from .rules import Rules, Unit, starts_furniture
from .signs import DASHES, negative_sign
from .tails import spoken_tail

# ---------------------------------------------------------------- candidates


@dataclass
class Cand:
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
    implied: bool = False  # money with no currency word at all (收入高294亿): needs a known region
    per: str | None = None  # a unit price: what the money is per (m2, barrel, kg); see prices.py


def ends_with_any(s: str, words) -> bool:
    # str.endswith takes a tuple: one C call instead of a generator over the words
    return s.rstrip(" ").endswith(words if isinstance(words, tuple) else tuple(words))


def excluded_before(scan: str, pos: int, rules: Rules, *, span: bool = False) -> bool:
    """True when a word before ``pos`` (第, 前, Section, a weekday word …) owns the number.

    ``span``: the number is a decimal or a duration, which 前 does not rank: 前10个月 is the first
    ten months, 财案前134.89点 a level before an event, but 前10名 a ranking.
    """
    window = scan[max(0, pos - 10) : pos]
    if window.rstrip(" ").endswith(tuple(w + "前" for w in rules.bare_numbers["year_before"])):
        return True  # 公元前202年: a year BC, not 202 years
    if ends_with_any(window, rules.exclude_before):
        # 前 ranks (前10名) but 目前/之前/此前/提前 are words of time: 目前两座接收站 is a count
        stripped = window.rstrip(" ")
        if stripped.endswith("前") and (span or stripped[-2:-1] in _QIAN_WORDS):
            return False
        return True
    # 数十亿 / 几百家 are vague; 预测数一七二三亿 is a number (数 then a digit, not a place word)
    if scan[pos : pos + 1] in "十百千万亿" and ends_with_any(window, ("数", "几")):
        return True
    if scan[pos : pos + 1] in "一二两三四五六七八九十" and ends_with_any(
        window, tuple(w for w in rules.exclude_before_cn if w not in ("数", "几"))
    ):
        return True
    if window.endswith("初") and _DAY_THEN_DIGIT.match(scan, pos):
        return True  # 大年初七八成商户: 初七 is a day (the seventh), never 70% to 80%
    return ends_with_any(window, rules.furniture)


# two Chinese digits in a row right after 初 (初七八成, 初二三百万人): the first is the day of the
# month, so the pair is no range (年初三成 stays 30%: one digit)
_DAY_THEN_DIGIT = re.compile(r"[一二三四五六七八九十][一二两三四五六七八九]")
# compiled once: interpret runs for every number-like match
_ZERO_LED = re.compile(r"0\d+")
_GLUED_ALNUM = re.compile(r"[0-9a-z]")
_GLUED_DIGITS = re.compile(r"[:/\-.]\d")
_DIGIT = re.compile(r"\d")
_ROUND_YI = re.compile(r"[十百千万]亿")
# a bare numeral and a range word before a signed number: -10~-3℃ (a unit on the lower end, as in
# -5%~-3%, lets the two figures join into a range instead)
_SIGNED_TOP = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿]\s?[~〜～至到]\s?$")
_MODEL_AFTER = ("型", "款", "系列", "号", "版", "代", "型號", "號")  # a label after a sign+number
_NOT_DIGITS = re.compile(r"[^\d.,]")
# a space before a dash and none after it: the minus sign of a number in the next column
_SPACED_MINUS = re.compile(r" [-−–－]\d")


# a match score's first half right before a number: 3比, 四比, 2:
_SCORE_BEFORE = re.compile(r"(?<![\d.])[0-9０-９一二三四五六七八九十两兩零〇]{1,3}\s*比\s*$")


def interpret(m: re.Match, scan: str, rules: Rules) -> Cand | None:
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
    unit0 = rules.units.get(unit_s) if unit_s else None
    span = "." in n1 or (unit0 is not None and unit0.kind == "duration")
    # an amount or a rate after a label's colon (当升科技：9614.5万元竞得…) stands on its own; only
    # 11:23 and http: glue a number to a colon (a count after one may be a read counter: 回顾:50万+)
    label = (
        scan[start - 1 : start] == ":"
        and start >= 2
        and not (scan[start - 2].isascii() and scan[start - 2].isalnum())
        and (bool(pre) or (unit0 is not None and unit0.kind in ("money", "percent")))
    )  # (售价：¥500, 金额：US$30: a currency sign after the colon too)
    # (a Latin word before a Chinese hedge or currency word is a name, no code: GDP约为十八万亿美元)
    worded = start < num_start and not scan[start].isascii() and scan[start - 1 : start].isalpha()
    if (blocked_left(scan, start) and not label and not worded) or excluded_before(
        scan, m.start("pre") if pre else num_start, rules, span=span
    ):
        return None
    # a number glued to a blank (damaged span) may be the tail of a longer damaged number
    mend = m.end()
    if scan[mend : mend + 1] == BLANK or scan[num_start - 1 : num_start] == BLANK:
        return None
    if _ZERO_LED.fullmatch(n1.strip()):
        return None  # stock codes and list numbers (09993, 01)
    end = start + len(m.group(0).rstrip(" "))
    after = scan[end : end + 6]
    last = scan[end - 1]
    # (a dash after a Chinese unit joins a range, 1万元-5万元: collect reads it whole or not at all;
    # a slash after one pairs two figures, 930套/7.6万平方米: each is read on its own)
    if (last.isascii() and _GLUED_ALNUM.match(after)) or (
        _GLUED_DIGITS.match(after) and (last.isascii() or after[0] not in "-/")
    ):
        return None  # 910c, 6000d, 11:23, 5.23 glued to more digits (but 1万张GPU is fine)
    unit = rules.units.get(unit_s) if unit_s else None
    if (
        pre
        and unit is not None
        and unit.kind != "duration"
        and unit.next_not
        and after.startswith(unit.next_not)
        and not n2
    ):
        # $200万成交, 港币3亿成本: the unit word starts the next word; the prefix names the currency
        # (never a span: 兑美元2024年度 is a currency's name before a date)
        end, unit, unit_s = end - len(unit_s), None, None
        after = scan[end : end + 6]
    if pre and unit is None and after[:1] in ("角", "毛") and not n2:
        return None  # 人民币壹角: dimes after a currency name, never one yuan
    if pre and ((pc1 and not n2) or (unit is not None and unit.kind == "percent")):
        # 港幣6.12%: a rate quoted for a currency, not an amount of it
        pre, start = "", num_start
        if unit is None:
            unit = rules.units["%"]
    if unit is None and pre:
        if after.lstrip(" ").startswith(_MODEL_AFTER):
            return None  # RM5型号, $5系列: a model's name that starts like an amount
        unit = Unit("money", rules.prefix_currency[pre])
    elif unit is not None and pre and (unit.kind == "money" or unit_s == "块"):
        # 人民币500亿元: the prefix is specific; 新台幣兩萬塊: 塊 after a currency is its unit, no pieces
        unit = Unit("money", rules.prefix_currency[pre])
    if unit is None and pc1 and not n2:
        unit = rules.units["%"]
    if pc1 and n2 and unit is not None and unit.kind != "percent":
        return None  # 增长45.2%至87.6亿元: a rate, then the new level; the single pass finds both
    if unit is None:
        return None  # a bare number is not a figure
    if unit.kind == "measure" and _not_a_measure_alone(scan, num_start, end, n1, rules):
        return None
    if unit_s in ("块", "元") and _CHANGE_AFTER.match(after):
        return None  # 3块8毛5两斤: small change is read whole (special) or not at all, never 3 块
    if unit.next_not and after.startswith(unit.next_not) and not _unit_again(after, unit_s):
        return None
    if unit.kind == "count" and _SCORE_BEFORE.search(scan, max(0, num_start - 8), num_start):
        return None  # 四比二胜, 3比1胜客队: the second half of a score, not a count of wins
    if not n2 and ends_with_any(scan[max(0, start - 8) : start], rules.place_before.get(unit_s, ())):
        return None  # 住在12层, 德福花园三座: a floor or a block of an address
    if not n2 and (flat := _place_after().get(unit_s)) and flat.match(scan, end):
        return None  # 海岸6座高层F室: the block of a flat's address, whatever the estate's name
    bounded = False  # a 度 read as °C from a weather word or the sentence: it must be plausible
    if unit_s in ("度", "°"):
        unit, bounded = degree_unit(scan, (start, end), (n1, n2), unit_s, unit, rules)
        if unit is None:
            return None  # (degrees: a temperature, a kilowatt-hour or "at one point")
    scale_words = scan[max(0, start - 12) : start]
    if unit_s == "呎" and ("面积" in scale_words or scan.startswith(_FLAT_AFTER, end)):
        unit = Unit("measure", "sq ft")  # 實用面積500呎, 400呎單位: Hong Kong flats are sized in square feet
    if starts_furniture(after.lstrip(" "), rules):
        return None
    if (
        unit_s == "岁"
        and not n2
        and not after.startswith(_AGE_BAND_AFTER)
        and not (
            "." in n1
            or "点" in n1
            or any(w in scan[max(0, start - 10) : start] for w in rules.age_statistic_before)
        )
    ):
        return None  # 一位37岁的演员 is a person's age; 65岁以上 bounds a group; 平均年龄35岁 is a statistic
    if unit.kind == "duration" and after.lstrip(" ").startswith(("old", "-old")):
        return None  # "45 years old" is a person's age, not a span of time
    if (
        unit.kind == "count"
        and not n2
        and n1 in _CN_DIGITS_ONLY
        and (
            (after[:1] in _CN_DIGITS_ONLY and after[1:].startswith(unit_s))
            or (
                scan[start - len(unit_s) - 1 : start - len(unit_s)] in _CN_DIGITS_ONLY
                and scan[:start].endswith(unit_s)
            )
        )
    ):
        return None  # 十个八个, 三家五家: "ten or so", no count of ten or of five
    if unit_s in ("瓦", "伏") and n1 in CN_DIGIT:
        return None  # 一砖一瓦, 危机四伏, 三伏: a tile and a hiding, no watts or volts (5瓦, 二百二十伏 are)
    if unit.kind == "count" and "点" in n1 and not has_big_scale(n1) and unit_s != "岁":
        # (an average age is: 平均年龄为三十四点五岁)
        return None  # 九點三個(字): a clock time in Hong Kong speech; no count is 9.3 of anything
    if _ABBREVIATED.search(n1) and (
        unit.kind == "duration"
        or (unit.kind == "count" and unit.unit in rules.weak_counts)
        or (
            n1[-1] == "一"
            and unit.kind in ("count", "measure")
            and (n1[-2] in "万亿" or sure_price_clause(scan, start))
        )
    ):
        # 一百一个, 九百九周: 110 of them, or 100 and then 一个 / 九周? No guess; 五万一辆 and
        # 房价三万一平米 are a price per unit as often as 51,000 cars or 31,000 m² (一百一人 is 110)
        return None
    if unit_s == "折" and len(n1) == 2 and all(ch in CN_DIGIT for ch in n1):
        value, vmax = float(CN_DIGIT[n1[0]] * 10 + CN_DIGIT[n1[1]]), None  # 八五折, divided below
    else:
        value, vmax = parse_number(n1)
    value += unit.plus
    is_cn = not _DIGIT.match(n1)
    if (
        (is_cn and len(n1) > 1 and n1.endswith("零"))  # 百零斤, 千零蚊: Hong Kong "a hundred-odd"
        or n1 in rules.rough_numerals
        or n2 in rules.rough_numerals
        or scan[num_start - 2 : num_start] in rules.rough_heads
    ):
        return None  # 百八十块钱 is "a hundred yuan or so", not 180; 万儿八千 is not 8,000
    if n1[0] in "千百万亿":
        # 千亿美元, 逾百万颗: an implied 一 is a figure only for money or after a hedge, never in
        # 百家争鸣 / 千家万户 / 成千上万 / 上百万
        # (陆万元 / 参万元: a financial six or three the scan copy could not fold, not an implied 一)
        prev = scan[num_start - 1 : num_start]
        if prev in ("上", "数", "几", "成", "好", "过", "千", "百", "万", "陆", "参", " ") and not (
            prev == "成" and scan[num_start - 2 : num_start - 1] in _CHENG_VERB
        ):
            return None  # (成百上千 is idiom, 造成百余人受伤 a count)
        stated = scan[num_start - 1 : num_start] in _STATING  # 月产能达百万片: a quantity, not 百万富翁
        hedged = m.group("qual") or m.group("approx") in ("多", "余", "几")  # 百余人, 千多家, 百幾人
        if unit.kind != "money" and not hedged and not stated and not _ROUND_YI.fullmatch(n1):
            return None  # 千亿参数 and 百亿颗 are numbers; 千家, 百万 or 亿万 alone may be idiom
        if unit_label(scan, num_start, end) or (len(n1) == 1 and not hedged and not stated):
            return None  # (百萬澳門元), 单位：亿元, 以百万美元计: a table's unit, no amount; 亿元 alone
    if n2 and g.get("conn") in DASHES and _SPACED_MINUS.search(m.group(0)):
        return None  # 0.73% -1.20%: a table's next cell and its minus sign; the single pass reads each
    if n2:
        v2, v2max = parse_number(n2)
        v2 = v2max if v2max is not None else v2
        if not has_big_scale(n1) and SCALE_RE.search(n2):
            value = _shared_scale(n1, value, n2, v2)
        neg = 0 if m.group("qual") else negative_sign(scan, start, rules)
        if neg and unit.kind != "measure":
            return None  # -3%-5%: never 3 % to 5 %; the single pass reads each end (−3 % to 5 %)
        if neg:
            start, value = start - neg, -value  # 零下五到五摄氏度: −5 to 5 °C
            if g.get("conn") == "--":
                v2 = -v2  # -5--3℃: a dash, then the upper end's minus (−5 to −3 °C)
        if g.get("conn") == "、" and (pc1 or not neighbour_pair(scan, start, end, value, v2, unit_s)):
            return None  # 分别为3、5、8人, 3%、4%: a list; the single pass reads each number
        if (
            v2 <= value
            or ends_with_any(scan[max(0, start - 3) : start], ("从", "由", "from"))
            or change_then_level(scan, (start, end), unit.kind, value, v2)
        ):
            return None  # 从95%跌至50%, 上升4.6点至161.6点: a change; the single pass finds both numbers
        vmax = v2
    if unit.kind != "money" and EN_SHORT_SCALE_END.search(n1) and n1.rstrip()[-1] in "mk":
        return None  # 5m is 5 million only for money (5m may be metres, 5k a kilo-); 1.4bn people is a count
    # (五蚊半: five dollars fifty in Hong Kong speech; 一年半载 is "a year or so" and 十天半个月
    # "ten days or half a month", no half)
    half = (
        (unit.kind in ("duration", "measure", "multiple") or unit_s == "蚊" or unit.unit == "pp")
        and vmax is None
        and adds_half(scan, end, rules)
    )
    if half and ("." in n1 or "点" in n1):
        return None  # 1.5米半: a half after a decimal is no sure reading
    if (
        unit.kind == "duration"
        and scan[end : end + 1] == "半"
        and scan[end + 1 : end + 2] in ("个", "月", "年", "载")
    ):
        return None  # 十天半个月, 一年半月, 一年半载: "a week or two", "a year or so", no span to cite
    if not n2 and _RANGE_BEFORE.search(scan[max(0, start - 4) : start]) and not pre:
        return None  # 五至十天 is read whole or not at all, never as ten days
    if unit.kind in ("count", "duration") and is_cn and not has_big_scale(n1) and value < 10:
        if half or unit.plus:
            pass  # 三年半, 两年半, 五个半小时: the half makes it a stated span
        elif vmax is not None and (unit.kind == "duration" or unit.unit not in rules.weak_counts):
            pass  # 五至十天, 三到五家: a range is a stated quantity
        elif "点" in n1 or _stated_small(scan, num_start, end, unit, rules):
            pass  # 九点五八秒, 连续三次, 两次减息, 延长一年: the text states the small number
        elif unit_s == "块" and not pre and is_small_price(scan, start, end):
            pass  # 猪肉卖五块: a small price in colloquial yuan (read as money below)
        elif unit.kind == "duration" and _ZERO_THEN_DIGIT.match(scan, end):
            pass  # 一年零三个月: the head of a compound span (collect reads it whole or not at all)
        elif value <= 1 or (unit.kind == "count" and unit.unit in rules.weak_counts):
            return None  # 三个意见, 一天: wording, not a cited figure
        elif unit.kind == "duration" and not _has_cue(scan, num_start, end, rules, m.group("approx"), unit_s):
            return None
    if unit.kind == "duration":
        if unit_s == "日" and scan[start - 1 : start] == "月":
            return None  # 8月8日以来: a date, not eight days
        run = ends_with_any(scan[max(0, num_start - 4) : num_start], rules.run_before)
        after_span = end + 1 if half else end  # 一年半以前 is a point in time too
        if not run and scan[after_span : after_span + 8].lstrip(" ").startswith(rules.time_reference_after):
            return None  # 20多年前, 三个月后: a point in time, not a quantity
        if value >= 1000 or (vmax or 0) >= 1000:
            return None  # 2023-2025年 is a span of years, 2024年 a year
        if (
            unit.needs_cue
            and not half
            and not _has_cue(scan, num_start, end, rules, m.group("approx"), unit_s)
        ):
            return None
    if bounded and unit.unit == "°C" and not plausible(value, vmax):
        return None  # 气温回升…转了180度: read from the sentence, it must be a plausible temperature
    if unit_s in rules.min_value and max(value, vmax or 0) < rules.min_value[unit_s]:
        # an index move (跌19.6点, 升15点, 2.37点) is not a clock time (3点)
        moved = scan[max(0, start - 2) : start].endswith(rules.index_moves)
        # 拖低恒指19.6点、15点及11点: a list of index moves goes on after 、/及/和
        listed = scan[start - 1 : start] in ("、", "及", "和") and scan[start - 2 : start - 1] == "点"
        moved = moved or (listed and any(w in scan[max(0, start - 16) : start] for w in rules.index_moves))
        if not (moved or "." in n1):
            return None
    if unit_s == "折" and vmax is None and is_cn and len(n1) == 2 and all(ch in CN_DIGIT for ch in n1):
        value /= 10  # 八五折 is 85 % of the price, read digit by digit
    if unit_s == "块" and not pre and is_price(scan, start, end):
        unit = Unit("money", "CNY")  # 这件衣服卖一百二十块: colloquial yuan, not 120 pieces
    elif unit_s == "块" and not pre and yuan_or_pieces(scan, start, end):
        return None  # 一杯奶茶十五块。: yuan or pieces, no noun and no price word to tell
    if unit.kind == "percent" and unit.factor == 10.0 and (value > 10 or (vmax or 0) > 10):
        return None  # 成 counts tenths
    tailed = spoken_tail(scan, end, unit_s, unit, value, vmax, n1, half, rules)
    if tailed is None:
        return None
    end, value = tailed
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
    elif (
        kind == "measure"
        and unit_name in ("km", "m", "mm")
        and _per_hour_before(scan[max(0, start - 6) : start])
    ):
        unit_name += "/h"  # 每小时80公里, 时速80公里, 每小时50毫米 (a rainfall rate)
    elif kind == "measure" and unit_name in ("km", "m", "m3") and before.endswith("每秒"):
        unit_name += "/s"  # 每秒33公尺, 流量达每秒五万立方米 (a flow, not a volume)
    elif kind == "measure" and (per_base := _per_base(scan, start, unit_s, rules)):
        unit_name = per_base  # 每立方米75微克 = 75 μg/m3: the base is said before the number
    value = tidy(value * unit.factor)
    if vmax is not None:
        vmax = tidy(vmax * unit.factor)
    # a sign written before the number: 负2.7%, 同比-15.4%, 零下5℃ (下降 is a direction, not a sign)
    signed_qual = ""
    if kind in ("percent", "money", "measure") and vmax is None and not m.group("qual"):
        sign = negative_sign(scan, start, rules)
        if sign and _SIGNED_TOP.search(scan, max(0, start - sign - 3), start - sign):
            return None  # -10~-3℃, 零下十到零下三度: a range's upper end, never read alone
        if sign:
            start, value = start - sign, -value
            # 约为负五亿元, 约-5亿元: a hedge written before the sign is the figure's qualifier too
            signed_qual = next(
                (w for w in _longest_first(rules.qualifiers) if scan.endswith(w, 0, start)), ""
            )
            start -= len(signed_qual)
    bare = kind == "money" and not pre and unit_s in rules.bare_yuan_forms
    approx = m.group("approx")
    qual = (m.group("qual") or "").strip() or (approx if approx in ("多", "余", "来", "几") else "")
    qual = qual or signed_qual
    if not qual and any(w in n1 for w in "多余来几"):
        qual = next(w for w in "多余来几" if w in n1)  # 五百多万吨: more than five million
    if not qual and re.match(r"[个個]多", unit_s or ""):
        qual = "多"  # 1个多小时, 两个多月: more than (the hedge stands inside the unit)
    if not qual and (hedge := HEDGE_AFTER.match(scan, end)):
        qual = hedge.group(0)  # 三倍多, 两成多, 两成幾, 三年多来: more than (kept out of the text, like 左右)
    if qual == "近" and kind == "duration" and not scan.endswith(_NEAR_AFTER, 0, start):
        qual = ""  # 近三年 is "the last three years" (近三年来, 近三年成绩); 耗时近三年 is "nearly"
    # (5万辆左右: a hedge after the figure is added by collect_candidates, kept out of the text)
    return Cand(
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


@cache
def _place_after() -> dict[str, re.Pattern]:
    """Unit → the pattern after it that makes the number part of an address (figures.toml [exclude])."""
    return {u: re.compile(p) for u, p in read_toml("figures.toml")["exclude"].get("place_after", {}).items()}


@cache
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_HOURS_SPENT = re.compile(r"[\d〇零一二两三四五六七八九十百半个]小时$")


def _per_hour_before(before: str) -> bool:
    """每小时80公里, 时速80公里: per hour; 3小时300公里 is a distance covered in three hours."""
    before = _SPEED_VERB.sub("", before.rstrip(" "))  # 车速达120公里, 时速高达350公里 (时速 20 公里)
    return before.endswith(_PER_HOUR) and not _HOURS_SPENT.search(before)


# a span verb right before 近 makes it "nearly" (历时近两年); elsewhere 近 + a duration is "the last"
_NEAR_AFTER = (
    *("耗时", "历时", "长达", "用了", "花了", "花费", "持续", "经过", "历经", "了", "达", "为期"),
    *("需要", "需", "共", "已", "将", "约", "费时", "用时", "咗"),
)
_SPEED_VERB = re.compile(r"(?<=[速])(?:一度|最高|已)?(?:高达|达到|达|为|是|超过|逾|约)$")


_PER_BEFORE = re.compile(r"每(立方米|平方米|公斤|千克|升|吨)$")


def _per_base(scan: str, start: int, unit_s: str, rules: Rules) -> str | None:
    """The unit of 每立方米75微克 when 微克/立方米 is a unit of its own, else None."""
    m = _PER_BEFORE.search(scan, max(0, start - 5), start)
    unit = rules.units.get(f"{unit_s}/{m.group(1)}") if m else None
    return unit.unit if unit is not None and unit.kind == "measure" else None


# 多 (or 几/余) right after the unit, closing the phrase: a hedge on the whole number (三倍多,
# 两成多, Hong Kong 兩成幾); 两成几乎 is "almost", no hedge
HEDGE_AFTER = re.compile(r"[多几余](?=[，。；、,;！？!?\s的来了之）)」”]|$)")
# a speed limit, a car's or the wind's speed is per hour
_PER_HOUR = ("每小时", "时速", "小时", "限速", "车速", "风速")
# the goods (a few characters, no clause end), a selling word and a price: 一斤白菜卖三块二毛五
_PRICE_LATER = re.compile(
    r"[^，。；、,;！？!?\s\d]{1,6}?(?:卖|售|要价|售价|价格|价钱|收费|只要|要)了?(?:为|是)?"
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)[块元毛角蚊]"
)
_PRICE_NEXT = re.compile(r"(?:约|大约|只要|仅|要)?[\d一二两三四五六七八九十百千]+(?:\.\d+)?[块元蚊毛角]")
_AGE_BAND_AFTER = ("以上", "以下", "或以上", "及以上", "以内", "至", "到", "-", "~", "或以下", "及以下")
_FLAT_AFTER = ("单位", "户", "住宅", "豪宅", "屋", "盘", "楼", "房")
_ZERO_THEN_DIGIT = re.compile(r"零[一二两三四五六七八九十\d]")
# 五至十天, 十几到二十人, 3%-5%: the upper end of a range alone would be a wrong reading (but
# 增长45.2%至87.6亿元 is a rate, then a new level)
_RANGE_BEFORE = re.compile(
    r"[〇零一二两三四五六七八九十百千万亿\d](?:[几多]?[ ]?(?:至|到|或|~|-|–|—{1,2})|%[ ]?[~\-–])[ ]?$"
)
# a numeral ending in an abbreviated place (两万六, 一百一): its last digit may start the next word
_CN_DIGITS_ONLY = frozenset("一二两三四五六七八九十")
_SCALES_LONGEST_FIRST = sorted(AR_SCALE, key=len, reverse=True)


def _shared_scale(n1: str, value: float, n2: str, v2: float) -> float:
    """The first end of a range that shares the scale word closing the second end.

    3到5亿美元, 十三至十四万人次, 两到三千万: the first end takes the longest scale word of the
    second that keeps it below the second end (五十到一百万 is 50万 to 100万, not 50 百万;
    七千到九千亿 is 7000亿, not 7000 千亿). When no scale fits, the first end is read as written
    if the two ends are within a hundredfold: 八千到一万元 and 8000到1万元 are 8,000 to 10,000.
    """
    n2 = n2.rstrip()
    whole = parse_number(n2)[0]
    for w in _SCALES_LONGEST_FIRST:
        if not n2.endswith(w):
            continue
        scale = AR_SCALE[w]
        head = parse_number(n2[: -len(w)])[0] if n2[: -len(w)].strip() else float("nan")
        # the scale word must multiply all of the second end (三千, 一百五十万), not its last digit
        # only (六千九百: 一到六千九百元 is 1 to 6,900, never 100 to 6,900)
        if math.isclose(head * scale, whole, rel_tol=1e-9) and value * scale < v2:
            return value * scale
    # no scale fits: the first end is as written when the two ends are within a hundredfold
    # (8000到1万元); 三到三万五千 (3 to 35,000, or 30,000 to 35,000?) gets no reading
    return value if value * 100 >= v2 else float("nan")


_ABBREVIATED = re.compile(r"[百千万亿][一二两三四五六七八九]$")
_CHENG_VERB = frozenset("造达变构完形促组合换")  # 造成, 达成 …: 成 ends a verb, not 成百上千
_QIAN_WORDS = frozenset("目之以此提事当日眼空先从")
_SPEED_NAMES = {"mi/h": "mph"}
_PER_HOUR_AFTER = re.compile(r"(?:\s?\([^()]{1,30}\))?\)?\s+(?:per|an|a)\s+hour(?![a-z])")


_CHANGE_AFTER = re.compile(r"[\d一二两三四五六七八九][毛角]")
_RANGE_TO_NUMBER = re.compile(r"[到至~-][\d.〇零一二两三四五六七八九十百千万]+")


def _unit_again(after: str, unit_s: str) -> bool:
    """兩升到三升: the unit written again after 到 and a number is a range, not the verb 升到."""
    m = _RANGE_TO_NUMBER.match(after)
    return m is not None and after.startswith(unit_s, m.end())


# 十乘二十毫米, 3米×4米: one side of a dimension is never read alone (× before is blocked_left)
_TIMES_BEFORE = re.compile(r"[\d〇零一二两三四五六七八九十百千万点.米]\s*乘以?\s*$")
_TIMES_AFTER = re.compile(r"\s*(?:乘以?|[×x*])\s*[\d〇零一二两三四五六七八九十]")


def _not_a_measure_alone(scan: str, num_start: int, end: int, n1: str, rules: Rules) -> bool:
    """A side of a dimension, or 一 and a unit right after a price (七千元一平米: per square metre)."""
    before = scan[max(0, num_start - 6) : num_start]
    price = (*rules.bare_yuan_forms, *rules.prefix_currency, "钱", "蚊")
    side = _TIMES_BEFORE.search(before) or _TIMES_AFTER.match(scan, end)
    # (一斤卖五块, 一公斤售价20元: 一 and a unit right before a price is the base of that price)
    base = n1 == "一" and (
        scan.startswith(("卖", "售", "价", "的价", "的售价", "收费"), end)
        or bool(_PRICE_NEXT.match(scan, end))
        or bool(_PRICE_LATER.match(scan, end))
    )  # (一斤十八块五: the price right after it; 一斤白菜卖三块二: after the goods, in the clause)
    return bool(side) or base or (n1 == "一" and before.rstrip(" ").endswith(price))


# A verb that states a quantity right before an implied-一 numeral (达百万片, 逾千家 via qualifiers).
_STATING = ("达", "至", "为", "破", "有", "约", "近", "超")


def _stated_small(scan: str, start: int, end: int, unit: Unit, rules: Rules) -> bool:
    """A one-digit Chinese count or span the text states: 连续三次, 两次减息, 升息一次, 延长一年."""
    before = scan[max(0, start - 6) : start]
    if unit.kind == "count" and unit.unit == "次":
        return ends_with_any(before, rules.run_before + rules.rate_moves) or scan[end : end + 3].startswith(
            rules.rate_moves
        )
    if unit.kind == "duration":
        return ends_with_any(before, rules.one_before + rules.run_before)
    return False


# a numeral and the same unit again across a range word: 两年到三年 (the pair is a stated span)
_RANGE_WORD = r"[ ]?(?:到|至|或)[ ]?"
_RANGE_DIGITS = frozenset("一二两三四五六七八九十百")
# (Chinese numerals only: 5日至8日 and 113年至115年 are dates and years)
_RANGE_NUMBER = r"[一二两三四五六七八九十百]+"


def _has_cue(scan: str, start: int, end: int, rules: Rules, approx: str | None, unit_s: str = "") -> bool:
    if approx in ("多", "余", "来", "几"):
        return True
    if (
        unit_s
        and unit_s != "日"
        and scan[start : start + 1] in _RANGE_DIGITS
        and (
            re.match(_RANGE_WORD + _RANGE_NUMBER + re.escape(unit_s), scan[end : end + 12])
            or re.search(
                _RANGE_NUMBER + re.escape(unit_s) + _RANGE_WORD + "$", scan[max(0, start - 12) : start]
            )
        )
    ):
        return True  # 两年到三年: each end of the range states the span
    before = scan[max(0, start - 6) : start]
    if ends_with_any(before, rules.cue_before) or before.rstrip(" ").endswith(rules.qualifiers):
        return True
    return scan[end : end + 4].startswith(rules.cue_after)
