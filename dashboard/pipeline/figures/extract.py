"""The public entry point: every cited figure in one paragraph.

A figure is a number WITH a unit a reader can name: a percentage, an amount of money, a count with
a measure word, a multiple, a fraction, a physical measure or a duration; or a number said with no unit in a
form that cannot be anything else (kind ``number``: 人口为一点五亿, 一百二十三, 负3.9; see ``bare``).
Other bare numbers (years, dates, model numbers such as H100 or 910C, list numbering, stock codes)
are never figures.

All matching runs on a *scan copy* of the paragraph that has exactly the same length as the input:
full-width digits made ASCII, each traditional character mapped to its simplified form, financial
numerals (壹貳參) folded to common ones and ASCII lower-cased. So one simplified lexicon covers
億/亿, 個/个, 約/约, and offsets stay valid. Knowledge (units, currencies, qualifiers, cue words,
entities, region markers) lives in ``data/lexicon``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from .candidates import Cand
from .collect import collect_candidates
from .direction import find_direction
from .glue import BLANK
from .numerals import CN, parse_number, scan_copy, tidy
from .prices import per_unit
from .region import article_region
from .rules import Rules, load_rules
from .subject import find_subject, sentence_bounds

KINDS = ("percent", "money", "count", "multiple", "fraction", "measure", "duration", "number")


@dataclass
class Figure(Mapping):
    """One cited quantity in a paragraph; ``start``/``end`` are offsets in the input text.

    A dataclass (``fig.value``, ``dataclasses.asdict``) that is also a read-only mapping of its
    fields, for callers that treat figures as dicts: ``fig["value"]``, ``fig.get("unit")``,
    ``"value" in fig``, ``dict(fig)``.
    """

    text: str  # surface as written, qualifier included (至少500億美元)
    kind: str  # percent | money | count | multiple | fraction | measure | duration | number
    value: float
    value_max: float | None  # upper end of a range (20%到25%)
    unit: str | None  # %, pp, ISO currency, measure word, SI-style unit, time word; None for fraction/number
    value_usd: float | None  # money only, at the fixed rates of currencies.csv
    sentence: str
    subject: str | None  # short simplified phrase (英伟达在华市场份额), None when unsure
    start: int
    end: int
    qualifier: str | None = None  # hedge as written before or after the number (约, 近, 超过, 多, about)
    value_base: float | None = None  # a measure in its base unit (data/lexicon/unit_bases.csv)
    unit_base: str | None = None
    direction: str | None = None  # up / down from the word before it (下降3% → down; the value stays 3)
    per: str | None = None  # a unit price: what the money is per (12000元/平方米 → unit CNY, per m2)

    # the mapping view: keys are the field names, in order; the dataclass __eq__ stays
    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str) or key not in _FIELD_NAMES:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_FIELD_NAMES)

    def __len__(self) -> int:
        return len(_FIELD_NAMES)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in _FIELD_NAMES


_FIELD_NAMES = tuple(f.name for f in fields(Figure))


_ANY_NUMBER = re.compile(
    r"[0-9０-９〇○零一二两兩俩倆仨三四五六七八九十百千万萬亿億兆廿卅卌壹貳贰參叁肆伍柒捌玖拾佰仟半]"
    r"|third|quarter|fold|times|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|one|zero",
    re.I,
)


_FINANCIAL_NUMERALS = frozenset("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")
_CHEQUE_CHARS = _FINANCIAL_NUMERALS | frozenset("万萬亿億零点點")

_PAREN_CURRENCY = re.compile(r"[（(]([^（()）]{1,4})[）)]")
# a conversion in brackets right after an amount: 366万元(约1103万令吉) (the words after the number)
_PAREN_CONVERSION = re.compile(
    r"\s*[（(]\s*(?:约|合|折合|相当于|即)?\s*[\d.,]+\s*[千百万亿]*\s*([^\d\s（()）]{1,4})[）)]"
)


def _unreadable(c: Cand, text: str, rules: Rules) -> bool:
    """A candidate to drop: a numeral with no sure value, or a form the original script decides."""
    if math.isnan(c.value) or (c.value_max is not None and math.isnan(c.value_max)):
        return True  # an unreadable numeral: nothing rather than a guess
    if c.kind == "number" and _FINANCIAL_NUMERALS.intersection(text[c.start : c.end]):
        # 伍佰 with no unit: a name (the singer) as often as a sum; a cheque writes 圆. A longer
        # one (壹佰壹拾壹, 叁拾壹点肆, 壹仟贰佰万) names nobody: it is read
        return sum(ch in _CHEQUE_CHARS for ch in text[c.start : c.end]) < 3
    if c.unit == "年" and c.start and text[c.start - 1] in "〇○零":
        return True  # 〇八年 / ○八年以來 is the year 2008 written short, not eight years
    if c.unit == "g" and text[c.end - 1 : c.end] in ("g", "G"):
        # 5G, 4g, 2.4G: a network or a Wi-Fi band (figures.toml network_bands), never grams
        return text[c.end - 1] == "G" or c.value in rules.network_bands or c.value_max in rules.network_bands
    # 旧 counts chunks only as the Hong Kong 舊 (5舊肉); a simplified 旧 is "old" (四旧)
    return c.unit == "旧" and text[c.end - 1 : c.end] == "旧"


_JIN_LIANG = re.compile(rf"(?P<jin>\d+|{CN})斤零?(?P<liang>\d+(?:\.\d+)?|{CN})两")


def _jin_liang(c: Cand, scan: str, region: str | None) -> float:
    """六斤八兩 outside the mainland: 16 兩 to the 斤 (Hong Kong, Taiwan, Macau, Southeast Asia);
    the mainland's 10 to the 斤 dates from 1959 (and its 500 g: 600 g in Taiwan, 604.8 g in Hong
    Kong, so no base unit there). NaN (no reading) when the parts do not parse."""
    span = scan[c.start : c.end]
    m = _JIN_LIANG.search(span) if c.unit == "两" and region != "mainland" and "斤" in span else None
    if m is None:
        return c.value
    jin, liang = parse_number(m.group("jin"))[0], parse_number(m.group("liang"))[0]
    return tidy(jin * 16 + liang) if liang < 16 else float("nan")


@dataclass
class _Currencies:
    """What an article and a paragraph say about currency, for a bare 元 / 蚊 / $."""

    region: str | None
    region_yuan: str | None  # the local currency a bare 元 names (TWD in a Taiwan article)
    region_dollar: str | None  # ... and a bare $ (HKD in a Hong Kong one)
    # a paragraph of a Hong Kong or Taiwan article about prices across the border (深圳, 北上)
    # leaves a bare 元 / 蚊 / $ undecided: it is read only with its currency named
    elsewhere: bool
    # ... and so does renminbi named in the paragraph for the colloquial 蚊 / $ (not the formal 元)
    rmb_named: bool
    context: str | None = None  # the currency named last in the paragraph

    @classmethod
    def of(cls, scan: str, region: str | None, rules: Rules) -> _Currencies:
        return cls(
            region=region,
            region_yuan=rules.region_yuan.get(region or ""),
            region_dollar=rules.region_dollar.get(region or ""),
            elsewhere=any(w in scan for w in rules.elsewhere.get(region or "", ())),
            rmb_named=region in rules.elsewhere and any(w in scan for w in rules.renminbi_words),
        )


def _settle_currency(c: Cand, scan: str, rules: Rules, cur: _Currencies) -> bool:
    """Decide the currency of a bare 元 / 蚊 / $ (or of an amount with none); False: no reading."""
    colloquial = c.bare_dollar or (c.kind == "money" and "蚊" in scan[c.start : c.end])
    for word, codes in (rules.region_cent or {}).items():
        span = scan[c.start : c.end]
        # (5新元20仙 names its currency before the cents: only a cents word alone is the region's)
        head = span[: -len(word)]
        named = span.endswith(word) and any(u.kind == "money" and f in head for f, u in rules.units.items())
        if c.kind == "money" and cur.region in codes and span.endswith(word) and not named:
            c.unit = codes[cur.region]  # 6仙 in a Malaysian article: six sen, not Hong Kong cents
    local = c.bare_yuan or colloquial
    # (a currency named earlier decides, unless renminbi is named too: two currencies in play)
    if ((local and cur.elsewhere) or (colloquial and cur.rmb_named)) and (not cur.context or cur.rmb_named):
        named = _PAREN_CURRENCY.match(scan, c.end)
        code = rules.units[named.group(1)].unit if named and named.group(1) in rules.units else None
        if code is None:
            return False  # 10蚊 in a paragraph about Shenzhen prices: HK$ or RMB, so no guess
        c.unit, c.bare_yuan, c.bare_dollar = code, False, False  # 10蚊（人民幣）
    if c.kind == "money" and not c.bare_yuan and not c.bare_dollar and c.unit in rules.bare_yuan_follows:
        cur.context = c.unit
    elif c.implied and not (cur.context or cur.region_yuan or cur.region == "mainland"):
        # 294亿 with no currency word and no region to say which: no money, only the number
        c.kind, c.unit, c.implied, c.bare_yuan = "number", None, False, False
    elif (
        c.bare_yuan
        and not cur.context
        and cur.region_yuan
        and _converted_to(scan, c.end, rules) == cur.region_yuan
    ):
        return False  # 366万元(约1103万令吉) in a Malaysian paper: converted into ringgit, so not ringgit
    elif c.bare_yuan and (cur.context or cur.region_yuan):
        c.unit = cur.context or cur.region_yuan  # 营收7596亿元新台币…净利润3252亿元: still NT$
    elif c.bare_yuan and cur.region == "unknown":
        # traditional writing of no known region: NT$ or HK$, so no currency, only the number
        c.kind, c.unit, c.bare_yuan = "number", None, False
    elif c.bare_dollar and cur.region_dollar:
        c.unit = cur.region_dollar  # $29 in a Hong Kong article
    return True


def _converted_to(scan: str, end: int, rules: Rules) -> str | None:
    """The currency of a bracketed conversion right after an amount (约1103万令吉 → MYR), if any."""
    m = _PAREN_CONVERSION.match(scan, end)
    unit = rules.units.get(m.group(1)) if m else None
    return unit.unit if unit is not None and unit.kind == "money" else None


def _figure(c: Cand, text: str, region: str | None, rules: Rules) -> Figure:
    """The public figure of a settled candidate: sentence, subject, base unit and direction."""
    s0, s1 = sentence_bounds(text, c.start)
    sentence = text[s0:s1].strip().rstrip("。！？!?；;").strip()
    value_usd = None
    if c.kind == "money" and c.unit in rules.rates:  # a unit price: USD per the same unit
        value_usd = c.value * rules.rates[c.unit]
    local_jin = c.unit in ("斤", "两") and region != "mainland"  # 500 g on the mainland only
    base = rules.unit_bases.get(c.unit or "") if c.kind == "measure" and not local_jin else None
    return Figure(
        text=text[c.start : c.end].strip(),
        kind=c.kind,
        value=float(c.value),
        value_max=None if c.value_max is None else float(c.value_max),
        unit=c.unit,
        value_usd=value_usd,
        sentence=sentence,
        # a duration's clause is about the event, not the span of time
        subject=None if c.kind == "duration" else find_subject(text, c.start, s0, rules),
        start=c.start,
        end=c.end,
        qualifier=c.qualifier,
        value_base=None if base is None else tidy(c.value * base[1]),
        unit_base=None if base is None else base[0],
        # a span of time does not move; every other quantity may be said to rise or fall
        direction=None if c.kind == "duration" else find_direction(text, c.start),
        per=c.per,
    )


def extract_figures(text: str, *, region: str | None = None) -> list[Figure]:
    """Every cited figure in one paragraph (damaged spans already blanked with U+3000).

    ``region`` is the article's region (``mainland``, ``taiwan``, ``hongkong``, ``macau``, ``malaysia``,
    ``singapore``, ``usa``, ``canada``, ``australia``, ``other``, ``unknown``; see ``region.article_region``): it decides what a bare 元 or $ is (TWD in a
    Taiwan article, HKD in a Hong Kong one). Without it the region is read from ``text`` itself,
    as the pipeline reads an article's: simplified writing with no Taiwan or Hong Kong lead is
    mainland (a bare 元 is renminbi); traditional writing with no lead leaves a bare 元 undecided
    (the number is kept, kind ``number``), never guessed as renminbi.
    """
    if not text or not _ANY_NUMBER.search(text):
        return []
    if region is None:
        region = article_region(text)
    rules = load_rules()
    scan = scan_copy(text)
    currencies = _Currencies.of(scan, region, rules)
    out: list[Figure] = []
    for c in collect_candidates(scan, rules):
        if BLANK in text[c.start : c.end]:
            continue
        c.value = _jin_liang(c, scan, region)
        if _unreadable(c, text, rules) or not _settle_currency(c, scan, rules, currencies):
            continue
        per_unit(c, scan, rules)  # 12000元/平方米: a price per m2, after the currency is settled
        out.append(_figure(c, text, region, rules))
    return out
