"""Opening a dataset: a DuckDB connection with a view per table, the small tables in pandas, and
the derived data (term index, totals, text index, cached answers) started on one executor.

Nothing here imports Streamlit: the app keeps one ``Tables`` per process (``st.cache_resource``)
and every query runs on its own cursor (``con.cursor()``), so sessions never share a cursor.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.pipeline.build.aggregates import SOURCES as AGG_SOURCES
from dashboard.pipeline.build.aggregates import chunk_aggregates
from dashboard.store import cache, termindex, totals
from dashboard.store.cache import Memo
from dashboard.store.files import AGGREGATES, SMALL, TABLES, sql_path, table_glob, to_pandas
from dashboard.store.files import parts as table_parts
from dashboard.store.jobs import Jobs
from dashboard.store.termindex import TermIndex
from dashboard.store.textindex import TextIndex
from dashboard.store.textindex import text_index as _cached_text_index

log = logging.getLogger(__name__)

Warm = Callable[["Tables"], None]

MEMO_BYTES = 128 * 2**20  # the in-memory answers of recent selections (``Memo``, ``cache.sizeof``)
FRAMES_BYTES = 64 * 2**20  # the articles frames of recent selections


class Tables:
    """One dataset folder: a DuckDB connection with a view per table, plus the small tables in pandas.

    ``tables[name]`` gives a small table (articles, rejected, claims) as pandas. Big tables can be
    read whole the same way for tests and tools, but the dashboard never does.
    """

    def __init__(
        self,
        folder: Path,
        con: duckdb.DuckDBPyConnection | None = None,
        *,
        cache_root: Path | None = None,
        background: bool = True,
        warm: Warm | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.con = con if con is not None else duckdb.connect()
        self.cache_root = cache_root  # None: ``cache.cache_root()``
        # every background job of this dataset; ``background=False`` runs each at once instead
        self.jobs = Jobs() if background else Jobs(workers=0)
        # masks, totals and page answers of recent selections; and the selections of recent
        # filters (each holds its articles frame): bounded by count and by bytes (at 10⁵
        # articles a selection's frame is ≈ 20 MB, a table of answers up to tens of MB)
        self.memo = Memo(size=128, max_bytes=MEMO_BYTES)
        self.frames = Memo(size=6, max_bytes=FRAMES_BYTES)
        self.derived: Path | None | bool = False  # the answers' cache folder, once known
        self._once: dict[str, object] = {}  # named results computed once per dataset
        self._once_lock = threading.Lock()
        self.part_names: list[str] = []  # term_counts part files, when it is a part directory
        self._create_views()
        # DuckDB queries release the GIL: the merged forms are read while the articles convert
        self.jobs.start("forms", disk_cached, self, "forms", self._read_forms)
        arts_arrow = self.query("SELECT * FROM articles ORDER BY article_id").to_arrow_table()
        arts = to_pandas(arts_arrow, lists=False)
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
        self.jobs.start(
            "outlets",
            disk_cached,
            self,
            "outlets",
            lambda: self.query(
                "SELECT o.*, a.pos FROM outlet_counts o JOIN art_pos a USING (article_id) ORDER BY a.pos, outlet"
            ).df(),
        )
        self.part_of = np.full(len(arts), -1, dtype=np.int32)
        # the term index is the slow part of opening: build it on the other core meanwhile. After
        # a build its parts are read once; their descriptions give the vocabulary and corpus
        # totals (the first page's) before the rows are numbered globally
        self.jobs.start("index-parts", termindex.built_parts, self)
        self.jobs.start("index", self._index)
        self.jobs.start("corpus-terms", self._corpus_terms)
        # per-article removed-line counts: one DuckDB pass (no GIL), also while the rest loads
        self.jobs.start("removed", disk_cached, self, "removed", lambda: removed_counts(self))
        self.small: dict[str, pd.DataFrame] = {"articles": arts}
        self.month = arts["published"].dt.to_period("M").dt.to_timestamp()
        arts["month"] = self.month
        self.article_counts = self._article_counts()
        topics = arts_arrow.column("topics").combine_chunks()
        self.topic_masks = self._topic_masks(topics)
        # waited for here, so a broken table still fails the load (not a later page)
        self.outlets = self.jobs.result("outlets")
        self.forms, self.forms_text = self.jobs.result("forms")
        # the first pages' slowest answers (given by the query layer) and the group totals, once
        # the index is there (at once from the cache; after a build it competes for the cores
        # with numbering the index, which every filter needs first)
        self.jobs.start("warm", self._warm, warm, after=["index"])
        # the term index the build wrote, once numbered, cached for later starts (after the warm-up)
        self.jobs.start("index-cache", termindex.keep_index, self, after=["warm"])
        # the keyword text index: mapped at once when cached, else built after the warm-up
        self.jobs.start("text-index", self._text_index)
        # the article list's topics column, joined once (vectorised) rather than per listing
        self.topics_text = pd.Series(
            pc.fill_null(pc.binary_join(topics, ", "), "").to_numpy(zero_copy_only=False), dtype=object
        )

    def _create_views(self) -> None:
        """A view per table over its Parquet files; aggregates missing from the build are derived."""
        for name in TABLES:
            self.con.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({sql_path(table_glob(self.folder, name))})"
            )
        missing = []
        for name in AGGREGATES:
            if table_parts(self.folder, name):
                self.con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS "
                    f"SELECT * FROM read_parquet({sql_path(table_glob(self.folder, name))})"
                )
            else:
                missing.append(name)
        if missing:  # a build without aggregates: derive them once, in memory, as the build would
            log.warning("aggregates %s missing in %s: derived at load", ", ".join(missing), self.folder)
            rows = {src: self.con.sql(f"SELECT * FROM {src}").to_arrow_table() for src in AGG_SOURCES}
            derived = chunk_aggregates(
                rows
            )  # the build's own (Arrow) implementation, the whole corpus as one chunk
            for name in missing:
                self.con.register("_derived", derived[name])
                self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _derived")
                self.con.unregister("_derived")

    def _article_counts(self) -> pd.DataFrame:
        """Terms, figures and citations per article position (0 for an article without a row)."""
        got = self.query(
            "SELECT a.pos, c.terms, c.figures, c.citations FROM article_counts c JOIN art_pos a USING (article_id)"
        ).fetchnumpy()
        counts = pd.DataFrame(
            0,
            index=pd.RangeIndex(len(self.articles)),
            columns=["terms", "figures", "citations"],
            dtype=np.int64,
        )
        pos = np.asarray(got["pos"], dtype=np.int64)
        for col in counts.columns:
            counts.loc[pos, col] = np.asarray(got[col], dtype=np.int64)
        return counts

    def _parts(self) -> list | None:
        # the build's index parts, while the index job has not let them go (then None: the
        # corpus totals come from the index instead, the same numbers)
        self.jobs.wait("index-parts")
        return self.jobs.ready("index-parts")

    def _corpus_terms(self) -> termindex.CorpusTerms:
        return termindex.corpus_terms(self, self._parts())

    def _index(self) -> TermIndex:
        try:
            return termindex.cached_index(self, self._parts())
        finally:
            self.jobs.discard("index-parts")  # its mapped arrays and descriptions are not kept

    @property
    def corpus_terms(self) -> termindex.CorpusTerms:
        """The vocabulary and corpus-wide term totals (ready before the whole index after a build)."""
        return self.jobs.result("corpus-terms")

    def _read_forms(self) -> tuple[pd.DataFrame, pd.Series]:
        """The surface forms merged into each term (summed over the corpus), and their display text."""
        forms = self.query(
            'SELECT term, form, CAST(sum("count") AS BIGINT) AS "count" FROM term_forms GROUP BY ALL ORDER BY term, form'
        ).df()
        return forms, _forms_text(forms)

    def _warm(self, warm: Warm | None) -> None:
        # the partitions' totals first (the common filters), then each topic's; used only when
        # ready. Mapped from the disk cache at once, else computed after the warm-up's answers
        names = (("group-totals", totals.group_totals), ("topic-totals", totals.topic_totals))
        cached = all(cache.is_complete(totals.totals_dir(self, n)) for n, _ in names)

        def start() -> None:
            self.jobs.start("group-totals", totals.cached_totals, self, *names[0])
            self.jobs.start("topic-totals", totals.cached_totals, self, *names[1], after=["group-totals"])

        if cached:
            start()
        if warm is not None:
            try:
                warm(self)
            except Exception:  # only a warm-up: the page computes (and reports) it again if needed
                log.exception("warming the first answers failed")
        if not cached:
            start()

    def _text_index(self) -> TextIndex | None:
        """The keyword text index: from the disk cache, else built once the warm-up is done."""
        cached = text_index(self, build=False)
        if cached is not None:
            return cached
        # building competes for the cores: let the first pages (and the totals) go first
        for name in ("warm", "group-totals", "topic-totals"):
            self.jobs.wait(name)
        return text_index(self)

    def once(self, name: str, make: Callable[[], object]) -> object:
        """The result ``name`` of this dataset: ``make()`` the first time, then kept (never evicted)."""
        with self._once_lock:
            if name in self._once:
                return self._once[name]
        value = make()
        with self._once_lock:
            return self._once.setdefault(name, value)

    @property
    def index(self) -> TermIndex:
        """The term index (built in the background while the rest loads; waits for it)."""
        return self.jobs.result("index")

    def close(self) -> None:
        """Stop the background work (waits for running jobs) and close the connection."""
        self.jobs.close()
        self.con.close()

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
        # listed once per dataset (a rebuild opens a new one): a directory listing per query
        # stalled for tenths of a second on a loaded machine
        files = self.once(f"parts-{name}", lambda: table_parts(self.folder, name))
        if [p.name for p in files] != self.part_names:
            return name
        chosen = [str(files[i]) for i in sorted(set(parts)) if i >= 0]
        if not chosen:
            return name
        return "read_parquet([" + ", ".join(sql_path(f) for f in chosen) + "])"

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.small:
            if name not in TABLES and name not in AGGREGATES:
                raise KeyError(name)
            got = to_pandas(self.query(f"SELECT * FROM {name}").to_arrow_table())
            if name == "claims":
                for col in ("first_published", "last_published"):
                    got[col] = pd.to_datetime(got[col], errors="coerce")
            if name not in SMALL:
                return got  # big tables are not kept
            self.small[name] = got
        return self.small[name]

    def __contains__(self, name: str) -> bool:
        return name in TABLES


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


def derived_dir(tables: Tables) -> Path | None:
    """Where answers derived from this dataset's files are kept on disk (keyed by every file), or
    None for a dataset whose aggregates were derived at load (nothing on disk to key on)."""
    if tables.derived is not False:
        return tables.derived
    where = None
    if table_parts(tables.folder, "term_counts"):
        files = [tables.folder / "meta.json"]
        for name in (*TABLES, *AGGREGATES):
            files += table_parts(tables.folder, name)
        where = cache.dataset_dir("derived-v1", tables.folder, files, tables.cache_root)
    tables.derived = where
    return where


def disk_cached(tables: Tables, name: str, make: Callable[[], object]) -> object:
    """``make()``, kept on disk per dataset: a later start reads it instead of querying again.

    Derived data like the merged forms or a whole-corpus answer (small frames a start would
    otherwise compute with DuckDB while the first page waits or competes for the cores).
    """
    return cache.cached_pickle(derived_dir(tables), name, make)


def removed_counts(tables: Tables) -> pd.DataFrame:
    """Lines removed per (article position, rule), one pass over ``removed`` (then cached)."""
    return tables.query(
        """SELECT a.pos, r.rule, count(*) AS lines FROM removed r JOIN art_pos a USING (article_id)
           GROUP BY a.pos, r.rule ORDER BY a.pos, r.rule"""
    ).df()


def text_index(tables: Tables, build: bool = True) -> TextIndex | None:
    """The keyword text index of ``tables`` (``dashboard.store.textindex``): from the disk cache, else
    built there unless not ``build``. None for a dataset of single files (fixtures): only a built
    output, with part directories, is worth an index on disk."""
    if not (tables.folder / "paragraphs.parquet").is_dir():
        return None
    return _cached_text_index(
        tables.folder, table_parts(tables.folder, "paragraphs"), build, tables.cache_root
    )
