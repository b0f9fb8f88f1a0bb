"""Patterns without a trailing unit: 百分之十五, 三分之一, 一半, 翻一番, fivefold, four months.

Small change (十八块五, 五毛钱) is read in ``change``, wind force (东北风四到五级) in ``winds``.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_toml
from .candidates import (
    HEDGE_AFTER,
    Cand,
    ends_with_any,
    excluded_before,
)
from .change import digit_value, small_change
from .glue import NUMERAL_CHARS, blocked_left
from .numerals import (
    AR,
    CN,
    CN_DIGIT,
    ONE_WORD_NEXT,
    parse_number,
    tidy,
)
from .rules import Rules
from .signs import negative_sign
from .winds import wind_force

# 百分之十五, 千分之五 (0.5%), 万分之三 (0.03%), 百分之负三 (the sign after 之)
_BAIFEN = re.compile(
    rf"(?P<per>百分之|千分之|万分之|百分(?=[一二两三四五六七八九十百零〇\d]))(?P<neg>负)?(?P<n1>{CN}|{AR})"
    rf"(?:(?:到|至)(?:百分之|千分之|万分之)?(?P<n2>{CN}|{AR}))?"
    r"(?![a-z0-9.])"  # (百分之3.2k: glued to a letter or more digits, no sure reading)
    r"(?![ ][〇零一二两三四五六七八九十百千万点])"  # (百分之五 十: spaced out, read whole or not at all)
)
_PER_DIVISOR = {"千分之": 10.0, "万分之": 100.0}
# 三分之一; 三又五分之一 = 3 1/5 (a whole number before 又)
# (a decimal numerator is read whole: 五百分之2.2 is 2.2/500, never 2/500)
_FRACTION = re.compile(rf"(?:(?P<w>{CN}|\d+)又)?(?P<d>{CN}|\d+)分之(?P<n>{CN}|\d+(?:\.\d+)?)(?![\d.])")
# 逾半 / 过半 / 近半 (more than / nearly half); never 过半年, 超过半导体, 近半个世纪, 年过半百 (past fifty)
_HALF = re.compile(
    r"一半|(?:逾|超过|过|超|近)?半数|(?:逾|超过|过|超|近)半(?![年月天日小个导岛径夜场价身路途百])"
)
# 1/3 is a fraction only in a share context (占1/3, 约1/3, 1/3的); bare a/b may be a date
_SLASH = re.compile(r"(?<![\d/.])(?P<n>[1-9])/(?P<d>[2-9]|10)(?![\d/.])")
# 三分一, 四分三: a fraction said without 之 (Hong Kong and spoken Chinese), read only before a word
# that a share is of (三分一市民, 四分一升, 三分二的議員); never a score or a time (三分一秒, 十点三分一刻)
_SPOKEN_FRACTION = re.compile(
    r"(?<![\d〇零一二两三四五六七八九十百千点时.:：])(?P<d>[二三四五六七八九十])分(?P<n>[一二三四五六七八九])"
    r"(?=的|[人市民受访者议员成员家庭学生住户公司企业港]|公?升|公斤|公里|加仑|[，。；、,;])"
)
# 9秒83, 九秒八三: two digits right after 秒 (and no unit after them) are its hundredths, a race time
_SPLIT_SECONDS = re.compile(
    r"(?P<s>\d{1,2}|[一二两三四五六七八九十]{1,3})秒(?P<f>\d{2}|[〇零一二三四五六七八九]{2})(?![\d〇零一二三四五六七八九十百千万.%分秒年月天日时小个])"
)
# (的1/5: a share of the noun before it, 全国产量的1/5; 相当于1/3)
_SLASH_BEFORE = tuple("占 约 近 超过 逾 达 为 是 仅 不到 超 的 相当于 只有 减少 增加".split())
_SLASH_AFTER = ("的", "以上", "以下", "左右", "之多", "强")
_FANFAN = re.compile(r"翻(?:了)?(?P<n>[一两二三四五]|\d)番")
# Spelled-out English numbers (one table): durations read every word here; multiples (two-fold,
# three times higher) the ones up to ten, twenty, and hundred besides.
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
_EN_WORDS = {
    **{w: _EN_NUMBER_WORDS_VALUE[w] for w in (*list(_EN_NUMBER_WORDS_VALUE)[:9], "twenty")},
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


# four months, two-year (term), Six years: a spelled-out English duration ("one" is wording, and
# three-year-old is an age, 20 years ago a point in time)
_EN_DURATION = re.compile(
    r"(?<![a-z-])(?P<n>" + "|".join(_EN_NUMBER_WORDS_VALUE) + r")[ -](?P<u>year|month|week|day|hour|decade)s?"
    r"(?![a-z]|-old|[ ]old|[ ]ago|[ ]later|[ ]earlier)"
)


def _english_durations(scan: str) -> list[Cand]:
    out = []
    for m in _EN_DURATION.finditer(scan):
        value = float(_EN_NUMBER_WORDS_VALUE[m.group("n")])
        out.append(Cand(m.start(), m.end(), "duration", value, None, m.group("u") + "s", 2))
    return out


_EN_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {
    w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORD_ALT = "|".join(sorted([*_EN_SMALL, *_EN_TENS, *_EN_SCALES], key=len, reverse=True))
_EN_DIGIT_ALT = "zero|one|two|three|four|five|six|seven|eight|nine"
# one hundred and twenty-three, three million, a hundred, three point five: a spelled-out number
_EN_CARDINAL = re.compile(
    rf"(?<![a-z0-9$-])(?P<w>(?:a[ ](?=hundred|thousand|million|billion))?(?:{_EN_WORD_ALT})"
    rf"(?:(?:[ -]|[ ]and[ ])(?:{_EN_WORD_ALT}))*"
    rf"(?:[ ]point(?:[ ](?:{_EN_DIGIT_ALT}))+)?)(?![a-z0-9-])"
)


def _en_cardinal(words: str) -> float | None:
    """Value of a spelled-out English number, or None when it is not well formed."""
    total = current = 0.0
    seen = False
    words, _, decimals = words.partition(" point ")
    if decimals:
        whole = _en_cardinal(words)
        digits = "".join(str(_EN_SMALL[d]) for d in decimals.split())
        return None if whole is None else float(f"{whole:g}.{digits}")
    for w in re.split(r"[ -]+", words):
        if w in ("and", "a"):
            continue
        if w in _EN_SMALL:
            current += _EN_SMALL[w]
        elif w in _EN_TENS:
            current += _EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


@cache
def _en_unit_forms(forms: tuple[str, ...]) -> re.Pattern:
    alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # (one hyphenated modifier may stand between: two airport-proximate hotels, three two-year terms)
    return re.compile(rf"(?P<mod>[ ][a-z]+-[a-z]+)?[ ](?P<u>{alt})(?![a-z])")


def _english_words(scan: str, rules: Rules) -> list[Cand]:
    """Three million people, twenty percent, one hundred and twenty dollars (not durations)."""
    out: list[Cand] = []
    forms = tuple(
        f for f, u in rules.units.items() if f.isascii() and f[0].isalpha() and u.kind != "duration"
    )
    unit_re = _en_unit_forms(forms)
    for m in _EN_CARDINAL.finditer(scan):
        u = unit_re.match(scan, m.end())
        if not u:
            continue
        value = _en_cardinal(m.group("w"))
        unit = rules.units[u.group("u")]
        if value is None or (unit.kind == "count" and value <= 1):
            continue
        if excluded_before(scan, m.start(), rules):
            continue
        if u.group("mod") and unit.kind != "count":
            continue  # only a count noun takes a modifier between (not 20 so-called percent)
        start = m.start()
        if m.group("w").startswith("a ") and scan[max(0, start - 5) : start] == "half ":
            value, start = value / 2, start - 5  # half a million people: 500,000, not a million
        value *= unit.factor
        # the modifier may be a figure of its own (two-year): the count's span is then the number
        end = m.end() if u.group("mod") else u.end()
        out.append(Cand(start, end, unit.kind, value, None, unit.unit, 1))
    return out


# A medal tally: 38金、27银、24铜 (the count of medals, 枚), only as a list item (a punctuation
# mark, a space or another tally right after), never 5金额 / 3金币.
_MEDAL = re.compile(
    rf"(?<![\d.])(?P<n>\d+|{CN})(?P<m>[金银铜])(?:牌)?(?=[、，,。；;：:！？!?）)\s]|$|\d|[{_D1}十])"
)
# ... only in a paragraph about medals (五金、建材 is hardware)


@cache
def _medal_context() -> tuple[str, ...]:
    return tuple(read_toml("figures.toml").get("medals", {}).get("context", ()))


@cache
def _sentence_months() -> re.Pattern:
    """判刑4月, 處有期徒刑8月: months with no 个 after a sentencing word (figures.toml [duration])."""
    words = read_toml("figures.toml")["duration"]["month_before"]
    alt = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?:{alt})[ ]?(?P<n>\d{{1,2}}|[{_D1}十]{{1,3}})月(?![份底初末中旬日号\d〇零{_D1}十])")


# Latitude and longitude: 北纬21.0度, 东经127.2度 (degrees of arc, °)
_COORD = re.compile(r"(?P<w>北纬|南纬|东经|西经)[ ]?(?P<n>\d{1,3}(?:\.\d+)?)[ ]?(?:度|°)")
_MA = re.compile(rf"(?<![\d.])(?P<n>半|\d+(?:\.\d+)?|[{_D1}])码(?![头子数])")
_HALF_SPAN = re.compile(r"半年多?|半个多?月")  # (半年多, 半个多月: 多 is the qualifier)
# 降息半个百分点: half a percentage point (not 一个半百分点, read with its number by the units)
_HALF_POINT = re.compile(r"(?<![〇零一二两三四五六七八九十百千万亿\d.几多大个])半个百分点")
# 個半鐘, 用咗個半月: an hour / a month and a half with the 一 dropped (Cantonese and spoken
# Mandarin); not 这个半月 / 每个半小时 / 两个半月 (read with its number by the unit patterns)
_GE_BAN = re.compile(
    r"(?<![〇零一二两三四五六七八九十百千万亿\d这那每哪几整])个半(?P<u>钟头|钟|小时|月|星期|礼拜)"
)
_GE_BAN_UNIT = {"钟头": "小时", "钟": "小时", "小时": "小时", "月": "月", "星期": "周", "礼拜": "周"}
# A lead or margin in points is in percentage points: a 28-point margin, a 5.5-point lead
_EN_POINT_MARGIN = re.compile(
    r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)-point[ ](?:margin|lead|gap|advantage|deficit|swing)(?![a-z])"
)


def _tallies(scan: str, rules: Rules) -> list[Cand]:
    """Medal tallies, wind force, latitude/longitude and point margins: units a number implies."""
    out: list[Cand] = []
    medals = any(ch in scan for ch in "金银铜") and any(w in scan for w in _medal_context())
    for m in _MEDAL.finditer(scan) if medals else ():
        if blocked_left(scan, m.start()) or excluded_before(scan, m.start(), rules):
            continue
        v, _ = parse_number(m.group("n"))
        if v == v and v >= 1 and (m.group("n")[0].isdigit() or v > 1):
            out.append(Cand(m.start(), m.end("m"), "count", v, None, "枚", 1))
    out.extend(wind_force(scan))
    for m in _COORD.finditer(scan) if ("纬" in scan or "经" in scan) else ():
        v = float(m.group("n"))
        out.append(Cand(m.start(), m.end(), "measure", v, None, "°", 2))
    for m in _HALF_SPAN.finditer(scan) if "半" in scan else ():
        # 历时半年, 延长半个月: half a year stated as a span (过半年 / 上半年 are not)
        if ends_with_any(scan[max(0, m.start() - 6) : m.start()], rules.one_before):
            unit = "年" if m.group(0).startswith("半年") else "月"
            qual = "多" if "多" in m.group(0) else None
            out.append(Cand(m.start(), m.end(), "duration", 0.5, None, unit, 1, qualifier=qual))
    for m in _HALF_POINT.finditer(scan) if "半个百分点" in scan else ():
        out.append(Cand(m.start(), m.end(), "percent", 0.5, None, "pp", 2))
    for m in _GE_BAN.finditer(scan) if "个半" in scan else ():
        if not scan[m.end() : m.end() + 4].lstrip(" ").startswith(rules.time_reference_after):
            out.append(Cand(m.start(), m.end(), "duration", 1.5, None, _GE_BAN_UNIT[m.group("u")], 1))
    for m in _MA.finditer(scan) if "码" in scan else ():
        # 升息半码, 减息一码: a 码 is a quarter of a percentage point in a rate move
        if not any(
            w in scan[max(0, m.start() - 8) : m.start()] for w in (*rules.rate_moves, "利率", "调升", "调降")
        ):
            continue
        n = m.group("n")
        v = 0.5 if n == "半" else parse_number(n)[0]
        end = m.end()
        if n != "半" and scan[end : end + 1] == "半":
            v, end = v + 0.5, end + 1  # 一码半
        if v == v and 0 < v <= 8:
            out.append(Cand(m.start(), end, "percent", tidy(v * 0.25), None, "pp", 2))
    for m in _EN_POINT_MARGIN.finditer(scan) if "-point" in scan else ():
        out.append(Cand(m.start(), m.end("n") + len("-point"), "percent", float(m.group("n")), None, "pp", 2))
    return out


def _shares(scan: str, rules: Rules) -> list[Cand]:
    """百分之十五, 千分之五, 万分之三 (percentages) and 三分之一, 三又五分之一 (fractions)."""
    out: list[Cand] = []
    for m in _BAIFEN.finditer(scan):
        if scan[m.start() - 1 : m.start()] in NUMERAL_CHARS:
            continue  # 一百分之一 is the fraction 1/100, read by _FRACTION
        if m.group("n1") == "三五":
            continue  # 百分之三五: 3 to 5 % as said, or 35 % read digit by digit; no guess
        v, v_hi = parse_number(m.group("n1"))
        div = _PER_DIVISOR.get(m.group("per"), 1.0)
        if m.group("n2") and (v_hi is not None or m.group("neg")):
            continue  # 百分之二三到四十, 百分之负三到五: no sure reading
        vmax = parse_number(m.group("n2"))[0] / div if m.group("n2") else None
        if vmax is not None and vmax <= v / div:
            vmax = None
        if v_hi is not None:
            vmax = tidy(v_hi / div)  # 百分之二三十: a range in one numeral
        sign = negative_sign(scan, m.start(), rules)  # 负百分之七
        if sign and (m.group("neg") or vmax is not None):
            continue  # 负百分之负三, 负百分之三到五: no sure reading
        end = m.end() if m.group("n2") and vmax is not None else m.end("n1")
        if m.group("n1")[-1:] == "一" and len(m.group("n1")) > 1 and scan[end : end + 1] in ONE_WORD_NEXT:
            continue  # 百分之三十一直没变: 30 % and 一直, or 31 %? no guess
        # 百分之十几, 百分之二十多: the hedge goes to the qualifier (the value is the lower bound)
        hedge, qual = scan[end : end + 1], None
        if vmax is None and (hedge in ("几", "余") or (hedge == "多" and HEDGE_AFTER.match(scan, end))):
            qual, end = hedge, end + 1  # (左右 / 以上 after any figure: collect_candidates)
        out.append(
            Cand(
                m.start() - sign,
                end,
                "percent",
                tidy(-v / div if sign or m.group("neg") else v / div),
                vmax,
                "%",
                3,
                qualifier=qual,
            )
        )
    for m in _FRACTION.finditer(scan):
        if blocked_left(scan, m.start()) or excluded_before(scan, m.start(), rules):
            continue
        if m.group("d") in ("百", "千", "万") and not m.group("w"):
            continue  # 百分之五 / 千分之五 / 万分之五 are percentages, read above
        if scan.startswith(rules.bare_numbers["fraction_label_after"], m.end()):
            continue  # 四分之一决赛: the quarter-final, no share
        d, _ = parse_number(m.group("d"))
        n, n_hi = parse_number(m.group("n"))
        w = parse_number(m.group("w"))[0] if m.group("w") else 0.0
        if d > 0 and 0 < n and n_hi is None:
            sign = negative_sign(scan, m.start(), rules)  # 负三分之一
            v = -(w + n / d) if sign else w + n / d
            if scan.startswith("倍", m.end()):  # 一又二分之一倍, 5又2分之1倍: a multiple (×1.5, ×5.5)
                out.append(Cand(m.start() - sign, m.end() + 1, "multiple", v, None, "x", 2))
                continue
            out.append(Cand(m.start() - sign, m.end(), "fraction", v, None, None, 2))
    return out


def special_candidates(scan: str, rules: Rules) -> list[Cand]:
    """Patterns without a trailing unit: 百分之十五, 三分之一, 一半, 翻一番, fivefold, two-thirds."""
    out: list[Cand] = small_change(scan, rules)
    out.extend(_tallies(scan, rules))
    for m in _sentence_months().finditer(scan) if "月" in scan else ():
        v, _ = parse_number(m.group("n"))
        if v == v and 1 <= v < 60:  # 判刑4月 is four months (a date has no sentencing word before it)
            out.append(Cand(m.start("n"), m.end(), "duration", v, None, "月", 2))
    if _EN_CARDINAL.search(scan):
        out.extend(_english_words(scan, rules))
    if "year" in scan or "month" in scan or "week" in scan or "day" in scan or "hour" in scan:
        out.extend(_english_durations(scan))
    for m in _SPLIT_SECONDS.finditer(scan) if "秒" in scan else ():
        whole = parse_number(m.group("s"))[0]  # 9秒83 (a race time) is 9.83 s, never 9 s
        hundredths = int("".join(str(digit_value(d)) for d in m.group("f")))
        if whole == whole and not blocked_left(scan, m.start()):
            out.append(Cand(m.start(), m.end(), "duration", tidy(whole + hundredths / 100), None, "秒", 2))
    # each pattern needs a word a substring test finds at C speed: most paragraphs skip most scans
    if "分之" in scan or "百分" in scan:
        out.extend(_shares(scan, rules))
    for m in _SLASH.finditer(scan) if "/" in scan else ():
        n, d = int(m.group("n")), int(m.group("d"))
        context = ends_with_any(scan[max(0, m.start() - 3) : m.start()], _SLASH_BEFORE) or any(
            scan[m.end() : m.end() + 2].startswith(w) for w in _SLASH_AFTER
        )
        if scan.startswith(rules.bare_numbers["fraction_label_after"], m.end()):
            continue  # 1/4决赛: the quarter-final, no share
        if n < d and context:
            out.append(Cand(m.start(), m.end(), "fraction", n / d, None, None, 2))
    for m in _SPOKEN_FRACTION.finditer(scan) if "分" in scan else ():
        d, n = CN_DIGIT.get(m.group("d"), 10), CN_DIGIT[m.group("n")]
        if n < d and not excluded_before(scan, m.start(), rules):
            out.append(Cand(m.start(), m.end(), "fraction", n / d, None, None, 2))
    for m in _HALF.finditer(scan) if "半" in scan else ():
        if (
            scan[max(0, m.start() - 1) : m.start()] in ("另", "一", "大", "多")
            or scan[m.end() : m.end() + 2] == "一半"
        ):
            continue
        out.append(Cand(m.start(), m.end(), "fraction", 0.5, None, None, 2))
    for m in _FANFAN.finditer(scan) if "番" in scan else ():
        n = m.group("n")
        k = CN_DIGIT.get(n, None) if not n.isdigit() else int(n)
        out.append(Cand(m.start(), m.end(), "multiple", float(2**k), None, "x", 2))
    for m in _EN_MULT.finditer(scan) if ("fold" in scan or "x" in scan or " times " in scan) else ():
        n = m.group("n")
        v = float(n) if n[0].isdigit() else float(_EN_WORDS[n])
        out.append(
            Cand(
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
        out.append(Cand(m.start(), m.end(), "fraction", v, None, None, 2))
    return out
