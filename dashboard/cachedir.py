"""Where the dashboard keeps what it derives from a dataset: term index, totals, text index, answers.

One folder per (kind, dataset files, data-layer code) under ``$CHIPWAR_CACHE`` (default
``~/.cache/chipwar-lens``). A rebuilt dataset, or an app whose data code changed, gets a new
folder, so nothing derived by other files or other code is ever read back.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

# The modules whose code decides what is cached: a change to either gives new folders.
_CODE = ("data.py", "textindex.py")


def cache_root() -> Path:
    """The folder every derived cache lives under."""
    return Path(os.environ.get("CHIPWAR_CACHE") or Path.home() / ".cache" / "chipwar-lens")


@functools.cache
def _code_stamp() -> bytes:
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for name in _CODE:
        h.update((here / name).read_bytes())
    return h.digest()


def dataset_dir(kind: str, folder: Path, files: Iterable[Path]) -> Path:
    """The cache folder of ``kind`` for the dataset in ``folder``, keyed by ``files`` (each one's
    name, size and modification time) and by the data-layer code."""
    h = hashlib.blake2b(str(Path(folder).resolve()).encode(), digest_size=16)
    h.update(_code_stamp())
    for f in files:
        st = f.stat()
        h.update(f"{f.parent.name}/{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return cache_root() / f"{kind}-{h.hexdigest()}"


def publish(tmp: Path, where: Path) -> None:
    """Move the finished folder ``tmp`` to ``where`` in one rename; when another process got there
    first (a rename onto a non-empty folder fails), keep theirs and drop ``tmp``."""
    try:
        tmp.rename(where)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
