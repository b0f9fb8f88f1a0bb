"""The author: byline labels in the header area or the last lines."""

from __future__ import annotations

import re

from .dates import date_span, is_prose
from .header import LIST_ITEM_RE, MAX_HEADER_LINE, URL_RE, author_label_res
from .publisher import is_outlet_name

# Words that start a label or notice: text glued before a date is an author only without them.
_NOT_AUTHOR_RE = re.compile(
    r"发布|發佈|發布|时间|時間|日期|来源|來源|声明|聲明|更新|阅读|閱讀|回复|回覆|评论|評論|引用|编辑|編輯"
    # a document type before the date (中央銀行新聞稿 95年9月28日發布) names no writer either
    r"|新闻稿|新聞稿|公告|通告|新闻参考资料|新聞參考資料"
    r"|今天|今日"  # a site's clock (今天是:2024年12月22日) names no writer
    # a sentence that dates itself (以上天氣稿由天文台於 DATE 發出): a preposition before the date
    r"|^以上|由\S{1,8}[於于在]$"
    r"|published|posted|updated|date|source",
    re.IGNORECASE,
)


# A reporter's title standing where the name goes (作者:记者 王某): the name follows it.
_TITLE_AS_NAME = ("记者", "記者", "通讯员", "通訊員", "特约记者", "特約記者", "实习生", "實習生")


def _labelled_name(regex: re.Pattern[str], text: str) -> str | None:
    """The name after a byline label, or None when the label is empty: on a page's info line
    (来源:  作者:  时间: 2021-06-04) an empty 作者 field is followed by the next label, and that
    label (时间, 点击, 浏览次数) is no writer."""
    for match in regex.finditer(text):
        name = match.group(1).strip()
        rest = text[match.end() :].lstrip()
        if rest.startswith((":", "：")):
            continue  # the "name" is the next field's label
        # 記者 alone, or the paper's reporter (文/某某報記者 某某): the name follows the title
        if name.endswith(_TITLE_AS_NAME):
            after = re.match(r"\s*([\u4e00-\u9fff]{2,4})(?=\s|$|[,，|｜/／])", text[match.end() :])
            return after.group(1) if after else None
        return name
    return None


# --- author ---------------------------------------------------------------------------------


def find_author(header: list[str], lines: list[str]) -> str | None:
    """A stated byline: 作者:X, Author: X, By X, 文/X, 记者 X, or a name glued before a header date."""
    for text in header:
        if LIST_ITEM_RE.match(text) or len(text) > MAX_HEADER_LINE:
            continue
        for regex in author_label_res():
            match = regex.search(text)
            if match:
                name = _labelled_name(regex, text)
                if name is None:
                    continue
                if not is_outlet_name(name):
                    return name
                # 文｜财新 刘沛林: the outlet, then the writer
                after = text[match.end() :].split()
                if after and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", after[0]):
                    return after[0]
    # labelled author lines elsewhere (a closing "作者：X 编辑：Y" line)
    for line in lines:
        text = line.strip()
        if len(text) <= MAX_HEADER_LINE:
            for regex in author_label_res()[:2]:
                name = _labelled_name(regex, text)
                if name:
                    return name
    for text in header:
        if LIST_ITEM_RE.match(text) or is_prose(text):
            continue
        span = date_span(text)
        if span:
            name = text[: span[0]].strip(" \t\u3000|｜/·-—:：")
            # WeChat: 原创 作者 公众号 date — the first name after the 原创 mark
            name = re.sub(r"^(?:原创|原創)\s+(\S+)(?:\s+\S+)*$", r"\1", name)
            if is_outlet_name(name) or name.endswith(("(", "（", "[", "【")):
                return None  # (a title with its period in brackets: 社區簡訊(2013年9月16日至22日))
            if 2 <= len(name) <= 20 and not _NOT_AUTHOR_RE.search(name) and not URL_RE.search(name):
                return name
            return None
    return None
