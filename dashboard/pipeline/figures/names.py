"""Numeral-bearing names (七人榄球, 十项全能): a numeral inside a fixed name counts nothing.

The names live in ``data/lexicon/numeral_names.txt``; they are matched on the scan copy
(simplified, so 七人欖球 is 七人榄球) and dropped like figures.toml's set phrases.
"""

from __future__ import annotations

from functools import cache

from ..lexicon import read_lines
from .numerals import scan_copy


@cache
def numeral_names() -> tuple[str, ...]:
    """Every numeral-bearing name, in the scan copy's spelling."""
    return tuple(dict.fromkeys(scan_copy(name) for name in read_lines("numeral_names.txt")))
