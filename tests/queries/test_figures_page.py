"""Figures page queries: the recurring-claims tracker follows the selection."""

from __future__ import annotations

from dashboard.queries import figures


def test_claims_restricted_to_selection(tables):
    arts = tables["articles"]
    claims = figures.recurring_claims(tables, arts).set_index("claim_id")
    assert claims.loc["c000000000bb", "n_articles"] == 2 and claims.loc["c000000000bb", "n_outlets"] == 2
    assert claims.loc["c000000000bb", "subject"] == "损失"  # falls back to a figure's own subject
    only_hant = figures.recurring_claims(tables, arts[arts["language"] == "zh-Hant"]).set_index("claim_id")
    assert only_hant.loc["c000000000bb", "n_articles"] == 1
