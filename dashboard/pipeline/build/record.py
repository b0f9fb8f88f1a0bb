"""What an output was built from, so that a rebuild of unchanged input does nothing.

Beside ``meta.json`` a build made with a cache leaves ``.build.json``: a key of the whole input
listing (every file's name, size and modification time, the manifest rows, the manifests that
could not be used and the code and lexicon fingerprint: what the files' cache keys cover), the build
summary, and the size and modification time of every file of the output. A rebuild that lists
the same key and finds every output file as it was written reports "unchanged" and stops before
loading any chunk summary. The file is hidden, so it is not part of the tables (``output_files``)
and an output stays byte-identical to a full build's.

The cache keeps a marker of every input key it built (``builds/<key>``): clearing the cache is how
a user asks for a full build, so an output whose key the cache does not hold is built again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..ingest import InputPlan
from . import chunks
from .cache import fingerprint
from .write import output_files, write_atomic

RECORD_FILE = ".build.json"
RECORD_VERSION = 1
MARKS = "builds"


def input_key(plan: InputPlan) -> str:
    """One hash of the listing: every file's name, (size, modification time) and problem, the
    manifest rows, the unusable manifests, the code and lexicon fingerprint, and how the corpus is
    cut (chunk and segment sizes decide the output's parts). What the files' cache keys cover,
    hashed once: at 10⁵ files one hash per file cost an unchanged rebuild about 2 s."""
    payload = repr(
        (
            RECORD_VERSION,
            chunks.CHUNK_FILES,
            chunks.SEGMENT_FILES,
            fingerprint(),
            [(f.rel, f.stamp, f.problem) for f in plan.files],
            plan.entries,
            [(r.source, r.reason) for r in plan.problems],
        )
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _stamps(folder: Path) -> dict[str, list[int]]:
    """(size, modification time in ns) of every output file."""
    out = {}
    for rel in output_files(folder):
        st = os.stat(folder / rel)
        out[rel] = [st.st_size, st.st_mtime_ns]
    return out


def write_record(folder: Path, key: str, summary: dict, cache_dir: Path) -> None:
    """Record ``key`` and ``summary`` for the output being written in ``folder`` (its last step),
    and mark ``key`` as built in ``cache_dir``."""
    payload = {"version": RECORD_VERSION, "key": key, "summary": summary, "files": _stamps(folder)}
    write_atomic(Path(cache_dir) / MARKS / key, b"")
    write_atomic(folder / RECORD_FILE, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def unchanged(folder: Path, key: str, cache_dir: Path) -> dict | None:
    """The recorded summary when ``folder`` was built from the input ``key``, is intact and
    ``cache_dir`` still marks ``key`` as built, else None.

    Intact means the same set of output files, each with the size and modification time it was
    written with (a file replaced, removed or added since means building again).
    """
    try:
        record = json.loads((Path(folder) / RECORD_FILE).read_text(encoding="utf-8"))
        if record.get("version") != RECORD_VERSION or record.get("key") != key:
            return None
        if not (Path(cache_dir) / MARKS / key).is_file():
            return None  # the cache was cleared (or is another one): build in full
        return record["summary"] if _stamps(Path(folder)) == record["files"] else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record, or a torn or foreign one: build
