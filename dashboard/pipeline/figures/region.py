"""Which region's writing an article is: mainland, Taiwan, Hong Kong, Macau, Malaysia, Singapore, the US,
Canada, Australia, other or unknown.

The region decides what a bare 元 or $ means (``extract_figures(text, region=...)``). It is read
from marker words in ``data/lexicon/region_markers.csv`` (currencies, places, institutions,
outlets, Cantonese particles), each with a weight: the region with the highest total wins when it
has at least ``_MIN_SCORE`` and twice the runner-up, so one passing mention of 香港 in a
mainland report does not turn its 元 into Hong Kong dollars.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_csv
from ..script import detect_language
from .numerals import scan_copy

# the regions marker words can point to (Macau, Malaysian, Singaporean, US, Canadian and Australian
# Chinese press write a bare 元 or $ for their own pataca, ringgit and dollar), then the two verdicts
# without a lead
SCORED = ("mainland", "taiwan", "hongkong", "macau", "malaysia", "singapore", "usa", "canada", "australia")
REGIONS = (*SCORED, "other", "unknown")
_MIN_SCORE = 4
# traditional script is read as mainland writing only on an overwhelming lead: a Taiwan or Hong
# Kong report on the mainland names its places and bodies too, but also its own (大陸, 兩岸, 港府)
_CONVERTED_SCORE = 12
_CONVERTED_LEAD = 4
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _markers() -> tuple[tuple[str, str, int], ...]:
    return tuple(
        (scan_copy(r["marker"].strip()), r["region"].strip(), int(r["weight"]))
        for r in read_csv("region_markers.csv")
    )


def region_scores(text: str, min_weight: int = 1) -> dict[str, int]:
    """Weighted marker hits per region in ``text`` (any script), counting markers of ``min_weight`` up."""
    scan = scan_copy(text)
    scores = dict.fromkeys(SCORED, 0)
    for marker, region, weight in _markers():
        n = scan.count(marker) if weight >= min_weight else 0
        if n:
            scores[region] += n * weight
    return scores


def article_region(text: str, language: str | None = None, converted: bool = False) -> str:
    """``mainland`` | ``taiwan`` | ``hongkong`` | ``macau`` | ``malaysia`` | ``singapore`` | ``usa`` |
    ``canada`` | ``australia`` | ``other`` | ``unknown`` for one article's text.

    ``language`` (zh-Hans / zh-Hant / en, as ``script.detect_language``) adds the script's
    evidence: simplified writing with no Taiwan or Hong Kong lead is mainland; traditional
    writing is mainland only on an overwhelming lead of mainland markers, or on the usual lead
    when it is ``converted`` (mainland wording in traditional script, ``script.converted_repost``:
    a mirror site's conversion), and otherwise needs only a smaller, clear lead (2 points, more than the
    other side) to be Taiwan or Hong Kong. English needs the full lead.
    """
    language = language or detect_language(text)
    # English reports name Hong Kong or Taiwan as places; only a currency or outlet marks their writing
    scores = region_scores(text, min_weight=3 if language == "en" else 1)
    if language == "zh-Hant":
        others = max(v for k, v in scores.items() if k != "mainland")
        if scores["mainland"] >= _CONVERTED_SCORE and scores["mainland"] >= _CONVERTED_LEAD * others:
            # mainland institutions all through it and next to nothing else: mainland copy a
            # mirror site converted to traditional script (國家統計局…民政廳…國新辦)
            return "mainland"
        if converted and scores["mainland"] >= _MIN_SCORE and scores["mainland"] >= 2 * others:
            return "mainland"  # mainland wording too (信息, 网络): a converted repost, on the usual lead
        scores["mainland"] = 0
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= _MIN_SCORE and top >= 2 * second:
        return best
    if language == "zh-Hant" and top >= 2 and top > second:
        return best
    if language == "zh-Hans" and all(v < _MIN_SCORE for k, v in scores.items() if k != "mainland"):
        return "mainland"
    if not _CJK.search(text) or language == "en":
        return "other"  # English (or other) writing with no Greater China lead
    return "unknown"
