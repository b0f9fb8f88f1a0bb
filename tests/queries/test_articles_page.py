"""Articles page queries: highlights, the article list, missing values."""

from __future__ import annotations

import pandas as pd
from conftest import A2, A4

from dashboard.queries import articles
from dashboard.store import labels


def test_mark_spans_highlights_without_overlap():
    text = "據《華爾街日報》報導損失50億美元\ufffd"
    pieces = articles.mark_spans(text, ["50億美元"], ["《華爾街日報》"], [[len(text) - 1, len(text)]])
    assert "".join(p for p, _ in pieces) == text
    marks = {p: m for p, m in pieces}
    assert (
        marks["50億美元"] == "figure"
        and marks["《華爾街日報》"] == "citation"
        and marks["\ufffd"] == "damaged"
    )


def test_article_list_counts(tables):
    listing = articles.article_list(tables, tables["articles"]).set_index("article_id")
    assert listing.loc[A2, "figures"] == 1 and listing.loc[A2, "citations"] == 2
    assert listing.iloc[-1]["published"] == "undated"  # undated last, said in words


def test_article_list_has_labels_first_and_no_missing_cells(tables):
    listing = articles.article_list(tables, tables["articles"])
    # what a reporter reads first, then the details (file name and id only there)
    assert list(listing.columns[:8]) == [
        "article",
        "publisher",
        "published",
        "language",
        "copy",
        "figures",
        "citations",
        "topics",
    ]
    assert listing.columns.get_loc("source") > 7 and listing.columns.get_loc("article_id") > 7
    shown = listing.astype(str)
    for bad in ("None", "nan", "NaT", "<NA>"):
        assert not (shown == bad).any().any(), bad
    by_id = listing.set_index("article_id")
    assert by_id.loc[A2, "article"] == "輝達晶片禁令"
    assert by_id.loc[A2, "label"] == "輝達晶片禁令 · 自由時報 · 2024-04-09"
    # the untitled article: its first sentence, quoted and marked as derived, never its file name
    assert by_id.loc[A4, "label"] == "(no title) “晶片戰持續,輝達在華市場份額下降20%。” · 明報 · undated"
    assert "003.txt" not in by_id.loc[A4, "label"]


def test_every_page_uses_the_same_label(tables):
    from dashboard.queries import figures, terms

    label = articles.label(tables, A4)
    assert articles.reader(tables, A4).label == label
    lines = terms.kwic(tables, tables["articles"], "台积电")
    assert label in set(lines["article"]) and not lines["article"].isna().any()
    figs = figures.figures_table(tables, tables["articles"])
    assert set(figs.loc[figs["article_id"] == A4, "article"]) == {
        labels.marked("晶片戰持續,輝達在華市場份額下降20%。", "first sentence")
    }


def test_derived_headline_prefers_a_heading_and_cuts_long_sentences():
    assert labels.first_sentence("美国宣布新的出口管制。细节如下") == "美国宣布新的出口管制。"
    long = "这" * 60
    assert labels.first_sentence(long) == "这" * labels.SNIPPET + "…"
    assert labels.first_sentence("没有句号的开头") == "没有句号的开头"
    assert (
        labels.compose("晶片之爭", "heading", None, pd.NaT)
        == "(no title) “晶片之爭” · unknown publisher · undated"
    )
    assert (
        labels.compose("Title", "title", "Reuters", pd.Timestamp("2024-01-02"))
        == "Title · Reuters · 2024-01-02"
    )


def test_reader_removed_count_matches_the_table(tables):
    doc = articles.reader(tables, A4)
    whole, cuts = articles.removed_summary(doc)
    assert whole + cuts == len(doc.removed)
    assert whole == min(int(doc.article["lines_removed"]), len(doc.removed))


def test_text_or_treats_every_missing_marker_as_missing():
    for missing in (None, float("nan"), pd.NaT, "", pd.NA):
        assert articles.text_or(missing, "?") == "?"
    assert articles.text_or("新浪") == "新浪"


def test_article_list_limit_is_the_head_of_the_whole_list(tables):
    whole = articles.article_list(tables, tables["articles"])
    for k in (1, 3, len(whole), len(whole) + 5):
        got = articles.article_list(tables, tables["articles"], limit=k)
        pd.testing.assert_frame_equal(got, whole.head(k).reset_index(drop=True))
    none = articles.article_list(tables, tables["articles"], limit=0)
    assert none.empty and list(none.columns) == list(whole.columns)
