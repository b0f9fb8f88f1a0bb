"""块: colloquial yuan or a count of pieces, told apart by the clause around it.

卖一百二十块 and 花了两千块 are prices (yuan); 摔成3块 and 切成八块 are pieces; 一杯奶茶十五块。
could be either (no price word and no noun to tell), so it gives no reading.
"""

from __future__ import annotations

import re

# 块 is colloquial yuan at the end of a clause about a price: 卖一百二十块, 花了两千块。
_PRICE_WORDS = (
    "价",
    "花",
    "卖",
    "买",
    "费",
    "钱",
    "薪",
    "付",
    "赚",
    "租",
    "售",
    "收",
    "值",
    "贵",
    "便宜",
    "要",
    "涨了",  # 每斤涨了5块: a price moves (not 跌 alone: 冰块跌落摔成3块 is pieces)
    "跌了",
    "加价",
    "减价",
)
_CUT_INTO = re.compile(r"[切分碎掰裂摔劈砍断]成$")  # 摔成3块: pieces
_CLAUSE_END = re.compile(r"[，。；！？,;!?、\s)）」”]|$")


def is_price(scan: str, start: int, end: int) -> bool:
    if re.search(r"\.\d\d块$", scan[start:end]):
        return True  # 3.04块: no count of pieces has cents
    if not (_CLAUSE_END.match(scan, end) or scan.startswith(("以上", "以下", "左右"), end)):
        return False
    if (
        scan[start] in "一二两三四五六七八九十"
        and scan[start:end].rstrip("块").rstrip("多几来")[-1:] in "十百千万"
    ):
        return True  # 这件衣服一百块。, 月入三万多块。: a spoken round amount closing its clause is yuan
    before = re.split(r"[，。；！？,;!?]", scan[max(0, start - 12) : start])[-1]
    return any(w in before for w in _PRICE_WORDS)


def yuan_or_pieces(scan: str, start: int, end: int) -> bool:
    """True when the 块 amount at ``scan[start:end]`` closes its clause with no price word and no
    cutting verb before it: yuan or pieces, nothing tells which."""
    return bool(_CLAUSE_END.match(scan, end)) and not _CUT_INTO.search(scan, 0, start)
