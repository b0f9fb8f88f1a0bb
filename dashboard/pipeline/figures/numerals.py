"""Numerals: the scan copy every rule reads, and the grammar of Chinese, Arabic and mixed numbers."""

from __future__ import annotations

import re
from functools import cache

import opencc

from ..script import CharTable

# ---------------------------------------------------------------- scan copy

# (the dash forms of other fonts and keyboards are one ASCII hyphen: ２－３万, 增速﹣3%, 3〜5万)
# Full-width letters are ASCII too (16ＧＢ, ＨＫ＄30, ３ｎｍ); the small full stop of Hong Kong
# wire feeds is a decimal point (1﹒7倍, 96﹒8萬人次).
_FW_LETTERS = "".join(chr(c) for c in range(0xFF21, 0xFF3B)) + "".join(chr(c) for c in range(0xFF41, 0xFF5B))
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
FULLWIDTH = str.maketrans(
    "０１２３４５６７８９％．﹒，＄～：／－﹣‐‑‒〜∼" + _FW_LETTERS,
    "0123456789%..,$~:/-----~~" + _ASCII_LETTERS,
)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def simplified_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def _scan_char(ch: str) -> str:
    """The scan copy of one character (after the full-width fold)."""
    if ch < "\u0080":
        return ch.lower()
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
        return simplified_char(ch).translate(_FOLD_DIGITS)
    return ch.translate(_FOLD_DIGITS)


# one C-level pass per paragraph instead of a Python loop over its characters
_SCAN_TABLE = CharTable(lambda ch: _scan_char(ch.translate(FULLWIDTH)))


_FW_DIGITS = "０１２３４５６７８９"


def scan_copy(text: str) -> str:
    """Same-length copy for matching: ASCII digits, simplified characters, ASCII lower case.

    A full-width comma is a thousands separator only between full-width digits (１２，０００);
    anywhere else it is Chinese punctuation, so it stays "，" (企业从20，300家 may be one number
    typed on a Chinese keyboard or two: the three digits after it are never read alone, see
    ``candidates.blocked_left``). 陆/参 become 六/三 beside a financial numeral (陆仟, 參佰), and
    the 个 of a colloquial 两个亿 / 30个亿 a space (two 亿, thirty 亿), and the 份 of 百份之 / 百份点
    分 (the same words, miswritten).
    """
    scan = text.translate(_SCAN_TABLE)
    edits: dict[int, str] = {}
    i = text.find("，")
    while i >= 0:
        if not (0 < i < len(text) - 1 and text[i - 1] in _FW_DIGITS and text[i + 1] in _FW_DIGITS):
            edits[i] = "，"
        i = text.find("，", i + 1)
    i = scan.find("百份")
    while i >= 0:
        if scan[i + 2 : i + 3] in ("之", "点"):
            edits[i + 1] = "分"  # 百份之六十七點二, 七個百份點: a common miswriting of 百分
        i = scan.find("百份", i + 2)
    i = scan.find("个亿")
    while i >= 0:
        if scan[i - 1 : i] in _BEFORE_GE_YI and i > 0:
            edits[i] = " "  # 30个亿, 两个亿: colloquial for 30亿, 两亿 (read as 30 亿)
        i = scan.find("个亿", i + 2)
    if " " in text:
        for i in _spaced_thousands(text, scan):
            edits[i] = ","  # 11 920名, 1 042張: a space as the thousands separator (traditional text)
        for m in _SPACED_DECIMAL.finditer(scan):
            # 上涨0.4%和1. 2%: a space typed after the point, read as 1.2 % (the space moved last)
            tail = m.group(1)
            for k, ch in enumerate(tail + " "):
                edits[m.start(1) - 1 + k] = ch
    for word, digit in _WORD_DIGITS.items():
        i = scan.find(word)
        while i >= 0:
            if _folds_as_digit(text, i, word):
                edits[i] = digit  # 陆仟, 贰拾陆, 參佰, 拾万元, 伍元陆角: financial six, three, ten
            i = scan.find(word, i + 1)
    if not edits:
        return scan
    chars = list(scan)
    for i, ch in edits.items():
        chars[i] = ch
    return "".join(chars)


# a decimal point with a space after it, inside a Chinese sentence and right before % (上涨1. 2%):
# never at a line's start or after a space, where "1. " numbers a list
_SPACED_DECIMAL = re.compile(
    r"(?:(?<=[\u4e00-\u9fff、，,]\d)|(?<=[\u4e00-\u9fff、，,]\d\d))\. (\d{1,2})(?=%)"
)
# a number in groups of three digits split by single spaces, between two Chinese characters
_SPACED_THOUSANDS = re.compile(r"(?<=[\u4e00-\u9fff])\d{1,3}(?: \d{3})+(?=[\u4e00-\u9fff])")


def _spaced_thousands(text: str, scan: str) -> list[int]:
    """Where a space is a thousands separator (至今共有11 920名, 合共1 042張): Hong Kong and Macau
    government releases group digits with a space. Only in traditional writing and only between
    Chinese words; in simplified text two numbers typed with a space stay apart (unread)."""
    spaces: list[int] = []
    for m in _SPACED_THOUSANDS.finditer(text):
        spaces.extend(m.start() + k for k, ch in enumerate(m.group()) if ch == " ")
    if spaces and not any("\u4e00" <= ch <= "\u9fff" and ch != sc for ch, sc in zip(text, scan, strict=True)):
        return []  # no traditional character: simplified writing
    return spaces


def _folds_as_digit(text: str, i: int, word: str) -> bool:
    """陆/参/拾/伍 at ``i`` is a financial numeral, not a word (大陆, 参加, 收拾, 队伍)."""
    prev, nxt = text[i - 1 : i] if i else "", text[i + 1 : i + 2]
    if prev in _FINANCIAL or nxt in _FINANCIAL:
        return True  # 陆仟, 贰拾陆, 參佰
    if word in "拾伍" and (nxt in _SHI_BEFORE or nxt in "陆陸参參"):
        return True  # 拾万元, 伍元
    if prev and prev in "元圆圓角毛" and nxt in "角毛分":
        return True  # 伍元陆角, 叁角陆分: small change
    if prev == "零" and any(c in _FINANCIAL for c in text[max(0, i - 6) : i]):
        return True  # 贰拾万零陆元: after 零 in a financial numeral
    if prev and prev in "币幣" and nxt in "万萬亿億仟佰拾元圆圓":
        return True  # 新臺幣陸萬元, 人民币参佰元: right after a currency's name
    # 負參萬貳仟, 陸萬伍仟: a place word, then another financial numeral
    return nxt in "万萬亿億" and text[i + 2 : i + 3] in _FINANCIAL


# ---------------------------------------------------------------- numbers

# Financial numerals and rare digit forms are folded onto the common ones in the scan copy, so
# one grammar reads them all (壹萬貳仟 = 一万二千). 陆/陸 (six) and 参/參 (three) are words too
# (大陆, 参加): they are folded only beside another financial numeral (陆仟, 贰拾陆, 參佰).
_FOLD_DIGITS = str.maketrans("壹贰叁肆柒捌玖佰仟○", "一二三四七八九百千〇")
_WORD_DIGITS = {"陆": "六", "参": "三", "拾": "十", "伍": "五"}
# 拾 (ten) is also the verb "pick up" (收拾, 拾起: 收拾三天 is no thirteen days) and 伍 (five) a rank
# (队伍, 入伍: 队伍三千人 is 3,000 people): they are folded beside a financial numeral, or before
# 万/亿/元/圆 or the small change 角/毛/分 (拾万元, 伍元, 陆元伍角)
_SHI_BEFORE = frozenset("万萬亿億元圆圓角毛分")
_BEFORE_GE_YI = frozenset("0123456789〇零一二两三四五六七八九十百千万")
_FINANCIAL = frozenset("壹贰貳叁肆伍柒捌玖拾佰仟")

CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "仨": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_TENS = {"廿": 20, "卅": 30, "卌": 40}  # 卅八年 = 38 years
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 1e4, "亿": 1e8, "兆": 1e12}
AR_SCALE = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
    "兆": 1e12,
    "trillion": 1e12,
    "billion": 1e9,
    "million": 1e6,
    "thousand": 1e3,
    "bn": 1e9,
    "tn": 1e12,
    "mn": 1e6,
    "m": 1e6,
    "k": 1e3,
}
_EN_SHORT_SCALES = ("bn", "tn", "mn", "m", "k")

# A scale character that is really the prefix of a unit: 三百千瓦 is 300 kW, not 1,300 W;
# 兆 is 10^12 in amounts but mega- in 兆瓦/兆赫; 百帕 is hectopascal.
_QIAN_UNIT = "瓦|克|米|卡|焦|伏|帕|字节|赫|兆|位元|比特"
_ZHAO_UNIT = "瓦|赫|字节|帕|焦|比特|位元|hz|w|b"
_BAI_UNIT = "帕"
_Q = rf"千(?!{_QIAN_UNIT})"
_Z = rf"兆(?!{_ZHAO_UNIT})"
_B = rf"百(?!{_BAI_UNIT})"
_DIG = "〇零一二两俩三仨四五六七八九"
_DIG_NZ = "一二两俩三仨四五六七八九"
# 俩/仨 (two of, three of) are never a digit read digit by digit, nor a range's start (他俩三年半 is
# the two of them and three and a half years, not 23.5 years; 咱俩零点五 is not 20.5, nor 他俩-3% a
# range, nor 他俩百分之十二 two hundredths); a place word may follow (倆千, a slip for 两千)
_DIG_NZ_WORD = "一二两三四五六七八九"
# 两 continues a numeral only between place words (一万两千, 一千两百); 二两 is two liang, not 22,
# and 十两 ten liang, not 12
_DIG_CONT = "〇零一二三四五六七八九"

AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 多/余/来 may stand before the scale word (500多亿美元, 五百余万颗, 两百来万), and 几 after a place
# word (二十几万, 一百二十几亿): the value is the lower bound. 一两 before a place word is "one or two" (一两百人 = 100 to 200).
# A decimal may follow (一点五亿, 十四點四九五億, 二．二億); 零 starts a numeral only before its point.
# 十 right after 万/亿 before an age starts a new number (五百六十万十八岁以上人士 is 5.6 million
# people aged 18 and over, not 5,600,018; a cheque's 伍亿柒仟万拾柒元 keeps its remainder).
CN = (
    rf"(?:一两(?=[十百千万亿])|[零〇](?=[点.][{_DIG}])|[{_DIG_NZ_WORD}廿卅卌十万亿]|{_B}|{_Q}|{_Z}"
    rf"|[俩仨](?![{_DIG}点.\-~–—到至]|百分))"
    rf"(?:[{_DIG_CONT}廿卅卌万亿]|(?<![万亿])十|十(?![{_DIG}]?岁)|(?<=[百千万亿兆零])两(?=[十百千万亿])|[ ](?=亿)|{_B}|{_Q}|{_Z})*"
    rf"(?:(?:[多余来]|(?<=[十百千])几)(?:[十万亿]|{_B}|{_Q})+)?"
    rf"(?:[点.][{_DIG}]+(?:万亿|[万亿]|{_Z})?)?"
)
_SCALE_ALT = "|".join(sorted(AR_SCALE, key=len, reverse=True))
# the scale word may not be the prefix of a unit (300千瓦 is 300 kW)
_SCALE_GUARD = rf"(?!(?<=千)(?:{_QIAN_UNIT}))(?!(?<=兆)(?:{_ZHAO_UNIT}))(?!(?<=百)(?:{_BAI_UNIT}))"
# 3兆1283亿, 2万亿5000亿, 1亿2000万, 2万3500, 1954万8531, 12万8千, 3亿5千万: a big scale word followed by a
# smaller written-out remainder (never glued to more digits or a %: 100万20% is two numbers)
# (a remainder of four digits may carry a thousands comma: 1億2,345萬 is 123,450,000, never 1.2億)
_COMPOUND = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:万亿|{_Z}|亿|万)(?:(?:\d,\d{{3}}|\d{{1,4}})(?:\.\d+)?(?:亿|万|{_Q}|{_B}))*"
    rf"(?:\d,\d{{3}}|\d{{1,4}})(?:\.\d+)?(?:[千百](?=[万亿])[万亿]|亿|万|{_Q}|{_B})?(?![\d%.])"
)
# (3万5千亿 is 3.5万亿: a 万…千 number counting 亿s, an older way to write trillions)
# 3千5百万, 1千2百亿, 6百5十万: thousands and hundreds in digits, counting 万s or 亿s
_SPELLED = r"\d千\d百(?:\d十)?[万亿](?![\d%.])|\d百\d十[万亿](?![\d%.])"
# 100万三千, 200亿零四千230: Arabic before 万/亿, the rest written out (a digit and a place word
# must follow: 5万十家 and 100万三年 are not one number)
# (2亿五千万: a written-out remainder counting 万s after 亿)
_MIXED = (
    rf"\d+亿零?[{_DIG_NZ}](?:{_B}|{_Q})(?:[{_DIG_CONT}十]|(?<=[百千])两(?=[十百])|{_B})*万(?![\d.%])|"
    rf"\d+(?:万亿|亿|万|{_Z})零?[{_DIG_NZ}](?:十|{_B}|{_Q})"
    rf"(?:[{_DIG_CONT}十]|(?<=[百千])两(?=[十百千])|{_B}|{_Q})*(?:\d{{1,3}})?(?![\d.%])"
)
# scientific notation: 1.5×10^6, 3×10⁸, 2.5*10**3, 1e6 (an exponent mark is needed: 1.5×106 is
# a product or a slip, never read as 10^6)
_EXP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")
SCI = (
    r"\d+(?:\.\d+)?(?:[ ]?[×x*][ ]?10(?:(?:\^|\*\*)[-−]?\d{1,2}|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})"
    r"|e[+-]?\d{1,2})(?![\d.a-z])"
)
_SCI_RE = re.compile(
    r"(?P<m>\d+(?:\.\d+)?)(?:[ ]?[×x*][ ]?10(?:\^|\*\*)?|e\+?)(?P<e>[-−⁻]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})"
)
# (an English short scale glued to a letter, ² or a digit is a unit: 120m², 50m2, 3km)
NUMX = (
    rf"(?:{SCI}|{_MIXED}|{_COMPOUND}|{_SPELLED}|(?:{AR})(?:(?:[多余])?[ ]?(?:{_SCALE_ALT})"
    rf"(?![a-z²³]|(?<=[a-z])\d){_SCALE_GUARD})?|{CN})"
)
# what a NUMX match can start with: any Unicode decimal digit (\d), or CN's first character
NUMX_FIRSTS = r"\d零〇一二两俩三仨四五六七八九廿卅卌十千百万亿兆"
_AR_RE = re.compile(rf"({AR})[多余]?[ ]?(.*)")
SCALE_RE = re.compile(_SCALE_ALT)
SCALE_END_RE = re.compile(rf"(?:{_SCALE_ALT})\s*$")
# 5m / 5 k at the end of a number: one pattern for any of the English short scales
EN_SHORT_SCALE_END = re.compile(rf"\d[ ]?(?:{'|'.join(_EN_SHORT_SCALES)})$")
_AR_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_LATIN = re.compile(r"[a-z]")


def _read(s: str) -> float | None:
    """Value of a Chinese, Arabic or mixed numeral (一点五亿, 1954万8531, 一八九四万, 三千四百五).

    One left-to-right pass: digits build the current number (two digits in a row are read digit
    by digit, 一八九四 = 1894), 十/百/千 close it into the section, 万/亿/兆 close the section into
    the total (a bigger scale multiplies what came before: 三万五千亿 = 3.5×10^12). A single digit
    right after 百/千/万/亿 is the abbreviated next place (两万六 = 26,000; 三千四百五 = 3,450).
    Returns None for anything that is not a well-formed numeral (千百, 十十): never a guess.
    """
    total = section = 0.0
    cur: float | None = None
    run = 0  # digits read in a row
    last_small = 1e9  # place of the last 十/百/千 in this section: places must fall
    last_big = 0.0
    prev_unit = 0.0  # the unit just before the current digit (for the abbreviated place)
    abbreviable = False
    decimal_big = False  # a decimal closed by 万/亿/兆: nothing smaller may follow it
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if decimal_big and (ch in CN_DIGIT or (ch.isdigit() and ch.isascii())):
            return None  # 1.2万5元, 3.5亿2千万: a decimal scale with a tail is no numeral, never 17,000
        if ch.isdigit() and ch.isascii():
            m = _AR_TOKEN.match(s, i)
            if m is None or cur is not None:
                return None
            tok = m.group(0)
            cur = float(tok.replace(",", ""))
            abbreviable = len(tok) == 1 and prev_unit >= 100
            run, i = 1, m.end()
            continue
        if ch in CN_DIGIT:
            d = CN_DIGIT[ch]
            if cur is not None and run and cur != 0:
                if ch in "两俩仨" or 10 <= prev_unit <= 1000:
                    # 两 is never a digit of a digit-by-digit number, and digits in a row follow
                    # only the start or 万/亿 (十万四三四八), never 十/百/千 (十一五 is no number)
                    return None
                cur = cur * 10 + d  # digit by digit: 一八九四, 〇三
                abbreviable = False
            else:
                cur = float(d)  # (also after 零: 一万零两百)
                abbreviable = prev_unit >= 100 and d != 0
            run += 1
            if d == 0:
                prev_unit = 0.0  # 三千零五: no abbreviated place after 零
        elif ch in _CN_TENS:
            if cur is not None or last_small <= 10:
                return None
            section += _CN_TENS[ch]
            last_small, run, prev_unit, abbreviable = 10, 0, 10, False
        elif ch in _CN_SMALL:
            u = _CN_SMALL[ch]
            if cur == 0 and run:
                # 十万零十 / 一亿零十万: 十 after 零 is 一十 (100,010), never zero tens; 零百 is no numeral
                if u != 10:
                    return None
                cur = 1.0
            elif cur is None and u == 10 and last_small == 100 and i >= 2 and s[i - 2] in CN_DIGIT:
                cur = (
                    1.0  # 一千一百十 = 1,110: 一十 said as 十 after a written 百 (not 百十, a hundred or so)
                )
            if (
                u >= last_small
                or (cur is None and last_small < 1e9)
                or (run > 1 and cur is not None and cur >= 10)
            ):
                return None  # 十十, 千百 (a place with no digit after another place), 一八九四十
            section += (1.0 if cur is None else cur) * u
            cur, run, last_small, prev_unit, abbreviable = None, 0, u, u, False
        elif ch in _CN_BIG:
            b = _CN_BIG[ch]
            if cur is not None and abbreviable and prev_unit < b:
                # 一千五万: 1,005万 as written or 1,500万 as spoken; either may be meant, so neither
                return None
            sec = section + (cur or 0.0)
            if sec == 0 and total == 0:
                sec = 1.0  # 万亿 / 亿元 with an implied 一
            if sec == 0:
                total *= b  # 万亿 after a number: 1.2万亿
                last_big *= b  # (one scale of 10^12: 2万亿5000亿 adds the 5000亿)
            elif b >= last_big:
                # a bigger scale, or the same one again, multiplies all before it: 三万五千亿 =
                # 3.5×10^12, 一万三千万 = 1.3亿 (never 1万 + 3000万)
                total = (total + sec) * b
            else:
                total += sec * b
            last_big = last_big if sec == 0 else b if b > last_big else last_big
            decimal_big = decimal_big or sec != int(sec)  # 1.2万: no digits may follow (1.2万5)
            section, cur, run, last_small, prev_unit, abbreviable = 0.0, None, 0, 1e9, b, False
        elif ch in "点.":
            j = i + 1
            digits = ""
            while j < n and (s[j] in CN_DIGIT or (s[j].isdigit() and s[j].isascii())):
                digits += str(CN_DIGIT.get(s[j], s[j]))
                j += 1
            if not digits or any(ch in "两俩仨" for ch in s[i + 1 : j]):
                return None  # (两 is never a decimal digit: 一点两小时 is one o'clock and two hours)
            cur = (cur or 0.0) + float("0." + digits)
            run, abbreviable, prev_unit, i = 0, False, 0.0, j
            continue
        elif ch in "多余来几 ":
            pass
        else:
            return None
        i += 1
    if cur is not None and abbreviable:
        cur *= prev_unit / 10  # 两万六, 三千四百五
    return total + section + (cur or 0.0)


# two neighbouring digits inside a numeral are a range: 两三, 二十五六, 六七千, 八百五六十
_RANGE_PAIR = re.compile(
    r"(?<![〇零一二两三四五六七八九])([一二两三四五六七八])([二两三四五六七八九])(?![〇零一二两三四五六七八九])"
)


# Two digits read digit by digit (一五, 九八, 二四) are a year (一五年 is 2015), a code or a slip, not a
# quantity: the press writes 四十八, and reads digit by digit only from three digits (四五八例).
_TWO_DIGITS = re.compile(
    r"(?:^|(?<=[万亿兆]))[一二两三四五六七八九][〇零一二两三四五六七八九](?![〇零一二两三四五六七八九])"
)


# Digits read one by one right after 万 fill its four places (十万四三四八 = 104,348); a run of three
# (两万二零三) is 2万0203 read digit by digit or 2万2003 read as 两万二 then 零三: no sure reading.
_DIGIT_RUN_AFTER_WAN = re.compile(
    r"万([一二两三四五六七八九][〇零一二两三四五六七八九]{2,})(?![〇零一二两三四五六七八九十百千])"
)
# 五九亿二六三万七千: a group of three or four digits read one by one between 亿 and 万 makes the
# whole numeral digit by digit, so a two-digit group before 亿 there is 59, no year or code
_DIGIT_GROUPS = re.compile(r"亿[〇零一二三四五六七八九]{3,4}万")
_ASCII_DIGIT = re.compile(r"[0-9]")
_BIG_WORD = re.compile(r"万亿|兆|亿|万")
_CN_BIG_WORDS = {"万亿": 1e12, "兆": 1e12, "亿": 1e8, "万": 1e4}
# 3万5千亿 or 3万4000亿 (four digits fill 万's places): a 万…千 number counting 亿s
_WAN_QIAN_YI = re.compile(r"\d+(?:\.\d+)?万(?:\d{1,4}(?:\.\d+)?[千百]|\d{4})亿")


def parse_number(s: str) -> tuple[float, float | None]:
    """Value of a number as matched (``1.2万亿``, ``500 billion``, ``五百亿``, ``两三``) → (value, range max).

    An unreadable numeral gives NaN (the caller drops it): never a plausible wrong value.
    """
    s = s.strip().translate(_FOLD_DIGITS)
    sci = _SCI_RE.fullmatch(s)
    if sci:
        exponent = int(sci.group("e").translate(_EXP_DIGITS))
        return tidy(float(sci.group("m")) * 10.0**exponent), None
    if _LATIN.search(s):  # 500 billion, 3.2bn, 5m: an Arabic number with an English scale
        m = _AR_RE.fullmatch(s)
        if not m:
            return float("nan"), None
        value = float(m.group(1).replace(",", ""))
        return value * AR_SCALE.get(m.group(2).strip(), float("nan")), None
    pair = _RANGE_PAIR.search(s)
    if pair and "点" not in s and "." not in s:
        a, b = CN_DIGIT[pair.group(1)], CN_DIGIT[pair.group(2)]
        if b == a + 1 or (a, b) == (3, 5):  # 三五 is "three or five" too (三五万 = 3万 to 5万)
            lo = _read(s[: pair.start(2)] + s[pair.end(2) :])
            hi = _read(s[: pair.start(1)] + s[pair.end(1) :])
            if lo is not None and hi is not None and hi > lo:
                return tidy(lo), tidy(hi)
    if _TWO_DIGITS.search(s.split("点")[0].split(".")[0]) and not _DIGIT_GROUPS.search(s):
        return float("nan"), None
    if any(len(r) != 4 for r in _DIGIT_RUN_AFTER_WAN.findall(s.split("点")[0])):
        return float("nan"), None
    if _decimal_after_yi(s):
        return float("nan"), None
    if _ASCII_DIGIT.search(s):
        scales = [_CN_BIG_WORDS[w] for w in _BIG_WORD.findall(s)]
        # 2万3千万: digits with 万 twice are a slip, not 2.3亿 (3亿5千万 and 1万亿5千亿 are fine);
        # but 3万5千亿 is 3.5万亿, an older way to write trillions (a 万…千 number counting 亿s)
        rising = any(b >= a for a, b in zip(scales, scales[1:], strict=False))
        if rising and not _WAN_QIAN_YI.fullmatch(s):
            return float("nan"), None
    value = _read(s)
    return (float("nan") if value is None else tidy(value)), None


def _decimal_after_yi(s: str) -> bool:
    """12亿4968.8 / 十二亿三千点五: a decimal in the group after 亿 with no 万 after it. The group
    below 亿 counts 万s (12亿4968.8万); a decimal there with the 万 missing or garbled has no sure
    reading (1,249,688,000 or 1,200,004,968.8), so it is none."""
    tail = s.rpartition("亿")[2]
    return bool(s.count("亿")) and any(p in tail for p in ".点") and not any(b in tail for b in "万兆")


def tidy(v: float) -> float:
    """Drop binary noise (二.二亿 = 220000000.00000003 → 2.2e8)."""
    return float(f"{v:.15g}")


def has_big_scale(num: str) -> bool:
    return any(ch in num for ch in "万亿兆") or any(
        w in num for w in ("million", "billion", "trillion", "bn", "tn")
    )


# the second character of a common word that starts with 一 (一直, 一样, 一度, 一起, 一些 …): a
# numeral's last 一 right before one of these may start that word (百分之三十一直没变)
ONE_WORD_NEXT = frozenset("直样度起些般定向再旦时下并律同道致举路切边面")
