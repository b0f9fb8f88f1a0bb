"""Pre-aggregations: per-chunk results add up to the whole, and the data layer reads any layout."""

from __future__ import annotations

import datetime as dt
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from conftest import A1, A2, A3, A4

from dashboard import queries, store
from dashboard.pipeline.build.aggregates import chunk_aggregates, write_aggregates
from dashboard.pipeline.schema import AGG_SCHEMAS, SCHEMAS
from dashboard.queries import articles, keyword, overview, selection, terms
from dashboard.state import Filters
from dashboard.store import files

ROW_TABLES = ("paragraphs", "terms", "figures", "citations")


def _rows(folder) -> dict[str, pa.Table]:
    return {name: pq.read_table(folder / f"{name}.parquet") for name in ROW_TABLES}


@pytest.fixture
def data_dir(flat_data_dir):
    """These tests read and rewrite the tables as single files (the layout before aggregation)."""
    return flat_data_dir


def _only(rows: dict[str, pa.Table], ids: set[str]) -> dict[str, pa.Table]:
    keep = pa.array(sorted(ids))
    return {name: t.filter(pc.is_in(t["article_id"], value_set=keep)) for name, t in rows.items()}


def _sorted(table: pa.Table, keys: list[str]) -> list[dict]:
    return table.sort_by([(k, "ascending") for k in keys]).to_pylist()


def test_chunks_add_up_to_the_whole(data_dir):
    rows = _rows(data_dir)
    whole = chunk_aggregates(rows)
    parts = [chunk_aggregates(_only(rows, ids)) for ids in ({A1, A3}, {A2, A4})]
    for name, schema in AGG_SCHEMAS.items():
        assert whole[name].schema == schema
        joined = pa.concat_tables([p[name] for p in parts])
        if name == "term_forms":  # not keyed by article: summed again by (term, form) when read
            joined = joined.group_by(["term", "form"]).aggregate([("count", "sum")])
            joined = joined.rename_columns(["term", "form", "count"])
        keys = [c for c in schema.names if c not in ("count", "citations", "unknown", "terms", "figures")]
        assert _sorted(joined.select(schema.names), keys) == _sorted(whole[name], keys), name


def test_aggregates_are_deterministic_and_sorted(data_dir):
    rows = _rows(data_dir)
    shuffled = {name: t.take(pa.array(list(range(t.num_rows))[::-1])) for name, t in rows.items()}
    a, b = chunk_aggregates(rows), chunk_aggregates(shuffled)
    for name in AGG_SCHEMAS:
        assert a[name].equals(b[name]), name
    ids = a["term_counts"]["article_id"].to_pylist()
    assert ids == sorted(ids)


def test_aggregate_values(data_dir):
    agg = chunk_aggregates(_rows(data_dir))
    tc = {(r["article_id"], r["term"]): r["count"] for r in agg["term_counts"].to_pylist()}
    assert tc[(A1, "英伟达")] == 2  # two paragraphs of A1 name it
    forms = {(r["term"], r["form"]) for r in agg["term_forms"].to_pylist()}
    assert ("英伟达", "輝達") in forms and ("英伟达", "英伟达") in forms
    counts = {r["article_id"]: r for r in agg["article_counts"].to_pylist()}
    assert counts[A2]["figures"] == 1 and counts[A2]["citations"] == 2 and counts[A2]["terms"] == 4
    outlets = {(r["article_id"], r["outlet"]): r for r in agg["outlet_counts"].to_pylist()}
    assert outlets[(A2, "台積電")]["unknown"] == 1 and outlets[(A4, "彭博社")]["unknown"] == 0


def test_missing_tables_count_as_empty():
    out = chunk_aggregates({})
    assert all(out[name].num_rows == 0 and out[name].schema == s for name, s in AGG_SCHEMAS.items())


def _split_into_parts(folder, name: str) -> None:
    """Rewrite ``name.parquet`` as a part directory: one part per article, in reverse id order."""
    path = folder / f"{name}.parquet"
    table = pq.read_table(path)
    path.unlink()
    path.mkdir()
    if "article_id" not in table.column_names:
        pq.write_table(table, path / "part-00000.parquet")
        return
    ids = sorted(set(table["article_id"].to_pylist()) - {None}, reverse=True)
    for i, aid in enumerate(ids):
        part = table.filter(pc.equal(table["article_id"], aid))
        pq.write_table(part.cast(SCHEMAS.get(name, part.schema)), path / f"part-{i:05d}.parquet")


def test_table_glob_names_a_file_or_the_parts(data_dir):
    assert store.table_glob(data_dir, "terms") == str(data_dir / "terms.parquet")
    _split_into_parts(data_dir, "terms")
    assert store.table_glob(data_dir, "terms") == str(data_dir / "terms.parquet" / "*.parquet")


def test_part_directories_give_the_same_answers(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    single = queries.open_dataset(data_dir)
    parted_dir = tmp_path / "parted"
    shutil.copytree(data_dir, parted_dir)
    write_aggregates(parted_dir)
    for name in (*files.TABLES, *files.AGGREGATES):
        if (parted_dir / f"{name}.parquet").is_file():
            _split_into_parts(parted_dir, name)
    assert store.check_data(parted_dir) is None
    parted = queries.open_dataset(parted_dir)
    for f in (
        Filters(),
        Filters(lang=("zh-Hant",)),
        Filters(cited=("彭博社",)),
        Filters(q="輝達"),
        Filters(date_from=dt.date(2024, 4, 1), undated=False),
    ):
        a, b = selection.filter_articles(single, f), selection.filter_articles(parted, f)
        assert list(a["article_id"]) == list(b["article_id"])
        assert overview.headline_counts(single, a) == overview.headline_counts(parted, b)
        assert terms.top_terms(single, a).equals(terms.top_terms(parted, b))
    arts = parted.articles
    assert list(terms.kwic(single, single.articles, "英伟达")["article_id"]) == list(
        terms.kwic(parted, arts, "英伟达")["article_id"]
    )
    assert articles.reader(parted, A2).paragraphs["paragraph"].tolist() == [0, 1]


@pytest.mark.parametrize("q", ["100%", "a_b", "it's", "'; DROP TABLE terms; --"])
def test_keyword_is_bound_not_formatted_into_sql(data_dir, q):
    tables = queries.open_dataset(data_dir)
    assert keyword.keyword_article_ids(tables, q) == set()
    assert len(selection.filter_articles(tables, Filters())) == 4  # still answers afterwards


def test_term_index_cache_gives_the_same_index(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    write_aggregates(data_dir)
    built = queries.open_dataset(data_dir)
    assert list((tmp_path / "cache").iterdir())  # written on first open
    cached = queries.open_dataset(data_dir)
    for name in ("aid", "tid", "count", "vocab"):
        assert list(getattr(built.index, name)) == list(getattr(cached.index, name))
    arts = cached.articles
    assert terms.top_terms(built, arts).equals(terms.top_terms(cached, arts))
    assert overview.headline_counts(built, arts) == overview.headline_counts(cached, arts)


def test_group_totals_answer_like_the_index(data_dir):
    tables = queries.open_dataset(data_dir)
    tables.jobs.wait("warm")
    tables.jobs.result("group-totals")
    filters = [
        Filters(lang=("zh-Hant",)),
        Filters(outlet=("新浪", "Reuters")),
        Filters(undated=False),
        Filters(date_from=dt.date(2024, 4, 1)),
        Filters(topic=("ai",)),
    ]
    with tables.jobs.without("group-totals"):  # the general path, for comparison
        general = [terms.term_totals(tables, selection.filter_articles(tables, f)) for f in filters]
    tables.memo.items.clear()
    for f, (occ, arts) in zip(filters, general, strict=True):
        pos = selection.filter_articles(tables, f).index.to_numpy()
        grouped = terms.from_groups(tables, pos)
        # any selection that happens to be whole groups may be answered so (here every article has
        # its own date); language, publisher and date filters always are
        assert grouped is not None or f.topic, f
        if grouped is not None:
            assert list(grouped[0]) == list(occ) and list(grouped[1]) == list(arts), f


def _edge_rows() -> dict[str, pa.Table]:
    """Nulls in keys and values, empty and null form lists, citations with and without outlet/type."""
    terms = pa.table(
        {
            "article_id": ["b", "a", None, "a", "a"],
            "paragraph": [0, 0, 0, 1, 1],
            "term": ["x", "y", "z", None, "y"],
            "count": [1, None, 3, 2, 5],
            "forms": [["X", None], [], None, ["n"], ["Y", "y"]],
        },
        schema=SCHEMAS["terms"],
    )
    citations = pa.table(
        {
            "article_id": ["a", "a", "b", "c", None],
            "paragraph": [0] * 5,
            "outlet": ["o", "o", None, "p", "q"],
            "surface": ["s"] * 5,
            "type": [None, "t", "t", None, "u"],
            "country": [None] * 5,
            "known": [True, None, False, False, None],
            "sentence": ["s"] * 5,
        },
        schema=SCHEMAS["citations"],
    )
    return {"terms": terms, "citations": citations}


@pytest.mark.parametrize("case", ["data", "edges", "empty", "citations only", "no rows"])
def test_arrow_aggregates_equal_the_sql_ones(data_dir, case):
    """chunk_aggregates (Arrow group-bys) gives exactly what AGG_SQL gives in DuckDB, order included."""
    from dashboard.pipeline.build.aggregates_sql import sql_aggregates

    rows = {
        "data": lambda: _rows(data_dir),
        "edges": _edge_rows,
        "empty": dict,
        "citations only": lambda: {"citations": _edge_rows()["citations"]},
        "no rows": lambda: {name: t.slice(0, 0) for name, t in _rows(data_dir).items()},
    }[case]()
    got, want = chunk_aggregates(rows), sql_aggregates(rows)
    for name, schema in AGG_SCHEMAS.items():
        assert got[name].schema == schema
        assert got[name].equals(want[name]), (name, got[name].to_pylist(), want[name].to_pylist())
