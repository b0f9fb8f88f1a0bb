"""Cited sources in regional news: Macau, Taiwan, Singapore and mainland agencies and their citing shapes."""

from __future__ import annotations

from dashboard.pipeline.sources import extract_citations


def outlets(text: str, publisher: str | None = None) -> list[str]:
    return [c.outlet for c in extract_citations(text, publisher)]


def known(text: str) -> list[tuple[str, bool]]:
    return [(c.outlet, c.known) for c in extract_citations(text)]


# ------------------------------------------------------------------ regional agencies and outlets


def test_regional_agencies_cited_with_a_reporting_cue():
    assert outlets("據中央氣象署表示,這次颱風的暴風圈正擴大。") == ["Central Weather Administration"]
    assert outlets("根據中央氣象局資訊,昨晚的地震深度僅十公里。") == ["Central Weather Administration"]
    assert outlets("据中国地震台网测定,该地昨日发生一次小地震。") == ["China Earthquake Networks Center"]
    assert outlets("根據建屋局的數據,上季轉手的單位減少了。") == ["Housing and Development Board"]
    assert outlets("据文化和旅游部网站消息,长假出游人数回升。") == ["Ministry of Culture and Tourism"]


def test_regional_agencies_named_without_a_cue_are_news_not_sources():
    assert outlets("中央氣象署今年起改用新的颱風路徑圖。") == []
    assert outlets("建屋發展局推出一批新組屋。") == []


def test_regional_media_and_research_count_on_any_mention():
    assert known("全隊昨晚奪得冠軍,獎金將於下月發放。(中通社)") == [("Hong Kong China News Agency", True)]
    assert outlets("中国旅游研究院的一项调查涵盖了假期出行。") == ["China Tourism Academy"]
    assert outlets("房產網站99.co的估算與此接近。") == ["99.co"]
    assert outlets("新加坡房地產聯合交易網的估算與此接近。") == ["SRX Property"]


def test_a_news_channel_written_with_its_channel_word():
    assert outlets("【Now新聞台】球隊昨晚以兩分之差落敗。") == ["Now News"]


def test_taiwan_cn_is_not_read_inside_a_word():
    assert outlets("不少台灣網友在討論區留言。") == []


# ------------------------------------------------------------------ an agency's figures and news


def test_an_agency_figures_read_through_its_data_words():
    assert outlets("澳門博彩監察協調局最新數字顯示,上月賭收回升。") == [
        "Gaming Inspection and Coordination Bureau"
    ]
    assert outlets("博彩監察協調局公布的統計資料顯示,首季賭枱增加。") == [
        "Gaming Inspection and Coordination Bureau"
    ]
    assert outlets("經國家旅遊局數據中心綜合測算,長假出遊人數上升。") == [
        "China National Tourism Administration"
    ]
    assert outlets("据悉,文化和旅游部综合测算,假期游客略有增加。") == ["Ministry of Culture and Tourism"]


def test_news_from_an_unlisted_bureau_is_discovered():
    assert known("据江西省文化和旅游厅消息,景区客流明显回升。") == [("江西省文化和旅游厅", False)]


def test_news_without_a_named_source_names_no_one():
    assert outlets("据内部消息,这家工厂下月停工。") == []
    assert outlets("据最新消息,航班已经全部恢复。") == []


# ------------------------------------------------------------------ long names are not word fragments


def test_a_long_name_is_not_a_fragment_of_the_word_before_it():
    # 经文 (scripture) straddles the first character of a seven-character ministry name
    assert outlets("经文化和旅游部综合测算,假期游客略有增加。") == ["Ministry of Culture and Tourism"]


def test_a_short_name_inside_a_word_is_still_no_name():
    assert outlets("广东网友在论坛上热议此事。") == []


# ------------------------------------------------------------------ announcing and publishing


def test_an_agency_announcing_before_a_comma_is_cited():
    bureau = "Gaming Inspection and Coordination Bureau"
    assert outlets("澳門博彩監察協調局公布,上月賭收按年增長兩成。") == [bureau]
    assert outlets("【本報訊】博彩監察協調局公布：一月賭收略為回落。") == [bureau]
    assert outlets("國家旅遊局十日發布,春節假期出遊人數創新高。") == ["China National Tourism Administration"]


def test_a_modifier_may_follow_the_release_word():
    bureau = "Gaming Inspection and Coordination Bureau"
    assert outlets("澳門博彩監察協調局公布最新數據顯示,賭枱數目增加。") == [bureau]


def test_publishing_a_rule_is_news_about_the_agency():
    assert outlets("美國商務部公布新規則,限制晶片出口。") == []
    assert outlets("博彩監察協調局發布指引,要求賭場加強監察。") == []


# ------------------------------------------------------------------ names in quotation marks


def test_a_name_in_quotation_marks_takes_the_cues_around_it():
    weather = "Central Weather Administration"
    assert outlets("根據臺“中央氣象局”地震測報中心觀測,震度達四級。") == [weather]
    assert outlets("臺“中央氣象局”表示,颱風明晨登陸。") == [weather]
    assert outlets("據「建屋局」透露,新組屋將於年底推出。") == ["Housing and Development Board"]


def test_a_quoted_name_without_a_cue_is_still_news_about_it():
    assert outlets("臺“中央氣象局”今年起改用新系統。") == []


# ------------------------------------------------------------------ headline attribution


def test_a_headline_opening_with_a_name_and_a_colon_cites_it():
    assert outlets("国家卫健委:全国疫苗接种人数再创新高") == ["National Health Commission"]
    assert outlets("【中央氣象署：颱風明日轉向東北】") == ["Central Weather Administration"]


def test_a_name_with_a_colon_later_in_the_line_is_no_headline_attribution():
    assert outlets("本周重点：国家卫健委召开发布会。") == []
    assert outlets("会议由国家卫健委主持:各省代表出席。") == []


# ------------------------------------------------------------------ lists and places inside documents


def test_a_ranking_or_a_place_inside_a_document_is_no_source():
    assert outlets("根据排行榜中的数据显示,五个省份收入过百亿。") == []
    assert outlets("根据榜单数据显示,这款手机销量第一。") == []
    assert outlets("根据统计表中的数据显示,出口略有下降。") == []


def test_an_unlisted_bureau_is_still_discovered_next_to_a_ranking_rule():
    assert known("根据省统计局的数据显示,出口略有下降。") == [("省统计局", False)]


def test_a_research_house_written_as_two_words():
    assert outlets("研究機構Tech Insights拆解後發現,處理器採用先進製程。") == ["TechInsights"]


def test_one_spokesperson_or_official_of_an_organisation_speaks_for_it():
    assert outlets("台積電一名發言人說,公司一向遵守法規。") == ["TSMC"]
    assert outlets("美國商務部一位官員表示,新規下月生效。") == ["US Commerce Department"]


def test_one_customer_of_a_company_does_not_speak_for_it():
    assert outlets("台積電一位客戶說,訂單明顯減少。") == []


def test_an_adjective_before_a_report_is_no_source():
    assert outlets("公司將依據初步報告結果調整分類。") == []
    assert outlets("据上述报告,出口有所下降。") == []


# ------------------------------------------------------------------ a released document's title


def test_a_released_document_between_the_name_and_the_verb():
    weather = "Central Weather Administration"
    assert outlets("中央氣象署發布第 12 號地震報告表示,震央位於外海。") == [weather]
    assert outlets("國家統計局發布的2024年國民經濟統計公報顯示,人口減少。") == [
        "National Bureau of Statistics"
    ]


def test_releasing_a_rule_is_still_news_about_the_agency():
    assert outlets("美國商務部發布出口管制新規,限制晶片銷售。") == []
    assert outlets("中央氣象署發布豪雨特報,提醒民眾注意。") == []


# ------------------------------------------------------------------ business chambers


def test_chambers_of_commerce_and_their_surveys():
    assert outlets("美國商會稱,新措施最快下周公布。") == ["US Chamber of Commerce"]
    assert outlets("中國美國商會的年度調查顯示,多數會員看淡前景。") == ["AmCham China"]
    assert outlets("台北市美國商會發布白皮書,建議簡化簽證。") == ["AmCham Taiwan"]
