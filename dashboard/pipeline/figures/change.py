"""Small change: an amount with its tenths and cents (十八块五, 三块五毛, 十元零五分, 三蚊五毫), dimes
on their own (五毛钱, 三毫, 车费上调四角) and cents (五分钱, 14美分, 50仙)."""

from __future__ import annotations

import re

from .candidates import Cand, excluded_before
from .glue import blocked_left
from .half import adds_half
from .kuai import fare_dimes, is_price
from .numerals import CN, CN_DIGIT, parse_number, tidy
from .rules import Rules, unit_forms

_D1 = "一二两三四五六七八九"
# measure words of a price per unit after an amount (两块五一斤, 五毛一个, 两毛五一根)
_PER = "斤个只件份条张瓶包盒袋碗杯箱两根支本盘罐双串粒颗碟桶听"
# 十八块五, 四十六元七角五分, 三十八元二毛: an amount with its small change (角/毛 tenths, 分 cents)
# (the same with Arabic digits: 5块5毛5分, 12元8角, 2块5)
_D1X = f"{_D1}1-9"
_YUAN_JIAO = re.compile(
    rf"(?P<n>{CN}|\d+)(?P<y>元|块|蚊)"
    rf"(?:(?P<jf>[{_D1X}])分(?![钟之析别配享为成数开布散手])|(?P<j>[{_D1X}])(?P<jw>[角毛毫])?"
    # (分 may be dropped after 毛/角 at a clause end or before a price per unit: 一块二毛五, 3块8毛5一斤)
    rf"(?:(?P<f>[{_D1X}])分|(?<=[角毛毫])(?P<f2>[{_D1X}])(?=[钱，。；、,;！？!?\s）)」”到至不-]|之间|以[上下内]|左右|上下|的|$|一[{_PER}])"
    # (一块二毛半: a half of the last 毛, 1.25)
    rf"|(?<=[角毛毫])(?P<jh>半))?"
    # (零 and one digit at the end of a clause are cents: 三块零四 = 3.04, 三蚊零四 HK$3.04)
    rf"|零(?P<f0>[{_D1X}])(?:(?P<fw>[分角毛])|(?=[钱，。；、,;！？!?\s）)」”]|$))|(?<=[块元])(?P<half>半))"
    # (not glued to more digits, unless a price per unit follows: 两块五一斤, 三块二一个; 十块八块 is
    # "ten yuan or eight", no 10.80; 三块八角形, 三块五角星 are shapes)
    # (五块七毛八 is 5.78 or nothing, never 五块七 = 5.7 with the rest left over)
    rf"(?:(?=一[{_PER}])|(?![{_D1}〇零十百千万亿\d.角毛毫]|分钟|个月|年|天|块|元|形|星))"
)


def digit_value(d: str) -> int:
    return int(d) if d.isdigit() else CN_DIGIT[d]


# 五毛, 五毛钱, 三毫, 两角钱 on their own; 14美分, 50仙 (cents). 角 alone is a corner (一角, 三角形),
# 毛 a hair (毛巾, 毛利, 九牛一毛, 一毛不拔), 毫 a milli- (三毫米, 五毫秒): only these spellings are money.
_JIAO = re.compile(
    rf"(?<![{_D1}〇零十百千万亿\d.点元块牛])(?P<n>[{_D1}]|\d)"
    # (a range of dimes: 五至八角, 1至2毫; HK$0.5 to HK$0.8)
    rf"(?:(?P<to>[至到])(?P<n2>[{_D1}]|\d))?"
    # (an Arabic digit before 角 is money at the end of a clause too: 涨了5角; 三角 is a triangle, but
    # after a fare or price verb a Chinese digit is money as well: 车费上调最多四角, 增加九角或以上)
    rf"(?P<w>角(?=钱|[{_D1}1-9]分|(?<=\d角)[，。；、,;！？!?\s）)」”])|角(?=[，。；、,;！？!?\s）)」”]|或|以[上下内]|左右|$)|毛(?![巾笔病衣线党利孩发皮毯绒织泽细不])|毫(?![米升克秒安瓦伏居无不摩巴帕微]))"
    # (the 分 of a cent digit may be dropped only at the end of the clause or before a price per unit:
    # 两毛五。, 两毛五一个; never 五毛一个 as 0.51)
    rf"(?:(?P<f>[{_D1}1-9])(?:分|(?=[钱，。；、,;！？!?\s）)」”到至]|之间|以[上下内]|左右|上下|的|$|一[{_PER}])))?"
    # (两毛半, 三毫半: a half of the last 毛/毫, 0.25 and HK$0.35)
    r"(?P<h>半)?"
)


# 三個 / 3個 right before small change: dollars counted with 個 in Hong Kong speech
_DOLLARS_BEFORE = re.compile(rf"(?:\d|[{_D1}〇零十百千万])个$")
# what may follow 毛 when it is money: 钱 (五毛钱), or the clause ends (每斤涨了五毛。)
_MAO_END = frozenset("钱")
_PER_UNIT = re.compile(f"一[{_PER}]")  # 五毛一个: a price per unit
_PHRASE_END = re.compile(r"[，。；、,;！？!?\s）)」”]|$|的|钱|左右|上下|多|以[上下内]|[到至-]|之间")
_CLAUSE_END = re.compile(r"[，。；、,;！？!?\s）)」”]|$")


# (一分钱 is the idiom "a single cent": 一分钱也不花)
_FEN_QIAN = re.compile(rf"(?<![{_D1}〇零十百千万亿\d.角毛块元])(?P<n>[二两三四五六七八九2-9])分钱")


def _currency_before(scan: str, pos: int, rules: Rules) -> str | None:
    """The currency name written right before ``pos`` (人民币, 港币, 新台币), if any."""
    return next(
        (f for f in rules.prefix_currency if not f.isascii() and len(f) >= 2 and scan.endswith(f, 0, pos)),
        None,
    )


def _yuan_and_tenths(scan: str, rules: Rules) -> list[Cand]:
    """十八块五, 三块五毛, 十元零五分, 三蚊五毫: an amount in yuan (or Hong Kong dollars) with its small change."""
    out: list[Cand] = []
    for m in _YUAN_JIAO.finditer(scan):
        if blocked_left(scan, m.start()) or (m.group("y") == "元" and m.group("j") and not m.group("jw")):
            continue  # 5元3个 is two numbers; only 块 takes a bare tenth (十八块五)
        if m.group("y") == "蚊" and m.group("jw") != "毫" and not (m.group("f0") and not m.group("fw")):
            continue  # 三蚊五毫 is HK$3.50; 十蚊三個 is three for ten dollars (十蚊八: interpret)
        if any(m.group(g) and not adds_half(scan, m.start(g), rules) for g in ("half", "jh")):
            continue  # 五元半斤: five yuan for half a jin, no 5.5
        if m.group("half") and any(ch in m.group("n") for ch in "万亿"):
            continue  # 三万元半: no half yuan after ten thousands
        if m.group("j") == "两" and not m.group("jw"):
            continue  # 3块两间: 两 is never a spoken tenth (三块二); 三块两毛 is
        if m.group("j") and not (m.group("jw") or m.group("f") or m.group("f2")):
            if m.group("j") == "一" and not (
                _PHRASE_END.match(scan, m.end()) or _PER_UNIT.match(scan, m.end())
            ):
                continue  # 3块一下子, 3块一些: 一 starts the next word (三块一。 is 3.1)
            if scan.startswith(unit_forms(rules), m.end()):
                continue  # 3块三个: three for three yuan, no 3.3 (十蚊三個 likewise)
        if (m.group("j") or m.group("jf") or m.group("f0")) and m.group("n")[-1] in "万亿":
            continue  # 三万元三角: no small change after a round ten thousand
        if (
            m.group("half")
            and m.group("y") == "块"
            and not (scan.startswith("一", m.end()) or is_price(scan, m.start(), m.end()))
        ):
            continue  # 三块半 is money in a clause about a price (切成三块半 is pieces)
        n, _ = parse_number(m.group("n"))
        if m.group("half"):
            v = n + 0.5  # 三块半: three and a half yuan
        elif m.group("jf"):
            v = n + digit_value(m.group("jf")) / 100  # 三块五分(钱): three yuan five fen
        elif m.group("f0"):
            div = 100 if m.group("fw") in ("分", None) else 10
            v = n + digit_value(m.group("f0")) / div  # 十元零五分, 五十块零五毛
        else:
            f = m.group("f") or m.group("f2")
            v = (
                n
                + digit_value(m.group("j")) / 10
                + (digit_value(f) / 100 if f else 0.05 if m.group("jh") else 0)
            )
        named = _currency_before(scan, m.start(), rules) if m.group("y") == "元" else None
        if named:  # 人民币壹万贰仟叁佰零壹元伍角: the named currency, its name in the span
            out.append(
                Cand(
                    m.start() - len(named),
                    m.end(),
                    "money",
                    tidy(v),
                    None,
                    rules.prefix_currency[named],
                    3,
                )
            )
        elif m.group("y") == "蚊":  # Hong Kong dollars and 毫 (ten cents)
            out.append(Cand(m.start(), m.end(), "money", tidy(v), None, "HKD", 3))
        else:
            out.append(Cand(m.start(), m.end(), "money", tidy(v), None, "CNY", 3, bare_yuan=True))
    return out


def small_change(scan: str, rules: Rules) -> list[Cand]:
    out: list[Cand] = _yuan_and_tenths(scan, rules) if "元" in scan or "块" in scan or "蚊" in scan else []
    if any(w in scan for w in rules.tenth_words):
        for m in _JIAO.finditer(scan):
            if m.group("w") not in rules.tenth_words or excluded_before(scan, m.start(), rules):
                continue
            if _DOLLARS_BEFORE.search(scan, max(0, m.start() - 3), m.start()):
                continue  # 三個一毫四 (Hong Kong speech, HK$3.14): the dimes are the tail of a sum, never 0.14
            if m.group("h") and (m.group("f") or not adds_half(scan, m.start("h"), rules)):
                continue  # 五毛半斤 is a price for half a jin; 两毛五半 is no sum
            after = scan[m.end() : m.end() + 1]
            if (
                m.group("w") == "毛"
                and not m.group("f")
                and after not in _MAO_END
                and not _CLAUSE_END.match(after)
                and not _PER_UNIT.match(scan, m.end())
            ):
                continue  # 五毛, 五毛钱, 两毛五 are money; 三毛的书 and 五毛党 are a name and a word
            if (
                m.group("w") == "角"
                and not m.group("f")
                and not fare_dimes(scan, m.start(), m.end("w"), m["n2"] or m["n"])
            ):
                continue  # 上调四角 is money; 房间四角, 三角 are corners and a triangle
            d, d2 = m.group("n"), m.group("n2")
            if d2 and (m.group("f") or m.group("h") or digit_value(d2) <= digit_value(d)):
                continue  # 五至八角五, 八至五角: no sure range
            v = digit_value(d) / 10 + (
                digit_value(m.group("f")) / 100 if m.group("f") else 0.05 if m.group("h") else 0
            )
            v2 = digit_value(d2) / 10 if d2 else None
            unit = "HKD" if m.group("w") == "毫" else "CNY"
            out.append(
                Cand(m.start(), m.end(), "money", tidy(v), v2 and tidy(v2), unit, 2, bare_yuan=unit == "CNY")
            )
    for m in _FEN_QIAN.finditer(scan) if "分钱" in scan else ():
        if not excluded_before(scan, m.start(), rules):  # 五分钱: five cents (fen)
            v = digit_value(m.group("n")) / 100
            out.append(Cand(m.start(), m.end(), "money", tidy(v), None, "CNY", 2, bare_yuan=True))
    for word, code in rules.cent_words.items():
        if word not in scan:
            continue
        for m in re.finditer(rf"(?P<n>\d+(?:\.\d+)?|{CN}){re.escape(word)}", scan):
            if len(word) == 1 and len(m.group("n")) == 1 and m.group("n") in CN_DIGIT:
                continue  # 八仙, 七仙女: a single written digit before 仙 is no sum in cents (五十仙, 五美分 are)
            if blocked_left(scan, m.start()) or excluded_before(scan, m.start(), rules):
                continue
            if scan.startswith(rules.cent_next_not.get(word, ()), m.end()):
                continue  # 八仙过海: the Eight Immortals, no cents
            n, _ = parse_number(m.group("n"))
            out.append(Cand(m.start(), m.end(), "money", n / 100, None, code, 3))
    return out
