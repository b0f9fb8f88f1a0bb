"""Collect a paragraph's candidates: unit patterns, special patterns and English counts; the longest
span wins, and neighbouring figures joined by 至/到/- become one range."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..lexicon import read_toml
from .bare import bare_numbers, phrase_spans
from .candidates import Cand, ends_with_any, excluded_before, interpret
from .direction import change_then_level
from .geyi import geyi_amounts
from .glue import blocked_left
from .lists import shared_unit
from .names import numeral_names
from .numerals import AR_SCALE, CN, parse_number, tidy
from .quakes import quake_figures
from .rules import Rules, unit_forms
from .signs import DASHES
from .special import special_candidates


def _with_qualifier(c: Cand, scan: str, rules: Rules) -> Cand:
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


def _add_interpreted(m: re.Match, scan: str, rules: Rules, cands: list[Cand], main: bool) -> None:
    # A bare number (no unit, no currency prefix, no 95% before a range word) is never a figure:
    # interpret's first test, made here without the call for the commonest match.
    pct_only = main and m.start("pc1") >= 0 and m.start("n2") < 0
    if m.start("unit") < 0 and m.start("pre") < 0 and not pct_only:
        return
    if m.start("unit") < 0 and m.start("pre") >= 0 and m.group("n1").strip() == "一":
        return  # 令吉一跌就…, 美元一涨: a currency's name, then 一 as "as soon as", no amount
    c = interpret(m, scan, rules)
    if c is not None:
        cands.append(c)


def collect_candidates(scan: str, rules: Rules) -> list[Cand]:
    cands: list[Cand] = []
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
    cands.extend(special_candidates(scan, rules))
    cands.extend(geyi_amounts(scan, rules))  # 一个多亿元, 30多个亿美元
    cands.extend(quake_figures(scan))  # 芮氏规模5.6, 5.0级地震, 最大震度2级
    for c in cands:
        if c.kind == "multiple":
            _with_qualifier(c, scan, rules)
    for c in cands:
        if c.kind in ("percent", "fraction") and c.priority >= 2:
            _with_qualifier(c, scan, rules)
    cands.extend(_english_counts(scan, rules, cands))
    if "亿" in scan:
        cands.extend(_bare_amounts(scan, rules, cands))
    if "万" in scan or "亿" in scan:
        cands.extend(_amounts_before_noun(scan, rules, cands))
    if any(n in scan for n in rules.index_levels["names"]):
        cands.extend(_index_levels(scan, rules, cands))
    if any(n in scan for n in rules.noun_units["units"]):
        cands.extend(_noun_unit_counts(scan, rules, cands))
    # a number said with no unit (人口为一点五亿) only where no number-with-unit reading touches it
    cands.extend(bare_numbers(scan, rules, cands))
    # a figure inside a set phrase or name (一波三折, 四人帮) cites nothing
    phrases = phrase_spans(scan, rules.set_phrases + numeral_names())  # (and names: 七人榄球)
    if phrases:
        cands = [c for c in cands if not any(c.start < b and a < c.end for a, b in phrases)]
    # longest span wins, then the more specific pattern; spans never overlap
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Cand] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
            if c.qualifier is None and scan[c.end : c.end + 2] in _HEDGES_AFTER:
                c.qualifier = scan[c.end : c.end + 2]  # 三分之一以上, 1/3左右: a hedge after any figure
    taken = _compound_units(sorted(taken, key=lambda c: c.start), scan, rules)
    return _merge_ranges(shared_unit(scan, taken), scan)


_HEDGES_AFTER = ("左右", "上下", "以上", "以下")

# 1年3个月, 2小时15分钟, 3分20秒, 一斤二两, 三米二十厘米: a quantity in two units, the smaller one
# last. It is read whole, in the smaller unit (15 个月, 135 分钟); neither part is read alone
# (3 months for a year and three months). The smaller unit → (the larger unit's forms, factor) ...
_COMPOUND_UNITS = {
    "月": ("年", 12),
    "分钟": ("个小时|小时|个钟头|钟头", 60),
    "秒": ("分钟|分", 60),
    "小时": ("天", 24),
    "两": ("斤", 10),
    "cm": ("米|公尺", 100),
    "m": ("公里|千米", 1000),
    "in": ("呎|英尺", 12),
}
# ... and the larger unit as stored → (the smaller unit's forms, the smaller unit)
_COMPOUND_TAILS = {
    "年": ("个月", "月"),
    "小时": ("分钟|分", "分钟"),
    "分钟": ("秒钟|秒", "秒"),
    "天": ("个小时|小时", "小时"),
    "斤": ("两", "两"),
    "m": ("厘米|公分", "cm"),
    "km": ("米|公尺", "m"),
    "ft": ("吋|英寸", "in"),  # 五呎八吋: a height in feet and inches (68 in)
}


_CJK_NOT_END = re.compile(r"[\u4e00-\u9fff](?<![的钟后内])")
# 零 and a smaller span after a span (两年零三天) that no compound above reads
_ZERO_AND_MORE = re.compile(rf"零(?:\d+|{CN})(?:个?月|天|日|周|个?星期|个?小时|个?钟头|分钟|分|秒)")

# an hour of the clock right before a minutes-and-seconds compound (十三点十分三十六秒)
_CLOCK_HOUR = re.compile(r"(?:\d|[〇零一二两三四五六七八九十])[点时]$")


@cache
def _compound_head(unit: str) -> re.Pattern:
    forms, _ = _COMPOUND_UNITS[unit]
    return re.compile(rf"(?P<n>\d+(?:\.\d+)?|{CN})(?:{forms})零?$")


@cache
def _compound_tail(unit: str) -> re.Pattern:
    forms, _ = _COMPOUND_TAILS[unit]
    # (an implied 一 is no tail, and 分 before 比/点/之 starts a word: 3小时百分比 is no 280 minutes)
    return re.compile(rf"零?(?P<n>\d+(?:\.\d+)?|(?![百千万亿]){CN})(?:{forms})(?![比点之数])")


@cache
def _cents_tail(word: str) -> re.Pattern:
    return re.compile(rf"[零又]?(?P<n>\d{{1,2}}|{CN}){re.escape(word)}")  # (两美元又三美分)


def _compound_units(cands: list[Cand], scan: str, rules: Rules) -> list[Cand]:
    cents = {code: word for word, code in rules.cent_words.items()}
    for word, codes in (rules.region_cent or {}).items():  # 4令吉60仙: the ringgit's sen (its region's 仙)
        for code in codes.values():
            cents.setdefault(code, word)
    out: list[Cand] = []
    for c in cands:
        if out and c.start < out[-1].end:
            continue  # the tail of a compound read with its head
        if c.kind == "money" and c.value_max is None and c.unit in cents:
            # 1美元50美分, 5英镑20便士: the cents belong to the amount (1.5 USD, not 1 USD)
            tail = _cents_tail(cents[c.unit]).match(scan, c.end)
            if tail is not None:
                small, small_max = parse_number(tail.group("n"))
                if small != small or small_max is not None or small >= 100:
                    continue
                c.value, c.end = tidy(c.value + small / 100), tail.end()
            out.append(c)
            continue
        if c.kind not in ("duration", "measure") or c.value_max is not None:
            out.append(c)
            continue
        tail = _compound_tail(c.unit).match(scan, c.end) if c.unit in _COMPOUND_TAILS else None
        if tail is None and c.kind == "duration" and _ZERO_AND_MORE.match(scan, c.end):
            continue  # 两年零三天, 三个月零五天: no sure reading of the whole, never the head alone
        if tail is not None and tail.group(0).lstrip("零") == "十分" and _CJK_NOT_END.match(scan, tail.end()):
            tail = None  # 睡眠8小时十分重要: 十分 is "very", no ten minutes
        if tail is not None:
            whole = True
            while tail is not None:  # 3个小时15分钟30秒: each smaller unit in turn
                small, small_max = parse_number(tail.group("n"))
                unit = _COMPOUND_TAILS[c.unit][1]
                if small != small or small_max is not None or (c.unit == "年" and c.value >= 100):
                    whole = False  # 两年零几个月, 2023年3个月: no sure reading of the whole
                    break
                c.value = tidy(c.value * _COMPOUND_UNITS[unit][1] + small)
                c.unit, c.end = unit, tail.end()
                tail = _compound_tail(c.unit).match(scan, c.end) if c.unit in _COMPOUND_TAILS else None
            if whole:
                out.append(c)
            continue
        head = (
            _compound_head(c.unit).search(scan, max(0, c.start - 16), c.start)
            if c.unit in _COMPOUND_UNITS
            else None
        )
        if head is None:
            out.append(c)
            continue
        big, big_max = parse_number(head.group("n"))
        if out and out[-1].end > head.start():
            continue  # the head is part of another figure: no sure reading of the tail
        if c.unit == "秒" and _CLOCK_HOUR.search(scan, max(0, head.start() - 4), head.start()):
            continue  # 十三点十分三十六秒, 3时20分15秒: a time of day, not a span of 636 seconds
        if big != big or big_max is not None or (c.unit == "月" and big >= 100):
            continue  # 2023年3个月 / 一两年三个月: never the tail alone
        c.start = head.start()
        c.value = tidy(big * _COMPOUND_UNITS[c.unit][1] + c.value)
        out.append(c)
    return out


# 收入较预算高294亿, 670亿赤字: an amount in 亿 with no currency written, in a clause about money
_BARE_YI = re.compile(
    r"(?<![\d.,〇零一二两三四五六七八九十百千万亿])"
    r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[ ]?(?:万亿|亿)(?:\d{1,4}万)?"
    r"|[一二两三四五六七八九][〇零一二两三四五六七八九十百千]*(?:点[〇零一二三四五六七八九]+)?[ ]?(?:万亿|亿))"
    r"(?![\d.])"
)
# a Latin letter or a currency sign right before the number: a currency written there (Rp, ₱)
_SIGN_OR_CODE_BEFORE = re.compile(r"[A-Za-z$¢-¥฿₠-⃀＄￠￡￥￦][ ]?$")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE = re.compile(r"[，。；;：:！？!?（）()「」“”\n]|,(?!\d)")


def _bare_amounts(scan: str, rules: Rules, found: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    for m in _BARE_YI.finditer(scan):
        if any(c.start < m.end() and m.start() < c.end for c in found):
            continue
        after = scan[m.end() : m.end() + 4]
        if after.startswith(unit_forms(rules)) and not after.startswith(rules.amount_nouns):
            continue  # 3亿人: a count, read by the unit patterns
        if excluded_before(scan, m.start(), rules) or _SIGN_OR_CODE_BEFORE.search(scan, 0, m.start()):
            continue  # (Rp5亿, Ks5亿: a currency this lexicon does not know, written before it)
        value, _ = parse_number(m.group("n"))
        if value != value:
            continue
        # 逆差约为二百零二亿美元，七月逆差为二百零四亿: an earlier amount in 亿 in the same sentence
        # names the currency of this one (提升至9,000亿 after 合共7,000亿元)
        sentence = _SENTENCE_END.split(scan[max(0, m.start() - 60) : m.start()])[-1]
        s0 = m.start() - len(sentence)
        named = [
            c
            for c in found
            if c.kind == "money" and s0 <= c.start < m.start() and "亿" in scan[c.start : c.end]
        ]
        clause = _CLAUSE.split(scan[max(0, m.start() - 16) : m.start()])[-1]
        p = named[-1] if named else None
        if p is not None and not _same_thread(scan, p, clause, m.start()):
            p = None  # 营收一百亿元，用户达三亿: a new clause about something else
        if p is not None:
            out.append(
                Cand(
                    m.start(),
                    m.end(),
                    "money",
                    value,
                    None,
                    p.unit,
                    1,
                    bare_yuan=p.bare_yuan,
                    bare_dollar=p.bare_dollar,
                    implied=p.implied,
                )
            )
            continue
        listed = _listed_before(scan, m, found)
        if listed is not None:  # 分别为2亿、3亿、4.5亿元: a list's last amount names its currency
            out.append(replace(listed, start=m.start(), end=m.end(), value=value, priority=1, qualifier=None))
            continue
        if not m.group("n")[0].isdigit():
            continue  # a written-out amount takes its currency only from the sentence
        if not (_names_amount(clause, rules) or _names_amount(after, rules, at_start=True)):
            continue
        if _CJK_AFTER.match(after) and not after.startswith(rules.amount_nouns + rules.implied_after):
            continue  # 投资80亿里亚尔: an unknown word after the number may name another currency
        c = Cand(m.start(), m.end(), "money", value, None, "CNY", 1, bare_yuan=True, implied=True)
        out.append(c)
    return out


# the rest of a list after an amount in 亿 (、3亿、4.5亿元 or 和4.5亿元): more amounts, then the last
_LIST_REST = re.compile(
    r"(?:[、和及与][ ]?(?:\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千点]+)[ ]?(?:万亿|亿)(?=[、和及与]))*"
    r"[、和及与][ ]?"
)
_SCALE_WORD = re.compile(r"万亿|亿")


def _listed_before(scan: str, m: re.Match, found: list[Cand]) -> Cand | None:
    """The money figure that ends a list this bare amount in 亿 starts or continues, when every
    amount of the list has the same scale word (2亿、3亿、4.5亿元: all in yuan), else None."""
    rest = _LIST_REST.match(scan, m.end())
    if rest is None:
        return None
    nxt = next((c for c in found if c.start == rest.end() and c.kind == "money"), None)
    if nxt is None or nxt.value_max is not None:
        return None
    last = _SCALE_WORD.findall(scan[nxt.start : nxt.end])
    scales = _SCALE_WORD.findall(m.group("n") + rest.group(0)) + last
    return nxt if len(last) == 1 and len(set(scales)) == 1 else None


# 千万奖金, 300万奖金, 疫情前千亿收入: an amount in 万/亿 right before a money noun, no currency word
_BEFORE_NOUN = re.compile(
    r"(?<![\d.,〇零一二两三四五六七八九十百千万亿上数几成好过])"
    r"(?P<n>\d+(?:\.\d+)?(?:万|亿)|[一二两三四五六七八九十百千]*[千百十][万亿]|[一二两三四五六七八九]+[万亿])"
)


# a money noun that starts a longer word about something else: 投资者 (300万投资者 are investors, not
# an investment), 成交量 (a volume of shares), 利润率 (a margin), 资产阶级 (a class)
_NOT_AMOUNT_SUFFIX = frozenset("者人方商户家机量率阶")


def _names_amount(text: str, rules: Rules, at_start: bool = False) -> bool:
    """Whether ``text`` (a clause, or what follows a number) names a money noun (收入, 成交 …)."""
    for w in rules.amount_nouns:
        i = text.find(w)
        while i >= 0 and not (at_start and i):
            if text[i + len(w) : i + len(w) + 1] not in _NOT_AMOUNT_SUFFIX:
                return True
            i = text.find(w, i + 1)
    return False


def _amounts_before_noun(scan: str, rules: Rules, found: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    for m in _BEFORE_NOUN.finditer(scan):
        noun = next((w for w in rules.amount_nouns if scan.startswith(w, m.end())), None)
        if noun is None or scan[m.end() + len(noun) : m.end() + len(noun) + 1] in _NOT_AMOUNT_SUFFIX:
            continue  # 300万投资者 are investors, not an investment
        if any(c.start < m.end() and m.start() < c.end for c in found):
            continue
        # (a ranking is never followed by a money noun: 疫情前千亿收入 is before the pandemic)
        if blocked_left(scan, m.start()) or excluded_before(scan, m.start(), rules, span=True):
            continue
        value, _ = parse_number(m.group("n"))
        if value != value:
            continue
        out.append(Cand(m.start(), m.end(), "money", value, None, "CNY", 1, bare_yuan=True, implied=True))
    return out


# a level with decimals (142.50, 24,494.58) or a whole one (收报23000): never a year or a code
# glued to a word after it (2030年, 300ETF)
_LEVEL = re.compile(r"(?<![0-9a-z_.,$])(?P<n>(?:\d{1,2},\d{3}|\d{3,5})(?:\.\d{1,2})?)(?![\w.%]|,\d)")


def _index_levels(scan: str, rules: Rules, found: list[Cand]) -> list[Cand]:
    """港岛CCL_Mass报142.50, 恒指跌200点至23000, the index … fell to 150.71: a level after an index's name."""
    spec = rules.index_levels
    out: list[Cand] = []
    for m in _LEVEL.finditer(scan):
        if any(c.start < m.end() and m.start() < c.end for c in found):
            continue
        before = scan[max(0, m.start() - 200) : m.start()].rstrip(" ")
        verb = next((v for v in spec["verbs"] if before.endswith(v)), None)
        if verb is None or (verb.isascii() and not before.endswith(" " + verb)):
            continue
        english = verb.isascii()
        head = before[: len(before) - len(verb)]
        head = re.split(r"[.!?](?!\d)|[。！？；;]", head)[-1] if english else head[-spec["window"] :]
        if not any(re.search(rf"(?<![a-z]){re.escape(n)}(?![a-z])", head) for n in spec["names"]):
            continue
        value = float(m.group("n").replace(",", ""))
        if value < 100:
            continue
        out.append(Cand(m.start(), m.end(), "measure", value, None, "points" if english else "点", 1))
    return out


_SCALED = rf"(?:(?:\d+(?:\.\d+)?|{CN})[万亿]|{CN})"


@cache
def _noun_unit_re(nouns: tuple[str, ...], verbs: tuple[str, ...]) -> re.Pattern:
    n_alt = "|".join(map(re.escape, sorted(nouns, key=len, reverse=True)))
    v_alt = "|".join(map(re.escape, sorted(verbs, key=len, reverse=True)))
    return re.compile(
        rf"(?P<u>{n_alt})(?:{v_alt})[ ]?(?P<n1>{_SCALED})(?:(?:至|到)(?P<n2>{_SCALED}))?"
        r"(?![\d〇零一二两三四五六七八九十百千万亿.%])"
    )


# an upper end that is one digit, a place word and a scale word (五百万, 3千万): the lower end shares both
_SHARED_SCALE = re.compile(r"^(?:\d|[一二两三四五六七八九])((?:百|千)(?:万|亿))$")


def _noun_unit_counts(scan: str, rules: Rules, found: list[Cand]) -> list[Cand]:
    """就诊人次达到十三至十四万: the count noun before the verb is the number's unit."""
    spec = rules.noun_units
    out: list[Cand] = []
    for m in _noun_unit_re(tuple(spec["units"]), tuple(spec["verbs"])).finditer(scan):
        n1, n2 = m.group("n1"), m.group("n2")
        if not any(ch in (n2 or n1) for ch in "万亿"):
            continue  # only amounts in 万/亿: 人数为三 is wording
        if scan.startswith(unit_forms(rules), m.end()):
            continue  # a unit follows: the unit patterns read it
        value, _ = parse_number(n1)
        vmax = parse_number(n2)[0] if n2 else None
        if n2 and not any(ch in n1 for ch in "万亿"):
            # 十三至十四万: the scale on the upper end applies to both; 三至五百万 shares 百万 (3–5×10⁶)
            shared = _SHARED_SCALE.match(n2)
            value *= AR_SCALE[shared.group(1)] if shared else AR_SCALE[n2[-1]]
        if value != value or (vmax is not None and (vmax != vmax or vmax <= value)):
            continue
        start = m.start("n1")
        if any(c.start < m.end() and start < c.end for c in found):
            continue
        unit = spec["units"][m.group("u")]
        out.append(Cand(start, m.end(), "count", tidy(value), vmax, unit, 1))
    return out


def _same_thread(scan: str, money: Cand, clause: str, pos: int) -> bool:
    """True when the bare amount continues the money's statement: in its clause (提升至9,000亿) or in
    a parallel clause that repeats one of its words (逆差约为…亿美元，七月逆差为…亿)."""
    between = scan[money.end : pos]
    if not _CLAUSE.search(between):
        return True
    head = _CLAUSE.split(scan[max(0, money.start - 16) : money.start])[-1]
    words = {clause[i : i + 2] for i in range(len(clause) - 1)}
    return any(w in head for w in words if all("\u4e00" <= ch <= "\u9fff" for ch in w))


# 322亿美元至334亿美元, $2bn-$3bn, between 0.2 percent and 1 percent: the unit on both ends
_CJK_AFTER = re.compile(r"[\u3400-\u9fff]")
_RANGE_JOIN = re.compile(r"^[ ]?(?:到|至|~|--|-|–|——|—|to)[ ]?(?:零上)?$")  # (1万元--5万元; 零下五至零上二度)
_AND_JOIN = re.compile(r"^[ ]and[ ]$")
# 介于10%和20%之间, 在3万与5万元之间: two figures joined by 和/与/及 and closed by 之间 are a range
_CN_AND_JOIN = re.compile(r"^[ ]?[和与及跟][ ]?$")
_BETWEEN_AFTER = ("之间", "间")


@cache
def _spread_after() -> tuple[str, ...]:
    """Words after 从X到Y that make it a spread of values (figures.toml [ranges])."""
    return tuple(read_toml("figures.toml")["ranges"]["spread_after"])


def _dash_then_end(prev: Cand | None, c: Cand, scan: str) -> bool:
    """True when ``c`` is the upper end of a range whose dash was read as its sign (1万元-5万元),
    or whose minus comes after a doubled hyphen (-5%--3%): its value is then ``-c.value``."""
    if prev is None:
        return False
    glued = c.value < 0 and prev.end == c.start and scan[c.start] in DASHES
    return glued or (prev.value < 0 < c.value and scan[prev.end : c.start] == "--")


def _merge_ranges(cands: list[Cand], scan: str) -> list[Cand]:
    """Join two adjacent figures of the same kind and unit linked by 至/到/- into one range."""
    out: list[Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if _dash_then_end(prev, c, scan):
            # 1万元-5万元: a dash right after a figure joins a range; it is no minus sign
            # (-5%--3%: the dash, then the upper end's minus: −5 % to −3 %)
            if (
                prev.kind == c.kind
                and prev.unit == c.unit
                and prev.value_max is None
                and -c.value > prev.value
            ):
                prev.end, prev.value_max = c.end, -c.value
            continue  # (1万元-5千元 is no range and no −5,000: nothing rather than a guess)
        if (
            prev is not None
            and prev.kind == "money"
            and prev.bare_yuan
            and c.unit == "块"
            and _RANGE_JOIN.match(scan[prev.end : c.start])
        ):
            c.kind, c.unit, c.bare_yuan = "money", prev.unit, True  # 五元到十来块: yuan, not pieces
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
                or (_CN_AND_JOIN.match(scan[prev.end : c.start]) and scan.startswith(_BETWEEN_AFTER, c.end))
            )
            and (
                not ends_with_any(scan[max(0, prev.start - 3) : prev.start], ("从", "由", "from"))
                or scan.startswith(_spread_after(), c.end)  # 从三年到五年不等: a spread, not a move
            )
            and not change_then_level(scan, (prev.start, c.end), prev.kind, prev.value, c.value)
        ):
            prev.end = c.end
            prev.value_max = c.value_max if c.value_max is not None else c.value
            continue
        if c.value > 0 and scan[max(0, c.start - 2) : c.start] == "--":
            continue  # 收入--5万元: a dash, then a minus or a doubled hyphen; no sure sign
        out.append(c)
    starts = {c.start for c in out}
    return [c for c in out if not _half_range(c, scan, starts)]


# 8000元到一万五之间, 815元—3573元: a figure joined by 到/至/a dash to a number that gives no
# reading of its own (and is no year: 增长5%至2030年) is the lower end of a range read only in part,
# so it is not read alone
_HALF_RANGE = re.compile(
    r"[ ]?(?:到|至|~|〜|--|——|—)[ ]?(?=[\d〇零一二两三四五六七八九十百千万亿])(?!\d{4}年|\d{1,2}月|\d{1,2}日)"
)


def _half_range(c: Cand, scan: str, starts: set[int]) -> bool:
    m = _HALF_RANGE.match(scan, c.end) if c.value_max is None else None
    return m is not None and m.end() not in starts


# An English number a few words before a count noun: about 653,000 Ascend AI chips, 5,000 new jobs.
_EN_NUMBER = re.compile(
    r"(?<![\w$.,/-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?[ ](?:million|billion|thousand)|\d{2,4})"
    r"(?![\w%$,.-]|\.\d)"
)
_EN_WORD = re.compile(r"[ ]+([a-z0-9][a-z0-9-]*)")


# _EN_NUMBER needs a digit-comma-digit or one of its scale words: most paragraphs skip its scan
_DIGIT_COMMA = re.compile(r"\d,\d")
# a plain number of two to four digits before an English word (270 electoral college votes)
_EN_PLAIN = re.compile(r"\d,\d|\d{2}[ ][a-z]|million|billion|thousand")
_EN_NUMBER_WORDS = ("million", "billion", "thousand")


# A plain number is a quantity after one of these words, a past-tense verb or punctuation; after
# any other word it may be part of a name (Windows 11 devices, iPhone 15 users).
_PLAIN_AFTER = frozenset(
    "to of by the about than over nearly almost some and or with at for from only just least more less "
    "all its their his her our were was had has have are is be around roughly approximately another "
    "additional extra new sold won cast got lost hit cut set made took gave hire hires employs".split()
)
_PREV_WORD = re.compile(r"([a-z]+)[ ]+$")


def _named_number(scan: str, pos: int) -> bool:
    prev = _PREV_WORD.search(scan[max(0, pos - 30) : pos])
    if prev is None:
        return False
    word = prev.group(1)
    return word not in _PLAIN_AFTER and not word.endswith("ed")


def _english_counts(scan: str, rules: Rules, found: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    if not _EN_PLAIN.search(scan):
        return out
    for m in _EN_NUMBER.finditer(scan):
        if any(c.start <= m.start() < c.end for c in found):
            continue
        n = m.group("n")
        if n.isdigit() and (
            1800 <= int(n) <= 2199
            or excluded_before(scan, m.start(), rules)
            or _named_number(scan, m.start())
        ):
            continue  # 2016 is a year; Section 232 and Windows 11 are names
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
        c = Cand(m.start(), m.end(), "count", value, None, unit.unit, priority=1)
        out.append(_with_qualifier(c, scan, rules))
    return out
