"""Pages on markets, sport, weather, transport and medicine: chrome cut, the story and its
metadata kept.

Every sentence here is our own; none is taken from a real page.
"""

from __future__ import annotations

import pytest

from dashboard.pipeline.clean import clean_text
from dashboard.pipeline.figures import extract_figures
from dashboard.pipeline.metadata import extract_metadata
from dashboard.pipeline.records import Document
from dashboard.pipeline.sources import extract_citations

BODY = "市交通局今天表示,受寒流影響,多條路線將減班,旅客出行前應先查詢最新安排。"
BODY2 = "交通局又指,若天氣好轉,明早起會逐步恢復班次,並在網站公布詳細時間表。"


def kept(text: str) -> list[str]:
    return [p.text for p in clean_text(text).paragraphs]


def meta(text: str) -> dict:
    doc = Document(source="x.txt", text=text, encoding="utf-8", fmt="txt", meta={}, meta_basis={})
    return extract_metadata(doc, clean_text(text).removed, [])


def test_a_lead_typed_with_a_space_after_each_comma_is_kept_whole() -> None:
    # a short story: the lead shares few words with the rest, and its gaps follow commas
    lead = (
        "某某電子連3漲，股價一度觸及512元的新高，但美股周二走弱， 外資轉為賣超，今天開低，"
        " 終止連續3個交易日的漲勢，盤中一度跌至498元，回測500元關口，拖累大盤， 盤中跌逾120點。"
    )
    body = "分析師認為,短線仍有整理壓力,投資人宜留意月底公布的營收數字與法人動向。"
    got = kept("\n\n".join(["快訊", lead, body]))
    assert got[0] == lead
    assert body in got


def test_a_run_of_headlines_with_spaces_is_still_cut() -> None:
    runon = (
        "市長出席開幕禮 新公園下月開放 颱風今晚最接近本市 銀行調低按揭利率 球隊主場大勝 "
        "博物館舉辦恐龍展覽 大學公布收生名額 舊區重建計劃諮詢 電影節下周揭幕 郊野公園山火已救熄 "
        "海關檢獲大批冒牌手袋 中學生科學比賽奪獎 機場新跑道啟用 圖書館延長開放時間"
    )
    got = kept("\n".join([BODY, BODY2, runon]))
    assert runon not in got


def test_a_sentence_leading_into_a_list_is_not_a_headline() -> None:
    lead = "我跟朋友說這個藥 90% 有效,他們以為是這樣的:"
    got = kept("\n".join(["某某的網誌", "健康隨筆", "正文", lead, BODY, BODY2]))
    assert lead in got


@pytest.mark.parametrize(
    "line",
    [
        "打开某某新闻 查看精彩图片",
        "------分隔线----------------------------",
        "编辑 李某某",
        "未经许可或书面授权,任何人不得复制、转载本客户端内容",
        "(檔案照)",
    ],
)
def test_app_prompts_separators_and_notices_are_cut(line: str) -> None:
    got = kept("\n".join([BODY, line, BODY2]))
    assert line not in got
    assert BODY in got


@pytest.mark.parametrize("label", ["推荐内容", "某某热榜"])
def test_box_labels_end_the_story(label: str) -> None:
    got = kept("\n".join([BODY, BODY2, label, "另一則新聞的標題在這裏"]))
    assert got == [BODY, BODY2]


def test_a_day_first_date_with_dots_is_the_date_and_a_byline() -> None:
    text = "寒流襲港 多區錄得低溫\n\n28.11.2023  08:15\n\n" + BODY + "\n\n" + BODY2 + "\n"
    assert str(meta(text)["published"]) == "2023-11-28"
    assert "28.11.2023  08:15" not in kept(text)


def test_a_dotted_date_that_could_be_month_first_is_not_read() -> None:
    text = "寒流襲港 多區錄得低溫\n\n05.11.2023  08:15\n\n" + BODY + "\n\n" + BODY2 + "\n"
    assert meta(text)["published"] is None


def test_a_date_line_with_the_agency_and_its_reporters_gives_the_date() -> None:
    text = (
        "寒流致多班航班延誤\n\n2023-01-25 18:30:00 某某社  记者  张某某、李某\n\n"
        + BODY
        + "\n\n"
        + BODY2
        + "\n"
    )
    got = meta(text)
    assert got["title"] == "寒流致多班航班延誤"
    assert str(got["published"]) == "2023-01-25"
    assert got["author"] == "张某某"  # the first of the reporters listed with 、


def test_a_date_with_its_time_in_brackets_and_a_pipe_is_a_byline() -> None:
    text = "今早雨量逾30毫米 |\n2012-07-03 (06:40) |\n" + BODY + "\n" + BODY2 + "\n"
    got = meta(text)
    assert got["title"] == "今早雨量逾30毫米"
    assert str(got["published"]) == "2012-07-03"
    assert kept(text) == [BODY, BODY2]


def test_a_source_label_is_no_title_but_marks_the_headline_above_it() -> None:
    text = "主隊補時絕殺 登上榜首\n來源:某某直播網\n" + BODY + "\n" + BODY2 + "\n"
    assert meta(text)["title"] == "主隊補時絕殺 登上榜首"
    assert meta("來源:某某直播網\n" + BODY + "\n" + BODY2 + "\n")["title"] is None


def test_a_section_menu_toggle_is_no_title() -> None:
    text = "全部栏目\n" + BODY + "\n" + BODY2 + "\n"
    assert meta(text)["title"] is None


def test_a_papers_reporter_credit_gives_the_reporters_name() -> None:
    text = BODY + "\n" + BODY2 + "\n文/某某日報記者 王小明\n"
    assert meta(text)["author"] == "王小明"


def test_a_vaccine_named_after_a_satellite_is_no_citation() -> None:
    cites = extract_citations("俄羅斯研發的Sputnik V疫苗,有效率為91%。")
    assert [c.outlet for c in cites] == []
    reported = extract_citations("據Sputnik報道,會談將於下周舉行。")
    assert [c.outlet for c in reported] == ["Sputnik"]


def test_a_day_of_the_month_before_the_hour_is_no_duration() -> None:
    got = extract_figures("他原本買了31日12時左右起飛的航班,後來改坐高鐵。")
    assert [f.text for f in got if f.unit == "天"] == []
    assert [f.value for f in extract_figures("退票須在乘車日期後30日以內辦理。") if f.unit == "天"] == [30]


def test_a_league_table_pasted_as_text_keeps_its_rows() -> None:
    rows = ["甲隊 | 60 | 51 | 20 |", "乙隊 | 58 | 47 | 22 |", "丙隊 | 55 | 40 | 25"]
    got = kept("\n".join([BODY, "球隊 | 積分 | 入球 | 失球 |", *rows, BODY2]))
    assert all(row in got for row in rows)


def test_a_letter_spaced_bulletin_wrapped_at_a_width_is_joined() -> None:
    wrapped = [
        "驟 雨 及 雷 暴 正 影 響 本 區 沿 岸 及 附 近 海 域 。 本 市 方 面",
        ", 午 夜 後 的 雷 雨 為 多 區 帶 來 超 過 20 毫 米 雨 量 ,",
        "而 北 部 及 東 部 更 錄 得 約 45 毫 米 。 同 時 , 市 內 錄",
        "得 多 次 閃 電 , 部 分 低 窪 地 區 出 現 水 浸 , 當 局 已",
        "派 員 跟 進 及 清 理 渠 道 , 並 呼 籲 市 民 留 意 天 氣 。",
    ]
    got = kept("\n".join(wrapped))
    assert len(got) == 1
    assert "超過20毫米雨量" in got[0]


def test_bandwidth_in_gigabytes_per_second_keeps_its_bytes() -> None:
    got = [f for f in extract_figures("這款顯卡的顯存頻寬高達900GB/s,比上代快一成。") if f.kind == "measure"]
    assert [(f.value, f.unit) for f in got] == [(900, "GB/s")]


def test_a_headline_under_a_bulleted_date_line_is_the_title() -> None:
    text = "• 2021年3月2日\n\n    本市上季新屋成交減兩成\n\n    " + BODY + BODY2 + "\n\n    " + BODY2 + "\n"
    assert meta(text)["title"] == "本市上季新屋成交減兩成"
