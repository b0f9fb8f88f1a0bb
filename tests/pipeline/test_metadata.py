"""Article metadata from supplied values or the text (dashboard/pipeline/metadata.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.pipeline.metadata import extract_metadata, find_title, parse_date, registrable_domain
from dashboard.pipeline.records import Document, RemovedLine

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def meta_of(
    text: str,
    meta: dict[str, str] | None = None,
    basis: dict[str, str] | None = None,
    removed: list[RemovedLine] | None = None,
) -> dict:
    doc = Document(
        source="x.txt", text=text, encoding="utf-8", fmt="txt", meta=meta or {}, meta_basis=basis or {}
    )
    return extract_metadata(doc, removed or [], [])


BODY = "美国商务部周三宣布，将对中国芯片企业实施新的出口管制措施，业内人士认为影响深远。\n"


def test_seed_articles_without_manifest() -> None:
    got = {p.name[:3]: meta_of(p.read_text(encoding="utf-8")) for p in sorted(RAW.glob("*.txt"))}
    assert {k: v["publisher"] for k, v in got.items()} == {
        "000": "ykqsd.com",
        "001": "NetEase (网易号)",
        "002": "NetEase (网易号)",
        "003": "414w.com",
        "004": None,
    }
    assert {k: v["publisher_basis"] for k, v in got.items()} == {
        "000": "id",
        "001": "signature",
        "002": "signature",
        "003": "url",
        "004": None,
    }
    assert got["003"]["published"] == dt.date(2024, 10, 23)
    assert got["003"]["published_basis"] == "text"
    assert got["003"]["title"] == "英伟达正式宣布: 停止接受中国订单! 中国AI产业迎来“生死劫”?"
    assert got["003"]["url"] == "https://www.414w.com/read/1403028.html"
    assert got["003"]["author"] == "何仪聊巨大的世界"
    for key in ("000", "001", "002", "004"):
        assert got[key]["published"] is None
        assert got[key]["title"] is None
        assert got[key]["url"] is None


def test_supplied_metadata_wins_with_its_basis() -> None:
    text = "标题行\n\n2024-01-02 10:00\n" + BODY + "https://www.163.com/dy/article/X.html\n"
    got = meta_of(
        text,
        meta={
            "title": "供稿标题",
            "publisher": "新浪",
            "published": "2025-03-04",
            "url": "https://a.example.org/1",
        },
        basis={"title": "row", "publisher": "row", "published": "row", "url": "row"},
    )
    assert got["title"] == "供稿标题"
    assert (got["publisher"], got["publisher_basis"]) == ("新浪", "row")
    assert (got["published"], got["published_basis"]) == (dt.date(2025, 3, 4), "row")
    assert got["url"] == "https://a.example.org/1"


def test_supplied_url_names_the_publisher() -> None:
    got = meta_of(BODY, meta={"url": "https://www.sohu.com/a/123"}, basis={"url": "manifest"})
    assert (got["publisher"], got["publisher_basis"]) == ("Sohu (搜狐号)", "url")


@pytest.mark.parametrize(
    ("line", "url"),
    [
        ("原文链接：https://news.example.com.cn/2024/a.html", "https://news.example.com.cn/2024/a.html"),
        ("本文鏈接: https://www.example.tw/n/1", "https://www.example.tw/n/1"),
        ("https://www.example.com/read/1.html", "https://www.example.com/read/1.html"),
    ],
)
def test_url_lines(line: str, url: str) -> None:
    assert meta_of(BODY + line + "\n")["url"] == url


def test_reference_and_link_lists_are_not_the_article_url() -> None:
    refs = BODY + "参考资料：\nhttps://www.example.com/cited.html\n"
    assert meta_of(refs)["url"] is None
    links = BODY + "https://a.example.com/1\nhttps://b.example.com/2\n"
    assert meta_of(links)["url"] is None


def test_url_inside_a_sentence_or_image_is_not_the_article_url() -> None:
    text = BODY + "详见报告 https://www.example.com/report.pdf 第三页。\n![](https://img.example.com/a.jpg)\n"
    assert meta_of(text)["url"] is None


@pytest.mark.parametrize(
    ("url", "publisher"),
    [
        ("https://www.163.com/dy/article/J1.html", "NetEase (网易号)"),
        ("https://baijiahao.baidu.com/s?id=1", "Baidu (百家号)"),
        ("https://mp.weixin.qq.com/s/abc", "WeChat (公众号)"),
        ("https://news.example.com.cn/a.html", "example.com.cn"),
        ("https://www.414w.com/read/1.html", "414w.com"),
    ],
)
def test_publisher_from_url(url: str, publisher: str) -> None:
    got = meta_of(BODY + url + "\n")
    assert (got["publisher"], got["publisher_basis"]) == (publisher, "url")


@pytest.mark.parametrize(
    ("notice", "publisher"),
    [
        (
            "特别声明：以上内容为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。",
            "NetEase (网易号)",
        ),
        ("特別聲明：以上內容為自媒體平台「網易號」用戶上傳並發布", "NetEase (网易号)"),
        ("Notice: The content above is uploaded and posted by a user of NetEase Hao.", "NetEase (网易号)"),
        ("声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。", "Sohu (搜狐号)"),
        ("本文由百家号作者上传并发布，百家号仅提供信息发布平台。", "Baidu (百家号)"),
    ],
)
def test_publisher_from_platform_signature(notice: str, publisher: str) -> None:
    got = meta_of(BODY + notice + "\n")
    assert (got["publisher"], got["publisher_basis"]) == (publisher, "signature")


def test_cited_account_is_not_a_signature() -> None:
    assert meta_of(BODY + "参考资料: 张三,公众号:观察者网\n")["publisher"] is None


def test_publisher_from_site_id() -> None:
    got = meta_of("声明:本文来自于(ID:Example.com)授权转载发布。\n" + BODY)
    assert (got["publisher"], got["publisher_basis"]) == ("example.com", "id")


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("某某财经2024-10-23 11:23:26  117", dt.date(2024, 10, 23)),
        ("2024年10月23日 08:30 来源：某某网", dt.date(2024, 10, 23)),
        ("發佈時間：2025/03/05", dt.date(2025, 3, 5)),
        ("Published: Oct 23, 2024", dt.date(2024, 10, 23)),
        ("23 October 2024", dt.date(2024, 10, 23)),
        ("29/07/2024 15:09", dt.date(2024, 7, 29)),  # a Hong Kong day-first date
    ],
)
def test_published_from_header(header: str, date: dt.date) -> None:
    got = meta_of("芯片战升级\n\n" + header + "\n" + BODY)
    assert (got["published"], got["published_basis"]) == (date, "text")


def test_day_first_date_is_read_only_when_the_day_cannot_be_a_month() -> None:
    assert parse_date("21/03/2021 13:58:00") == dt.date(2021, 3, 21)
    assert parse_date("07/08/2024") is None  # 7 August or July 8: no guess
    assert parse_date("1/2/2024") is None


def test_a_headline_printed_three_times_does_not_push_the_date_out_of_the_header() -> None:
    header = "芯片战升级\n栏目\n芯片战升级\n栏目\n栏目\n芯片战升级\n2021年03月29日 21:29 最後更新:21:35\n"
    assert meta_of(header + BODY)["published"] == dt.date(2021, 3, 29)


def test_dates_in_body_are_not_the_publication_date() -> None:
    text = "3月5日，美国商务部宣布新规。\n2024年10月23日，英伟达宣布停止接受中国订单，市场一片哗然。\n" + BODY
    assert meta_of(text)["published"] is None


def test_comment_timestamps_at_the_end_are_ignored() -> None:
    text = BODY * 8 + "最新回复(1)\n读者甲2024-10-24 17:18\n好文章\n"
    assert meta_of(text)["published"] is None


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("作者：张三", "张三"),
        ("Author: Jane Doe", "Jane Doe"),
        ("By Jane Doe", "Jane Doe"),
        ("文/李四", "李四"),
        ("本报记者 王五", "王五"),
        ("記者王小明／台北報導", "王小明"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("科技观察家2024-10-23 11:23", "科技观察家"),
    ],
)
def test_author(header: str, author: str) -> None:
    assert meta_of("芯片战升级\n\n" + header + "\n" + BODY)["author"] == author


def test_label_before_a_date_is_not_an_author() -> None:
    assert meta_of("芯片战升级\n\n发布时间：2024-10-23 11:23\n" + BODY)["author"] is None


def test_title_needs_a_headline_shape() -> None:
    assert meta_of("芯片战升级：美国再出手\n\n" + BODY)["title"] == "芯片战升级：美国再出手"
    # first line is a body sentence
    assert meta_of(BODY + "\n" + BODY)["title"] is None
    # first line is a list item of unrelated headlines
    assert meta_of("- 游戏攻略一\n- 游戏攻略二\n" + BODY)["title"] is None
    # every paragraph is set off by blank lines: a short first paragraph is not proven a headline
    assert meta_of("中国的AI遇到了最艰难的时刻?\n\n" + ("\n\n".join([BODY.strip()] * 5)))["title"] is None


def test_title_from_removed_lines_as_fallback() -> None:
    removed = [RemovedLine(line=1, text="一个标题", rule="title")]
    assert meta_of(BODY, removed=removed)["title"] == "一个标题"


def test_helpers() -> None:
    assert registrable_domain("www.news.example.com.cn") == "example.com.cn"
    assert registrable_domain("WWW.414W.COM") == "414w.com"
    assert parse_date("2024年2月30日") is None
    assert parse_date("2024-02-29T10:00:00") == dt.date(2024, 2, 29)


def test_platforms_lexicon_rows_are_well_formed() -> None:
    import re

    from dashboard.pipeline.lexicon import read_csv

    rows = read_csv("platforms.csv")
    assert rows
    for row in rows:
        assert row["kind"] in {"domain", "signature", "id"}, row
        if row["kind"] == "domain":
            assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", row["pattern"]), row
            assert row["publisher"], row
        else:
            regex = re.compile(row["pattern"])
            assert row["kind"] == "signature" or regex.groups == 1, row
            assert row["kind"] == "id" or row["publisher"], row


def test_newsroom_byline_above_the_date_is_not_the_title() -> None:
    text = "快訊\n\n聯合報／ 記者王小明／台北即時報導\n2025-03-02\n\n" + BODY
    got = meta_of(text)
    assert got["title"] is None
    assert got["publisher"] == "United Daily News"
    assert got["published"] == dt.date(2025, 3, 2)


def test_agency_roundup_dateline_names_the_publisher() -> None:
    text = "我的頻道\n\n某地選舉結果出爐 執政黨失利\n\n中央社東京3日綜合外電報導\n2025-03-03\n" + BODY
    assert meta_of(text)["publisher"] == "Central News Agency"


def test_bracketed_own_name_opening_the_body() -> None:
    text = "某国总理宣布辞职\n\n2025-01-06\n\n(德国之声中文网) " + BODY
    assert meta_of(text)["publisher"] == "Deutsche Welle"
    text = "颱風逼近 天文台考慮改發三號信號\n\n【Now新聞台】" + BODY
    assert meta_of(text)["publisher"] == "Now News"


def test_date_and_headline_under_a_site_menu() -> None:
    # a menu of many lines, then the date line, the headline, a photo caption and the body
    menu = ["首页", "国内新闻", "国际新闻", "财经消息", "体育快讯", "科技动态", "专题报道", "网上论坛"]
    date_line = "2003年05月01日 格林尼治标准时间08:42北京时间16:42发表"
    text = "\n".join(menu + [date_line, "新建医院开始接收病人", "", "4月29日,工人仍在施工", "", BODY])
    removed = [RemovedLine(n, t, "headline_list") for n, t in enumerate(menu + [date_line], start=1)]
    got = meta_of(text, removed=removed)
    assert got["published"] == dt.date(2003, 5, 1)
    assert got["title"] == "新建医院开始接收病人"


def test_site_address_beside_the_date_and_a_section_name_above_the_headline() -> None:
    text = "体育频道\n\n球场边的故事\n\nhttp://sports.example.com 1999年7月12日 16:51 某某商报\n\n" + BODY
    got = meta_of(text)
    assert got["published"] == dt.date(1999, 7, 12)
    assert got["title"] == "球场边的故事"


def test_bulleted_headline_loses_its_bullet() -> None:
    text = "  • 某某队夺得联赛冠军\n\n    2025-07-07 14:23:00\n\n" + BODY
    removed = [RemovedLine(1, "  • 某某队夺得联赛冠军", "title")]
    assert meta_of(text, removed=removed)["title"] == "某某队夺得联赛冠军"


def test_letter_spaced_masthead() -> None:
    text = (
        "纯文字页 | 联络 | 帮助\nBBC 中 文 网\n中国报道\n2003年05月01日 北京时间16:42发表\n某地新医院开始运作\n\n"
        + BODY
    )
    assert meta_of(text)["publisher"] == "BBC"


def test_markdown_heading_title_loses_its_marks() -> None:
    text = "# 某市启用新垃圾分类规定\n2021-06-01 08:00 来源：某某日报\n\n" + BODY
    removed = [RemovedLine(1, "# 某市启用新垃圾分类规定", "title")]
    assert meta_of(text, removed=removed)["title"] == "某市启用新垃圾分类规定"


def test_title_under_a_long_promo_line_cut_whole() -> None:
    # the promo is one source line read back as several sentences; cleaning cut it whole
    promo = (
        "独立报道需要每一位读者的支持，我们坚持深入现场、核实每一个细节，也坚持不设付费墙。 "
        "我们的日报、速递和播客能够保持免费，离不开每一位会员的支持，会员的每一笔订阅都直接用于采访。 "
        "畅读会员首月五折，尊享会员全年八五折，帮助我们做出更好的即时报道和深度内容，谢谢你的陪伴。 "
        "如果你认同我们的做法，也欢迎把我们的报道转发给身边的朋友，让更多人读到扎实的新闻。"
    )
    text = promo + "\n某市通过新的租房管理条例\n" + BODY + BODY
    removed = [RemovedLine(1, promo, "special_statement")]
    assert meta_of(text, removed=removed)["title"] == "某市通过新的租房管理条例"


def cleaned_meta(text: str) -> dict:
    """Metadata as the build reads it: after cleaning marked the page furniture."""
    from dashboard.pipeline.clean import clean_text

    return meta_of(text, removed=clean_text(text).removed)


LONG_BODY = (
    "市政府今天公布，上月全市新登记的公司有一千二百家，比去年同期增加百分之八，其中餐饮业增加最多。\n\n"
    "官员说，新公司多数是小型企业，政府会继续提供租金补贴，帮助它们度过开业的头一年。\n"
)


@pytest.mark.parametrize(
    "furniture", ["新聞 > 財經", "leaf top", "澳門商報", "layout: post", "首页 | 新闻 | 财经 | 生活"]
)
def test_page_furniture_is_never_the_title(furniture: str) -> None:
    assert cleaned_meta(f"{furniture}\n\n{LONG_BODY}")["title"] != furniture


def test_site_name_after_a_pasted_page_title_is_cut_and_read_as_publisher() -> None:
    got = cleaned_meta("上月新公司登记数增加八个百分点 | 联合早报\nzaobao\n" + LONG_BODY)
    assert got["title"] == "上月新公司登记数增加八个百分点"
    assert got["publisher"] == "Lianhe Zaobao"


def test_repost_footer_labels_the_title() -> None:
    got = cleaned_meta(
        LONG_BODY + "\n標題:全市新公司登記數上月增加\n\n地址:https://repost.example.com/post/1.html\n"
    )
    assert got["title"] == "全市新公司登記數上月增加"


def test_one_line_article_runs_its_headline_into_the_body() -> None:
    line = "新公司登記數升八個百分點 " + LONG_BODY.replace("\n", "")
    assert cleaned_meta(line + "\n")["title"] == "新公司登記數升八個百分點"
    # a first paragraph of a longer article is not cut up that way
    assert cleaned_meta("市政府發言人 今天說,新公司登記數增加。\n\n" + LONG_BODY)["title"] is None


@pytest.mark.parametrize(
    ("masthead", "publisher"), [("am730 本地", "am730"), ("星島頭條 即時 港聞", "Sing Tao Headline")]
)
def test_masthead_with_channel_names(masthead: str, publisher: str) -> None:
    got = cleaned_meta(f"{masthead}\n全市新公司登記數上月增加\n2024年05月07日 12:10\n" + LONG_BODY)
    assert got["publisher"] == publisher
    assert got["title"] == "全市新公司登記數上月增加"


def test_section_label_above_the_byline_is_not_the_headline() -> None:
    got = cleaned_meta("即時港聞\n2024-06-28 06:43:36\n\n全市新公司登記數上月增加\n\n" + LONG_BODY)
    assert got["title"] == "全市新公司登記數上月增加"


def test_headline_over_an_outlet_and_date_line_in_a_spaced_layout() -> None:
    text = "全市新公司登記數上月增加 餐飲業最多\n遠見雜誌 2026年1月8日 週四 下午6:51\n" + LONG_BODY
    got = cleaned_meta(text)
    assert got["title"] == "全市新公司登記數上月增加 餐飲業最多"
    assert got["published"] == dt.date(2026, 1, 8)


def test_meta_bar_gives_date_and_publisher_and_its_counter_is_cut() -> None:
    from dashboard.pipeline.clean import clean_text

    text = "DATE: 2025-03-13 | News by: RFI华语 | 有12人参与评论 | FONT: SMALL LARGE\n" + LONG_BODY
    got = cleaned_meta(text)
    assert got["published"] == dt.date(2025, 3, 13)
    assert got["publisher"] == "RFI"
    assert [r.rule for r in clean_text(text).removed] == ["byline"]


def test_headline_said_again_by_the_flash_below_it() -> None:
    text = "全市新公司登記數上月增加\n\n【某某新聞台】全市新公司登記數上月增加。" + LONG_BODY
    assert cleaned_meta(text)["title"] == "全市新公司登記數上月增加"


def test_headline_over_a_photo_caption_and_the_body() -> None:
    text = "新公司登记数增加八个百分点 餐饮业最多\n昨天，市民在登记处门外排队。本报记者张三摄\n" + LONG_BODY
    assert cleaned_meta(text)["title"] == "新公司登记数增加八个百分点 餐饮业最多"


def test_headline_over_a_dated_caption() -> None:
    text = "全市新公司登記數上月增加 餐飲業最多\n2025-11-26 市民在登記處門外排隊。資料圖片\n\n" + LONG_BODY
    assert cleaned_meta(text)["title"] == "全市新公司登記數上月增加 餐飲業最多"


def test_bulleted_date_alone_is_the_dateline_but_a_bulleted_menu_item_is_not() -> None:
    assert cleaned_meta("• 2013年4月26日\n\n" + LONG_BODY)["published"] == dt.date(2013, 4, 26)
    assert cleaned_meta("• 2013年4月26日 熱門文章排行\n\n" + LONG_BODY)["published"] is None


def test_flag_after_a_run_in_headline_names_the_publisher() -> None:
    line = "新公司登記數升八個百分點 【明報專訊】" + LONG_BODY.replace("\n", "")
    got = cleaned_meta(line + "\n")
    assert got["publisher"] == "Ming Pao"
    assert got["title"] == "新公司登記數升八個百分點"


def test_todays_date_beside_the_weather_is_not_the_article_date() -> None:
    text = "2015-02-05 (星期四)\n 14º \n\n全市新公司登記數上月增加\n\n2015-01-05 (07:57)\n" + LONG_BODY
    got = cleaned_meta(text)
    assert got["published"] == dt.date(2015, 1, 5)
    assert got["title"] == "全市新公司登記數上月增加"


def test_headline_over_a_deck_is_the_title_not_the_deck() -> None:
    text = "全市新公司登記數上月增加 餐飲業最多\n\n新公司多數是小型企業 政府續發租金補貼\n\n" + LONG_BODY
    assert cleaned_meta(text)["title"] == "全市新公司登記數上月增加 餐飲業最多"


def test_broadcasters_own_video_box_names_the_publisher() -> None:
    text = "无障碍链接\n\n全市新公司登记数上月增加\n\n" + LONG_BODY + "\nVOA卫视最新视频\n\n请稍等\n"
    assert cleaned_meta(text)["publisher"] == "Voice of America"


def test_a_byline_naming_a_paper_gives_the_publisher_not_an_author() -> None:
    text = "全市新公司登記數上月增加 餐飲業最多\n某某晚報 2025年10月29日 週三 上午11:02\n\n" + LONG_BODY
    got = cleaned_meta(text)
    assert (got["publisher"], got["author"]) == ("某某晚報", None)


def test_print_headline_on_two_short_lines_reads_as_one_title() -> None:
    body = (
        "（本市14日訊）市府今年撥款二十萬元，作為清寒學生助學金，資助約四百名學生。\n\n"
        "官員說，助學金自三年前開辦，撥款每年增加，今年起申請資格也放寬。\n"
    )
    text = "地方\n\n市府撥款二十萬元\n資助清寒學生助學金\n\n某某(左起)出示撥款文件。\n\n" + body
    assert cleaned_meta(text)["title"] == "市府撥款二十萬元 資助清寒學生助學金"
    # two short lines that run into the body with no blank line are not a headline pair
    text = "市府撥款二十萬元\n資助清寒學生助學金\n" + body
    assert cleaned_meta(text)["title"] != "市府撥款二十萬元 資助清寒學生助學金"


def test_roc_calendar_dates_after_a_label_or_min_guo() -> None:
    assert parse_date("發布日期:113-01-13") == dt.date(2024, 1, 13)
    assert parse_date("裁判日期106 年 12 月 13 日") == dt.date(2017, 12, 13)
    assert parse_date("民國104年6月2日") == dt.date(2015, 6, 2)
    assert parse_date("113-01-13") is None  # a bare ROC date could be anything
    text = "本所公告 > 最新消息\n市議會選舉開票作業順利完成\n發布日期:113-01-13\n" + BODY
    got = meta_of(text)
    assert got["published"] == dt.date(2024, 1, 13)
    assert got["title"] == "市議會選舉開票作業順利完成"
    # a labelled ROC date in a list of case fields
    court = "某地方法院106年度訴字第1號\n關鍵資訊\n- 裁判案由某法\n- 裁判日期106 年 12 月 13 日\n" + BODY
    assert meta_of(court)["published"] == dt.date(2017, 12, 13)


def test_title_loses_the_ruby_pinyin_of_a_mirrored_page() -> None:
    text = (
        "新聞中心 > 社會\n\n某縣發(fā)生4.5級地震 多地震感明顯\n\n2024年03月08日 08:32  來源:某某網\n\n"
        + BODY
    )
    assert meta_of(text)["title"] == "某縣發生4.5級地震 多地震感明顯"


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        # a dated flag and a flag with the reporter's name
        (
            "某某簡訊\n\n【大紀元2013年09月23日訊】(記者某某報導) 巴黎市政府近日表示增建宿舍。\n" + BODY,
            "The Epoch Times",
        ),
        ("【KTSF 某某報導】\n\n舊金山市府新年度財政預算案撥款改善華埠。\n" + BODY, "KTSF"),
        ("【侨报记者某某7月20日旧金山报道】7月20日,两位市议员召开记者会。\n" + BODY, "China Press (US)"),
        # a print masthead with page and section before the date
        ("東方日報 A1 要聞 2011年05月20日\n某某六合彩今揭盅\n\n" + BODY, "Oriental Daily"),
        # a follow prompt in the page's own bracketed name
        (BODY + "歡迎加入【自由娛樂】\n", "Liberty Times"),
    ],
)
def test_publisher_from_the_pages_own_flags(text: str, publisher: str) -> None:
    got = meta_of(text)
    assert got["publisher"] == publisher
    assert got["author"] is None or "日報" not in got["author"]


def test_a_shared_paper_name_is_the_paper_of_the_articles_region() -> None:
    malaysian = (
        "東方日報 2024年06月04日\n\n(亞庇4日訊)首相宣布撥款160億令吉予沙巴,州務大臣表示歡迎。\n" + BODY
    )
    assert meta_of(malaysian)["publisher"] == "Oriental Daily News (Malaysia)"
    hong_kong = "東方日報 2024年06月04日\n\n港府宣布撥款10億港元,立法會議員表示歡迎。\n" + BODY
    assert meta_of(hong_kong)["publisher"] == "Oriental Daily"


def test_headline_above_a_paragraph_that_opens_with_the_reporters_credit() -> None:
    text = (
        "首页 > 快讯 > 某国总统访华 各界看法不一\n\n某国总统访华 各界看法不一\n\n"
        "(中央社记者某某马尼拉专电)某国总统的外交政策愈趋明显,这次访问引起各界关注,主流社会与华人社会看法不一。\n\n"
        + BODY
    )
    assert meta_of(text)["title"] == "某国总统访华 各界看法不一"


def test_a_digest_title_with_its_period_gives_no_author_or_date() -> None:
    text = (
        "社區簡訊(2013年9月16日至22日)\n\n【大紀元2013年09月23日訊】(記者某某報導) 巴黎市政府近日表示增建宿舍。\n"
        + BODY
    )
    got = meta_of(text)
    assert got["author"] is None
    assert got["published"] != dt.date(2013, 9, 16)


def test_headline_over_a_yearless_update_stamp_is_the_title() -> None:
    # a portal's layout: section label, headline, a stamp line with no year, the headline twice more
    head = "市隊主場逼和客隊 積分榜榜首仍領先三分"
    text = (
        f"體育\n\n{head}\n\n\n更新於 3月02日18:20 • 發布於 3月02日18:20 • 某某某\n{head}\n{head}\n\n"
        + "\n\n".join([BODY.strip()] * 4)
    )
    assert meta_of(text)["title"] == head


def test_judgment_page_is_titled_by_its_case_number() -> None:
    text = (
        "臺灣某某地方法院108年度簡字第12號\n關鍵資訊\n- 裁判案由竊盜\n- 裁判日期108 年 5 月 2 日\n"
        "臺灣某某地方法院刑事簡易判決 108年度簡字第12號被告某某某,上列被告因竊盜案件,經檢察官聲請簡易判決處刑。\n"
        + BODY
    )
    assert meta_of(text)["title"] == "臺灣某某地方法院108年度簡字第12號"


def test_digest_title_holding_its_period_is_kept() -> None:
    # the period a digest covers is not a dateline: the line is still the headline
    text = (
        "本市社團週報(2019年3月4日至10日)\n\n\n\n"
        "【某某報2019年03月11日訊】(記者某某報導) 市政府近日表示,將在大學城增建三棟學生宿舍,預計兩年內完工。\n\n"
        + "\n\n".join([BODY.strip()] * 4)
    )
    assert meta_of(text)["title"] == "本市社團週報(2019年3月4日至10日)"


def test_headline_directly_under_a_breadcrumb_is_the_title() -> None:
    text = "某某診所 > 衛教專欄\n睡前滑手機傷眼嗎?醫師教你三招保護視力\n「我每天都滑到半夜。」\n" + BODY
    assert meta_of(text)["title"] == "睡前滑手機傷眼嗎?醫師教你三招保護視力"
    # a bar of teaser headlines under the breadcrumb is not the article's headline
    bar = "市長宣布新政策!颱風假明日公布!夜市攤販遭罰款!"
    assert meta_of(f"> 首頁 > 快訊\n{bar}\n\n" + BODY)["title"] != bar


@pytest.mark.parametrize("label", ["本地新聞", "國際要聞", "社區快訊"])
def test_section_label_of_a_list_page_is_never_the_title(label: str) -> None:
    # a list page: the section's label over a lead item (本報訊…), a teaser cut short, its date
    lines = [
        "",
        label,
        "本報訊:交通部長某某表示,該部已批准調漲公車票價,新票價將於下週一起實施,市民可在車站查詢。",
        "交通部表示將於週二公佈具體調漲金額。",
        "某某說:“票價調漲已成定局。至於調整幅度,我們還需要與議會討論... [詳細]",
        "2026-3-16 00:03",
    ]
    assert find_title(lines) is None


def test_list_page_teaser_cut_above_a_date_is_not_the_title() -> None:
    teaser = "市長說:“票價調整已成定局。至於調整幅度,我們還需要與議會討論... [詳細]"
    removed = [RemovedLine(line=1, text=teaser, rule="title")]
    assert meta_of(BODY, removed=removed)["title"] is None


def test_paper_named_on_its_date_line_publishes_over_a_wire_dateline_below() -> None:
    # a mirrored account page: headline, the paper's date line, then a lead item with an agency dateline
    text = (
        "查看原文\n\n某地華僑捐出老照片 紀念館首次公開\n\n2019-04-02 国际日报 某某之窗\n\n"
        "中新社天津4月1日电(记者 某某)4月1日,位于天津的一家纪念馆收到了旅居海外的华侨捐赠的六张老照片。\n\n"
        + BODY
    )
    got = meta_of(text)
    assert got["publisher"] == "International Daily News"
    # the agency's dateline still publishes when no date line names the paper
    assert (
        meta_of(text.replace("2019-04-02 国际日报 某某之窗", "2019-04-02"))["publisher"]
        == "China News Service"
    )


def test_headline_over_a_file_photo_caption_is_the_title() -> None:
    head = "氣象署最新預測 今晚八縣市颱風假達標"
    caption = "颱風減弱爲中度颱風,對本島威脅仍不可小覷,今天全國停班停課。本報資料照片"
    lead = "颱風減弱爲中度颱風,對本島威脅仍不可小覷,今天全國停班停課。氣象署持續發佈海上陸上颱風警報,民眾應留意最新消息。"
    assert meta_of(f"{head}\n{caption}\n{lead}\n" + BODY)["title"] == head


def test_teaser_bar_above_the_headline_is_not_the_title() -> None:
    text = "市長宣布新政策!颱風假明日公布!夜市攤販遭罰款!\n\n市府撥款修復受地震破壞的學校\n\n" + "\n\n".join(
        [BODY.strip()] * 4
    )
    assert meta_of(text)["title"] != "市長宣布新政策!颱風假明日公布!夜市攤販遭罰款!"


def test_legislators_mark_a_taiwan_article() -> None:
    from dashboard.pipeline.figures.region import article_region

    text = "第11屆立法委員選舉今天投票,本市選務工作順利完成。平地原住民立法委員選舉結果請參閱網站。"
    assert article_region(text) == "taiwan"


def test_question_over_a_cut_view_counter_is_the_title() -> None:
    # a Q&A page: the question, a view counter (cut), the answer, a like counter (cut), the body
    question = "感冒藥一天最多可以吃幾次?"
    answer = "感冒藥每日最多建議服用 4 次(每次 1 顆)。若有肝臟功能異常者,應先詢問醫師或藥師,不可自行加量。"
    text = (
        f"{question}\n\n12 瀏覽次數\n\n{answer}\n\n提供建議 0 喜歡次數\n\n服用時的注意事項\n\n"
        + "\n\n".join([BODY.strip()] * 3)
    )
    removed = [RemovedLine(line=3, text="12 瀏覽次數", rule="read_count_promo")]
    removed.append(RemovedLine(line=7, text="提供建議 0 喜歡次數", rule="read_count_promo"))
    assert meta_of(text, removed=removed)["title"] == question
    # with nothing cut between them, a first paragraph over the body proves nothing
    assert meta_of(text.replace("12 瀏覽次數\n\n", ""))["title"] is None


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("稀土出口回升\n南方日报讯 据海关统计,本月稀土出口增长一成。\n", "Nanfang Daily"),
        ("澎湃新闻(记者 张三)记者从某集团获悉,订单增加。\n", "The Paper"),
        ("封測訂單回升\n經濟日報／王五／新竹即時報導\n封測訂單連續兩季回升。\n", "Economic Daily News"),
    ],
)
def test_the_paper_s_own_byline_names_the_publisher(text, publisher):
    """A byline opening the story (某报讯, 某报(记者 X), 某报／X／place报导) names who published it."""
    assert meta_of(text)["publisher"] == publisher


def test_a_paper_cited_in_the_first_line_is_not_the_publisher():
    assert meta_of("稀土出口回升\n据南方日报报道,本月稀土出口增长一成。\n")["publisher"] is None


def test_the_headline_said_again_with_the_outlet_names_the_publisher():
    """A page's own title bar (headline - section - 《paper》date) names who published it, so the
    paper is not cited by its own page; a bar naming no known outlet names no one."""
    body = "两国贸易额去年增长一成,双方同意在数字经济和绿色能源领域扩大合作,并加快推进多个项目落地。"
    art = meta_of(
        f"两国经贸合作再上台阶\n\n两国经贸合作再上台阶 - 国内 - 即时国内《星洲日报》2024-02-10\n\n{body}\n"
    )
    assert art["publisher"] == "Sin Chew Daily"
    other = meta_of(f"两国经贸合作再上台阶\n\n两国经贸合作再上台阶 - 国内 - 某某资讯站\n\n{body}\n")
    assert other["publisher"] is None


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("果农喜获丰收\n中国网9月3日讯 今年秋季本县苹果产量增长两成,果农收入明显提高。\n", "China.org.cn"),
        (
            "海边音乐节开幕\n央广网厦门5月2日消息 为期三天的音乐节今天开幕,吸引游客三万人次。\n",
            "China National Radio",
        ),
        ("山区公路通车\n台灣網8月7日消息 據報道,山區新公路今天正式通車,全長十二公里。\n", "Taiwan.cn"),
    ],
)
def test_a_dated_dateline_opening_the_story_names_the_publisher(text, publisher):
    """An outlet, a place and a date, then 讯 or 消息, opening the story is the page's own dateline."""
    assert meta_of(text)["publisher"] == publisher


def test_a_dated_news_item_cited_inside_the_story_is_not_the_publisher():
    text = "果农喜获丰收\n今年秋季本县苹果产量增长两成,据中国网9月3日消息,果农收入明显提高。\n"
    assert meta_of(text)["publisher"] is None


def test_headline_with_a_comma_over_its_run_together_info_bar():
    """A headline holding a comma is not a clause wrapped onto the info bar under it, and a time run
    into the next field (08:15:00来源:) keeps the bar on one line: title, date and source all read."""
    text = (
        "全市中秋假期接待游客120万人次,旅游收入逾9亿元\n"
        "发布时间:2023-09-30 08:15:00来源: 央广网\n"
        "央广网杭州9月29日消息 据市文旅局统计,中秋假期全市接待游客120.3万人次,同比增长一成。\n"
    )
    got = meta_of(text)
    assert got["title"] == "全市中秋假期接待游客120万人次,旅游收入逾9亿元"
    assert got["published"] == dt.date(2023, 9, 30)
    assert got["publisher"] == "China National Radio"


def test_one_line_page_with_its_headline_twice_a_date_and_a_flag():
    """标题 标题 DATE 【某台】正文…: the doubled headline is the title (spaces and all), the date before
    the flag is the page's date, and the flag names the publisher."""
    head = "【長假效應】本港四月零售額升一成 三年最佳"
    text = (
        f"{head} {head} 2024年5月2日 18:05 【Now新聞台】本港四月零售額按年上升一成,"
        "是三年來最佳表現,主要受惠於旅客增加。統計處指,珠寶及鐘錶銷售升幅最大。\n"
    )
    got = meta_of(text)
    assert got["title"] == head
    assert got["published"] == dt.date(2024, 5, 2)
    assert got["publisher"] == "Now News"


def test_a_flag_after_a_clause_in_a_one_line_page_is_no_header():
    text = "本港四月零售額按年上升一成,報道指 【Now新聞台】 曾訪問多名商戶,是三年來最佳表現。2024年5月2日\n"
    got = meta_of(text)
    assert got["publisher"] is None
    assert got["published"] is None


def test_eight_digit_date_alone_under_the_headline():
    text = "全港四月零售額回升一成\n\n20230502\n\n" + BODY
    assert meta_of(text)["published"] == dt.date(2023, 5, 2)
    # an eight-digit number that is no calendar date, or one inside a sentence, is not read
    assert meta_of("全港四月零售額回升一成\n\n20231399\n\n" + BODY)["published"] is None
    assert meta_of("全港四月零售額回升一成\n\n訂單編號20230502已經處理\n\n" + BODY)["published"] is None


@pytest.mark.parametrize(
    "chrome",
    [
        "我的頻道",  # a site's personal menu
        "您的位置首页  财经  正文",  # a location line whose arrows were lost
        "審理法院:某某縣人民法院",  # a judgment page's field
        "案號:(2021)某0101民初12號",
        "審理經過",  # a judgment's standard part head
        "南方新聞組／廣州3日電",  # a wire dateline on its own line
        "快報新聞─記者林某某/高雄",  # a dash byline: outlet, reporter / place
    ],
)
def test_page_chrome_lines_are_never_the_title(chrome):
    text = f"{chrome}\n\n" + BODY + BODY
    assert meta_of(text)["title"] != chrome.strip()


def test_a_headline_under_a_personal_menu_is_still_the_title():
    text = "我的頻道\n\n港隊七人欖球奪銀 創歷史佳績\n\n2025-11-15\n\n" + BODY
    assert meta_of(text)["title"] == "港隊七人欖球奪銀 創歷史佳績"


def test_headline_under_a_section_label_over_a_short_lead():
    """A section word (政治) on the first line, then the headline, then a lead less than twice as
    long: the line under the label is the headline."""
    head = "部长回应质疑“只挑好消息” 称汇率走强有目共睹"
    lead = "财政部长今天表示,反对党在汇率表现好时视而不见,在汇率下跌时却不断批评政府的政策。"
    text = f"政治\n{head}\n{lead}\n" + BODY
    assert meta_of(text)["title"] == head
    # without the label, a first line over so short a lead is not proved a headline
    assert meta_of(f"{head}\n{lead}\n" + BODY)["title"] is None


def test_a_cut_section_word_still_marks_the_headline_under_it():
    head = "部长回应质疑“只挑好消息” 称汇率走强有目共睹"
    lead = "财政部长今天表示,反对党在汇率表现好时视而不见,在汇率下跌时却不断批评政府的政策。"
    removed = [RemovedLine(line=1, text="政治", rule="headline_list")]
    assert meta_of(f"政治\n{head}\n{lead}\n" + BODY, removed=removed)["title"] == head


def test_eight_digit_date_line_cut_as_chrome_is_still_the_date():
    removed = [RemovedLine(line=3, text="20230502", rule="headline_list")]
    text = "全港四月零售額回升一成\n\n20230502\n\n" + BODY
    assert meta_of(text, removed=removed)["published"] == dt.date(2023, 5, 2)


def test_a_judgment_field_cut_as_a_title_line_is_not_the_title():
    removed = [RemovedLine(line=3, text="案件類型:民事 判決", rule="title")]
    text = "審理法院:某某區人民法院\n案號:(2021)某0101民初12號\n案件類型:民事 判決\n" + BODY
    assert meta_of(text, removed=removed)["title"] is None


def test_the_site_s_more_stories_link_names_the_publisher():
    text = "預算案三讀通過 總額創新高\n\n" + BODY + "\n更多風傳媒獨家新聞:\n"
    assert meta_of(text)["publisher"] == "Storm Media"
    # a sentence recommending another outlet's stories is no furniture
    text = "預算案三讀通過 總額創新高\n\n" + BODY + "\n讀者可以看更多風傳媒的新聞報導了解詳情。\n"
    assert meta_of(text)["publisher"] is None


def test_a_cut_section_word_over_a_notice_sentence_is_not_the_title():
    notice = "新的網上申請系統已正式推出。請點擊連結了解詳情。"
    removed = [RemovedLine(line=1, text="最新消息", rule="headline_list")]
    assert meta_of(f"最新消息\n{notice}\n" + BODY, removed=removed)["title"] is None
