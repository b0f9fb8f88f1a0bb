"""块: colloquial yuan or a count of pieces, told apart by the clause around it.

卖一百二十块 and 花了两千块 are prices (yuan); 摔成3块 and 切成八块 are pieces; 一杯奶茶十五块。
could be either (no price word and no noun to tell), so it gives no reading. The same holds for
角 after a Chinese digit: 车费上调四角 is dimes, 房间四角 four corners (``fare_dimes``).
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_toml

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
# a quantity right after the amount: what the money buys (3块三个, 十块五斤)
_QUANTITY_AFTER = re.compile(r"[一二两三四五六七八九十\d]+[个只件斤把根条张本瓶包盒袋碗杯箱颗粒串]")
_CLAUSE_END = re.compile(r"[，。；！？,;!?、\s)）」”]|$")


# 3块到5块之间: the upper end of a range of 块 closes the clause for both ends
_RANGE_TAIL = re.compile(r"[ ]?(?:到|至|-|~|～)[ ]?(?:\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千万]+)块")


def _range_end(scan: str, end: int) -> int:
    tail = _RANGE_TAIL.match(scan, end)
    return tail.end() if tail else end


def price_clause(scan: str, start: int) -> bool:
    """True when the clause before ``start`` speaks of a price (房价, 卖, 花了 …)."""
    before = re.split(r"[，。；！？,;!?]", scan[max(0, start - 12) : start])[-1]
    return any(w in before for w in _PRICE_WORDS)


def is_price(scan: str, start: int, end: int) -> bool:
    end = _range_end(scan, end)
    if re.search(r"\.\d\d块$", scan[start:end]):
        return True  # 3.04块: no count of pieces has cents
    if not (_CLAUSE_END.match(scan, end) or scan.startswith(("以上", "以下", "左右", "之间", "不等"), end)):
        return False
    if (
        scan[start] in "一二两三四五六七八九十"
        and scan[start:end].rstrip("块").rstrip("多几来")[-1:] in "十百千万"
    ):
        return True  # 这件衣服一百块。, 月入三万多块。: a spoken round amount closing its clause is yuan
    return price_clause(scan, start)


# a price word that a single-digit 块 needs: 买了两块 / 要两块 / 收了三块 / 卖了两块 are as often
# two pieces bought, wanted, received or sold as two yuan
_SMALL_PRICE_WORDS = (
    "价",
    "费",
    "贵",
    "便宜",
    "涨了",
    "跌了",
    "花",
    "付",
    "值",
    "钱",
    "薪",
    "租",
    "赚",
    "门票",
)
_SELLS = re.compile(r"[卖售](?![了出掉过])")


def sure_price_clause(scan: str, start: int) -> bool:
    """True when the clause before ``start`` surely speaks of a price (票价, 花了, 卖), not of
    buying, wanting, receiving or enrolling (买了, 要, 招收)."""
    before = re.split(r"[，。；！？,;!?]", scan[max(0, start - 12) : start])[-1]
    return any(w in before for w in _SMALL_PRICE_WORDS) or bool(_SELLS.search(before))


def is_small_price(scan: str, start: int, end: int) -> bool:
    """True when a one-digit 块 (猪肉卖五块, 票价两块) is a price: is_price with a word that
    speaks of a price, not of buying or selling pieces."""
    return is_price(scan, start, end) and sure_price_clause(scan, start)


def yuan_or_pieces(scan: str, start: int, end: int) -> bool:
    """True when the 块 amount at ``scan[start:end]`` closes its clause with no price word and no
    cutting verb before it, or is followed by what it buys (3块三个): yuan or pieces, nothing
    tells which."""
    if _QUANTITY_AFTER.match(scan, end):
        return True  # 苹果3块三个: three for three yuan, or three pieces? nothing
    return bool(_CLAUSE_END.match(scan, _range_end(scan, end))) and not _CUT_INTO.search(scan, 0, start)


@cache
def _fare_cues() -> tuple[str, ...]:
    """Words of a fare or a price change before a Chinese digit and 角 (``figures.toml [fares]``)."""
    return tuple(read_toml("figures.toml")["fares"]["dime_cues"])


def fare_dimes(scan: str, start: int, jiao_end: int, digit: str) -> bool:
    """True when the digit and 角 at ``start`` are money: 三角钱, an Arabic digit (涨了5角), or a
    Chinese digit after a fare or price word (车费上调四角); 房间四角, 三角形 are corners and shapes."""
    if scan.startswith("钱", jiao_end) or digit.isdigit():
        return True
    return any(w in scan[max(0, start - 8) : start] for w in _fare_cues())
