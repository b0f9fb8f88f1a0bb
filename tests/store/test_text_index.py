"""The keyword text index narrows the scan but never changes the answer."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dashboard import queries
from dashboard.queries import figures, keyword, overview, selection, sources
from dashboard.store import dataset, termindex, totals
from dashboard.store import textindex as store_textindex
from dashboard.store.files import parts


@pytest.fixture
def parted(flat_data_dir, tmp_path, monkeypatch):
    """The synthetic tables with paragraphs as a part directory (as a build writes them), plus
    rows of articles missing from the articles table."""
    data_dir = flat_data_dir
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    paras = pd.read_parquet(data_dir / "paragraphs.parquet")
    extra = paras.copy()
    extra["article_id"] = extra["article_id"] + "x"  # rows of articles missing from the articles table
    extra["text"] = extra["text"].str.upper().str.replace("芯片", "晶片") + " 100%_off \\ İstanbul K"
    (data_dir / "paragraphs.parquet").unlink()
    (data_dir / "paragraphs.parquet").mkdir()
    half = len(paras) // 2
    paras.iloc[:half].to_parquet(data_dir / "paragraphs.parquet" / "part-000000.parquet", index=False)
    pd.concat([paras.iloc[half:], extra]).to_parquet(
        data_dir / "paragraphs.parquet" / "part-000001.parquet", index=False
    )
    return data_dir


KEYWORDS = [
    "輝達",
    "英伟达",
    "nvidia",
    "NVIDIA",
    "芯片",
    "晶片",
    "a",
    "台",
    "n",
    "%",
    "_",
    "100%_",
    "\\",
    "i",
    "İ",
    "k",
    "no such words",
    "片 1",
    "NVIDIA芯片",
    "İstanbul",
    "100%_OFF",
]


def _full_scan(tables, q):
    with tables.jobs.without("text-index"):  # no index: the full scan
        tables.memo.items.clear()
        return keyword.keyword_article_ids(tables, q)


def test_indexed_keyword_search_equals_the_full_scan(parted):
    tables = queries.open_dataset(parted)
    index = tables.jobs.result("text-index")
    assert index is not None and len(index.ids) > 0
    for q in KEYWORDS:
        tables.memo.items.clear()
        fast = keyword.keyword_article_ids(tables, q)
        assert fast == _full_scan(tables, q), q
    again = queries.open_dataset(parted)  # a second process maps the cached index
    assert again.jobs.result("text-index") is not None


def test_title_search_equals_a_test_per_title(data_dir):
    tables = queries.open_dataset(data_dir)
    titles = tables.articles["title"].fillna("").str.lower()
    for needle in ["輝達", "nvidia", "a", "", " ", "no such"]:
        expected = [i for i, t in enumerate(titles) if needle in t]
        assert keyword.title_hits(tables, needle) == expected, needle


def test_cached_group_and_topic_totals_equal_computed_ones(data_dir, tmp_path, monkeypatch):
    tables = queries.open_dataset(data_dir)
    tables.jobs.wait("warm")
    monkeypatch.setattr(termindex, "index_cache_dir", lambda tables: tmp_path / "term-index-v1-test")
    for name, compute in (("group-totals", totals.group_totals), ("topic-totals", totals.topic_totals)):
        fresh = compute(tables)
        totals.cached_totals(tables, name, compute)  # the first call computes and writes the cache
        assert (tmp_path / f"{name}-v1-test" / "done").is_file()
        loaded = totals.cached_totals(tables, name, lambda t: pytest.fail("recomputed"))
        assert list(loaded) == list(fresh)
        for key, value in fresh.items():
            for field in dataclasses.fields(value):
                got, want = getattr(loaded[key], field.name), getattr(value, field.name)
                assert np.array_equal(got, want), (name, key, field.name)


def test_derived_answers_are_read_back_from_disk_unchanged(data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "derived_dir", lambda tables: tmp_path / "derived")
    tables = queries.open_dataset(data_dir)
    every = figures._recurring_claims(tables, tables.articles, 1)
    first = dataset.disk_cached(tables, "claims", lambda: every)
    again = dataset.disk_cached(tables, "claims", lambda: pytest.fail("recomputed"))
    pd.testing.assert_frame_equal(first, again)
    forms = dataset.disk_cached(tables, "forms", tables._read_forms)
    got = dataset.disk_cached(tables, "forms", lambda: pytest.fail("recomputed"))
    pd.testing.assert_frame_equal(forms[0], got[0])
    pd.testing.assert_series_equal(forms[1], got[1])


def test_whole_corpus_page_answers_come_back_from_disk_equal(data_dir, tmp_path, monkeypatch):
    from dashboard.state import Filters

    monkeypatch.setattr(dataset, "derived_dir", lambda tables: tmp_path / "derived")

    answers = []
    for _ in range(2):  # the second process reads what the first one wrote
        tables = queries.open_dataset(data_dir)
        arts = selection.filter_articles(tables, Filters())
        answers.append(
            [
                figures.figures_by_kind(tables=tables, arts=arts),
                figures.figures_table(tables, arts, limit=50),
                sources.cited_outlets(tables, arts),
                overview.removed_by_rule(tables, arts),
            ]
        )
    assert len(list((tmp_path / "derived").glob("figures_table-*.pkl"))) == 1
    for first, second in zip(*answers, strict=True):
        pd.testing.assert_frame_equal(first, second)


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A built output of several parts, with the text index the build writes."""
    from dashboard.bench import corpusgen
    from dashboard.pipeline.build import build, chunks

    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)
    monkeypatch.setattr(chunks, "SEGMENT_FILES", 8)
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    corpusgen.generate(40, tmp_path / "corpus")
    build(tmp_path / "corpus", tmp_path / "out", workers=0)
    return tmp_path / "out"


def _corpus_words(tables) -> list[str]:
    """Keywords taken from the text itself: pieces of paragraphs of several lengths."""
    texts = [
        r[0]
        for r in tables.query(
            "SELECT text FROM paragraphs ORDER BY article_id, paragraph LIMIT 40"
        ).fetchall()
    ]
    words = {t[i : i + n] for t in texts if t for i in (0, len(t) // 2) for n in (1, 2, 3, 5)}
    return sorted(w for w in words if w.strip())


def _same_as_full_scan(tables, words) -> None:
    for q in words:
        tables.memo.items.clear()
        fast = keyword.keyword_article_ids(tables, q)
        assert fast == _full_scan(tables, q), q


def test_the_build_written_index_is_mapped_and_answers_as_the_full_scan(built, tmp_path):
    from dashboard.pipeline.build import textindex as fmt

    tables = queries.open_dataset(built)
    index = tables.jobs.result("text-index")
    assert len(index.parts) > 1
    assert all(p.files["json"].parent == built / fmt.INDEX_DIR for p in index.parts)
    # nothing built by the app for this dataset (a background job of an earlier test's dataset may
    # still be writing its own index under this test's cache folder: only this one's name counts)
    own = store_textindex.index_dir(built, parts(built, "paragraphs"), tmp_path / "cache")
    assert own is not None and not list(own.parent.glob(f"{own.name}*"))
    _same_as_full_scan(tables, KEYWORDS + _corpus_words(tables))


def test_matching_finds_exactly_the_slots_whose_text_holds_a_needle(built):
    tables = queries.open_dataset(built)
    index = tables.jobs.result("text-index")
    every = np.arange(len(index.ids))
    texts = {
        aid: "".join(t + "\x00" for t in texts)
        for aid, texts in tables.query(
            "SELECT article_id, list(coalesce(text, '') ORDER BY paragraph) FROM paragraphs GROUP BY ALL"
        ).fetchall()
    }
    for needles in (["芯片"], ["芯片", "晶片"], ["no such words"], _corpus_words(tables)[:3]):
        expected = [s for s in every if any(n in texts[index.ids[s]] for n in needles)]
        assert index.matching(every, needles).tolist() == expected, needles
        # a subset of the slots is searched only there
        assert index.matching(every[::2], needles).tolist() == [s for s in expected if s % 2 == 0]


def test_an_index_that_does_not_match_its_part_is_built_into_the_cache(built, tmp_path):
    import json

    from dashboard.pipeline.build import textindex as fmt

    described = sorted((built / fmt.INDEX_DIR).glob("*.json"))[0]
    meta = json.loads(described.read_text(encoding="utf-8"))
    described.write_text(json.dumps({**meta, "source": "0:other"}), encoding="utf-8")
    tables = queries.open_dataset(built)
    index = tables.jobs.result("text-index")
    assert index is not None
    own = store_textindex.index_dir(built, parts(built, "paragraphs"), tmp_path / "cache")
    assert all(own in p.files["json"].parents for p in index.parts)  # this dataset's cache folder
    _same_as_full_scan(tables, KEYWORDS + _corpus_words(tables))


def test_term_in_context_reads_the_same_paragraphs_from_the_text_index(parted):
    from dashboard.queries import terms
    from dashboard.state import Filters

    tables = queries.open_dataset(parted)
    assert tables.jobs.result("text-index") is not None
    every = selection.select(tables, Filters())
    vocab = [t for t in tables.index.vocab if len(terms.term_over_time(tables, every.arts, t))]
    assert vocab
    read_from_index = lines = 0
    for term in vocab[:40]:
        pos, _ = terms._term_rows(tables, every.arts, term)
        read_from_index += terms._indexed_hits(tables, term, pos, []) is not None
        tables.memo.items.clear()
        fast = terms.kwic(tables, every, term)
        with tables.jobs.without("text-index"):  # the Parquet join
            tables.memo.items.clear()
            slow = terms.kwic(tables, every, term)
        pd.testing.assert_frame_equal(fast, slow)
        lines += len(fast)
    assert read_from_index and lines  # the index answered (not only the fallback)
