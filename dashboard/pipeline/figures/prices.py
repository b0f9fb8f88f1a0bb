"""Unit prices: an amount of money per a unit of something (12000元/平方米, 80美元/桶, 每平方米8000元,
每桶涨至90美元, 呎價1.2萬港元). The figure stays kind ``money`` with its value and its currency code
as ``unit`` (what readers and other tools expect of money); ``per`` names what it is per (``m2``,
``barrel``, ``kg``, ``sq ft``), so a price per square metre is never summed or compared with a plain
amount. The words are data (``figures.toml [unit_prices]``).
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_toml
from .candidates import Cand
from .rules import Rules, alt_pattern, load_rules

_CLAUSE_BREAK = re.compile(r"[，。；;,！？!?：:\n]")


@cache
def _spec() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """Word → per-unit symbol, the pattern right after an amount and the pattern before one."""
    spec = read_toml("figures.toml")["unit_prices"]
    units = load_rules().units
    per = {w: spec.get("symbol", {}).get(w) or units[w].unit or w for w in spec["per"]}
    alt = alt_pattern(per)
    # 5元/斤, 5元每斤, 12000元 / 平方米 (not 5元/斤装: a pack's weight)
    after = re.compile(rf"[ ]?(?:/|每)[ ]?(?P<u>{alt})(?!装)")
    price_words = dict(spec.get("price_words", {}))
    # 每平方米8000元, 每吨售价815元 (no number between 每 and the unit: 每10股 is no unit price); 呎价
    words_alt = alt_pattern(price_words)
    before = re.compile(rf"每(?P<u>{alt})(?![\d〇零一二两三四五六七八九十百千万])|(?P<w>{words_alt})")
    return {**per, **price_words}, after, before


def per_unit(c: Cand, scan: str, rules: Rules) -> None:
    """Make a money candidate a unit price when its clause says what it is per (``per`` and end set)."""
    if c.kind != "money" or not c.unit or c.per:
        return
    symbols, after, before = _spec()
    m = after.match(scan, c.end)
    if m:
        word = m.group("u")
        c.per, c.end = symbols[word], m.end()
        return
    # the clause before the amount, back to the last break (at most 16 characters)
    lo = max(0, c.start - 16)
    head = scan[lo : c.start]
    brk = list(_CLAUSE_BREAK.finditer(head))
    head = head[brk[-1].end() :] if brk else head
    found = list(before.finditer(head))
    if found:
        word = found[-1].group("u") or found[-1].group("w")
        c.per = symbols[word]
