"""Cited sources: known outlets, reporting patterns, discovery, reference lines, publisher exclusion."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline.sources import Citation, cite_paragraphs, extract_citations, is_reference_line

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def outlets(text: str, publisher: str | None = None, **kw) -> list[str]:
    return [c.outlet for c in extract_citations(text, publisher, **kw)]


def only(text: str, publisher: str | None = None) -> Citation:
    cites = extract_citations(text, publisher)
    assert len(cites) == 1, cites
    return cites[0]


# ------------------------------------------------------------------ known outlets


def test_traditional_bracketed_name_keeps_brackets_in_surface():
    text = "美國《華爾街日報》此前報導稱，輝達將在華盛頓舉辦大會。"
    c = only(text)
    assert (c.outlet, c.type, c.country, c.known) == ("The Wall Street Journal", "media", "US", True)
    assert c.surface == "《華爾街日報》"
    assert text[c.start : c.end] == c.surface


def test_simplified_reporting_pattern():
    c = only("据路透社报道，美国商务部将收紧出口管制。")
    assert c.outlet == "Reuters"
    assert c.sentence == "据路透社报道，美国商务部将收紧出口管制。"


def test_hong_kong_outlets():
    assert outlets("據《明報》報道，港府將加大投資。") == ["Ming Pao"]
    assert outlets("香港01報道指，晶片短缺持續。") == ["HK01"]
    assert outlets("香港電台節目中，學者表示憂慮。") == ["RTHK"]


def test_media_and_research_names_count_on_any_mention():
    assert outlets("彭博社的记者在现场。") == ["Bloomberg"]
    assert outlets("布魯金斯學會一位高級研究員約翰·維拉塞諾的話稱。") == ["Brookings Institution"]


def test_english_patterns():
    assert outlets("BEIJING (Reuters) - China said on Monday it would retaliate.") == ["Reuters"]
    assert outlets("According to TrendForce, prices rose 10% in the quarter.") == ["TrendForce"]
    assert outlets("The Financial Times' article, published on the 5th, concluded that.") == [
        "Financial Times"
    ]


def test_latin_aliases_need_word_boundaries():
    assert outlets("The SOFTWARE export rules changed.") == []
    assert outlets("Hyperbole is everywhere in the APAC region.") == []


def test_ambiguous_alias_needs_a_cue():
    assert outlets("中国财富管理行业规模巨大。") == []  # 财富 = wealth
    assert outlets("美國《財富》雜誌網站也發表了一篇文章。") == ["Fortune"]
    assert outlets("The FT reported that chip sales fell.") == ["Financial Times"]
    assert outlets("软件界面更新了。") == []  # 界面 = interface


def test_company_needs_a_reporting_pattern():
    assert outlets("英伟达推出了新的H20芯片。") == []
    assert outlets("華為(Huawei)、寒武紀(Cambricon)都在設計晶片。") == []
    assert outlets("英伟达发言人表示，公司将遵守所有规定。") == ["Nvidia"]
    assert outlets("根據台積電官方的資料顯示，該技術最早由美國公司採用。") == ["TSMC"]
    assert outlets("According to Nvidia, demand remains strong.") == ["Nvidia"]


def test_government_needs_a_reporting_pattern():
    assert outlets("美國商務部突然出臺了三個指導意見。") == []
    assert outlets("美国商务部官员自己都不相信。") == []
    assert outlets("美国商务部在声明中表示，新规即日生效。") == ["US Commerce Department"]
    # a bracketed abbreviation is not a dateline: only "(Reuters)"-style media count there
    assert outlets("The Commerce Department's Bureau of Industry and Security (BIS) issued guidance.") == []
    assert outlets("China's Ministry of Commerce said it would take resolute measures.") == ["MOFCOM"]


def test_verb_lookalikes_are_not_verbs():
    assert outlets("英伟达称霸AI芯片市场多年。") == []
    assert outlets("英伟达显示卡销量下滑。") == []


def test_longest_alias_wins():
    c = only("据美国商务部工业与安全局公告，新规生效。")
    assert c.outlet == "BIS"


def test_pinyin_annotations_do_not_hide_names():
    c = only("據(jù)路透社(shè)報導(dǎo)，新規(guī)生效。")
    assert c.outlet == "Reuters"
    assert c.surface.startswith("路透社")


def test_offsets_survive_length_changing_conversion():
    text = "據蘋果日報報導，記憶體價格上漲，據路透社報導，出口下滑。"
    cites = extract_citations(text)
    reuters = [c for c in cites if c.outlet == "Reuters"]
    assert reuters and text[reuters[0].start : reuters[0].end] == "路透社"


def test_damaged_spans_do_not_produce_names():
    assert outlets("据\u3000\u3000\u3000报道，价格上涨。") == []


def test_damaged_bracketed_name_is_recognised_by_its_intact_head():
    c = only("美國《華爾街日?qǐng)?bào)》此前報道稱，英偉達選擇在華盛頓舉辦大會。")
    assert c.outlet == "The Wall Street Journal" and c.known


# ------------------------------------------------------------------ discovery


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("据深圳特区报报道，当地将新建晶圆厂。", "深圳特区报"),
        ("，晶圆观察报道称，产能利用率回升。", "晶圆观察"),
        ("美國《商業頻道》本月援引一位研究員的話稱，限制無效。", "商业频道"),
        ("研究过该芯片的ChipRadar分析师表示，功耗偏高。", "ChipRadar"),
        ("According to Silicon Valley Research, shipments fell.", "Silicon Valley Research"),
    ],
)
def test_unknown_sources_are_discovered(text, expected):
    c = only(text)
    assert (c.outlet, c.type, c.known, c.country) == (expected, "unknown", False, None)


@pytest.mark.parametrize(
    "text",
    [
        "据业内人士透露，谈判仍在继续。",
        "据报道，谈判仍在继续。",
        "据了解，谈判仍在继续。",
        "外媒报道称，谈判仍在继续。",
        "《黑神话：悟空》销量大涨。",
        "向世界發布了《反外國制裁法》，其中規定任何配合行為都將受罰。",
        "《金融时报》发表了一篇题为《美国刺激了中国芯片产业》的文章指出，华盛顿误判了。",
        "According to John Smith, the plan failed.",
        "Huang said the rules backfired.",
        "根據其2025年的財年報告顯示，收入下跌。",
        # "there were reports": the words before 有 name no one
        "此前有報道稱，該校今年第三次參與展銷。",
        "另有消息称，工厂将于下月停产。",
    ],
)
def test_non_sources_are_not_discovered(text):
    assert all(c.known for c in extract_citations(text)), extract_citations(text)


# ------------------------------------------------------------------ reference lines and publisher


def test_reference_lines():
    assert is_reference_line("參考資料: 阮佳琪,公眾號:觀察者網")
    assert outlets("參考資料: 阮佳琪,公眾號:觀察者網") == ["Guancha"]
    assert outlets("Source: Reuters, Bloomberg") == ["Reuters", "Bloomberg"]
    assert outlets("1、銳評|全球封殺華為芯片!歇斯底里更顯黔驢技窮——京報網") == ["Jingbao"]


@pytest.mark.parametrize(
    "line", ["来源: 作者: 浏览次数:1590", "来源：网络", "來源：本站 編輯：王小明", "来源：原创"]
)
def test_a_source_line_naming_no_outlet_cites_nothing(line):
    assert extract_citations(line, reference=True) == []


def test_a_source_line_naming_an_outlets_website_cites_the_outlet():
    assert outlets("来源:中国新闻网") == ["China News Service"]


def test_reference_list_carries_across_paragraphs():
    paras = ["正文提到华为。", "參考資料:", "1、某標題——深圳特區報", "2、另一標題", "正文繼續。"]
    result = cite_paragraphs(paras)
    assert [c.outlet for c in result[2]] == ["深圳特区报"]
    assert result[0] == [] and result[4] == []


def test_dash_in_body_is_not_an_attribution():
    assert outlets("这是一场没有硝烟的战争——中美科技博弈在芯片领域的白热化。") == []


def test_publisher_is_not_a_citation_of_itself():
    text = "据观察者网报道，路透社也证实了这一消息。"
    assert outlets(text) == ["Guancha", "Reuters"]
    assert outlets(text, publisher="觀察者網") == ["Reuters"]
    assert outlets(text, publisher="Guancha") == ["Reuters"]
    assert outlets("据深圳特区报报道，新厂开工。", publisher="深圳特区报") == []


def test_one_citation_per_outlet_per_sentence():
    assert outlets("彭博社报道称，彭博社获悉此事。") == ["Bloomberg"]


# ------------------------------------------------------------------ seed corpus (raw lines)


def _seed(prefix: str) -> set[str]:
    path = next(RAW.glob(f"{prefix}_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    return {c.outlet for cs in cite_paragraphs(lines) for c in cs}


def test_seed_expectations():
    assert {"Financial Times", "Fortune", "Brookings Institution"} <= _seed("000")
    assert "Jingbao" in _seed("001")
    assert {"Bloomberg", "CNBC", "The Wall Street Journal", "Guancha"} <= _seed("002")
    assert {"SemiAnalysis", "Heritage Foundation", "Hoover Institution"} <= _seed("004")
    assert _seed("003") == set()


def test_blanked_damage_inside_brackets_is_recovered_or_dropped():
    c = only("美國《華爾街日\u3000\u3000\u3000》此前報道稱，英偉達選擇在華盛頓舉辦大會。")
    assert c.outlet == "The Wall Street Journal"
    assert outlets("《某\u3000\u3000\u3000》报道称，价格上涨。") == []


def test_ambiguous_canonical_and_alias_need_a_cue():
    assert outlets("Counterpoint is an important concept in music.") == []
    assert outlets("IDC機房的建設正在加速。") == []
    assert outlets("根據IDC數據，全球PC出貨下滑。") == ["IDC"]
    assert outlets("有观察者认为，这一政策适得其反。") == []  # observers, not Guancha


def test_spokespeople_speak_for_their_organisation():
    assert outlets("外交部发言人毛宁在例行记者会上表示，美方应停止打压。") == ["Chinese Foreign Ministry"]
    assert outlets("A spokesperson for the Commerce Department declined to comment.") == [
        "US Commerce Department"
    ]
    assert outlets("三星電子發言人說，不予置評。") == ["Samsung"]


def test_platform_accounts():
    c = only("微信公众号“硅谷芯声”发文称，国产GPU进展迅速。")
    assert (c.outlet, c.known) == ("硅谷芯声", False)
    assert outlets("（本文来自微信公众号：半导体行业观察，作者：李四）") == [
        "Semiconductor Industry Observer"
    ]


def test_reported_by_single_word_outlet():
    assert outlets("The deal was first reported by Chipwire, a trade site.") == ["Chipwire"]


_PIECES = st.sampled_from(
    [
        "據",
        "路透社",
        "報導",
        "《",
        "》",
        "華爾街日報",
        "記憶體",
        "(bào)",
        "Reuters",
        " said",
        "，",
        "。",
        "\u3000",
        "?",
        "——",
        "京報網",
        "a",
        "參考資料:",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_offsets_always_point_at_the_surface(text):
    for c in extract_citations(text):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.surface
        assert c.sentence


# ---------------------------------------------------------------- fast helpers keep the rules

# (İ, ſ, K and friends: non-ASCII letters that str.lower() or IGNORECASE would touch; \ud800 a lone
# surrogate)
_FOLD_ALPHABET = st.sampled_from(list("aZ09 ’‘`´'ＡＺａｚ０９！～國记者é\u3000İıſKÉΣ\ud800"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_FOLD_ALPHABET, max_size=40))
def test_fold_and_lower_are_the_per_character_rules(text):
    from dashboard.pipeline.sources.fold import ascii_lower, fold_chars

    def slow_fold(s: str) -> str:  # the rule as first written
        out = []
        for ch in s:
            o = ord(ch)
            if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
                ch = chr(o - 0xFEE0)
            elif ch in "’‘`´":
                ch = "'"
            out.append(ch)
        return "".join(out)

    assert fold_chars(text) == slow_fold(text)
    assert ascii_lower(text) == "".join(ch.lower() if ch.isascii() else ch for ch in text)


def test_fold_maps_offsets_to_themselves_when_nothing_changes_length():
    from dashboard.pipeline.sources.fold import _fold

    simp, starts, ends = _fold("據路透社報道，ＡＢ")
    assert simp == "据路透社报道，AB"
    assert starts == ends == list(range(10))


@pytest.mark.parametrize(
    "text",
    [
        "記憶體廠商據路透社報道，國(guó)際記憶體價格上漲",
        "據《華爾街日報》報道，記憶體(nèi cún)需求",
        "plain text",
    ],
)
def test_offset_map_agrees_with_the_full_maps(text):
    from dashboard.pipeline.sources.fold import OffsetMap, _fold_maps, fold_text

    simp, keep, stripped = fold_text(text)
    starts, ends = _fold_maps(text, simp, keep, stripped)
    if keep is None:
        assert starts == ends == list(range(len(simp) + 1))
        return
    om = OffsetMap(text, simp, keep, stripped)
    assert [om.start(j) for j in range(len(simp) + 1)] == starts
    assert [om.end(j) for j in range(len(simp) + 1)] == ends


def test_french_papers_in_a_press_review():
    text = "費加羅報駐京記者的文章指出，當地局勢仍然緊張。《人道报》则在头版刊出评论。"
    assert outlets(text) == ["Le Figaro", "L'Humanité"]


def test_a_party_to_the_event_is_not_a_source():
    assert outlets("根据组织方披露的数字，参与人数超过十万。") == []
    assert outlets("据研究和西方非政府组织称，营地关押了大批民众。") == []


def test_a_shared_name_is_the_outlet_the_article_also_names_in_full():
    from dashboard.pipeline.sources import cite_paragraphs

    got = cite_paragraphs(["據經濟日報報道，旺角一幢大廈昨晚起火。", "（HKET 即時新聞）消防仍在調查。"])
    assert [c.outlet for cites in got for c in cites] == ["Hong Kong Economic Times"] * 2
    # alone, the shared name stays as the lexicon gives it (no country)
    alone = cite_paragraphs(["據經濟日報報道，台股今天上漲。"])
    assert [(c.outlet, c.country) for c in alone[0]] == [("Economic Daily News", None)]


def test_a_bank_traded_under_its_stock_code_is_not_a_cited_source():
    from dashboard.pipeline.sources import extract_citations

    assert extract_citations("單計匯豐(00005.HK)及另一隻藍籌股已合共推低大市二百點。") == []
    assert [c.outlet for c in extract_citations("匯豐研究報告指出,港股下半年看漲。")] == ["HSBC"]


@pytest.mark.parametrize(
    "text",
    [
        "海关总署8日发布的数据显示，一季度出口增长。",
        "海关总署今日公布的数据显示，一季度出口增长。",
        "海关总署十二日公布数据显示，一季度出口增长。",
    ],
)
def test_an_agency_a_day_and_a_release_word_before_a_verb_cite_the_agency(text):
    assert [c.surface for c in extract_citations(text)] == ["海关总署"]


@pytest.mark.parametrize(
    "text",
    [
        "当天发布的数据具体显示，价格小幅回落。",
        "这组数据进一步显示，销量仍在增长。",
        "有关证据表明，事故另有原因。",
    ],
)
def test_ju_inside_a_word_is_no_cue(text):
    assert extract_citations(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "南方日报讯 今年一季度本市芯片产量增长两成。",
        "澎湃新闻(记者 张三)记者从某集团获悉,订单增加。",
        "聯合報／記者李四／台北報導 晶圓廠今年擴產。",
        "經濟日報／王五／新竹即時報導 封測訂單回升。",
        "星島日報記者 陳六報道 本港出口連升三月。",
        "文/新华社记者 赵七",
        "央视网消息:某省今年粮食增产。",
        "【明報專訊】港股今日高開。",
    ],
)
def test_the_page_signing_its_own_paragraph_does_not_cite_itself(text):
    """An outlet opening a paragraph as its byline (…讯, …(记者 X), …／X／place报导, …消息:) is the
    publisher signing the article when no other publisher is known; it is no cited source."""
    assert outlets(text) == []


def test_a_repost_on_another_site_cites_the_paper_whose_byline_it_carries():
    text = "南方日报讯 今年一季度本市芯片产量增长两成。"
    assert [c.outlet for c in extract_citations(text, publisher="某某资讯网")] == ["Nanfang Daily"]
    # the paper's own page does not cite itself
    assert extract_citations(text, publisher="南方日报") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("据南方日报报道,今年芯片产量增长两成。", ["Nanfang Daily"]),  # a cue before the name
        (
            "中新网北京3月1日电 海关总署表示出口增长。",
            ["China News Service", "General Administration of Customs"],
        ),
        ("新华社记者从国家统计局获悉,产量增长。", ["Xinhua", "National Bureau of Statistics"]),
        ("人民日报评论说,产量增长。", ["People's Daily"]),  # a verb after the name, not a byline
        ("中央社讯息显示,出口回升。", ["Central News Agency"]),  # 讯息 is a message, not 讯
        ("南方日报讯 据海关总署统计,出口增长。", ["General Administration of Customs"]),
    ],
)
def test_a_paper_cited_by_a_cue_or_a_dateline_is_still_a_source(text, expected):
    assert outlets(text) == expected
