"""Cited figures: every pattern that is a figure, every look-alike that is not, and claims."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline.analyse.claims import CLAIM_COLUMNS, assign_claims
from dashboard.pipeline.figures import KINDS, Figure, extract_figures
from dashboard.pipeline.lexicon import read_csv
from dashboard.pipeline.schema import SCHEMAS

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def one(text: str) -> Figure:
    figs = extract_figures(text)
    assert len(figs) == 1, f"{text!r} gave {[f.text for f in figs]}"
    return figs[0]


# (input, expected text, kind, value, value_max, unit)
POSITIVE = [
    # percentages
    ("市场份额为95%。", "95%", "percent", 95, None, "%"),
    ("利率降至0.96％。", "0.96％", "percent", 0.96, None, "%"),
    ("占比百分之十五。", "百分之十五", "percent", 15, None, "%"),
    ("九成企业表示支持", "九成", "percent", 90, None, "%"),
    ("六成受访者", "六成", "percent", 60, None, "%"),
    ("逾三成的订单", "逾三成", "percent", 30, None, "%"),
    ("佔總數約兩成", "約兩成", "percent", 20, None, "%"),
    ("营收增长近10%", "近10%", "percent", 10, None, "%"),
    ("超过50%的份额", "超过50%", "percent", 50, None, "%"),
    ("毛利率可达20%到25%", "20%到25%", "percent", 20, 25, "%"),
    ("毛利率可达20%-25%", "20%-25%", "percent", 20, 25, "%"),
    ("毛利率可达20至25%", "20至25%", "percent", 20, 25, "%"),
    ("增加了3個百分點", "3個百分點", "percent", 3, None, "pp"),
    ("shares rose about 20% on Monday", "about 20%", "percent", 20, None, "%"),
    ("a share of nearly 10 per cent", "nearly 10 per cent", "percent", 10, None, "%"),
    ("金辉控股(09993)上涨50.68%", "50.68%", "percent", 50.68, None, "%"),
    # money
    ("投入500億美元", "500億美元", "money", 5e10, None, "USD"),
    ("投資110 億英鎊", "110 億英鎊", "money", 1.1e10, None, "GBP"),
    ("Nvidia lost $4.5 billion in sales.", "$4.5 billion", "money", 4.5e9, None, "USD"),
    ("a US$30bn fund", "US$30bn", "money", 3e10, None, "USD"),
    ("訂單金額6.5億美元", "6.5億美元", "money", 6.5e8, None, "USD"),
    ("售价178.91美元", "178.91美元", "money", 178.91, None, "USD"),
    ("1.2万亿元的投资", "1.2万亿元", "money", 1.2e12, None, "CNY"),
    ("大基金三期注资人民币500亿元", "人民币500亿元", "money", 5e10, None, "CNY"),
    ("估值300亿港元", "300亿港元", "money", 3e10, None, "HKD"),
    ("市值100億港幣", "100億港幣", "money", 1e10, None, "HKD"),
    ("補助500億新台幣", "500億新台幣", "money", 5e10, None, "TWD"),
    ("補助500億台幣", "500億台幣", "money", 5e10, None, "TWD"),
    ("出资1000億日元", "1000億日元", "money", 1e11, None, "JPY"),
    ("出資2000億日圓", "2000億日圓", "money", 2e11, None, "JPY"),
    ("补贴50亿欧元", "50亿欧元", "money", 5e9, None, "EUR"),
    ("補貼60億歐元", "60億歐元", "money", 6e9, None, "EUR"),
    ("投资3万亿韩元", "3万亿韩元", "money", 3e12, None, "KRW"),
    ("投入五百億美元", "五百億美元", "money", 5e10, None, "USD"),
    ("罚款两千万元", "两千万元", "money", 2e7, None, "CNY"),
    ("逾千亿元的补贴", "逾千亿元", "money", 1e11, None, "CNY"),  # (traditional: see test_region)
    ("It cost 30 billion yuan.", "30 billion yuan", "money", 3e10, None, "CNY"),
    ("每股賺3蚊", "3蚊", "money", 3, None, "HKD"),
    ("英伟达市值一度突破4万亿美元", "4万亿美元", "money", 4e12, None, "USD"),
    ("China's Big Fund raised 344 billion yuan", "344 billion yuan", "money", 3.44e11, None, "CNY"),
    ("预计3到5亿美元", "3到5亿美元", "money", 3e8, 5e8, "USD"),
    ("a $50bn-$60bn market", "$50bn-$60bn", "money", 5e10, 6e10, "USD"),
    ("毛利率20～25%", "20～25%", "percent", 20, 25, "%"),
    ("出口500多亿美元", "500多亿美元", "money", 5e10, None, "USD"),
    ("出口五百多亿美元", "五百多亿美元", "money", 5e10, None, "USD"),
    ("3000余万元", "3000余万元", "money", 3e7, None, "CNY"),
    # counts
    ("出货110万颗", "110万颗", "count", 1.1e6, None, "颗"),
    ("销量13.8万台", "13.8万台", "count", 1.38e5, None, "台"),
    ("共有136家企业", "136家", "count", 136, None, "家"),
    ("限制150個國家的人", "150個", "count", 150, None, "个"),
    ("因100名工作人員被裁", "100名", "count", 100, None, "名"),
    ("已有3000多家企业", "3000多家", "count", 3000, None, "家"),
    ("企业总数3000家", "3000家", "count", 3000, None, "家"),
    ("DeepSeek-V3有6710亿参数", "6710亿参数", "count", 6.71e11, None, "参数"),
    ("中国14亿人口的市场", "14亿人口", "count", 1.4e9, None, "人"),
    ("逾百間企業", "逾百間", "count", 100, None, "间"),
    ("部署了1万张GPU卡", "1万张", "count", 1e4, None, "张"),
    ("全球每賣出10顆芯片", "10顆", "count", 10, None, "颗"),
    ("近百万颗芯片", "近百万颗", "count", 1e6, None, "颗"),
    ("长江存储232层NAND闪存", "232层", "count", 232, None, "层"),
    ("全国共有集成电路企业超过2.2万家", "超过2.2万家", "count", 2.2e4, None, "家"),
    ("sanctions on 150 countries", "150 countries", "count", 150, None, "country"),
    # multiples
    ("数量是對手的五倍", "五倍", "multiple", 5, None, "x"),
    ("性能提升2倍", "提升2倍", "multiple", 2, None, "x"),
    ("耗電量是四倍", "四倍", "multiple", 4, None, "x"),
    ("训练速度至少要慢一倍", "慢一倍", "multiple", 1, None, "x"),
    ("产能翻一番", "翻一番", "multiple", 2, None, "x"),
    ("收入翻两番", "翻两番", "multiple", 4, None, "x"),
    ("a fivefold increase", "fivefold", "multiple", 5, None, "x"),
    # fractions
    ("算力僅為對手的三分之一", "三分之一", "fraction", 1 / 3, None, None),
    ("四分之三的產能", "四分之三", "fraction", 0.75, None, None),
    ("全球一半的AI工程師在中國", "一半", "fraction", 0.5, None, None),
    ("two-thirds of revenue", "two-thirds", "fraction", 2 / 3, None, None),
    ("中国占全球1/3的产能", "1/3", "fraction", 1 / 3, None, None),
    ("约1/4的企业", "约1/4", "fraction", 0.25, None, None),
    # measures
    ("中芯7nm芯片", "7nm", "measure", 7, None, "nm"),
    ("7納米製程", "7納米", "measure", 7, None, "nm"),
    ("台積電2奈米製程", "2奈米", "measure", 2, None, "nm"),
    ("5纳米工艺", "5纳米", "measure", 5, None, "nm"),
    ("a 5-nanometer chip", "5-nanometer", "measure", 5, None, "nm"),
    ("配备128GB内存", "128GB", "measure", 128, None, "GB"),
    ("带宽达1.6TB/秒", "1.6TB/秒", "measure", 1.6, None, "TB/s"),
    ("数据中心耗电5GW", "5GW", "measure", 5, None, "GW"),
    ("进口100万吨", "100万吨", "measure", 1e6, None, "t"),
    # durations
    ("竟然僅有24小時", "僅有24小時", "duration", 24, None, "小时"),
    ("過去10年,中國已經在增加能源產量", "10年", "duration", 10, None, "年"),
    ("10年内实现自给", "10年", "duration", 10, None, "年"),
    ("曾在AMD擔任高管長達11年", "11年", "duration", 11, None, "年"),
    ("收入占比持續三年下跌", "三年", "duration", 3, None, "年"),
    ("我們在兩三年內就可以追平", "兩三年", "duration", 2, 3, "年"),
    ("十多年来", "十多年", "duration", 10, None, "年"),
    ("for 10 years the firm grew", "10 years", "duration", 10, None, "years"),
]


@pytest.mark.parametrize(("text", "surface", "kind", "value", "value_max", "unit"), POSITIVE)
def test_figure_patterns(text, surface, kind, value, value_max, unit):
    f = one(text)
    assert (f.text, f.kind, f.unit) == (surface, kind, unit)
    assert f.value == pytest.approx(value)
    assert f.value_max == (None if value_max is None else pytest.approx(value_max))
    assert text[f.start : f.end].strip() == f.text


NEGATIVE = [
    # years
    "2024年,全球科技圈发生了一次大震动",
    "2026年中國可能",
    "revenue rose in 2025",
    "2020年代中期",
    "2023-2025年",
    # dates and times
    "3月5日,《金融時報》發表",
    "5月13日",
    "2024-10-23 11:23:26",
    "11:23",
    "10/23發布",
    "9月份啟動調查",
    "1/3",
    "3/5日",
    "2024/10/23",
    # product and model numbers
    "H100和H20芯片",
    "華為昇騰910B芯片",
    "910C芯片",
    "昇騰 910C",
    "OpenAI的GPT-4模型",
    "CloudMatrix 384 AI超級電腦",
    "海思Hi1616芯片",
    "部署5G網絡",
    "推进6G网络",
    "RTX Pro 6000D",
    "Blackwell B200",
    "麒麟9000S",
    "沃尔沃S902.0T",
    # law and section numbers
    "301條款",
    "Section 232 tariffs",
    "第301条",
    "條例第23條",
    # list and section numbering, ordinals
    "01",
    "1。芯片之殇",
    "1、锐评",
    "第一,不允许",
    "全球第三大晶片製造商",
    "全球第1家",
    "前10名",
    "第七優的方案",
    # stock codes and page furniture
    "(09993)",
    "600519.SH",
    "往期經典回顧:50萬+閱讀量",
    "300条评论",
    "阅读 10万+",
    "最新回复(2)",
    # bare numbers, vague numbers and idioms
    "散英魂寄千萬雄鷹翱翔神州",
    "盡智魄載十億慧芯",
    "推理可能需要數十億次的使用",
    "千万不要",
    "百家争鸣",
    "成千上万家企业",
    "他八成是忘了",
    "一成不变",
    "三個“指導意見”",
    "一個國家",
    "七國集團",
    "僅僅一天之後",
    "37歲的演員",
    "10年後,當我們回首往事",
    "三年前",
    "20多年前",
    "10 years ago",
    "7×24小時服務",
    "iPhone 16和Windows 11",
    "華為Mate 70手機",
    "3D封裝和2.5D封装",
    "RTX 4090顯卡",
    "一帶一路和十四五規劃",
    "1月至9月,1-9月,前三季度",
    "10周年",
    "5.23黄金现价2380空单进场",
    "另一半",
    "翻了好幾倍",
    "周三家公司",
    "几十家",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_figure(text):
    assert extract_figures(text) == []


def test_blanked_spans_never_give_figures():
    # U+3000 is what countable() writes over irreparable mojibake
    assert extract_figures("我們\u3000\u3000\u3000年內") == []
    assert extract_figures("份额为\u3000\u30005%") == []  # the 5 may be the tail of a damaged number
    assert extract_figures("\u3000\u3000\u3000500億美元") == []
    # a clean figure elsewhere in the paragraph survives
    assert [f.text for f in extract_figures("份额\u3000\u3000，良率达70%")] == ["70%"]


def test_sentence_and_offsets():
    text = "華為很強。數據顯示,英偉達的市場份額已從95%暴跌至50%!其他"
    figs = extract_figures(text)
    assert [f.text for f in figs] == ["95%", "50%"]  # a change 从…至…, not a range
    for f in figs:
        assert f.sentence == "數據顯示,英偉達的市場份額已從95%暴跌至50%"
        assert text[f.start : f.end] == f.text


def test_english_sentence_split():
    f = one("Sales fell. Nvidia said its share dropped to 50% last year. Others disagree.")
    assert f.sentence == "Nvidia said its share dropped to 50% last year."


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("在未被出口限制之前,英偉達ai芯片的在華市場份額達到了95%,近乎壟斷", "英伟达在华市场份额"),
        ("華為昇騰910B芯片的性能趕超了英偉達的H20,國內市佔率更是衝到了37%", "国内市占率"),
        ("同時,中芯國際7nm芯片的良率也突破了70%", "中芯国际良率"),
        ("數據顯示,英偉達全系產品在中國的市場份額,已經從95%暴跌至50%", "英伟达市场份额"),
    ],
)
def test_subject_heuristic(text, subject):
    figs = [f for f in extract_figures(text) if f.kind == "percent"]
    assert figs and all(f.subject == subject for f in figs)


def test_subject_none_when_unsure():
    assert one("英偉達需要從中國市場獲取至少500億美元的潛在營收").subject is None
    assert one("過去10年,中國已經在增加能源產量").subject is None  # durations carry no subject


def test_bare_yuan_follows_an_explicit_regional_currency():
    figs = extract_figures("台積電第三季營收達7596.9億元新台幣,按年增長39%,淨利潤3252.6億元。")
    assert [(f.text, f.unit) for f in figs if f.kind == "money"] == [
        ("7596.9億元新台幣", "TWD"),
        ("3252.6億元", "TWD"),
    ]
    assert [f.unit for f in extract_figures("撥款100億港元,另加50億元")] == ["HKD", "HKD"]
    assert one("中国投入100亿元").unit == "CNY"


def test_value_usd_uses_fixed_rates():
    rates = {r["code"]: float(r["usd_per_unit"]) for r in read_csv("currencies.csv")}
    assert one("投入500億美元").value_usd == pytest.approx(5e10)
    assert one("投資110 億英鎊").value_usd == pytest.approx(1.1e10 * rates["GBP"])
    assert one("1.2万亿元的投资").value_usd == pytest.approx(1.2e12 * rates["CNY"])
    assert one("市场份额为95%").value_usd is None


def test_currency_lexicon_is_complete():
    rows = read_csv("currencies.csv")
    assert set(rows[0]) == {"code", "names", "usd_per_unit", "as_of", "source_note"}
    codes = {r["code"] for r in rows}
    assert {"USD", "CNY", "HKD", "TWD", "JPY", "EUR", "GBP", "KRW"} <= codes
    assert all(float(r["usd_per_unit"]) > 0 and r["as_of"] and r["source_note"] for r in rows)


def _seed_lines(prefix: str) -> list[str]:
    return next(RAW.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8").splitlines()


def _seed_texts(prefix: str) -> list[str]:
    return [f.text for line in _seed_lines(prefix) for f in extract_figures(line)]


def test_seed_figures():
    assert {"37%", "70%", "58%", "95%", "50%", "200億美元"} <= set(_seed_texts("001"))
    assert {"50%", "95%", "15%", "至少500億美元"} <= set(_seed_texts("002"))
    assert {"500億美元", "三分之一", "五倍", "四倍"} <= set(_seed_texts("004"))


def test_seed_has_no_false_figures():
    bad = ("年", "月", "日", "H", "910", "GPT", "384", "5G", "6G", "1616", "閱讀", "01", "02", "03")
    for path in sorted(RAW.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for f in extract_figures(line):
                assert f.kind in KINDS
                if f.kind != "duration":
                    assert not any(b in f.text for b in bad), (path.name, f.text)
                else:
                    assert f.value < 1000, (path.name, f.text)
    # the page furniture of 002 (50萬+閱讀量) and the stock code in 003's trailing spam
    assert all("萬" not in t for t in _seed_texts("002"))
    spam = [f for line in _seed_lines("003") for f in extract_figures(line) if "09993" in line]
    assert "50.68%" in [f.text for f in spam] and not any("09993" in f.text for f in spam)


def _frame(items: list[tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for aid, text in items:
        for f in extract_figures(text):
            d = {k: v for k, v in f.__dict__.items() if k not in ("start", "end")}
            rows.append({"article_id": aid, "paragraph": 0, **d})
    return pd.DataFrame(rows)


def test_claims_merge_same_figure_about_same_thing():
    figs = _frame(
        [
            (
                "a1",
                "黃仁勛此前透露稱,英偉達需要從中國市場獲取至少500億美元的潛在營收,這些收入將會投入到研發當中。",
            ),
            (
                "a2",
                "他表示,2026年中國可能在AI晶片和伺服器上投入500億美元,而由於出口新禁令,輝達將錯失該市場。",
            ),
            ("a3", "沙特砸下了500億美元,邀請中國企業建設半導體產業園。"),
            ("a1", "在未被出口限制之前,英偉達ai芯片的在華市场份额达到了95%。"),
            ("a2", "數據顯示,英偉達全系產品在中國的市場份額,已經從95%暴跌至50%。"),
            ("a3", "全球ai領域已經有50%的研究者是華人,必須要讓英偉達的ai芯片繼續滲透到中國市場上。"),
        ]
    )
    articles = pd.DataFrame(
        [
            {"article_id": "a1", "publisher": "網易", "published": dt.date(2025, 10, 29)},
            {"article_id": "a2", "publisher": "風傳媒", "published": dt.date(2025, 9, 1)},
            {"article_id": "a3", "publisher": None, "published": None},
        ]
    )
    out, claims = assign_claims(figs, articles)
    assert list(claims.columns) == CLAIM_COLUMNS
    assert out["claim_id"].str.fullmatch(r"[0-9a-f]{12}").all()
    money = out[out["kind"] == "money"]
    nvidia = money[money["article_id"].isin(["a1", "a2"])]["claim_id"]
    assert nvidia.nunique() == 1  # Nvidia's China revenue opportunity, in two outlets
    assert (
        money[money["article_id"] == "a3"]["claim_id"].iloc[0] != nvidia.iloc[0]
    )  # Saudi money: other claim
    c = claims.set_index("claim_id").loc[nvidia.iloc[0]]
    assert c["n_articles"] == 2 and c["article_ids"] == ["a1", "a2"]
    assert c["publishers"] == ["網易", "風傳媒"]
    assert (c["first_published"], c["last_published"]) == (dt.date(2025, 9, 1), dt.date(2025, 10, 29))
    assert set(c["texts"]) == {"至少500億美元", "500億美元"}
    share95 = out[(out["kind"] == "percent") & (out["value"] == 95)]["claim_id"]
    assert share95.nunique() == 1  # Nvidia's China share 95%, in two articles
    fifty = out[(out["kind"] == "percent") & (out["value"] == 50)]
    assert fifty["claim_id"].nunique() == 2  # Nvidia share vs share of researchers: different claims
    assert claims["n_articles"].sum() >= len(claims)  # every claim has at least one article
    assert set(out["claim_id"]) == set(claims["claim_id"])  # every figure belongs to a claim


def test_claim_ids_are_stable_sha1_and_singletons_stay_apart():
    figs = _frame([("a1", "良率为37%。"), ("a2", "良率为37%。"), ("a3", "它有37%。")])
    out, claims = assign_claims(figs, pd.DataFrame(columns=["article_id", "publisher", "published"]))
    # same normalised subject (良率), no entity: one claim; key documented in assign_claims
    key = "percent|37.0|%|~良率"
    assert out["claim_id"].iloc[0] == hashlib.sha1(key.encode()).hexdigest()[:12] == out["claim_id"].iloc[1]
    assert out["claim_id"].iloc[2] != out["claim_id"].iloc[0]  # no subject, no entity: a claim of its own
    again, _ = assign_claims(figs, pd.DataFrame(columns=["article_id", "publisher", "published"]))
    assert list(again["claim_id"]) == list(out["claim_id"])
    assert claims.loc[claims["claim_id"] == out["claim_id"].iloc[2], "publishers"].iloc[0] == []


def test_claims_empty_input():
    out, claims = assign_claims(
        pd.DataFrame(columns=[c for c in SCHEMAS["figures"].names if c != "claim_id"]),
        pd.DataFrame(columns=["article_id", "publisher", "published"]),
    )
    assert "claim_id" in out.columns and out.empty
    assert list(claims.columns) == CLAIM_COLUMNS and claims.empty


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.%億万个年月日第美元倍分之成\u3000 ,。一二三五十百千HGnm")),
        max_size=30,
    )
)
def test_figures_are_well_formed_on_any_text(text):
    for f in extract_figures(text):
        assert f.kind in KINDS
        assert "\u3000" not in text[f.start : f.end]
        assert text[f.start : f.end].strip() == f.text
        assert f.value == f.value  # never NaN
        assert f.value_max is None or f.value_max > f.value


# ---------------------------------------------------------------- fast helpers keep the rules

_SCAN_ALPHABET = st.sampled_from(list("aZ09 .%,$~:/０９％ＡＢ億萬個約台灣亿个é—\u3000\U00020000"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_SCAN_ALPHABET, max_size=40))
def test_scan_copy_is_the_per_character_rule(text):
    from dashboard.pipeline.figures import _FULLWIDTH, _scan_copy, _simplified_char

    def slow(s: str) -> str:  # the rule as first written: one character at a time
        out = []
        for ch in s.translate(_FULLWIDTH):
            if ch < "\u0080":
                out.append(ch.lower())
            elif "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
                out.append(_simplified_char(ch))
            else:
                out.append(ch)
        # one context rule on top, for this alphabet: 30个亿 is read as 30 亿 (the 个 a space)
        return re.sub(r"(?<=[0-9〇零一二两三四五六七八九十百千万])个(?=亿)", " ", "".join(out))

    assert _scan_copy(text) == slow(text)
    assert len(_scan_copy(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("ab $亿元")), min_size=1, max_size=4), min_size=1, max_size=6
    ),
    st.text(alphabet=st.sampled_from(list("ab $亿元x")), max_size=20),
)
def test_guarded_alternation_matches_like_the_plain_one(forms, text):
    import re

    from dashboard.pipeline.figures import _alt, _guarded_alt

    plain, guarded = re.compile(_alt(forms)), re.compile(_guarded_alt(forms))
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in guarded.finditer(text)]


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        # a bare amount in 亿 continues the currency of an earlier one in a parallel clause
        ("贸易逆差为四百零二亿美元，上月逆差为三百九十亿。", None, [(4.02e10, "USD"), (3.9e10, "USD")]),
        ("债务上限由5,000亿元提升至6,000亿。", "hongkong", [(5e11, "HKD"), (6e11, "HKD")]),
        # ... but not in a clause about something else
        ("营收一百亿元，用户达三亿。", "mainland", [(1e10, "CNY"), (3e8, None)]),  # (3亿 users: a number)
    ],
)
def test_bare_amount_takes_the_earlier_currency(text, region, expected):
    figs = extract_figures(text, region=region)
    assert [(f.value, f.unit) for f in figs] == expected


@pytest.mark.parametrize(
    "text", ["自由行客創○八年以來新高。", "这是〇八年以来最高的一次。", "銷量是零八年以來最多。"]
)
def test_short_year_with_zero_is_not_a_duration(text: str) -> None:
    # 〇八年 is the year 2008 written short: no "8 years" duration
    assert not [f for f in extract_figures(text) if f.unit == "年"]


def test_eight_years_still_a_duration() -> None:
    assert [
        (f.value, f.unit) for f in extract_figures("过去八年以来增长了三成。") if f.kind == "duration"
    ] == [(8.0, "年")]


@pytest.mark.parametrize(
    ("text", "qualifier", "value"),
    [
        # a bound that says "at most" keeps its negation: never the 超过 ("more than") inside it
        ("罚款最多不超过五十万元。", "不超过", 5e5),
        ("受伤人数不多于二十人。", "不多于", 20.0),
        ("资本充足率不低于百分之八。", "不低于", 8.0),
        ("单笔交易额≤5000元。", "≤", 5000.0),
        ("No more than 40 workers were hired.", "no more than", 40.0),
        ("订单量大于二十万件。", "大于", 2e5),
        ("物价涨幅低于3%。", "低于", 3.0),
        ("测量误差为+-0.5%。", "+-", 0.5),  # a typed ±, never −0.5 %
        # ... while a plain 超过 / more than stays a lower bound
        ("罚款超过五十万元。", "超过", 5e5),
    ],
)
def test_bounds_keep_their_direction(text: str, qualifier: str, value: float) -> None:
    figs = extract_figures(text, region="mainland")
    assert [(f.qualifier, f.value) for f in figs] == [(qualifier, value)]


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("三年的研发投入依次为2亿、3亿和4.5亿元。", None, [(2e8, "CNY"), (3e8, "CNY"), (4.5e8, "CNY")]),
        ("兩家公司分別集資20億及約45億元。", "taiwan", [(2e9, "TWD"), (4.5e9, "TWD")]),
        ("三地分别为2亿、3亿和4.5亿美元。", None, [(2e8, "USD"), (3e8, "USD"), (4.5e8, "USD")]),
        # a list whose amounts differ in scale word shares no currency (2亿 stays a bare number)
        ("投入分别为2亿、3万亿、4.5亿元。", None, [(2e8, None), (4.5e8, "CNY")]),
        ("分别为2亿、3亿、4.5万元。", None, [(2e8, None), (4.5e4, "CNY")]),
    ],
)
def test_amounts_listed_before_a_currency_share_it(text: str, region: str | None, expected: list) -> None:
    got = [(f.value, f.unit) for f in extract_figures(text, region=region) if f.kind in ("money", "number")]
    assert got == expected


def test_two_percents_joined_by_a_pause_mark_stay_two_figures():
    # 3%、4%: each number carries its own unit, so they are a list, never a range
    figs = extract_figures("兩項指標分別上升3%、4%。")
    assert [(f.value, f.value_max, f.unit) for f in figs] == [(3.0, None, "%"), (4.0, None, "%")]


def test_a_pause_mark_pair_is_a_range_only_for_neighbouring_numbers():
    # 3、5人 are two separate numbers (not one step apart; after 分別 the unit is written once for
    # both); 3、4人 is "three or four people"
    assert [(f.value, f.value_max) for f in extract_figures("現場有3、4人受傷。")] == [(3.0, 4.0)]
    assert [(f.value, f.value_max) for f in extract_figures("兩車分別載有3、5人。")] == [
        (3.0, None),
        (5.0, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本周共成交420套/3.1万平方米。", [(420, "套"), (31000, "m2")]),
        ("新房成交88套/9312.5㎡,环比回落。", [(88, "套"), (9312.5, "m2")]),
        # a slash between digits is still a fraction or a date, never two figures
        ("约1/4的受访者同意。", [(0.25, None)]),
    ],
)
def test_a_slash_after_a_chinese_unit_pairs_two_figures(text: str, expected: list) -> None:
    assert [(f.value, f.unit) for f in extract_figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["加权平均收益率 1.52% 4.06% -62.50%", "每股收益(元/股) 0.21 0.35 -40.00%"],
)
def test_a_spaced_minus_in_a_table_row_is_no_range(text: str) -> None:
    # the next column's minus sign: never a range from one cell to the next
    assert all(f.value_max is None for f in extract_figures(text))


def test_a_spaced_range_dash_is_still_a_range() -> None:
    assert [(f.value, f.value_max) for f in extract_figures("增幅为10 - 20%。")] == [(10, 20)]


def test_a_price_per_unit_keeps_what_it_is_per_in_its_text_and_unit():
    from dashboard.pipeline.figures import extract_figures

    (fig,) = extract_figures("本月新房均价为15800元/平方米。", region="mainland")
    assert (fig.text, fig.kind, fig.value, fig.unit) == ("15800元/平方米", "money", 15800.0, "CNY/m2")
    assert fig.value_usd is not None and 2000 < fig.value_usd < 2400  # USD per square metre
    (fig,) = extract_figures("新房均价为每平方米15800元。", region="mainland")
    assert (fig.text, fig.unit) == ("15800元", "CNY/m2")
    # a clause break ends the 每: the total after it is a plain amount
    figs = extract_figures("每吨成本下降了，全年节省500万元。", region="mainland")
    assert [(f.value, f.unit) for f in figs] == [(5e6, "CNY")]


@pytest.mark.parametrize(
    ("text", "surface", "value", "qualifier"),
    [
        ("全年净亏损约为负三亿元。", "约为负三亿元", -3e8, "约为"),
        ("今年利润约-2.5亿元。", "约-2.5亿元", -2.5e8, "约"),
        ("出口同比约-6.2%。", "约-6.2%", -6.2, "约"),
        ("去年营收为负1亿元。", "负1亿元", -1e8, None),
    ],
)
def test_a_hedge_before_a_minus_sign_is_kept(
    text: str, surface: str, value: float, qualifier: str | None
) -> None:
    from dashboard.pipeline.figures import extract_figures

    (fig,) = extract_figures(text, region="mainland")
    assert (fig.text, fig.value, fig.qualifier) == (surface, value, qualifier)


def test_from_one_figure_to_another_is_a_move_unless_it_varies() -> None:
    from dashboard.pipeline.figures import extract_figures

    moved = extract_figures("失业率从5%升到7%。", region="mainland")
    assert [(f.value, f.value_max) for f in moved] == [(5.0, None), (7.0, None)]
    spread = extract_figures("保修期从两年到四年不等。", region="mainland")
    assert [(f.value, f.value_max, f.unit) for f in spread] == [(2.0, 4.0, "年")]


def test_an_index_move_to_a_level_with_no_unit_keeps_both_in_points() -> None:
    from dashboard.pipeline.figures import extract_figures

    figs = extract_figures("恒指午后跌310点至22890。", region="hongkong")
    assert [(f.text, f.kind, f.value, f.unit) for f in figs] == [
        ("310点", "measure", 310.0, "点"),
        ("22890", "measure", 22890.0, "点"),
    ]
