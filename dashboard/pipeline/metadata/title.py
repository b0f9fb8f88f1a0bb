"""The title: supplied, or the first header line that reads like a headline."""

from __future__ import annotations

import re

from .. import wire
from ..clean.pinyin import strip_pinyin
from .dates import RANGE_AFTER_RE, date_span, is_prose, is_prose_around
from .header import IMAGE_PLACEHOLDER_RE, LIST_ITEM_RE, MAX_HEADER_LINE, URL_RE, author_label_res
from .publisher import MASTHEAD_LINES, is_outlet_name, masthead_line, media_name, strip_site

_TITLE_BAD_END = tuple("，。；：、,;:")


# --- title ----------------------------------------------------------------------------------


ORIGINAL_TITLE_RE = re.compile(
    r"^[(（]?\s*(?:原标题|原標題|original title)\s*[:：]\s*|[)）]\s*$", re.IGNORECASE
)
# 【headline】 opening a news flash; not an outlet's flag (【明報專訊】, 【TechWeb】)
_BRACKET_TITLE_RE = re.compile(r"^【([^【】]{6,60})】\s*\S")
# a CMS related-links line that repeats the article's title: 与《X》相关的文章
_TITLE_CUE_RE = re.compile(
    r"^\s*(?:与|與)《(.{4,80})》(?:相关|相關)的?(?:文章|新闻|新聞|阅读|閱讀)"
    # a repost's footer that labels the title it copied: 標題：X (with 地址：/網址： beside it)
    r"|^\s*(?:标题|標題)\s*[:：]\s*(\S.{3,79})$"
)
_SECTION_NO_RE = re.compile(r"^(?:0?\d{1,2}|[一二三四五六七八九十]{1,3}|Part\s+\d+)$", re.IGNORECASE)
# a photo caption between a headline and its byline: ▲… / （圖／記者X攝） / (photo: …)
_CAPTION_RE = re.compile(
    r"^[▲△▼▽■◆]|[（(]\s*(?:圖|图|攝|摄|photo|file)|(?:攝|摄)\s*[)）]\s*$|(?:記者|记者)\s*\S{2,4}\s*(?:攝|摄)\s*$"
    # a file photo's credit closing the caption: …今天全國停班停課。本報資料照片
    r"|(?:資料|资料)(?:照片|圖片|图片|圖|图)\s*$",
    re.IGNORECASE,
)
_NAV_RE = re.compile(r"[>›»].*[>›»]")
# a bar of teaser headlines run together (甲事件!乙事件!丙事件!): three or more exclamations
_TEASER_RUN_RE = re.compile(r"(?:[!！?？][^!！?？]+){2}[!！?？]")
_ISO_DATE_START_RE = re.compile(r"^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s|$)")
# an outlet's flag opening a news flash: 【Now新聞台】, 【明報專訊】
_FLAG_RE = re.compile(r"^\s*【[^】]{2,12}】\s*")
_SENTENCE_END_RE = re.compile(r"[。！？]|[a-z0-9)][.!?](?:\s|$)")


# a list bullet or a Markdown heading mark before a title (• 标题, ## 标题), emphasis around it
_BULLET_RE = re.compile(r"^\s*(?:[•·▪●◆■]|#{1,6}(?=\s)|\*(?=\s))\s*")
_EMPHASIS_RE = re.compile(r"^(\*\*|__)(.+)\1$")


_BUTTON_AFTER_RE = re.compile(
    r"\s+(?:下载公告|下載公告|下载全文|下載全文|下载附件|下載附件|下载PDF|下載PDF|打印本页|列印本頁)$",
    re.IGNORECASE,
)


def tidy_title(title: str) -> str:
    """A title without the list bullet a menu-style page puts before it (• 标题) or the Markdown
    marks of an export (## 标题, **标题**)."""
    title = _BULLET_RE.sub("", title).strip()
    # a table cell's pipe left after the headline (今早雨量逾40毫米 |)
    title = re.sub(r"\s+[|｜]$", "", title)
    # a download or print button beside the headline on a notice page (某某公告 下载公告)
    title = _BUTTON_AFTER_RE.sub("", title)
    return _EMPHASIS_RE.sub(r"\2", title).strip()


def find_title_cue(lines: list[str]) -> str | None:
    """The title repeated by the page's related-links line (与《X》相关的文章)."""
    for line in lines:
        m = _TITLE_CUE_RE.match(line)
        if m:
            return (m.group(1) or m.group(2)).strip()
    return None


# a breadcrumb (新聞 > 財經), a theme's lower-case widget label (leaf top), a newspaper's name alone
_BREADCRUMB_RE = re.compile(r"^[^\s>›»]{1,8}\s*[>›»]\s*[^\s>›»]{1,8}$")
_WIDGET_RE = re.compile(r"^[a-z]+(?: [a-z]+)?$")


def is_breadcrumb(text: str) -> bool:
    """A two-level breadcrumb (新聞 > 財經): cleaning cuts it, but it still marks where the
    headline under it starts; so does a breadcrumb whose arrows were images (生活 正文)."""
    return bool(_BREADCRUMB_RE.match(text.strip()) or _BARE_CRUMB_RE.match(text.strip()))


def is_record_field(text: str) -> bool:
    """A record's labelled field (公告编号：…, 審理法院:…, 案件類型:…), never a headline."""
    text = text.strip()
    return bool(_FIELD_LABEL_RE.match(text) or _COURT_FIELD_RE.match(text))


def is_section_word(text: str) -> bool:
    """A page's section label alone, one short word (政治, 国际): it marks where the headline starts."""
    return bool(_SECTION_WORD_RE.match(text.strip()))


# a breadcrumb's words with its arrows lost: the channel, then 正文 (the page is the article)
_BARE_CRUMB_RE = re.compile(r"^\S{1,6}\s+正文$")


# a menu of short items between pipes: 首页 | 新闻 | 财经 | 生活
_MENU_RE = re.compile(r"^[^|｜]{1,8}(?:\s*[|｜]\s*[^|｜]{1,8}){2,}$")
# a Markdown export's front-matter field (layout: post, source: …)
_FRONT_MATTER_RE = re.compile(r"^[a-z_]{2,20}:\s")
# a section label alone (菲國新聞, 國際要聞, 本地快訊): the page's section, not the article's headline
_SECTION_LABEL_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,4}(?:新闻|新聞|要闻|要聞|快讯|快訊|发布|發布|發佈|新知|动态|動態)$"
)
# a numbered section head of a report or notice (一、重要提示 / （二）主要产品 / 第一节 重要提示 /
# ① 概况): a part of the article, never its headline (一、二线城市 is a list of numbers, not a head)
_SECTION_HEAD_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、．](?![一二三四五六七八九十])"
    r"|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]"
    r"|第\s*[一二三四五六七八九十\d]{1,3}\s*[章节節部篇](?:\s|$)"
    r"|[①-⑳])"
)
# a labelled form field (卷宗編號：470/2018, 公告编号：2024-001): a record's field, not a headline
_FIELD_LABEL_RE = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:编号|編號|文号|文號|代码|代碼)\s*[:：]")
# a portal's own name (某某特別行政區政府入口網站, 某某市人民政府门户网站)
_PORTAL_NAME_RE = re.compile(r"(?:入口网站|入口網站|门户网站|門戶網站|门户网|門戶網)$")
# a court's case number as a judgment's own title: 臺灣某某地方法院106年度訴字第34號
_CASE_NUMBER_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}(?:法院|法庭)[\u4e00-\u9fff]{0,6}\d{2,3}\s*年度\s*[\u4e00-\u9fff]{1,6}字第\s*\d{1,6}\s*[號号]$"
)
# a yearless time stamp with the time of day (發布於 10月21日03:49): a byline's, never prose
_YEARLESS_STAMP_RE = re.compile(r"(?<!\d)\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}(?!\d)")
_PAPER_NAME_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,4}(?:日报|日報|时报|時報|商报|商報|晚报|晚報|邮报|郵報|新闻网|新聞網)$"
)


# the alt text of a site's logo, first in a scrape: 《当今大马》标志, Example News logo
_LOGO_ALT_RE = re.compile(r"^(?:《[^》]{1,20}》\s*|\S.{0,30}\s)(?:标志|標誌|标识|標識|logo|Logo|LOGO)$")


# a source label (來源:某某網, 出处：某报): where the story came from, never its headline
_SOURCE_LABEL_RE = re.compile(r"^\s*(?:来源|來源|出处|出處|稿源|转自|轉自)\s*[:：]")
# a menu toggle naming the site's sections (全部栏目, 更多频道)
_NAV_LABEL_RE = re.compile(
    r"^(?:全部|所有|更多|热门|熱門)(?:栏目|欄目|频道|頻道|分类|分類)$"
    r"|^我的(?:频道|頻道|收藏|订阅|訂閱|账户|賬戶|帳戶)$"  # a site's personal menu (我的頻道)
)
# a location line, its colon or arrows lost (您的位置首页  新闻  正文): the page's place, not a headline
_LOCATION_RE = re.compile(
    r"^\s*(?:现在位置|現在位置|當前位置|当前位置|您的位置|你的位置|所在位置|您现在的位置|您現在的位置)"
)
# a judgment page's fields (審理法院:某某縣人民法院, 案號:…), listed above the case, never its headline
_COURT_FIELD_RE = re.compile(
    r"^(?:审理法院|審理法院|承办法院|承辦法院|审判法院|審判法院|案号|案號|案件类型|案件類型|案由)\s*[:：]"
)
# a section label alone on the first line, one short word (政治, 国际, 娛樂)
_SECTION_WORD_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# a judgment page's standard part heads (審理經過, 本院認為): parts of the document, never its headline
_COURT_PART_RE = re.compile(
    r"^(?:审理经过|審理經過|请求情况|請求情況|诉讼请求|訴訟請求|本院认为|本院認為|裁判结果|裁判結果|审判人员|審判人員)$"
)
# a wire dateline on a line of its own (某某新聞組／香港15日電): who sent the story, not its headline
_DATELINE_END_RE = re.compile(r"\d{1,2}\s*日\s*(?:电|電|讯|訊)$")
# a Taiwan wire byline run into the page: 某某新聞─記者某某/台北 (outlet, dash, reporter / place)
_DASH_BYLINE_RE = re.compile(
    r"[─—–-]\s*(?:记者|記者)?\s*[\u4e00-\u9fff]{2,4}\s*[／/╱]\s*[\u4e00-\u9fff]{2,3}$"
)


def _cannot_be_title(text: str) -> bool:
    """Too short or long, a sentence, a list item, a URL, a date, a breadcrumb or an outlet's
    bare name: never a headline."""
    return bool(
        len(text) < 4
        or len(text) > MAX_HEADER_LINE
        or text.endswith(_TITLE_BAD_END)
        or text.endswith("。")
        or LIST_ITEM_RE.match(text)
        or URL_RE.search(text)
        or _dated(text)
        or _BREADCRUMB_RE.match(text)
        or _SECTION_LABEL_RE.match(text)
        or _SECTION_HEAD_RE.match(text)
        or _FIELD_LABEL_RE.match(text)
        or _PORTAL_NAME_RE.search(text)
        or _TEASER_RUN_RE.search(text)
        or _MENU_RE.match(text)
        or _WIDGET_RE.match(text)
        or _PAPER_NAME_RE.match(text)
        or _FRONT_MATTER_RE.match(text)
        or is_outlet_name(text)
        or masthead_line(text)
        or _LOGO_ALT_RE.match(text)
        or _STOCK_CODE_RE.match(text)
        or _SOURCE_LABEL_RE.match(text)
        or _NAV_LABEL_RE.match(text)
        or _LOCATION_RE.match(text)
        or _COURT_FIELD_RE.match(text)
        or _COURT_PART_RE.match(strip_pinyin(text, False)[0] if "(" in text else text)
        or _DASH_BYLINE_RE.search(text)
        or _DATELINE_END_RE.search(text)
        or (_CREDIT_RE.search(text) and re.search(r"[／/╱]", text))  # 聯合報／記者某某／台北即時報導
    )


# a listed company's notice opens with its stock code line (证券代码:000000 证券简称:某某): the
# notice's heading is below it
_STOCK_CODE_RE = re.compile(r"^\s*(?:证券代码|證券代碼|股票代码|股票代碼|证券简称|證券簡稱)\s*[:：]")


def _dated(text: str) -> bool:
    """A date in the line, other than the start of a period a digest covers (簡訊(2013年9月16日至22日))."""
    span = date_span(text)
    return span is not None and not RANGE_AFTER_RE.match(text[span[1] :])


# a first paragraph that opens with the reporter's credit in brackets
_CREDIT_OPEN_RE = re.compile(
    r"^[(（【〔\[]\s*[^)）】〕\]]{0,16}?(?:记者|記者|专电|專電|电|電|讯|訊|报导|報導|报道|報道)"
)
# a site's address alone on a line, bracketed or not
_BARE_URL_LINE_RE = re.compile(r"^[(（\[]?\s*https?://\S+?\s*[)）\]]?$")
# a newsroom's credit line: 生活中心／綜合報導, 聯合報／記者某某／台北即時報導
_CREDIT_RE = re.compile(r"(?:報導|报导|報道|报道)\s*$")


def _headline_shaped(text: str) -> bool:
    return not (
        _cannot_be_title(text)
        or _NAV_RE.search(text)
        or _CREDIT_RE.search(text)
        or any(r.search(text) for r in author_label_res())
        or re.search(r"[。；]", text)
        or text.count("，") + text.count(",") > 2
        or wire.find_dateline([text])
    )


def _body_like(text: str) -> bool:
    """A paragraph of body text: long, with sentence-final punctuation (or, for a lead cut short,
    very long with clauses; page chrome run together has no commas)."""
    if len(text) < 40 or _CAPTION_RE.search(text):
        return False  # a photo caption may be long and end with 。 but is not the body
    clauses = text.count(",") + text.count("，")
    return bool(_SENTENCE_END_RE.search(text)) or (len(text) >= 120 and clauses >= 2)


def _byline_like(text: str) -> bool:
    if wire.find_dateline([text]) is not None:
        return True
    if is_prose(text) and not date_span(text):
        return False
    if _YEARLESS_STAMP_RE.search(text) and len(text) <= MAX_HEADER_LINE:
        return True  # 更新於 10月21日03:49 • 發布於 10月21日03:49 • 某某
    span = date_span(text)
    if span and not is_prose_around(text[: span[0]] + " " + text[span[1] :]):
        return True
    return any(r.search(text) for r in author_label_res())


def _headline_in_header(lines: list[str], idx: list[int]) -> str | None:
    """A headline among the first lines: headline-shaped, and followed by a byline or dateline
    (past at most two short lines, e.g. a caption or a writer's name) or directly (no blank
    line) by a body paragraph at least twice its length. Scanning stops at the body."""
    # site menus (bulleted lines) before the headline do not use up the scan
    # (a bulleted date line, • 2013年4月26日, is a dateline all the same)
    idx = [i for i in idx if not LIST_ITEM_RE.match(lines[i].strip()) or _byline_like(lines[i].strip())]
    # in a layout where every paragraph is set off by a blank line, "directly followed" means
    # the next non-empty line
    spaced = _blank_separated(lines)
    for k, i in enumerate(idx[:MASTHEAD_LINES]):
        text = lines[i].strip()
        if _body_like(text) or text.endswith("。"):
            return None  # the body (or a verse, a lead sentence) has begun
        if not _headline_shaped(text) or (k and _SECTION_NO_RE.match(lines[idx[k - 1]].strip())):
            continue  # a section heading (01 / 前沿导读) is not the article's headline
        after = [lines[j].strip() for j in idx[k + 1 : k + 4]]
        if k and idx[k - 1] == i - 1 and _BREADCRUMB_RE.match(lines[i - 1].strip()) and len(text) >= 8:
            if not _TEASER_RUN_RE.search(text) and after and after[0] != text:
                return text  # directly under the page's breadcrumb (網站 > 欄目): the article's headline
        if (after and after[0] == text) or (k and lines[idx[k - 1]].strip() == text):
            continue  # a photo's alt text and its caption, the same line twice
        if idx[k + 1 : k + 2] == [i + 1] and _body_like(after[0]) and len(after[0]) >= 2 * len(text):
            return text
        # under the page's section label (政治, 國際): a longer body paragraph directly below will do
        under_label = k == 1 and idx[0] == i - 1 and is_section_word(lines[idx[0]])
        if (
            under_label
            and idx[k + 1 : k + 2] == [i + 1]
            and _body_like(after[0])
            and len(after[0]) > len(text)
        ):
            return text
        # directly above a photo caption (…本报记者某某摄) that stands directly above the body
        if idx[k + 1 : k + 3] == [i + 1, i + 2] and _CAPTION_RE.search(after[0]):
            if _body_like(after[1]) and len(after[1]) >= 2 * len(text):
                return text
        pair = _two_line_headline(lines, idx, k) if spaced else None
        if pair:
            return pair
        # the next paragraph opens with the reporter's bracketed credit, (中央社記者某某馬尼拉專電)
        # or 〔記者某某/台北報導〕: the article's first paragraph, so this line is its headline
        # (past the site's address printed on its own line: (http://www.example.com))
        opening = next((a for a in after if not _BARE_URL_LINE_RE.match(a)), "")
        # (a short first paragraph still counts when it is a whole sentence: 【本報訊】某地昨晚落雨。)
        if (
            len(text) >= 8
            and _CREDIT_OPEN_RE.match(opening)
            and (_body_like(opening) or opening.endswith("。"))
        ):
            return text
        if spaced and len(text) >= 8 and not text.endswith(("?", "？")):
            # blank-separated: past a photo caption (given twice, or shaped like one); a first paragraph
            # right above the body proves nothing unless its figures recur below; one under a label does
            rest = after
            while len(rest) > 1 and (rest[0] == rest[1] or _CAPTION_RE.search(rest[0])):
                rest = rest[2:] if rest[0] == rest[1] else rest[1:]
            proved = k or rest is not after or _echoes_figures(text, "".join(rest[:2]))
            if proved and rest and _body_like(rest[0]) and len(rest[0]) >= 2 * len(text):
                return text
            # the first line over a deck (a second headline-shaped line) over the body: the
            # headline, not the deck (灣仔反扒竊行動 拘男子 / 男子涉嫌盜竊被捕 / body)
            if not k and len(after) > 1 and _is_deck(after[0], text) and _body_like(after[1]):
                return text
        # a dateline above the headline (2003年05月01日 … 发表 / headline / photo caption / body)
        if k and _byline_like(lines[idx[k - 1]].strip()) and any(_body_like(a) for a in after[:2]):
            return text
        found = _headline_near_byline(text, after)
        if found:
            return found
    return None


def _headline_near_byline(text: str, after: list[str]) -> str | None:
    """``text`` (or a line near it) when a byline follows it within the next short lines; None
    when the body or a long line comes first."""
    for n, nxt in enumerate(after):
        if _byline_like(nxt):
            # a section name above the headline (竞技风暴 / 玫瑰碗飞絮 / dateline): the
            # headline is the one nearest the byline, unless that is a caption or a name
            if len(text) <= 6:
                near = [
                    a
                    for a in after[:n]
                    if len(a) >= 5
                    and _headline_shaped(a)
                    and not _CAPTION_RE.search(a)
                    and a[:1] not in "—-("
                ]
                if near:
                    return near[-1]
                # ... or the line under the byline, when a section label stands above it
                # (即時港聞 / 2024-06-28 06:43 / headline / body)
                later = after[n + 1 : n + 2]
                if (
                    later
                    and len(later[0]) >= 8
                    and _headline_shaped(later[0])
                    and not _CAPTION_RE.search(later[0])
                ):
                    return later[0]
                return text
            return text
        if (len(nxt) > 30 and not _CAPTION_RE.search(nxt)) or _body_like(nxt) or n >= 2:
            return None
    return None


def headline_over_cut_bar(shown: list[str], furniture: list[bool]) -> str | None:
    """The first line when what stood between it and the body was page furniture that cleaning
    cut (a view or like counter, a share bar): headline / 4 瀏覽次數 / body. Unlike a bare blank
    line, a meta bar under a line shows it is the page's headline."""
    idx = [i for i, ln in enumerate(shown) if ln.strip()]
    if len(idx) < 2 or not any(furniture[idx[0] + 1 : idx[1]]):
        return None
    text, nxt = shown[idx[0]].strip(), shown[idx[1]].strip()
    if len(text) >= 6 and _headline_shaped(text) and _body_like(nxt) and len(nxt) >= 2 * len(text):
        return text
    return None


def _two_line_headline(lines: list[str], idx: list[int], k: int) -> str | None:
    """A print headline set on two short lines (甲政府拨款25万元 / 充培中清寒助学金), then a blank
    line and the body (past photo captions): the two lines read as one title."""
    i = idx[k]
    if idx[k + 1 : k + 2] != [i + 1] or (len(idx) > k + 2 and idx[k + 2] == i + 2):
        return None
    first, second = lines[i].strip(), lines[i + 1].strip()
    short = all(
        6 <= len(t) <= 16 and _headline_shaped(t) and not re.search(r"[\s，,、]", t) for t in (first, second)
    )
    rest = [lines[j].strip() for j in idx[k + 2 : k + 5]]
    while rest and _CAPTION_RE.search(rest[0]):
        rest = rest[1:]
    if len(rest) > 1 and len(rest[0]) < 40 and not _body_like(rest[0]):
        rest = rest[1:]  # a photo caption with no credit mark (某某(左起)、某某,出示文件。)
    if short and rest and (_body_like(rest[0]) or (len(rest[0]) >= 20 and rest[0].endswith("。"))):
        return f"{first} {second}"
    return None


def _is_deck(line: str, headline: str) -> bool:
    """A subtitle under a headline: headline-shaped, no caption, about as long as the headline."""
    return (
        len(line) >= 8
        and len(line) <= 2 * len(headline)
        and _headline_shaped(line)
        and not _CAPTION_RE.search(line)
        and not _body_like(line)
    )


def find_title(lines: list[str], one_line: str | None = None) -> str | None:
    """A headline at the top: the first line, short, not ending like a clause, set off by a
    blank line or followed by a byline/dateline; else a 【headline】 opening a news flash; else
    a headline-shaped line in the header followed by a byline, dateline or the body; else, when
    the article came as one line (``one_line``, its text), the headline run into its body."""
    idx = [i for i, ln in enumerate(lines) if ln.strip() and not IMAGE_PLACEHOLDER_RE.match(ln)]
    if not idx:
        return None
    found = _first_line_title(lines, idx)
    if found:
        return found
    flash = _BRACKET_TITLE_RE.match(lines[idx[0]].strip())
    if (
        flash
        and media_name(flash.group(1)) is None
        and not re.search(r"[讯訊电電]$", flash.group(1))
        and not _CREDIT_RE.search(flash.group(1))  # 【記者某某╱台北報導】 is the credit, not a headline
    ):
        return flash.group(1).strip()
    return (
        _headline_in_header(lines, idx)
        or (_run_in_title(one_line.strip()) if one_line else None)
        or _run_in_title_said_again(lines, idx)
    )


def _run_in_title_said_again(lines: list[str], idx: list[int]) -> str | None:
    """The headline run into the first paragraph (标题 正文…) when the page gives it again on a line
    of its own further down (a share box or a related link: 标题 - 某台): the repeat proves it."""
    m = _RUN_IN_RE.match(lines[idx[0]].strip())
    if not m or len(idx) < 2:
        return None
    head = m.group(1)
    if len(head) < 8 or not _headline_shaped(head):
        return None
    for i in idx[1:]:
        text = lines[i].strip()
        if text == head or (text.startswith(head) and strip_site(text) == head):
            return head
    return None


# a channel's home link: 新闻频道首页, 网站首頁
_HOME_LINK_RE = re.compile(r"(?:首页|首頁)$")
# a one-line article that opens with its headline, set off by a space from the body:
# 港股倒跌73點收市 港股先升後跌,… / 《某片》開畫稱冠 【明報專訊】…
_RUN_IN_RE = re.compile(r"^(\S{6,40})[ \u3000]+(?=\S)")


def _doubled_head(text: str) -> str | None:
    """A one-line page that prints its headline twice before the body (标题 甲 标题 甲 日期 正文…): the
    repeated opening, spaces and all, when it holds Chinese and no clause punctuation."""
    for gap in re.finditer(r"[ \u3000]+", text[:160]):
        head = text[: gap.start()].strip()
        if len(head) < 8 or re.search(r"[，。,；;！？!?]", head):
            continue
        if text[gap.end() :].startswith(head) and re.search(r"[\u4e00-\u9fff]", head):
            return head
    return None


def _run_in_title(text: str) -> str | None:
    """The headline a one-line article runs into its body: the first space-separated piece, when
    it reads as a headline (Chinese, no clause punctuation) and the rest is body text at least
    twice as long."""
    doubled = _doubled_head(text)
    if doubled:
        return doubled
    m = _RUN_IN_RE.match(text)
    if not m or not re.search(r"[\u4e00-\u9fff]", m.group(1)):
        return None
    head, rest = m.group(1), text[m.end() :]
    if re.search(r"[，。,；;！？!?：:]", head) or not _headline_shaped(head) or _LOGO_ALT_RE.match(head):
        return None
    if _DASH_BYLINE_RE.search(head):
        return None  # a wire byline run into the page (某某新聞─記者某某/台北 …)
    if _HOME_LINK_RE.search(head):
        return None  # a site's home link run into the page (新闻频道首页 首页 > 体育 > 正文 …)
    return head if _body_like(rest) and len(rest) >= 2 * len(head) else None


def _first_line_title(lines: list[str], idx: list[int]) -> str | None:
    first = idx[0]
    text = lines[first].strip()
    if _CASE_NUMBER_RE.match(text):
        return text  # a judgment's page opens with its case number, which is its title
    if _cannot_be_title(text):
        return None
    set_off = first + 1 < len(lines) and not lines[first + 1].strip()
    if set_off and _blank_separated(lines):
        set_off = False  # every paragraph is set off by a blank line: that proves nothing
    nxt = lines[idx[1]].strip() if len(idx) > 1 else ""
    byline_next = (
        bool(nxt)
        and not is_prose(nxt)
        and (date_span(nxt) is not None or any(r.search(nxt) for r in author_label_res()))
    ) or bool(_ISO_DATE_START_RE.match(nxt))  # 2025-11-26 香港1126大火，… (a date, then a caption)
    byline_next = byline_next or bool(_SOURCE_LABEL_RE.match(nxt))  # headline / 來源:某某網 / body
    # the headline said again as the flash's first sentence: 標題 / 【Now新聞台】標題。…
    repeated = len(text) >= 8 and _FLAG_RE.sub("", nxt).startswith(text)
    if not (set_off or byline_next or repeated):
        return None
    if byline_next and len(text) <= 6 and len(idx) > 2:
        below = lines[idx[2]].strip()
        if len(below) >= 8 and _headline_shaped(below) and not _CAPTION_RE.search(below):
            return None  # a section label (即時港聞) over the byline; the headline is below it
    # a "headline" that is really a full sentence of prose is body text
    if re.search(r"[。；]", text) or text.count("，") + text.count(",") > 2:
        return None
    return text


# a figure of three digits or more (2102, 11791, 643.9)
_BIG_NUMBER_RE = re.compile(r"\d{3,}(?:\.\d+)?")


def _echoes_figures(text: str, lead: str) -> bool:
    """A line with no clause punctuation whose figures (two of them, three digits or more) all
    come again in the lead paragraphs below: a bulletin's headline summing them up
    (全市新增病例2102例 累计报告11791例 / 1月31日…新增病例2102例… / …累计报告11791例。)."""
    if re.search(r"[，。,；;：:！？!?]", text):
        return False
    numbers = _BIG_NUMBER_RE.findall(text)
    return len(numbers) >= 2 and all(n in lead for n in numbers)


def _blank_separated(lines: list[str]) -> bool:
    """True when most paragraphs are followed by a blank line (a blank-line-separated layout)."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(filled) < 4:
        return False
    followed = sum(1 for i in filled[1:] if i + 1 < len(lines) and not lines[i + 1].strip())
    return followed >= 0.6 * (len(filled) - 1)
