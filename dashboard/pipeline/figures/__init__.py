"""Cited figures: find the quantities an article cites (``claims`` groups equal ones into claims).

Modules, one idea each: ``numerals`` (scan copy and numeral grammar), ``rules`` (lexicon →
patterns), ``candidates`` (a number-with-unit span and its reading), ``special`` (patterns with
no trailing unit: 百分之十五, 三分之一, 十八块五, four months), ``collect`` (all candidates of a
paragraph, overlaps and ranges), ``subject`` (sentence, subject, claim anchor), ``region`` (which
region's writing an article is, for a bare 元/$) and ``extract`` (the public ``extract_figures``).
"""

from .extract import KINDS, Figure, extract_figures
from .numerals import _FULLWIDTH, _scan_copy, _simplified_char, parse_number
from .rules import _alt, _guarded_alt
from .subject import claim_anchor

__all__ = [
    "KINDS",
    "Figure",
    "_FULLWIDTH",
    "_alt",
    "_guarded_alt",
    "_scan_copy",
    "_simplified_char",
    "claim_anchor",
    "extract_figures",
    "parse_number",
]
