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
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import dask
import dask.bag as db
import pyarrow as pa
from dask.callbacks import Callback

from .lexicon import lexicon_dir
from .records import Document

PIPELINE_DIR = Path(__file__).resolve().parent
DOCS_PER_PARTITION = 40  # small enough to balance two workers, large enough to hide task overhead
LOCAL_MIN_DOCS = 200
# Row tables shipped back from workers as Arrow, not as Python dicts (most of the rows).
TABLE_ROWS = ("paragraphs", "terms", "citations", "removed")  # below this, starting worker processes costs more than it saves

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


@dataclass
class Chunk:
    """The per-article results of a run of consecutive documents, ready for the tables.

    ``results`` keep the article row, figures and rejection reason of each document; their
    paragraph, term, citation and removed rows live in ``tables`` (Arrow, with a ``_doc`` column
    giving the document's index in the chunk), which keeps the build's memory small at 10⁵ articles.
    ``texts`` is each article's cleaned text (the near-duplicate finder's input).
    """

    results: list
    texts: list[str | None]
    tables: dict[str, pa.Table]
    analysed: int


def _to_chunk(results: list, analysed: int) -> Chunk:
    from . import tables

    parts: dict[str, pa.Table] = {}
    for name in TABLE_ROWS:
        rows, doc = [], []
        for i, res in enumerate(results):
            got = getattr(res, name)
            rows.extend(got)
            doc.extend([i] * len(got))
        parts[name] = tables.to_table(name, rows).append_column("_doc", pa.array(doc, pa.int64()))
    texts = ["\n".join(p["text"] for p in r.paragraphs) if r.article is not None else None for r in results]
    light = [replace(r, paragraphs=[], removed=[], terms=[], citations=[]) for r in results]
    return Chunk(light, texts, parts, analysed)


def _process_chunk(item: tuple[str | None, list[Document], list[str]], cache_dir: str | None) -> Chunk:
    """Analyse one chunk in a worker, reusing the chunk's or each document's cached result."""
    from .build import _safe_process

    if not _warm:  # once per worker process: later chunks find everything loaded
        _exit_with_parent()
        warm_up()
    chunk_key, docs, keys = item
    store = ResultCache(Path(cache_dir)) if cache_dir else None
    if store and chunk_key:
        hit = store.get(chunk_key)
        if isinstance(hit, Chunk):
            hit.analysed = 0
            return hit
    results, analysed = [], 0
    for i, doc in enumerate(docs):
        res = store.get(keys[i]) if store else None
        if res is None:
            res = _safe_process(doc)
            analysed += 1
            if store:
                store.put(keys[i], res)
        results.append(res)
    chunk = _to_chunk(results, analysed)
    if store and chunk_key:
        store.put(chunk_key, chunk)
    return chunk


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

    def has(self, key: str | None) -> bool:
        return bool(key) and self._path(key).exists()

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
            self.bar.update(sum(len(c.results) for c in result if isinstance(c, Chunk)))


def _compute(bag: db.Bag, scheduler: str | None, workers: int) -> list:
    if scheduler:
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client:
            return dask.compute(bag, scheduler=client)[0]
    if workers <= 0:
        return dask.compute(bag, scheduler="sync")[0]
    return dask.compute(bag, scheduler="processes", num_workers=workers)[0]


def chunk_documents(docs: Sequence[Document], keys: Sequence[str], size: int = DOCS_PER_PARTITION
                    ) -> list[tuple[int, int]]:
    """[start, end) runs of documents analysed together.

    With keys (a cache), a run ends after a document whose key hash falls in 1/DOCS_PER_PARTITION
    of the space: boundaries depend on content, not position, so a new article changes only the
    chunk it lands in and every other chunk is read back whole from the cache.
    """
    bounds, start = [], 0
    for i in range(len(docs)):
        run = i + 1 - start
        if keys:
            end_here = int(keys[i][:8], 16) % DOCS_PER_PARTITION == 0 or run >= 4 * DOCS_PER_PARTITION
        else:
            end_here = run >= size
        if end_here:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(docs):
        bounds.append((start, len(docs)))
    return bounds


def _chunk_key(keys: Sequence[str]) -> str:
    return "c" + hashlib.sha256("".join(keys).encode()).hexdigest()[1:]


def map_documents(
    docs: Sequence[Document],
    scheduler: str | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: bool = False,
) -> tuple[list[Chunk], int]:
    """Run the per-article function over ``docs``; return (chunks in input order, number analysed).

    ``scheduler`` is the address of an existing Dask cluster; without it the local processes
    scheduler runs ``workers`` processes (default: one per CPU; 0 = in this process; a corpus with
    fewer than LOCAL_MIN_DOCS articles to analyse runs in this process). With ``cache_dir`` (on
    a cluster: a folder every worker can reach), unchanged documents are read back, not analysed.
    """
    store = ResultCache(cache_dir) if cache_dir else None
    keys = [document_key(d) for d in docs] if store else []
    if workers is None and not store:
        workers = 0 if len(docs) < LOCAL_MIN_DOCS else (os.cpu_count() or 1)
    # Without a cache, chunks are cut by position: small enough that every worker gets several.
    size = max(1, min(DOCS_PER_PARTITION, -(-len(docs) // (8 * max(1, workers or 1)))))
    items = []
    todo = 0
    for a, b in chunk_documents(docs, keys, size):
        ck = _chunk_key(keys[a:b]) if store else None
        items.append((ck, list(docs[a:b]), keys[a:b]))
        if not store or not store.has(ck):
            todo += sum(1 for k in keys[a:b] if not store.has(k)) if store else b - a
    if workers is None:
        workers = 0 if todo < LOCAL_MIN_DOCS else (os.cpu_count() or 1)
    if not items:
        return [], 0

    bag = db.from_sequence(items, partition_size=1).map(_process_chunk, str(cache_dir) if cache_dir else None)
    bar = None
    if progress and len(docs) >= 50:
        from tqdm import tqdm

        bar = tqdm(total=len(docs), desc="articles", unit="doc", file=sys.stderr, leave=False)
    try:
        if bar is not None and not scheduler:
            with _Progress(bar, bag.name):
                chunks = _compute(bag, scheduler, workers)
        else:
            chunks = _compute(bag, scheduler, workers)
    finally:
        if bar is not None:
            bar.close()
    return chunks, sum(c.analysed for c in chunks)
