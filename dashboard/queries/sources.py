"""Sources page queries: publishers, the outlets a selection cites, who cites whom, unknown sources."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.cache import cached_query
from dashboard.queries.selection import sql_selection
from dashboard.store import Tables, labels
from dashboard.store.files import UNKNOWN
from dashboard.store.totals import selected


def publishers(arts: pd.DataFrame) -> pd.DataFrame:
    """Publishers with article counts and how the publisher was determined."""
    frame = arts.assign(
        publisher=arts["publisher"].fillna(UNKNOWN), basis=arts["publisher_basis"].fillna("—")
    )
    out = frame.groupby(["publisher", "basis"], as_index=False).size().rename(columns={"size": "articles"})
    return out.sort_values("articles", ascending=False, ignore_index=True)


def _outlets_in(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    out = tables.outlets
    return out[selected(tables, arts.index.to_numpy())[out["pos"].to_numpy()]]


@cached_query
def cited_outlets(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Cited outlets with type, citations and number of citing articles."""
    cit = _outlets_in(tables, arts)
    if cit.empty:
        return pd.DataFrame(columns=["outlet", "type", "citations", "articles"])
    by_type = cit.groupby(["outlet", "type"], as_index=False, dropna=False)["citations"].sum()
    # the most frequent type (ties: alphabetical), as a per-citation mode would pick
    by_type = by_type.sort_values(["outlet", "citations", "type"], ascending=[True, False, True])
    kind = by_type.drop_duplicates("outlet").set_index("outlet")["type"]
    out = cit.groupby("outlet").agg(citations=("citations", "sum"), articles=("article_id", "nunique"))
    out.insert(0, "type", kind.reindex(out.index))
    return out.reset_index().sort_values(["citations", "outlet"], ascending=[False, True], ignore_index=True)


@cached_query
def publisher_cited_matrix(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Citations per (publisher, cited outlet)."""
    cit = _outlets_in(tables, arts)
    pubs = pd.Series(tables.articles["publisher"].to_numpy()[cit["pos"].to_numpy()], dtype=object)
    frame = pd.DataFrame(
        {
            "publisher": pubs.fillna(UNKNOWN).to_numpy(),
            "outlet": cit["outlet"].to_numpy(),
            "citations": cit["citations"].to_numpy(),
        }
    )
    return frame.groupby(["publisher", "outlet"], as_index=False)["citations"].sum()


SENTENCE_COLUMNS = ["sentence", "article", "url", "article_id", "paragraph"]


def outlet_sentences(tables: Tables, arts: pd.DataFrame, outlet: str, limit: int = 50) -> pd.DataFrame:
    """Sentences of the selection that cite ``outlet`` (first ``limit``, in article order), each with
    its article's display label, web address and id (for a link to the reader)."""
    cond, frames = sql_selection(tables, arts)
    rows = tables.query(
        f"""SELECT sentence, article_id, paragraph FROM citations WHERE outlet = ? AND {cond}
            ORDER BY article_id, paragraph LIMIT {int(limit)}""",
        [outlet],
        **frames,
    ).df()
    if rows.empty:
        return pd.DataFrame(columns=SENTENCE_COLUMNS)
    pos = tables.positions.get_indexer(rows["article_id"])
    rows["article"] = labels.labels(tables, pos).to_numpy()
    rows["url"] = [labels.text_or(u) for u in tables.articles["url"].to_numpy(dtype=object)[pos]]
    rows["sentence"] = [labels.text_or(t) for t in rows["sentence"]]
    return rows[SENTENCE_COLUMNS]


@cached_query
def unknown_sources(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Sources found by pattern but not yet in the lexicon, for review."""
    cols = ["surface", "outlet", "citations", "articles", "example"]
    if not _outlets_in(tables, arts)["unknown"].sum():
        return pd.DataFrame(columns=cols)
    cond, frames = sql_selection(tables, arts)
    return tables.query(
        f"""SELECT surface, outlet, count(*) AS citations, count(DISTINCT article_id) AS articles,
                   first(sentence ORDER BY article_id, paragraph) AS example
            FROM citations WHERE NOT coalesce(known, false) AND {cond}
            GROUP BY surface, outlet ORDER BY citations DESC, surface, outlet""",
        **frames,
    ).df()


@cached_query(disk=False, known_only=True)
def publisher_counts(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """``publishers`` of a selection, cached per selection."""
    return publishers(arts)
