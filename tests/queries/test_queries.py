"""Dashboard data layer: loading checks, filters, keyword search, log-odds, KWIC and highlights."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pandas as pd
import pytest
from conftest import A1, A2, A3, A4

from dashboard import queries, store
from dashboard.queries import articles, figures, keyword, overview, selection, sources, terms
from dashboard.state import Filters


@pytest.fixture
def tables(data_dir):
    return queries.open_dataset(data_dir)


def test_check_data_names_the_rebuild_command(tmp_path, data_dir):
    assert store.check_data(data_dir) is None
    assert "make data" in store.check_data(tmp_path / "nowhere")
    shutil.rmtree(data_dir / "figures.parquet")  # a part directory, as a build writes it
    assert "figures" in store.check_data(data_dir) and "make data" in store.check_data(data_dir)


def test_schema_version_mismatch_is_reported(data_dir):
    (data_dir / "meta.json").write_text(json.dumps({"schema_version": 99}), encoding="utf-8")
    msg = store.check_data(data_dir)
    assert "99" in msg and "make data" in msg


def test_filters(tables):
    ids = lambda f: set(selection.filter_articles(tables, f)["article_id"])  # noqa: E731
    assert ids(Filters()) == {A1, A2, A3, A4}
    assert ids(Filters(lang=("zh-Hant",))) == {A2, A4}
    assert ids(Filters(lang=("zh-Hant",), undated=False)) == {A2}
    assert ids(Filters(date_from=dt.date(2024, 4, 1))) == {A2, A3, A4}
    assert ids(Filters(date_to=dt.date(2024, 3, 31), undated=False)) == {A1}
    assert ids(Filters(cited=("彭博社",))) == {A3, A4}
    assert ids(Filters(topic=("ai",))) == {A2, A3}
    assert ids(Filters(lang=("en",), outlet=("新浪",))) == set()


def test_keyword_matches_across_scripts(tables):
    # 輝達 is written in A2/A4 and merged into 英伟达, which A1 writes in simplified
    assert keyword.keyword_article_ids(tables, "輝達") >= {A1, A2, A4}
    assert keyword.keyword_article_ids(tables, "NVIDIA") == {A3}
    assert keyword.keyword_article_ids(tables, "no such words") == set()


def test_log_odds_sign_and_z_scale():
    a = pd.Series({"芯片": 50.0, "晶片": 1.0, "美国": 20.0})
    b = pd.Series({"芯片": 1.0, "晶片": 50.0, "美国": 20.0})
    out = terms.log_odds_dirichlet(a, b, a + b).set_index("term")
    assert out.loc["芯片", "z"] > 1.96 and out.loc["晶片", "z"] < -1.96  # sign follows the group
    assert abs(out.loc["美国", "z"]) < 0.5  # equal use is not distinctive
    assert out.loc["芯片", "z"] == pytest.approx(-out.loc["晶片", "z"])  # symmetric
    # the same proportions with ten times the evidence give a larger z
    big = terms.log_odds_dirichlet(a * 10, b * 10, (a + b) * 10).set_index("term")
    assert big.loc["芯片", "z"] > out.loc["芯片", "z"]


def test_distinctive_terms_between_groups(tables):
    arts = tables["articles"]
    out = terms.distinctive_terms(tables, arts, "language", "zh-Hans", terms.REST)
    assert set(out["favours"]) <= {"zh-Hans", terms.REST}
    assert out.loc[out["term"] == "出口管制", "favours"].iloc[0] == "zh-Hans"
    assert terms.distinctive_terms(tables, arts[arts["language"] == "en"], "language", "en", terms.REST).empty


def test_top_terms_per_10k_and_forms(tables):
    top = terms.top_terms(tables, tables["articles"]).set_index("term")
    assert top.loc["英伟达", "count"] == 4
    assert "輝達" in top.loc["英伟达", "forms"]
    assert top["per_10k"].sum() == pytest.approx(10_000 * top["count"].sum() / 17, rel=1e-3)


def test_kwic_finds_the_surface_form(tables):
    lines = terms.kwic(tables, tables["articles"], "英伟达")
    assert set(lines["match"]) == {"英伟达", "輝達"}
    row = lines[lines["article_id"] == A2].iloc[0]
    assert row["right"].startswith("晶片")


def test_timeline_counts_undated_apart(tables):
    frame, undated = overview.timeline(tables["articles"])
    assert undated == 1 and frame["articles"].sum() == 3


def test_claims_restricted_to_selection(tables):
    arts = tables["articles"]
    claims = figures.recurring_claims(tables, arts).set_index("claim_id")
    assert claims.loc["c000000000bb", "n_articles"] == 2 and claims.loc["c000000000bb", "n_outlets"] == 2
    assert claims.loc["c000000000bb", "subject"] == "损失"  # falls back to a figure's own subject
    only_hant = figures.recurring_claims(tables, arts[arts["language"] == "zh-Hant"]).set_index("claim_id")
    assert only_hant.loc["c000000000bb", "n_articles"] == 1


def test_sources_queries(tables):
    arts = tables["articles"]
    cited = sources.cited_outlets(tables, arts).set_index("outlet")
    assert cited.loc["彭博社", "citations"] == 2 and cited.loc["彭博社", "type"] == "media"
    assert list(sources.unknown_sources(tables, arts)["surface"]) == ["台積電"]
    matrix = sources.publisher_cited_matrix(tables, arts)
    assert matrix["citations"].sum() == len(tables["citations"])


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
