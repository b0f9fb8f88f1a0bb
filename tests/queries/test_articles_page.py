"""Articles page queries: highlights, the article list, missing values."""

from __future__ import annotations

import pandas as pd
from conftest import A2

from dashboard.queries import articles


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
    assert pd.isna(listing.iloc[-1]["published"])  # undated last


def test_text_or_treats_every_missing_marker_as_missing():
    for missing in (None, float("nan"), pd.NaT, "", pd.NA):
        assert articles.text_or(missing, "?") == "?"
    assert articles.text_or("新浪") == "新浪"
