"""Shapes met on mainland government, court, wire and market pages (own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.pipeline.analyse.document import analyse_document
from dashboard.pipeline.clean import clean_text
from dashboard.pipeline.figures import extract_figures
from dashboard.pipeline.figures.region import article_region
from dashboard.pipeline.ingest import read_inputs
from dashboard.pipeline.metadata import (
    extract_metadata,
    find_author,
    find_masthead,
    find_published,
    header_lines,
)
from dashboard.pipeline.paragraphs import restore_text
from dashboard.pipeline.records import Document
from dashboard.pipeline.sources import extract_citations

BODY = (
    "市统计局今天发布数据，前三季度全市规模以上工业增加值同比增长百分之五，"
    "其中高技术制造业增长较快，消费品市场保持平稳。"
)


def kept(text: str) -> str:
    return "\n".join(p.text for p in clean_text(text).paragraphs)


def removed(text: str) -> dict[str, str]:
    return {r.text.strip(): str(r.rule) for r in clean_text(text).removed}


def _meta(text: str) -> dict:
    return extract_metadata(Document("a.txt", text, "utf-8", "txt"), [], [])


# --- exports --------------------------------------------------------------------------------


def test_csv_columns_prefixed_with_their_object_are_read(tmp_path) -> None:
    (tmp_path / "export.csv").write_text(
        "file.id,file.title,file.source,file.release_time,file.content\n"
        f'7,市统计局发布前三季度数据,某市统计局,"2023-10-20 09:00","{BODY}"\n',
        encoding="utf-8",
    )
    docs, rejected = read_inputs(tmp_path)
    assert not rejected
    (doc,) = docs
    assert doc.meta["title"] == "市统计局发布前三季度数据"
    assert doc.meta["publisher"] == "某市统计局"
    assert doc.meta["published"].startswith("2023-10-20")
    assert "高技术制造业" in doc.text


def test_a_column_named_exactly_wins_over_a_prefixed_one(tmp_path) -> None:
    (tmp_path / "export.csv").write_text(
        f'title,meta.title,text\n正式标题,别的标题,"{BODY}"\n',
        encoding="utf-8",
    )
    docs, _ = read_inputs(tmp_path)
    assert docs[0].meta["title"] == "正式标题"


# --- info bars: 来源: 作者: 点击: -------------------------------------------------------------


@pytest.mark.parametrize(
    "bar",
    [
        "来源:  作者:  时间: 2021-06-04",
        "来源:某市卫生健康委员会 作者: 点击:[]",
        "来源: 作者: 浏览次数:1590   收藏[0]",
        "作者: 点击数:36",
    ],
)
def test_an_empty_author_field_names_no_writer(bar: str) -> None:
    assert find_author([bar], [bar, BODY]) is None


def test_a_reporter_title_in_the_author_field_is_skipped() -> None:
    bar = "2020-07-20 08:55 来源:某某社 作者:记者 王小明"
    assert find_author([bar], [bar, BODY]) == "王小明"


def test_a_site_clock_names_no_writer_and_no_date() -> None:
    lines = ["今天是:2024年12月22日 星期日", "某某律师在线", "时间:2020年11月12日", BODY]
    assert find_author(header_lines(lines), lines) is None
    assert find_published(header_lines(lines), lines) == dt.date(2020, 11, 12)


def test_an_empty_source_field_cites_nothing() -> None:
    cited = [c.surface for c in extract_citations("来源: 作者: 浏览次数:1590", reference=True)]
    assert "作者" not in cited


@pytest.mark.parametrize(
    "bar",
    [
        "来源:某市卫生健康委员会 作者: 点击:[]",
        "来源: 作者: 浏览次数:1590   收藏[0]",
        "2011-07-13 来源:某某证券网 作者:",
        "2020-02-01 08:44:32       来源:某某委员会官网    作者:",
        "2016-04-08 09:54?来源:综合某某网",
        "时间:2020年11月12日",
        "2018-01-10 10:40:22    某某网  参与评论()人",
    ],
)
def test_info_bars_below_the_header_are_cut(bar: str) -> None:
    # (below a site's menus and promos, past the header lines where it would be the byline)
    lead = [BODY, *(BODY.replace("前三季度", f"第{n}季度") for n in "一二三四五")]
    text = "\n".join([*lead, "某某案二审裁定书", bar, BODY.replace("前三季度", "上半年")]) + "\n"
    assert removed(text).get(bar.strip()) == "author_line"
    assert BODY in kept(text)


def test_a_sentence_naming_its_source_is_kept() -> None:
    line = "来源:据市统计局介绍，作者在调查中发现，时间越长增长越明显。"
    assert line in kept(BODY + "\n\n" + line + "\n")


def test_an_info_bar_at_the_top_is_still_the_byline() -> None:
    text = "市统计局发布前三季度数据\n2019-12-10 07:57 来源:某某网\n" + BODY + "\n"
    assert removed(text).get("2019-12-10 07:57 来源:某某网") == "byline"


def test_a_dated_line_with_its_time_names_the_paper() -> None:
    assert find_masthead(["2020年09月15日 05:30 中国证券报", BODY]) == "China Securities Journal"


# --- page chrome ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "要闻",
        "分享到 0",
        "【 关闭 】",
        "某某饲料信息网logo",
        "登录某某云媒账号",
        "今天是:2024年12月22日 星期日",
        "生活 正文",
        "新闻频道首页",
        "热搜:某某 某某某",
        "上一期  下一期",
        "3上一篇  下一篇4",
        "第03版:要闻国内 上一版3  4下一版",
        "返回主页 | 某某日报 | 版面导航 | 某某晚报",
        "某某时报多媒体数字报",
        "评论一下",
        "评论 0人参与,0条评论",
        "相关报道:",
        "热点排行 Top",
        "扫描二维码分享",
        "版权声明 @ 某某网 网站版权所有",
        "某某时报网络版郑重声明",
        "Original Article URL:",
        # credits and reading-time notes
        "■王大明/文",
        "特约编辑:某某某",
        "出品:某某工作室",
        "全文约8000字,读完约需16分钟,建议收藏细读。",
    ],
)
def test_page_chrome_is_cut(line: str) -> None:
    text = BODY + "\n\n" + line + "\n\n" + BODY.replace("前三季度", "上半年") + "\n"
    out = kept(text)
    assert line not in out.splitlines() and BODY in out


def test_a_copyright_notice_needing_written_permission_is_cut() -> None:
    notice = "经某某报社授权，某某网独家代理信息登载业务。本页内容未经书面授权许可，不得转载、复制。"
    assert notice not in kept(BODY + "\n\n" + notice + "\n")


def test_a_headline_under_a_cut_breadcrumb_and_search_bar_is_the_title() -> None:
    text = (
        "生活 正文\n热搜:某某 某某某\n\n市统计局发布前三季度数据\n\n"
        + BODY
        + "\n\n"
        + BODY.replace("前三季度", "上半年")
        + "\n"
    )
    assert _meta(text)["title"] == "市统计局发布前三季度数据"


# --- hard wrap ------------------------------------------------------------------------------


def test_a_wrapped_bulletin_between_short_head_and_foot_lines_is_joined() -> None:
    para = (
        "  全市当日报告新增病例十二例，其中本地病例五例，境外输入病例七例，"
        "新增治愈出院病例九例，累计报告病例数量比上周略有下降，疑似病例"
        "2102例。"
    )
    wrapped = [para[i : i + 30] for i in range(0, len(para), 30)]
    second = "  截至昨日二十四时，全市累计追踪到密切接触者一千余人，其中已解除医学观察的人数超过八成，其余人员正在接受医学观察。"
    wrapped2 = [second[i : i + 30] for i in range(0, len(second), 30)]
    text = "\n".join(
        [
            "某某网 > 时政",
            "",
            "疫情最新情况",
            "",
            *wrapped,
            "",
            *wrapped2,
            "",
            "加载中",
            "某某网",
            "责任编辑:某某",
        ]
    )
    out = [line.strip() for line in restore_text(text).splitlines()]
    assert para.strip() in out and second.strip() in out


# --- region ---------------------------------------------------------------------------------


def test_a_mainland_disaster_report_naming_counties_is_mainland() -> None:
    text = (
        "据某省民政厅报告，甲县、乙县、丙县、丁县等六个县受灾，县里紧急转移安置群众两万人，"
        "直接经济损失5.9亿元。"
    )
    assert article_region(text, "zh-Hans") == "mainland"
    (money,) = [f for f in extract_figures(text, region="mainland") if f.kind == "money"]
    assert money.unit == "CNY"


def test_a_converted_mainland_report_in_traditional_script_is_mainland() -> None:
    text = "據應急管理部統計，某省民政廳報告，全省受災人口超過十萬，網絡信息顯示損失達三億元。"
    assert article_region(text, "zh-Hant", converted=True) == "mainland"
    assert article_region(text, "zh-Hant") != "mainland"


def test_a_taiwan_county_report_stays_taiwan() -> None:
    text = "彰化縣政府表示，颱風造成縣內農損，縣府將發放補助，南投縣也傳出災情。"
    assert article_region(text, "zh-Hant") == "taiwan"


def test_traditional_copy_of_a_mainland_agency_wire_reads_bare_yuan_as_renminbi() -> None:
    text = "中新網5月30日電 據市場監測，昨日豬肉批發平均價格為每公斤16.5元，比前一日略有回落。\n"
    result = analyse_document(Document("a.txt", text, "utf-8", "txt"))
    assert result.article["region"] == "mainland"
    money = [f for f in result.rows["figures"] if f["kind"] == "money"]
    assert money and money[0]["unit"] == "CNY/kg"  # renminbi, and a price per kilogram


def test_a_sentence_about_a_reporter_is_kept() -> None:
    line = "记者从市统计局获悉，前三季度全市新增就业岗位三万个。"
    assert line in kept(BODY + "\n\n" + line + "\n")


def test_a_home_link_run_into_a_one_line_page_is_no_title() -> None:
    text = "新闻频道首页 首页 > 资讯中心 > 体育 > 正文 " + BODY + BODY.replace("前三季度", "上半年") + "\n"
    assert _meta(text)["title"] != "新闻频道首页"


def test_a_bulletin_headline_repeating_its_figures_is_the_title() -> None:
    lead = "本周全市报告新增病例2102例，其中重症病例268例，累计报告病例11791例，疫情总体平稳。"
    text = (
        "\n\n".join(["全市新增病例2102例 累计报告11791例", lead, BODY, BODY.replace("前三季度", "上半年")])
        + "\n"
    )
    assert _meta(text)["title"] == "全市新增病例2102例 累计报告11791例"


@pytest.mark.parametrize(
    ("lines", "publisher"),
    [
        (["标题一则", "2021-06-01 来源: 学习时报 作者:", BODY], "Study Times"),
        (["标题一则", "作者: 记者 来源: 河南日报", BODY], "Henan Daily"),
        (["标题一则", "2024-05-01 来源：湖北日报客户端", BODY], "Hubei Daily"),
        (["标题一则", "来源:某某能源网", "时间:2022-03-29 09:01:39", BODY], "某某能源网"),
    ],
)
def test_a_labelled_source_field_names_the_publisher(lines, publisher):
    assert find_masthead(lines) == publisher


def test_a_source_field_that_is_no_site_name_is_no_publisher():
    assert find_masthead(["标题一则", "来源: 网络 作者: 佚名", BODY]) is None
