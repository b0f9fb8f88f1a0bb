"""Which way a figure moved, from the word just before it (``下降3%`` → down).

The number is never changed: 下降3% stays 3 with direction ``down``, and a sign written on the
number (负2.7%) is the number's own. Words live in ``data/lexicon/directions.csv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import read_csv
from ..script import to_simplified

# how far back a direction word may stand from the number, within its clause
WINDOW = 24
_CLAUSE_BREAK = re.compile(r"[，。；！？,;!?：:\n]")


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = read_csv("directions.csv")
    words = {r["word"].strip().lower(): r["direction"].strip() for r in rows if r.get("word")}
    latin = sorted((w for w in words if w.isascii()), key=len, reverse=True)
    han = sorted((w for w in words if not w.isascii()), key=len, reverse=True)
    parts = []
    if latin:
        parts.append(r"\b(?:" + "|".join(map(re.escape, latin)) + r")\b")
    if han:
        parts.append("|".join(map(re.escape, han)))
    return re.compile("|".join(parts), re.I), words


def find_direction(text: str, start: int) -> str | None:
    """``up`` or ``down`` when a direction word stands before ``text[start:]`` in its clause."""
    lo = max(0, start - WINDOW)
    window = text[lo:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    if not window:
        return None
    pattern, words = _pattern()
    found = None
    for m in pattern.finditer(to_simplified(window)):
        found = m.group(0).lower()
    direction = words.get(found) if found else None
    return direction if direction in ("up", "down") else None
