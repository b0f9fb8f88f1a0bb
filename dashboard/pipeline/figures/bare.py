"""Numbers said with no unit (人口为一点五亿, 募集了五百万, 一百二十三, 负3.9): the figure kind ``number``.

Only forms that cannot be a year, a date, a clock time, an ordinal, a list number, a code or a
model number are read (README, "Figures: how numbers are read"):

- a numeral with a scale word 万/亿/兆 and a digit (3万4000, 1.5亿, 一点五亿; not 十万 alone);
- a numeral in Chinese characters with a place word 百/千 (一百二十三, 两千零五十): a year is
  written digit by digit (二〇二四), a clock hour is below 百;
- a decimal in Chinese characters whose integer part is 零 (零点五), or that no clock can say: an
  integer part above 24 (四十五点六), three or more decimals (三点一四一), or two that are no minute
  (三点七五); 三点一五 and 八点三零 are said of clocks, 三点五 may be too, so they are not read;
- a number after a minus word (负3.9, 负三点九) or a tolerance (正负3).

A bare Arabic number (2024, 3.9, 128), a lone digit or 十, a numeral inside a set phrase (十万火急,
三千世界), after 第/前, before a label word (号, 路, 型) or before any unit (the unit patterns own
those, read or not) is never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .candidates import Cand, excluded_before
from .glue import BLANK, blocked_left
from .numerals import CN_DIGIT, NUMX, ONE_WORD_NEXT, has_big_scale, parse_number
from .rules import Rules, starts_furniture, unit_forms
from .signs import DASHES_AND_EM, minus_word

_NUMBER = re.compile(NUMX)
# a quick test: a paragraph with none of these has no bare number to read
_HINT = re.compile(r"[万亿兆百千]|[零〇][点.]|点[〇零一二三四五六七八九]")  # or a minus word (signs)
# a run of numeral characters (the grammar is tried only at the start of a run worth reading)
_RUN = re.compile(
    r"(?<![\d〇零一二两俩三仨四五六七八九十百千万亿兆廿卅])[\d〇零一二两俩三仨四五六七八九十廿卅][\d〇零一二两俩三仨四五六七八九十百千万亿兆廿卅.,点 ]*"
)
_RUN_HINT = re.compile(r"[万亿兆百千]|^[零〇][点.]|点[〇零一二三四五六七八九]")
# a Chinese decimal read digit by digit after 点 (三点一四一, 四十五点六七)
_CN_DECIMAL = re.compile(r"([〇零一二两三四五六七八九十百千]+)点([〇零一二三四五六七八九]+)")
_FIRST = frozenset("0123456789〇零一二两俩三仨四五六七八九十廿卅")
# a digit proper: 十万 and 十亿 alone are as often hyperbole (十万火急, 十万大山) as a count
_DIGITS = frozenset("0123456789〇零一二两俩三仨四五六七八九")
_NUMERAL_CHARS = frozenset("〇零一二两俩三仨四五六七八九十百千万亿兆廿卅0123456789")
# the number ends where the next character is no part of a number, unit or code
# (a letter after a space starts the next English word: minus 3.9 last year)
_GLUED_AFTER = re.compile(
    r"[ ]?[0-9%$¥€£°℃℉.:/×*^²³]|[a-z]|[ ](?:percent|per cent|points?|bn|mn|m|k)(?![a-z])"
)
# a numeral ending in an abbreviated place (两万六, 一百一) is whole only at the end of its clause
_ABBREVIATED = re.compile(r"[百千万亿][一二两三四五六七八九]$")
_CLAUSE_END = re.compile(r"[，。；、,;！？!?\s)）」”』\]]|$")
# a range or a list (至, 到, 、, 或): 三至五百万, 930、940万
_RANGE_BEFORE = re.compile(r"([\d〇零一二两三四五六七八九十百千万亿兆.]+)[ ]?(?:至|到|~|-|–|——|—|、|或)[ ]?$")
_RANGE_AFTER = re.compile(r"[ ]?(?:至|到|~|-|–|——|—|、|或)[ ]?([\d〇零一二两三四五六七八九十百千万亿兆.]+)")
_SCORE_AFTER = re.compile(r"[ ]?比[ ]?[\d〇零一二两三四五六七八九十]")  # 一百零二比九十八: a score
_VAGUE_BEFORE = frozenset("数几")  # 数十万, 几百万 (上百万 starts with no digit)
# a numeral spaced out word by word goes on after the space (三千 九百 六十五, 五百 余万): no part alone
_SPACED_ON = frozenset("〇零一二两三四五六七八九十百千万亿兆多余来几")


def phrase_spans(scan: str, idioms: tuple[str, ...]) -> list[tuple[int, int]]:
    """[start, end) of every occurrence of each phrase in ``scan``."""
    spans = []
    for w in idioms:
        i = scan.find(w)
        while i >= 0:
            spans.append((i, i + len(w)))
            i = scan.find(w, i + 1)
    return spans


def _sign(scan: str, pos: int, rules: Rules) -> tuple[str | None, int]:
    """("neg" | "pm" | None, length) of a minus word or tolerance written right before ``pos``."""
    if scan[max(0, pos - 2) : pos] == "正负" or scan[pos - 1 : pos] == "±":
        return "pm", 0  # kept as the qualifier (正负 is in the qualifier list)
    word = minus_word(scan, pos, rules)
    return ("neg", word) if word else (None, 0)


def _readable(n: str, sign: str | None) -> bool:
    """True when the numeral's form cannot be a year, date, clock time, ordinal or code."""
    arabic = any(ch.isascii() and ch.isdigit() for ch in n)
    if any(ch in n for ch in "万亿兆"):
        return True  # 3万4000, 1.5亿, 一点五亿, 十万
    if sign is not None:
        return arabic or "点" in n or "." in n or any(ch in n for ch in "十百千")
    if arabic:
        return False  # 2024, 3.9, 128: a year, a code or a number whose unit is elsewhere
    if "百" in n or "千" in n:
        return True  # 一百二十三, 两千零五十
    dec = _CN_DECIMAL.fullmatch(n)
    if dec and not _clock_like(dec.group(1), dec.group(2)):
        return True  # 三点一四一, 三点七五, 四十五点六 (八点三零 and 三点一五 are times)
    return n[0] in "零〇" and ("点" in n or "." in n)  # 零点五 (三点五 may be said of a clock)


def _part_of_range(scan: str, start: int, end: int, n: str, units: tuple[str, ...]) -> bool:
    """True when the numeral is one end of a range or list read whole or not at all: ends that
    differ in scale (三至五百万: 3–5 or 3×10⁶–5×10⁶?), an end that cannot be read alone
    (从二十一到一千零一: never 1,001 on its own, half a range), or the lower end of a range whose
    unit follows the upper end (一千四百七十八至七千八百七十七年, not read as a range)."""
    before = _RANGE_BEFORE.search(scan[max(0, start - 16) : start])
    after = _RANGE_AFTER.match(scan, end)
    if after is not None and scan[after.end() :].lstrip(" ").startswith(units):
        return True
    return any(
        other is not None
        and (has_big_scale(other.group(1)) != has_big_scale(n) or not _readable(other.group(1), None))
        for other in (before, after)
    )


def _clock_like(whole: str, decimals: str) -> bool:
    """True when 点 may be a clock's: an hour up to 24 and one or two digits that may be minutes."""
    hour = parse_number(whole)[0]
    if hour != hour or hour > 24:
        return False
    if len(decimals) >= 3:
        return False
    return len(decimals) == 1 or CN_DIGIT[decimals[0]] * 10 + CN_DIGIT[decimals[1]] < 60


def _numerals(scan: str, rules: Rules) -> Iterator[re.Match]:
    """The numeral matches ``_NUMBER.finditer`` would give, only inside runs of numeral characters
    that may hold a bare number: the full grammar is not tried on every 2024 or 3.9 of a paragraph."""
    for run in _RUN.finditer(scan):
        if not _RUN_HINT.search(run.group(0)) and _sign(scan, run.start(), rules)[0] is None:
            continue  # 2024, 3.9, 二十三: no scale or place word, no 零点, no sign
        pos = run.start()
        while pos < run.end():
            m = _NUMBER.match(scan, pos)
            if m is None or m.end() == pos:
                pos += 1
                continue
            yield m
            pos = m.end()


def _more_follows(rest: str, units: tuple[str, ...], rules: Rules) -> bool:
    """Whether the text after a numeral makes it no bare number: a unit, a label (一百二十三号), a
    score (一百零二比九十八), a code or a longer number."""
    return bool(
        _GLUED_AFTER.match(rest)
        or rest[:1] in _NUMERAL_CHARS
        or rest[:1] in ("几", "来", "点", "陆", "参")  # (一千陆: a financial six unfolded, 1,600)
        # small change or a scale this grammar does not read (一百二十三四角, 九百二十二京日元)
        or rest[:1] in ("角", "毛", "分", "京", "垓", "秭", "穰", "沟", "涧")
        or rest.lstrip(" ").startswith(units)
        or rest.startswith(rules.bare_numbers["label_after"])
        or starts_furniture(rest.lstrip(" +"), rules)
        or rest[:1] == "+"
        or (rest[:1] == " " and rest[1:2] in _SPACED_ON)
        or _SCORE_AFTER.match(rest)
    )


def bare_numbers(scan: str, rules: Rules, found: list[Cand]) -> list[Cand]:
    """Every number said with no unit that overlaps none of the ``found`` candidates."""
    if not _HINT.search(scan) and not any(w in scan for w in rules.bare_numbers["sign_words"]):
        return []
    spec = rules.bare_numbers
    idioms: list[tuple[int, int]] | None = None  # found on the first numeral worth the look
    units = unit_forms(rules)
    out: list[Cand] = []
    for m in _numerals(scan, rules):
        n = m.group(0).rstrip(" ")
        s, e = m.start(), m.start() + len(n)
        if n[0] not in _FIRST or any(ch.isascii() and ch.isalpha() for ch in n) or not _DIGITS & set(n):
            continue  # 百万, 千亿, 十万 (an implied 一 may be idiom), 5 million, 1e6
        if any(c.start < e and s < c.end for c in found):
            continue
        if idioms is None:
            idioms = phrase_spans(scan, spec["idioms"])
        if any(a < e <= b for a, b in idioms):
            continue  # a numeral ending inside a set phrase (三千世界, 亿万富翁; but 二百五十 is 250)
        prev = scan[s - 1 : s]
        if prev and (
            blocked_left(scan, s) or prev in _NUMERAL_CHARS or prev in _VAGUE_BEFORE or prev in DASHES_AND_EM
        ):
            continue  # a code, a date, the tail of a longer number, 上百万, -3.9 (no sure sign)
        if BLANK in (prev, scan[e : e + 1]):
            continue  # beside a damaged span: maybe part of a longer number
        # 五百多万, 三十余亿: a hedge inside the numeral makes the value a lower bound
        end, qualifier = e, next((w for w in "多余来几" if w in n), None)
        if scan[e : e + 1] in ("多", "余"):
            end, qualifier = e + 1, scan[e]  # 三百多, 七百余: more than 300, 700
        rest = scan[end : end + 8]
        if _more_follows(rest, units, rules):
            continue
        if n.endswith("兆") and "." not in n and "点" not in n:
            # 100兆 with no unit: 10^14 in Taiwan, 100 mega- (兆宽带, 兆的硬盘) in mainland speech;
            # a decimal (1.5兆, 一点二兆) is only ever the Taiwan trillion
            continue
        if (
            (_ABBREVIATED.search(n) or (n.endswith("点一") and not scan.startswith("的", end)))
            and not _CLAUSE_END.match(scan, end)
        ) or (n.endswith("一") and "点" in n and scan[end : end + 1] in ONE_WORD_NEXT):
            continue  # 一千万一起, 三千点一带, 零点五一直: 一 may start the next word
        if n[0] in "零〇" and (
            rest.startswith(spec["time_after"]) or scan[max(0, s - 4) : s].endswith(spec["time_before"])
        ):
            continue  # 零点五分, 凌晨零点: a clock time
        sign, sign_len = _sign(scan, s, rules)
        if not _readable(n, sign):
            continue
        start = s - sign_len
        if excluded_before(scan, start, rules, span="点" in n or "." in n) or scan[
            max(0, start - 3) : start
        ].endswith(spec["year_before"]):
            continue  # 第一百二十三, 前三百, 数百万, 公元两千零二十四
        if _part_of_range(scan, start, end, n, units):
            continue
        if n in rules.rough_numerals or scan[max(0, start - 2) : start] in rules.rough_heads:
            continue  # 百八十, 万儿八千: "a hundred or so", "ten thousand or so", no number
        value, vmax = parse_number(n)
        if value != value or (vmax is not None and sign == "neg"):
            continue  # an unreadable numeral (一千五万): nothing rather than a guess
        if sign == "neg":
            value = -value
        for w in sorted(rules.qualifiers, key=len, reverse=True):
            head = scan[max(0, start - len(w) - 1) : start]
            if head.endswith(w) or head.endswith(w + " "):
                start -= len(w) + (1 if head.endswith(w + " ") else 0)
                qualifier = w
                break
        out.append(Cand(start, end, "number", value, vmax, None, 0, qualifier=qualifier))
    return out
