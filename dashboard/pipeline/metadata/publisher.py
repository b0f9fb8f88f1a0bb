"""The article's url and publisher: supplied, from a url, a masthead line or a source label."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from ..lexicon import read_csv
from ..script import to_simplified
from ..sources import is_channel_words, outlet_prefix, signs_as_byline
from .dates import date_span, is_prose, meta_fields
from .header import HEADER_LINES, MAX_HEADER_LINE, URL_RE, run_in_flags

PLATFORMS_FILE = "platforms.csv"


# Labels that introduce the article's own address (not a cited one).
_URL_LABEL_RE = re.compile(
    r"^\s*(?:原文链接|原文鏈接|本文链接|本文鏈接|原文地址|文章链接|文章鏈接|文章地址|来源|來源|出处|出處"
    r"|source|url|link|original)\s*[:：]?\s*",
    re.IGNORECASE,
)
_REFERENCES_RE = re.compile(
    r"^(?:参考资料|參考資料|参考文献|參考文獻|参考来源|參考來源|资料来源|資料來源|相关链接|相關鏈接|相關連結"
    r"|延伸阅读|延伸閱讀|references|sources|further reading)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_IMAGE_EXT_RE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp)(?:[?#].*)?$", re.IGNORECASE)


# --- url ------------------------------------------------------------------------------------


def find_url(lines: list[str]) -> str | None:
    """The article's own address: a labelled link line (原文链接: …) first, else a bare URL line."""
    bare: list[str] = []
    in_references = False
    for line in lines:
        text = line.strip()
        if _REFERENCES_RE.match(text):
            in_references = True  # URLs listed under 参考资料 are cited sources, not this article
            continue
        match = URL_RE.search(text)
        if not match or _IMAGE_EXT_RE.search(match.group(0)):
            continue
        url = match.group(0).rstrip(".,;:，。；：")
        prefix, suffix = text[: match.start()].strip(), text[match.end() :].strip()
        if suffix:
            continue
        if prefix and _URL_LABEL_RE.fullmatch(prefix):
            return url
        if not prefix and not in_references and url not in bare:
            bare.append(url)
    # several bare addresses (a link list) leave it unknown rather than guessed
    return bare[0] if len(bare) == 1 else None


# --- publisher ------------------------------------------------------------------------------


@cache
def _platforms() -> tuple[
    list[tuple[str, str]], list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]
]:
    domains: list[tuple[str, str]] = []
    signatures: list[tuple[re.Pattern[str], str]] = []
    ids: list[tuple[re.Pattern[str], str]] = []
    for row in read_csv(PLATFORMS_FILE):
        pattern, kind, name = row.get("pattern", ""), row.get("kind", ""), row.get("publisher", "")
        if not pattern:
            continue
        if kind == "domain":
            domains.append((pattern.lower().lstrip("."), name))
        elif kind == "signature":
            signatures.append((re.compile(pattern, re.IGNORECASE), name))
        elif kind == "id":
            ids.append((re.compile(pattern, re.IGNORECASE), name))
    domains.sort(key=lambda d: len(d[0]), reverse=True)
    return domains, signatures, ids


# Second-level labels under a country code that are not registrable themselves (com.cn, co.uk).
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "co", "ac", "or", "ne", "go", "idv"}


def registrable_domain(host: str) -> str:
    """``www.news.example.com.cn`` → ``example.com.cn``: the name a site registered."""
    host = host.lower().strip(".").split(":")[0]
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def publisher_from_url(url: str) -> str | None:
    """Publisher named in ``platforms.csv`` for the URL's host, else its registrable domain."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    for pattern, name in _platforms()[0]:
        if host == pattern or host.endswith("." + pattern):
            return name or registrable_domain(host)
    return registrable_domain(host)


def find_publisher(text: str, url: str | None) -> tuple[str | None, str | None]:
    """(publisher, basis) from the URL, else a platform signature, else a site ID line."""
    if url:
        name = publisher_from_url(url)
        if name:
            return name, "url"
    _, signatures, ids = _platforms()
    simplified = to_simplified(text)
    for regex, name in signatures:
        if regex.search(simplified) or regex.search(text):
            return name, "signature"
    for regex, name in ids:
        match = regex.search(text) or regex.search(simplified)
        if match:
            return (name or match.group(1).lower().removeprefix("www.")), "id"
    return None, None


# A news outlet's own name where only the publisher writes it: an agency dateline (新华社北京9月18日电,
# （中央社記者X台北13日電）), a bracketed flag (【明報專訊】, 【财新网】), a wire tag (WASHINGTON (Reuters) -),
# a masthead line (明報新聞網, 财新网 2025年06月03日, 新华网 > 财经) or a labelled header (来源：新华网).
MASTHEAD_LINES = 10
# 北京9月18日电, 北京16日综合外电报导 (a roundup of foreign wires, still the agency's own copy)
_DATELINE_AFTER_RE = re.compile(r"^[^，。,;；]{0,20}?\d{1,2}\s*日\s*(?:综合)?(?:外)?电")
# 【明報專訊】, 【Now新聞台】, (德国之声中文网)
# (a flag may carry its date or its reporter: 【大紀元2013年09月23日訊】, 【大紀元6月18日訊】,
# 【KTSF 郭柟報導】, 【侨报记者吴卓明7月20日旧金山报道】)
_FLAG_AFTER_RE = re.compile(
    r"^(?:(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日)?"
    r"(?:专讯|专电|讯|报道|报讯|消息|独家|台|中文网|网|\s*(?:记者|記者)?[^】)）\s]{1,24}?\s*(?:报道|报导|報導|報道))?\s*[】)）]"
)
# Rest of a masthead line after the outlet's name: a site suffix, then nothing, a date or a separator.
_MASTHEAD_AFTER_RE = re.compile(
    r"^\s*(?:中文网|新闻网|新闻云|电子报|网站|网|官网|新闻|客户端|app|华语|中文)?\s*"
    # a print page and its section before the date: 東方日報 A1 要聞 2011年05月20日
    r"(?:[A-Z]{1,2}\d{1,2}\s*[\u4e00-\u9fff]{0,4}\s+(?=(?:19|20)\d{2}))?"
    r"(?:$|[/|｜>›»·•—-]|(?:19|20)\d{2}\s*[-/.年])",
    re.IGNORECASE,
)
_WIRE_RE = re.compile(
    r"^[A-Z][A-Za-z0-9 .,/'-]{0,60}?\(([A-Za-z][A-Za-z .&'-]{1,40})\)\s*(?:-{1,2}|–|—)|^\(([A-Za-z][A-Za-z .&'-]{1,40})\)\s*(?:-{1,2}|–|—)"
)
# (the date may carry its time: 2018-01-10 10:40:22 某某网 参与评论()人)
_DATED_MASTHEAD_RE = re.compile(
    r"^(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(\S.{1,40})$"
)
_RUN_IN_FLAG_RE = re.compile(r"^[^\s【】，。,]{4,40}\s+【")
# a newswire's flag in title marks, always with its word for a dispatch: 《經濟通通訊社29日專訊》
_WIRE_FLAG_AFTER_RE = re.compile(r"^(?:通讯社|通信社|新闻社)?(?:\d{1,2}日)?(?:专讯|专电|讯|电)》")
# a second label after the source on a date line (來源:中國新聞網 編輯:王思羽)
_NEXT_LABEL_RE = re.compile(r"\s*(?:编辑|责任编辑|作者|记者)\s*[:：].*$")
_SOURCE_LABEL_RE = re.compile(
    r"(?:^|\s)(?:来源|來源|源于|源於|稿源|source|news by)\s*[:：]\s*(\S.*)$", re.IGNORECASE
)


def _source_field(text: str) -> str | None:
    """The publisher a labelled source field on a header line names (来源：某某日报, 来源：某报客户端):
    a known outlet, or an unknown name shaped like a news site's (某某网, 某某日报)."""
    for field in meta_fields(text):
        label = _SOURCE_LABEL_RE.search(field)
        if not label:
            continue
        value = _NEXT_LABEL_RE.sub("", label.group(1)).strip()
        found = media_name(value)
        # (来源：澎湃新闻 北京 credits a repost's source, which is a cited outlet, not the page)
        if found and _MASTHEAD_AFTER_RE.match(_NEXT_LABEL_RE.sub("", found[1]).strip()):
            return found[0]
        if found is None and is_site_name(value):
            return value
    return None


def media_name(text: str, strict_ok: bool = False) -> tuple[str, str] | None:
    found = outlet_prefix(text, strict_ok=strict_ok)
    if found is None or found[0].type != "media":
        return None
    return found[0].canonical, found[1]


def masthead_line(text: str) -> str | None:
    """Canonical name of a known outlet when ``text`` is its masthead: the name, then nothing, a
    site suffix, a date, or up to three channel names (am730 本地, 星島頭條 即時 港聞)."""
    found = media_name(text.strip())
    if found is None:
        return None
    rest = found[1]
    if _MASTHEAD_AFTER_RE.match(rest) or is_channel_words(rest):
        return found[0]
    return None


def is_outlet_name(name: str) -> bool:
    """A known outlet's name (with at most a site suffix): 中央社, 星島日報, 财新, 明報新聞網."""
    found = outlet_prefix(name)
    return found is not None and bool(re.fullmatch(r"(?:新闻网|网站|网|官网|新闻)?\s*", found[1]))


def find_masthead(lines: list[str]) -> str | None:
    """Canonical name of a known news outlet that signs the article (dateline, flag, wire tag, masthead).

    Only the first lines are read, and only forms an outlet writes about itself: a name merely
    mentioned (据路透社报道) never makes the publisher.
    """
    filled = [ln.strip() for ln in lines if ln.strip()]
    head = filled[:MASTHEAD_LINES]
    # the page's own repost disclaimer: 转载内容并不代表X立场 (X published the page)
    for text in filled:
        said = _OWN_STANCE_RE.search(to_simplified(text))
        if said:
            found = media_name(said.group(1).strip())
            if found and not re.sub(r"[(（]?\s*(?:www\.)?[\w.-]*\s*[)）]?", "", found[1]).strip(" 的"):
                return found[0]
    for text in head:
        # a page's own date line naming the paper above the article (2018-03-05 某某日报 账号名):
        # an agency's dateline further down is the lead item's source, not the publisher
        dated = _DATED_MASTHEAD_RE.match(text)
        found = media_name(dated.group(1)) if dated else None
        if found and re.fullmatch(r"(?:\s+[^\s，。,:：]{1,12})?\s*", found[1]):
            return found[0]
        # a one-line flash runs its headline into the flag: 標題 【明報專訊】…
        run_in = _RUN_IN_FLAG_RE.match(text)
        if run_in:
            text = text[run_in.end() - 1 :]
        else:  # (or after a headline and a date: 标题 标题 2024年6月3日 13:38 【某某台】正文…)
            for start in run_in_flags(text):
                found = media_name(text[start + 1 :])
                if found and _FLAG_AFTER_RE.match(found[1]):
                    return found[0]
        wire = _WIRE_RE.match(text)
        if wire:
            found = media_name(wire.group(1) or wire.group(2), strict_ok=True)
            if found and not found[1].strip():
                return found[0]
        bare = text.lstrip("【[〔（(《").strip()
        found = media_name(bare)
        if (
            found
            and (
                _DATELINE_AFTER_RE.match(found[1])
                or (text[:1] in "【[〔(（" and _FLAG_AFTER_RE.match(found[1]))
                or (text[:1] == "《" and _WIRE_FLAG_AFTER_RE.match(found[1]))
                or (text in head[:3] and _OWN_BYLINE_AFTER_RE.match(found[1]))
                # the paper's byline opening the story (新京报讯, 某报(记者 X), 某报／记者X／台北报导)
                or (text in head[:3] and text[:1] not in "《" and signs_as_byline(found[1]))
            )
        ):
            return found[0]
    for text in head[:HEADER_LINES]:
        if is_prose(text) and not date_span(text):
            continue
        # a letter-spaced masthead (BBC 中 文 网) reads as its name
        found = masthead_line(text) or masthead_line(_HAN_SPACED_RE.sub("", text))
        if found:
            return found
        # (fields set off by spaces, 作者: 记者 来源: 某报, are read before the spaces are closed up)
        for variant in dict.fromkeys((text, _HAN_SPACED_RE.sub("", text))):
            found = _source_field(variant)
            if found:
                return found
    # a newswire's sign-off under the story, its name alone as the last line (某某財經新聞)
    for text in filled[-2:]:
        found = media_name(text) if len(text) <= 20 else None
        if found and re.fullmatch(r"(?:财经)?(?:新闻|新闻网|网)?", found[1].strip()):
            return found[0]
    return _own_furniture(filled)


def _own_furniture(filled: list[str]) -> str | None:
    """The outlet the site's own furniture names anywhere on the page: 下載「X」App, 追蹤X (follow
    us), X最新視頻, 更多X獨家新聞: (a known news outlet only)."""
    for text in filled:
        if len(text) > MAX_HEADER_LINE:
            continue
        own = (
            _OWN_APP_RE.search(text)
            or _FOLLOW_RE.search(text)
            or _OWN_VIDEO_RE.search(text)
            or _OWN_MORE_RE.search(text)
        )
        if own:
            found = media_name(next(g for g in own.groups() if g))
            if (
                found
                and not re.sub(r"(?:新闻网|网站|网|官网|新闻|app)", "", found[1], flags=re.IGNORECASE).strip()
            ):
                return found[0]
    return None


# a page title's last part names the site: 标题-新华网, 标题--文化--人民网, 标题 东区_中山网
_TITLE_PARTS_RE = re.compile(r"\s*(?:--|[-_|｜–—·])\s*")
# an unknown site still reads as a news site when its name ends like one (中山网, 某某日報, X News)
_SITE_NAME_RE = re.compile(
    r"^[\w\u4e00-\u9fff]{1,10}(?:网|網|报|報|新闻|新聞|电视台|電視台|电台|電台|通讯社|通訊社)$|^[\w ]{2,30} News$"
)


def is_site_name(name: str) -> bool:
    """A name shaped like a news site's or paper's (中山网, 某某日報, X News)."""
    return bool(_SITE_NAME_RE.match(name.strip()))


def site_from_title(page_title: str) -> str | None:
    """The publisher a page's <title> ends with: a known outlet's canonical name, or a trailing
    part that reads as a news site's name; None when the title has no such part."""
    parts = [p for p in _TITLE_PARTS_RE.split(page_title.strip()) if p]
    if len(parts) < 2:
        return None
    last = parts[-1].strip()
    found = media_name(last)
    if found and re.fullmatch(r"(?:新闻网|网站|网|官网|新闻|频道)?\s*", found[1]):
        return found[0]
    return last if _SITE_NAME_RE.match(last) else None


def strip_site(page_title: str) -> str:
    """A page title without the site name it ends with (``site_from_title``) and the short
    channel names before it (标题--文化--人民网 → 标题); unchanged when no site is recognised."""
    if site_from_title(page_title) is None:
        return page_title
    parts = _TITLE_PARTS_RE.split(page_title.strip())
    seps = _TITLE_PARTS_RE.findall(page_title.strip())
    keep = len(parts) - 1
    while keep > 1 and len(parts[keep - 1]) <= 4:
        keep -= 1
    return "".join(p + (seps[n] if n < keep - 1 else "") for n, p in enumerate(parts[:keep])).strip()


_HAN_SPACED_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")

_BAR_DATE_RE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?.*$")


def publisher_in_title_bar(lines: list[str], title: str) -> str | None:
    """The outlet a page's own title bar names: the headline said again on a later line, then
    separators, sections and the outlet (标题 - 国内 - 即时《某某日报》2024-02-10), the way a
    <title> ends with the site. Only a known news outlet counts."""
    for line in lines:
        text = line.strip()
        if text == title or not text.startswith(title):
            continue
        rest = text[len(title) :].strip()
        if not rest or rest[0] not in "-_|｜–—·":
            continue
        for part in _TITLE_PARTS_RE.split(rest):
            names = re.findall(r"《([^》]{2,20})》", part) or [_BAR_DATE_RE.sub("", part).strip()]
            for name in names:
                found = media_name(name) if name else None
                if found and re.fullmatch(r"(?:新闻网|网站|网|官网|新闻)?\s*", found[1]):
                    return found[0]
    return None


# what only a page's own publisher writes about itself (see find_masthead)
_OWN_STANCE_RE = re.compile(
    r"(?:并不代表|不代表|不代表本站|并不代表本网)\s*(.{2,30}?)\s*(?:的)?(?:观点|立场)"
)
_OWN_BYLINE_AFTER_RE = re.compile(r"^\s*(?:[/／|｜]\s*)?(?:记者|讯\s*[(（]|专稿\s*[:：]|专讯|讯\s)")
_OWN_APP_RE = re.compile(r"(?:下载|下載)\s*[「“\"]([^」”\"]{2,20})[」”\"]\s*app", re.IGNORECASE)
# a broadcaster's own video box or programme guide: VOA卫视最新视频, 美国之音中文节目预告
_OWN_VIDEO_RE = re.compile(
    r"^\s*(\S{2,12}?)\s*(?:卫视|衛視|电视|電視|中文)?\s*(?:最新视频|最新視頻|节目预告|節目預告)\s*$"
)
# the site's own link to more of its stories under the article: 更多某某獨家新聞:, 更多某某報導
_OWN_MORE_RE = re.compile(
    r"^\s*(?:看|閱讀|阅读)?更多\s*(\S{2,12}?)\s*(?:独家|獨家|最新|精彩)?\s*(?:新闻|新聞|报道|報導|報道)\s*[:：]?\s*$"
)
_FOLLOW_RE = re.compile(
    r"(?:追蹤|追踪|關注|关注)\s*([^\s，。,]{2,20})\s*$|(?:歡迎加入|欢迎加入)\s*【([^】]{2,20})】\s*$"
)


# ROC (Taiwan) date code closing a CNA story: （編輯：某某）1130113 = 2024-01-13
