"""Overview page queries: headline counts, articles per publisher and month, cleaning counters."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.cache import cached_query
from dashboard.queries.selection import copies_mask
from dashboard.queries.terms import term_totals
from dashboard.store import Tables
from dashboard.store.files import UNKNOWN
from dashboard.store.totals import selected


def headline_counts(tables: Tables, arts: pd.DataFrame) -> dict[str, int]:
    """Articles, publishers, cited outlets, figures, distinct terms and reposts or near-duplicates
    (``copies_mask``) in the selection."""
    pos = arts.index.to_numpy()
    out = tables.outlets
    occurrences, _ = term_totals(tables, arts)
    return {
        "articles": len(arts),
        "publishers": int(arts["publisher"].nunique()),
        "cited outlets": int(out.loc[selected(tables, pos)[out["pos"].to_numpy()], "outlet"].nunique()),
        "figures": int(tables.article_counts["figures"].to_numpy()[pos].sum()),
        "terms": int((occurrences > 0).sum()),
        "reposts / near-duplicates": int(copies_mask(arts).sum()),
    }


def by_publisher_language(arts: pd.DataFrame) -> pd.DataFrame:
    """Article counts per publisher and language."""
    frame = arts.assign(publisher=arts["publisher"].fillna(UNKNOWN))
    out = frame.groupby(["publisher", "language"], as_index=False).size().rename(columns={"size": "articles"})
    return out.sort_values(["articles", "publisher"], ascending=[False, True], ignore_index=True)


def timeline(arts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Articles per publication month and language, plus the number of undated articles.

    Undated articles stay in the frame as rows without a month (one per language), so a chart can
    draw them apart and its rows add up to the selection.
    """
    undated = int(arts["published"].isna().sum())
    if arts.empty:
        return pd.DataFrame(
            {"month": pd.Series(dtype="datetime64[ns]"), "language": [], "articles": []}
        ), undated
    # the month is precomputed on the loaded articles (``Tables``); other frames derive it
    month = arts["month"] if "month" in arts else arts["published"].dt.to_period("M").dt.to_timestamp()
    out = (
        arts.assign(month=month)
        .groupby(["month", "language"], as_index=False, dropna=False)
        .size()
        .rename(columns={"size": "articles"})
    )
    return out, undated


def quality(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Cleaning counters summed over the selection (one row per measure)."""
    measures = ["pinyin_stripped", "mojibake_repaired", "damaged_spans", "lines_removed"]
    return pd.DataFrame({"measure": measures, "count": [int(arts[m].sum()) for m in measures]})


@cached_query
def removed_by_rule(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Lines cut by each cleaning rule in the selection."""
    counts = tables.jobs.result("removed")
    rows = counts[selected(tables, arts.index.to_numpy())[counts["pos"].to_numpy()]]
    out = rows.groupby("rule", as_index=False)["lines"].sum()
    out["lines"] = out["lines"].astype(int)
    return out.sort_values(["lines", "rule"], ascending=[False, True], ignore_index=True)


@cached_query(disk=False, known_only=True)
def publisher_language_counts(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """``by_publisher_language`` of a selection, cached per selection."""
    return by_publisher_language(arts)


@cached_query(disk=False, known_only=True)
def monthly_timeline(tables: Tables, arts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``timeline`` of a selection, cached per selection."""
    return timeline(arts)
