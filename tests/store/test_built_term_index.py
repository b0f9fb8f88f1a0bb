"""The term index a build writes beside the tables: the store maps it, and it gives the very index
(and answers) the store computes from ``term_counts`` itself; files that do not match are ignored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import queries
from dashboard.bench import corpusgen
from dashboard.pipeline.build import build, chunks
from dashboard.pipeline.build import termindex as built
from dashboard.queries import overview, selection, terms
from dashboard.state import Filters
from dashboard.store import termindex
from dashboard.store.files import parts


def _index_files(folder: Path) -> None:
    """Write the build's index files for the ``term_counts`` parts of a synthetic output."""
    for part in parts(folder, "term_counts"):
        npy, desc = built.part_files(folder, part.name)
        built.write_part(npy, desc, pq.read_table(part), part)


def _same(a: termindex.TermIndex, b: termindex.TermIndex) -> None:
    for name in ("aid", "tid", "count", "vocab", "start", "length"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            assert np.array_equal(x, y), name
            assert x.dtype == y.dtype, name
    assert a.totals is not None and b.totals is not None
    for x, y in zip(a.totals, b.totals, strict=True):
        assert np.array_equal(x, y) and x.dtype == y.dtype


def _computed(tables) -> tuple[termindex.TermIndex, np.ndarray, list[str]]:
    got = termindex.build_index(tables)
    return got, tables.part_of.copy(), list(tables.part_names)


@pytest.fixture(scope="module")
def many_parts(tmp_path_factory) -> Path:
    """A built output of many parts, grown by an incremental build (so some parts were linked)."""
    root = tmp_path_factory.mktemp("built")
    corpus, out = root / "corpus", root / "out"
    corpusgen.generate(40, corpus)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chunks, "CHUNK_FILES", 4)
        mp.setattr(chunks, "SEGMENT_FILES", 8)
        build(corpus, out, workers=0, cache_dir=root / "cache")
        corpusgen.generate(3, corpus, start=40, folder="new")
        build(corpus, out, workers=0, cache_dir=root / "cache")
    assert len(parts(out, "term_counts")) > 2
    return out


def test_the_built_index_is_the_computed_index(many_parts, tmp_path):
    tables = queries.open_dataset(many_parts, cache_root=tmp_path / "cache", background=False)
    from_files = termindex.from_build(tables)
    assert from_files is not None
    part_of, part_names = tables.part_of.copy(), list(tables.part_names)
    computed, computed_part_of, computed_names = _computed(tables)
    _same(from_files, computed)
    assert np.array_equal(part_of, computed_part_of) and part_names == computed_names
    assert len(part_names) == len(parts(many_parts, "term_counts"))
    tables.close()


def test_each_part_file_decodes_to_its_term_counts_rows(many_parts):
    for part in parts(many_parts, "term_counts"):
        (index,) = built.read_parts(many_parts, [part])
        table = pq.read_table(part)
        aid, tid, cnt = (np.asarray(index.arrays[k]) for k in range(3))
        assert np.asarray(index.articles, dtype=object)[aid].tolist() == table["article_id"].to_pylist()
        assert np.asarray(index.vocab, dtype=object)[tid].tolist() == table["term"].to_pylist()
        assert cnt.tolist() == table["count"].to_pylist()
        assert index.occurrences.sum() == cnt.sum() and index.articles_with.sum() == len(cnt)


def test_the_first_open_numbers_the_built_parts_then_later_opens_map_its_cache(
    many_parts, tmp_path, monkeypatch
):
    def no_compute(tables):
        raise AssertionError("the index was computed from term_counts")

    indexes = []
    with monkeypatch.context() as mp:
        mp.setattr(termindex, "build_index", no_compute)
        for _ in ("first", "later"):
            tables = queries.open_dataset(many_parts, cache_root=tmp_path / "cache", background=False)
            indexes.append(tables.index)
            where = termindex.index_cache_dir(tables)
            assert where is not None and (where / "done").is_file()  # kept by ``keep_index``
            tables.close()
    first, later = indexes
    assert not isinstance(first.aid, np.memmap)  # numbered from the build's files
    assert isinstance(later.aid, np.memmap)  # mapped from the cache the first open left
    tables = queries.open_dataset(many_parts, cache_root=tmp_path / "other", background=False)
    computed, _, _ = _computed(tables)
    tables.close()
    _same(first, computed)
    _same(later, computed)


@pytest.mark.parametrize("damage", ["size", "missing", "torn", "version"])
def test_index_files_that_do_not_match_are_ignored(many_parts, tmp_path, damage):
    folder = tmp_path / "out"
    shutil.copytree(many_parts, folder)
    first = parts(folder, "term_counts")[0]
    npy, desc = built.part_files(folder, first.name)
    if damage == "size":  # the part beside it is not the one it was written for
        meta = json.loads(desc.read_text(encoding="utf-8"))
        desc.write_text(json.dumps({**meta, "source": "0:" + meta["source"]}), encoding="utf-8")
    elif damage == "missing":
        npy.unlink()
    elif damage == "torn":
        desc.write_text("{", encoding="utf-8")
    else:
        meta = json.loads(desc.read_text(encoding="utf-8"))
        desc.write_text(json.dumps({**meta, "version": -1}), encoding="utf-8")
    tables = queries.open_dataset(folder, cache_root=tmp_path / "cache", background=False)
    assert termindex.from_build(tables) is None
    computed, _, _ = _computed(tables)
    _same(tables.index, computed)  # the open computed (and cached) it instead
    tables.close()


def test_answers_are_the_same_with_the_built_index(data_dir, tmp_path):
    with_files = tmp_path / "with-index"
    shutil.copytree(data_dir, with_files)
    _index_files(with_files)
    plain = queries.open_dataset(data_dir, cache_root=tmp_path / "c1", background=False)
    indexed = queries.open_dataset(with_files, cache_root=tmp_path / "c2", background=False)
    assert termindex.from_build(indexed) is not None and termindex.from_build(plain) is None
    for filters in (Filters(), Filters(lang=("zh-Hans",))):
        a, b = (selection.filter_articles(t, filters) for t in (plain, indexed))
        pd.testing.assert_frame_equal(terms.top_terms(plain, a), terms.top_terms(indexed, b))
        assert overview.headline_counts(plain, a) == overview.headline_counts(indexed, b)
    plain.close()
    indexed.close()


@pytest.mark.parametrize("big", [False, True])
def test_parts_are_uint16_when_every_value_fits_else_int32(tmp_path, big):
    import pyarrow as pa

    table = pa.table(
        {
            "article_id": ["b", "b", "a"],
            "term": ["芯片", "光刻机", "芯片"],
            "count": pa.array([2, 70_000 if big else 5, 1], pa.int64()),
        }
    )
    part = tmp_path / "term_counts.parquet" / "part-000000.parquet"
    part.parent.mkdir(parents=True)
    pq.write_table(table, part)
    built.write_part(*built.part_files(tmp_path, part.name), table, part)
    (index,) = built.read_parts(tmp_path, [part])
    assert index.arrays.dtype == (np.int32 if big else np.uint16)
    got = built.combine([index], pd.Index(["a", "b"]))
    assert got.vocab.tolist() == ["光刻机", "芯片"]
    assert (got.aid.tolist(), got.tid.tolist(), got.count.tolist()) == (
        [1, 1, 0],
        [1, 0, 1],
        [2, 70_000 if big else 5, 1],
    )
    assert got.occurrences.tolist() == [70_000 if big else 5, 3] and got.articles_with.tolist() == [1, 2]
    assert got.part_of.tolist() == [0, 0]
    # rows of an article missing from the articles table are left out, totals with them
    only_a = built.combine([index], pd.Index(["a"]))
    assert (only_a.aid.tolist(), only_a.tid.tolist(), only_a.count.tolist()) == ([0], [1], [1])
    assert only_a.occurrences.tolist() == [0, 1] and only_a.articles_with.tolist() == [0, 1]
    assert only_a.part_of.tolist() == [0]


def test_corpus_totals_from_the_part_descriptions_are_the_index_totals(many_parts, tmp_path):
    tables = queries.open_dataset(many_parts, cache_root=tmp_path / "cache", background=False)
    index = tables.index
    assert index.totals is not None
    found = built.read_parts(many_parts, parts(many_parts, "term_counts"))
    assert found is not None
    for got in (
        termindex.corpus_terms(tables, found),  # summed from the descriptions (the first start)
        termindex.corpus_terms(tables, None),  # from the cache or the index (later starts)
        tables.corpus_terms,
    ):
        assert got.vocab.tolist() == index.vocab.tolist()
        assert np.array_equal(got.occurrences, index.totals[0])
        assert np.array_equal(got.articles, index.totals[1])
        assert got.occurrences.dtype == np.int64 and got.articles.dtype == np.int64
    tables.close()


def test_sums_over_the_sparse_matrix_are_the_rows_sums(many_parts, tmp_path, monkeypatch):
    from dashboard.store import totals

    monkeypatch.setattr(totals, "SUM_BLOCK", 3)  # several blocks per selection
    tables = queries.open_dataset(many_parts, cache_root=tmp_path / "cache", background=False)
    index = tables.index
    rng = np.random.default_rng(7)
    for size in (0, 1, 5, len(tables.articles) // 2, len(tables.articles)):
        pos = np.sort(rng.choice(len(tables.articles), size, replace=False))
        keep = totals.selected(tables, pos)[index.aid]
        n = len(index.vocab)
        want_occ = np.bincount(index.tid[keep], weights=index.count[keep], minlength=n).astype(np.int64)
        want_arts = np.bincount(index.tid[keep], minlength=n).astype(np.int64)
        occ, arts = totals.sums(tables, pos)
        assert np.array_equal(occ, want_occ) and np.array_equal(arts, want_arts)
    tables.close()


def test_the_article_of_an_index_row_found_from_the_runs_is_its_aid(many_parts, tmp_path):
    tables = queries.open_dataset(many_parts, cache_root=tmp_path / "cache", background=False)
    index = tables.index
    assert index.by_article() is not None  # the runs are there: the search answers, not aid
    every = np.arange(len(index.aid))
    some = np.sort(np.random.default_rng(3).choice(len(index.aid), 25, replace=False))
    for rows in (every, some, every[:1], every[-1:], np.array([], dtype=np.int64)):
        got = index.articles_of(rows)
        assert got.dtype == index.aid.dtype and np.array_equal(got, index.aid[rows])
    tables.close()
