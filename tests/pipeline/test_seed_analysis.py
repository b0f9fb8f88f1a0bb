"""Issue-level acceptance on the seed corpus: terms across scripts, figures, citations, claims.

Reads the committed tables (tests/pipeline/test_determinism.py proves they equal a fresh build).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

PROCESSED = Path(__file__).resolve().parents[2] / "data" / "processed"


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    tables = {
        n: pd.read_parquet(PROCESSED / f"{n}.parquet")
        for n in ("articles", "paragraphs", "terms", "figures", "citations", "claims")
    }
    prefix = tables["articles"].set_index("article_id")["source"].str[:3]
    for name in ("paragraphs", "terms", "figures", "citations"):
        tables[name]["seed"] = tables[name]["article_id"].map(prefix)
    return tables


def _forms(t, term: str, seed: str) -> set[str]:
    rows = t["terms"][(t["terms"]["term"] == term) & (t["terms"]["seed"] == seed)]
    return {f for forms in rows["forms"] for f in forms}


def test_nvidia_counted_in_all_five_articles_whatever_the_spelling(t):
    nvidia = t["terms"][t["terms"]["term"] == "英伟达"]
    assert sorted(nvidia["seed"].unique()) == ["000", "001", "002", "003", "004"]
    assert "輝達" in _forms(t, "英伟达", "004")


def test_taiwan_and_traditional_spellings_merge(t):
    assert "晶片" in _forms(t, "芯片", "004")
    assert "黃仁勛" in _forms(t, "黄仁勋", "002")
    assert "黃仁勳" in _forms(t, "黄仁勋", "004")
    for written in ("晶片", "輝達", "黃仁勳", "英偉達"):
        assert written not in set(t["terms"]["term"]), written


def test_no_term_comes_from_a_damaged_span(t):
    paras = t["paragraphs"]
    damaged = paras[paras["damaged"]]
    assert not damaged.empty
    damaged_text = "".join(row.text[s:e] for row in damaged.itertuples() for s, e in row.damaged_spans)
    rare = {ch for ch in damaged_text if "\u4e00" <= ch <= "\u9fff"}
    assert {"槭", "裁", "矗"} <= rare
    # characters that only occur inside damaged spans never surface in any counted term
    for ch in ("槭", "矗", "袊"):
        assert not t["terms"]["term"].str.contains(ch).any(), ch


@pytest.mark.parametrize(
    "seed, texts",
    [
        ("001", ["37%", "70%", "58%", "95%", "50%", "200億美元"]),
        ("002", ["50%", "95%", "15%", "500億美元"]),
        ("004", ["500億美元", "三分之一", "五倍", "四倍"]),
    ],
)
def test_expected_figures_are_found(t, seed, texts):
    found = list(t["figures"][t["figures"]["seed"] == seed]["text"])
    for text in texts:
        assert any(text in f for f in found), (seed, text, found)


def test_money_is_normalised_to_usd(t):
    figs = t["figures"]
    row = figs[(figs["seed"] == "004") & (figs["text"] == "500億美元")].iloc[0]
    assert row["kind"] == "money" and row["unit"] == "USD" and row["value"] == 5.0e10 == row["value_usd"]


def test_no_figure_from_the_trailing_spam_or_years(t):
    figs = t["figures"]
    assert not figs[figs["seed"] == "003"]["text"].str.contains("50.68|2380|2350|25%").any()
    assert not figs["text"].str.fullmatch(r"\d{4}年?").any()


@pytest.mark.parametrize(
    "seed, outlets",
    [
        ("000", {"Financial Times", "Fortune"}),
        ("002", {"Bloomberg", "CNBC", "The Wall Street Journal", "Guancha"}),
        ("004", {"SemiAnalysis", "Heritage Foundation"}),
    ],
)
def test_expected_citations(t, seed, outlets):
    cited = set(t["citations"][t["citations"]["seed"] == seed]["outlet"])
    assert outlets <= cited, cited


def test_publisher_never_cites_itself(t):
    netease = t["citations"][t["citations"]["seed"].isin(["001", "002"])]
    assert not netease["outlet"].str.contains("NetEase").any()


def test_50bn_in_002_and_004_is_one_claim(t):
    figs = t["figures"]
    ids = set(figs[figs["text"].str.contains("500億美元") & figs["seed"].isin(["002", "004"])]["claim_id"])
    assert len(ids) == 1
    claim = t["claims"].set_index("claim_id").loc[ids.pop()]
    assert claim["n_articles"] == 2


def test_topics_attached_to_articles_and_paragraphs(t):
    arts = t["articles"].set_index(t["articles"]["source"].str[:3])
    assert "energy" in arts.loc["004", "topics"]
    assert all(len(x) > 0 for x in arts["topics"])
    assert t["paragraphs"]["topics"].map(len).gt(0).any()
