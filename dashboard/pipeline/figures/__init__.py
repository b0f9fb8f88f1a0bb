"""Cited figures: find the quantities an article cites (``claims`` groups equal ones into claims).

Modules, one idea each: ``numerals`` (scan copy and numeral grammar), ``rules`` (lexicon →
patterns), ``candidates`` (a number-with-unit span and its reading), ``glue`` (what the
characters before a number say: a code, a date, the tail of a longer number), ``signs`` (minus
signs and dashes before a number), ``degrees`` (when a number before 度 is a temperature), ``pairs`` (十三、十四度: two
neighbouring numbers as a rough range), ``half`` (a 半 after a unit: 三年半, never 100米半决赛),
``tails`` (spoken digits after a unit: 六成三, 一米八, 体温三十八度五), ``special`` (patterns
with no trailing unit: 百分之十五, 三分之一, four months), ``change`` (small change: 十八块五, 五毛钱),
``winds`` (wind force: 北风3-4级), ``quakes`` (magnitude and intensity: 芮氏規模5.6, 震度4級),
``prices`` (a unit price: 12000元/平方米), ``names`` (names with a numeral that count nothing:
七人欖球), ``bare`` (numbers said with no unit: 人口为一点五亿), ``collect`` (all candidates of a
paragraph, overlaps and ranges),
``subject`` (sentence, subject, claim anchor), ``region`` (which region's writing an article is,
for a bare 元/$) and ``extract`` (the public ``extract_figures``).
"""

from .extract import KINDS, Figure, extract_figures
from .numerals import FULLWIDTH, parse_number, scan_copy, simplified_char
from .rules import alt_pattern, guarded_alt_pattern
from .subject import claim_anchor

# the names tests/test_figures.py has always used for these helpers
_FULLWIDTH = FULLWIDTH
_scan_copy = scan_copy
_simplified_char = simplified_char
_alt = alt_pattern
_guarded_alt = guarded_alt_pattern

__all__ = [
    "FULLWIDTH",
    "KINDS",
    "Figure",
    "alt_pattern",
    "claim_anchor",
    "extract_figures",
    "guarded_alt_pattern",
    "parse_number",
    "scan_copy",
    "simplified_char",
]
