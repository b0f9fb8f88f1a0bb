"""Table unit labels: a scale and a unit with no numeral that says what a table's numbers count.

(百萬澳門元), 单位：亿元, 以百万美元计 head a table or a list of amounts; read as an implied 一
they would be one million patacas or one hundred million yuan, amounts nobody stated.
"""

from __future__ import annotations

_LABEL_BEFORE = ("(", "（", "[", "【", "单位：", "单位:", "單位：", "單位:", "以", "按")
_LABEL_AFTER = (")", "）", "]", "】", "计", "計", "为单位", "為單位")


def unit_label(scan: str, start: int, end: int) -> bool:
    """True when the numeral-less amount at ``scan[start:end]`` is bracketed, follows 单位：/以/按,
    or is closed by 计/为单位: a table's unit label, no amount."""
    before = scan[max(0, start - 3) : start].rstrip(" ")
    return before.endswith(_LABEL_BEFORE) or scan.startswith(_LABEL_AFTER, end)
