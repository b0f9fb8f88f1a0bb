"""The per-chunk work: read a run of files, analyse each document, write the chunk's row tables.

Each chunk is read, cleaned and analysed where it runs (a worker process, a cluster worker or
this process), and its row tables are written there as Parquet parts; only a light summary per
article (its ``articles`` row, sampled shingles, tagged figures) travels back to the build.
Unchanged chunks (same cache key) are taken from the cache, not analysed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import pyarrow as pa

from .. import dictfacts, ingest
from ..analyse import claims
from ..analyse.document import ROW_TABLES, ArticleResult, safe_analyse
from ..records import Columns, Document, Rejected
from . import aggregates, cache, dedupe, scheduler
from .chunks import Chunk, FileItem, chunk_bounds
from .write import to_table, write_table

# Below this many files to analyse, starting worker processes costs more than it saves.
LOCAL_MIN_FILES = 200
# A local worker process analyses at most this many chunks (≈10,000 files), then the pool is
# replaced by a fresh one. Workers measured flat at ≈0.45–0.5 GB over 150 chunks each (10⁴
# articles, 2 workers), yet reached 1.7 GB after ≈1,600 chunks each at 10⁵, from a cause not
# reproduced at the smaller scale (not DuckDB connections, segment writing, the dask payloads,
# rjieba or OpenCC calls: each measured flat). Bounding a worker's life bounds its memory to the
# measured regime; a new pool costs ≈4 s of warm-up per worker (≈1.5 % of a 10⁵ build).
WORKER_CHUNKS = 320

_warm = False


def warm_up() -> None:
    """Load the segmenter, OpenCC converters, lexicons and compiled patterns in this process, once."""
    global _warm
    if _warm:
        return
    safe_analyse(
        Document(
            "warm-up.txt",
            "美国限制英伟达向中国出口芯片，台积电股价下跌3%。\nNvidia said so.\n",
            "utf-8",
            "txt",
        )
    )
    _warm = True


def assemble_chunk(results: list[ArticleResult], folder: Path) -> Chunk:
    """Write one chunk's row tables as Parquet files into ``folder``; return what the build needs.

    An identical copy of an article inside the chunk is folded into the first one (its source is
    added to ``sources``); rows are those of the first copy, articles in input order. The
    ``removed`` rows of every input are kept, ordered by source and line.
    """
    kept: dict[str, ArticleResult] = {}
    rejected: list[tuple[str, str]] = []
    duplicates = 0
    for res in results:
        if res.article is None:
            rejected.append((res.source, res.reason or "rejected"))
        elif (aid := res.article["article_id"]) in kept:
            kept[aid].article["sources"].append(res.source)
            duplicates += 1
        else:
            kept[aid] = res
    rows: dict[str, list[dict] | Columns] = {name: [] for name in ROW_TABLES}
    for name in ROW_TABLES:
        parts = [res.rows[name] for res in kept.values()]
        if parts and all(isinstance(p, Columns) for p in parts):  # stages that return columns
            rows[name] = Columns(
                {c: list(chain.from_iterable(p.data[c] for p in parts)) for c in parts[0].data}
            )
        elif name != "removed":
            rows[name] = list(chain.from_iterable(parts))
    rows["removed"] = sorted(
        (r for res in results for r in res.rows.get("removed", ())), key=lambda r: (r["source"], r["line"])
    )
    claims.tag_figures(rows["figures"])
    built = {name: to_table(name, rows[name]) for name in ROW_TABLES}
    built.update(aggregates.chunk_aggregates(built))  # the dashboard's pre-aggregations, article-local
    for name, table in built.items():
        write_table(folder / f"{name}.parquet", table)
    samples = [dedupe.sample_shingles(res.text) for res in kept.values()]
    partial = pa.table(
        {c: [f.get(c) for f in rows["figures"]] for c in claims.PARTIAL_COLUMNS}, schema=claims.PARTIAL_SCHEMA
    )
    return Chunk(
        articles=to_table("articles", [res.article for res in kept.values()]),
        samples=samples,
        figures=partial,
        rejected=rejected,
        duplicates=duplicates,
        rows={name: t.num_rows for name, t in built.items()},
    )


def process_chunk(item: tuple[str, list[FileItem]], folder: str, results_dir: str = "") -> Chunk:
    """Read, analyse and write one chunk into ``folder`` (in a worker, or in this process).

    With ``results_dir`` (a cached build) each file's documents are analysed once: a file whose
    key is unchanged gives back its stored results, so a chunk cut anew because a file joined it
    analyses only that file. The analysers are loaded only when some file needs them.
    """
    scheduler.exit_with_parent()  # idempotent: one watcher per worker process
    # the analysers' dictionary facts are read from the cache folder (``results_dir``'s parent)
    dictfacts.use_folder(cache.facts_dir(Path(results_dir).parent) if results_dir else None)
    _key, files = item
    results, rejected, documents, n_files, analysed = [], [], 0, 0, 0
    for f in files:
        got = cache.cached_file_results(results_dir, f.key) if results_dir and f.key else None
        if got is None:
            warm_up()  # the first analysis in this process loads everything (later ones find it)
            got = [
                x if isinstance(x, Rejected) else safe_analyse(x)
                for x in ingest.read_found(f.found, f.entries)
            ]
            analysed += sum(1 for x in got if not isinstance(x, Rejected))
            if results_dir and f.key:
                cache.store_file_results(results_dir, f.key, got)
        n_files += bool(got)
        for x in got:
            if isinstance(x, Rejected):
                rejected.append((x.source, x.reason))
            else:
                documents += 1
                results.append(x)
    chunk = assemble_chunk(results, Path(folder))
    chunk.rejected = rejected + chunk.rejected
    chunk.documents, chunk.files, chunk.analysed, chunk.folder = documents, n_files, analysed, folder
    cache.store_chunk(Path(folder), chunk)
    return chunk


def _files_done(result: object) -> int:
    return result.files if isinstance(result, Chunk) else 0


def analyse_chunks(
    files: Sequence[FileItem],
    stage: Path,
    scheduler_address: str | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: bool = False,
) -> list[Chunk]:
    """Run the per-chunk work over ``files``; return one Chunk per run of files, in input order.

    Parts are written under ``cache_dir`` (reused by later builds) or, without one, under
    ``stage``. ``scheduler_address`` is the address of an existing Dask cluster (then those folders
    must be on a file system its workers share); without it the local processes scheduler runs
    ``workers`` processes (default: one per CPU; 0 = in this process; fewer than LOCAL_MIN_FILES
    files to analyse run in this process).
    """
    runs = [list(files[a:b]) for a, b in chunk_bounds([f.rel for f in files])]
    keys = [cache.chunk_key(run) for run in runs]  # without a cache: only segment bookkeeping uses them
    chunks: list[Chunk | None] = [None] * len(runs)
    todo: list[tuple[int, tuple[str, list[FileItem]], str]] = []
    # one file holds an earlier build's summaries (the base); a chunk not in it may still have its
    # own (the delta: read one by one until there are enough to rewrite the base)
    stored, listed = cache.cached_summaries(cache_dir) if cache_dir else ({}, 0)
    for i, (run, key) in enumerate(zip(runs, keys, strict=True)):
        hit = stored.get(key) or (cache.cached_chunk(cache_dir, key) if cache_dir else None)
        if hit is not None:
            chunks[i] = hit
            continue
        folder = cache.chunk_folder(cache_dir, key) if cache_dir else Path(stage) / f"{i:06d}"
        todo.append((i, (key, run), str(folder)))
    results_dir = str(cache.results_dir(cache_dir)) if cache_dir else ""
    n_todo = sum(len(item[1]) for _, item, _ in todo)
    if workers is None:  # by the files to analyse: those with stored results are only read back
        fresh = n_todo
        if results_dir and n_todo < 2 * LOCAL_MIN_FILES:
            fresh = sum(
                not cache.has_file_results(results_dir, f.key) for _, (_, run), _ in todo for f in run
            )
        workers = scheduler.default_workers(fresh, LOCAL_MIN_FILES)
    if todo:
        args = [(item, folder, results_dir) for _, item, folder in todo]
        # local worker processes are replaced after WORKER_CHUNKS chunks each (see there)
        per_round = WORKER_CHUNKS * workers if workers > 0 and not scheduler_address else len(args)
        done = scheduler.map_in_rounds(
            process_chunk,
            args,
            scheduler=scheduler_address,
            workers=workers,
            per_round=per_round,
            total=n_todo if progress and n_todo >= 50 else 0,
            units=_files_done,
        )
        for (i, _, _), chunk in zip(todo, done, strict=True):
            chunks[i] = chunk
    out = [c for c in chunks if c is not None]
    for chunk, run, key in zip(out, runs, keys, strict=True):
        chunk.key, chunk.last = key, run[-1].rel
    if cache_dir and cache.summaries_stale(keys, stored, listed):
        cache.store_summaries(cache_dir, out)
    return out
