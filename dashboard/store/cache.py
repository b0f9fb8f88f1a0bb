"""The one disk cache: everything the dashboard derives from a dataset and keeps for the next start.

A cache entry is a folder ``<root>/<kind>-<key>``: ``kind`` names what is kept (``derived``: pickled
answers; ``term-index``, ``group-totals``, ``topic-totals``: memory-mapped ``.npy`` arrays;
``text-index-…``: the keyword index), ``key`` hashes the dataset folder, every file the entry is
derived from (name, size, modification time), ``CACHE_VERSION`` and the source of the data-layer
code (every module of ``dashboard.store`` and ``dashboard.queries``). A rebuilt dataset or changed
code gets new folders, so nothing derived by other files or other code is ever read back.

The root is ``$CHIPWAR_CACHE`` (default ``~/.cache/chipwar-lens``), or any folder given to
``open_dataset(cache=...)``: a cache can sit beside its dataset.

Why not ``diskcache``: its values are pickles in SQLite or files read whole, while the term index
and totals (hundreds of MB at 10⁵ articles) must be memory-mapped so a start reads only the rows
it needs; and every entry here is written once and read many times (no eviction or concurrent
update to manage). Writes are atomic: a finished temporary folder is renamed into place.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import mmap
import os
import pickle
import shutil
import sys
import threading
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from cachetools import LRUCache

log = logging.getLogger(__name__)

# Raise when the layout of what is cached changes without a code change that would re-key it.
CACHE_VERSION = 1
# The packages whose code decides what is cached: a change to any module gives new folders.
_CODE_PACKAGES = ("store", "queries")


def cache_root() -> Path:
    """The default folder every derived cache lives under."""
    return Path(os.environ.get("CHIPWAR_CACHE") or Path.home() / ".cache" / "chipwar-lens")


@functools.cache
def _code_stamp() -> bytes:
    here = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(str(CACHE_VERSION).encode(), digest_size=16)
    for package in _CODE_PACKAGES:
        for path in sorted((here / package).glob("*.py")):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.digest()


def dataset_dir(kind: str, folder: Path, files: Iterable[Path], root: Path | None = None) -> Path:
    """The cache folder of ``kind`` for the dataset in ``folder``, keyed by ``files`` (each one's
    name, size and modification time) and by the data-layer code; under ``root`` (default
    ``cache_root()``)."""
    h = hashlib.blake2b(str(Path(folder).resolve()).encode(), digest_size=16)
    h.update(_code_stamp())
    for f in files:
        st = f.stat()
        h.update(f"{f.parent.name}/{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return (root if root is not None else cache_root()) / f"{kind}-{h.hexdigest()}"


def publish(tmp: Path, where: Path) -> None:
    """Move the finished folder ``tmp`` to ``where`` in one rename; when another process got there
    first (a rename onto a non-empty folder fails), keep theirs and drop ``tmp``."""
    try:
        tmp.rename(where)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _tmp(where: Path) -> Path:
    return where.with_name(f"{where.name}.tmp{os.getpid()}.{threading.get_ident()}")


# ------------------------------------------------------------ pickled answers


def read_pickle(path: Path) -> tuple[bool, object]:
    """(True, value) of a cached pickle, or (False, None) when absent or unreadable."""
    if not path.is_file():
        return False, None
    try:
        with open(path, "rb") as fh:
            return True, pickle.load(fh)
    except Exception:  # unreadable (e.g. another pandas version): computed again
        log.warning("derived cache %s unreadable: recomputed", path)
        return False, None


def write_pickle(path: Path, value: object) -> None:
    """Write ``value`` atomically; a failure to write only skips the cache."""
    tmp = _tmp(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("%s not cached (%s)", path.name, exc)
        tmp.unlink(missing_ok=True)


def cached_pickle(where: Path | None, name: str, make: Callable[[], object]) -> object:
    """``make()``, kept as ``where/name.pkl`` (computed every time when ``where`` is None)."""
    path = where / f"{name}.pkl" if where is not None else None
    if path is not None:
        found, value = read_pickle(path)
        if found:
            return value
    value = make()
    if path is not None:
        write_pickle(path, value)
    return value


# ------------------------------------------------------------ array folders


def is_complete(where: Path | None) -> bool:
    """Whether an array folder was written completely (its ``done`` marker exists)."""
    return where is not None and (where / "done").is_file()


def write_arrays(where: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write ``name.npy`` per array plus ``meta.json`` into a new folder, then publish it at ``where``."""
    tmp = _tmp(where)
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        for name, values in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(values))
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        (tmp / "done").write_text("", encoding="utf-8")
        publish(tmp, where)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_arrays(where: Path, names: Iterable[str]) -> dict[str, np.ndarray]:
    """The arrays of a complete folder, memory-mapped (only the rows used are read)."""
    return {name: np.load(where / f"{name}.npy", mmap_mode="r") for name in names}


def read_meta(where: Path) -> dict:
    """The ``meta.json`` of an array folder."""
    return json.loads((where / "meta.json").read_text(encoding="utf-8"))


def write_dataclasses(where: Path, values: dict[str, object]) -> None:
    """Keep a dict of dataclasses of arrays (and int scalars) as an array folder."""
    arrays: dict[str, np.ndarray] = {}
    entries = []
    for i, (key, value) in enumerate(values.items()):
        scalars = []
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(item, int | np.integer):
                scalars.append(f.name)
            arrays[f"{i}.{f.name}"] = np.asarray(item)
        entries.append([key, type(value).__name__, scalars])
    write_arrays(where, arrays, {"entries": entries})


def read_dataclasses(where: Path, kinds: dict[str, type]) -> dict[str, object]:
    """What ``write_dataclasses`` kept, arrays memory-mapped; ``kinds`` maps class names to classes."""
    out = {}
    for i, (key, kind, scalars) in enumerate(read_meta(where)["entries"]):
        cls = kinds[kind]
        values = {}
        for f in dataclasses.fields(cls):
            arr = np.load(where / f"{i}.{f.name}.npy", mmap_mode="r")
            values[f.name] = int(arr.reshape(-1)[0]) if f.name in scalars else arr
        out[key] = cls(**values)
    return out


# ------------------------------------------------------------ in memory


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None on another C library or platform."""
    try:
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("c")
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Hand memory freed by the last answers back to the system: Arrow's pool keeps freed blocks
    for reuse, and glibc keeps the free pages of each thread's arena (sessions and background jobs
    run in threads). At 10⁵ articles ≈ 80–90 MB of a long session's resident memory is such free
    pages. A few milliseconds; the answers kept in the caches are untouched."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # only memory: never fail a page for it
        pass
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _mapped(array: np.ndarray) -> bool:
    """Whether ``array`` is (a view of) a memory-mapped file (a gather from one is not)."""
    base: object = array
    while isinstance(base, np.ndarray):
        base = base.base
    return isinstance(base, mmap.mmap)


def sizeof(value: object) -> int:
    """Roughly the bytes ``value`` holds, for bounding the in-memory caches: arrays by their
    buffers (memory-mapped arrays count nothing: the page cache holds them), frames by their
    columns' buffers (an object column as its pointers: its strings are usually shared with the
    tables), containers and dataclasses by their items, anything with ``nbytes`` by that."""
    if isinstance(value, np.ndarray):
        return 0 if _mapped(value) else int(value.nbytes)
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=False).sum())
    if isinstance(value, pd.Series | pd.Index):
        return int(value.memory_usage(deep=False))
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int | np.integer):
        return int(nbytes)
    if isinstance(value, tuple | list):
        return sys.getsizeof(value) + sum(sizeof(v) for v in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(sizeof(k) + sizeof(v) for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(sizeof(getattr(value, f.name)) for f in dataclasses.fields(value))
    return sys.getsizeof(value)


class Memo:
    """A small thread-safe LRU of computed results (sessions run in threads): ``cachetools.LRUCache``
    behind a lock; ``make`` runs outside the lock so one slow answer does not block the others.

    Bounded by ``size`` entries and, when given, by ``max_bytes`` (each entry weighed by
    ``sizeof``; an answer larger than that is returned but not kept): at 10⁵ articles a few
    selections' frames and tables of answers would otherwise hold hundreds of MB.
    """

    def __init__(self, size: int = 64, max_bytes: int | None = None) -> None:
        self.size = size
        self.max_bytes = max_bytes
        if max_bytes is None:
            self.items: LRUCache = LRUCache(maxsize=size)
        else:
            self.items = LRUCache(maxsize=max_bytes, getsizeof=sizeof)
        self.lock = threading.Lock()

    def peek(self, key: Hashable) -> object | None:
        """The value kept for ``key`` (counted as a use), else None."""
        with self.lock:
            return self.items.get(key)

    def put(self, key: Hashable, value: object) -> None:
        """Keep ``value`` for ``key`` (replacing any), unless it is larger than the whole budget."""
        with self.lock:
            try:
                self.items[key] = value
            except ValueError:
                return
            while len(self.items) > self.size:
                self.items.popitem()

    def get(self, key: Hashable, make: Callable[[], object]) -> object:
        """The value kept for ``key``, else ``make()`` (then kept, if it fits)."""
        with self.lock:
            try:
                return self.items[key]
            except KeyError:
                pass
        value = make()
        with self.lock:
            try:
                self.items[key] = value
            except ValueError:  # larger than the whole budget: not kept
                return value
            while len(self.items) > self.size:
                self.items.popitem()  # the least recently used
        return value
