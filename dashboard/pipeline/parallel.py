"""Map the per-article work over a corpus with Dask, chunk by chunk, reusing chunks that did not change.

One code path: a ``dask.bag`` of chunks (runs of consecutive input files), mapped by the local
processes scheduler (default), in this process (``workers=0``, small corpora) or by an existing
Dask cluster (``scheduler="tcp://host:8786"``). Each chunk is read, cleaned and analysed where it
runs, and its row tables are written there as Parquet parts; only a light summary per article
(its ``articles`` row, sampled shingles, tagged figures) travels back to the build. Results come
back in input order, so the tables do not depend on how the work was split. The output's segments
(runs of chunks, one Parquet part per table) are assembled by a second map over the same scheduler
(``map_segments``): they need only the chunk folders and the copies to drop.

Chunk boundaries depend on file names, not positions, so a new file changes only the chunk it
lands in. With a cache folder, each chunk is stored under a hash of everything it reads (its
files' paths, sizes, modification times and manifest rows, plus a fingerprint of the pipeline
code and lexicons): an unchanged chunk is never read or analysed again, its parts are linked.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import dask
import dask.bag as db
import dask.local
import dask.multiprocessing
import numpy as np
import pyarrow as pa
from dask.callbacks import Callback

from .lexicon import lexicon_dir
from .records import Document, Rejected

PIPELINE_DIR = Path(__file__).resolve().parent
# A chunk ends after a file whose name hash falls in 1/CHUNK_FILES of the space (so ≈ CHUNK_FILES
# files on average, never more than 4×): small enough to balance two workers, large enough to
# hide the per-chunk cost of writing its parts.
CHUNK_FILES = 32
# The output's parts are segments of consecutive chunks: a segment ends after a chunk whose last
# file name hash falls in 1/SEGMENT_FILES of the space (a subset of chunk ends), so ≈ 1,000 files per
# part. Few, large parts keep the dashboard's scans fast; an unchanged segment is linked as is.
SEGMENT_FILES = 1024
# Below this many files to analyse, starting worker processes costs more than it saves.
LOCAL_MIN_FILES = 200
# A local worker process analyses at most this many chunks (≈10,000 files), then the pool is
# replaced by a fresh one. Workers measured flat at ≈0.45–0.5 GB over 150 chunks each (10⁴
# articles, 2 workers), yet reached 1.7 GB after ≈1,600 chunks each at 10⁵, from a cause not
# reproduced at the smaller scale (not DuckDB connections, segment writing, the dask payloads,
# rjieba or OpenCC calls: each measured flat). Bounding a worker's life bounds its memory to the
# measured regime; a new pool costs ≈4 s of warm-up per worker (≈1.5 % of a 10⁵ build).
WORKER_CHUNKS = 320
# Row tables each chunk writes as a Parquet part (the rest are small and written by the build).
PART_TABLES = ("paragraphs", "removed", "terms", "figures", "citations")
# Uncompressed: at 10⁵ articles, inflating 3,000 zlib summaries cost an unchanged rebuild seconds,
# and the sampled shingle hashes in them hardly compress.
LIGHT_FILE = "chunk.pkl"

_warm = False


def warm_up() -> None:
    """Load the segmenter, OpenCC converters, lexicons and compiled patterns in this process, once."""
    global _warm
    if _warm:
        return
    from .build import _safe_process

    _safe_process(
        Document(
            "warm-up.txt",
            "美国限制英伟达向中国出口芯片，台积电股价下跌3%。\nNvidia said so.\n",
            "utf-8",
            "txt",
        )
    )
    _warm = True


def _exit_with_parent() -> None:
    """In a worker process, exit when the build that started it dies (a killed build leaves no orphans)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    ppid = os.getppid()

    def watch() -> None:
        while os.getppid() == ppid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass
class FileItem:
    """One listed input file: where it is, the manifest rows for it, and its cache key."""

    rel: str
    path: str
    problem: str | None
    entries: dict[str, dict[str, str]]
    key: str


@dataclass
class Chunk:
    """What the build needs back from one analysed chunk (its row tables are already on disk).

    ``articles`` are the article rows of the chunk's distinct articles in input order (an
    identical copy inside the chunk is folded into the first one's ``sources``); ``samples`` their
    sampled shingles (near-duplicates); ``figures`` their tagged figures (claims); ``rows`` the
    number of rows of each part.
    """

    articles: list[dict] = field(default_factory=list)
    samples: list[np.ndarray] = field(default_factory=list)
    figures: pa.Table | None = None
    rejected: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    files: int = 0
    duplicates: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    analysed: int = 0
    folder: str = ""  # where the chunk's parts are (set when the chunk is found or written)
    key: str = ""  # the chunk's cache key (set by map_chunks)
    last: str = ""  # its last file, relative to the input folder (set by map_chunks)


@cache
def fingerprint() -> str:
    """Hash of the pipeline code and lexicons: any edit invalidates every cached chunk."""
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for folder in (PIPELINE_DIR, lexicon_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def file_key(
    rel: str, stamp: tuple[int, int] | None, entries: dict[str, dict[str, str]], problem: str | None = None
) -> str:
    """Hash of what reading one file depends on: its name, (size, modification time) and manifest rows.

    Like ``make`` and ``git``, a file whose size and modification time did not change is taken
    as unchanged (reading 10⁵ files to hash them would cost more than analysing a few).
    """
    # repr, not json.dumps: 10⁵ calls per listing, and repr of str/int/dict values is as stable
    # (a manifest row's fields come in a fixed order, so equal rows give equal text)
    payload = repr((fingerprint(), rel, stamp, entries, problem))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _name_hash(name: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"
    )


def chunk_bounds(names: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) runs of files analysed together, cut where a file name's hash says so."""
    bounds, start = [], 0
    for i, name in enumerate(names):
        if _name_hash(name) % CHUNK_FILES == 0 or i + 1 - start >= 4 * CHUNK_FILES:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(names):
        bounds.append((start, len(names)))
    return bounds


def segments(chunks: Sequence[Chunk]) -> list[list[int]]:
    """Runs of consecutive chunk indices written together as one part of each table."""
    out: list[list[int]] = [[]]
    for i, chunk in enumerate(chunks):
        out[-1].append(i)
        if _name_hash(chunk.last) % SEGMENT_FILES == 0 and i + 1 < len(chunks):
            out.append([])
    return out if out[0] else []


def chunk_key(files: Sequence[FileItem]) -> str:
    return hashlib.sha256("".join(f.key for f in files).encode()).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write under a temporary name and rename: a killed build never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def chunk_folder(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / "chunks" / key[:2] / key


def cached_chunk(cache_dir: Path, key: str) -> Chunk | None:
    """A chunk stored by an earlier build, or None (the summary is written last, so its presence means complete)."""
    folder = chunk_folder(cache_dir, key)
    try:
        chunk = pickle.loads((folder / LIGHT_FILE).read_bytes())
    except Exception:  # noqa: BLE001 - a torn or foreign entry is analysed again
        return None
    if not isinstance(chunk, Chunk) or not all((folder / f"{n}.parquet").exists() for n in chunk.rows):
        return None
    chunk.analysed, chunk.folder = 0, str(folder)
    return chunk


VERDICTS_FILE = "near-duplicate-verdicts.pkl"
NEAR_FILE = "near-duplicates.pkl"


def cached_verdicts(cache_dir: Path) -> dict[tuple[str, str], bool]:
    """Near-duplicate verdicts of earlier builds (pairs of article ids, i.e. of cleaned texts)."""
    try:
        found = pickle.loads((Path(cache_dir) / VERDICTS_FILE).read_bytes())
    except Exception:  # noqa: BLE001 - an unreadable cache only costs measuring again
        return {}
    return found if isinstance(found, dict) else {}


def store_verdicts(cache_dir: Path, verdicts: dict[tuple[str, str], bool]) -> None:
    write_atomic(
        Path(cache_dir) / VERDICTS_FILE,
        pickle.dumps(verdicts, protocol=pickle.HIGHEST_PROTOCOL),
    )


def cached_near_duplicates(cache_dir: Path, key: str) -> dict[str, str] | None:
    """The near-duplicate map of the previous build if it was computed from the same inputs (``key``)."""
    try:
        found_key, near = pickle.loads((Path(cache_dir) / NEAR_FILE).read_bytes())
    except Exception:  # noqa: BLE001 - an unreadable cache only costs computing again
        return None
    return near if found_key == key and isinstance(near, dict) else None


def store_near_duplicates(cache_dir: Path, key: str, near: dict[str, str]) -> None:
    write_atomic(Path(cache_dir) / NEAR_FILE, pickle.dumps((key, near), protocol=pickle.HIGHEST_PROTOCOL))


def _process_chunk(item: tuple[str, list[FileItem]], folder: str) -> Chunk:
    """Read, analyse and write one chunk into ``folder`` (in a worker, or in this process)."""
    from . import build, ingest

    if not _warm:  # once per worker process: later chunks find everything loaded
        _exit_with_parent()
        warm_up()
    _key, files = item
    results, rejected, documents, n_files = [], [], 0, 0
    for f in files:
        found = ingest._Found(f.rel, f.path, f.problem)
        items = ingest.read_found(found, f.entries)
        n_files += bool(items)
        for got in items:
            if isinstance(got, Rejected):
                rejected.append((got.source, got.reason))
            else:
                documents += 1
                results.append(build._safe_process(got))
    chunk = build.assemble_chunk(results, Path(folder))
    chunk.rejected = rejected + chunk.rejected
    chunk.documents, chunk.files, chunk.analysed, chunk.folder = documents, n_files, documents, folder
    write_atomic(Path(folder) / LIGHT_FILE, pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
    return chunk


@dataclass
class SegmentJob:
    """One output segment to assemble: its chunks' part folders and the copies to drop from each.

    Each table goes to ``targets[name]``; ``done`` (when set) is written last, with the row counts,
    so its presence marks a complete cached segment.
    """

    folders: list[str]
    drops: list[list[str]]
    names: list[str]
    targets: dict[str, str]
    done: str = ""


# Below this many segments to write, starting worker processes (≈2 s to spawn and import) costs
# more than it saves (a 1,000-article segment takes ≈2.5 s): an incremental build touches one or two.
LOCAL_MIN_SEGMENTS = 3


def _write_segment(job: SegmentJob) -> dict[str, int]:
    """Assemble one segment (in a worker, or in this process); return its row counts."""
    from . import build

    if multiprocessing.parent_process() is not None and not _warm:
        _exit_with_parent()
    return build.write_segment(job)


def map_segments(
    jobs: Sequence[SegmentJob], scheduler: str | None = None, workers: int | None = None
) -> list[dict[str, int]]:
    """Assemble ``jobs`` with the same scheduler choice as ``map_chunks``; row counts in job order.

    Segment writing reads and writes Parquet only (no segmenter), so a worker needs no warm-up;
    one segment, or one worker, runs in this process.
    """
    if not jobs:
        return []
    if workers is None:
        workers = 0 if len(jobs) < LOCAL_MIN_SEGMENTS else (os.cpu_count() or 1)
    if workers == 1 and not scheduler:
        workers = 0  # one worker process would only add its start-up to the same serial work
    bag = db.from_sequence(list(jobs), partition_size=1).map(_write_segment)
    return _compute(bag, scheduler, workers)


class _Progress(Callback):
    """Advance a progress bar as mapped chunks finish (local schedulers only)."""

    def __init__(self, bar, name: str):
        super().__init__()
        self.bar, self.name = bar, name

    def _posttask(self, key, result, dsk, state, id):
        if isinstance(key, tuple) and key[0] == self.name and isinstance(result, list):
            self.bar.update(sum(c.files for c in result if isinstance(c, Chunk)))


def _compute(bag: db.Bag, scheduler: str | None, workers: int) -> list:
    if scheduler:
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client:
            return dask.compute(bag, scheduler=client)[0]
    # The scheduler functions, not their names: a name makes dask import ``distributed`` to look
    # for a client (≈1 s, most of an incremental build's analysis of a few files).
    if workers <= 0:
        return dask.compute(bag, scheduler=dask.local.get_sync)[0]
    return dask.compute(bag, scheduler=dask.multiprocessing.get, num_workers=workers)[0]


def map_chunks(
    files: Sequence[FileItem],
    stage: Path,
    scheduler: str | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: bool = False,
) -> list[Chunk]:
    """Run the per-chunk work over ``files``; return one Chunk per run of files, in input order.

    Parts are written under ``cache_dir`` (reused by later builds) or, without one, under
    ``stage``. ``scheduler`` is the address of an existing Dask cluster (then those folders must be
    on a file system its workers share); without it the local processes scheduler runs ``workers``
    processes (default: one per CPU; 0 = in this process; fewer than LOCAL_MIN_FILES files to
    analyse run in this process).
    """
    runs = [list(files[a:b]) for a, b in chunk_bounds([f.rel for f in files])]
    keys = [chunk_key(run) for run in runs]  # without a cache: only segment bookkeeping uses them
    chunks: list[Chunk | None] = [None] * len(runs)
    todo: list[tuple[int, tuple[str, list[FileItem]], str]] = []
    for i, (run, key) in enumerate(zip(runs, keys, strict=True)):
        hit = cached_chunk(cache_dir, key) if cache_dir else None
        if hit is not None:
            chunks[i] = hit
            continue
        folder = chunk_folder(cache_dir, key) if cache_dir else Path(stage) / f"{i:06d}"
        todo.append((i, (key, run), str(folder)))
    n_todo = sum(len(item[1]) for _, item, _ in todo)
    if workers is None:
        workers = 0 if n_todo < LOCAL_MIN_FILES else (os.cpu_count() or 1)
    if todo:
        args = [(item, folder) for _, item, folder in todo]
        # local worker processes are replaced after WORKER_CHUNKS chunks each (see there)
        per_round = WORKER_CHUNKS * workers if workers > 0 and not scheduler else len(args)
        bar = None
        if progress and n_todo >= 50:
            from tqdm import tqdm

            bar = tqdm(total=n_todo, desc="files", unit="file", file=sys.stderr, leave=False)
        done: list[Chunk] = []
        try:
            for start in range(0, len(args), per_round):
                bag = db.from_sequence(args[start : start + per_round], partition_size=1).starmap(
                    _process_chunk
                )
                if bar is not None and not scheduler:
                    with _Progress(bar, bag.name):
                        done.extend(_compute(bag, scheduler, workers))
                else:
                    done.extend(_compute(bag, scheduler, workers))
        finally:
            if bar is not None:
                bar.close()
        for (i, _, _), chunk in zip(todo, done, strict=True):
            chunks[i] = chunk
    out = [c for c in chunks if c is not None]
    for chunk, run, key in zip(out, runs, keys, strict=True):
        chunk.key, chunk.last = key, run[-1].rel
    return out
