"""Where built corpora live: one folder per id under a configurable root, bounded by a quota.

``$CHIPWAR_CORPORA`` (default ``<cache folder>/corpora``) holds ``<id>/`` (the published tables,
``summary.json`` and a ``.used`` stamp touched on every view) and ``.work/`` (builds in
progress). Past the quota (``$CHIPWAR_CORPORA_QUOTA_MB``) the least recently used corpora are
deleted; a link to one of them then shows a notice and the default corpus.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.corpora.ids import ID_RE
from dashboard.store.cache import cache_root

DEFAULT_QUOTA_MB = 1024
USED = ".used"
SUMMARY = "summary.json"
WORK = ".work"
CACHE = ".cache"  # the dashboard's derived data for a corpus (term and text indexes): inside it, so
# the quota counts it and eviction deletes it with the corpus
INPUTS = ".input"  # the files a corpus was built from (so a reporter can add to it)
UPLOAD_REJECTED = ".upload_rejected.json"  # what its upload turned down before the build
STALE_WORK_SECONDS = 6 * 3600  # a work folder this old belongs to a server that died mid-build


def root() -> Path:
    """The folder every corpus is stored under."""
    override = os.environ.get("CHIPWAR_CORPORA")
    return Path(override) if override else cache_root() / "corpora"


def quota_bytes() -> int:
    """The total size all stored corpora may take (``$CHIPWAR_CORPORA_QUOTA_MB``, default 1024 MB)."""
    try:
        mb = float(os.environ.get("CHIPWAR_CORPORA_QUOTA_MB", "") or DEFAULT_QUOTA_MB)
    except ValueError:
        mb = DEFAULT_QUOTA_MB
    return int(max(mb, 0) * 2**20)


def folder(cid: str) -> Path:
    """The folder of corpus ``cid`` (which must be an id: never a path a link could steer)."""
    if not ID_RE.fullmatch(cid):
        raise ValueError(f"not a corpus id: {cid[:40]!r}")
    return root() / cid


def cache_folder(path: Path) -> Path | None:
    """Where the dashboard keeps derived data for the corpus in ``path``; None outside the store."""
    try:
        path.resolve().relative_to(root().resolve())
    except ValueError:
        return None
    return path / CACHE


def stored(cid: str) -> bool:
    """True when corpus ``cid`` is built and published here."""
    return ID_RE.fullmatch(cid or "") is not None and (folder(cid) / SUMMARY).is_file()


def touch(cid: str) -> None:
    """Mark ``cid`` as just used (least-recently-used eviction reads this stamp)."""
    try:
        (folder(cid) / USED).touch()
    except OSError:  # evicted meanwhile: the next view reports it
        pass


def summary(cid: str) -> dict | None:
    """The build summary stored with ``cid``, or None when it is not stored (or unreadable)."""
    try:
        return json.loads((folder(cid) / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _size(path: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


@dataclass(frozen=True)
class Stored:
    cid: str
    bytes: int
    used: float  # last view (seconds since the epoch)


def listing() -> list[Stored]:
    """Every stored corpus with its size and last use, least recently used first."""
    out = []
    base = root()
    if not base.is_dir():
        return out
    for entry in os.scandir(base):
        if not ID_RE.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        path = Path(entry.path)
        try:
            used = (path / USED).stat().st_mtime
        except OSError:
            used = entry.stat().st_mtime
        out.append(Stored(entry.name, _size(path), used))
    return sorted(out, key=lambda s: (s.used, s.cid))


def evict(keep: frozenset[str] = frozenset(), quota: int | None = None) -> list[str]:
    """Delete least recently used corpora (never those in ``keep``) until the total fits the quota."""
    quota = quota_bytes() if quota is None else quota
    items = listing()
    total = sum(s.bytes for s in items)
    gone = []
    for item in items:
        if total <= quota:
            break
        if item.cid in keep:
            continue
        # rename first so a reader never sees a half-deleted corpus, then delete
        doomed = root() / WORK / f"evicted-{item.cid}-{os.getpid()}-{time.monotonic_ns()}"
        try:
            doomed.parent.mkdir(parents=True, exist_ok=True)
            os.rename(folder(item.cid), doomed)
        except OSError:
            continue
        shutil.rmtree(doomed, ignore_errors=True)
        total -= item.bytes
        gone.append(item.cid)
    return gone


def work_dir(cid: str) -> Path:
    """A fresh private folder for one build of ``cid`` (inputs and output before publishing)."""
    base = root() / WORK
    base.mkdir(parents=True, exist_ok=True)
    _drop_stale(base)
    path = base / f"{cid}-{os.getpid()}-{time.monotonic_ns()}"
    path.mkdir()
    return path


def _drop_stale(base: Path) -> None:
    now = time.time()
    for entry in os.scandir(base):
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime > STALE_WORK_SECONDS:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            pass


def publish(built: Path, cid: str) -> bool:
    """Move the finished corpus folder ``built`` to its place in one rename. False when another
    build of the same files got there first (theirs is kept: it is the same corpus)."""
    dest = folder(cid)
    try:
        os.rename(built, dest)
    except OSError:
        shutil.rmtree(built, ignore_errors=True)
        return dest.is_dir()
    (dest / USED).touch()
    return True
