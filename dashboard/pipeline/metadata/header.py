"""The header area (the first lines, before the body proper) and the line shapes every finder shares."""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_toml

# The header area is the first few non-empty lines, before the body proper starts.
HEADER_LINES = 6
# Longest line still read as a headline, byline or dateline (characters).
MAX_HEADER_LINE = 80
URL_RE = re.compile(r"https?://[^\s<>\"'“”()（）\[\]]+", re.IGNORECASE)
# (a colon inside a clock time, 08:42北京时间16:42发表, is not a label's colon)
PROSE_PUNCT = re.compile(r"[，。；、,;]|(?<!\d)[:：]\s*\S{12,}")
BYLINES_FILE = "bylines.toml"


@cache
def author_label_res() -> tuple[re.Pattern[str], ...]:
    """Byline labels, in priority order: 作者:X, Author: X, By X, 文/X, then <newsroom>记者 X (the
    newsrooms from ``bylines.toml``)."""
    prefixes = "|".join(read_toml(BYLINES_FILE)["reporter_prefixes"])
    return (
        # the name ends at the next label (撰文:編輯部圖片來源:…)
        re.compile(
            r"(?:^|\s|[|｜])(?:作者|撰文|撰稿|文字)\s*[:：]\s*"
            r"((?:(?!图片|圖片|来源|來源|摄影|攝影)[^\s,，;；|｜/:：]){1,20})"
        ),
        re.compile(
            r"(?:^|\s)(?:author|written by)\s*[:：]\s*([A-Za-z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){0,3})",
            re.IGNORECASE,
        ),
        re.compile(r"^\s*(?i:by)\s+([A-Z][\w.'-]*(?:\s+(?:and\s+)?[A-Z][\w.'-]*){0,5})\s*$"),
        re.compile(r"(?:^|\s)文\s*[/／|｜]\s*([^\s,，;；|｜/]{1,20})"),
        re.compile(rf"(?:^|\s)(?:{prefixes})?记者\s*[:：]?\s*([\u4e00-\u9fff]{{2,4}})(?=\s|$|[,，、|｜/／])"),
        re.compile(rf"(?:^|\s)(?:{prefixes})?記者\s*[:：]?\s*([\u4e00-\u9fff]{{2,4}})(?=\s|$|[,，、|｜/／])"),
    )


# a one-line page runs its header into the body: 标题 标题 2024年6月3日 13:38 【某某台】正文…
_CLAUSE_RE = re.compile(r"[，。,；;！？!?]")
_SPACED_FLAG_RE = re.compile(r"[ \u3000]+(?=【[^】]{2,24}】)")


def run_in_flags(text: str, limit: int = 120) -> list[int]:
    """Where a bracketed flag (【…】) set off by a space starts in a line's opening, before any clause
    punctuation: what stands before such a flag is the page's header (headline, date), not prose."""
    head = text[:limit]
    cut = _CLAUSE_RE.search(head)
    head = head[: cut.start()] if cut else head
    return [m.end() for m in _SPACED_FLAG_RE.finditer(head)]


IMAGE_PLACEHOLDER_RE = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)|\[(?:图片|圖片|image)\])\s*$", re.IGNORECASE)
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•·▪●]|\d+[.、)）])\s")
