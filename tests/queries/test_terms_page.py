"""Terms page queries: log-odds, distinctive terms, top terms with forms, keyword in context."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import A2

from dashboard.queries import terms


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
