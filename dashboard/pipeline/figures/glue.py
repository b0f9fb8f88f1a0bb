"""What the characters right before a number say about it.

A number glued to a code, a model, a date or a time (GPT-4, 2024-10-23, 9:30), or the tail of a
longer number the grammar did not read whole (8千3元, 1'234'567, 5 . 5万元, 四点 五, 零八) is never read
on its own: the reading of its tail would be a wrong value.
"""

from __future__ import annotations

import re

_BLOCK_BEFORE = set("abcdefghijklmnopqrstuvwxyz0123456789._/:\\@×*^⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# the tail of a numeral the grammar did not read whole (8千3元): a number right after a place
# word is never read on its own
_BLOCK_BEFORE_CN = frozenset("十百千万亿兆")
NUMERAL_CHARS = frozenset("〇零一二两三四五六七八九十百千万亿0123456789")
_POINT_LEAD = frozenset("负为是达至到约近超仅只")  # before 点 and a digit: a leading point (为点五 = 0.5)
# (陆 and 参 are financial numerals the scan copy keeps as written where they may be words: 陆点五折)
_BEFORE_POINT = NUMERAL_CHARS | _POINT_LEAD | frozenset("陆参")
_TAIL_BEFORE = re.compile(r"(?:点[〇零一二两三四五六七八九]+|[〇零一二两三四五六七八九十百千万亿\d][零〇])$")
_CN_NUMERAL_BEFORE_SPACE = frozenset("〇零一二两三四五六七八九十百千万亿兆")
# 1，234家 / 1 234家: three digits after a digit and a comma or space are the tail of a number
# written with a thousands separator (a Chinese-keyboard comma), not a number of their own
_THOUSANDS_TAIL = re.compile(r"\d{3}(?![\d])")
# before a space and a number: a point set off by spaces (5 . 5) or after a numeral (四点 五), or a
# lone digit before another (7 2 折); the number after it is read only whole, never as its tail
_SPACED_POINT = re.compile(r"(?:\d[ ]?[.·]|[〇零一二两三四五六七八九十百千万亿陆参]点) $")
_SPACED_DIGIT = re.compile(r"(?<![\d.,])\d $")
_LONE_DIGIT = re.compile(r"\d(?![\d,.])|\d[.]")
BLANK = "\u3000"


def _numeral(ch: str) -> bool:
    return bool(ch) and (ch.isdigit() or ch in NUMERAL_CHARS)


def blocked_left(scan: str, pos: int) -> bool:
    """True when the character before ``pos`` glues the number to a code, model, date or time."""
    if pos == 0:
        return False
    prev = scan[pos - 1]
    if (
        prev == "/"
        and pos >= 2
        and "\u4e00" <= scan[pos - 2] <= "\u9fff"
        and scan[pos - 2] not in NUMERAL_CHARS
    ):
        return False  # 930套/7.6万平方米: a slash after a Chinese unit pairs two figures
    if prev in _BLOCK_BEFORE or prev == BLANK or prev in _BLOCK_BEFORE_CN:
        return True
    if prev in "余多几来" and scan[pos : pos + 1] in ("万", "亿", "兆"):
        return True  # 五百 余万元: the scale of a hedged numeral, never 万元 (10,000) alone
    if prev in "余多几来" and pos >= 2 and _numeral(scan[pos - 2]) and _numeral(scan[pos : pos + 1]):
        return True  # 十几二十万元, 三十多四十人: a loose range from a hedged numeral, never its top alone
    if prev in "， " and pos >= 2 and scan[pos - 2].isdigit() and _THOUSANDS_TAIL.match(scan, pos):
        return True
    if prev == " " and pos >= 2 and scan[pos - 2] in _CN_NUMERAL_BEFORE_SPACE:
        return True  # 三千 九百 六十五元: a numeral spaced out word by word, never its tail alone
    if prev in "一二两三四五六七八九" and scan[pos] in _BLOCK_BEFORE_CN:
        return True  # 九两亿元: a place or scale right after a digit belongs to a numeral not read whole
    if prev in "零〇" and (scan[pos].isdigit() or scan[pos] in "一二两三四五六七八九"):
        return True  # 零八吨, 零五人: a digit after 零 the grammar did not read whole (08), never alone
    if prev in ",'’·・" and pos >= 2 and (scan[pos - 2].isdigit() or scan[pos - 2] in NUMERAL_CHARS):
        # 1.234,5 (a decimal comma), 1,5 (a list with no space), 1'234'567 (an apostrophe for
        # thousands), 5·12 or 一·二八 (a date) or 1·5 (a middle dot for a point): never the tail alone
        return True
    if prev == " " and (
        _SPACED_POINT.search(scan, max(0, pos - 4), pos)
        or (_SPACED_DIGIT.search(scan, max(0, pos - 4), pos) and _LONE_DIGIT.match(scan, pos))
    ):
        return True  # 5 . 5万元, 四点 五个百分点, 打7 2 折: a numeral spaced out, never its tail alone
    if prev == "点" and scan[pos - 2 : pos - 1] in _BEFORE_POINT and pos >= 2:
        return True  # 一百点123, 9点30分, 负点三 (a leading point: -0.3); but 最低点一万七千点 is a level
    if _TAIL_BEFORE.search(scan, max(0, pos - 8), pos):
        return True  # 三点二十亿, 1千零1人, 2千零30万元: the tail of a number the grammar did not read whole
    if prev in "-–" and pos >= 2 and (scan[pos - 2].isalnum() and scan[pos - 2].isascii()):
        return True  # GPT-4, 2024-10-23
    if prev == "—" and scan[pos - 2 : pos - 1] != "—":
        return True  # a single em dash glued to a number: a minus or a dash, no sure sign
    return False
