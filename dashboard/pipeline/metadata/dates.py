"""The publication date: header lines, datelines and date codes; the header area itself."""

from __future__ import annotations

import datetime as dt
import re

from .header import (
    HEADER_LINES,
    IMAGE_PLACEHOLDER_RE,
    LIST_ITEM_RE,
    MAX_HEADER_LINE,
    PROSE_PUNCT,
    URL_RE,
    run_in_flags,
)

_TIME = r"(?:[ T\u3000]*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_DATE_RES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)" + _TIME),
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]" + _TIME),
)
# a Hong Kong day-first date (29/07/2024 15:09): read only when the day cannot be a month (over 12),
# since a US page writes the month first (07/08/2024 is not read either way)
# (or with dots, 28.07.2014 09:15, the European way)
_DMY_RE = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2((?:19|20)\d{2})(?![\d/.])" + _TIME)


def _dmy_date(match: re.Match[str]) -> dt.date | None:
    day, month = int(match.group(1)), int(match.group(3))
    return _valid(int(match.group(4)), month, day) if day > 12 else None


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        )
    )
    for m in names.split()
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN_DATE_RE = re.compile(  # Oct 23, 2024
    r"\b(" + _MONTH_ALT + r")\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})\b", re.IGNORECASE
)
_EN_DMY_RE = re.compile(  # 23 October 2024
    r"\b(\d{1,2})\s+(" + _MONTH_ALT + r")\.?,?\s+((?:19|20)\d{2})\b", re.IGNORECASE
)
_DATE_LABEL_RE = re.compile(
    r"(?:[-•·]\s*)?(?:发布时间|發佈時間|發布時間|发表时间|發表時間|发布于|發佈於|發布於|发布日期|發佈日期|發布日期"
    r"|裁判日期|公告日期|发文日期|發文日期|日期|时间|時間|published|posted|updated|date)\s*[:：]?",
    re.IGNORECASE,
)
# a Taiwan (ROC-calendar) date, year + 1911: after 民國 (民國104年6月2日) or a date label
# (發布日期:113-01-13, 裁判日期106 年 12 月 13 日); a bare 113-01-13 is not read
_ROC_DATE_RE = re.compile(
    r"(?:(?:中華民國|中华民国|民國|民国)\s*|(?<=日期)\s*[:：]?\s*)(\d{2,3})\s*"
    r"(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d))"
)


# ... and a bare ROC date stamped as the release date: 95年9月28日發布 (a press release's header)
_ROC_RELEASE_RE = re.compile(
    r"(?<![\d年])(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:發布|发布|發佈|發表|发表)"
)


def _roc_date(match: re.Match[str]) -> dt.date | None:
    month = match.group(2) or match.group(4)
    day = match.group(3) or match.group(5)
    return _valid(int(match.group(1)) + 1911, int(month), int(day))


# Sentence-internal punctuation: a line holding it is prose, not a headline or byline.


_ROC_CODE_RE = re.compile(r"[(（](?:編輯|编辑)\s*[:：][^()（）]{1,20}[)）]\s*(\d{3})(\d{2})(\d{2})\s*$")


# ... and the same code glued to the story's last sentence when a repost drops the editor credit
# (…予以彌平。1021231): only on the last line, after a sentence end, for a wire story
_ROC_CODE_END_RE = re.compile(r"[。」”）)]\s*(\d{3})(\d{2})(\d{2})\s*$")
_TW_WIRE_RE = re.compile(r"(中央社|中央通訊社|中央通讯社)")


def find_date_code(lines: list[str]) -> dt.date | None:
    """Publication date from a Taiwan wire date code after the editor credit (ROC year + 1911)."""
    for line in lines:
        m = _ROC_CODE_RE.search(line.strip())
        if m:
            return _valid(int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3)))
    last = next((ln.strip() for ln in reversed(lines) if ln.strip()), "")
    m = _ROC_CODE_END_RE.search(last)
    if m and 60 <= int(m.group(1)) <= 150 and any(_TW_WIRE_RE.search(ln) for ln in lines):
        return _valid(int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3)))
    return None


# --- date -----------------------------------------------------------------------------------


def parse_date(value: str) -> dt.date | None:
    """A date written as 2024-10-23, 2024/10/23, 2024年10月23日, Oct 23, 2024 or in the ROC
    calendar after 民國 or a date label (發布日期:113-01-13) (None if not)."""
    for regex in _DATE_RES:
        match = regex.search(value)
        if match:
            return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _EN_DATE_RE.search(value)
    if match:
        return _valid(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
    match = _EN_DMY_RE.search(value)
    if match:
        return _valid(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    match = _ROC_DATE_RE.search(value)
    if match:
        return _roc_date(match)
    match = _ROC_RELEASE_RE.search(value)
    if match:
        return _valid(int(match.group(1)) + 1911, int(match.group(2)), int(match.group(3)))
    match = _DMY_RE.search(value)
    if match:
        return _dmy_date(match)
    return None


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_span(line: str) -> tuple[int, int, dt.date] | None:
    """(start, end, date) of the first full date (with a year) in ``line``."""
    for regex in (*_DATE_RES, _EN_DATE_RE, _EN_DMY_RE):
        match = regex.search(line)
        if match:
            date = parse_date(match.group(0))
            if date:
                return match.start(), match.end(), date
    match = _ROC_DATE_RE.search(line)
    if match and _roc_date(match):
        return match.start(), match.end(), _roc_date(match)
    match = _ROC_RELEASE_RE.search(line)
    if match and parse_date(match.group(0)):
        return match.start(), match.end(), parse_date(match.group(0))
    match = _DMY_RE.search(line)
    if match and _dmy_date(match):
        return match.start(), match.end(), _dmy_date(match)
    match = _COMPACT_DATE_RE.match(line.strip())  # (eight digits alone on the line: 20210301)
    date = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
    if date:
        start = line.index(match.group(0))
        return start, start + 8, date
    return None


def is_prose(line: str) -> bool:
    return len(line) > MAX_HEADER_LINE or bool(PROSE_PUNCT.search(line))


_EN_SENTENCE_RE = re.compile(r"[a-z]{2,}[.!?](?:\s|$)")


# a reporter label and the names it lists, joined by enumeration commas (记者 甲某、乙某)
_NAMED_REPORTERS_RE = re.compile(r"(?:记者|記者)[\s:：]*[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+")


def is_prose_around(rest: str) -> bool:
    """Is what surrounds a date prose? A short English byline keeps its commas
    (By Jane Doe, Reuters | …; …, 10:12 a.m. ET) but a Chinese clause or an English sentence is prose."""
    rest = URL_RE.sub(" ", rest)  # a site address beside the date (http://… 1999年7月12日) is no prose
    rest = _NAMED_REPORTERS_RE.sub(" ", rest)  # 记者 甲某、乙某: names listed, not a clause
    if not is_prose(rest):
        return False
    latin_only = not re.search(r"[\u3400-\u9fff，。；、]", rest)
    return not (
        latin_only and len(rest) <= 60 and len(rest.split()) <= 10 and not _EN_SENTENCE_RE.search(rest)
    )


# a CMS meta bar holds several header fields between pipes: DATE: 2025-03-13 | News by: X | …
_FIELD_SPLIT_RE = re.compile(r"\s+[|｜]\s+")


def meta_fields(text: str) -> list[str]:
    """The fields of a pipe-separated meta bar (three or more), else the line itself."""
    fields = [f.strip() for f in _FIELD_SPLIT_RE.split(text) if f.strip()]
    return fields if len(fields) >= 3 and not re.search(r"[。，！？]", text) else [text]


def header_lines(lines: list[str]) -> list[str]:
    """The first non-empty lines, up to the first prose line (the body has begun); a meta bar
    counts as one line and gives its fields. A line met again (a headline or section label a
    responsive page prints twice or three times) does not count twice."""
    header: list[str] = []
    taken = 0
    seen: set[str] = set()
    for line in lines:
        text = line.strip()
        if not text or IMAGE_PLACEHOLDER_RE.match(text) or (text in seen and not is_prose(text)):
            continue
        seen.add(text)
        if taken >= HEADER_LINES:
            break
        taken += 1
        flags = run_in_flags(text) if is_prose(text) else []
        if flags:  # a one-line page's header run into its body: the part before the last flag
            header.append(text[: flags[-1]].strip())
        header.extend(meta_fields(text))
    return header


def find_published(header: list[str], lines: list[str]) -> dt.date | None:
    """Publication date from a dateline in the header area or a labelled line (发布时间: …).

    A date inside a body sentence, or one without a year (3月5日), is never taken. A crawler's
    ``date 2025-10-18`` stamp is the date the page was stored: used only when nothing else says.
    """
    residue: dt.date | None = None
    for text in header:
        if _beside_weather(text, lines):
            continue  # today's date beside the weather (2015-02-05 (星期四) / 14º): the page's, not the article's
        if _TODAY_RE.match(text):
            continue  # a site's clock (今天是:2024年12月22日 星期日): the day the page was seen
        if LIST_ITEM_RE.match(text):
            text = LIST_ITEM_RE.sub("", text)
            if not _DATE_ONLY_RE.match(text):
                continue  # a menu item; a bulleted date alone (• 2013年4月26日) is the dateline
        compact = _COMPACT_DATE_RE.match(text)
        if compact:  # a date written as eight digits on a line of its own (20210301)
            date = _valid(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
            if date:
                return date
        span = date_span(text)
        if span and RANGE_AFTER_RE.match(text[span[1] :]):
            continue  # a period (2013年9月16日至22日) names what a digest covers, not its date
        # the date itself may hold a comma (August 27, 2025): judge the rest of the line
        if span and not is_prose_around(text[: span[0]] + " " + text[span[1] :]):
            if _CRAWLER_STAMP_RE.match(text):
                residue = residue or span[2]
                continue
            return span[2]
    for line in lines:
        text = line.strip()
        label = _DATE_LABEL_RE.match(text)
        if label and len(text) <= MAX_HEADER_LINE and not _CRAWLER_STAMP_RE.match(text):
            # (an ROC-calendar date is read with its label: 裁判日期106 年 12 月 13 日)
            span = date_span(text[label.end() :]) or date_span(text)
            if span:
                return span[2]
    return residue


# a site's "today is" clock in its top bar
_TODAY_RE = re.compile(r"^\s*(?:今天是|今日是|Today is)\s*[:：]?", re.IGNORECASE)


# the end of a period after a date: 至22日, 到9月30日, –25日, ~10/5
RANGE_AFTER_RE = re.compile(r"^\s*(?:至|到|~|～|–|—|-)\s*\d")


# a masthead's weather reading under today's date: 14º, 28°C, 19-24℃
_WEATHER_RE = re.compile(r"^-?\d{1,2}(?:\s*[-–~至]\s*-?\d{1,2})?\s*(?:º|°C?|℃)\s*$")


def _beside_weather(text: str, lines: list[str]) -> bool:
    """Is the line after ``text`` (in ``lines``, blank lines skipped) a weather reading?"""
    filled = [ln.strip() for ln in lines[:60] if ln.strip()]  # (the header is near the top)
    for i, ln in enumerate(filled[:-1]):
        if ln == text:
            return bool(_WEATHER_RE.match(filled[i + 1]))
    return False


# a date and nothing else (a time may follow)
_DATE_ONLY_RE = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
# a date as eight digits, alone on a header line (20210301); never inside text (an order number)
_COMPACT_DATE_RE = re.compile(r"^((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
# a crawler's own stamp ahead of the page text (" date 2025-10-18 "): lower-case label, date only
_CRAWLER_STAMP_RE = re.compile(r"^(?:date|time)\s+\d{4}-\d{2}-\d{2}\s*$")
