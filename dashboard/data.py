"""Data access for the dashboard: DuckDB over the Parquet tables, small filtered answers.

The big tables (paragraphs, terms, figures, citations, removed) are never loaded whole: they are
DuckDB views over ``read_parquet`` and every query projects and filters them. Charts read the
pre-aggregations of ``dashboard.pipeline.aggregates``; the per-(article, term) counts are held as
three integer arrays (a few hundred MB at 100k articles) because summing them over a selection
with numpy is ~10× faster than any SQL plan over the string-keyed Parquet. The articles table and
other per-article tables are small and stay in pandas.

Nothing here imports Streamlit: the app caches one ``Tables`` per process (``st.cache_resource``)
and every query runs on its own cursor (``con.cursor()``), so sessions never share a cursor.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import inspect
import json
import logging
import math
import os
import pickle
import shutil
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.cachedir import dataset_dir, publish
from dashboard.pipeline import SCHEMA_VERSION
from dashboard.pipeline.aggregates import AGG_SCHEMAS, AGG_SQL
from dashboard.state import Choices, Filters
from dashboard.textindex import TextIndex, keyword_keys
from dashboard.textindex import text_index as _cached_text_index

log = logging.getLogger(__name__)

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
AGGREGATES: tuple[str, ...] = tuple(AGG_SCHEMAS)
# small tables read whole into pandas; the rest are only ever queried
SMALL: tuple[str, ...] = ("articles", "rejected", "claims")
REBUILD = "make data"
UNDATED = "undated"
UNKNOWN = "(unknown)"


def data_dir() -> Path:
    """The processed-data folder: ``$CHIPWAR_DATA`` if set, else ``data/processed``."""
    override = os.environ.get("CHIPWAR_DATA")
    return Path(override) if override else REPO_ROOT / "data" / "processed"


def table_glob(folder: Path, name: str) -> str:
    """What ``read_parquet`` reads for table ``name``: the file, or every part of a part directory."""
    path = Path(folder) / f"{name}.parquet"
    return str(path / "*.parquet") if path.is_dir() else str(path)


def _parts(folder: Path, name: str) -> list[Path]:
    path = Path(folder) / f"{name}.parquet"
    if path.is_dir():
        return sorted(path.glob("*.parquet"))
    return [path] if path.is_file() else []


def check_data(folder: Path) -> str | None:
    """None when ``folder`` holds a usable dataset, else a message saying what is wrong and how to fix it."""
    fix = f"Rebuild the tables with `{REBUILD}` (from the repository root), then reload this page."
    if not folder.is_dir():
        return f"No processed data folder at `{folder}`. {fix}"
    missing = [name for name in TABLES if not _parts(folder, name)]
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
    # every rerun asks: one scandir pass (no pathlib globbing) over the tables, their parts and meta.json
    stamps: list[float] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name == "meta.json" or entry.name.endswith(".parquet"):
                    stamps.append(entry.stat().st_mtime)
                    if entry.name.endswith(".parquet") and entry.is_dir():
                        with os.scandir(entry.path) as parts:
                            stamps += [p.stat().st_mtime for p in parts if p.name.endswith(".parquet")]
    except OSError:  # gone or unreadable: the load reports it
        pass
    return max(stamps, default=0.0)


def _as_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return []


def _sql_path(path: str) -> str:
    # a server-side path from configuration, never user text; quoted as an SQL string literal
    return "'" + path.replace("'", "''") + "'"


def _derived_dir(tables: Tables) -> Path | None:
    """Where answers derived from this dataset's files are kept on disk (keyed by every file), or
    None for a dataset whose aggregates were derived at load (nothing on disk to key on)."""
    got = getattr(tables, "_derived", False)
    if got is not False:
        return got
    where = None
    if _parts(tables.folder, "term_counts"):
        files = [tables.folder / "meta.json"]
        for name in (*TABLES, *AGGREGATES):
            files += _parts(tables.folder, name)
        where = dataset_dir("derived-v1", tables.folder, files)
    tables._derived = where
    return where


def _disk_cached(tables: Tables, name: str, make: Callable[[], object]) -> object:
    """``make()``, kept on disk per dataset: a later start reads it instead of querying again.

    Derived data like the term index (small frames a start would otherwise compute with DuckDB
    while the first page waits or competes for the cores); the files are this app's own.
    """
    where = _derived_dir(tables)
    path = where / f"{name}.pkl" if where is not None else None
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # unreadable (e.g. another pandas version): computed again
            log.warning("derived cache %s unreadable: recomputed", path)
    value = make()
    if path is not None:
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}.{threading.get_ident()}")
        try:
            where.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as exc:
            log.info("%s not cached (%s)", name, exc)
            tmp.unlink(missing_ok=True)
    return value


class _Memo:
    """A small thread-safe LRU of computed results (sessions run in threads)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]) -> object:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


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


def _frame(table: pa.Table, lists: bool = True) -> pd.DataFrame:
    """Arrow → pandas with missing strings as None and list columns as Python lists.

    ``lists=False`` leaves list columns as numpy arrays (``_as_list`` reads either), which is
    much faster for the 100k-row articles table.
    """
    frame = table.to_pandas()
    for field in table.schema:
        col = field.name
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            if lists:
                frame[col] = table.column(col).to_pylist()
        elif frame[col].dtype != object and pd.api.types.is_string_dtype(frame[col]):
            # pandas string columns hold NaN for missing; pages test ``value or fallback``
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


class Tables:
    """One dataset folder: a DuckDB connection with a view per table, plus the small tables in pandas.

    ``tables[name]`` gives a small table (articles, rejected, claims) as pandas. Big tables can be
    read whole the same way for tests and tools, but the dashboard never does.
    """

    def __init__(self, folder: Path, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.folder = Path(folder)
        self.con = con if con is not None else duckdb.connect()
        self.memo = _Memo(size=128)  # masks, totals and page answers of recent selections
        self.frames = _Memo(size=6)  # filtered article frames
        # id → (weak reference, selection key) of the frames handed out: no re-hashing per query
        self.keys: dict[int, tuple[weakref.ref, str]] = {}
        self.part_names: list[str] = []  # term_counts part files, when it is a part directory
        self._lock = threading.Lock()
        for name in TABLES:
            self.con.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({_sql_path(table_glob(self.folder, name))})"
            )
        for name in AGGREGATES:
            if _parts(self.folder, name):
                self.con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS "
                    f"SELECT * FROM read_parquet({_sql_path(table_glob(self.folder, name))})"
                )
            else:  # a build without aggregates: derive them once, in memory, from the row tables
                log.warning("aggregate %s missing in %s: derived at load", name, self.folder)
                self.con.execute(f"CREATE OR REPLACE TABLE {name} AS {AGG_SQL[name]}")
        # DuckDB queries release the GIL: the merged forms are read while the articles convert
        forms_job = ThreadPoolExecutor(max_workers=1).submit(_disk_cached, self, "forms", self._read_forms)
        arts_arrow = self.query("SELECT * FROM articles ORDER BY article_id").to_arrow_table()
        arts = _frame(arts_arrow, lists=False)
        arts["published"] = pd.to_datetime(arts["published"], errors="coerce")
        self.articles = arts
        self.positions = pd.Index(arts["article_id"])
        # article metadata the SQL side joins to (a database table: every cursor sees it)
        meta = arts_arrow.select(["article_id", "publisher", "published"]).append_column(
            "pos", pa.array(np.arange(len(arts), dtype=np.int32))
        )
        self.con.register("_art_meta_src", meta)
        self.con.execute("CREATE OR REPLACE TABLE art_meta AS SELECT * FROM _art_meta_src")
        self.con.execute("CREATE OR REPLACE VIEW art_pos AS SELECT article_id, pos FROM art_meta")
        self.con.unregister("_art_meta_src")
        outlets_job = ThreadPoolExecutor(max_workers=1).submit(
            _disk_cached,
            self,
            "outlets",
            lambda: self.query(
                "SELECT o.*, a.pos FROM outlet_counts o JOIN art_pos a USING (article_id) ORDER BY a.pos, outlet"
            ).df(),
        )
        self.part_of = np.full(len(arts), -1, dtype=np.int32)
        # the term index is the slow part of opening: build it on the other core meanwhile
        self._index_job = ThreadPoolExecutor(max_workers=1).submit(self._cached_index)
        # per-article removed-line counts: one DuckDB pass (no GIL), also while the rest loads
        self._removed_job = ThreadPoolExecutor(max_workers=1).submit(
            _disk_cached, self, "removed", lambda: _removed_counts(self)
        )
        self.small: dict[str, pd.DataFrame] = {"articles": arts}
        self.month = arts["published"].dt.to_period("M").dt.to_timestamp()
        arts["month"] = self.month
        got = self.query(
            "SELECT a.pos, c.terms, c.figures, c.citations FROM article_counts c JOIN art_pos a USING (article_id)"
        ).fetchnumpy()
        counts = pd.DataFrame(
            0, index=pd.RangeIndex(len(arts)), columns=["terms", "figures", "citations"], dtype=np.int64
        )
        pos = np.asarray(got["pos"], dtype=np.int64)
        for col in counts.columns:
            counts.loc[pos, col] = np.asarray(got[col], dtype=np.int64)
        self.article_counts = counts
        topics = arts_arrow.column("topics").combine_chunks()
        self.topic_masks = self._topic_masks(topics)
        # waited for here, so a broken table still fails the load (not a later page)
        self.outlets = outlets_job.result()
        self.forms, self.forms_text = forms_job.result()
        # the unfiltered recurring-claims tracker is the slowest default view: prepare it meanwhile
        self._groups_job: Future | None = None  # set by _warm
        self._topics_job: Future | None = None  # set by _warm
        self._warm_job = ThreadPoolExecutor(max_workers=1).submit(self._warm)
        # the keyword text index: mapped at once when cached, else built after the warm-up
        self._text_job: Future | None = ThreadPoolExecutor(max_workers=1).submit(self._text_index)
        # the article list's topics column, joined once (vectorised) rather than per listing
        self.topics_text = pd.Series(
            pc.fill_null(pc.binary_join(topics, ", "), "").to_numpy(zero_copy_only=False), dtype=object
        )

    def _read_forms(self) -> tuple[pd.DataFrame, pd.Series]:
        """The surface forms merged into each term (summed over the corpus), and their display text."""
        forms = self.query(
            'SELECT term, form, CAST(sum("count") AS BIGINT) AS "count" FROM term_forms GROUP BY ALL ORDER BY term, form'
        ).df()
        return forms, _forms_text(forms)

    def _warm(self) -> None:
        # one worker: the partitions' totals first (the common filters), then each topic's;
        # used only when ready. Mapped from the disk cache at once, else computed after the rest
        pool = ThreadPoolExecutor(max_workers=1)
        totals = (("group-totals", group_totals), ("topic-totals", topic_totals))
        cached = all((d := _totals_dir(self, n)) is not None and (d / "done").is_file() for n, _ in totals)

        def start() -> None:
            self._groups_job = pool.submit(_cached_totals, self, *totals[0])
            self._topics_job = pool.submit(_cached_totals, self, *totals[1])

        if cached:
            start()
        _lower_titles(self)  # for the first keyword search
        try:
            every = _disk_cached(self, "claims", lambda: _recurring_claims(self, self.articles, 1))
            key = ("claims", _key(self.articles.index.to_numpy()), 1)
            self.memo.get(key, lambda: every)
        except Exception:  # only a warm-up: the page computes (and reports) it again if needed
            log.exception("warming the claims tracker failed")
        if not cached:
            start()

    def _text_index(self) -> TextIndex | None:
        """The keyword text index: from the disk cache, else built once the warm-up is done."""
        cached = text_index(self, build=False)
        if cached is not None:
            return cached
        self._warm_job.result()  # building competes for the cores: let the first pages go first
        for job in (self._groups_job, self._topics_job):
            if job is not None:
                job.exception()  # waits; a failed warm-up does not stop the index
        return text_index(self)

    def _topic_masks(self, topics: pa.Array) -> dict[str, np.ndarray]:
        """Topic id → boolean mask over the articles (the topic filter ORs them)."""
        flat = pc.list_flatten(topics)
        parent = pc.list_parent_indices(topics).to_numpy()
        # one dictionary encoding instead of comparing every topic string once per topic
        if isinstance(flat, pa.ChunkedArray):
            flat = flat.combine_chunks()
        encoded = pc.dictionary_encode(flat)
        names = encoded.dictionary.to_pylist()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        masks: dict[str, np.ndarray] = {}
        for code in sorted(range(len(names)), key=lambda c: names[c]):
            if names[code] is None:
                continue
            mask = np.zeros(len(self.articles), dtype=bool)
            mask[parent[codes == code]] = True
            masks[names[code]] = mask
        return masks

    # ------------------------------------------------------------ access

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of the shared connection, for one query (cursors are not shared between threads)."""
        return self.con.cursor()

    def query(self, sql: str, params: list | None = None, **frames: object) -> duckdb.DuckDBPyRelation:
        """Run ``sql`` with bound ``params`` on a fresh cursor; ``frames`` are registered by name first."""
        cur = self.cursor()
        for name, frame in frames.items():
            cur.register(name, frame)
        return cur.sql(sql, params=params) if params else cur.sql(sql)

    def source(self, name: str, parts: Iterable[int] | None = None) -> str:
        """SQL for table ``name``, restricted to the given part numbers when its parts line up.

        A build writes the row tables and the aggregates chunk by chunk with the same part names,
        so the term_counts part an article was read from names the part of every table holding
        its rows. Any other layout reads the whole table.
        """
        if parts is None or not self.part_names:
            return name
        files = _parts(self.folder, name)
        if [p.name for p in files] != self.part_names:
            return name
        chosen = [str(files[i]) for i in sorted(set(parts)) if i >= 0]
        if not chosen:
            return name
        return "read_parquet([" + ", ".join(_sql_path(f) for f in chosen) + "])"

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.small:
            if name not in TABLES and name not in AGGREGATES:
                raise KeyError(name)
            frame = _frame(self.query(f"SELECT * FROM {name}").to_arrow_table())
            if name == "claims":
                for col in ("first_published", "last_published"):
                    frame[col] = pd.to_datetime(frame[col], errors="coerce")
            if name not in SMALL:
                return frame  # big tables are not kept
            self.small[name] = frame
        return self.small[name]

    def __contains__(self, name: str) -> bool:
        return name in TABLES

    def _index_cache_dir(self) -> Path | None:
        """Where this dataset's term index is cached: keyed by the files it is built from."""
        files = [*_parts(self.folder, "term_counts"), *_parts(self.folder, "articles")]
        if not _parts(self.folder, "term_counts"):
            return None  # derived aggregates: nothing on disk to key on
        return dataset_dir("term-index-v1", self.folder, files)

    def _cached_index(self) -> TermIndex:
        """The term index from the on-disk cache (memory-mapped), else built and cached.

        The index is derived data, like a database index: rebuilding it costs a few seconds of
        CPU at 100k articles, mapping it costs nothing. Any failure to write simply skips the cache.
        """
        where = self._index_cache_dir()
        if where is not None and (where / "done").is_file():
            try:
                meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
                arr = {k: np.load(where / f"{k}.npy", mmap_mode="r") for k in meta["arrays"]}
                index = TermIndex(arr["aid"], arr["tid"], arr["count"], np.array(meta["vocab"], dtype=object))
                if "start" in arr:
                    index.start, index.length = arr["start"], arr["length"]
                index.totals = (np.asarray(arr["occ"]), np.asarray(arr["arts"]))
                self.part_of = np.asarray(arr["part_of"])
                self.part_names = meta["part_names"]
                return index
            except (OSError, ValueError, KeyError):
                log.warning("term index cache %s unreadable: rebuilt", where)
        index = self._term_index()
        if where is not None:
            try:
                self._write_index(where, index)
            except OSError as exc:
                log.warning("term index not cached (%s)", exc)
        return index

    def _write_index(self, where: Path, index: TermIndex) -> None:
        tmp = where.with_name(where.name + f".tmp{os.getpid()}.{threading.get_ident()}")
        tmp.mkdir(parents=True, exist_ok=True)
        arrays = {"aid": index.aid, "tid": index.tid, "count": index.count, "part_of": self.part_of}
        if index.start is not None and index.length is not None:
            arrays |= {"start": index.start, "length": index.length}
        if index.totals is not None:
            arrays |= {"occ": index.totals[0], "arts": index.totals[1]}
        for name, values in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(values))
        meta = {
            "arrays": sorted(arrays),
            "vocab": [str(v) for v in index.vocab],
            "part_names": self.part_names,
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        (tmp / "done").write_text("", encoding="utf-8")
        publish(tmp, where)

    @property
    def index(self) -> TermIndex:
        """The term index (built in the background while the rest loads; waits for it)."""
        return self._index_job.result()

    def _term_index(self) -> TermIndex:
        """Read ``term_counts`` part by part, as dictionary codes, into preallocated integer arrays.

        Peak memory stays near the final arrays (one part's Arrow columns at a time), and each
        distinct dictionary is mapped to article positions / term ids once.
        """
        parts = _parts(self.folder, "term_counts")
        if parts:
            sizes = [pq.ParquetFile(p).metadata.num_rows for p in parts]
            self.part_names = [p.name for p in parts] if len(parts) > 1 else []

            def load(i: int) -> pa.Table:
                return pq.read_table(
                    parts[i], columns=["article_id", "term", "count"], read_dictionary=["article_id", "term"]
                )
        else:  # derived in memory at open (a folder without aggregates)
            derived = self.query('SELECT article_id, term, "count" FROM term_counts').to_arrow_table()
            sizes = [derived.num_rows]

            def load(i: int) -> pa.Table:
                return derived

        total = int(sum(sizes))
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        aid = np.empty(total, dtype=np.int32)
        tid = np.empty(total, dtype=np.int32)
        cnt = np.empty(total, dtype=np.int32)
        part_of = np.full(len(self.articles), -1, dtype=np.int32)
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
                    got = self.positions.get_indexer(a.dictionary.to_numpy(zero_copy_only=False))
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
        self.part_of = part_of
        keep = aid >= 0  # rows of articles missing from the articles table are ignored
        if not keep.all():
            aid, tid, cnt = aid[keep], tid[keep], cnt[keep]
        index = TermIndex(aid, tid, cnt, vocab.to_numpy(dtype=object))
        if len(aid):
            starts = np.flatnonzero(np.concatenate([[True], aid[1:] != aid[:-1]]))
            owners = aid[starts]
            if len(np.unique(owners)) == len(owners):  # each article in one contiguous run
                index.start = np.zeros(len(self.articles), dtype=np.int64)
                index.length = np.zeros(len(self.articles), dtype=np.int64)
                index.start[owners] = starts
                index.length[owners] = np.diff(np.concatenate([starts, [len(aid)]]))
        n = len(index.vocab)
        index.totals = (
            np.bincount(tid, weights=cnt, minlength=n).astype(np.int64),
            np.bincount(tid, minlength=n).astype(np.int64),
        )
        return index


def _forms_text(forms: pd.DataFrame) -> pd.Series:
    """Each term's distinct surface forms, sorted and joined with " · " (indexed by term)."""
    # a plain pass over the (term, form) pairs: a pandas groupby with a Python aggregate pays
    # its per-group overhead for every one of the vocabulary's terms
    grouped: dict[str, set] = {}
    for term, form in zip(forms["term"].tolist(), forms["form"].tolist(), strict=True):
        grouped.setdefault(term, set()).add(form)
    terms = sorted(grouped)
    return pd.Series(
        [" · ".join(sorted(grouped[t])) for t in terms], index=pd.Index(terms, name="term"), name="form"
    )


def load_tables(folder: Path, con: duckdb.DuckDBPyConnection | None = None) -> Tables:
    """Open the dataset in ``folder`` (views over its Parquet files; small tables in pandas)."""
    return Tables(folder, con)


def choices(tables: Tables) -> Choices:
    """The values the filters may take, taken from the data."""

    def make() -> Choices:
        arts = tables.articles
        return Choices(
            outlet=tuple(sorted(arts["publisher"].dropna().unique())),
            cited=tuple(sorted(tables.outlets["outlet"].dropna().unique())),
            topic=tuple(tables.topic_masks),
        )

    return tables.memo.get(("choices",), make)


def date_bounds(tables: Tables) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Earliest and latest publication date in the corpus."""
    dates = tables.articles["published"].dropna()
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


def _mask(tables: Tables, f: Filters) -> np.ndarray:
    arts = tables.articles
    mask = np.ones(len(arts), dtype=bool)
    if f.lang:
        mask &= arts["language"].isin(f.lang).to_numpy()
    if f.outlet:
        mask &= arts["publisher"].isin(f.outlet).to_numpy()
    if f.topic:
        hit = np.zeros(len(arts), dtype=bool)
        for t in f.topic:
            if t in tables.topic_masks:
                hit |= tables.topic_masks[t]
        mask &= hit
    if f.cited:
        out = tables.outlets
        cited = np.zeros(len(arts), dtype=bool)
        cited[out.loc[out["outlet"].isin(f.cited), "pos"].to_numpy()] = True
        mask &= cited
    published = arts["published"]
    dated = published.notna().to_numpy()
    in_range = dated.copy()
    if f.date_from:
        in_range &= (published >= pd.Timestamp(f.date_from)).to_numpy()
    if f.date_to:
        in_range &= (published <= pd.Timestamp(f.date_to)).to_numpy()
    mask &= in_range | (~dated & f.undated)
    if f.q:
        mask &= tables.positions.isin(list(keyword_article_ids(tables, f.q)))
    return mask


def filter_articles(tables: Tables, f: Filters) -> pd.DataFrame:
    """The articles rows that pass every filter (index = position in ``tables.articles``)."""
    # the frame itself is kept (pages only read it), so a rerun does not copy 100k rows again;
    # few are kept (each can be the size of the articles table), the masks many more
    mask = tables.memo.get(("filter", f), lambda: _mask(tables, f))
    frame = tables.frames.get(("filter", f), lambda: tables.articles[mask])
    known = tables.keys.get(id(frame))
    if known is None or known[0]() is not frame:
        for k, (ref, _) in list(tables.keys.items()):
            if ref() is None:  # frames dropped from the memo
                tables.keys.pop(k, None)
        tables.keys[id(frame)] = (weakref.ref(frame), _key(frame.index.to_numpy()))
    return frame


def _keyword_ids(tables: Tables, q: str) -> frozenset[str]:
    variants = sorted(keyword_variants(q))
    hit: set[str] = set()
    # paragraph text: only article_id and text are read
    tests = _text_tests(variants)
    job = tables._text_job
    index = job.result() if job is not None and job.done() and job.exception() is None else None
    # the text scan runs in DuckDB (no GIL) while titles and terms are matched here
    with ThreadPoolExecutor(max_workers=1) as pool:
        if index is not None:
            scan = pool.submit(_indexed_scan, tables, index, tests)
        else:
            scan = pool.submit(_keyword_text_scan, tables, tests)
        arts = tables.articles
        ids = arts["article_id"].to_numpy()
        for v in variants:
            hit |= set(ids[_title_hits(tables, v.lower())])
        # canonical terms, or their merged surface forms, equal to a variant
        forms = tables.forms
        terms = set(forms.loc[forms["term"].isin(variants) | forms["form"].isin(variants), "term"]) | (
            set(variants) & set(tables.index.vocab)
        )
        for term in sorted(terms):
            hit |= set(tables.positions[np.unique(_term_positions(tables, term))])
        hit |= {r[0] for r in scan.result()}
    return frozenset(hit)


SCAN_BATCH = 8192  # article slots whose candidates' text is read at a time (bounded memory)
MATCH_BYTES = 48 << 20  # candidate text matched per query


def _text_tests(variants: list[str]) -> list[tuple[str, str]]:
    """How the text must contain each variant: ("contains", v) exactly, or ("ilike", v) in any case.

    Chinese has no case, so a plain substring test suffices unless the variant has cased letters.
    """
    tests = []
    for v in variants:
        if v != v.lower() and v.isascii() and v.lower() in variants:
            continue  # case is ignored: the lower-case variant's test matches the same rows
        tests.append(("contains", v) if v.lower() == v.upper() else ("ilike", v))
    return tests


def _indexed_scan(tables: Tables, index: TextIndex, tests: list[tuple[str, str]]) -> list[tuple[str]]:
    """The full scan's answer, matching only the articles the text index cannot rule out.

    ``ILIKE '%v%'`` is DuckDB's ``lower(text) LIKE lower('%v%')``, so on the candidates it is
    tested as ``contains(lower(text), lower(v))`` on the text the index holds lower-cased by
    DuckDB: the same rows, without LIKE's pattern matcher or lower-casing per query.
    """
    keys: list[np.ndarray] = []
    needles: dict[bool, list[str]] = {False: [], True: []}  # lower-cased text? → substrings
    for kind, v in tests:
        low = tables.query("SELECT lower(?)", [v]).fetchall()[0][0]
        if not low or "\x00" in low:  # not indexable: the full scan
            return _keyword_text_scan(tables, tests)
        keys.append(keyword_keys(low))
        needles[kind != "contains"].append(v if kind == "contains" else low)
    slots = index.candidates(keys)
    found: list[tuple[str]] = []
    for lower, subs in needles.items():
        if not subs or not len(slots):
            continue
        where = " OR ".join(["contains(text, ?)"] * len(subs))
        pending: list[pa.Table] = []

        def match(where: str = where, subs: list[str] = subs, pending: list[pa.Table] = pending) -> None:
            # the candidates' text is their paragraphs joined by NUL, which no keyword holds
            batch = pa.concat_tables(pending)
            pending.clear()
            found.extend(
                tables.query(
                    f"SELECT DISTINCT article_id FROM _cand WHERE {where}", subs, _cand=batch
                ).fetchall()
            )

        # a window of slots at a time (bounded reads), matched in batches of bounded size (few queries)
        window = np.searchsorted(slots, np.arange(0, len(index.ids) + SCAN_BATCH, SCAN_BATCH))
        for begin, end in zip(window[:-1], window[1:], strict=True):
            if begin < end:
                pending.append(index.texts(slots[begin:end], lower=lower))
                if sum(t.nbytes for t in pending) >= MATCH_BYTES:
                    match()
        if pending:
            match()
    return found


def _keyword_text_scan(tables: Tables, tests: list[tuple[str, str]]) -> list[tuple[str]]:
    """Articles whose paragraph text passes any of the tests: a scan of the whole paragraphs table."""
    conds = ["contains(text, ?)" if kind == "contains" else "text ILIKE ? ESCAPE '\\'" for kind, _ in tests]
    params = [
        v
        if kind == "contains"
        else "%" + v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        for kind, v in tests
    ]
    return tables.query(
        f"SELECT DISTINCT article_id FROM paragraphs WHERE {' OR '.join(conds)}", params
    ).fetchall()


def _lower_titles(tables: Tables) -> tuple[str, list[int]]:
    """Every article's title lower-cased (missing as empty), each followed by NUL, in one string;
    and where each title starts (plus the end). Computed once."""
    got = getattr(tables, "_titles_lower", None)
    if got is None:  # kept on the tables (not in the LRU): every keyword needs it
        titles = tables.articles["title"].fillna("").str.lower().tolist()
        lengths = np.fromiter((len(t) + 1 for t in titles), dtype=np.int64, count=len(titles))
        got = ("".join(t + "\x00" for t in titles), [0, *np.cumsum(lengths).tolist()])
        tables._titles_lower = got
    return got


def _title_hits(tables: Tables, needle: str) -> list[int]:
    """Positions of the articles whose lower-cased title contains ``needle`` (a plain substring test).

    One search over all titles joined by NUL instead of a test per title: a needle without NUL
    cannot match across two titles.
    """
    joined, starts = _lower_titles(tables)
    if not needle:
        return list(range(len(starts) - 1))
    if "\x00" in needle:
        return [k for k in range(len(starts) - 1) if needle in joined[starts[k] : starts[k + 1] - 1]]
    out: list[int] = []
    at = joined.find(needle)
    while at >= 0:
        k = bisect.bisect_right(starts, at) - 1
        out.append(k)
        at = joined.find(needle, starts[k + 1])
    return out


def _term_positions(tables: Tables, term: str) -> np.ndarray:
    """Article positions of every index row of ``term`` (empty when it is not in the vocabulary)."""
    idx = tables.index
    at = int(np.searchsorted(idx.vocab, term)) if len(idx.vocab) else 0
    if at >= len(idx.vocab) or idx.vocab[at] != term:
        return np.array([], np.int32)
    rows = tables.memo.get(("term_rows", term), lambda: np.flatnonzero(idx.tid == at))
    return idx.aid[rows]


def keyword_article_ids(tables: Tables, q: str) -> set[str]:
    """Articles whose title or text contains the keyword, or whose terms match it (any script)."""
    return set(tables.memo.get(("q", q), lambda: _keyword_ids(tables, q)))


def _positions(tables: Tables, ids: Iterable[str] | pd.DataFrame) -> np.ndarray:
    """Article positions of a selection (a filtered articles frame, or article ids)."""
    if isinstance(ids, pd.DataFrame):
        return ids.index.to_numpy()
    got = tables.positions.get_indexer(pd.Index(list(ids)))
    return np.unique(got[got >= 0])


def _selected(tables: Tables, pos: np.ndarray) -> np.ndarray:
    sel = np.zeros(len(tables.articles), dtype=bool)
    sel[pos] = True
    return sel


def _key(pos: np.ndarray) -> str:
    return hashlib.blake2b(np.ascontiguousarray(pos, dtype=np.int64).tobytes(), digest_size=16).hexdigest()


# Partitions of the articles whose per-group term totals are kept (built in the background):
# a selection that is a union of whole groups of one partition (a language filter, a publisher
# filter, a date range) is answered by adding group rows instead of passing over the index.
PARTITIONS: tuple[str, ...] = ("language", "publisher", "published")
MAX_GROUP_CELLS = 4_000_000  # groups × vocabulary per partition (int64 ×2 → ≤64 MB)


@dataclass
class GroupTotals:
    """Per-group term totals of one partition of the articles."""

    group: np.ndarray  # int32 group of each article position
    size: np.ndarray  # articles per group
    occ: np.ndarray  # groups × vocabulary occurrences
    arts: np.ndarray  # groups × vocabulary articles


def group_totals(tables: Tables) -> dict[str, GroupTotals]:
    """Term totals per language, publisher and publication date (missing values are a group)."""
    idx = tables.index
    n = len(idx.vocab)
    out: dict[str, GroupTotals] = {}
    for col in PARTITIONS:
        codes, uniques = pd.factorize(tables.articles[col], use_na_sentinel=False)
        groups = len(uniques)
        if groups * n > MAX_GROUP_CELLS or groups < 2:
            continue
        codes = codes.astype(np.int64)
        occ = np.zeros(groups * n, dtype=np.int64)
        arts = np.zeros(groups * n, dtype=np.int64)
        step = 2_000_000  # rows at a time: bounded temporaries
        for lo in range(0, len(idx.aid), step):
            key = codes[idx.aid[lo : lo + step]] * n + idx.tid[lo : lo + step]
            occ += np.bincount(key, weights=idx.count[lo : lo + step], minlength=groups * n).astype(np.int64)
            arts += np.bincount(key, minlength=groups * n)
        out[col] = GroupTotals(
            codes.astype(np.int32),
            np.bincount(codes, minlength=groups),
            occ.reshape(groups, n),
            arts.reshape(groups, n),
        )
    return out


@dataclass
class TopicTotals:
    """Term totals of the articles of one topic (topics overlap, so they are not a partition)."""

    mask: np.ndarray  # bool per article position
    size: int
    occ: np.ndarray  # per vocabulary term
    arts: np.ndarray


def _sums(tables: Tables, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, articles) per vocabulary term over the articles at positions ``pos``."""
    idx = tables.index
    rows = idx.rows(pos)
    if rows is None:
        keep = _selected(tables, pos)[idx.aid]
        tid, cnt = idx.tid[keep], idx.count[keep]
    else:
        tid, cnt = idx.tid[rows], idx.count[rows]
    n = len(idx.vocab)
    return (
        np.bincount(tid, weights=cnt, minlength=n).astype(np.int64),
        np.bincount(tid, minlength=n).astype(np.int64),
    )


def topic_totals(tables: Tables, step: int = 10_000) -> dict[str, TopicTotals]:
    """Term totals of each topic: a one-topic filter then needs no pass over the index."""
    idx = tables.index
    n = len(idx.vocab)
    out: dict[str, TopicTotals] = {}
    for topic, mask in tables.topic_masks.items():
        pos = np.flatnonzero(mask)
        occ = np.zeros(n, dtype=np.int64)
        arts = np.zeros(n, dtype=np.int64)
        for lo in range(0, len(pos), step):  # a few thousand articles at a time: bounded temporaries
            chunk_occ, chunk_arts = _sums(tables, pos[lo : lo + step])
            occ += chunk_occ
            arts += chunk_arts
        out[topic] = TopicTotals(mask, len(pos), occ, arts)
    return out


def _totals_dir(tables: Tables, name: str) -> Path | None:
    base = tables._index_cache_dir()
    return base.with_name(base.name.replace("term-index-", f"{name}-", 1)) if base is not None else None


def _cached_totals(tables: Tables, name: str, compute: Callable[[Tables], dict]) -> dict:
    """``compute(tables)`` (a dict of GroupTotals or TopicTotals), kept on disk next to the term index.

    Derived from the same files as the term index, so keyed like it; the big arrays are mapped,
    so a later start has them at once and only the rows a selection needs are ever read.
    """
    where = _totals_dir(tables, name)
    if where is not None and (where / "done").is_file():
        try:
            meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
            kinds = {"GroupTotals": GroupTotals, "TopicTotals": TopicTotals}
            out = {}
            for i, (key, kind, scalars) in enumerate(meta["entries"]):
                cls = kinds[kind]
                values = {}
                for f in dataclasses.fields(cls):
                    arr = np.load(where / f"{i}.{f.name}.npy", mmap_mode="r")
                    values[f.name] = int(arr.reshape(-1)[0]) if f.name in scalars else arr
                out[key] = cls(**values)
            return out
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("%s cache %s unreadable: recomputed", name, where)
    out = compute(tables)
    if where is None:
        return out
    tmp = where.with_name(where.name + f".tmp{os.getpid()}.{threading.get_ident()}")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        entries = []
        for i, (key, value) in enumerate(out.items()):
            scalars = []
            for f in dataclasses.fields(value):
                item = getattr(value, f.name)
                if isinstance(item, int | np.integer):
                    scalars.append(f.name)
                np.save(tmp / f"{i}.{f.name}.npy", np.ascontiguousarray(item))
            entries.append([key, type(value).__name__, scalars])
        (tmp / "meta.json").write_text(json.dumps({"entries": entries}, ensure_ascii=False), encoding="utf-8")
        (tmp / "done").write_text("", encoding="utf-8")
        publish(tmp, where)
    except OSError as exc:  # not cached: the answer stands
        log.info("%s not cached (%s)", name, exc)
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _from_groups(tables: Tables, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Totals of a selection that is a union of whole groups of a partition, or one whole topic, else None."""
    ready: list = []
    for job in (tables._groups_job, tables._topics_job):
        # not ready yet (or failed): the general path answers
        if job is not None and job.done() and job.exception() is None:
            ready += job.result().values()
    for part in ready:
        if isinstance(part, TopicTotals):
            if len(pos) == part.size and part.mask[pos].all():
                return part.occ, part.arts
            continue
        hit = np.bincount(part.group[pos], minlength=len(part.size))
        chosen = np.flatnonzero(hit)
        if np.array_equal(hit[chosen], part.size[chosen]):
            return part.occ[chosen].sum(axis=0), part.arts[chosen].sum(axis=0)
    return None


def _term_totals(tables: Tables, ids: Iterable[str] | pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, articles) of every vocabulary term in the selection, cached per selection."""
    pos = _positions(tables, ids)

    def make() -> tuple[np.ndarray, np.ndarray]:
        idx = tables.index
        n = len(idx.vocab)
        if len(pos) == len(tables.articles):
            if idx.totals is not None:
                return idx.totals
            return (
                np.bincount(idx.tid, weights=idx.count, minlength=n).astype(np.int64),
                np.bincount(idx.tid, minlength=n).astype(np.int64),
            )
        grouped = _from_groups(tables, pos)
        if grouped is not None:
            return grouped
        # sum over the smaller side: a wide selection is the corpus minus what it leaves out
        wide = 2 * len(pos) > len(tables.articles)
        side = np.setdiff1d(np.arange(len(tables.articles)), pos, assume_unique=True) if wide else pos
        occ, arts = _sums(tables, side)
        if wide:
            all_occ, all_arts = _term_totals(tables, tables.articles)
            return all_occ - occ, all_arts - arts
        return occ, arts

    return tables.memo.get(("terms", _key(pos)), make)


def _sel_rel(tables: Tables, arts: pd.DataFrame) -> tuple[str, dict]:
    """An SQL condition on ``article_id`` for the selection, and the frames to register for it."""
    if len(arts) == len(tables.articles):
        return "TRUE", {}
    return "article_id IN (SELECT article_id FROM _sel)", {
        "_sel": pa.table({"article_id": pa.array(arts["article_id"].tolist(), pa.string())})
    }


def _per_selection(fn: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Memoise a page query per (selection, arguments): switching pages repeats the same selection.

    Only for a selection that is a subset of ``tables.articles`` with its positions as index (as
    ``filter_articles`` gives); anything else is computed as before. Callers get a copy.
    """
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: object) -> pd.DataFrame:
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        given = bound.arguments
        tables, arts = given.get("tables"), given.get("arts")
        if (
            not isinstance(tables, Tables)
            or not isinstance(arts, pd.DataFrame)
            or given.get("figs") is not None
        ):
            return fn(*args, **kwargs)
        key = selection_key(tables, arts)
        if key is None:
            return fn(*args, **kwargs)
        rest = tuple((k, v) for k, v in given.items() if k not in ("tables", "arts", "figs"))

        def make() -> pd.DataFrame:
            if len(arts) != len(tables.articles):
                return fn(*args, **kwargs)
            # the whole corpus (every page's first view): kept on disk for the next start
            name = fn.__name__ + "-" + hashlib.blake2b(repr(rest).encode(), digest_size=8).hexdigest()
            return _disk_cached(tables, name, lambda: fn(*args, **kwargs))

        return _copied(tables.memo.get((fn.__name__, key, rest), make))

    return wrapper


def selection_key(tables: Tables, arts: pd.DataFrame, known_only: bool = False) -> str | None:
    """A memo key for a selection of ``tables.articles`` (positions as index), else None.

    Frames handed out by ``filter_articles`` are known; any other frame is checked against the
    articles table (its index must name the positions of its own article ids), unless
    ``known_only`` (for answers that read more of the frame than its article ids).
    """
    known = tables.keys.get(id(arts))
    if known is not None and known[0]() is arts:
        return known[1]
    if known_only:
        return None
    pos = arts.index.to_numpy()
    ids = tables.articles["article_id"].to_numpy()
    if "article_id" not in arts or pos.dtype.kind not in "iu":
        return None
    if len(pos) and (pos.min() < 0 or pos.max() >= len(ids)):
        return None
    if not np.array_equal(ids[pos], arts["article_id"].to_numpy()):
        return None
    return _key(pos)


def _copied(value: object) -> object:
    # memoised frames are shared: every caller gets its own copy to edit
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(_copied(v) for v in value)
    return value


def per_selection(tables: Tables, arts: pd.DataFrame, fn: Callable[..., object], *args: object) -> object:
    """``fn(arts, *args)``, memoised per selection (for the page helpers that take only a frame).

    Only frames given out by ``filter_articles`` are memoised: these helpers read the frame's
    columns, which only those are known to hold unchanged.
    """
    key = selection_key(tables, arts, known_only=True)
    if key is None:
        return fn(arts, *args)
    return _copied(tables.memo.get((fn.__name__, key, args), lambda: fn(arts, *args)))


# ---------------------------------------------------------------- overview


def headline_counts(tables: Tables, arts: pd.DataFrame) -> dict[str, int]:
    """Articles, publishers, cited outlets, figures and distinct terms in the selection."""
    pos = arts.index.to_numpy()
    out = tables.outlets
    occurrences, _ = _term_totals(tables, arts)
    return {
        "articles": len(arts),
        "publishers": int(arts["publisher"].nunique()),
        "cited outlets": int(out.loc[_selected(tables, pos)[out["pos"].to_numpy()], "outlet"].nunique()),
        "figures": int(tables.article_counts["figures"].to_numpy()[pos].sum()),
        "terms": int((occurrences > 0).sum()),
    }


def by_publisher_language(arts: pd.DataFrame) -> pd.DataFrame:
    """Article counts per publisher and language."""
    frame = arts.assign(publisher=arts["publisher"].fillna(UNKNOWN))
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
    # the month is precomputed on the loaded articles (``Tables``); other frames derive it
    month = dated["month"] if "month" in dated else dated["published"].dt.to_period("M").dt.to_timestamp()
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


def _removed_counts(tables: Tables) -> pd.DataFrame:
    """Lines removed per (article position, rule), one pass over ``removed`` (then cached)."""
    return tables.query(
        """SELECT a.pos, r.rule, count(*) AS lines FROM removed r JOIN art_pos a USING (article_id)
           GROUP BY a.pos, r.rule ORDER BY a.pos, r.rule"""
    ).df()


@_per_selection
def removed_by_rule(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Lines cut by each cleaning rule in the selection."""
    counts = tables._removed_job.result()
    rows = counts[_selected(tables, arts.index.to_numpy())[counts["pos"].to_numpy()]]
    out = rows.groupby("rule", as_index=False)["lines"].sum()
    out["lines"] = out["lines"].astype(int)
    return out.sort_values(["lines", "rule"], ascending=[False, True], ignore_index=True)


# ---------------------------------------------------------------- terms


def term_counts(tables: Tables, ids: Iterable[str] | pd.DataFrame) -> pd.Series:
    """Total count of each canonical term in the given articles (terms that occur only)."""
    occurrences, _ = _term_totals(tables, ids)
    present = occurrences > 0
    return pd.Series(
        occurrences[present].astype(float),
        index=pd.Index(tables.index.vocab[present], name="term"),
        name="count",
    )


def top_terms(tables: Tables, arts: pd.DataFrame, n: int = 30) -> pd.DataFrame:
    """Most frequent terms: raw count, per 10,000 terms, articles, and the surface forms merged.

    ``forms`` lists the surface forms merged into the term anywhere in the corpus.
    """
    occurrences, articles = _term_totals(tables, arts)
    total = occurrences.sum()
    if total == 0:
        return pd.DataFrame(columns=["term", "count", "per_10k", "articles", "forms"])
    present = np.flatnonzero(occurrences > 0)
    frame = pd.DataFrame(
        {
            "term": tables.index.vocab[present],
            "count": occurrences[present],
            "articles": articles[present],
        }
    )
    out = frame.sort_values(["count", "term"], ascending=[False, True]).head(n).reset_index(drop=True)
    out["per_10k"] = (out["count"] / total * 10_000).round(1)
    out["forms"] = out["term"].map(tables.forms_text).fillna("")
    return out[["term", "count", "per_10k", "articles", "forms"]]


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


def _group_mask(arts: pd.DataFrame, dimension: str, value: str) -> np.ndarray:
    if dimension == "topic":
        return arts["topics"].map(lambda ts: value in _as_list(ts)).to_numpy(bool)
    return (arts[dimension] == value).to_numpy(bool)


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
    in_a = _group_mask(arts, dimension, group_a)
    in_b = ~in_a if group_b == REST else _group_mask(arts, dimension, group_b) & ~in_a
    if not in_a.any() or not in_b.any():
        return pd.DataFrame(columns=["term", "count_a", "count_b", "delta", "z", "favours"])
    # selections as sub-frames: their index (article positions) keys the term totals directly;
    # the rest of the selection is its total minus group A (no second pass over the index)
    counts_all = term_counts(tables, arts)
    counts_a = term_counts(tables, arts[in_a])
    if group_b == REST:
        counts_b = counts_all.sub(counts_a, fill_value=0.0)
        counts_b = counts_b[counts_b > 0]
    else:
        counts_b = term_counts(tables, arts[in_b])
    scored = log_odds_dirichlet(counts_a, counts_b, counts_all)
    scored = scored[(scored["count_a"] + scored["count_b"]) > 0]
    top = scored.head(n)
    bottom = scored.tail(n)
    out = pd.concat([top[top["z"] > 0], bottom[bottom["z"] < 0]]).drop_duplicates("term")
    out["favours"] = np.where(out["z"] > 0, group_a, group_b)
    return out.reset_index(drop=True)


def _term_rows(tables: Tables, arts: pd.DataFrame, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(article positions, counts) of ``term`` in the selection, in article order."""
    idx = tables.index
    at = int(np.searchsorted(idx.vocab, term)) if len(idx.vocab) else 0
    if at >= len(idx.vocab) or idx.vocab[at] != term:
        return np.array([], np.int64), np.array([], np.int64)
    rows = tables.memo.get(("term_rows", term), lambda: np.flatnonzero(idx.tid == at))
    pos, cnt = idx.aid[rows], idx.count[rows]
    keep = _selected(tables, arts.index.to_numpy())[pos]
    pos, cnt = pos[keep], cnt[keep]
    order = np.argsort(pos, kind="stable")
    return pos[order], cnt[order]


def term_over_time(tables: Tables, arts: pd.DataFrame, term: str) -> pd.DataFrame:
    """Monthly occurrences of ``term`` in dated articles."""
    pos, cnt = _term_rows(tables, arts, term)
    month = tables.month.to_numpy()[pos]
    dated = ~pd.isna(month)
    if not dated.any():
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "count": pd.Series(dtype=int)})
    hits = pd.DataFrame({"month": month[dated], "count": cnt[dated]})
    return hits.groupby("month", as_index=False)["count"].sum()


def term_by_publisher(tables: Tables, arts: pd.DataFrame, term: str) -> pd.DataFrame:
    """Occurrences of ``term`` per publisher."""
    pos, cnt = _term_rows(tables, arts, term)
    pubs = tables.articles["publisher"].to_numpy()[pos]
    hits = pd.DataFrame({"publisher": pd.Series(pubs, dtype=object).fillna(UNKNOWN), "count": cnt})
    out = hits.groupby("publisher", as_index=False)["count"].sum()
    return out.sort_values("count", ascending=False, ignore_index=True)


KWIC_COLUMNS = ["left", "match", "right", "title", "publisher", "published", "url", "article_id", "paragraph"]


@_per_selection
def kwic(tables: Tables, arts: pd.DataFrame, term: str, width: int = 24, limit: int = 200) -> pd.DataFrame:
    """Keyword-in-context lines for ``term``: the first occurrence of a merged surface form per paragraph.

    The term index names the selected articles holding the term; at most ``limit`` of them (from as
    few table parts as possible) are looked up in the terms table, and only their paragraphs read.
    """
    pos, _ = _term_rows(tables, arts, term)
    if not len(pos):
        return pd.DataFrame(columns=KWIC_COLUMNS)
    # prefer articles from few parts: each part read is a file scan
    part = tables.part_of[pos]
    pos = pos[np.lexsort((pos, part))][:limit]
    parts = np.unique(tables.part_of[pos]).tolist()
    ids = tables.positions[pos]
    cand = pa.table({"article_id": pa.array(list(ids), pa.string())})
    hits = tables.query(
        f"""
        WITH t AS (
            SELECT article_id, paragraph, forms FROM {tables.source("terms", parts)}
            WHERE term = ? AND article_id IN (SELECT article_id FROM _cand)
        ), p AS (
            SELECT article_id, paragraph, text FROM {tables.source("paragraphs", parts)}
            WHERE article_id IN (SELECT article_id FROM _cand)
        )
        SELECT t.article_id, t.paragraph, t.forms, p.text
        FROM t JOIN p USING (article_id, paragraph)
        ORDER BY t.article_id, t.paragraph
        """,
        [term],
        _cand=cand,
    ).fetchall()
    # only the candidates' metadata (indexing the whole articles table by id copies every column)
    meta = tables.articles.iloc[pos][["article_id", "title", "source", "publisher", "published", "url"]]
    # plain dicts: a pandas ``.at`` per field and line costs more than the query
    meta = {r["article_id"]: r for r in meta.drop_duplicates("article_id").to_dict(orient="records")}
    rows = []
    for article_id, paragraph, forms, text in hits:
        if not isinstance(text, str):
            continue
        cands = sorted({*_as_list(forms), term}, key=len, reverse=True)
        low = text.lower()
        at, form = -1, ""
        for cand_form in cands:
            at = low.find(cand_form.lower())
            if at >= 0:
                form = text[at : at + len(cand_form)]
                break
        if at < 0:
            continue
        rows.append(
            {
                "left": text[max(0, at - width) : at],
                "match": form,
                "right": text[at + len(form) : at + len(form) + width],
                "title": meta[article_id]["title"] or meta[article_id]["source"],
                "publisher": meta[article_id]["publisher"],
                "published": meta[article_id]["published"],
                "url": meta[article_id]["url"],
                "article_id": article_id,
                "paragraph": int(paragraph),
            }
        )
        if len(rows) >= limit:
            break
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


# ---------------------------------------------------------------- figures

FIGURE_COLUMNS = [
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


def _with_meta(tables: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    meta = tables.articles[["article_id", "title", "publisher", "published", "language"]]
    return frame.merge(meta, on="article_id", how="left")


@_per_selection
def figures_table(
    tables: Tables, arts: pd.DataFrame, kind: str | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Cited figures with their article's title, publisher and date (of one ``kind`` if given).

    Ordered by article and paragraph; ``limit`` keeps the first rows only (a page cannot show
    hundreds of thousands of rows; the counts come from ``figures_by_kind``).
    """
    cond, frames = _sel_rel(tables, arts)
    params: list = []
    if kind:
        cond += " AND kind = ?"
        params.append(kind)
    sql = f"SELECT * FROM figures WHERE {cond} ORDER BY article_id, paragraph, text"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    figs = _frame(tables.query(sql, params or None, **frames).to_arrow_table())
    return _with_meta(tables, figs)[FIGURE_COLUMNS].reset_index(drop=True)


@_per_selection
def figures_by_kind(
    figs: pd.DataFrame | None = None, tables: Tables | None = None, arts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Figure counts per kind: of a figures frame, or (with ``tables`` and ``arts``) of the selection."""
    if figs is None:
        cond, frames = _sel_rel(tables, arts)
        return tables.query(
            f"SELECT kind, count(*) AS figures FROM figures WHERE {cond} GROUP BY kind ORDER BY figures DESC, kind",
            **frames,
        ).df()
    out = figs.groupby("kind", as_index=False).size().rename(columns={"size": "figures"})
    return out.sort_values("figures", ascending=False, ignore_index=True)


MONEY_COLUMNS = [
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


@_per_selection
def money_figures(
    figs: pd.DataFrame | None = None,
    tables: Tables | None = None,
    arts: pd.DataFrame | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """Money figures with a positive USD value (drawable on a log scale).

    From a figures frame, or (with ``tables`` and ``arts``) the ``limit`` largest in the selection.
    """
    if figs is None:
        cond, frames = _sel_rel(tables, arts)
        money = _frame(
            tables.query(
                f"SELECT * FROM figures WHERE {cond} AND kind = 'money' AND value_usd > 0 "
                f"ORDER BY value_usd DESC, article_id, paragraph LIMIT {int(limit)}",
                **frames,
            ).to_arrow_table()
        )
        figs = _with_meta(tables, money)
    money = figs[(figs["kind"] == "money") & (figs["value_usd"].fillna(0) > 0)]
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


def recurring_claims(tables: Tables, arts: pd.DataFrame, min_articles: int = 1) -> pd.DataFrame:
    """One row per claim restricted to the selection: value, subject, outlets, articles, first/last date."""
    key = ("claims", _key(arts.index.to_numpy()), int(min_articles))
    return tables.memo.get(key, lambda: _recurring_claims(tables, arts, min_articles)).copy()


def _recurring_claims(tables: Tables, arts: pd.DataFrame, min_articles: int) -> pd.DataFrame:
    cond, frames = _sel_rel(tables, arts)
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
    frame = _frame(
        tables.query(
            "SELECT * FROM paragraphs WHERE article_id = ? AND paragraph = ?", [article_id, int(number)]
        ).to_arrow_table()
    )
    return frame.iloc[0] if len(frame) else None


# ---------------------------------------------------------------- sources


def publishers(arts: pd.DataFrame) -> pd.DataFrame:
    """Publishers with article counts and how the publisher was determined."""
    frame = arts.assign(
        publisher=arts["publisher"].fillna(UNKNOWN), basis=arts["publisher_basis"].fillna("—")
    )
    out = frame.groupby(["publisher", "basis"], as_index=False).size().rename(columns={"size": "articles"})
    return out.sort_values("articles", ascending=False, ignore_index=True)


def _outlets_in(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    out = tables.outlets
    return out[_selected(tables, arts.index.to_numpy())[out["pos"].to_numpy()]]


@_per_selection
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


@_per_selection
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


def outlet_sentences(tables: Tables, arts: pd.DataFrame, outlet: str, limit: int = 50) -> list[str]:
    """Sentences of the selection that cite ``outlet`` (first ``limit``, in article order)."""
    cond, frames = _sel_rel(tables, arts)
    rows = tables.query(
        f"SELECT sentence FROM citations WHERE outlet = ? AND {cond} ORDER BY article_id, paragraph LIMIT {int(limit)}",
        [outlet],
        **frames,
    ).fetchall()
    return [r[0] for r in rows]


@_per_selection
def unknown_sources(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Sources found by pattern but not yet in the lexicon, for review."""
    cols = ["surface", "outlet", "citations", "articles", "example"]
    if not _outlets_in(tables, arts)["unknown"].sum():
        return pd.DataFrame(columns=cols)
    cond, frames = _sel_rel(tables, arts)
    return tables.query(
        f"""SELECT surface, outlet, count(*) AS citations, count(DISTINCT article_id) AS articles,
                   first(sentence ORDER BY article_id, paragraph) AS example
            FROM citations WHERE NOT coalesce(known, false) AND {cond}
            GROUP BY surface, outlet ORDER BY citations DESC, surface, outlet""",
        **frames,
    ).df()


# ---------------------------------------------------------------- articles


def article_list(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
    """Articles with metadata and per-article counts of figures, citations and terms."""
    return tables.memo.get(("list", _key(arts.index.to_numpy())), lambda: _article_list(tables, arts)).copy()


def _article_list(tables: Tables, arts: pd.DataFrame) -> pd.DataFrame:
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
    counts = tables.article_counts.iloc[arts.index.to_numpy()]
    for col in ("figures", "citations", "terms"):
        out[col] = counts[col].to_numpy().astype(int)
    out["topics"] = tables.topics_text.to_numpy()[arts.index.to_numpy()]
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
    arts = tables.articles
    row = arts[arts["article_id"] == article_id]
    if row.empty:
        return None

    def one(name: str, order: str, cols: str = "*") -> pd.DataFrame:
        return _frame(
            tables.query(
                f"SELECT {cols} FROM {name} WHERE article_id = ? ORDER BY {order}", [article_id]
            ).to_arrow_table()
        )

    return Reader(
        article=row.iloc[0],
        paragraphs=one("paragraphs", "paragraph"),
        figures=one("figures", "paragraph, text"),
        citations=one("citations", "paragraph, outlet"),
        removed=one("removed", "line, rule", "line, rule, text"),
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


def text_index(tables: Tables, build: bool = True) -> TextIndex | None:
    """The keyword text index of ``tables`` (``dashboard.textindex``): from the disk cache, else
    built there unless not ``build``. None for a dataset of single files (fixtures): only a built
    output, with part directories, is worth an index on disk."""
    if not (tables.folder / "paragraphs.parquet").is_dir():
        return None
    return _cached_text_index(tables.folder, _parts(tables.folder, "paragraphs"), build)
