"""The term index: per-(article, term) counts as integer arrays, built from ``term_counts``.

Summing these arrays over a selection with numpy is ~10× faster than any SQL plan over the
string-keyed Parquet. The index is derived data, like a database index: a build writes it beside
the tables, one file pair per ``term_counts`` part (``dashboard.pipeline.build.termindex``), and
opening the dataset maps those parts and numbers them globally. An output without them (written
before the build wrote them, or the tables alone) gets it built here once and kept in the disk
cache (``dashboard.store.cache``), memory-mapped on later starts.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import scipy.sparse as sp

from dashboard.pipeline.build import termindex as built_index
from dashboard.store import cache
from dashboard.store.files import parts
from dashboard.store.view import DatasetView

log = logging.getLogger(__name__)


@dataclass
class TermIndex:
    """Per-(article, term) counts as integer arrays: article position, term id, count."""

    aid: np.ndarray  # int32, position of the article in ``Tables.articles``
    tid: np.ndarray  # int32, position of the term in ``vocab``
    count: np.ndarray  # int32
    vocab: np.ndarray  # sorted canonical terms (object)
    # where each article's rows are (an article's rows are contiguous: parts are sorted by
    # article_id and never split an article); None when a layout breaks that
    start: np.ndarray | None = None  # int64 per article position
    length: np.ndarray | None = None  # int64 per article position
    totals: tuple[np.ndarray, np.ndarray] | None = None  # (occurrences, articles) per term, corpus-wide
    # the counts as a sparse matrix, one row per article run, and each position's row (``by_article``)
    # (and the article position of each matrix row)
    _matrix: tuple[sp.csr_array, np.ndarray, np.ndarray] | None = field(
        default=None, repr=False, compare=False
    )

    def by_article(self) -> tuple[sp.csr_array, np.ndarray] | None:
        """The counts as a CSR matrix (a row per article, a column per vocabulary term) over the
        index's own arrays (no copy: its rows are the articles' runs in index order), and the
        matrix row of each article position (-1: none); None without runs. Made once."""
        if self.start is None or self.length is None:
            return None
        if self._matrix is None:
            held = np.flatnonzero(self.length > 0)
            order = held[np.argsort(self.start[held], kind="stable")]
            # int32 offsets when they fit: scipy gives indices and offsets one dtype, and would
            # otherwise copy the (int32) term ids to int64
            wide = len(self.aid) >= np.iinfo(np.int32).max
            indptr = np.append(self.start[order], len(self.aid)).astype(np.int64 if wide else np.int32)
            matrix = sp.csr_array(
                (self.count, self.tid, indptr), shape=(len(order), len(self.vocab)), copy=False
            )
            row_of = np.full(len(self.start), -1, dtype=np.int64)
            row_of[order] = np.arange(len(order), dtype=np.int64)
            self._matrix = (matrix, row_of, order)  # two threads may both make it: the same value
        return self._matrix[:2]

    def articles_of(self, rows: np.ndarray) -> np.ndarray:
        """The article position of each of the given index rows (``aid[rows]``), found from the
        runs (one binary search per row) when the index has them: a term's rows are spread over
        the whole index, and reading ``aid`` at each maps a large block of the index file per row
        into the process (≈ 50 MB for a term of 100 rows at 10⁵ articles)."""
        if not len(rows) or self.by_article() is None or self._matrix is None:
            return self.aid[rows]
        matrix, _, order = self._matrix
        run = np.searchsorted(matrix.indptr, rows, side="right") - 1
        return order[run].astype(self.aid.dtype)

    def rows(self, pos: np.ndarray) -> np.ndarray | None:
        """Row numbers of the given (sorted, distinct) article positions, or None without runs."""
        if self.start is None or self.length is None:
            return None
        lens = self.length[pos]
        total = int(lens.sum())
        if total == 0:
            return np.array([], dtype=np.int64)
        shift = self.start[pos] - (np.cumsum(lens) - lens)
        return np.repeat(shift, lens) + np.arange(total, dtype=np.int64)


def index_cache_dir(tables: DatasetView) -> Path | None:
    """Where this dataset's term index is cached: keyed by the files it is built from."""
    files = [*parts(tables.folder, "term_counts"), *parts(tables.folder, "articles")]
    if not parts(tables.folder, "term_counts"):
        return None  # derived aggregates: nothing on disk to key on
    return cache.dataset_dir("term-index-v1", tables.folder, files, tables.cache_root)


@dataclass
class CorpusTerms:
    """The vocabulary and each term's corpus-wide totals, without the per-article rows."""

    vocab: np.ndarray  # sorted canonical terms (object), as ``TermIndex.vocab``
    occurrences: np.ndarray  # int64 per term
    articles: np.ndarray  # int64 per term: articles holding it


def built_parts(tables: DatasetView) -> list[built_index.PartIndex] | None:
    """The index parts the build wrote (descriptions read, arrays mapped), or None when the
    numbered index is cached already or the output has no usable parts."""
    if cache.is_complete(index_cache_dir(tables)):
        return None
    files = parts(tables.folder, "term_counts")
    if not files or not (tables.folder / "term_counts.parquet").is_dir():
        return None
    return built_index.read_parts(tables.folder, files)


def corpus_terms(tables: DatasetView, found: list[built_index.PartIndex] | None) -> CorpusTerms:
    """The vocabulary and corpus totals: from the cached index, else summed from the build's part
    descriptions (``found``: no pass over the rows, so the first page after a build does not wait
    for the whole index to be numbered), else from the index once built."""
    where = index_cache_dir(tables)
    if found is None and cache.is_complete(where):
        try:
            meta = cache.read_meta(where)
            arr = cache.read_arrays(where, ["occ", "arts"])
            return CorpusTerms(
                np.array(meta["vocab"], dtype=object), np.asarray(arr["occ"]), np.asarray(arr["arts"])
            )
        except (OSError, ValueError, KeyError):
            pass
    if found is not None:
        named = np.concatenate([np.asarray(p.articles, dtype=object) for p in found]) if found else []
        # rows of articles missing from the articles table are dropped from the index (and its
        # totals): then only the index gives the same totals
        if len(named) and (tables.positions.get_indexer(named) >= 0).all():
            words = [np.asarray(p.vocab, dtype=object) for p in found]
            joined = np.concatenate(words)
            vocab = pd.Index(np.sort(pd.unique(joined)))
            tids = vocab.get_indexer(joined)
            occ = np.bincount(
                tids, weights=np.concatenate([p.occurrences for p in found]), minlength=len(vocab)
            )
            arts = np.bincount(
                tids, weights=np.concatenate([p.articles_with for p in found]), minlength=len(vocab)
            )
            return CorpusTerms(vocab.to_numpy(dtype=object), occ.astype(np.int64), arts.astype(np.int64))
    index = tables.index
    n = len(index.vocab)
    occ, arts = (
        index.totals
        if index.totals is not None
        else (
            np.bincount(index.tid, weights=index.count, minlength=n).astype(np.int64),
            np.bincount(index.tid, minlength=n).astype(np.int64),
        )
    )
    return CorpusTerms(index.vocab, occ, arts)


def cached_index(tables: DatasetView, found: list[built_index.PartIndex] | None = None) -> TermIndex:
    """The term index from the on-disk cache (memory-mapped), else the one the build wrote
    (``from_build``; ``keep_index`` then caches it), else built here and cached.

    The index is derived data, like a database index: building it costs a few seconds of CPU at
    100k articles, numbering the build's parts globally about a second, mapping it nothing. Any
    failure to write simply skips the cache.
    """
    where = index_cache_dir(tables)
    if where is not None and cache.is_complete(where):
        try:
            meta = cache.read_meta(where)
            arr = cache.read_arrays(where, meta["arrays"])
            index = TermIndex(arr["aid"], arr["tid"], arr["count"], np.array(meta["vocab"], dtype=object))
            if "start" in arr:
                index.start, index.length = arr["start"], arr["length"]
            index.totals = (np.asarray(arr["occ"]), np.asarray(arr["arts"]))
            tables.part_of = np.asarray(arr["part_of"])
            tables.part_names = meta["part_names"]
            return index
        except (OSError, ValueError, KeyError):
            log.warning("term index cache %s unreadable: rebuilt", where)
    made = from_build(tables, found)
    if made is not None:
        return made
    index = build_index(tables)
    if where is not None:
        try:
            _write_index(tables, where, index)
        except OSError as exc:
            log.warning("term index not cached (%s)", exc)
    return index


def keep_index(tables: DatasetView) -> None:
    """Cache the index once it is known, when it is not cached yet (it came from the build's files):
    later starts then map it instead of numbering the parts again. Run after the first pages."""
    where = index_cache_dir(tables)
    if where is None or cache.is_complete(where):
        return
    try:
        _write_index(tables, where, tables.index)
    except OSError as exc:
        log.info("term index not cached (%s)", exc)


def from_build(tables: DatasetView, found: list[built_index.PartIndex] | None = None) -> TermIndex | None:
    """The index from the files the build wrote beside ``term_counts`` (one pair per part; ``found``
    when read already), or None when the output has none or they do not match its parts (an older
    output: built here)."""
    files = parts(tables.folder, "term_counts")
    if not files or not (tables.folder / "term_counts.parquet").is_dir():
        return None
    if found is None:
        found = built_index.read_parts(tables.folder, files)
    if found is None:
        return None
    got = built_index.combine(found, tables.positions)
    index = TermIndex(got.aid, got.tid, got.count, got.vocab)
    _add_runs(index, len(tables.articles))
    index.totals = (got.occurrences, got.articles_with)
    tables.part_of = got.part_of
    tables.part_names = [p.name for p in files] if len(files) > 1 else []
    return index


def _write_index(tables: DatasetView, where: Path, index: TermIndex) -> None:
    arrays = {"aid": index.aid, "tid": index.tid, "count": index.count, "part_of": tables.part_of}
    if index.start is not None and index.length is not None:
        arrays |= {"start": index.start, "length": index.length}
    if index.totals is not None:
        arrays |= {"occ": index.totals[0], "arts": index.totals[1]}
    meta = {
        "arrays": sorted(arrays),
        "vocab": [str(v) for v in index.vocab],
        "part_names": tables.part_names,
    }
    cache.write_arrays(where, arrays, meta)


def build_index(tables: DatasetView) -> TermIndex:
    """Read ``term_counts`` part by part, as dictionary codes, into preallocated integer arrays.

    Peak memory stays near the final arrays (one part's Arrow columns at a time), and each
    distinct dictionary is mapped to article positions / term ids once.
    """
    files = parts(tables.folder, "term_counts")
    if files:
        sizes = [pq.ParquetFile(p).metadata.num_rows for p in files]
        tables.part_names = [p.name for p in files] if len(files) > 1 else []

        def load(i: int) -> pa.Table:
            return pq.read_table(
                files[i], columns=["article_id", "term", "count"], read_dictionary=["article_id", "term"]
            )
    else:  # derived in memory at open (a folder without aggregates)
        derived = tables.query('SELECT article_id, term, "count" FROM term_counts').to_arrow_table()
        sizes = [derived.num_rows]

        def load(i: int) -> pa.Table:
            return derived

    total = int(sum(sizes))
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    aid = np.empty(total, dtype=np.int32)
    tid = np.empty(total, dtype=np.int32)
    cnt = np.empty(total, dtype=np.int32)
    part_of = np.full(len(tables.articles), -1, dtype=np.int32)
    segments: list[tuple[int, int, pa.Array]] = []  # (start, end, term dictionary) of tid codes

    def fill(i: int) -> list[tuple[int, int, pa.Array]]:
        table = load(i)
        at = int(starts[i])
        out = []
        a_prev: tuple[pa.Array, np.ndarray] | None = None
        cols = [table.column(k) for k in range(3)]
        for j in range(cols[0].num_chunks):
            a, t, c = (col.chunk(j) for col in cols)
            if not pa.types.is_dictionary(a.type):
                a, t = a.dictionary_encode(), t.dictionary_encode()
            n = len(a)
            if a_prev is None or not a_prev[0].equals(a.dictionary):
                got = tables.positions.get_indexer(a.dictionary.to_numpy(zero_copy_only=False))
                a_prev = (a.dictionary, got.astype(np.int32))
            aid[at : at + n] = a_prev[1][a.indices.to_numpy(zero_copy_only=False)]
            tid[at : at + n] = t.indices.to_numpy(zero_copy_only=False)
            cnt[at : at + n] = c.to_numpy(zero_copy_only=False)
            out.append((at, at + n, t.dictionary))
            at += n
        part_of[aid[starts[i] : at][aid[starts[i] : at] >= 0]] = i
        return out

    with ThreadPoolExecutor(max_workers=2) as pool:
        for got in pool.map(fill, range(len(sizes))):
            segments.extend(got)
    # one vocabulary: every distinct term dictionary, mapped once
    dicts: list[pa.Array] = []
    for _, _, d in segments:
        if not dicts or not dicts[-1].equals(d):
            dicts.append(d)
    words = [d.to_numpy(zero_copy_only=False) for d in dicts]
    vocab = pd.Index(np.sort(pd.unique(np.concatenate(words)))) if words else pd.Index([], dtype=object)
    mapped: list[tuple[pa.Array, np.ndarray]] = []
    for begin, end, d in segments:
        if not mapped or not mapped[-1][0].equals(d):
            mapped.append((d, vocab.get_indexer(d.to_numpy(zero_copy_only=False)).astype(np.int32)))
        tid[begin:end] = mapped[-1][1][tid[begin:end]]
    tables.part_of = part_of
    keep = aid >= 0  # rows of articles missing from the articles table are ignored
    if not keep.all():
        aid, tid, cnt = aid[keep], tid[keep], cnt[keep]
    index = TermIndex(aid, tid, cnt, vocab.to_numpy(dtype=object))
    _add_runs(index, len(tables.articles))
    n = len(index.vocab)
    index.totals = (
        np.bincount(tid, weights=cnt, minlength=n).astype(np.int64),
        np.bincount(tid, minlength=n).astype(np.int64),
    )
    return index


def _add_runs(index: TermIndex, articles: int) -> None:
    """Where each article's rows are, when every article's rows are one contiguous run."""
    aid = index.aid
    if not len(aid):
        return
    starts = np.flatnonzero(np.concatenate([[True], aid[1:] != aid[:-1]]))
    owners = aid[starts]
    if len(np.unique(owners)) == len(owners):  # each article in one contiguous run
        index.start = np.zeros(articles, dtype=np.int64)
        index.length = np.zeros(articles, dtype=np.int64)
        index.start[owners] = starts
        index.length[owners] = np.diff(np.concatenate([starts, [len(aid)]]))
