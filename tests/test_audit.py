"""Generalisation audit: ten hand-annotated articles the rules were not written for.

The folder ``tests/fixtures/audit/`` is built once; ``expected.toml`` holds a careful reader's
answers (language, publisher, date, every cited figure, cited outlets, furniture and body lines).
Figures are judged the way a held-out set is: recall over all articles, and no false figure.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from dashboard.pipeline import build as build_mod
from dashboard.pipeline.lexicon import read_csv
from dashboard.pipeline.script import to_simplified
from dashboard.pipeline.tables import SCHEMAS

AUDIT = Path(__file__).resolve().parent / "fixtures" / "audit"
EXPECTED: dict[str, dict] = tomllib.loads((AUDIT / "expected.toml").read_text(encoding="utf-8"))["articles"]
NAMES = sorted(EXPECTED)
MIN_FIGURE_RECALL = 0.95


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("audit") / "processed"
    build_mod.build(AUDIT, out)
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in SCHEMAS}


def _article(built, name: str) -> pd.Series:
    arts = built["articles"]
    rows = arts[arts["source"] == EXPECTED[name]["file"]]
    assert len(rows) == 1, f"{name}: article not built (rejected: {built['rejected'].to_dict('records')})"
    return rows.iloc[0]


def _rows(built, table: str, name: str) -> pd.DataFrame:
    df = built[table]
    return df[df["article_id"] == _article(built, name)["article_id"]]


def _norm(text: str) -> str:
    """Compare figure texts across scripts and spacing (約 = 约, full-width % = %)."""
    return to_simplified(text).replace("％", "%").replace(" ", "").replace("\u3000", "").lower()


def _overlaps(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a) and bool(b) and (a in b or b in a)


def _match_figures(expected: list[str], found: list[str]) -> tuple[list[str], list[str]]:
    """(missed expected figures, unused found figures); each found figure satisfies one expected.

    Exact matches pair first, so 5% does not take the 約5% that 約5% needs.
    """
    unused = list(found)
    pending = []
    for exp in expected:
        hit = next((f for f in unused if _norm(f) == _norm(exp)), None)
        if hit is None:
            pending.append(exp)
        else:
            unused.remove(hit)
    missed = []
    for exp in pending:
        hit = next((f for f in unused if _overlaps(exp, f)), None)
        if hit is None:
            missed.append(exp)
        else:
            unused.remove(hit)
    return missed, unused


def _canonical(name: str) -> str:
    """An outlet alias read as its canonical name (明報 → Ming Pao); other names as written."""
    key = to_simplified(name).strip().lower()
    for row in read_csv("outlets.csv"):
        aliases = [a.lstrip("~") for a in row["aliases"].split("|")] + [row["canonical"]]
        if key in {to_simplified(a).lower() for a in aliases}:
            return row["canonical"]
    return name.strip()


# --- figures ------------------------------------------------------------------------------------


def test_figure_recall_overall_at_least_95_percent(built):
    total, misses = 0, []
    for name in NAMES:
        found = list(_rows(built, "figures", name)["text"])
        missed, _ = _match_figures(EXPECTED[name]["figures"], found)
        total += len(EXPECTED[name]["figures"])
        misses += [f"{name}: {m}" for m in missed]
    recall = 1 - len(misses) / total
    assert recall >= MIN_FIGURE_RECALL, f"recall {recall:.3f}; missed {misses}"


@pytest.mark.parametrize("name", NAMES)
def test_no_false_figures(built, name):
    exp = EXPECTED[name]
    found = list(_rows(built, "figures", name)["text"])
    allowed = exp["figures"] + exp.get("figures_optional", [])
    false = [f for f in found if not any(_overlaps(f, a) for a in allowed)]
    assert false == [], f"{name}: figures no reader would list: {false}"


# --- sources ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_cited_outlets_found_and_none_invented(built, name):
    cites = _rows(built, "citations", name)
    found = set(cites["outlet"])
    expected = set(EXPECTED[name]["outlets"])
    assert expected <= found, f"{name}: missed outlets {expected - found}"
    media = set(cites[cites["type"] == "media"]["outlet"])
    assert media <= expected, f"{name}: invented media outlets {media - expected}"


# --- language -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_article_and_paragraph_language(built, name):
    exp = EXPECTED[name]
    assert _article(built, name)["language"] == exp["language"]
    overrides = exp.get("paragraph_languages", {})
    wrong = []
    for _, para in _rows(built, "paragraphs", name).iterrows():
        if para["role"] != "body":
            continue
        want = next((lang for sub, lang in overrides.items() if sub in para["text"]), exp["language"])
        if para["language"] != want:
            wrong.append((para["text"][:40], para["language"], want))
    assert wrong == [], f"{name}: paragraph language (text, got, want): {wrong}"


# --- cleaning -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_furniture_removed_and_body_kept(built, name):
    exp = EXPECTED[name]
    texts = list(_rows(built, "paragraphs", name)["text"])
    body = "\n".join(texts)
    left = [f for f in exp["furniture"] if any(f.strip() in t or t.strip() == f.strip() for t in texts)]
    assert left == [], f"{name}: furniture left in the body: {left}"
    lost = [k for k in exp["keep"] if k not in body]
    assert lost == [], f"{name}: body sentences lost: {lost}"


@pytest.mark.parametrize("name", NAMES)
def test_removed_lines_are_audited(built, name):
    """Furniture cut from a text file is listed in removed.parquet (HTML chrome is dropped on read)."""
    exp = EXPECTED[name]
    if not exp["file"].endswith(".txt"):
        pytest.skip("non-text inputs lose page chrome when read")
    removed = built["removed"]
    audited = "\n".join(removed[removed["source"] == exp["file"]]["text"])
    missing = [f for f in exp["furniture"] if f.strip() not in audited]
    assert missing == [], f"{name}: cut but not audited: {missing}"


# --- metadata -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_publisher_and_date(built, name):
    exp = EXPECTED[name]
    art = _article(built, name)
    publisher = art["publisher"]
    if exp["publisher"]:
        accepted = {_canonical(p) for p in exp["publisher"]}
        assert isinstance(publisher, str) and _canonical(publisher) in accepted, (name, publisher)
    else:
        assert publisher is None or pd.isna(publisher), f"{name}: invented publisher {publisher}"
    published = art["published"]
    if exp["published"]:
        assert not pd.isna(published) and str(pd.Timestamp(published).date()) == exp["published"], (name, published)
    else:
        assert published is None or pd.isna(published), f"{name}: invented date {published}"
