"""Page chrome of Hong Kong, Taiwan, Macau and overseas Chinese pages: cut, while the story stays.

Every sentence here is our own; none is taken from a real page.
"""

from __future__ import annotations

import pytest

from dashboard.pipeline.clean import clean_text
from dashboard.pipeline.metadata import extract_metadata
from dashboard.pipeline.records import Document

BODY = "市政府今天公布新的交通措施,下月起多條路線將調整班次,市民可留意公告。"
BODY2 = "運輸署表示,新措施實施後會檢討成效,並按乘客意見再作調整,以免影響上班人士。"


def kept(text: str) -> list[str]:
    return [p.text for p in clean_text(text).paragraphs]


@pytest.mark.parametrize(
    "line",
    [
        "掃呢頁CODE去手機",
        "精華區beta 某看板 關於我們 聯絡資訊",
        "查看完整版本: 巴士下月加價",
        "人氣 12",
        "(節錄)全文共1800字",
        "出版:更新:",
        "【某台30周年】大抽獎連環賞! ► 即睇詳情",
        "鍾意就快D Share啦!",
        "订阅每日新闻以免错过最新消息。",
        "資料圖片",
        "upload_article_image",
        "(ab/c)~",
        "• 5月04日 星期四",
        "本文作轉載及備份之用 來源 source: http://example.com",
        "(http://www.example.com)",
        "正在加载",
        "正在阅读:某市公交下月调价",
        "热度:",
        "上一篇:某区新建三所学校",
        "(相关报道见第五版)",
        "发表评论 取消回复",
    ],
)
def test_chrome_lines_are_cut(line: str) -> None:
    got = kept("\n".join([BODY, line, BODY2]))
    assert line.strip() not in got
    assert got == [BODY, BODY2]


@pytest.mark.parametrize(
    "line", ["體育 即時新聞", "娛樂 最新消息", "首頁 即時娛樂", "新聞 • 資訊", "政事", "每週熱話"]
)
def test_section_labels_above_the_story_are_cut(line: str) -> None:
    got = kept("\n".join([line, "巴士下月加價 市民不滿", line, BODY, BODY2]))
    assert line not in got
    assert got[-2:] == [BODY, BODY2]


def test_a_section_label_inside_the_story_stays() -> None:
    # below the first sentence a short line is a subheading of the story, not the site's menu
    assert kept("\n".join([BODY, "生活", BODY2])) == [BODY, "生活", BODY2]


@pytest.mark.parametrize(
    "line",
    [
        "2021年11月05日 • 5985次閱讀",
        "29/07/2024 15:09",
        "21/03/2021 13:58:00",
        "Example Daily Tue, Mar 5, 2019 9:15am - 5 years View Original",
    ],
)
def test_date_lines_with_read_counts_or_day_first_are_bylines(line: str) -> None:
    res = clean_text("\n".join(["巴士下月加價 市民不滿", line, BODY, BODY2]))
    assert line not in [p.text for p in res.paragraphs]
    assert {r.rule for r in res.removed if r.text == line} == {"byline"}


def test_a_section_word_inside_a_sentence_stays() -> None:
    text = "體育 即時新聞是本台的新節目,逢星期六播出,主持人會介紹一周賽事。"
    assert kept("\n".join([BODY, text, BODY2])) == [BODY, text, BODY2]


def test_read_more_below_ends_the_story() -> None:
    teaser = "博物館下月辦展覽 展出舊巴士"
    got = kept(
        "\n".join(
            [
                BODY,
                BODY2,
                "往下看更多文章",
                teaser,
                "2024年04月19日 11:35",
                "展覽由下月起舉行,市民可預約入場參觀。",
            ]
        )
    )
    assert got == [BODY, BODY2]


def meta(text: str) -> dict:
    doc = Document(source="x.txt", text=text, encoding="utf-8", fmt="txt", meta={}, meta_basis={})
    return extract_metadata(doc, clean_text(text).removed, [])


def test_dated_flag_without_a_year_names_the_publisher() -> None:
    text = "巴士下月加價\n\n【大紀元3月2日訊】 " + BODY + "\n" + BODY2 + "\n"
    assert meta(text)["publisher"] == "The Epoch Times"


def test_newswire_flag_in_title_marks_names_the_publisher() -> None:
    text = "29/05/2024 10:30\n巴士下月加價\n《經濟通通訊社29日專訊》" + BODY + "\n" + BODY2 + "\n"
    got = meta(text)
    assert got["publisher"] == "ETNet"
    assert str(got["published"]) == "2024-05-29"


def test_source_label_followed_by_an_editor_label_names_the_publisher() -> None:
    text = (
        "巴士下月加價\n\n2011-06-19 10:56     來源:中國新聞網     編輯:某某\n\n" + BODY + "\n" + BODY2 + "\n"
    )
    assert meta(text)["publisher"] == "China News Service"


def test_a_title_mark_citation_opening_a_line_is_not_the_publisher() -> None:
    text = "巴士下月加價\n\n《明報》報道," + BODY + "\n" + BODY2 + "\n"
    assert meta(text)["publisher"] is None


def test_reporter_credit_in_brackets_is_not_a_flash_headline() -> None:
    text = "【記者某某╱台北報導】" + BODY + BODY2 + BODY + "\n"
    assert meta(text)["title"] is None


def test_headline_above_the_site_address_and_a_dated_flag() -> None:
    text = (
        "本港巴士: 下月一日加價\n\n人氣 3\n\n(http://www.example.com)\n【大紀元4月2日訊】 "
        + BODY
        + "\n\n"
        + BODY2
        + "\n\n"
        + BODY
        + "\n"
    )
    assert meta(text)["title"] == "本港巴士: 下月一日加價"


def test_an_aggregator_meta_line_gives_no_duration_figure() -> None:
    from dashboard.pipeline.figures import extract_figures

    res = clean_text(
        "巴士下月加價\nExample Daily Tue, Mar 5, 2019 9:15am - 5 years View Original\n" + BODY + "\n" + BODY2
    )
    figs = [f for p in res.paragraphs for f in extract_figures(p.text, region="hongkong")]
    assert not [f for f in figs if f.unit == "years"]


def test_a_headline_list_item_ending_on_a_quoted_phrase_goes_with_its_list() -> None:
    text = "\n\n".join(
        [
            "快訊",
            "颱風明晚最接近本島 北部山區防豪雨",
            "夜市攤商漲價引熱議 老闆嘆成本太高",
            "議員質詢市長不在場 被批「放空城」",
            "本市巴士下月加價 市民不滿",
            BODY + BODY2,
            BODY2 + BODY,
        ]
    )
    got = kept(text)
    assert "議員質詢市長不在場 被批「放空城」" not in got
    assert BODY + BODY2 in got


def test_a_newswire_sign_off_as_the_last_line_names_the_publisher() -> None:
    text = (
        "巴士下月加價\n2024-05-29 10:30\n"
        + BODY
        + "\n"
        + BODY2
        + "\n\n阿思達克財經新聞\n網址: www.example.com\n"
    )
    assert meta(text)["publisher"] == "AASTOCKS"


def test_an_outlet_cited_in_the_last_sentence_is_not_the_publisher() -> None:
    text = "巴士下月加價\n2024-05-29 10:30\n" + BODY + "\n" + BODY2 + "\n以上消息據明報報道。\n"
    assert meta(text)["publisher"] is None


def test_a_sentence_naming_a_later_page_stays() -> None:
    line = "上一篇报道提到的两项措施，本月起已在全市推开，相关报道见第五版。"
    assert line in kept("\n".join([BODY, line, BODY2]))


@pytest.mark.parametrize(
    "bar",
    [
        "阅读次数:加载中 / 作者:管理员 / 更新时间:2022-06-01 /【字号:",
        "来源:本站 | 作者:编辑部 | 浏览次数:328",
        "点击:12 / 发布时间:2023-02-02 / 字体:大 中 小",
    ],
)
def test_a_slash_separated_info_bar_is_cut_but_a_sentence_with_colons_stays(bar):
    body = "统计部门最新数据显示,上月居民消费价格同比上涨百分之二,其中食品价格上涨百分之三。"
    said = "发言人表示:价格总体平稳/供应充足。记者:是否会继续上涨?发言人:预计保持稳定。"
    result = clean_text(f"物价总体平稳\n{bar}\n{body}\n{said}\n")
    kept = [p.text for p in result.paragraphs]
    assert bar not in kept
    assert body in kept and said in kept
