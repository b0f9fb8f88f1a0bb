"""Rules from the lexicon: units, currencies, qualifiers and cue words compiled into patterns."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

from ..lexicon import read_csv, read_toml
from .numerals import NUMX, NUMX_FIRSTS, scan_copy

# ---------------------------------------------------------------- rules from the lexicon


@dataclass(frozen=True)
class Unit:
    kind: str
    unit: str | None
    next_not: tuple[str, ...] = ()
    needs_cue: bool = False
    factor: float = 1.0
    plus: float = 0.0  # 个半月: one and a half months


@dataclass(frozen=True)
class Rules:
    units: dict[str, Unit]
    prefix_currency: dict[str, str]
    rates: dict[str, float]
    main: re.Pattern
    single: re.Pattern
    qualifiers: tuple[str, ...]
    exclude_before: tuple[str, ...]
    exclude_before_cn: tuple[str, ...]
    set_phrases: tuple[str, ...]
    rough_numerals: frozenset[str]  # 百八十 (a hundred or so): no reading
    rough_heads: frozenset[str]  # 万儿 of 万儿八千: a number right after one is the rest of a rough one
    place_before: dict[str, tuple[str, ...]]  # 住在12层, 花园三座: a floor or block, no count
    network_bands: frozenset[float]  # 5g, 2.4g: a network or Wi-Fi band before a lone g, never grams
    age_statistic_before: tuple[str, ...]  # 平均年龄35岁 is a figure, 37岁的演员 is not
    furniture: tuple[str, ...]
    furniture_not: tuple[str, ...]  # 赞成, 赞助: words that start like a furniture word (赞)
    cue_before: tuple[str, ...]
    cue_after: tuple[str, ...]
    comparatives: tuple[str, ...]
    subject: dict
    bare_yuan_forms: tuple[str, ...]
    time_reference_after: tuple[str, ...]
    bare_yuan_follows: tuple[str, ...]
    region_yuan: dict[str, str]
    amount_nouns: tuple[str, ...]
    implied_after: tuple[str, ...]
    elsewhere: dict[str, tuple[str, ...]]
    renminbi_words: tuple[str, ...]
    weak_counts: frozenset[str]
    index_moves: tuple[str, ...]
    unit_bases: dict[str, tuple[str, float]]
    tenth_words: tuple[str, ...]
    cent_words: dict[str, str]
    cent_next_not: dict[str, tuple[str, ...]]
    region_dollar: dict[str, str]
    entities: tuple[tuple[str, tuple[str, ...], int], ...]
    min_value: dict[str, float]
    en_count_nouns: tuple[str, ...]
    run_before: tuple[str, ...]
    index_levels: dict
    noun_units: dict
    one_before: tuple[str, ...]
    rate_moves: tuple[str, ...]
    bare_numbers: dict  # idioms, label words and minus words for numbers said with no unit
    # derived from ``subject`` once per process (longest first), not on every call
    strip_before: tuple[str, ...]
    strip_after: tuple[str, ...]
    subject_verbs: re.Pattern
    # the currency a cent word names in a region's writing (仙 is a ringgit sen in Malaysia)
    region_cent: dict[str, dict[str, str]] = None  # type: ignore[assignment]
    # words that start with 半 (半决赛, 半径): after a number and unit they add no half (see ``half``)
    half_words: tuple[str, ...] = ()
    # 用电, 发电 …: 度 after one of these in the same clause is a kilowatt-hour, not a degree
    kwh_before: tuple[str, ...] = ()
    # the money words written in Chinese (元, 美元, 港币 …): 一个多亿元 counts 亿 with 个 (``geyi``)
    money_words_cn: tuple[str, ...] = ()


def alt_pattern(forms) -> str:
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


def guarded_alt_pattern(forms) -> str:
    """``alt_pattern`` behind a one-character lookahead on the forms' first letters.

    The regex engine tries a long alternation branch by branch; the lookahead fails at once
    where no form can start, and cannot change a match (every form starts with one of them).
    """
    forms = set(forms)
    if not forms:
        return alt_pattern(forms)
    firsts = "".join(re.escape(f[0]) for f in sorted({f[0] for f in forms}))
    return f"(?=[{firsts}])(?:{alt_pattern(forms)})"


def _is_prefix_currency(name: str) -> bool:
    if any(c == "$" or unicodedata.category(c) == "Sc" for c in name):
        return True  # a currency sign: $ ¥ € £ ₩ ₹ ₱ ₫ ฿ ₽
    if name.isascii():
        return name.isupper() and len(name) in (2, 3)  # USD, RMB, RM (the ringgit: RM500)
    return len(name) >= 2


@cache
def load_rules() -> Rules:
    units: dict[str, Unit] = {}
    toml = read_toml("figures.toml")
    for name in ("measure_words.csv", "units.csv"):
        for row in read_csv(name):
            form = row["form"].lower()
            nxt = tuple(x for x in row.get("next_not", "").split("|") if x)
            cue = row.get("needs_cue", "").lower() == "yes"
            units[form] = Unit(row["kind"], row["unit"] or None, nxt, cue)
            if row["kind"] == "duration" and form.startswith("个"):
                units["个半" + form[1:]] = Unit("duration", row["unit"], nxt, cue, plus=0.5)
            if row["kind"] == "duration" and form == "分钟":
                units["分半钟"] = Unit("duration", row["unit"], nxt, cue, plus=0.5)  # 两分半钟: 2.5 minutes
    for form, unit in (
        ("%", "%"),
        ("percent", "%"),
        ("per cent", "%"),
        ("个百分点", "pp"),
        ("个多百分点", "pp"),  # 三个多百分点: more than three points (the hedge inside the unit)
        ("个半百分点", "pp"),  # 一个半百分点: one and a half points (plus below)
        ("百分点", "pp"),
        ("percentage points", "pp"),
        ("percentage point", "pp"),
    ):
        units[form] = Unit("percent", unit, plus=0.5 if form == "个半百分点" else 0.0)
    # 趴 is Taiwan slang for percent (支持度32.5趴); 趴下, 趴着 and 趴在 are lying prone
    units["趴"] = Unit("percent", "%", ("下", "着", "在", "倒", "地", "伏"))
    # basis points are hundredths of a percentage point (12.5基点 = 0.125 pp)
    for form in ("个基点", "基点", "basis points", "basis point", "bps", "bp"):
        units[form] = Unit("percent", "pp", factor=0.01)
    # per mille and per ten thousand (3‰ = 0.3%, the symbols of 千分之 / 万分之)
    units["‰"] = Unit("percent", "%", factor=0.1)
    units["‱"] = Unit("percent", "%", factor=0.01)
    units["倍"] = Unit("multiple", "x", ("体", "子"))  # 1.3x / 1.3倍 (二倍体, 五倍子 are words)
    # 成 counts tenths (九成 = 90%); 折 a discount in tenths (九折 = 90% of the price)
    for form, spec in toml["tenths"].items():
        units[form] = Unit("percent", "%", tuple(spec["next_not"]), factor=10.0)
    prefix_currency: dict[str, str] = {}
    rates: dict[str, float] = {}
    for row in read_csv("currencies.csv"):
        code = row["code"]
        rates[code] = float(row["usd_per_unit"])
        for name in (n.strip() for n in row["names"].split("|") if n.strip()):
            low = scan_copy(name)
            units[low] = Unit("money", code)
            if _is_prefix_currency(name):
                prefix_currency[low] = code
            if not name.isascii() and len(name) >= 2 and code != "CNY":
                units["元" + low] = Unit("money", code)  # 1000亿元新台币
                units["块" + low] = Unit("money", code)  # 一千块美金, 50块港币 (colloquial units of it)
    for form, nxt in toml["money"].get("next_not", {}).items():
        units[scan_copy(form)] = replace(units[scan_copy(form)], next_not=tuple(nxt))
    units["元人民币"] = Unit("money", "CNY")
    units["块人民币"] = Unit("money", "CNY")
    units["元人仔"] = Unit("money", "CNY")  # Hong Kong slang for renminbi (9元人仔)
    quals = tuple(q.lower() for q in toml["qualifiers"]["before"])
    unit_alt = guarded_alt_pattern(units)
    pre_alt = guarded_alt_pattern(prefix_currency)
    qual_alt = guarded_alt_pattern(quals)
    # 卖超123亿: 超 after 卖 is a word (net selling), so the qualifier group does not start there
    not_after = toml["qualifiers"].get("not_after", {})
    qual_guard = "".join(
        f"(?!(?<=[{''.join(re.escape(c) for c in chars)}]){re.escape(w)})" for w, chars in not_after.items()
    )
    head = rf"(?P<qual>{qual_guard}(?:{qual_alt})[ ]?)?(?P<pre>(?:{pre_alt})[ ]?)?(?P<n1>{NUMX})"
    tail = rf"(?P<approx>多|余|来|(?:(?<=[十百千万廿卅])|(?<=[1-9]0))几|\+)?(?:[ ]|-(?=[a-z]))?(?P<unit>{unit_alt})?(?P<persec>/秒|/s(?![a-z])|每秒|/小时|/h(?![a-z])|每小时|[ ](?:per|an|a)[ ]hour(?![a-z])|/hr?(?![a-z]))?"
    rng = rf"(?:[ ]?(?P<pc1>%))?(?:[ ]?(?P<conn>到|至|~|--|-|–|——|—|to|、|或)[ ]?(?:{pre_alt})?[ ]?(?P<n2>{NUMX}))?"
    # Every match starts with a qualifier, a currency prefix or a number. Without this lookahead
    # the engine enters the optional qualifier and prefix groups at every character; with it, it
    # steps over all other characters at once (same matches: the lookahead only rejects starts
    # where no branch of the pattern could begin).
    # The second lookahead narrows that to a number or the first two characters of a qualifier or
    # prefix form (不 only as 不到/不足, a only as about/around/almost/...).
    forms = (*quals, *prefix_currency)
    firsts = "".join(re.escape(ch) for ch in sorted({f[0] for f in forms}))
    heads = "|".join(re.escape(h) for h in sorted({f[:2] for f in forms}, key=len, reverse=True))
    guard = f"(?=[{NUMX_FIRSTS}{firsts}])(?=[{NUMX_FIRSTS}]|{heads})"
    entities = tuple(
        (e["name"], tuple(a.lower() for a in e["aliases"]), int(e.get("tier", 2)))
        for e in toml.get("entities", [])
    )
    return Rules(
        units=units,
        prefix_currency=prefix_currency,
        rates=rates,
        main=re.compile(guard + head + rng + tail),
        single=re.compile(guard + head + tail),
        qualifiers=quals,
        exclude_before=tuple(x.lower() for x in toml["exclude"]["before"]),
        exclude_before_cn=tuple(toml["exclude"]["before_chinese_numeral"]),
        set_phrases=tuple(scan_copy(w) for w in toml["exclude"].get("set_phrases", ())),
        rough_numerals=frozenset(toml["exclude"]["rough"]),
        rough_heads=frozenset(r[: r.index("儿") + 1] for r in toml["exclude"]["rough"] if "儿" in r),
        place_before={u: tuple(v) for u, v in toml["exclude"].get("place_before", {}).items()},
        network_bands=frozenset(float(v) for v in toml["exclude"].get("network_bands", ())),
        age_statistic_before=tuple(toml["ages"]["statistic_before"]),
        furniture=tuple(x.lower() for x in toml["exclude"]["furniture"]),
        furniture_not=tuple(toml["exclude"].get("furniture_not", ())),
        cue_before=tuple(x.lower() for x in toml["duration"]["cue_before"]),
        cue_after=tuple(x.lower() for x in toml["duration"]["cue_after"]),
        comparatives=tuple(toml["multiples"]["before"]),
        subject=toml["subject"],
        bare_yuan_forms=tuple(toml["money"]["bare_yuan_forms"]),
        time_reference_after=tuple(toml["duration"]["reference_after"]),
        bare_yuan_follows=tuple(toml["money"]["bare_yuan_follows"]),
        region_yuan=dict(toml["money"].get("region_yuan", {})),
        amount_nouns=tuple(toml["money"].get("amount_nouns", ())),
        implied_after=tuple(toml["money"].get("implied_after", ())),
        renminbi_words=tuple(scan_copy(w) for w in toml["money"].get("renminbi_words", ())),
        elsewhere={k: tuple(scan_copy(w) for w in v) for k, v in toml["money"].get("elsewhere", {}).items()},
        weak_counts=frozenset(toml["counts"]["weak_measure_words"]),
        index_moves=tuple(toml["min_value_moves"]["before"]),
        unit_bases={r["unit"]: (r["base"], float(r["factor"])) for r in read_csv("unit_bases.csv")},
        tenth_words=tuple(toml["money"].get("tenth_words", ())),
        cent_words=dict(toml["money"].get("cent_words", {})),
        cent_next_not={w: tuple(v) for w, v in toml["money"].get("cent_next_not", {}).items()},
        region_dollar=dict(toml["money"].get("region_dollar", {})),
        region_cent={w: dict(v) for w, v in toml["money"].get("region_cent", {}).items()},
        entities=entities,
        min_value={scan_copy(k): float(v) for k, v in toml.get("min_value", {}).items()},
        en_count_nouns=tuple(
            f for f, u in units.items() if u.kind == "count" and f.isascii() and f.isalpha()
        ),
        run_before=tuple(toml["duration"]["run_before"]),
        index_levels=dict(toml["index_levels"]),
        noun_units=dict(toml["noun_units"]),
        one_before=tuple(toml["duration"]["one_before"]),
        half_words=tuple(sorted(toml["half"]["starts_word"], key=len, reverse=True)),
        rate_moves=tuple(toml["duration"]["rate_moves"]),
        kwh_before=tuple(toml["degrees"]["kwh_before"]),
        money_words_cn=tuple(sorted(f for f, u in units.items() if u.kind == "money" and not f.isascii())),
        bare_numbers={
            "idioms": tuple(toml["bare_numbers"]["idioms"]),
            # a money word whose currency is unknown stops a plain-number reading like a label
            "label_after": tuple(
                toml["bare_numbers"]["label_after"] + toml["bare_numbers"]["unnamed_currencies"]
            ),
            "fraction_label_after": tuple(toml["bare_numbers"]["fraction_label_after"]),
            "sign_words": tuple(sorted(toml["bare_numbers"]["sign_words"], key=len, reverse=True)),
            "time_after": tuple(toml["bare_numbers"]["time_after"]),
            "time_before": tuple(toml["bare_numbers"]["time_before"]),
            "year_before": tuple(toml["bare_numbers"]["year_before"]),
        },
        strip_before=tuple(sorted(toml["subject"]["strip_before"], key=len, reverse=True)),
        strip_after=tuple(sorted(toml["subject"]["strip_after"], key=len, reverse=True)),
        subject_verbs=re.compile(
            "|".join(re.escape(v) for v in sorted(toml["subject"]["verbs"], key=len, reverse=True))
        ),
    )


_UNIT_FORMS: dict[int, tuple[Rules, tuple[str, ...]]] = {}


def unit_forms(rules: Rules) -> tuple[str, ...]:
    """Every unit form, as one tuple for ``str.startswith`` (六成三 is 63%, 六成三年 is not).

    Built once per rules object (the rules are kept with it, so its id is never reused)."""
    hit = _UNIT_FORMS.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = _UNIT_FORMS[id(rules)] = (rules, tuple(f for f in rules.units if not f.isascii()))
    return hit[1]


def starts_furniture(text: str, rules: Rules) -> bool:
    """Whether ``text`` (what follows a number) starts with page furniture (阅读, 评论, 赞 …), not
    with a word that only looks like it (赞成, 赞助)."""
    return text.startswith(rules.furniture) and not text.startswith(rules.furniture_not)
