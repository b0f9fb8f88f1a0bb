"""Every article shape real scrapes have keeps its article (fixtures in tests/fixtures/shapes/).

The fixture texts are our own sentences written in the shapes real exports arrive in: a whole
article on one line (paragraphs joined by spaces, ideographic spaces or nothing), hard-wrapped
English and Chinese, crawler residue before the body, wire datelines, Cantonese with full-width
figures, and HTML entities left in a plain-text export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline import figures, paragraphs, wire
from dashboard.pipeline.analyse.document import analyse_document
from dashboard.pipeline.clean import clean_text
from dashboard.pipeline.ingest import decode_entities, read_text
from dashboard.pipeline.records import Document

SHAPES = Path(__file__).parents[1] / "fixtures" / "shapes"


def fixture(name: str) -> str:
    return (SHAPES / name).read_text(encoding="utf-8")


def kept(text: str) -> list[str]:
    return [p.text for p in clean_text(text).paragraphs]


def figure_values(texts: list[str]) -> Counter[tuple[float, str | None]]:
    # one fixed region on both sides: a reshaped article keeps or drops the byline that names it
    region = "unknown"
    return Counter(
        (round(f.value, 6), f.unit) for t in texts for f in figures.extract_figures(t, region=region)
    )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("shape", "reference"),
    [
        ("one_line_spaces.txt", "multi_paragraph_zh.txt"),
        ("one_line_ideographic.txt", "multi_paragraph_zh.txt"),
        ("wrapped_zh.txt", "multi_paragraph_zh.txt"),
        ("wrapped_en.txt", "multi_paragraph_en.txt"),
    ],
)
def test_joined_or_wrapped_article_gives_back_its_paragraphs(shape, reference):
    ref = [p for p in kept(fixture(reference)) if len(p) > 20]
    got = [p for p in kept(fixture(shape)) if len(p) > 20]
    assert got == ref
    assert figure_values(got) == figure_values(ref)


def test_article_joined_by_nothing_is_split_at_sentence_ends_and_keeps_every_figure():
    text = fixture("one_line_nothing.txt")
    got = kept(text)
    assert len(got) > 1  # a 800-character line is not one paragraph
    assert all(p.endswith("。") for p in got)
    assert "".join(got) == text.strip()
    assert figure_values(got) == figure_values([text])


@pytest.mark.parametrize("name", sorted(p.name for p in SHAPES.glob("*.txt")))
def test_every_shape_keeps_its_body(name):
    text = decode_entities(fixture(name))
    res = clean_text(text)
    body = [p for p in res.paragraphs if p.role == "body"]
    assert body, f"{name}: no body kept; removed {[(r.rule, r.text) for r in res.removed]}"
    # every sentence with a figure in it is kept
    for line in text.splitlines():
        for sentence in re.findall(r"[^。！？]*?\d[^。！？]*[。！？]", line):
            sentence = sentence.strip(" \u3000")
            if "date" in sentence or "時間" in sentence:
                continue
            assert any(sentence in p.text for p in res.paragraphs), f"{name}: lost {sentence!r}"


@pytest.mark.parametrize("name", ["residue_date.txt", "residue_label.txt"])
def test_crawler_residue_is_cut_from_the_body_and_the_body_kept(name):
    res = clean_text(fixture(name))
    assert not any(re.search(r"date|時間", p.text) for p in res.paragraphs)
    assert res.paragraphs[0].text.startswith(("市交通局", "本區衛生所"))
    assert any(r.rule == "byline" for r in res.removed)


def test_cantonese_and_full_width_figures_read():
    text = fixture("cantonese.txt")
    got = kept(text)
    assert any("佢喺街市買咗兩斤" in p for p in got)
    values = {(v, u) for v, u in figure_values(got)}
    assert {(12.0, "%"), (3.5, "%"), (4.0, "%")} <= values


def test_html_entities_in_plain_text_are_decoded(tmp_path):
    doc = read_text((SHAPES / "entities.txt").read_bytes(), "entities.txt", "txt")
    assert "&#37;" not in doc.text and "&nbsp;" not in doc.text and "&#x3002;" not in doc.text
    assert "10.2%" in doc.text and "12.6%。" in doc.text and "穩定 & 充足" in doc.text
    values = {(v, u) for v, u in figure_values(kept(doc.text))}
    assert {(10.2, "%"), (12.6, "%")} <= values


def test_entities_that_are_prose_stay_as_written():
    assert decode_entities("AT&T and R&D; spending") == "AT&T and R&D; spending"
    assert decode_entities("bad &#0; ref") == "bad &#0; ref"


# ---------------------------------------------------------------- the safety rule


def test_rule_that_would_empty_the_article_does_not_apply():
    # the only text is a long line of "!"-joined clauses: it looks like concatenated headlines
    line = (
        "本市今年出口增长12%! 进口下降3%! 贸易顺差扩大到500亿元! 港口吞吐量创新高! 物流企业订单增加两成!" * 3
    )
    res = clean_text(line)
    assert [p.text for p in res.paragraphs] == [line]
    assert [r.rule for r in res.removed] == ["kept_would_empty"]
    assert res.counts["lines_removed"] == 0


def test_guard_leaves_real_headline_lists_cut_when_body_remains():
    body = "本市统计局公布，今年前三季度快递业务量达到12.5亿件，同比增长18.3%，增速比上半年加快两个百分点。"
    runon = (
        "甜蜜相拥明星示爱 全新货仓出航升级攻略一览 球队未能利用空间进攻 盘点以龙命名的飞机 女子每天自驾上班 "
        * 3
    )
    res = clean_text(body + "\n" + runon)
    assert [p.text for p in res.paragraphs] == [body]
    assert [r.rule for r in res.removed] == ["headline_list"]


# ---------------------------------------------------------------- property tests

_HAN_WORDS = [
    "统计",
    "数据",
    "增长",
    "出口",
    "市场",
    "企业",
    "居民",
    "价格",
    "城市",
    "交通",
    "能源",
    "今年",
    "去年",
]
_sentence = st.lists(st.sampled_from(_HAN_WORDS), min_size=4, max_size=12).map(lambda ws: "".join(ws))
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map(lambda ss: "，".join(ss) + "。")
_joiner = st.sampled_from([" ", "  ", "\u3000", "\u3000\u3000", " \u3000"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_paragraph, min_size=2, max_size=6), _joiner)
def test_restoring_joined_paragraphs_gives_them_back(paras, joiner):
    line = joiner.join(paras)
    got = [p for _, p in paragraphs.restore(line)]
    assert squeeze("".join(got)) == squeeze(line)  # nothing lost
    if len(line) >= paragraphs._config()["split_spaced_min"]:
        assert got == paras


@settings(max_examples=60, deadline=None)
@given(st.lists(_paragraph, min_size=1, max_size=6))
def test_restoring_paragraphs_joined_by_nothing_loses_nothing(paras):
    line = "".join(paras)
    got = [p for _, p in paragraphs.restore(line)]
    assert "".join(got) == line
    assert all(p.endswith("。") for p in got)


_EN_WORDS = [
    "the",
    "port",
    "handled",
    "more",
    "containers",
    "than",
    "expected",
    "during",
    "spring",
    "and",
    "said",
]
_en_sentence = st.lists(st.sampled_from(_EN_WORDS), min_size=6, max_size=18).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
_en_paragraph = st.lists(_en_sentence, min_size=2, max_size=4).map(" ".join)


def _wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for w in text.split():
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    return [*out, line]


@settings(max_examples=60, deadline=None)
@given(st.lists(_en_paragraph, min_size=2, max_size=5), st.integers(min_value=60, max_value=80))
def test_unwrapping_hard_wrapped_english_gives_back_the_paragraphs(paras, width):
    text = "\n".join(line for p in paras for line in _wrap(p, width))
    got = [p for _, p in paragraphs.restore(text)]
    assert " ".join(got) == " ".join(paras)  # nothing lost, no word split
    # a wrap never glues two paragraphs; a paragraph stays whole unless a wrapped line happened
    # to end exactly at a sentence end (indistinguishable from a paragraph end)
    for piece in got:
        assert any(piece in p for p in paras)
    assert len(got) <= sum(1 + sum(ln.endswith(".") for ln in _wrap(p, width)[:-1]) for p in paras)


_long_paragraph = st.lists(_sentence, min_size=6, max_size=10).map(lambda ss: "，".join(ss) + "。")


@settings(max_examples=40, deadline=None)
@given(st.lists(_long_paragraph, min_size=2, max_size=5), st.integers(min_value=20, max_value=36))
def test_unwrapping_hard_wrapped_chinese_gives_back_the_paragraphs(paras, width):
    text = "\n".join(p[i : i + width] for p in paras for i in range(0, len(p), width))
    got = [p for _, p in paragraphs.restore(text)]
    assert got == paras


def _rewrap(text: str) -> str:
    """Every line hard-wrapped: English at 64 characters, Chinese at 28."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            out.append("")
        elif line.isascii():
            out.extend(_wrap(line, 64))
        else:
            out.extend(line[i : i + 28] for i in range(0, len(line), 28))
    return "\n".join(out)


# wrapping an already hard-wrapped fixture again is not a shape exports have
_RESHAPES = [
    (name, reshape)
    for name in sorted(p.name for p in SHAPES.glob("*.txt"))
    for reshape in ("flat", "nothing", "rewrapped")
    if not (name == "wrapped_zh.txt" and reshape == "rewrapped")
]


@pytest.mark.parametrize(("name", "reshape"), _RESHAPES)
def test_fixture_with_line_breaks_removed_or_added_keeps_its_figures(name, reshape):
    text = decode_entities(fixture(name))
    body = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if reshape == "flat":
        other = " ".join(body)
    elif reshape == "nothing":
        other = "".join(body) if not text.isascii() else " ".join(body)
    else:
        other = _rewrap(text)
    res = clean_text(other)
    assert any(p.role == "body" for p in res.paragraphs), f"{name} ({reshape}): article lost"
    assert figure_values([p.text for p in res.paragraphs]) >= figure_values(
        [p.text for p in clean_text(text).paragraphs if p.role == "body"]
    )


# ---------------------------------------------------------------- wire datelines


@pytest.mark.parametrize(
    ("name", "agency", "surface"),
    [
        ("wire_reuters.txt", "Reuters", "Reuters"),
        ("wire_xinhua.txt", "Xinhua", "新华社"),
        ("wire_cna.txt", "Central News Agency", "中央社"),
        ("wire_afp.txt", "Agence France-Presse", "法新社"),
        ("wire_chinanews.txt", "China News Service", "中新网"),
    ],
)
def test_wire_dateline_names_the_agency_as_a_cited_outlet(name, agency, surface):
    res = analyse_document(Document(name, fixture(name), "utf-8", "txt"))
    assert res.article is not None
    assert res.article["wire_agency"] == agency
    rows = [c for c in res.rows["citations"] if c["outlet"] == agency]
    assert rows and rows[0]["surface"] == surface and rows[0]["paragraph"] == 0


def test_wire_agency_is_not_the_publisher_when_the_page_names_one():
    text = "來源：香港01\n\n" + fixture("wire_cna.txt")
    doc = Document("x.txt", text, "utf-8", "txt", {"publisher": "香港01"}, {"publisher": "manifest"})
    res = analyse_document(doc)
    assert res.article["publisher"] == "香港01"
    assert res.article["wire_agency"] == "Central News Agency"


def test_no_dateline_no_agency():
    assert wire.find_dateline(["據路透社報導，出口增加了5%。", "新华社的报道说……"]) is None
    assert wire.find_dateline(["本报讯 今年前8个月铁路客运增长6.7%。"]) is None


# ---------------------------------------------------------------- metadata on these shapes


def _meta(text: str) -> dict:
    res = analyse_document(Document("x.txt", text, "utf-8", "txt"))
    assert res.article is not None
    return res.article


@pytest.mark.parametrize(
    ("name", "published"),
    [("residue_date.txt", dt.date(2025, 10, 18)), ("residue_label.txt", dt.date(2025, 3, 2))],
)
def test_crawler_residue_date_is_the_published_date(name, published):
    art = _meta(fixture(name))
    assert art["published"] == published and art["published_basis"] == "text"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("residue_breadcrumb.txt", "本地电网夏季用电负荷再创新高"),
        ("no_byline_title.txt", "海港城市貨櫃量回升"),
        ("wrapped_en.txt", "Port traffic climbs"),
        ("cantonese.txt", "街市菜價連升三個月"),
    ],
)
def test_title_found_without_a_byline(name, title):
    assert _meta(fixture(name))["title"] == title


def test_headline_directly_above_the_body_and_above_a_dateline():
    body = "交通部今天公布，上月國道車流量為每日平均210萬輛次，較去年同月增加2.3%，創下同期新高。"
    assert _meta("國道車流量創同期新高\n" + body)["title"] == "國道車流量創同期新高"
    wired = "國道車流量創同期新高\n（中央社記者王某台北15日電）" + body
    assert _meta(wired)["title"] == "國道車流量創同期新高"
    # a short first line followed by a blank line in a blank-separated layout proves nothing
    assert _meta("好消息?\n\n" + "\n\n".join([body] * 5))["title"] is None


def test_title_from_original_title_line_and_related_links_line():
    body = "本市统计局公布，今年前三季度快递业务量达到12.5亿件，同比增长18.3%。"
    assert _meta("(原标题:快递业务量创新高)\n" + body)["title"] == "快递业务量创新高"
    assert _meta(body + "\n与《快递业务量创新高》相关的文章>>\n")["title"] == "快递业务量创新高"


def test_cna_date_code_gives_the_published_date():
    text = "交通部今天公布，上月國道車流量為每日平均210萬輛次，較去年同月增加2.3%。（編輯：李某）1140315\n"
    assert _meta(text)["published"] == dt.date(2025, 3, 15)


@pytest.mark.parametrize(
    ("furniture", "publisher"),
    [
        ("以上內容轉載自其他網站，轉載內容並不代表香港01立場。", "HK01"),
        ("下載「香港01」App，即睇城中熱話", "HK01"),
        ("透過Google新聞 追蹤風傳媒", "Storm Media"),
    ],
)
def test_the_pages_own_furniture_names_the_publisher(furniture, publisher):
    body = "港務局昨日表示，上半年貨櫃吞吐量為710萬個標準箱，按年增長4.1%，轉口貨物佔總量約六成。"
    assert _meta(body + "\n" + furniture + "\n")["publisher"] == publisher


def test_outlet_byline_at_the_top_names_the_publisher_but_a_credit_at_the_end_does_not():
    body = "財政部今日公布，上月出口金額達624.8億美元，較上年同月增加12.5%，連續三個月成長。"
    assert _meta("鉅亨網記者王某 台北 2026-01-09 17:13\n" + body)["publisher"] == "Anue"
    art = _meta(
        body + "\n" + body.replace("財政部", "海關") + "\n" + body + "\n中國消費者報記者李某攝影報道\n"
    )
    assert art["publisher"] is None


def test_markdown_structure_is_never_joined():
    text = (
        "# Port traffic climbs in the first nine months of the year\n"
        "The city's port handled 4.2 million containers in the first nine\n"
        "months of the year, up 6.5 percent from a year earlier, officials\n"
        "said on Tuesday after the quarterly figures were published online\n"
        "- refrigerated goods rose fastest in the spring and summer months\n"
        "- transhipment cargo fell slightly compared with the previous year\n"
    )
    got = [p for _, p in paragraphs.restore(text)]
    assert got[0].startswith("# Port") and got[0].endswith("year")
    assert got[1].startswith("The city's port") and got[1].endswith("published online")
    assert got[2:] == [ln for ln in text.splitlines() if ln.startswith("- ")]


def test_a_byline_date_beats_the_crawler_stamp():
    text = " date 2025-10-20 鉅亨網記者王某 台北 2025-10-18 17:13\n\n" + fixture("no_byline_title.txt")
    assert _meta(text)["published"] == dt.date(2025, 10, 18)


def test_headline_after_a_site_menu_and_above_a_photo_caption_and_byline():
    art = _meta(fixture("menu_caption_byline.txt"))
    assert art["title"] == "夏季電價方案上路\u3000用戶平均月增120元"
    assert art["published"] == dt.date(2025, 6, 2)


def test_page_run_onto_one_line_keeps_the_body_and_cuts_the_menu():
    flat = " ".join(ln.strip() for ln in fixture("menu_caption_byline.txt").splitlines() if ln.strip())
    res = clean_text(flat)
    assert [p.text[:6] for p in res.paragraphs] == ["台電今天公布", "台電表示，今"]
    cut = [r for r in res.removed if r.rule == "headline_list"]
    assert len(cut) == 1 and cut[0].text.startswith("• 首頁") and cut[0].text.endswith("台北報導")


@pytest.mark.parametrize(
    "text",
    [
        "分析師提醒，以上內容僅供參考，不構成投資建議，投資人應審慎評估今年股市漲幅已達25%的風險。",
        "點擊關注我們，今年本市出口增長12.5%，進口下降3.1%，貿易順差擴大到500億元。",
    ],
)
def test_a_boilerplate_phrase_in_the_only_paragraph_never_throws_the_article_away(text):
    res = clean_text(text)
    assert [p.text for p in res.paragraphs] == [text]
    assert [r.rule for r in res.removed] == ["kept_would_empty"]


def test_lines_without_prose_are_never_restored():
    res = clean_text("![](a.png)\nhttps://example.com/a\n01")
    assert res.paragraphs == [] and "kept_would_empty" not in {r.rule for r in res.removed}


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("新华社北京电 记者从有关部门获悉，今年客运量增长6.7%。", "Xinhua"),
        ("新華社華盛頓電（記者李某）美國上月失業率為4.1%。", "Xinhua"),
        ("（中央社記者陳某新竹13日電）晶圓代工廠今天公布營收年增16.9%。", "Central News Agency"),
        ("HONG KONG, May 21 (AFP) - Home prices fell 2.1 percent in April.", "Agence France-Presse"),
        ("SEOUL, Jan. 5 (Yonhap) -- Exports rose 9.1 percent last month.", "Yonhap"),
        ("TOKYO (Kyodo) -- Japan's core inflation eased to 2.5 percent.", "Kyodo"),
    ],
)
def test_dateline_forms(opening, agency):
    line = wire.find_dateline([opening])
    assert line is not None and line.agency == agency


def test_a_name_that_only_starts_like_a_dateline_is_not_one():
    assert wire.find_dateline(["新华社电视台今天播出了节目，收视率达3.2%。"]) is None
    assert wire.find_dateline(["Reuters reported that exports rose 3%."]) is None


def test_html_entities_in_csv_and_json_rows_are_decoded():
    from dashboard.pipeline.ingest import read_csv, read_json

    text = "備轉容量率達10.2&#37;&#x3002;供電穩定&nbsp;&amp;&nbsp;充足"
    csv_docs, _ = read_csv(f'title,text\nA,"{text}"\n'.encode(), "a.csv")
    json_docs, _ = read_json(('[{"title": "A", "text": "' + text + '"}]').encode(), "a.json")
    for docs in (csv_docs, json_docs):
        assert docs[0].text == "備轉容量率達10.2%。供電穩定 & 充足"


def test_latin_name_with_a_field_word_before_analyst_is_a_cited_source():
    from dashboard.pipeline.sources import extract_citations

    text = "能源咨询公司Northwind Energy原油分析师张某称，油价本周可能上涨5%。"
    assert "Northwind Energy" in {c.outlet for c in extract_citations(text, None)}


def test_wrapped_clause_with_half_width_commas_is_joined():
    text = (
        "颱風外圍環流帶來豪雨,山區累積雨量已逾三百毫米,氣象單位提醒民眾遠離溪\n"
        "谷與河川,並留意坍方與落石的消息。\n\n新聞來源:本報訊"
    )
    assert kept(text)[0] == (
        "颱風外圍環流帶來豪雨,山區累積雨量已逾三百毫米,氣象單位提醒民眾遠離溪谷與河川,並留意坍方與落石的消息。"
    )


def test_caption_with_a_comma_is_not_joined_to_the_body():
    text = "市府宣布調漲停車費,圖為市區停車場 資料照\n停車費將從下月起每小時調漲十元,市府說是為了鼓勵搭乘大眾運輸。"
    assert len(kept(text)) == 2


def test_photo_credit_line_is_not_joined_to_the_body():
    text = (
        "标题：某区法院审理一起合同纠纷\n"
        "昨天，原告在法院门口等候开庭。本报记者王某摄\n"
        "2019年3月，原告与被告签订了一份供货合同，约定分三批交付货物。"
    )
    got = kept(text)
    assert got[1] == "昨天，原告在法院门口等候开庭。本报记者王某摄"
    assert got[2].startswith("2019年3月")


def test_letter_spaced_text_is_read_without_its_spaces():
    text = (
        "本 市 失 業 率 升 至 百 分 之 五 點 二 , 統 計 處 昨 日 公 布 , 失 業 人 口 達 十 二 萬 三 千 人 , "
        "較 上 季 增 加 十 四 名 勞 工 督 察 的 人 手 亦 見 緊 張 。"
    )
    para = kept(text)[0]
    assert para.startswith("本市失業率升至百分之五點二,統計處昨日公布,")
    values = figure_values([para])
    assert (5.2, "%") in values and (123000.0, "人") in values and (14.0, "名") in values
    assert (4.0, "名") not in values


def test_markdown_front_matter_is_metadata_not_text():
    text = (
        '---\nlayout: post\ntitle: "新公司登記數上月增加"\ndate: 2024-03-05\nsource: 某某日報\n---\n\n'
        "# 新公司登記數上月增加\n\n市政府今天公布，上月全市新登記的公司有一千二百家，比去年同期增加百分之八。\n"
    )
    doc = read_text(text.encode("utf-8"), "x.md", "md")
    assert doc.meta == {"title": "新公司登記數上月增加", "published": "2024-03-05", "publisher": "某某日報"}
    assert set(doc.meta_basis.values()) == {"row"}
    assert "layout" not in doc.text and doc.text.count("\n") == text.count("\n")  # lines keep their place
    assert kept(doc.text)[-1].startswith("市政府今天公布")


def test_text_opening_with_a_rule_line_is_not_front_matter():
    text = "---\n市政府今天公布，上月全市新登記的公司有一千二百家。\n---\n"
    doc = read_text(text.encode("utf-8"), "x.txt", "txt")
    assert doc.meta == {} and doc.text == text


def test_headline_over_a_whole_paragraph_is_not_joined_to_it():
    # a line without an end mark over a longer, finished sentence: a headline (or a caption whose
    # credit closes it), not a clause cut by a wrap, which fills its line
    text = (
        "某州明年获拨款3.2亿,发展拨款6.1亿\n"
        "财政部长某某说,州政府明年会获得中央政府发放的3亿2000万令吉常年拨款,用于州内的各项发展计划。\n"
        "颱風減弱爲中度颱風,對本島威脅仍不可小覷,今天全國停班停課。本報資料照片\n"
        "颱風減弱爲中度颱風,對本島威脅仍不可小覷,今天全國停班停課。氣象署持續發佈海上陸上颱風警報,民眾應留意最新消息。\n"
    )
    got = [p for _, p in paragraphs.restore(text)]
    assert got[0] == "某州明年获拨款3.2亿,发展拨款6.1亿"
    assert got[1].startswith("财政部长某某说")
    assert "本報資料照片" not in got[-1]
    # a clause cut by a wrap still joins its shorter continuation
    wrapped = "他说,政府将在未来三年内投入大量资金,用于改善偏远\n地区的交通设施。\n"
    assert [p for _, p in paragraphs.restore(wrapped)] == [
        "他说,政府将在未来三年内投入大量资金,用于改善偏远地区的交通设施。"
    ]


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("一、本周天气展望", None),  # a report's numbered section head
        ("（二）主要产品情况", None),
        ("第一节 重要事项提示", None),
        ("档案编号：118/2026", None),  # a record's labelled field
        ("某某市人民政府门户网站", None),  # the portal's own name
        ("政府發佈", None),  # a section label
        ("某某科技:2025年年度报告摘要 下载公告", "某某科技:2025年年度报告摘要"),  # a button beside it
    ],
)
def test_section_heads_fields_and_portal_names_are_never_the_title(head, title):
    body = "本周前期多云,后期有一次明显降雨过程,累计雨量二十至四十毫米,气温略有下降,请市民注意添衣。"
    assert _meta(head + "\n\n" + body + "\n\n" + body.replace("本周", "下周") + "\n")["title"] == title


def test_an_app_or_feedback_banner_is_page_furniture_not_the_headline():
    body = "今年前三季度全市进出口总值增长一成二,其中出口增长一成五,进口增长百分之八,均高于全省平均水平。"
    for banner in ("意见反馈 手机随时随地看行情", "跳过导航", "打开APP"):
        res = analyse_document(Document("x.txt", f"{banner}\n\n进出口稳中有升\n\n{body}\n", "utf-8", "txt"))
        assert res.article["title"] != banner
        assert all(banner not in p["text"] for p in res.rows["paragraphs"])


def test_a_headline_over_a_short_flagged_first_sentence():
    """【本報訊】 opening a one-sentence first paragraph shows the line above is the headline, even
    when the paragraph is short."""
    text = (
        "三號風球今晨改掛\n\n【本報訊】氣象局今晨六時改掛三號風球。\n\n"
        "氣象局稱,熱帶風暴中心在本澳東南約二百公里,預料今日下午最接近本澳,市民應提高警覺。\n\n"
        "預測今日有大雨及狂風,海有大浪。\n"
    )
    assert _meta(text)["title"] == "三號風球今晨改掛"


def test_a_board_header_gives_title_time_and_author_not_the_user_name():
    body = "本季晶圓代工報價續漲,多家業者表示,先進製程產能已排到明年第二季,成熟製程則略有鬆動。"
    one = _meta(
        f"作者 chipfan (晶片迷) 看板 Stock 標題 [新聞] 晶圓代工報價續漲 時間 Tue Mar  4 09:15:02 2025\n\n{body}\n"
    )
    assert (one["title"], one["published"], one["author"]) == (
        "[新聞] 晶圓代工報價續漲",
        dt.date(2025, 3, 4),
        "chipfan",
    )
    split = _meta(
        f"作者 chipfan (晶片迷)\n標題 [新聞] 晶圓代工報價續漲\n時間 Tue Mar  4 09:15:02 2025\n\n{body}\n"
    )
    assert split["title"] == "[新聞] 晶圓代工報價續漲" and split["published"] == dt.date(2025, 3, 4)
    # a mirror's header without a 標題 field, the post's title on the line above it
    mirror = _meta(
        f"[心得] 晶圓報價觀察\n看板Stock作者chipfan (晶片迷)時間3年前 (2023/05/06 10:20)推噓5\n{body}\n"
    )
    assert mirror["title"] == "[心得] 晶圓報價觀察" and mirror["published"] == dt.date(2023, 5, 6)


def test_a_post_run_into_its_poster_line_has_no_user_name_as_title():
    text = (
        "芯片观察员发表于 2025-11-03 08:30 "
        + "本周多家存储芯片厂商上调报价,业内人士认为,涨价趋势可能延续到明年上半年。" * 2
    )
    art = _meta(text + "\n")
    assert art["title"] is None
    assert art["published"] == dt.date(2025, 11, 3) and art["author"] == "芯片观察员"


def test_a_headline_run_into_the_body_is_found_when_the_page_repeats_it():
    body = "本港上月零售銷貨額按年上升百分之三,其中珠寶鐘錶類升幅最大,業界預期下半年可望持續回穩。" * 2
    text = f"零售銷貨額按年升3% {body}\n\n原文連結:example.hk/news/123\n\n零售銷貨額按年升3% - 某某電台\n"
    assert _meta(text)["title"] == "零售銷貨額按年升3%"
    # without the repeat, the first words of a paragraph are no headline
    assert _meta(f"零售銷貨額按年升3% {body}\n\n{body}\n")["title"] is None
