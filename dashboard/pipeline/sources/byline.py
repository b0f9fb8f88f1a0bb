"""The page's own byline (新京报讯, 某报(记者 王某), 某报／记者王某／台北报导): its outlet is the
publisher signing the article, not a source the article cites (a page does not cite itself)."""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_toml
from .outlets import CUES_FILE, alternation

# what may stand before the outlet's name at a paragraph's start: an opening bracket, 文/ or 来源:
_LEAD_RE = re.compile(r"^\s*(?:文\s*[/／|｜]\s*)?[【\[〔(（]?\s*$")
# a Han name of two to four characters
_NAME = r"[\u4e00-\u9fff]{2,4}"


@cache
def _after_re() -> re.Pattern[str]:
    c = read_toml(CUES_FILE)
    marks = alternation(c["own_byline_marks"])
    labels = alternation(c["own_byline_labels"])
    reporters = alternation(c["reporter_words"])
    return re.compile(
        rf"\s*(?:"
        # 新京报讯 / 某报专讯 … (讯 not of 通讯社); 某网消息: needs its colon
        rf"(?:{marks})(?![社息号])|(?:{labels})\s*[:：]"
        # 中国网6月11日讯 / 某某网北京10月8日消息: a dated dateline needs no colon
        rf"|[\u4e00-\u9fff]{{0,8}}?(?:(?:19|20)\d{{2}}\s*年\s*)?(?:\d{{1,2}}\s*月\s*)?\d{{1,2}}\s*日\s*"
        rf"(?:(?:{marks})(?![社息号])|(?:{labels}))"
        # 某报(记者 王某) / 某报记者 王某
        rf"|[(（]\s*(?:{reporters})|(?:{reporters})\s*{_NAME}(?=\s|$|[)）/／|｜,，]|报道|报导)"
        # 某报／记者王某／台北报导
        rf"|[/／|｜]\s*(?:(?:{reporters})\s*)?{_NAME}\s*[/／|｜]"
        rf")"
    )


def is_own_byline(low: str, start: int, end: int) -> bool:
    """True when the outlet name at ``low[start:end]`` (simplified, lower-cased paragraph) opens the
    paragraph as the publisher's own byline rather than as a cited source."""
    return bool(_LEAD_RE.match(low[:start]) and _after_re().match(low, end))


def signs_as_byline(rest: str) -> bool:
    """True when ``rest``, what follows an outlet's name that opens a line (simplified, lower-cased),
    makes the line the outlet's own byline (讯, (记者 X), ／X／place报导, 消息:, place+date+讯/消息)."""
    return bool(_after_re().match(rest))
