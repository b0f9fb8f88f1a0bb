"""Tests for dashboard.pipeline.clean: one fixture per rule, then the five seed articles."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from dashboard.pipeline.clean import (
    clean_text,
    find_damaged_spans,
    is_pinyin_syllable,
    repair_mojibake,
    strip_pinyin,
)
from dashboard.pipeline.records import CleanResult

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "clean"
TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
RUBY_LEFT = re.compile(rf"[\u4e00-\u9fff][(（][a-zü{TONES} ]*[{TONES}][a-zü{TONES} ]*[)）]")


@cache
def seed(prefix: str) -> CleanResult:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return clean_text(path.read_text(encoding="utf-8"))


def seed_lines(prefix: str) -> list[str]:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()


def kept_text(res: CleanResult) -> str:
    return "\n".join(p.text for p in res.paragraphs)


def rule_of(res: CleanResult, line: int) -> str | None:
    rules = [r.rule for r in res.removed if r.line == line and r.rule not in ("pinyin", "html_tag")]
    return rules[0] if rules else None


def damaged_texts(res: CleanResult) -> list[str]:
    return [p.text[s:e] for p in res.paragraphs for s, e in p.damaged_spans]


# --- rule 1: flattened ruby pinyin ------------------------------------------------------------


def test_pinyin_stripped_ascii_fullwidth_and_multi_syllable():
    text, cut = strip_pinyin("美國(guó)來(lái)發(fā)中國（guó）銀行(yín háng)")
    assert text == "美國來發中國銀行"
    assert cut == ["(guó)", "(lái)", "(fā)", "（guó）", "(yín háng)"]


@pytest.mark.parametrize(
    "text",
    [
        "輝達(Nvidia)",
        "聲明:本文來自(ID:abc_wx)",
        "人工智慧(AI)",
        "特斯拉(Tesla)",
        "華為(Huawei)",
        "長鑫存儲(CXMT)",
        "黃仁勳(Jensen Huang)",
        "中國(china)",
        "公司(ZTE)",
    ],
)
def test_pinyin_leaves_english_brackets(text):
    assert strip_pinyin(text, dense=True) == (text, [])


def test_toneless_pinyin_only_in_dense_text():
    assert strip_pinyin("什麼(me)")[0] == "什麼(me)"
    assert strip_pinyin("什麼(me)", dense=True)[0] == "什麼"
    dense = "國(guó)國(guó)國(guó)國(guó)國(guó)什麼(me)"
    assert clean_text(dense).paragraphs[0].text == "國國國國國什麼"
    assert clean_text("他說這是(an)一個例子,沒有別的注音。").paragraphs[0].text.count("(an)") == 1


def test_pinyin_syllables():
    assert all(is_pinyin_syllable(s) for s in ["guó", "zhuǎn", "lǜ", "er", "xiàn", "me"])
    assert not any(is_pinyin_syllable(s) for s in ["tesla", "nvidia", "id", "cxmt", "huawei", "gpu"])


def test_pinyin_counted():
    res = clean_text("美國(guó)和中國(guó)的芯片產業(yè)競爭日益激烈。")
    assert res.counts["pinyin_stripped"] == 3
    assert res.paragraphs[0].text == "美國和中國的芯片產業競爭日益激烈。"
    assert [r.rule for r in res.removed] == ["pinyin"]  # the cut part is audited


# --- rule 2: mojibake -------------------------------------------------------------------------


def test_utf8_read_as_cp1252_repaired_single_and_double():
    once = "美国芯片".encode().decode("cp1252")
    twice = once.encode("utf-8").decode("cp1252")
    assert repair_mojibake(once) == ("美国芯片", 1)
    assert repair_mojibake(twice) == ("美国芯片", 1)


def test_utf8_read_as_gbk_repaired():
    moji = "你好".encode().decode("gbk")  # 浣犲ソ
    assert repair_mojibake(f"臺灣的晶片產業。{moji}") == ("臺灣的晶片產業。你好", 1)
    lossy = "美国对中国芯片出口管制升级".encode().decode("gbk", "replace")
    fixed, n = repair_mojibake(lossy)
    assert n >= 1 and fixed.startswith("美国对中国芯片")


@pytest.mark.parametrize(
    "text",
    [
        "café ’s “quoted” naïve",
        "輝達執行長黃仁勳週三表示,台積電與鴻海將擴大在美國的投資。",
        "佢哋話呢間公司嘅晶片出口今年跌咗三成,唔係咁易搵到新市場。",
        "這件事將會如何發展?美國方面又表現出了怎樣的憂慮呢?",
        "壟斷、齟齬、饕餮、魑魅魍魎、耄耋、覬覦",
    ],
)
def test_ordinary_text_neither_repaired_nor_flagged(text):
    assert repair_mojibake(text) == (text, 0)
    assert find_damaged_spans(text) == []


def test_replacement_and_private_use_flagged():
    assert find_damaged_spans("芯片\ufffd\ufffd產業") == [(2, 4)]
    assert find_damaged_spans("芯片\ue123產業") == [(2, 3)]


def test_orphaned_ruby_and_misaligned_gbk_flagged():
    text = "我們都知道這是因?yàn)槭裁矗灾袊?guó)商務部早有準備。"
    (span,) = find_damaged_spans(text)
    assert text[span[0] : span[1]] == "?yàn)槭裁矗灾袊?guó)"
    res = clean_text(text)
    assert res.counts["damaged_spans"] == 1 and res.paragraphs[0].damaged


# --- rule 3: boilerplate ----------------------------------------------------------------------


@cache
def synthetic() -> tuple[CleanResult, list[str]]:
    text = (FIXTURES / "synthetic_article.txt").read_text(encoding="utf-8")
    return clean_text(text), text.splitlines()


def _rule_for(startswith: str) -> str | None:
    res, lines = synthetic()
    exact = [i for i, ln in enumerate(lines, 1) if ln == startswith]
    no = exact[0] if exact else next(i for i, ln in enumerate(lines, 1) if ln.startswith(startswith))
    return rule_of(res, no)


@pytest.mark.parametrize(
    "start, rule",
    [
        ("- 全新地图", "headline_list"),
        ("- 每周更新", "headline_list"),
        ("声明:本文来自于", "reprint_statement"),
        ("![]()", "image_placeholder"),
        ("01", "section_number"),
        ("(相关报道:", "related_box"),
        ("|", "related_box"),
        ("更多文章", "related_box"),
        (")", "related_box"),
        ("往期经典回顾", "read_count_promo"),
        ("特别声明", "platform_notice"),
        ("Notice: The content", "platform_notice"),
        ("https://www.example.com", "source_url"),
        ("0", "empty_marker"),
        ("随机主题", "random_topics"),
        ("明星甜蜜", "random_topics"),
        ("最新回复", "comments"),
        ("  • 网友甲", "comments"),
        ("    这篇写得好", "comments"),
    ],
)
def test_synthetic_rules(start, rule):
    assert _rule_for(start) == rule


def test_synthetic_kept_roles_and_html():
    res, _ = synthetic()
    roles = {p.text: p.role for p in res.paragraphs}
    assert roles["行业影响"] == "heading"
    assert roles["美国商务部大楼 资料图"] == "caption"
    assert roles["参考资料:"] == "reference" and roles["2、行业协会年度报告"] == "reference"
    body = [p.text for p in res.paragraphs if p.role == "body"]
    assert body[0].startswith("美国商务部周二宣布") and "<p>" not in body[0]
    assert {r.text for r in res.removed if r.rule == "html_tag"} == {"<p>", "</p>"}
    assert len(body) == 3


def test_comment_markers_generalise():
    body = "美国对华芯片出口管制再度升级,国内企业加快自主研发步伐,市场份额持续提升。\n" * 3
    for marker in ["全部评论", "網友評論", "热门评论", "评论(12)", "Comments", "最新回覆(3)"]:
        res = clean_text(body + f"{marker}\n说得对\n支持国产芯片")
        assert [r.rule for r in res.removed] == ["comments"] * 3, marker
        assert len(res.paragraphs) == 3


def test_related_reading_ends_article():
    body = "美国对华芯片出口管制再度升级,国内企业加快自主研发步伐,市场份额持续提升。\n" * 2
    res = clean_text(body + "相关阅读\n某明星官宣恋情\n某游戏更新攻略")
    assert [r.rule for r in res.removed] == ["random_topics"] * 3


def test_header_title_and_byline():
    res = clean_text(
        "英伟达宣布停止接受中国订单\n\n某作者2024-10-23 11:23:26  117\n\n"
        "从一颗芯片看懂中美科技博弈,2024年,全球科技圈发生了一次大震动。"
    )
    assert [(r.line, r.rule) for r in res.removed] == [(1, "title"), (3, "byline")]
    assert res.paragraphs[0].line == 5


def test_author_line_removed_english_kept():
    res = clean_text("The Financial Times concluded that export controls may backfire.\nAuthor: Lu Zi")
    assert res.paragraphs[0].text.startswith("The Financial Times")
    assert [r.rule for r in res.removed] == ["author_line"]


def test_body_mentioning_boilerplate_words_is_kept():
    text = (
        "网易号等自媒体平台上关于芯片禁令的讨论很多,但真正的数据显示,国产芯片的市场份额已经提升到三成。\n"
        "评论人士指出,美国的出口管制反而加速了中国芯片产业的自主创新。"
    )
    res = clean_text(text)
    assert len(res.paragraphs) == 2 and not res.removed


# --- seeds ------------------------------------------------------------------------------------

SEEDS = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_accounting(prefix):
    res = seed(prefix)
    kept = {p.line for p in res.paragraphs}
    whole = {r.line for r in res.removed if r.rule not in ("pinyin", "html_tag", "related_box")}
    whole |= {r.line for r in res.removed if r.rule == "related_box" and r.line not in kept}
    nonblank = {i for i, ln in enumerate(seed_lines(prefix), 1) if ln.strip()}
    assert kept | whole == nonblank
    assert not kept & whole
    assert res.counts["lines_removed"] == len(whole)
    assert [p.index for p in res.paragraphs] == list(range(len(res.paragraphs)))


@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_no_pinyin_left(prefix):
    for p in seed(prefix).paragraphs:
        assert not RUBY_LEFT.search(p.text), p.text


def test_seed_pinyin_counts():
    assert seed("001").counts["pinyin_stripped"] > 300
    assert seed("004").counts["pinyin_stripped"] == 0


def test_seed_001_damaged_spans():
    res = seed("001")
    spans = damaged_texts(res)
    for mark in ["槭裁矗灾袊", "橛腥藢", "帯", "趦扇陜"]:
        assert any(mark in s for s in spans), mark
    assert res.counts["damaged_spans"] == len(spans) == 4
    assert all(s.startswith("?") for s in spans)
    para5 = next(p for p in res.paragraphs if p.line == 5)
    assert para5.text.startswith("當然,我們都知道這是因") and para5.damaged


def test_seed_002_damaged_span():
    assert damaged_texts(seed("002")) == ["?qǐng)?bào)"]


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_seed_clean_text_not_flagged(prefix):
    assert seed(prefix).counts["damaged_spans"] == 0
    assert seed(prefix).counts["mojibake_repaired"] == 0


def test_seed_000_headlines_removed():
    res = seed("000")
    for line in range(1, 11):
        assert rule_of(res, line) == "headline_list"
    assert rule_of(res, 26) == "headline_list"
    assert rule_of(res, 11) == "reprint_statement"
    assert rule_of(res, 25) == "author_line"
    text = kept_text(res)
    assert "決勝巔峰" not in text and "俞灝明" not in text and "攻略" not in text


def test_seed_000_body_kept():
    res = seed("000")
    text = kept_text(res)
    assert "《金融時報》" in text
    english = [p for p in res.paragraphs if p.text.startswith(("The Financial Times", "In fact"))]
    assert len(english) == 2 and all(p.role == "body" for p in english)
    roles = {p.text: p.role for p in res.paragraphs}
    assert roles["外媒報道截圖"] == "caption"
    assert roles["美國宣布對中國產品加征關稅,圖為中美國旗 資料圖"] == "caption"
    assert len(res.paragraphs) == 13


@pytest.mark.parametrize("prefix, lines", [("001", [77, 78]), ("002", [41, 42])])
def test_seed_netease_notices_removed(prefix, lines):
    res = seed(prefix)
    assert [rule_of(res, n) for n in lines] == ["platform_notice", "platform_notice"]
    text = kept_text(res)
    assert "NetEase" not in text and "網易號" not in text
    assert "網易號" in next(r.text for r in res.removed if r.line == lines[0])  # audit reads clean


def test_seed_001_references_kept():
    res = seed("001")
    refs = [p for p in res.paragraphs if p.role == "reference"]
    assert [p.line for p in refs] == [74, 75, 76]
    assert "京報網" in refs[1].text
    assert "95%" in kept_text(res)


def test_seed_002_structure():
    res = seed("002")
    assert [rule_of(res, n) for n in (39, 40)] == ["read_count_promo"] * 2
    assert [rule_of(res, n) for n in (4, 10, 24)] == ["section_number"] * 3
    assert all(rule_of(res, n) == "image_placeholder" for n in (1, 7, 15, 20, 28, 32, 35))
    roles = {p.line: p.role for p in res.paragraphs}
    assert roles[5] == roles[11] == roles[25] == "heading"
    assert roles[38] == "reference"
    text = kept_text(res)
    assert "閱讀量" not in text and "500億美元" in text and "95%" in text


def test_seed_003_header_and_tail():
    res = seed("003")
    assert rule_of(res, 1) == "title" and rule_of(res, 3) == "byline"
    assert rule_of(res, 173) == "reprint_statement"
    assert rule_of(res, 174) == "source_url"
    assert rule_of(res, 175) == "empty_marker"
    assert rule_of(res, 176) == rule_of(res, 177) == "random_topics"
    assert all(rule_of(res, n) == "comments" for n in range(178, 185))
    text = kept_text(res)
    assert "随机主题" not in text and "互利共赢" not in text and "兄dei" not in text
    assert res.paragraphs[-1].text.startswith("让我们拭目以待")
    assert res.paragraphs[0].line == 5


def test_seed_004_related_box_and_body():
    res = seed("004")
    assert [rule_of(res, n) for n in range(11, 16)] == ["related_box"] * 5
    text = kept_text(res)
    assert "SemiAnalysis" in text and "500億美元" in text and "更多文章" not in text
    assert "人工智慧(AI)" in text and "輝達(Nvidia)" in text and "(Jensen Huang)" in text
    assert len(res.paragraphs) == 27


def test_runon_headlines_cut_but_long_body_kept():
    body = [
        "美国对华芯片出口管制再度升级,国内企业加快自主研发步伐。市场份额持续提升。" * 2,
        "英伟达在华收入占比下降。华为昇腾芯片出货增长。中芯国际扩产。长江存储突破。寒武纪盈利。"
        "摩尔线程上市。壁仞科技融资。海光信息扩张。",
        "美国商务部表示,新规将于下月生效,涉及的芯片型号包括多款人工智能加速器,企业需申请许可。",
    ]
    runon = (
        "甜蜜相拥明星示爱王某某 全新货仓出航升级攻略一览 字母哥雄鹿未能利用空间进攻 "
        "云腾九天盘点以龙命名的飞机 通勤里程女子每天自驾上班 黑教堂角落的发光物获取攻略"
    ) * 2
    res = clean_text("\n".join(body + [runon]))
    assert [p.text for p in res.paragraphs] == body
    assert [r.rule for r in res.removed] == ["headline_list"]


def test_short_article_never_cut_as_headlines():
    lines = ["美国宣布新一轮芯片出口管制", "英伟达股价应声下跌", "国产芯片企业订单增加", "分析师称影响有限"]
    res = clean_text("\n".join(lines))
    assert [p.text for p in res.paragraphs] == lines


def test_inline_related_box_and_html_tags_cut_from_kept_line():
    res = clean_text(
        "美國晶片禁令升級,輝達股價下跌。(相關報導:某某新聞|更多文章)市場反應劇烈。\n"
        "<div class='x'>中國半導體<b>產業</b>加速</div>\nx<y and y>z stays as prose"
    )
    assert [p.text for p in res.paragraphs] == [
        "美國晶片禁令升級,輝達股價下跌。市場反應劇烈。",
        "中國半導體產業加速",
        "x<y and y>z stays as prose",
    ]
    assert [(r.line, r.rule) for r in res.removed] == [(1, "related_box")] + [(2, "html_tag")] * 4
    assert res.counts["lines_removed"] == 0


def test_url_line_mid_article_does_not_end_it():
    body = "美国对华芯片出口管制再度升级,国内企业加快自主研发步伐,市场份额持续提升,芯片企业订单增加。\n"
    res = clean_text(
        body * 2
        + "https://example.com/a\n"
        + body.replace("升级", "收紧") * 2
        + "责任编辑:张三\n某明星官宣恋情"
    )
    assert len(res.paragraphs) == 4
    assert [r.rule for r in res.removed] == ["source_url", "editor_line", "trailing_furniture"]


def test_english_byline_and_original_title():
    res = clean_text(
        "原標題:美國擴大晶片出口禁令\nBy Jane Smith and John Doe\n"
        "by the numbers, exports of chips to China fell sharply last year."
    )
    assert [r.rule for r in res.removed] == ["title", "author_line"]
    assert res.paragraphs[0].text.startswith("by the numbers")


def test_short_body_line_with_view_count_kept():
    res = clean_text("该视频播放量达到300万播放,引发热议。")
    assert len(res.paragraphs) == 1 and not res.removed


def test_hong_kong_article():
    res = clean_text((FIXTURES / "hk_article.txt").read_text(encoding="utf-8"))
    roles = [p.role for p in res.paragraphs]
    assert roles == ["body", "caption", "body", "body"]
    assert res.counts["damaged_spans"] == 0  # Cantonese characters are not mojibake
    assert [r.rule for r in res.removed] == [
        "empty_marker",
        "random_topics",
        "random_topics",
        "reprint_statement",
    ]


def test_english_article():
    res = clean_text((FIXTURES / "en_article.txt").read_text(encoding="utf-8"))
    assert [p.role for p in res.paragraphs] == ["body", "body"]
    assert res.paragraphs[0].text.startswith("The US Commerce Department")
    rules = [(r.line, r.rule) for r in res.removed]
    assert rules[:3] == [(1, "title"), (2, "author_line"), (3, "read_count_promo")]
    assert [r for _, r in rules[-5:]] == ["random_topics"] * 3 + ["comments"] * 2


# --- speed helpers: same answers as the plain computations they replace --------------------


def test_compile_any_answers_like_the_separate_patterns():
    from dashboard.pipeline.clean.rules import compile_any, compile_patterns

    cases = [
        ("^\\s*(点击|點擊)查看", "^\\s*END\\s*$", "(还没有|暂无)评论", "^(?-i:By\\s+[A-Z]\\w+)$"),
        ("^(a)\\1$", "^b"),  # a group reference: kept apart
        ("(?i)^x", "^y"),  # a global inline flag cannot be joined: kept apart
    ]
    lines = ["点击查看大图", " end ", "这里暂无评论。", "By Jane", "by jane", "aa", "b", "X", "y", "z"]
    for patterns in cases:
        joined, separate = compile_any(patterns), compile_patterns(list(patterns))
        assert len(joined) <= len(separate)
        for ln in lines:
            assert any(p.search(ln) for p in joined) == any(p.search(ln) for p in separate), (patterns, ln)
            assert any(p.match(ln) for p in joined) == any(p.match(ln) for p in separate), (patterns, ln)


def test_suspects_in_matches_per_character_check():
    from dashboard.pipeline.clean.damage import _suspect, _suspects_in

    for text in ["美国芯片出口", "鍗婂浣?撳\ufffd", "嘅咗喺", "\ue000abc？", ""]:
        assert _suspects_in(text) == {c for c in text if _suspect(c)}
        assert _suspects_in(text) == {c for c in text if _suspect(c)}  # again, from the memo


def test_gbk_run_pass_sees_maximal_runs_only():
    from dashboard.pipeline.clean.mojibake import _gbk_run_re, utf8_as_gbk_chars

    gset = utf8_as_gbk_chars()
    g = sorted(gset)[:3]
    text = f"a{g[0]}b{g[0]}{g[1]}{g[2]}c"
    assert [m.group(0) for m in _gbk_run_re().finditer(text)] == [g[0] + g[1] + g[2]]


def test_single_paragraph_with_stray_spaces_is_not_a_headline_run():
    # a page whose only body paragraph uses half-width commas and has spaces before some of them
    title = "河堤步道夜間照明不足 居民:晚上散步要自備手電筒"
    body = (
        "住在河堤旁的陳太太說,步道每晚七點後幾乎一片漆黑 ,上個月已有兩名長者跌倒受傷。"
        "市府工務局回應,今年預算只夠更換三成路燈 ,其餘要等明年追加。"
        "里長表示,居民連署已送到議會 ,希望在雨季前完成改善,並加裝二十支感應式燈柱 ,"
        "避免再有人受傷。工務局說會先派人勘查,再決定施工順序 ,最快下月動工。"
    )
    res = clean_text(f"{title}\n{body}")
    assert [p.text for p in res.paragraphs] == [title, body]
    assert not res.removed


def test_bulleted_menu_above_the_body_goes_whole():
    # menu items that share words with the story (澳門, 體育) must not split the menu
    menu = [
        "欄目",
        "• 澳門新聞",
        "• 政府公告",
        "• 體育",
        "• 經濟",
        "• 副刊",
        "• 澳門天氣",
        "分類",
        "• 評論",
        "• 影音",
    ]
    body = [
        "澳門青年足球聯賽昨日在運動場舉行決賽,南區隊以三比一擊敗北區隊奪冠,入場觀眾超過兩千人。",
        "體育局表示,明年將增辦女子組賽事,並邀請鄰近城市的球隊參加,讓更多青少年有比賽機會。",
    ]
    res = clean_text("\n".join(menu + body))
    assert [p.text for p in res.paragraphs] == body
    assert {r.rule for r in res.removed} == {"headline_list"}


def test_page_chrome_around_a_pasted_article_is_cut():
    body = [
        "市議會昨天三讀通過自治條例修正案,明年起公園內的攤販須申請許可,違者最高罰款一萬元。",
        "市府表示,新制上路前會先舉辦三場說明會,並給予攤販半年的緩衝期,讓他們有時間準備。",
    ]
    chrome = {
        "Skip to Content Facebook Feature Image": "read_count_promo",
        "访问主要内容": "read_count_promo",
        "[廣告]請繼續往下閱讀...": "read_count_promo",
        "没有媒体可用资源": "read_count_promo",
        "0:00 0:12:30 0:00": "empty_marker",
        "發表時間:": "empty_marker",
        "| 首頁 | 即時 | 政治 | 社會 | 生活 | 國際 | 財經 | 體育 | 娛樂 | 地方 | 兩岸 | 評論 |": "headline_list",
        "新聞關鍵字": "read_count_promo",
        "加入Line好友": "read_count_promo",
        "#地方新聞": "read_count_promo",
        "【1】【2】【3】": "empty_marker",
        "(責編：王小明)": "editor_line",
    }
    _assert_chrome_cut(body, chrome, before=6, between=3)


def _assert_chrome_cut(body: list[str], chrome: dict[str, str], before: int, between: int) -> None:
    """``before`` chrome lines, the first paragraph, ``between`` more, the rest of the body, the
    remaining chrome: the body is kept whole and every chrome line is cut by its rule."""
    lines = list(chrome)
    text = lines[:before] + body[:1] + lines[before : before + between] + body[1:] + lines[before + between :]
    res = clean_text("\n".join(text))
    assert [p.text for p in res.paragraphs] == body
    assert {r.text: r.rule for r in res.removed} == chrome


def test_consent_banners_app_promos_and_a_row_of_section_names_are_cut():
    body = [
        "市立圖書館今天起延長開放時間至晚上十點,首週就有超過三千人次在晚間入館,其中多數是學生與上班族。",
        "館方表示,將視使用情況調整人力,並在明年增設兩處自助借還書站,方便下班後前來的讀者借書。",
    ]
    chrome = {
        "本網站使用相關技術提供更好的閱讀體驗,同時尊重使用者隱私,點這裡瞭解隱私聲明。": "special_statement",
        "Your browser does not appear to support Traditional Chinese. Would you like to go to our English site?": "special_statement",
        "新聞首頁 即時 政治 社會 生活 健康 國際 地方 財經 娛樂": "headline_list",
        "某某新聞APP Icon某某新聞APP": "read_count_promo",
        "下載": "read_count_promo",
        "廣告 廣告": "read_count_promo",
        "iOS App下載Android App下載": "read_count_promo",
        "10.20.30.40": "empty_marker",
    }
    _assert_chrome_cut(body, chrome, before=5, between=1)


def test_a_row_of_names_inside_the_body_stays():
    body = [
        "本屆志工服務獎由評審委員會選出十位得主,頒獎典禮將於下月在市府大禮堂舉行,市長將親自頒獎。",
        "陳明 林芳 王強 李靜 張偉 劉洋 黃敏 吳平 周文 鄭華",
        "評審委員會表示,今年報名人數創新高,得主的服務時數平均超過五百小時,其中兩位已服務逾二十年。",
    ]
    res = clean_text("\n".join(body))
    assert [p.text for p in res.paragraphs] == body


def test_a_calendar_of_numbers_heads_no_section():
    body = [
        "本港最新失業率維持不變,統計處表示各行業的失業率變動不一,但幅度普遍不大,勞工市場大致穩定。",
        "勞工及福利局局長表示,部分行業的就業情況或會受全球經濟環境影響,政府會密切留意最新發展。",
    ]
    calendar = [str(d) for d in range(1, 13)] + [str(d) for d in range(1, 32)]
    menu = ["即時新聞", "本地", "大中華", "國際", "財經", "體育", "主頁"]
    res = clean_text("\n".join(["2025", *calendar, *menu, *body]))
    assert [p.text for p in res.paragraphs] == body


def test_news_lines_about_privacy_and_apps_are_not_page_chrome():
    """Consent-banner and app-promo rules match the page's own words, not news about the subject."""
    body = [
        "该公司采用新技术保护用户隐私,监管部门表示欢迎。",
        "用户需同意隐私政策才能使用该应用。",
        "苹果App下载量同比增长30%。",
        "公司发言人说,我们采用端到端加密技术保护用户隐私。",
    ]
    res = clean_text("\n".join(body))
    assert [p.text for p in res.paragraphs] == body
    banner = "繼續瀏覽本網站即表示您同意我們的隱私權政策及Cookie使用。"
    res = clean_text("\n".join([banner, *body]))
    assert [p.text for p in res.paragraphs] == body and [r.text for r in res.removed] == [banner]


def test_link_list_under_related_marker_does_not_end_the_article():
    body = "本市上月二手住宅成交量环比减少一成,整体价格微升,三房单位涨幅最大,四房单位持平。\n" * 2
    links = "延伸阅读\n[上季住宅价格创两年新高\n](https://news.example.com/a/1)\n[租金连涨五个月\n](https://news.example.com/a/2)\n"
    after = "一名分析师说,利率下降之后首次购房者回到市场,但下半年的走势仍要看就业情况。\n政府上周宣布把首付比例下调五个百分点,并延长了相关津贴的申请期限。\n"
    res = clean_text(body + links + after)
    assert [r.rule for r in res.removed] == ["random_topics"] * 5
    assert res.paragraphs[-1].text.startswith("政府上周宣布")


def test_related_headlines_without_links_still_end_the_article():
    body = "本市上月二手住宅成交量环比减少一成,整体价格微升,三房单位涨幅最大,四房单位持平。\n" * 2
    res = clean_text(
        body
        + "延伸阅读\n某明星官宣恋情\n某游戏更新攻略,玩家一周之内就把新关卡全部打通了,官方随即宣布加开活动。"
    )
    assert [r.rule for r in res.removed] == ["random_topics"] * 3


@pytest.mark.parametrize(
    "line",
    [
        "請同意本站的隱私權政策,才能啟用朗讀新聞的功能。",
        "您即將進入之內容 需滿18歲 方可瀏覽。",
        "限制級",
        "上一篇 下一篇",
        "本文在5 年前发布",
        "有12人参与评论",
        "356人參與 | 12條評論",
        "-----廣告,請繼續往下閱讀-----",
        "請繼續往下閱讀...",
        "・2020/01/02 ・900字 ・閱讀時間約 3 分鐘",
        "回到頂端",
        "熱門: 颱風 股市 油價",
        "每月9.90令吉",
        "社群留言",
        "某新备01-000001 某ICP备10000001号 某公网安备 10000000000001号",
    ],
)
def test_page_furniture_lines_are_cut(line: str):
    body = "本市上月二手住宅成交量环比减少一成,整体价格微升,三房单位涨幅最大,四房单位持平。"
    res = clean_text(line + "\n" + body)
    assert [r.text for r in res.removed] == [line]


def test_a_headline_or_caption_given_twice_keeps_one_copy():
    body = "本市上月二手住宅成交量环比减少一成,整体价格微升,三房单位涨幅最大,四房单位持平。"
    res = clean_text(
        f"二手住宅成交量减一成\n\n二手住宅成交量减一成\n{body}\n市民在楼盘外排队。(资料图)\n市民在楼盘外排队。(资料图)\n{body}"
    )
    assert [(r.line, r.rule) for r in res.removed] == [(3, "repeated_line"), (6, "repeated_line")]
    # short lines (a 0 counter, a one-letter icon) are left to their own rules
    res = clean_text(f"0\n0\n{body}")
    assert {r.rule for r in res.removed} == {"empty_marker"}


def test_masthead_with_channel_names_is_cut_after_the_menus():
    body = "本市上月二手住宅成交量环比减少一成,整体价格微升,三房单位涨幅最大,四房单位持平。"
    res = clean_text(f"am730 本地\n二手住宅成交量减一成\n2024年05月07日 12:10\n{body}\n{body}")
    assert ("am730 本地", "byline") in [(r.text, r.rule) for r in res.removed]
    # a photo credit that starts with an outlet's name stays (有線新聞影片截圖)
    res = clean_text(f"有線新聞影片截圖\n{body}\n{body}")
    assert "有線新聞影片截圖" not in [r.text for r in res.removed]


def test_list_of_readings_with_spaces_is_a_paragraph_not_headlines():
    # a blog lists rainfall and gusts separated by spaces: one sentence that closes the line,
    # with enumeration commas, is prose, not a run of concatenated headlines
    body = "颱風過境後,我們整理了氣象站的紀錄,大家可以參考比較。" * 2
    readings = (
        "根據氣象站的資料,兩天累積雨量山區甲站812毫米、山區乙站655毫米、平地丙站410.5毫米、平地丁站388毫米 "
        "各地最大陣風 東岸站 15級 14:00、北角站14級 12:00、南灣站14級 15:00、港口站13級 16:00、"
        "市區站12級 15:00、機場站11級 17:00、山頂站12級 13:00、海邊站13級 11:00、河口站11級 18:00。"
    )
    res = clean_text("\n".join([body, readings, body]))
    assert readings in [p.text for p in res.paragraphs]
    assert not [r for r in res.removed if r.rule == "headline_list"]


def test_epaper_column_with_wrap_spaces_is_kept():
    body = "社區中心昨日舉辦活動,吸引大批居民參加,場面熱鬧。" * 3
    column = (
        "中心主任向本報表示,近年物價上升對低收 入家庭帶來影響,雖然部分物資供 應緊張,價格上漲,也比往年需要 "
        "更早準備,但今年在各方的努力 下,成功籌集到3000份物資,有 政府的撥款,也有善心機構和個 人,現場數十名義工服務。"
    )
    res = clean_text("\n".join([body, column]))
    assert column in [p.text for p in res.paragraphs]


def test_photo_caption_given_twice_is_cut_even_with_a_full_stop():
    lines = [
        "●大批市民在投注站外排隊購買彩票。",
        "●大批市民在投注站外排隊購買彩票。",
        "本期頭獎基金預計高達一億元,投注站外人龍不斷,市民都希望一試運氣。",
        "有市民表示,獎金難得一見,所以特地請假排隊,又說會與家人平分獎金。",
    ]
    res = clean_text("\n".join(lines))
    assert [p.text for p in res.paragraphs] == lines[1:]
    assert [(r.line, r.rule) for r in res.removed] == [(2, "repeated_line")]
    # a plain sentence said twice is still left alone
    res = clean_text("\n".join([lines[2], lines[2], lines[3]]))
    assert len(res.paragraphs) == 3


def test_forum_jammer_noise_is_cut_from_lines_and_whole_lines():
    lines = [
        "本隊今晚以3比1擊敗對手,取得聯賽首勝。( j$ R* J3 l# V! \\* v! y' O+ l",
        "& Y$ x5 A% T. N",
        "5 K6 ^2 H* o7 z4 |上半場主隊控球較多,但臨門一腳欠佳,雙方互有攻守。",
        "客隊前鋒Mark Lee Jr 頭球解圍後,主隊再下一城,A B C D E F 六名球員都有射門。",
    ]
    res = clean_text("\n".join(lines))
    assert [p.text for p in res.paragraphs] == [
        "本隊今晚以3比1擊敗對手,取得聯賽首勝。",
        "上半場主隊控球較多,但臨門一腳欠佳,雙方互有攻守。",
        lines[3],
    ]
    assert [(r.line, r.rule) for r in res.removed] == [(1, "jammer"), (2, "jammer"), (3, "jammer")]


@pytest.mark.parametrize(
    "line",
    [
        "請更新您的瀏覽器",
        "您使用的瀏覽器版本較舊,已不再受支援。建議您更新瀏覽器版本,以獲得最佳使用體驗。",
        "4 瀏覽次數",
        "提供建議 0 喜歡次數",
        "199 回覆",
        "48 Like 4 Dislike",
        "發新話題",
        "回上一頁",
        "查看原文",
        "投稿邮箱:news@example.com",
        "- 星期一",
        "ad9_210*60",
        "字號:",
        "●下載《某某新聞APP》賽事直播不漏接",
        "不用抽 不用搶 現在用APP看新聞 點我下載APP 按我看活動辦法",
        "請 您 評 論 查看評論 進入社區",
        "本評論觀點只代表網友個人觀點,不代表本網立場。",
        "圖片報道 | 更多>> |",
        "(Copyright 2025 Example TV. All Rights Reserved.)",
        "標籤: ,",
        "图片.png",
        "晴時多雲",
    ],
)
def test_round_six_page_furniture_lines_are_cut(line):
    body = "市政府今天公布新的交通措施,下月起多條路線將調整班次,市民可留意公告。"
    res = clean_text("\n".join([body, line, body + "另有市民表示歡迎。"]))
    assert line.strip() not in [p.text for p in res.paragraphs]
    assert len(res.paragraphs) == 2


def test_seo_spam_keywords_cut_but_a_report_on_the_trade_kept():
    spam = "久久精品视频一区二区,国产精品人妻无码,成人网址大全,最新av网址,精品一区二区三区在线"
    report = "警方昨日破获一个成人网站集团,该网站标榜国产精品、无码影片,涉案金额逾千万元。"
    res = clean_text("\n".join([spam, report, "法院将于下月开庭审理此案,被告可能面临三年以上有期徒刑。"]))
    assert [p.text for p in res.paragraphs][0] == report
    assert [(r.line, r.rule) for r in res.removed] == [(1, "seo_spam")]


@pytest.mark.parametrize("line", ["1476879420905", "1700000000", "【某某電視 某某報導】"])
def test_timestamps_and_broadcaster_credits_are_cut(line):
    body = "市政府今天公布新的交通措施,下月起多條路線將調整班次,市民可留意公告。"
    res = clean_text("\n".join([line, body]))
    assert [p.text for p in res.paragraphs] == [body]


BODY_ZH = "市政府今天宣布，明年起将为全市中小学增建三百间教室，预计三年内全部完工，所需经费由中央补助。"


@pytest.mark.parametrize(
    "crumb", ["某某新聞網 > 舊金山", "某某藥局 > 健康資訊", "> 首页 > 本地快讯", "某某 相簿 > 生活隨拍"]
)
def test_two_level_breadcrumb_at_the_top_is_cut(crumb: str) -> None:
    res = clean_text(f"{crumb}\n本市增建三百間教室 三年內完工\n{BODY_ZH}\n{BODY_ZH}\n")
    assert rule_of(res, 1) == "read_count_promo"
    assert crumb not in kept_text(res)
    assert "本市增建三百間教室" in kept_text(res)


@pytest.mark.parametrize("line", ["2024 > 2023", "如果 A > B,則選擇前者。"])
def test_comparison_alone_on_a_line_is_not_a_breadcrumb(line: str) -> None:
    res = clean_text(f"{line}\n{BODY_ZH}\n{BODY_ZH}\n")
    assert rule_of(res, 1) is None


def test_double_spaced_wrapped_lines_join_across_one_blank_line():
    """A report set double-spaced and wrapped in mid-clause: one blank line inside a sentence is
    line spacing (the halves join), two blank lines or a sentence end still close the paragraph."""
    from dashboard.pipeline.paragraphs import restore_text

    text = (
        "1 本季度报告来自季度报告全文,为全面了解本公司的经营成果、财务状况及未来发展规\n\n"
        "划,投资者应到交易所网站仔细阅读季度报告全文。\n\n\n"
        "2 本公司董事会及全体董事保证季度报告内容的真实性、准确性、\n\n"
        "完整性,不存在虚假记载或重大遗漏。\n\n\n"
        "3 全体董事出席董事会会议。\n\n\n"
        "4 会计师事务所为本公司出具了标准无保留意见的审阅报告。\n"
    )
    assert restore_text(text).split("\n") == [
        "1 本季度报告来自季度报告全文,为全面了解本公司的经营成果、财务状况及未来发展规划,投资者应到交易所网站仔细阅读季度报告全文。",
        "2 本公司董事会及全体董事保证季度报告内容的真实性、准确性、完整性,不存在虚假记载或重大遗漏。",
        "3 全体董事出席董事会会议。",
        "4 会计师事务所为本公司出具了标准无保留意见的审阅报告。",
    ]


def test_a_spaced_closing_quote_before_a_full_stop_is_no_paragraph_end():
    from dashboard.pipeline.paragraphs import restore_text

    sentence = "据海外媒体报道,当地时间周一,有关部门将一百多家企业列入所谓“观察名单” 。"
    line = sentence * 3 + "业内人士表示,此举影响有限,相关企业已提前做好准备,供应链总体稳定。" * 2
    assert "\n。" not in restore_text(line)


def test_a_short_line_leading_into_the_next_with_a_verb_and_colon_is_kept():
    body = [
        "经查，被告公司在上市申请材料中虚增营业收入约三千万元，并隐瞒关联交易，情节严重，社会影响恶劣。",
        "被告人对上述事实供认不讳，当庭表示认罪认罚，并退缴了全部违法所得，法院依法从轻处罚。",
    ]
    head = ["案件编号", "(2021)某01刑初12号", "案情摘要", "某市人民检察院指控："]
    res = clean_text("\n".join([*head, *body]))
    kept = [p.text for p in res.paragraphs]
    assert "某市人民检察院指控：" in kept and all(b in kept for b in body)
    # the record labels above it are still cut as a run of short unrelated lines
    assert [r.text for r in res.removed if r.rule == "headline_list"] == head[:3]


def test_a_paper_paragraph_with_spaces_between_numbers_and_units_is_prose():
    # papers and PDFs set a space between a number and its unit; those spaces are no seams
    line = (
        "本文回顾了甲地4.8 级和乙地5.1 级地震的构造背景与余震序列，梳理了2 次地震前的异常变化，"
        "比较了3 类观测手段在时间、空间和强度上的表现，并讨论了其对本地区5 级以上地震判定的意义，"
        "以期为今后的震情研判积累资料，也为同类构造区的危险性评估和台网布设提供参考。"
    )
    other = "研究区位于两大构造带交汇处，历史上中强地震频繁，近年来监测台网不断加密，资料日益丰富。"
    res = clean_text("\n".join([other, line, other.replace("研究区", "该区域")]))
    assert line in [p.text for p in res.paragraphs]
