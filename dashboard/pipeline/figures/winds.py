"""Wind force on the Beaufort scale: 七级风, 风力达7级以上, 阵风10级, 北风3-4级 (unit Bft).

A number before 级 is a force only with a wind word next to it (not 7级地震, 三级警戒, 风险评级3级);
the wind words are data (``figures.toml [winds]``).
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_toml
from .candidates import Cand
from .glue import blocked_left
from .numerals import parse_number

_D1 = "一二两三四五六七八九"
_WIND_N = rf"(?:\d{{1,2}}|[{_D1}十]{{1,3}})"


@cache
def _spec() -> tuple[re.Pattern, tuple[str, ...], re.Pattern]:
    """The force pattern (a wind word after 级 may close it), the words before it that name a wind and
    the pattern of a wind named by its direction after it."""
    winds = read_toml("figures.toml")["winds"]
    after = "|".join(map(re.escape, sorted(winds["after"], key=len, reverse=True)))
    pattern = re.compile(
        rf"(?<![\d.{_D1}十])(?P<n>{_WIND_N})(?:(?:到|至|-|~)(?P<n2>{_WIND_N}))?[ ]?级(?P<wind>{after})?"
    )
    # 北风3-4级, 东南风4级, 偏东风: a wind named by its direction (东风 is also in 东北风 and 偏东风)
    before = (*winds["before"], *(d + "风" for d in winds["directions"]))
    # 吹四至五级东至东北风, 三至四级偏东风: the wind named by its direction right after the force
    d = "[" + "".join(map(re.escape, winds["directions"])) + "]{1,2}"
    direction_after = re.compile(rf"偏?{d}(?:(?:至|到|转)偏?{d})?风")
    return pattern, before, direction_after


def wind_force(scan: str) -> list[Cand]:
    """Wind force figures in ``scan`` (a simplified scan copy)."""
    if "级" not in scan or "风" not in scan:
        return []
    pattern, before_words, direction_after = _spec()
    out: list[Cand] = []
    for m in pattern.finditer(scan):
        before = scan[max(0, m.start() - 6) : m.start()]
        after = scan[m.end() : m.end() + 2]
        named = (
            m.group("wind") or any(w in before for w in before_words) or direction_after.match(scan, m.end())
        )
        if not named or after.startswith(("地", "震")):
            continue
        if blocked_left(scan, m.start()):
            continue
        v, _ = parse_number(m.group("n"))
        v2 = parse_number(m.group("n2"))[0] if m.group("n2") else None
        if v2 is not None and not (v2 == v2 and v2 > v):
            continue  # 风力四到五级 is read whole or not at all
        if v == v and 0 < v <= 17 and (v2 is None or v2 <= 17):
            end = m.end("wind") - len(m.group("wind")) if m.group("wind") else m.end()
            out.append(Cand(m.start(), end, "measure", v, v2, "Bft", 1))
    return out
