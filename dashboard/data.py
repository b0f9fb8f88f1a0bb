"""Data access for the dashboard: load the processed tables once, answer small filtered queries.

Every function here is pure (tables in, small frames out) so it can be unit-tested without
Streamlit; caching lives in the page layer. Nothing here re-runs the analysis pipeline.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.pipeline import SCHEMA_VERSION
from dashboard.state import Choices, Filters

REPO_ROOT = Path(__file__).resolve().parents[1]
TABLES: tuple[str, ...] = (
    "articles",
    "paragraphs",
    "removed",
    "rejected",
    "terms",
    "figures",
    "claims",
    "citations",
)
REBUILD = "make data"
UNDATED = "undated"

Tables = dict[str, pd.DataFrame]


def data_dir() -> Path:
    """The processed-data folder: ``$CHIPWAR_DATA`` if set, else ``data/processed``."""
    override = os.environ.get("CHIPWAR_DATA")
    return Path(override) if override else REPO_ROOT / "data" / "processed"


def check_data(folder: Path) -> str | None:
    """None when ``folder`` holds a usable dataset, else a message saying what is wrong and how to fix it."""
    fix = f"Rebuild the tables with `{REBUILD}` (from the repository root), then reload this page."
    if not folder.is_dir():
        return f"No processed data folder at `{folder}`. {fix}"
    missing = [name for name in TABLES if not (folder / f"{name}.parquet").is_file()]
    if missing:
        return f"Missing table(s) in `{folder}`: {', '.join(missing)}. {fix}"
    meta_path = folder / "meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"`{meta_path}` is missing or unreadable. {fix}"
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if version != SCHEMA_VERSION:
        return f"The tables have schema version {version!r}; this dashboard reads version {SCHEMA_VERSION}. {fix}"
    return None


def data_stamp(folder: Path) -> float:
    """A value that changes when the tables are rebuilt (a cache key)."""
    return max((p.stat().st_mtime for p in folder.glob("*.parquet")), default=0.0)


def _as_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return []


def load_tables(folder: Path) -> Tables:
    """Read every table; list columns become Python lists and dates become ``datetime64``."""
    tables: Tables = {}
    for name in TABLES:
        frame = pd.read_parquet(folder / f"{name}.parquet")
        for col in frame.columns:
            if pd.api.types.is_string_dtype(frame[col]) and frame[col].dtype != object:
                # pandas string columns hold NaN for missing; pages test ``value or fallback``
                frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
            elif frame[col].dtype == object and frame[col].map(lambda v: isinstance(v, np.ndarray)).any():
                frame[col] = frame[col].map(_as_list)
        tables[name] = frame
    arts = tables["articles"]
    arts["published"] = pd.to_datetime(arts["published"], errors="coerce")
    for col in ("first_published", "last_published"):
        tables["claims"][col] = pd.to_datetime(tables["claims"][col], errors="coerce")
    return tables


def choices(tables: Tables) -> Choices:
    """The values the filters may take, taken from the data."""
    arts = tables["articles"]
    topics = sorted({t for ts in arts["topics"] for t in _as_list(ts)})
    return Choices(
        outlet=tuple(sorted(arts["publisher"].dropna().unique())),
        cited=tuple(sorted(tables["citations"]["outlet"].dropna().unique())),
        topic=tuple(topics),
    )


def date_bounds(tables: Tables) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Earliest and latest publication date in the corpus."""
    dates = tables["articles"]["published"].dropna()
    return (dates.min(), dates.max()) if len(dates) else (None, None)


@cache
def _simplifier():
    # only to match a traditional keyword against canonical (simplified) terms; not the pipeline
    try:
        import opencc

        return opencc.OpenCC("tw2sp")
    except Exception:  # pragma: no cover - opencc is a declared dependency
        return None


def keyword_variants(q: str) -> set[str]:
    """The keyword as typed, lower-cased, and in simplified script."""
    out = {q, q.lower()}
    conv = _simplifier()
    if conv is not None:
        out.add(conv.convert(q))
    return {v for v in out if v}


def filter_articles(tables: Tables, f: Filters) -> pd.DataFrame:
    """The articles rows that pass every filter."""
    arts = tables["articles"]
    mask = pd.Series(True, index=arts.index)
    if f.lang:
        mask &= arts["language"].isin(f.lang)
    if f.outlet:
        mask &= arts["publisher"].isin(f.outlet)
    if f.topic:
        wanted = set(f.topic)
        mask &= arts["topics"].map(lambda ts: bool(wanted & set(_as_list(ts))))
    if f.cited:
        cit = tables["citations"]
        ids = set(cit.loc[cit["outlet"].isin(f.cited), "article_id"])
        mask &= arts["article_id"].isin(ids)
    dated = arts["published"].notna()
    in_range = dated.copy()
    if f.date_from:
        in_range &= arts["published"] >= pd.Timestamp(f.date_from)
    if f.date_to:
        in_range &= arts["published"] <= pd.Timestamp(f.date_to)
    mask &= in_range | (~dated & f.undated)
    if f.q:
        mask &= arts["article_id"].isin(keyword_article_ids(tables, f.q))
    return arts[mask]


def keyword_article_ids(tables: Tables, q: str) -> set[str]:
    """Articles whose title or text contains the keyword, or whose terms match it (any script)."""
    variants = keyword_variants(q)
    hit: set[str] = set()
    paras = tables["paragraphs"]
    low_text = paras["text"].fillna("").str.lower()
    titles = tables["articles"]["title"].fillna("").str.lower()
    for v in variants:
        lv = v.lower()
        hit |= set(paras.loc[low_text.str.contains(lv, regex=False), "article_id"])
        hit |= set(tables["articles"].loc[titles.str.contains(lv, regex=False), "article_id"])
    terms = tables["terms"]
    term_hit = terms["term"].isin(variants) | terms["forms"].map(
        lambda fs: bool(variants & set(_as_list(fs)))
    )
    hit |= set(terms.loc[term_hit, "article_id"])
    return hit


def _in(frame: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    return frame[frame["article_id"].isin(set(ids))]


# ---------------------------------------------------------------- overview


def headline_counts(tables: Tables, arts: pd.DataFrame) -> dict[str, int]:
    """Articles, publishers, cited outlets, figures and distinct terms in the selection."""
    ids = arts["article_id"]
    return {
        "articles": len(arts),
        "publishers": int(arts["publisher"].nunique()),
        "cited outlets": int(_in(tables["citations"], ids)["outlet"].nunique()),
        "figures": len(_in(tables["figures"], ids)),
        "terms": int(_in(tables["terms"], ids)["term"].nunique()),
    }


def by_publisher_language(arts: pd.DataFrame) -> pd.DataFrame:
    """Article counts per publisher and language."""
    frame = arts.assign(publisher=arts["publisher"].fillna("(unknown)"))
    out = frame.groupby(["publisher", "language"], as_index=False).size().rename(columns={"size": "articles"})
    return out.sort_values(["articles", "publisher"], ascending=[False, True], ignore_index=True)


def timeline(arts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Articles per publication month and language, plus the number of undated articles."""
    dated = arts[arts["published"].notna()]
    undated = int(arts["published"].isna().sum())
    if dated.empty:
        return pd.DataFrame(
            {"month": pd.Series(dtype="datetime64[ns]"), "language": [], "articles": []}
        ), undated
    month = dated["published"].dt.to_period("M").dt.to_timestamp()
    out = (
        dated.assign(month=month)
        .groupby(["month", "language"], as_index=False)
        .size()
        .rename(columns={"size": "articles"})
    )
    return out, undated


def quality(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Cleaning counters summed over the selection (one row per measure)."""
    measures = ["pinyin_stripped", "mojibake_repaired", "damaged_spans", "lines_removed"]
    return pd.DataFrame({"measure": measures, "count": [int(arts[m].sum()) for m in measures]})


def removed_by_rule(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Lines cut by each cleaning rule in the selection."""
    rem = _in(tables["removed"], arts["article_id"])
    out = rem.groupby("rule", as_index=False).size().rename(columns={"size": "lines"})
    return out.sort_values("lines", ascending=False, ignore_index=True)


# ---------------------------------------------------------------- terms


def term_counts(tables: Tables, ids: Iterable[str]) -> pd.Series:
    """Total count of each canonical term in the given articles."""
    terms = _in(tables["terms"], ids)
    return terms.groupby("term")["count"].sum().astype(float)


def top_terms(tables: Tables, arts: pd.DataFrame, n: int = 30) -> pd.DataFrame:
    """Most frequent terms: raw count, per 10,000 terms, articles, and the surface forms merged."""
    terms = _in(tables["terms"], arts["article_id"])
    if terms.empty:
        return pd.DataFrame(columns=["term", "count", "per_10k", "articles", "forms"])
    total = terms["count"].sum()
    grouped = terms.groupby("term").agg(
        count=("count", "sum"),
        articles=("article_id", "nunique"),
        forms=("forms", lambda col: " · ".join(sorted({f for fs in col for f in _as_list(fs)}))),
    )
    grouped["per_10k"] = (grouped["count"] / total * 10_000).round(1)
    out = grouped.reset_index().sort_values(["count", "term"], ascending=[False, True]).head(n)
    return out[["term", "count", "per_10k", "articles", "forms"]].reset_index(drop=True)


def log_odds_dirichlet(
    counts_a: pd.Series, counts_b: pd.Series, prior: pd.Series, prior_scale: float | None = None
) -> pd.DataFrame:
    """Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    ``prior`` holds background counts per term (usually the whole corpus); it is rescaled so its
    total is ``prior_scale`` (default: its own total). Positive ``z`` favours group A.
    """
    vocab = prior.index.union(counts_a.index).union(counts_b.index)
    ya = counts_a.reindex(vocab, fill_value=0.0).astype(float)
    yb = counts_b.reindex(vocab, fill_value=0.0).astype(float)
    bg = prior.reindex(vocab, fill_value=0.0).astype(float) + 0.01  # no zero pseudo-counts
    a0 = float(prior_scale) if prior_scale else float(bg.sum())
    alpha = bg / bg.sum() * a0
    na, nb = ya.sum(), yb.sum()
    delta = np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log((yb + alpha) / (nb + a0 - yb - alpha))
    var = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
    out = pd.DataFrame(
        {
            "term": vocab,
            "count_a": ya.values,
            "count_b": yb.values,
            "delta": delta.values,
            "z": (delta / np.sqrt(var)).values,
        }
    )
    return out.sort_values("z", ascending=False, ignore_index=True)


def group_ids(arts: pd.DataFrame, dimension: str, value: str) -> set[str]:
    """Articles of ``arts`` whose ``dimension`` (language, publisher or topic) equals ``value``."""
    if dimension == "topic":
        return set(arts.loc[arts["topics"].map(lambda ts: value in _as_list(ts)), "article_id"])
    return set(arts.loc[arts[dimension] == value, "article_id"])


GROUP_DIMENSIONS = {"language": "language", "publisher": "publisher", "topic": "topics"}
REST = "(all the rest)"


def group_values(arts: pd.DataFrame, dimension: str) -> list[str]:
    """The values a comparison group may take in the selection."""
    if dimension == "topic":
        return sorted({t for ts in arts["topics"] for t in _as_list(ts)})
    return sorted(arts[dimension].dropna().unique())


def distinctive_terms(
    tables: Tables, arts: pd.DataFrame, dimension: str, group_a: str, group_b: str, n: int = 15
) -> pd.DataFrame:
    """Terms most distinctive of A vs B (B may be ``REST``); the top ``n`` each way, with a ``favours`` column."""
    ids_a = group_ids(arts, dimension, group_a)
    ids_b = (
        set(arts["article_id"]) - ids_a if group_b == REST else group_ids(arts, dimension, group_b) - ids_a
    )
    if not ids_a or not ids_b:
        return pd.DataFrame(columns=["term", "count_a", "count_b", "delta", "z", "favours"])
    scored = log_odds_dirichlet(
        term_counts(tables, ids_a), term_counts(tables, ids_b), term_counts(tables, arts["article_id"])
    )
    scored = scored[(scored["count_a"] + scored["count_b"]) > 0]
    top = scored.head(n)
    bottom = scored.tail(n)
    out = pd.concat([top[top["z"] > 0], bottom[bottom["z"] < 0]]).drop_duplicates("term")
    out["favours"] = np.where(out["z"] > 0, group_a, group_b)
    return out.reset_index(drop=True)


def term_over_time(tables: Tables, arts: pd.DataFrame, term: str) -> pd.DataFrame:
    """Monthly occurrences of ``term`` in dated articles."""
    terms = _in(tables["terms"], arts["article_id"])
    hits = terms[terms["term"] == term].merge(arts[["article_id", "published"]], on="article_id")
    hits = hits[hits["published"].notna()]
    if hits.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "count": pd.Series(dtype=int)})
    hits = hits.assign(month=hits["published"].dt.to_period("M").dt.to_timestamp())
    return hits.groupby("month", as_index=False)["count"].sum()


def term_by_publisher(tables: Tables, arts: pd.DataFrame, term: str) -> pd.DataFrame:
    """Occurrences of ``term`` per publisher."""
    terms = _in(tables["terms"], arts["article_id"])
    hits = terms[terms["term"] == term].merge(arts[["article_id", "publisher"]], on="article_id")
    hits = hits.assign(publisher=hits["publisher"].fillna("(unknown)"))
    out = hits.groupby("publisher", as_index=False)["count"].sum()
    return out.sort_values("count", ascending=False, ignore_index=True)


def kwic(tables: Tables, arts: pd.DataFrame, term: str, width: int = 24, limit: int = 200) -> pd.DataFrame:
    """Keyword-in-context lines for ``term``: the first occurrence of a merged surface form per paragraph."""
    terms = _in(tables["terms"], arts["article_id"])
    hits = terms[terms["term"] == term]
    paras = tables["paragraphs"].set_index(["article_id", "paragraph"])["text"]
    meta = arts.set_index("article_id")
    rows = []
    for hit in hits.itertuples(index=False):
        text = paras.get((hit.article_id, hit.paragraph))
        if not isinstance(text, str):
            continue
        forms = sorted({*_as_list(hit.forms), term}, key=len, reverse=True)
        low = text.lower()
        pos, form = -1, ""
        for cand in forms:
            pos = low.find(cand.lower())
            if pos >= 0:
                form = text[pos : pos + len(cand)]
                break
        if pos < 0:
            continue
        rows.append(
            {
                "left": text[max(0, pos - width) : pos],
                "match": form,
                "right": text[pos + len(form) : pos + len(form) + width],
                "title": meta.at[hit.article_id, "title"] or meta.at[hit.article_id, "source"],
                "publisher": meta.at[hit.article_id, "publisher"],
                "published": meta.at[hit.article_id, "published"],
                "url": meta.at[hit.article_id, "url"],
                "article_id": hit.article_id,
                "paragraph": int(hit.paragraph),
            }
        )
        if len(rows) >= limit:
            break
    return pd.DataFrame(
        rows,
        columns=[
            "left",
            "match",
            "right",
            "title",
            "publisher",
            "published",
            "url",
            "article_id",
            "paragraph",
        ],
    )


# ---------------------------------------------------------------- figures


def figures_table(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Every cited figure with its article's title, publisher and date."""
    figs = _in(tables["figures"], arts["article_id"])
    meta = arts[["article_id", "title", "publisher", "published", "language"]]
    out = figs.merge(meta, on="article_id", how="left")
    cols = [
        "kind",
        "text",
        "value",
        "value_max",
        "unit",
        "value_usd",
        "subject",
        "sentence",
        "title",
        "publisher",
        "published",
        "language",
        "article_id",
        "paragraph",
        "claim_id",
    ]
    return out[cols].reset_index(drop=True)


def figures_by_kind(figs: pd.DataFrame) -> pd.DataFrame:
    """Figure counts per kind."""
    out = figs.groupby("kind", as_index=False).size().rename(columns={"size": "figures"})
    return out.sort_values("figures", ascending=False, ignore_index=True)


def money_figures(figs: pd.DataFrame) -> pd.DataFrame:
    """Money figures with a positive USD value (drawable on a log scale)."""
    money = figs[(figs["kind"] == "money") & (figs["value_usd"].fillna(0) > 0)]
    money = money.assign(publisher=money["publisher"].fillna("(unknown)"))
    return money[
        [
            "text",
            "value_usd",
            "unit",
            "subject",
            "publisher",
            "published",
            "title",
            "sentence",
            "article_id",
            "paragraph",
        ]
    ].reset_index(drop=True)


def _first_text(values: Iterable[object]) -> str | None:
    return next((v for v in values if isinstance(v, str) and v), None)


def recurring_claims(tables: Tables, arts: pd.DataFrame, min_articles: int = 1) -> pd.DataFrame:
    """One row per claim restricted to the selection: value, subject, outlets, articles, first/last date."""
    figs = _in(tables["figures"], arts["article_id"]).merge(
        arts[["article_id", "publisher", "published", "title"]], on="article_id", how="left"
    )
    if figs.empty:
        return pd.DataFrame(
            columns=[
                "claim_id",
                "kind",
                "value",
                "unit",
                "subject",
                "texts",
                "n_articles",
                "n_outlets",
                "outlets",
                "first_published",
                "last_published",
            ]
        )
    claims = tables["claims"].set_index("claim_id")
    rows = []
    for cid, grp in figs.groupby("claim_id"):
        dates = grp["published"].dropna()
        base = claims.loc[cid] if cid in claims.index else None
        rows.append(
            {
                "claim_id": cid,
                "kind": grp["kind"].iloc[0],
                "value": float(grp["value"].iloc[0]),
                "unit": grp["unit"].iloc[0],
                "subject": _first_text([base["subject"] if base is not None else None, *grp["subject"]]),
                "texts": " · ".join(sorted(set(grp["text"]))),
                "n_articles": int(grp["article_id"].nunique()),
                "n_outlets": int(grp["publisher"].nunique()),
                "outlets": " · ".join(sorted(set(grp["publisher"].dropna()))),
                "first_published": dates.min() if len(dates) else pd.NaT,
                "last_published": dates.max() if len(dates) else pd.NaT,
            }
        )
    out = pd.DataFrame(rows)
    out = out[out["n_articles"] >= min_articles]
    return out.sort_values(["n_articles", "n_outlets"], ascending=False, ignore_index=True)


# ---------------------------------------------------------------- sources


def publishers(arts: pd.DataFrame) -> pd.DataFrame:
    """Publishers with article counts and how the publisher was determined."""
    frame = arts.assign(
        publisher=arts["publisher"].fillna("(unknown)"), basis=arts["publisher_basis"].fillna("—")
    )
    out = frame.groupby(["publisher", "basis"], as_index=False).size().rename(columns={"size": "articles"})
    return out.sort_values("articles", ascending=False, ignore_index=True)


def cited_outlets(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Cited outlets with type, citations and number of citing articles."""
    cit = _in(tables["citations"], arts["article_id"])
    if cit.empty:
        return pd.DataFrame(columns=["outlet", "type", "citations", "articles"])
    out = cit.groupby("outlet").agg(
        type=("type", lambda s: s.mode().iloc[0]),
        citations=("outlet", "size"),
        articles=("article_id", "nunique"),
    )
    return out.reset_index().sort_values(["citations", "outlet"], ascending=[False, True], ignore_index=True)


def publisher_cited_matrix(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Citations per (publisher, cited outlet)."""
    cit = _in(tables["citations"], arts["article_id"]).merge(
        arts[["article_id", "publisher"]], on="article_id"
    )
    cit = cit.assign(publisher=cit["publisher"].fillna("(unknown)"))
    return cit.groupby(["publisher", "outlet"], as_index=False).size().rename(columns={"size": "citations"})


def unknown_sources(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Sources found by pattern but not yet in the lexicon, for review."""
    cit = _in(tables["citations"], arts["article_id"])
    cit = cit[~cit["known"].astype(bool)]
    if cit.empty:
        return pd.DataFrame(columns=["surface", "outlet", "citations", "articles", "example"])
    out = cit.groupby(["surface", "outlet"]).agg(
        citations=("surface", "size"), articles=("article_id", "nunique"), example=("sentence", "first")
    )
    return out.reset_index().sort_values("citations", ascending=False, ignore_index=True)


# ---------------------------------------------------------------- articles


def article_list(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Articles with metadata and per-article counts of figures, citations and terms."""

    def per(name: str, col: str) -> pd.Series:
        return _in(tables[name], arts["article_id"]).groupby("article_id")[col].sum()

    figs = _in(tables["figures"], arts["article_id"]).groupby("article_id").size()
    cits = _in(tables["citations"], arts["article_id"]).groupby("article_id").size()
    out = arts[
        [
            "article_id",
            "title",
            "publisher",
            "published",
            "language",
            "n_paragraphs",
            "n_chars",
            "damaged_spans",
            "lines_removed",
            "url",
            "source",
        ]
    ].copy()
    out["figures"] = out["article_id"].map(figs).fillna(0).astype(int)
    out["citations"] = out["article_id"].map(cits).fillna(0).astype(int)
    out["terms"] = out["article_id"].map(per("terms", "count")).fillna(0).astype(int)
    out["topics"] = arts["topics"].map(lambda ts: ", ".join(_as_list(ts)))
    return out.sort_values(
        ["published", "title"], ascending=[False, True], na_position="last", ignore_index=True
    )


@dataclass
class Reader:
    """Everything the article reader shows for one article."""

    article: pd.Series
    paragraphs: pd.DataFrame
    figures: pd.DataFrame
    citations: pd.DataFrame
    removed: pd.DataFrame


def reader(tables: Tables, article_id: str) -> Reader | None:
    """The cleaned paragraphs, figures, citations and removed lines of one article (None if unknown)."""
    arts = tables["articles"]
    row = arts[arts["article_id"] == article_id]
    if row.empty:
        return None
    paras = tables["paragraphs"]
    return Reader(
        article=row.iloc[0],
        paragraphs=paras[paras["article_id"] == article_id].sort_values("paragraph"),
        figures=_in(tables["figures"], [article_id]),
        citations=_in(tables["citations"], [article_id]),
        removed=_in(tables["removed"], [article_id])[["line", "rule", "text"]].sort_values("line"),
    )


def mark_spans(
    text: str, figures: Iterable[str], citations: Iterable[str], damaged: Iterable[Iterable[int]]
) -> list[tuple[str, str | None]]:
    """Split ``text`` into (segment, mark) pieces; mark is ``figure``, ``citation``, ``damaged`` or None.

    Damaged spans win over everything; then the longest figure/citation surfaces, first come first served.
    """
    marks: list[str | None] = [None] * len(text)
    for span in damaged:
        pair = list(span)
        if len(pair) == 2:
            for i in range(max(0, int(pair[0])), min(len(text), int(pair[1]))):
                marks[i] = "damaged"
    needles = [(s, "figure") for s in set(figures) if s] + [(s, "citation") for s in set(citations) if s]
    for needle, kind in sorted(needles, key=lambda p: len(p[0]), reverse=True):
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if all(m is None for m in marks[start:end]):
                marks[start:end] = [kind] * len(needle)
            start = text.find(needle, end)
    pieces: list[tuple[str, str | None]] = []
    for ch, mark in zip(text, marks, strict=True):
        if pieces and pieces[-1][1] == mark:
            pieces[-1] = (pieces[-1][0] + ch, mark)
        else:
            pieces.append((ch, mark))
    return pieces


def text_or(value: object, default: str = "") -> str:
    """``value`` as text, or ``default`` when it is missing (None, NaN, NaT, empty)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return default
    text = str(value)
    return text if text and text not in ("nan", "NaT", "<NA>") else default
