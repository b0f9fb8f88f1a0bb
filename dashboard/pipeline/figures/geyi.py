"""亿 counted with 个 (spoken amounts): 一个亿, 两个多亿, 一个多亿元, 30多个亿美元.

Spoken and colloquial Chinese counts hundreds of millions with the measure word 个: 三个亿 is
300,000,000 and 一个多亿 / 30多个亿 "a hundred million and more" / "three billion and more" (the
value is the lower bound, 多 goes to the qualifier). A currency word after 亿 makes it money
(元 is a bare yuan, settled like any other); without one it is a number said with no unit.
几个亿 and 十几个亿 are vague and give nothing.
"""

from __future__ import annotations

import re
from functools import cache

from .candidates import Cand, excluded_before
from .glue import blocked_left
from .numerals import AR, parse_number
from .rules import Rules, alt_pattern

# the count of 亿: Arabic (30) or a Chinese numeral below 万 (一, 两, 三十, 一百二十)
_COUNT = rf"(?:{AR}|[一二两三四五六七八九十百千]+)"


@cache
def _pattern(money_words: tuple[str, ...]) -> re.Pattern:
    """Built once per set of money words (the rules' ``money_words_cn``)."""
    return re.compile(
        rf"(?<![\d.〇零一二两三四五六七八九十百千万亿几数])(?P<n>{_COUNT})"
        rf"(?P<more>个多|多个|个)亿(?P<cur>{alt_pattern(money_words)})?"
    )


def geyi_amounts(scan: str, rules: Rules) -> list[Cand]:
    """The 个亿 amounts of a paragraph (scan copy), as candidates."""
    out: list[Cand] = []
    if "个" not in scan or "亿" not in scan:
        return out
    for m in _pattern(rules.money_words_cn).finditer(scan):
        n = m.group("n")
        value, vmax = parse_number(n)
        if vmax is not None or value != value or value <= 0 or "几" in n:
            continue
        if blocked_left(scan, m.start()) or excluded_before(scan, m.start(), rules):
            continue  # 第三个亿, 每个亿
        qualifier = "多" if "多" in m.group("more") else None
        cur = m.group("cur")
        if cur:
            unit = rules.units[cur]
            bare = cur in rules.bare_yuan_forms
            out.append(
                Cand(m.start(), m.end(), "money", value * 1e8, None, unit.unit, 3, bare, qualifier=qualifier)
            )
        else:
            out.append(Cand(m.start(), m.end(), "number", value * 1e8, None, None, 3, qualifier=qualifier))
    return out
