"""Figures page queries: the recurring-claims tracker follows the selection."""

from __future__ import annotations

import pandas as pd

from dashboard.queries import figures


def test_claims_restricted_to_selection(tables):
    arts = tables["articles"]
    claims = figures.recurring_claims(tables, arts).set_index("claim_id")
    assert claims.loc["c000000000bb", "n_articles"] == 2 and claims.loc["c000000000bb", "n_outlets"] == 2
    assert claims.loc["c000000000bb", "subject"] == "损失"  # falls back to a figure's own subject
    only_hant = figures.recurring_claims(tables, arts[arts["language"] == "zh-Hant"]).set_index("claim_id")
    assert only_hant.loc["c000000000bb", "n_articles"] == 1


def test_kinds_with_equal_counts_are_ordered_by_name_on_both_paths(tables):
    figs = pd.DataFrame({"kind": ["share", "money", "count", "money", "count", "share"]})
    out = figures.figures_by_kind(figs)
    assert list(out["kind"]) == ["count", "money", "share"]
    assert list(out["figures"]) == [2, 2, 2]
    sql = figures.figures_by_kind(tables=tables, arts=tables["articles"])
    ordered = sql.sort_values(["figures", "kind"], ascending=[False, True], ignore_index=True)
    pd.testing.assert_frame_equal(sql.reset_index(drop=True), ordered, check_dtype=False)


def test_money_chart_draws_amounts_and_never_a_price_per_unit():
    # a sale of 3亿元 and a price of 2万元 per square metre in the same article
    figs = pd.DataFrame(
        {
            "text": ["3亿元", "20000元/平方米"],
            "kind": ["money", "money"],
            "value_usd": [4.1e7, 2740.0],
            "unit": ["CNY", "CNY/m2"],
            "subject": ["成交额", "均价"],
            "publisher": ["某报", "某报"],
            "published": ["2026-01-02", "2026-01-02"],
            "article": ["楼市", "楼市"],
            "sentence": ["成交额3亿元", "均价20000元/平方米"],
            "article_id": ["a1", "a1"],
            "paragraph": [0, 1],
        }
    )
    drawn = figures.money_figures(figs)
    assert drawn["unit"].tolist() == ["CNY"]
    assert drawn["text"].tolist() == ["3亿元"]
