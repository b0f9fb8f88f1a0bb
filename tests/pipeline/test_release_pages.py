"""Shapes met in real statistics releases, earnings news and government pages (own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.pipeline.clean import clean_text
from dashboard.pipeline.clean.lines import restore_flat_powers
from dashboard.pipeline.figures import extract_figures
from dashboard.pipeline.figures.region import article_region
from dashboard.pipeline.ingest import read_inputs
from dashboard.pipeline.metadata import extract_metadata, find_date_code, find_title, parse_date
from dashboard.pipeline.records import Document

BODY = (
    "本年度的統計報告顯示，區內人口健康狀況持續改善，各項主要指標大致平穩，"
    "當局表示會繼續監察有關數字的變化，並按季公布最新結果。"
)


def kept(text: str) -> str:
    return "\n".join(p.text for p in clean_text(text).paragraphs)


def test_table_rows_pasted_as_text_are_kept_not_cut_as_headlines() -> None:
    rows = [
        "粗出生率 (按每千人口計算) 7.9 7.5",
        "粗死亡率 (按每千人口計算) 6.1 6.3",
        "男性 80.2 80.6",
        "女性 86.9 87.1",
    ]
    text = BODY + "\n\n主要指標 二零二一年 二零二二年\n" + "\n".join(rows) + "\n"
    out = kept(text)
    for row in rows:
        assert row in out


def test_pipe_table_rows_are_kept() -> None:
    rows = ["2022年第1季 | 65012 | 12.4 |", "2022年第2季 | 60321 | -3.1 |", "2022年第3季 | 58800 | 4.0 |"]
    out = kept(BODY + "\n" + "\n".join(rows) + "\n")
    for row in rows:
        assert row in out


def test_forum_chrome_with_numbers_is_still_cut() -> None:
    """A sentence of forum chrome with counts in it is no table row: the run of chrome still goes."""
    chrome = [
        "歡迎來到本論壇,多多發帖支持我們!只看此人展開收起列表",
        "本帖共有 6 樓,當前顯示第 6 樓,點擊此處閱讀更多 >>",
        "請登錄後回覆:帳號   密碼",
    ]
    out = kept(BODY + "\n\n" + "\n\n".join(chrome) + "\n")
    for line in chrome:
        assert line not in out


@pytest.mark.parametrize(
    "line",
    [
        "按 Enter 到主內容區",
        "按Enter鍵到主內容區",
        "第一手消息請下載本報iPhone/Android Apps",
        "Close this search box.",
        "Related Stocks",
        "Discussion about this post",
        "閱讀更多：本週港股成交額回升至千億",
        "正在验证用户",
    ],
)
def test_skip_link_and_own_app_promo_are_cut(line: str) -> None:
    out = kept(line + "\n\n" + BODY + "\n")
    assert line not in out and BODY in out


@pytest.mark.parametrize(("region", "unit"), [("malaysia", "MYR"), ("singapore", "SGD"), ("hongkong", "HKD")])
def test_cents_word_names_the_local_currency(region: str, unit: str) -> None:
    figs = [f for f in extract_figures("公司宣布派發每股8仙中期股息。", region=region) if f.kind == "money"]
    assert [(f.value, f.unit) for f in figs] == [(0.08, unit)]


def test_malaysian_press_names_make_a_malaysian_article() -> None:
    text = "《当今大马》报道，根据马新社消息，国家银行宣布维持隔夜政策利率在3%不变，马交所指数小幅上扬。"
    assert article_region(text) == "malaysia"


def test_wire_date_code_glued_to_the_last_sentence() -> None:
    """A repost of a Taiwan wire story that dropped the editor credit keeps the ROC date code."""
    lines = ["(中央社記者王小明台中5日電)市議會今天三讀通過明年度總預算。", "歲出共計1200億元。1110305"]
    assert find_date_code(lines) == dt.date(2022, 3, 5)


@pytest.mark.parametrize(
    "lines",
    [
        ["市議會今天三讀通過明年度總預算。", "歲出共計1200億元。1110305"],  # no wire story
        ["(中央社記者王小明台中5日電)市議會今天三讀通過總預算。1110305", "下一段還有內容。"],  # not the end
        ["(中央社台北5日電)客服專線為。0912345"],  # no valid date
    ],
)
def test_seven_digits_elsewhere_are_no_date_code(lines: list[str]) -> None:
    assert find_date_code(lines) is None


FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>新聞稿</title>
<item><title><![CDATA[市府公布去年觀光人次創新高]]></title><link>https://example.gov.tw/news/1.html</link>
<description><![CDATA[<p>市府今天公布，去年來訪旅客共計1250萬人次，較前年增加8.5%。</p>
<p>觀光局表示，今年將持續推動夜間旅遊。</p>]]></description>
<pubDate>Mon, 08 Jan 2024 09:30:00 GMT</pubDate></item>
<item><title>空白項目</title><description></description></item>
<item><title>第二則 &amp; 短訊</title><description>&lt;p&gt;市議會下週審議明年度總預算案。&lt;/p&gt;</description>
</item></channel></rss>
"""


def test_rss_feed_saved_as_txt_gives_one_article_per_item(tmp_path) -> None:
    (tmp_path / "feed.txt").write_text(FEED, encoding="utf-8")
    docs, rejected = read_inputs(tmp_path)
    assert [d.source for d in docs] == ["feed.txt#1", "feed.txt#3"]
    first, second = docs
    assert first.meta == {
        "title": "市府公布去年觀光人次創新高",
        "url": "https://example.gov.tw/news/1.html",
        "published": "2024-01-08",
    }
    assert "去年來訪旅客共計1250萬人次" in first.text and "<p>" not in first.text
    assert second.meta["title"] == "第二則 & 短訊" and "市議會下週審議" in second.text
    assert [(r.source, r.reason) for r in rejected] == [("feed.txt#2", "item 2: no text in the feed item")]


ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>快訊</title>
<entry><title>水庫蓄水率回升</title><link rel="alternate" href="https://example.org/a/1"/>
<published>2024-05-02T10:00:00+08:00</published><author><name>記者林大同</name></author>
<content type="html">&lt;p&gt;水利署表示，主要水庫蓄水率回升至六成。&lt;/p&gt;</content></entry></feed>
"""

# a scrape's broken feed: a bare "&", an HTML entity XML does not define, unescaped markup in a
# description, and a file cut off inside its last item
BROKEN_FEED = """<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>本地 & 國際</title>
<item><title>豪雨特報&nbsp;更新</title><link>https://example.org/r?id=1&amp;p=2</link>
<pubDate>Tue, 04 Jun 2024 23:30:00 +0800</pubDate>
<description><p>山區累積雨量達350毫米 & 以上。</p></description></item>
<item><title>未完"""


def test_an_atom_entry_gives_its_author_link_and_date(tmp_path) -> None:
    (tmp_path / "atom.txt").write_text(ATOM, encoding="utf-8")
    docs, rejected = read_inputs(tmp_path)
    assert not rejected and [d.source for d in docs] == ["atom.txt#1"]
    assert docs[0].meta == {
        "title": "水庫蓄水率回升",
        "url": "https://example.org/a/1",
        "published": "2024-05-02T10:00:00+08:00",
        "author": "記者林大同",
    }
    assert docs[0].text.strip() == "水利署表示，主要水庫蓄水率回升至六成。"


def test_a_broken_feed_in_gbk_loses_no_item(tmp_path) -> None:
    (tmp_path / "broken.txt").write_bytes(BROKEN_FEED.encode("gbk"))
    docs, rejected = read_inputs(tmp_path)
    assert [d.source for d in docs] == ["broken.txt#1"]
    # the date in the feed's own offset, not moved to UTC (23:30 +0800 is still the 4th)
    assert docs[0].meta["published"] == "2024-06-04" and docs[0].meta["title"] == "豪雨特報\xa0更新"
    assert docs[0].meta["url"] == "https://example.org/r?id=1&p=2"
    assert "山區累積雨量達350毫米" in docs[0].text and "<p>" not in docs[0].text
    assert [(r.source, r.reason) for r in rejected] == [("broken.txt#2", "item 2: no text in the feed item")]


def test_a_text_mentioning_rss_is_still_a_text(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("本站提供<rss>訂閱服務，讀者可自行加入。\n", encoding="utf-8")
    docs, rejected = read_inputs(tmp_path)
    assert [d.fmt for d in docs] == ["txt"] and not rejected and "訂閱服務" in docs[0].text


def _meta(text: str):
    return extract_metadata(Document("a.txt", text, "utf-8", "txt"), [], [])


def test_press_release_header_gives_title_and_roc_release_date() -> None:
    text = (
        "交通部春節疏運新聞稿\n"
        "交通部新聞稿        112年1月30日發布\n"
        "春節連假期間，國道交通量較去年同期增加百分之六，整體車流大致順暢，未發生重大事故。\n"
        "交通部表示，將持續檢討疏運措施，並於清明連假前公布新的規劃。\n"
    )
    meta = _meta(text)
    assert meta["title"] == "交通部春節疏運新聞稿"
    assert meta["published"] == dt.date(2023, 1, 30)
    assert not meta["author"]


def test_site_language_label_is_cut() -> None:
    out = kept("交通部-中文版\n\n" + BODY + "\n")
    assert "交通部-中文版" not in out and BODY in out


def test_roc_release_date_needs_a_two_or_three_digit_year() -> None:
    assert parse_date("他於2023年1月30日發布聲明。") == dt.date(2023, 1, 30)  # a western year stays one
    assert parse_date("編號1112年1月30日發布") is None  # four digits are no ROC year
    assert parse_date("中央銀行新聞稿 95年9月28日發布") == dt.date(2006, 9, 28)


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("外匯儲備 | 億澳門元/ 108 MOP | 2,100.5 |", "外匯儲備 | 億澳門元/ 10⁸ MOP | 2,100.5 |"),
        ("總額 | 百萬港元 / 106 HKD |", "總額 | 百萬港元 / 10⁶ HKD |"),
        ("增加 萬元/ 108 MOP", "增加 萬元/ 108 MOP"),  # 萬 is 10⁴: 108 is no flattened power of it
        ("去年共售出108 MOP等值貨品", "去年共售出108 MOP等值貨品"),  # no unit label before it
    ],
)
def test_flattened_power_in_a_unit_label_is_restored(line: str, fixed: str) -> None:
    assert restore_flat_powers(line) == fixed


def test_a_unit_label_power_is_no_amount() -> None:
    text = BODY + "\n\n外匯儲備 | 億澳門元/ 108 MOP | 2,100.5 | 2,150.0 |\n"
    kept_text = kept(text)
    assert "10⁸ MOP" in kept_text
    assert not [f for f in extract_figures(kept_text, region="unknown") if f.unit == "MOP"]


@pytest.mark.parametrize("logo", ["《本地新聞網》标志", "Example Daily logo"])
def test_logo_alt_text_is_no_title(logo: str) -> None:
    one_line = (
        logo + " 市政府今日宣布明年度預算案,歲出較今年增加百分之三,主要用於興建公共房屋及改善交通,"
        "議會將於下月審議。"
    )
    assert find_title([one_line], one_line) is None
    assert find_title([logo, "", BODY], None) != logo


def test_a_headline_about_a_logo_is_still_a_title() -> None:
    one_line = (
        "奧運會公布全新標誌 主辦城市今日公布新會徽設計,並邀請市民投票選出最受歡迎的方案,"
        "投票將於下月截止,結果將在年底前公布。"
    )
    assert find_title([one_line], one_line) == "奧運會公布全新標誌"
