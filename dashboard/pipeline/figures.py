"""Cited figures: find the quantities an article cites (``claims`` groups equal ones into claims).

A figure is a number WITH a unit a reader can name: a percentage, an amount of money, a count with
a measure word, a multiple, a fraction, a physical measure or a duration. Bare numbers (years,
dates, model numbers such as H100 or 910C, list numbering, stock codes) are never figures.

All matching runs on a *scan copy* of the paragraph that has exactly the same length as the input:
full-width digits made ASCII, each traditional character mapped to its simplified form and ASCII
lower-cased. So one simplified lexicon covers 億/亿, 個/个, 約/约, and offsets stay valid.
Knowledge (units, currencies, qualifiers, cue words, entities) lives in ``data/lexicon``:
``measure_words.csv``, ``currencies.csv`` and ``figures.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick
import opencc

from .lexicon import read_csv, read_toml
from .script import CharTable, to_simplified

KINDS = ("percent", "money", "count", "multiple", "fraction", "measure", "duration")


@dataclass
class Figure:
    """One cited quantity in a paragraph; ``start``/``end`` are offsets in the input text."""

    text: str  # surface as written, qualifier included (至少500億美元)
    kind: str  # percent | money | count | multiple | fraction | measure | duration
    value: float
    value_max: float | None  # upper end of a range (20%到25%)
    unit: (
        str | None
    )  # %, pp, ISO currency, measure word, SI-style unit, time word; None for multiple/fraction
    value_usd: float | None  # money only, at the fixed rates of currencies.csv
    sentence: str
    subject: str | None  # short simplified phrase (英伟达在华市场份额), None when unsure
    start: int
    end: int


# ---------------------------------------------------------------- scan copy

_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，＄～：／", "0123456789%.,$~:/")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _simplified_char(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def _scan_char(ch: str) -> str:
    """The scan copy of one character (after the full-width fold)."""
    if ch < "\u0080":
        return ch.lower()
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
        return _simplified_char(ch)
    return ch


# one C-level pass per paragraph instead of a Python loop over its characters
_SCAN_TABLE = CharTable(lambda ch: _scan_char(ch.translate(_FULLWIDTH)))


def _scan_copy(text: str) -> str:
    """Same-length copy for matching: ASCII digits, simplified characters, ASCII lower case."""
    return text.translate(_SCAN_TABLE)


# ---------------------------------------------------------------- numbers

_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = (("亿", 1e8), ("万", 1e4), ("兆", 1e12))
_AR_SCALE = {
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

AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 多/余 may stand before the scale word (500多亿美元, 五百余万颗): the value is the lower bound
CN = r"[一二两三四五六七八九十千百万亿][〇零一二两三四五六七八九十百千万亿]*(?:[多余][十百千万亿]+)?(?:点[〇零一二三四五六七八九]+)?"
_SCALE_ALT = "|".join(sorted(_AR_SCALE, key=len, reverse=True))
# 3兆1283亿, 2万亿5000亿, 1亿2000万: a big scale word followed by a smaller written-out remainder
_COMPOUND = r"\d+(?:\.\d+)?(?:万亿|兆|亿)\d{1,4}(?:\.\d+)?(?:亿|万)"
NUMX = rf"(?:{_COMPOUND}|(?:{AR})(?:(?:[多余])?[ ]?(?:{_SCALE_ALT})(?![a-z]))?|{CN})"
# what a NUMX match can start with: any Unicode decimal digit (\d), or CN's first character
_NUMX_FIRSTS = r"\d一二两三四五六七八九十千百万亿"
_AR_RE = re.compile(rf"({AR})[多余]?[ ]?(.*)")
_SCALE_RE = re.compile(_SCALE_ALT)
_SCALE_END_RE = re.compile(rf"(?:{_SCALE_ALT})\s*$")
# 5m / 5 k at the end of a number: one pattern for any of the English short scales
_EN_SHORT_SCALE_END = re.compile(rf"\d[ ]?(?:{'|'.join(_EN_SHORT_SCALES)})$")
_COMPOUND_RE = re.compile(r"(\d+(?:\.\d+)?)(万亿|兆|亿)(\d{1,4}(?:\.\d+)?)(亿|万)")


def _cn_section(s: str) -> float:
    """Value of a numeral below 万 (二十五, 三千零五)."""
    total, num = 0.0, 0.0
    for ch in s:
        if ch in _CN_DIGIT:
            num = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            total += (num or 1) * _CN_SMALL[ch]
            num = 0
    return total + num


def _cn_value(s: str) -> float:
    for big, mult in _CN_BIG:
        if big in s:
            left, right = s.split(big, 1)
            return (_cn_value(left) if left else 1.0) * mult + (_cn_value(right) if right else 0.0)
    return _cn_section(s)


def parse_number(s: str) -> tuple[float, float | None]:
    """Value of a number as matched (``1.2万亿``, ``500 billion``, ``五百亿``, ``两三``) → (value, range max)."""
    s = s.strip()
    compound = _COMPOUND_RE.fullmatch(s)
    if compound and _AR_SCALE[compound.group(2)] > _AR_SCALE[compound.group(4)]:
        return (
            float(compound.group(1)) * _AR_SCALE[compound.group(2)]
            + float(compound.group(3)) * _AR_SCALE[compound.group(4)]
        ), None
    m = _AR_RE.fullmatch(s)
    s = s.replace("多", "").replace("余", "")
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = m.group(2).strip()
        return value * _AR_SCALE.get(scale, 1.0), None
    frac = 0.0
    if "点" in s:
        s, dec = s.split("点", 1)
        frac = float("0." + "".join(str(_CN_DIGIT[c]) for c in dec))
    if len(s) >= 2 and all(c in _CN_DIGIT for c in s):
        digits = [_CN_DIGIT[c] for c in s]
        if len(digits) == 2 and digits[1] == digits[0] + 1:  # 两三年 = two or three years
            return float(digits[0]), float(digits[1])
        return float("".join(map(str, digits))), None  # 二〇二四
    if len(s) == 3 and s[0] in _CN_DIGIT and s[1] in _CN_DIGIT and s[2] in "十百千万":
        a, b = _CN_DIGIT[s[0]], _CN_DIGIT[s[1]]  # 三四十 = thirty or forty
        if b == a + 1:
            mult = _cn_value("一" + s[2])
            return a * mult, b * mult
    return _cn_value(s) + frac, None


def _has_big_scale(num: str) -> bool:
    return any(ch in num for ch in "万亿兆") or any(
        w in num for w in ("million", "billion", "trillion", "bn", "tn")
    )


# ---------------------------------------------------------------- rules from the lexicon


@dataclass(frozen=True)
class _Unit:
    kind: str
    unit: str | None
    next_not: tuple[str, ...] = ()
    needs_cue: bool = False
    factor: float = 1.0


@dataclass(frozen=True)
class _Rules:
    units: dict[str, _Unit]
    prefix_currency: dict[str, str]
    rates: dict[str, float]
    main: re.Pattern
    single: re.Pattern
    qualifiers: tuple[str, ...]
    exclude_before: tuple[str, ...]
    exclude_before_cn: tuple[str, ...]
    furniture: tuple[str, ...]
    cue_before: tuple[str, ...]
    cue_after: tuple[str, ...]
    comparatives: tuple[str, ...]
    subject: dict
    bare_yuan_forms: tuple[str, ...]
    time_reference_after: tuple[str, ...]
    bare_yuan_follows: tuple[str, ...]
    entities: tuple[tuple[str, tuple[str, ...], int], ...]
    min_value: dict[str, float]
    en_count_nouns: tuple[str, ...]
    # derived from ``subject`` once per process (longest first), not on every call
    strip_before: tuple[str, ...]
    strip_after: tuple[str, ...]
    subject_verbs: re.Pattern


def _alt(forms) -> str:
    """Regex alternation, longest first; Latin forms must end at a word boundary."""
    parts = []
    for f in sorted(set(forms), key=len, reverse=True):
        p = re.escape(f).replace(r"\ ", "[ ]")
        if f[-1].isascii() and f[-1].isalpha():
            p += "(?![a-z])"
        if f[0].isascii() and f[0].isalpha():
            p = "(?<![a-z])" + p
        parts.append(p)
    return "|".join(parts)


def _guarded_alt(forms) -> str:
    """``_alt`` behind a one-character lookahead on the forms' first letters.

    The regex engine tries a long alternation branch by branch; the lookahead fails at once
    where no form can start, and cannot change a match (every form starts with one of them).
    """
    forms = set(forms)
    if not forms:
        return _alt(forms)
    firsts = "".join(re.escape(f[0]) for f in sorted({f[0] for f in forms}))
    return f"(?=[{firsts}])(?:{_alt(forms)})"


def _is_prefix_currency(name: str) -> bool:
    if any(c in name for c in "$¥￥€£₩"):
        return True
    if name.isascii():
        return name.isupper() and len(name) == 3  # USD, RMB
    return len(name) >= 2


@cache
def _rules() -> _Rules:
    units: dict[str, _Unit] = {}
    for row in read_csv("measure_words.csv"):
        form = row["form"].lower()
        nxt = tuple(x for x in row.get("next_not", "").split("|") if x)
        units[form] = _Unit(row["kind"], row["unit"] or None, nxt, row.get("needs_cue", "").lower() == "yes")
    for form, unit in (
        ("%", "%"),
        ("percent", "%"),
        ("per cent", "%"),
        ("个百分点", "pp"),
        ("百分点", "pp"),
        ("percentage points", "pp"),
        ("percentage point", "pp"),
    ):
        units[form] = _Unit("percent", unit)
    units["倍"] = _Unit("multiple", None)
    units["成"] = _Unit(
        "percent",
        "%",
        (
            "不",
            "员",
            "本",
            "功",
            "立",
            "长",
            "果",
            "熟",
            "就",
            "交",
            "绩",
            "品",
            "型",
            "都",
            "了",
            "是",
            "会",
            "要",
            "为",
            "人",
            "年",
            "形",
            "份",
            "分",
        ),
        factor=10.0,
    )
    prefix_currency: dict[str, str] = {}
    rates: dict[str, float] = {}
    for row in read_csv("currencies.csv"):
        code = row["code"]
        rates[code] = float(row["usd_per_unit"])
        for name in (n.strip() for n in row["names"].split("|") if n.strip()):
            low = _scan_copy(name)
            units[low] = _Unit("money", code)
            if _is_prefix_currency(name):
                prefix_currency[low] = code
            if not name.isascii() and len(name) >= 2 and code != "CNY":
                units["元" + low] = _Unit("money", code)  # 1000亿元新台币
    units["元人民币"] = _Unit("money", "CNY")
    toml = read_toml("figures.toml")
    quals = tuple(q.lower() for q in toml["qualifiers"]["before"])
    unit_alt = _guarded_alt(units)
    pre_alt = _guarded_alt(prefix_currency)
    qual_alt = _guarded_alt(quals)
    head = rf"(?P<qual>(?:{qual_alt})[ ]?)?(?P<pre>(?:{pre_alt})[ ]?)?(?P<n1>{NUMX})"
    tail = (
        rf"(?P<approx>多|余|来|\+)?(?:[ ]|-(?=[a-z]))?(?P<unit>{unit_alt})?(?P<persec>/秒|/s(?![a-z])|每秒)?"
    )
    rng = rf"(?:[ ]?(?P<pc1>%))?(?:[ ]?(?P<conn>到|至|~|-|–|—|to)[ ]?(?:{pre_alt})?[ ]?(?P<n2>{NUMX}))?"
    # Every match starts with a qualifier, a currency prefix or a number. Without this lookahead
    # the engine enters the optional qualifier and prefix groups at every character; with it, it
    # steps over all other characters at once (same matches: the lookahead only rejects starts
    # where no branch of the pattern could begin).
    # The second lookahead narrows that to a number or the first two characters of a qualifier or
    # prefix form (不 only as 不到/不足, a only as about/around/almost/...).
    forms = (*quals, *prefix_currency)
    firsts = "".join(re.escape(ch) for ch in sorted({f[0] for f in forms}))
    heads = "|".join(re.escape(h) for h in sorted({f[:2] for f in forms}, key=len, reverse=True))
    guard = f"(?=[{_NUMX_FIRSTS}{firsts}])(?=[{_NUMX_FIRSTS}]|{heads})"
    entities = tuple(
        (e["name"], tuple(a.lower() for a in e["aliases"]), int(e.get("tier", 2)))
        for e in toml.get("entities", [])
    )
    return _Rules(
        units=units,
        prefix_currency=prefix_currency,
        rates=rates,
        main=re.compile(guard + head + rng + tail),
        single=re.compile(guard + head + tail),
        qualifiers=quals,
        exclude_before=tuple(x.lower() for x in toml["exclude"]["before"]),
        exclude_before_cn=tuple(toml["exclude"]["before_chinese_numeral"]),
        furniture=tuple(x.lower() for x in toml["exclude"]["furniture"]),
        cue_before=tuple(x.lower() for x in toml["duration"]["cue_before"]),
        cue_after=tuple(x.lower() for x in toml["duration"]["cue_after"]),
        comparatives=tuple(toml["multiples"]["before"]),
        subject=toml["subject"],
        bare_yuan_forms=tuple(toml["money"]["bare_yuan_forms"]),
        time_reference_after=tuple(toml["duration"]["reference_after"]),
        bare_yuan_follows=tuple(toml["money"]["bare_yuan_follows"]),
        entities=entities,
        min_value={_scan_copy(k): float(v) for k, v in toml.get("min_value", {}).items()},
        en_count_nouns=tuple(
            f for f, u in units.items() if u.kind == "count" and f.isascii() and f.isalpha()
        ),
        strip_before=tuple(sorted(toml["subject"]["strip_before"], key=len, reverse=True)),
        strip_after=tuple(sorted(toml["subject"]["strip_after"], key=len, reverse=True)),
        subject_verbs=re.compile(
            "|".join(re.escape(v) for v in sorted(toml["subject"]["verbs"], key=len, reverse=True))
        ),
    )


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
    if scan[pos : pos + 1] in "一二两三四五六七八九十" and _ends_with_any(window, rules.exclude_before_cn):
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
        if not _NOT_DIGITS.search(n1.strip()) and _SCALE_RE.search(n2) and not is_cn:
            scale = _SCALE_END_RE.search(n2)
            if scale:
                value *= _AR_SCALE[scale.group(0).strip()]  # 3到5亿美元
        if v2 <= value or _ends_with_any(scan[max(0, start - 3) : start], ("从", "由", "from")):
            return None  # 从95%跌至50% is a change, not a range; the single pass finds both numbers
        vmax = v2
    if unit.kind != "money" and _EN_SHORT_SCALE_END.search(n1):
        return None  # 5m is 5 million only for money
    if unit.kind in ("count", "duration") and is_cn and not _has_big_scale(n1) and value < 10:
        if unit.kind == "count" or value <= 1:
            return None  # 三个意见, 一天: wording, not a cited figure
        if not _has_cue(scan, start, end, rules, m.group("approx")):
            return None
    if unit.kind == "duration":
        if scan[end : end + 8].lstrip(" ").startswith(rules.time_reference_after):
            return None  # 20多年前, 三个月后: a point in time, not a quantity
        if value >= 1000 or (vmax or 0) >= 1000:
            return None  # 2023-2025年 is a span of years, 2024年 a year
        if unit.needs_cue and not _has_cue(scan, start, end, rules, m.group("approx")):
            return None
    if unit_s in rules.min_value and max(value, vmax or 0) < rules.min_value[unit_s]:
        return None
    if unit.kind == "percent" and unit.factor == 10.0 and (value > 10 or (vmax or 0) > 10):
        return None  # 成 counts tenths
    if unit.factor == 10.0 and scan[end : end + 1] == "半" and vmax is None:
        end, value = end + 1, value + 0.5  # 兩成半 = 25%
    if m.group("approx") == "+" and unit.kind not in ("count",):
        return None
    kind, unit_name = unit.kind, unit.unit
    if kind == "measure" and m.group("persec"):
        unit_name = f"{unit_name}/s"
    elif m.group("persec"):
        end = m.start("persec")
    value *= unit.factor
    if vmax is not None:
        vmax *= unit.factor
    bare = kind == "money" and not pre and unit_s in rules.bare_yuan_forms
    return _Cand(start, end, kind, value, vmax, unit_name, priority=1, bare_yuan=bare)


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
    rf"(?P<per>百分之|千分之)(?P<n1>{CN}|{AR})(?:(?:到|至)(?:百分之|千分之)?(?P<n2>{CN}|{AR}))?"
)
_FRACTION = re.compile(rf"(?P<d>{CN}|\d+)分之(?P<n>{CN}|\d+)")
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


def _special(scan: str, rules: _Rules) -> list[_Cand]:
    """Patterns without a trailing unit: 百分之十五, 三分之一, 一半, 翻一番, fivefold, two-thirds."""
    out: list[_Cand] = []
    # each pattern needs a word a substring test finds at C speed: most paragraphs skip most scans
    fen = "分之" in scan
    for m in _BAIFEN.finditer(scan) if fen else ():
        v, _ = parse_number(m.group("n1"))
        div = 10.0 if m.group("per") == "千分之" else 1.0
        vmax = parse_number(m.group("n2"))[0] / div if m.group("n2") else None
        if vmax is not None and vmax <= v / div:
            vmax = None
        out.append(
            _Cand(m.start(), m.end() if vmax is not None else m.end("n1"), "percent", v / div, vmax, "%", 3)
        )
    for m in _FRACTION.finditer(scan) if fen else ():
        if _blocked_left(scan, m.start()) or _excluded_before(scan, m.start(), rules):
            continue
        d, _ = parse_number(m.group("d"))
        n, _ = parse_number(m.group("n"))
        if d > 0 and 0 < n:
            out.append(_Cand(m.start(), m.end(), "fraction", n / d, None, None, 2))
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
        out.append(_Cand(m.start(), m.end(), "multiple", float(2**k), None, None, 2))
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
                None,
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


# 322亿美元至334亿美元, $2bn-$3bn: the unit written on both ends of a range
_RANGE_JOIN = re.compile(r"^[ ]?(?:到|至|~|-|–|—|to)[ ]?$")


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
            and _RANGE_JOIN.match(scan[prev.end : c.start])
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


# ---------------------------------------------------------------- sentence and subject

_SENT_END = re.compile(r"[。！？!?；;\n]|(?<=[a-z0-9)\"”])\.(?=\s+[A-Z\"“])")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")  # 國(guó): ruby the cleaner may have left
_CLAUSE_END = re.compile(r"[，,：:（）()「」『』“”\"]")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENT_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENT_END.search(text, pos)
    end = m.end() if m else len(text)
    return start, end


def _strip_words(s: str, rules: _Rules) -> str:
    strip_before, strip_after = rules.strip_before, rules.strip_after
    prev = None
    while prev != s:
        prev = s
        s = s.strip(" \u3000'\"“”‘’「」《》()（）[]【】,，、:：")
        # one C-level test for the whole list first: most phrases start and end with none of them
        if s.startswith(strip_before):
            for w in strip_before:
                if s.startswith(w) and len(s) > len(w):
                    s = s[len(w) :]
                    break
        if s.endswith(strip_after):
            for w in strip_after:
                if s.endswith(w):
                    s = s[: -len(w)]
                    break
    return s


@cache
def _entity_patterns(
    entities: tuple[tuple[str, tuple[str, ...], int], ...],
) -> tuple[tuple[str, re.Pattern[str], str, int], ...]:
    """(alias, compiled pattern, entity, tier) in lexicon order, compiled once (not per call)."""
    out = []
    for name, aliases, tier in entities:
        for a in aliases:
            pat = re.escape(a)
            if a.isascii():
                pat = rf"(?<![a-z]){pat}(?![a-z])"
            out.append((a, re.compile(pat), name, tier))
    return tuple(out)


@cache
def _entity_automaton(
    entities: tuple[tuple[str, tuple[str, ...], int], ...],
) -> tuple[ahocorasick.Automaton | None, tuple[int, ...]]:
    """Alias → indexes of its entries in ``_entity_patterns``; plus the entries of empty aliases."""
    where: dict[str, list[int]] = {}
    for i, (a, _, _, _) in enumerate(_entity_patterns(entities)):
        where.setdefault(a, []).append(i)
    always = tuple(where.pop("", ()))  # an empty alias occurs everywhere
    if not where:
        return None, always
    auto = ahocorasick.Automaton()
    for a, idxs in where.items():
        auto.add_word(a, tuple(idxs))
    auto.make_automaton()
    return auto, always


def _entity_spans(s: str, rules: _Rules) -> list[tuple[int, int, str, int]]:
    patterns = _entity_patterns(rules.entities)
    # A pattern can only match where its alias occurs: one automaton pass finds which aliases do,
    # and only their patterns run, in lexicon order as before.
    auto, always = _entity_automaton(rules.entities)
    present = set(always)
    if auto is not None:
        present.update(i for _, idxs in auto.iter(s) for i in idxs)
    spans = []
    for i in sorted(present):
        _, pat, name, tier = patterns[i]
        for m in pat.finditer(s):
            spans.append((m.start(), m.end(), name, tier))
    return spans


def _reduce_np(raw: str, rules: _Rules) -> str | None:
    """Shorten a noun phrase: leading entity + the head after the last 的 (英伟达…的在华市场份额)."""
    raw = _strip_words(raw, rules)
    if "的" in raw:
        lead = [sp for sp in _entity_spans(raw, rules) if sp[0] == 0]
        head = raw[: max(sp[1] for sp in lead)] if lead else ""
        tail = _strip_words(raw.rsplit("的", 1)[1], rules)
        raw = head + tail if tail and not tail.startswith(head or "\0") else tail or head
    raw = _strip_words(raw, rules)
    sub = rules.subject
    if len(raw) < 2 or raw in sub["pronouns"] or len(raw) > int(sub["max_chars"]):
        return None
    if re.search(r"[\d%]", raw) and not re.search(r"[\u4e00-\u9fff]", raw):
        return None
    return raw


def _subject(text: str, fstart: int, sent_start: int, rules: _Rules) -> str | None:
    """Heuristic subject: the noun phrase before a linking verb in the figure's clause."""
    sent_pre = _PINYIN.sub("", text[sent_start:fstart])
    clauses = _CLAUSE_END.split(sent_pre)
    pre = to_simplified(clauses[-1]).lower()
    if not re.search(r"[\u4e00-\u9fff]", pre + (to_simplified(clauses[-2]) if len(clauses) > 1 else "")):
        return None  # English: no Chinese-style subject heuristic
    sub = rules.subject
    masked = pre
    for s, e, _, _ in _entity_spans(pre, rules):
        masked = masked[:s] + "\0" * (e - s) + masked[e:]
    verb = None
    for m in rules.subject_verbs.finditer(masked):
        gap = masked[m.end() :]
        if len(gap) <= int(sub["max_gap"]) and not re.search(r"\d", gap):
            verb = m
            break
    raw = pre[: verb.start()] if verb else pre
    cut = max((raw.rfind(p) for p in sub["prepositions"]), default=-1)
    if cut >= 0:
        raw = raw[:cut]
    if _strip_words(raw, rules) and verb is None:
        return None  # no linking verb: not sure what the number is about
    if not _strip_words(raw, rules):
        if len(clauses) < 2:
            return None
        raw = to_simplified(clauses[-2]).lower()  # topic stated in the clause before (份额，已从95%…)
        if any(v in raw for v in ("显示", "表示", "称", "说")) or re.search(r"\d", raw):
            return None
    return _reduce_np(raw, rules)


# ---------------------------------------------------------------- public API


_ANY_NUMBER = re.compile(r"[0-9０-９一二两兩三四五六七八九十百千万萬亿億半]|third|quarter|fold|times", re.I)


def extract_figures(text: str) -> list[Figure]:
    """Every cited figure in one paragraph (damaged spans already blanked with U+3000)."""
    if not text or not _ANY_NUMBER.search(text):
        return []
    rules = _rules()
    scan = _scan_copy(text)
    out: list[Figure] = []
    context_currency = None
    for c in _candidates(scan, rules):
        if _BLANK in text[c.start : c.end]:
            continue
        if c.kind == "money" and not c.bare_yuan and c.unit in rules.bare_yuan_follows:
            context_currency = c.unit
        elif c.bare_yuan and context_currency:
            c.unit = context_currency  # 营收7596亿元新台币…净利润3252亿元: still NT$
        s0, s1 = _sentence_bounds(text, c.start)
        sentence = text[s0:s1].strip().rstrip("。！？!?；;").strip()
        value_usd = None
        if c.kind == "money" and c.unit in rules.rates:
            value_usd = c.value * rules.rates[c.unit]
        out.append(
            Figure(
                text=text[c.start : c.end].strip(),
                kind=c.kind,
                value=float(c.value),
                value_max=None if c.value_max is None else float(c.value_max),
                unit=c.unit,
                value_usd=value_usd,
                sentence=sentence,
                # a duration's clause is about the event, not the span of time
                subject=None if c.kind == "duration" else _subject(text, c.start, s0, rules),
                start=c.start,
                end=c.end,
            )
        )
    return out


def _norm_key(s: str) -> str:
    return re.sub(r"[\W_]+", "", to_simplified(s).lower())


def claim_anchor(subject: str | None, sentence: str | None, text: str | None = None) -> str | None:
    """What a figure is about, for grouping: see ``claims`` (the claim key)."""
    rules = _rules()
    if subject:
        subj = to_simplified(subject).lower()
        spans = sorted(_entity_spans(subj, rules), key=lambda sp: (sp[3], sp[0]))
        if spans:
            return "@" + spans[0][2]
    entity = None
    if sentence:
        sent = to_simplified(sentence).lower()
        pos = sent.find(to_simplified(text).lower()) if text else -1
        pos = pos if pos >= 0 else len(sent) // 2
        tier1 = [sp for sp in _entity_spans(sent, rules) if sp[3] == 1]
        if tier1:
            entity = min(tier1, key=lambda sp: (min(abs(sp[0] - pos), abs(sp[1] - pos)), sp[0]))[2]
    if subject:
        return "~" + _norm_key(subject) + ("@" + entity if entity else "")
    return "@" + entity if entity else None
