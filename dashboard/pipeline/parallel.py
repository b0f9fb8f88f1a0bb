"""Map the per-article function over a corpus with Dask, reusing cached results for unchanged inputs.

One code path: a ``dask.bag`` of documents, mapped partition by partition, computed by the local
processes scheduler (default), in-process (``workers=0``, small corpora) or by an existing
Dask cluster (``scheduler="tcp://host:8786"``). Results come back in input order, so the tables
do not depend on how the work was split.

The cache keys each document by a hash of everything the per-article function reads (its text,
source path, encoding, format and supplied metadata) plus a fingerprint of the pipeline code and
lexicons; an unchanged input with an unchanged pipeline is never analysed twice.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import sys
import threading
import time
import zlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import dask
import dask.bag as db
from dask.callbacks import Callback

from .lexicon import lexicon_dir
from .records import Document

PIPELINE_DIR = Path(__file__).resolve().parent
DOCS_PER_PARTITION = 40  # small enough to balance two workers, large enough to hide task overhead
LOCAL_MIN_DOCS = 200  # below this, starting worker processes costs more than it saves

_warm = False


def warm_up() -> None:
    """Load the segmenter, OpenCC converters, lexicons and compiled patterns in this process, once."""
    global _warm
    if _warm:
        return
    from .build import _safe_process

    _safe_process(Document("warm-up.txt", "美国限制英伟达向中国出口芯片，台积电股价下跌3%。\nNvidia said so.\n",
                           "utf-8", "txt"))
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


def _process_partition(docs: Sequence[Document]) -> list:
    from .build import _safe_process

    if not _warm:  # once per worker process: later partitions find everything loaded
        _exit_with_parent()
        warm_up()
    return [_safe_process(d) for d in docs]


@cache
def fingerprint() -> str:
    """Hash of the pipeline code and lexicons: any edit invalidates every cached result."""
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for folder in (PIPELINE_DIR, lexicon_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def document_key(doc: Document) -> str:
    """Content hash of one document and the pipeline that reads it."""
    payload = json.dumps(
        [fingerprint(), doc.source, doc.text, doc.encoding, doc.fmt, doc.meta, doc.meta_basis],
        ensure_ascii=False, sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResultCache:
    """Per-document results on disk, one compressed pickle per content hash.

    Only the build writes here, and only its own results, so unpickling is safe.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl.z"

    def get(self, key: str):
        try:
            return pickle.loads(zlib.decompress(self._path(key).read_bytes()))
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError):
            return None  # missing or torn entry: analyse again

    def put(self, key: str, result) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        tmp.write_bytes(zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1))
        os.replace(tmp, path)  # a killed build never leaves a half-written entry under the real name


class _Progress(Callback):
    """Advance a progress bar as mapped partitions finish (local schedulers only)."""

    def __init__(self, bar, name: str):
        super().__init__()
        self.bar, self.name = bar, name

    def _posttask(self, key, result, dsk, state, id):
        if isinstance(key, tuple) and key[0] == self.name and isinstance(result, list):
            self.bar.update(len(result))


def _compute(bag: db.Bag, scheduler: str | None, workers: int) -> list:
    if scheduler:
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client:
            return dask.compute(bag, scheduler=client)[0]
    if workers <= 0:
        return dask.compute(bag, scheduler="sync")[0]
    return dask.compute(bag, scheduler="processes", num_workers=workers)[0]


def map_documents(
    docs: Sequence[Document],
    scheduler: str | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: bool = False,
) -> tuple[list, int]:
    """Run the per-article function over ``docs``; return (results in input order, number analysed).

    ``scheduler`` is the address of an existing Dask cluster; without it the local processes
    scheduler runs ``workers`` processes (default: one per CPU; 0 = in this process; small corpora
    run in this process). With ``cache_dir``, results of unchanged documents are read back instead.
    """
    store = ResultCache(cache_dir) if cache_dir else None
    keys = [document_key(d) for d in docs] if store else []
    results: list = [None] * len(docs)
    todo: list[int] = []
    for i in range(len(docs)):
        hit = store.get(keys[i]) if store else None
        if hit is None:
            todo.append(i)
        else:
            results[i] = hit
    if workers is None:
        workers = 0 if len(todo) < LOCAL_MIN_DOCS else (os.cpu_count() or 1)

    if todo:
        todo_docs = [docs[i] for i in todo]
        npart = max(1, min(len(todo_docs), -(-len(todo_docs) // DOCS_PER_PARTITION)))
        if workers > 0 and not scheduler:
            npart = max(npart, min(len(todo_docs), 2 * workers))
        bag = db.from_sequence(todo_docs, npartitions=npart).map_partitions(_process_partition)
        bar = None
        if progress and len(todo_docs) >= 50:
            from tqdm import tqdm

            bar = tqdm(total=len(todo_docs), desc="articles", unit="doc", file=sys.stderr, leave=False)
        try:
            if bar is not None and not scheduler:
                with _Progress(bar, bag.name):
                    fresh = _compute(bag, scheduler, workers)
            else:
                fresh = _compute(bag, scheduler, workers)
        finally:
            if bar is not None:
                bar.close()
        for i, res in zip(todo, fresh, strict=True):
            results[i] = res
            if store:
                store.put(keys[i], res)
    return results, len(todo)

