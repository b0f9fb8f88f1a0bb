"""Article region (dashboard/pipeline/figures/region.py) and what it does to a bare 元 or $."""

from __future__ import annotations

import pytest

from dashboard.pipeline.figures import extract_figures
from dashboard.pipeline.figures.region import REGIONS, article_region

# our own short articles, one per region
HONG_KONG = "港鐵宣布下月起加價，由荃灣往中環的車費增加三毫。立法會議員批評加幅過高，港府表示會研究。"
HONG_KONG_CANTONESE = "佢哋話嗰間茶餐廳啲嘢食貴咗好多，一碟飯要成$60，真係唔抵。"
TAIWAN = "行政院今日公布新制，台北與高雄的租屋補貼每月增加新台幣2000元，立法院下週審議。"
TAIWAN_SHORT = "疾管署指出，本週全台類流感門診達十萬人次。"
MAINLAND = "国家统计局今天发布数据，北京和上海的居民人均可支配收入增长5%，人民币存款增加。"
MAINLAND_PLAIN = "这家公司今年的营收达到了三百亿元，比去年增长了一成。"
ENGLISH_ABOUT_HK = (
    "A typhoon hit Hong Kong on Monday. Hong Kong schools closed and Hong Kong flights stopped."
)
ENGLISH_HK_MONEY = "Home prices in Hong Kong fell; a flat costs HK$8 million, down from HK$9 million."
# one HK$ in an English report is not enough to read its bare $ as Hong Kong dollars
ENGLISH_ONE_HKD = "Shares rose; the group raised HK$8 billion and $2 billion in bonds."
TRADITIONAL_NO_LEAD = "這家公司今年的營收達到三百億元。"
MALAYSIA = "（吉隆坡5日讯）州务大臣宣布拨款300万令吉，另拨50万元给华小。"
TAIWAN_FARM = "農糧署表示，一期作濕穀每百台斤收購價提高到一千二百元。"
SINGAPORE = "建屋发展局公布，上季组屋转售价上涨1.2%，一个五房式单位以98万元成交。"
# a US Chinese paper: San Francisco's supervisors and its Chinatown, a bare 元 in US dollars
USA = "舊金山市參議會週二通過預算，撥款200萬元改善華埠街道，市參事表示華埠商戶受惠。"
USA_SIMPLIFIED = "【侨报讯】旧金山中国城将获得50万元拨款，用于清洁街道。"
# a Macau paper: the gaming regulator and the pataca, then a bare 元 (patacas) in the next report
MACAU = "博彩監察協調局公布，上月澳門博彩毛收入按年上升一成，氹仔新酒店開幕。"
MACAU_BARE_YUAN = "【本報訊】博彩監察協調局公布，澳門三月博彩毛收入一百八十億元，路氹酒店入住率九成。"
# Canadian and Australian Chinese papers: their cities, provinces and states, a bare $ in their dollars
CANADA = "多倫多地產局公布，大多倫多上月獨立屋均價升至$150萬，萬錦及密西沙加升幅最大，安省買家增加。"
AUSTRALIA = "悉尼上月周租中位數升至$750，新州政府表示會增建住宅，維州租金亦上升。"
# a mainland report on Australia writes 澳大利亚 and stays mainland
MAINLAND_ABOUT_AU = "国家统计局数据显示，今年我国从澳大利亚进口铁矿石增加了一成，进口额达三百亿元。"
# a Hong Kong report that mentions Macau once stays Hong Kong
HONG_KONG_ABOUT_MACAU = HONG_KONG + "澳門的情況也類似。"
# a mainland business report naming New York stays mainland
MAINLAND_ABOUT_NY = "这家公司在纽约上市，纽约股市首日上涨，公司今年营收三百亿元。"
# a mainland report that names Singapore and Malaysia stays mainland
MAINLAND_ABOUT_SG = (
    "国家统计局数据显示，北京企业对新加坡和马来西亚的投资增加了30亿元人民币，新加坡和马来西亚都表示欢迎。"
)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        (HONG_KONG, "hongkong"),
        (HONG_KONG_CANTONESE, "hongkong"),
        (TAIWAN, "taiwan"),
        (TAIWAN_SHORT, "taiwan"),
        (MAINLAND, "mainland"),
        (MAINLAND_PLAIN, "mainland"),
        (ENGLISH_ABOUT_HK, "other"),
        (ENGLISH_HK_MONEY, "hongkong"),
        (ENGLISH_ONE_HKD, "other"),
        (TRADITIONAL_NO_LEAD, "unknown"),
        (MALAYSIA, "malaysia"),
        (SINGAPORE, "singapore"),
        (TAIWAN_FARM, "taiwan"),
        (MAINLAND_ABOUT_SG, "mainland"),
        (USA, "usa"),
        (USA_SIMPLIFIED, "usa"),
        (MAINLAND_ABOUT_NY, "mainland"),
        (MACAU, "macau"),
        (MACAU_BARE_YUAN, "macau"),
        (HONG_KONG_ABOUT_MACAU, "hongkong"),
        (CANADA, "canada"),
        (AUSTRALIA, "australia"),
        (MAINLAND_ABOUT_AU, "mainland"),
    ],
)
def test_article_region(text: str, region: str) -> None:
    assert article_region(text) == region
    assert region in REGIONS


def test_a_bare_amount_beside_singapore_in_a_taiwan_or_hong_kong_report_is_not_local_money() -> None:
    # a fare rise in Singapore reported from Taipei: 4分錢 is Singapore cents, not NT$
    figs = extract_figures("新加坡地鐵車資上漲，乘客每趟多付4分錢。", region="taiwan")
    assert not [f for f in figs if f.kind == "money"]
    named = extract_figures("新加坡地鐵車資上漲，乘客每趟多付0.04新元。", region="taiwan")
    assert [f.unit for f in named if f.kind == "money"] == ["SGD"]


def test_one_mention_does_not_move_a_mainland_article() -> None:
    text = MAINLAND + "香港的情况也类似。"
    assert article_region(text) == "mainland"


@pytest.mark.parametrize(
    ("text", "region", "unit"),
    [
        ("車費為120元。", "hongkong", "HKD"),
        ("車費為120元。", "taiwan", "TWD"),
        ("车费为120元。", "malaysia", "MYR"),
        ("车费为120元。", "singapore", "SGD"),
        ("車費為2.5元。", "usa", "USD"),
        ("旅客人均消費1,349元。", "macau", "MOP"),
        ("獨立屋均價升至$150萬。", "canada", "CAD"),
        ("床位周租$170。", "australia", "AUD"),
        ("車票每張120元。", "canada", "CAD"),
        ("车费为120元。", "mainland", "CNY"),
        ("车费为120元。", None, "CNY"),
        ("一碟飯$29。", "hongkong", "HKD"),
        ("a meal costs $29.", None, "USD"),
        ("a meal costs $29.", "other", "USD"),
        ("營收7596億元新台幣，淨利3252億元。", "hongkong", "TWD"),  # the paragraph names the currency
        ("去年營收達三兆二千億元。", "taiwan", "TWD"),
    ],
)
def test_region_decides_a_bare_yuan_or_dollar(text: str, region: str | None, unit: str) -> None:
    figs = [f for f in extract_figures(text, region=region) if f.kind == "money"]
    assert figs and {f.unit for f in figs} == {unit}


def test_unknown_region_reads_no_currency_for_a_bare_yuan() -> None:
    """Traditional writing of no known region: NT$ or HK$ cannot be told, so the number only."""
    [fig] = extract_figures("營收達到三百億元。", region="unknown")
    assert (fig.kind, fig.value, fig.unit, fig.value_usd) == ("number", 3e10, None, None)
    assert [f.unit for f in extract_figures("營收達到三百億港元。", region="unknown")] == ["HKD"]


def test_without_a_region_the_text_says_it() -> None:
    """A paragraph alone (no article around it) is read as the pipeline reads an article's region."""
    assert [f.unit for f in extract_figures("营收达到三百亿元。")] == ["CNY"]  # simplified: mainland
    assert [(f.kind, f.unit) for f in extract_figures("營收達到三百億元。")] == [("number", None)]
    assert [f.unit for f in extract_figures("香港政府將撥款一百億元。")] == ["HKD"]
    assert [f.unit for f in extract_figures("行政院核定預算三百億元。")] == ["TWD"]


def test_explicit_currency_wins_over_region() -> None:
    figs = extract_figures("該公司在美國投資50億美元。", region="taiwan")
    assert [(f.value, f.unit) for f in figs] == [(5e9, "USD")]


def test_prices_across_the_border_are_not_guessed() -> None:
    """A Hong Kong paragraph about Shenzhen prices: 蚊 / $ / 元 may be RMB, so only named ones count."""
    text = "她到深圳街市買菜，菜心只要5蚊，豆漿$3一杯，一共花了30元。"
    assert extract_figures(text, region="hongkong") == []
    named = extract_figures("他在深圳買早餐，8蚊（人民幣）就夠。", region="hongkong")
    assert [(f.value, f.unit) for f in named] == [(8.0, "CNY")]
    # renminbi named in the paragraph leaves the colloquial 蚊 undecided, not the formal 元
    mixed = extract_figures("雞蛋一板¥16，菜心每份三蚊，在香港要賣12元。", region="hongkong")
    assert [(f.text, f.unit) for f in mixed] == [("¥16", "CNY"), ("12元", "HKD")]


def test_an_amount_converted_into_the_local_money_is_not_the_local_money() -> None:
    # a Malaysian paper on Singapore: the 元 converted into ringgit is Singapore dollars, so no guess
    figs = extract_figures("新加坡警方说，骗案涉及金额80万元（约260万令吉）。", region="malaysia")
    assert [(f.value, f.unit) for f in figs if f.kind == "money"] == [(2600000.0, "MYR")]
    # without a conversion a bare 元 in a Malaysian paper stays ringgit
    assert [f.unit for f in extract_figures("州政府拨款50万元给华小。", region="malaysia")] == ["MYR"]


def test_macau_and_hong_kong_institutions_say_the_region() -> None:
    # a Macau forecast speaks of 本澳, never naming the city; a Hong Kong hospital release may be
    # published in simplified characters yet is Hong Kong writing
    assert article_region("氣象局預測本澳今日多雲,本澳氣溫介乎二十六至三十一度。") == "macau"
    assert article_region("医院管理局表示,卫生防护中心正跟进两宗个案。") == "hongkong"
    assert article_region("《經濟通通訊社專訊》恒生銀行公布中期業績,純利上升。") == "hongkong"
