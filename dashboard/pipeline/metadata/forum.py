"""A forum post's header: the poster's line (某某 發表於 2018-3-27 16:56) and a bulletin board's
header fields (作者 / 看板 / 標題 / 時間, on one line or several). The poster's name is the author,
never the headline; the board's 標題 field (or the line just above a header without one) is."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import parse_date
from .header import MAX_HEADER_LINE

# 某某 發表於 2018-3-27 16:56 (the post's text may follow on the same line)
_POSTER_RE = re.compile(
    r"^\s*(?P<user>[^\s:：,，。]{1,20}?)\s*(?:發表於|发表于|發佈於|发布于|發表時間|发表时间)\s*[:：]?\s*"
    r"(?P<date>(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
# a bulletin board's header field labels (PTT and its mirrors)
_BBS_LABEL_RE = re.compile(r"(作者|看板|標題|标题|時間|时间)\s*[:：]?\s*")
# the 時間 field: 2009/02/05 04:55 (a mirror's) or Thu Feb  5 04:55:23 2009 (the board's own)
_CTIME_RE = re.compile(
    r"[A-Z][a-z]{2}\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?\s+((?:19|20)\d{2})"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FORUM_LINES = 6


@dataclass
class ForumHeader:
    line: int  # index of the header line among the lines
    title: str | None
    published: dt.date | None
    author: str | None
    rest: str  # what follows the header on its line (a one-line post's text)


def _fields(text: str) -> dict[str, str]:
    """The header's labelled fields, each value up to the next label."""
    marks = list(_BBS_LABEL_RE.finditer(text))
    out: dict[str, str] = {}
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        out.setdefault(m.group(1), text[m.end() : end].strip())
    return out


def _bbs_date(value: str) -> dt.date | None:
    ctime = _CTIME_RE.search(value)
    if ctime and ctime.group(1) in _MONTHS:
        month = _MONTHS.index(ctime.group(1)) + 1
        return dt.date(int(ctime.group(3)), month, int(ctime.group(2)))
    return parse_date(value)


def _strip_nick(value: str) -> str:
    return re.sub(r"\s*[(（][^)）]*[)）].*$", "", value).strip()


def forum_header(lines: list[str]) -> ForumHeader | None:
    """The post's header among the first filled lines, else None."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()][:FORUM_LINES]
    for k, i in enumerate(filled):
        text = lines[i].strip()
        if _BBS_LABEL_RE.match(text):  # the fields one to a line: read them as one header
            run = [text]
            for j in filled[k + 1 :]:
                if not _BBS_LABEL_RE.match(lines[j].strip()):
                    break
                run.append(lines[j].strip())
            text = " ".join(run)
        poster = _POSTER_RE.match(text)
        if poster:
            return ForumHeader(
                i, None, parse_date(poster.group("date")), poster.group("user"), text[poster.end() :].strip()
            )
        found = {m.group(1) for m in _BBS_LABEL_RE.finditer(text)}
        found = {"標題" if f == "标题" else "時間" if f == "时间" else f for f in found}
        if "作者" in found and "時間" in found and ({"看板", "標題"} & found):
            fields = _fields(text)
            title = fields.get("標題") or fields.get("标题")
            if not title and k:
                above = lines[filled[k - 1]].strip()
                title = above if len(above) <= MAX_HEADER_LINE else None
            when = fields.get("時間") or fields.get("时间") or ""
            return ForumHeader(
                i, title or None, _bbs_date(when), _strip_nick(fields.get("作者", "")) or None, ""
            )
    return None


__all__ = ["FORUM_LINES", "ForumHeader", "forum_header"]
