"""A list after 分别 / 依次 whose unit is written once, after its last number.

分别为47、55和61微克/立方米 gives three figures, 分别高0.7、1.4个百分点 two: the bare numbers before
the last one take its unit. Only after 分别 or 依次 (each in turn), which says the numbers are
values of one kind; a bare list elsewhere (1、2号线, 8、9月) is left alone. 分别回升2.9个、23.9个百分点
writes 个 alone for 个百分点: such an item is read in percentage points too. A scale word on the
last number is every item's (分别为3、5万元: 30,000 and 50,000 yuan).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .candidates import Cand

_NUM = r"\d+(?:\.\d+)?"
# 分别 or 依次, up to four words (为, 是, 高, 较上年增长 …), then the list items before the last one
_LIST = re.compile(
    rf"(?:分别|依次)[^\d，。；;,！？!?]{{0,6}}?(?P<items>(?:{_NUM}(?:个)?[ ]?[、和及与][ ]?)+)(?={_NUM})"
)
_ITEM = re.compile(rf"(?P<n>{_NUM})(?P<ge>个)?")
_LEAD = re.compile(_NUM)
_KINDS = frozenset({"percent", "money", "measure", "count"})


def shared_unit(scan: str, cands: list[Cand]) -> list[Cand]:
    """``cands`` (sorted, not overlapping) with the items of each 分别 list added or re-read."""
    if "分别" not in scan and "依次" not in scan:
        return cands
    by_start = {c.start: c for c in cands}
    out = list(cands)
    for m in _LIST.finditer(scan):
        last = by_start.get(m.end())
        if last is None or last.kind not in _KINDS or last.value_max is not None:
            continue
        lead = _LEAD.match(scan, last.start)
        if lead is None or float(lead.group(0)) <= 0:
            continue  # a last value written in words: no shared reading
        scale = last.value / float(lead.group(0))  # 分别为3、5万元: 万 is every item's scale
        items = list(_ITEM.finditer(scan, m.start("items"), m.end("items")))
        if any(it.group("ge") for it in items) and last.unit != "pp":
            continue  # 2个、3个小组: counts of their own, not a shared unit
        for it in items:
            start, end = it.start(), it.end()
            old = by_start.get(start)
            if old is not None and not (it.group("ge") and old.unit == "个"):
                continue  # an item with a unit of its own keeps it
            if old is None and any(c.start < end and start < c.end for c in out):
                continue
            new = replace(
                last, start=start, end=end, value=float(it.group("n")) * scale, qualifier=None, priority=1
            )
            if old is not None:
                out.remove(old)
            out.append(new)
    return sorted(out, key=lambda c: c.start)
