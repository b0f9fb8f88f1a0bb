"""Figures page queries: the cited figures of a selection, counts by kind, money amounts, and the
recurring-claims tracker."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.queries.cache import cached_query
from dashboard.queries.selection import sql_selection
from dashboard.store import Tables, labels
from dashboard.store.files import UNKNOWN, to_pandas

FIGURE_COLUMNS = [
    "kind",
    "text",
    "value",
    "value_max",
    "unit",
    "value_usd",
    "subject",
    "sentence",
    "article",
    "publisher",
    "published",
    "language",
    "article_id",
    "paragraph",
    "claim_id",
]


def _with_meta(tables: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its article's headline (``labels.marked``), publisher, date and language."""
    meta = tables.articles[["article_id", "publisher", "published", "language"]]
    meta = meta.assign(article=labels.marked_headlines(tables, np.arange(len(meta))))
    out = frame.merge(meta, on="article_id", how="left")
    out["publisher"] = out["publisher"].fillna(UNKNOWN)
    # words, not empty "None" cells, in the table and its CSV
    out["published"] = [
        labels.UNDATED if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in out["published"]
    ]
    return out


@cached_query
def figures_table(
    tables: Tables, arts: pd.DataFrame, kind: str | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Cited figures with their article's title, publisher and date (of one ``kind`` if given).

    Ordered by article and paragraph; ``limit`` keeps the first rows only (a page cannot show
    hundreds of thousands of rows; the counts come from ``figures_by_kind``).
    """
    cond, frames = sql_selection(tables, arts)
    params: list = []
    if kind:
        cond += " AND kind = ?"
        params.append(kind)
    sql = f"SELECT * FROM figures WHERE {cond} ORDER BY article_id, paragraph, text"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    figs = to_pandas(tables.query(sql, params or None, **frames).to_arrow_table())
    return _with_meta(tables, figs)[FIGURE_COLUMNS].reset_index(drop=True)


@cached_query
def figures_by_kind(
    figs: pd.DataFrame | None = None, tables: Tables | None = None, arts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Figure counts per kind: of a figures frame, or (with ``tables`` and ``arts``) of the selection."""
    if figs is None:
        cond, frames = sql_selection(tables, arts)
        return tables.query(
            f"SELECT kind, count(*) AS figures FROM figures WHERE {cond} GROUP BY kind ORDER BY figures DESC, kind",
            **frames,
        ).df()
    out = figs.groupby("kind", as_index=False).size().rename(columns={"size": "figures"})
    # ties by kind name, as the SQL path orders them: equal counts must not swap places between runs
    return out.sort_values(["figures", "kind"], ascending=[False, True], ignore_index=True, kind="stable")


MONEY_COLUMNS = [
    "text",
    "value_usd",
    "unit",
    "subject",
    "publisher",
    "published",
    "article",
    "sentence",
    "article_id",
    "paragraph",
]


@cached_query
def money_figures(
    figs: pd.DataFrame | None = None,
    tables: Tables | None = None,
    arts: pd.DataFrame | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """Money figures with a positive USD value (drawable on a log scale), amounts only: a unit price
    (unit ``CNY/m2``, ``USD/barrel``: a price per a unit of something) is never drawn among amounts.

    From a figures frame, or (with ``tables`` and ``arts``) the ``limit`` largest in the selection.
    """
    if figs is None:
        cond, frames = sql_selection(tables, arts)
        money = to_pandas(
            tables.query(
                f"SELECT * FROM figures WHERE {cond} AND kind = 'money' AND value_usd > 0 AND unit NOT LIKE '%/%' "
                f"ORDER BY value_usd DESC, article_id, paragraph LIMIT {int(limit)}",
                **frames,
            ).to_arrow_table()
        )
        figs = _with_meta(tables, money)
    amounts = ~figs["unit"].fillna("").astype(str).str.contains("/", regex=False)
    money = figs[(figs["kind"] == "money") & (figs["value_usd"].fillna(0) > 0) & amounts]
    money = money.assign(publisher=money["publisher"].fillna(UNKNOWN))
    return money[MONEY_COLUMNS].reset_index(drop=True)


TRACKER_COLUMNS = [  # the recurring-claims tracker of a selection (not the claims table)
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


@cached_query
def recurring_claims(tables: Tables, arts: pd.DataFrame, min_articles: int = 1) -> pd.DataFrame:
    """One row per claim restricted to the selection: value, subject, outlets, articles, first/last date."""
    return _recurring_claims(tables, arts, int(min_articles))


def _recurring_claims(tables: Tables, arts: pd.DataFrame, min_articles: int) -> pd.DataFrame:
    cond, frames = sql_selection(tables, arts)
    out = tables.query(
        f"""
        WITH f AS (SELECT * FROM figures WHERE {cond}),
             g AS (
                SELECT f.claim_id,
                       -- the first figure (article order) gives kind, value, unit: one ordered pass
                       arg_min(struct_pack(kind := f.kind, value := f.value, unit := f.unit),
                               struct_pack(a := f.article_id, p := f.paragraph)) AS head,
                       arg_min(f.subject, struct_pack(a := f.article_id, p := f.paragraph))
                           FILTER (WHERE f.subject IS NOT NULL AND f.subject <> '') AS fig_subject,
                       array_to_string(list_sort(list_distinct(list(f.text))), ' · ') AS texts,
                       count(DISTINCT f.article_id) AS n_articles,
                       count(DISTINCT m.publisher) AS n_outlets,
                       array_to_string(list_sort(list_distinct(list(m.publisher))), ' · ') AS outlets,
                       min(m.published) AS first_published,
                       max(m.published) AS last_published
                FROM f LEFT JOIN art_meta m USING (article_id)
                GROUP BY f.claim_id
                HAVING count(DISTINCT f.article_id) >= ?
             )
        SELECT g.claim_id, g.head.kind AS kind, g.head.value AS value, g.head.unit AS unit,
               coalesce(nullif(c.subject, ''), g.fig_subject) AS subject,
               g.texts, g.n_articles, g.n_outlets, g.outlets, g.first_published, g.last_published
        FROM g LEFT JOIN claims c USING (claim_id)
        ORDER BY g.n_articles DESC, g.n_outlets DESC, g.claim_id
        """,
        [int(min_articles)],
        **frames,
    ).df()
    if out.empty:
        return pd.DataFrame(columns=TRACKER_COLUMNS)
    for col in ("first_published", "last_published"):
        out[col] = pd.to_datetime(out[col], errors="coerce")
    out[["n_articles", "n_outlets"]] = out[["n_articles", "n_outlets"]].astype(int)
    out["outlets"] = out["outlets"].fillna("")
    return out[TRACKER_COLUMNS].reset_index(drop=True)


def paragraph(tables: Tables, article_id: str, number: int) -> pd.Series | None:
    """One paragraph row (text, damaged_spans …) of an article, or None."""
    frame = to_pandas(
        tables.query(
            "SELECT * FROM paragraphs WHERE article_id = ? AND paragraph = ?", [article_id, int(number)]
        ).to_arrow_table()
    )
    return frame.iloc[0] if len(frame) else None


def figure_id(row: pd.Series) -> str:
    """The URL id of one figure row: ``article_id:paragraph:text`` (stable across filters)."""
    return f"{row['article_id']}:{int(row['paragraph'])}:{row['text']}"


def parse_figure_id(value: object) -> tuple[str, int, str] | None:
    """``(article_id, paragraph, text)`` from a figure id (``figure_id``), or None when malformed."""
    if not isinstance(value, str) or value.count(":") < 2:
        return None
    aid, para, text = value.split(":", 2)
    return (aid, int(para), text) if para.isdigit() and aid and text else None
