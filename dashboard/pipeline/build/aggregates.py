"""Pre-aggregated tables the dashboard's charts read instead of scanning raw token rows.

Every aggregate is computed from one chunk of articles at a time (the build calls
``chunk_aggregates`` in each worker and writes each result as ``<agg>.parquet/part-N.parquet``).
All but ``term_forms`` are keyed by ``article_id`` and never mix articles, so concatenating the
chunk outputs equals aggregating the whole corpus at once; ``term_forms`` rows are summed again by
(term, form) when read, which is equally decomposable. Plain library: no Streamlit here.

This is the one implementation the build uses. ``aggregates_sql`` states the same aggregates in
SQL: the reference the tests hold this one to, and what the dashboard still runs to derive the
aggregates of a folder written without them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..schema import AGG_SCHEMAS, SCHEMAS

_str = pa.string()
_int = pa.int64()

# the row tables each aggregate reads
SOURCES: tuple[str, ...] = ("terms", "figures", "citations")


def _empty(name: str) -> pa.Table:
    return SCHEMAS[name].empty_table()


def _sorted(table: pa.Table, keys: list[str], nulls_first: tuple[str, ...] = ()) -> pa.Table:
    """``table`` ordered like DuckDB's ``ORDER BY keys``: binary string order, nulls last except in
    the ``nulls_first`` keys."""
    sort_keys, columns = [], {}
    for k in keys:
        if k in nulls_first:  # a False "present" flag sorts the nulls first
            columns[f"{k}\0present"] = pc.is_valid(table.column(k))
            sort_keys.append((f"{k}\0present", "ascending"))
        columns[k] = table.column(k)
        sort_keys.append((k, "ascending"))
    order = pc.sort_indices(pa.table(columns), sort_keys=sort_keys)  # nulls last: the default
    return table.take(order)


def _ones(n: int) -> pa.Array:
    return pa.array(np.ones(n, dtype=np.int64))


def _term_counts(terms: pa.Table) -> pa.Table:
    got = terms.select(["article_id", "term", "count"]).group_by(["article_id", "term"], use_threads=False)
    return got.aggregate([("count", "sum")]).rename_columns(["article_id", "term", "count"])


def _term_forms(terms: pa.Table) -> pa.Table:
    forms = terms.column("forms").combine_chunks()
    # unnest(forms): one row per form, carrying its row's term and count
    parents = pc.list_parent_indices(forms)
    flat = pa.table(
        {
            "term": terms.column("term").take(parents),
            "form": pc.list_flatten(forms),
            "count": terms.column("count").take(parents),
        }
    )
    return (
        flat.group_by(["term", "form"], use_threads=False)
        .aggregate([("count", "sum")])
        .rename_columns(["term", "form", "count"])
    )


def _outlet_counts(citations: pa.Table) -> pa.Table:
    cited = citations.filter(pc.is_valid(citations.column("outlet")))
    unknown = pc.cast(pc.invert(pc.fill_null(cited.column("known"), False)), _int)
    table = pa.table(
        {
            "article_id": cited.column("article_id"),
            "outlet": cited.column("outlet"),
            "type": cited.column("type"),
            "one": _ones(cited.num_rows),
            "unknown": unknown,
        }
    )
    got = table.group_by(["article_id", "outlet", "type"], use_threads=False)
    got = got.aggregate([("one", "sum"), ("unknown", "sum")])
    return got.rename_columns(["article_id", "outlet", "type", "citations", "unknown"])


def _per_article(table: pa.Table, column: str | None) -> pa.Table:
    """(article_id, n): sum of ``column`` per article, or its row count when ``column`` is None."""
    values = _ones(table.num_rows) if column is None else table.column(column)
    got = pa.table({"article_id": table.column("article_id"), "n": values})
    return (
        got.group_by(["article_id"], use_threads=False)
        .aggregate([("n", "sum")])
        .rename_columns(["article_id", "n"])
    )


def _article_counts(terms: pa.Table, figures: pa.Table, citations: pa.Table) -> pa.Table:
    parts = [_per_article(terms, "count"), _per_article(figures, None), _per_article(citations, None)]
    ids = pc.unique(pa.chunked_array([p.column("article_id") for p in parts], _str)).drop_null()
    out = {"article_id": ids}
    for name, part in zip(("terms", "figures", "citations"), parts, strict=True):
        # coalesce(n, 0) over a left join: the article's position in the part, or no value
        at = pc.index_in(ids, value_set=part.column("article_id"))
        out[name] = pc.fill_null(part.column("n").take(at), 0) if len(at) else pa.array([], _int)
    return pa.table(out)


def chunk_aggregates(rows: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Every aggregate table for one chunk of articles (row tables keyed like ``tables.SCHEMAS``).

    Missing row tables count as empty. Rows are sorted, so the output is deterministic. Computed
    with Arrow group-bys, the same results as ``aggregates_sql.AGG_SQL`` (tests compare them): in a
    build worker, a DuckDB database per chunk cost more than the aggregation itself.
    """
    src = {}
    for name in SOURCES:
        table = rows.get(name)
        src[name] = _empty(name) if table is None else table.select(SCHEMAS[name].names).cast(SCHEMAS[name])
    built = {
        "term_counts": (_term_counts(src["terms"]), ["article_id", "term"], ()),
        "term_forms": (_term_forms(src["terms"]), ["term", "form"], ()),
        "outlet_counts": (_outlet_counts(src["citations"]), ["article_id", "outlet", "type"], ("type",)),
        "article_counts": (
            _article_counts(src["terms"], src["figures"], src["citations"]),
            ["article_id"],
            (),
        ),
    }
    out: dict[str, pa.Table] = {}
    for name, (table, keys, nulls_first) in built.items():
        schema = AGG_SCHEMAS[name]
        out[name] = _sorted(table, keys, nulls_first).select(schema.names).cast(schema).combine_chunks()
    return out


def _read(path: Path, name: str) -> pa.Table:
    """A row table written as one file or as a directory of parts."""
    if path.is_dir():
        parts = sorted(path.glob("*.parquet"))
        return pa.concat_tables([pq.read_table(p) for p in parts]) if parts else _empty(name)
    return pq.read_table(path)


def write_aggregates(folder: Path) -> dict[str, Path]:
    """Aggregate an existing output folder as one chunk and write ``<agg>.parquet/part-00000.parquet``.

    For tests and development data until the build writes the aggregates itself.
    """
    folder = Path(folder)
    rows = {name: _read(folder / f"{name}.parquet", name) for name in SOURCES}
    written: dict[str, Path] = {}
    for name, table in chunk_aggregates(rows).items():
        target = folder / f"{name}.parquet"
        if target.is_file():
            target.unlink()
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.parquet"):
            old.unlink()
        part = target / "part-00000.parquet"
        pq.write_table(table, part, compression="zstd", write_statistics=True)
        written[name] = part
    return written
