"""One cache file holding a few Arrow tables and NumPy arrays, read back memory-mapped.

The build keeps large per-corpus state between builds (the chunk summaries, the claims table).
Pickled, a 10⁵-article corpus's state (≈300 MB) cost an incremental build ≈5 s to read and write
whole. A bundle is read without copying: the file is memory-mapped and its tables (Arrow IPC) and
arrays are views of the mapping, so a build pays only for the pages it touches.

Layout: ``MAGIC``, the header's length (8 bytes, little-endian), the header (JSON: a small
``meta`` value and the offset, length and kind of each section), then the sections, each aligned
to 64 bytes. Written under a temporary name and renamed, like every cache file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pyarrow as pa

MAGIC = b"CWLBUND1"
_ALIGN = 64


class BundleError(ValueError):
    """The file is not a complete bundle (torn, foreign or from another version)."""


def write_bundle(
    path: Path, meta: object, tables: dict[str, pa.Table], arrays: dict[str, np.ndarray]
) -> None:
    """Write ``tables`` and ``arrays`` (1-D, fixed-width dtypes) with a JSON-able ``meta``."""
    blobs: list[tuple[str, str, str, pa.Buffer | memoryview]] = []
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        blobs.append((name, "table", "", sink.getvalue()))
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        blobs.append((name, "array", array.dtype.str, memoryview(array).cast("B")))
    sections, at = {}, 0
    for name, kind, dtype, blob in blobs:
        sections[name] = [kind, dtype, at, len(blob)]
        at += -(-len(blob) // _ALIGN) * _ALIGN
    header = json.dumps({"meta": meta, "sections": sections}).encode("utf-8")
    start = -(-(len(MAGIC) + 8 + len(header)) // _ALIGN) * _ALIGN
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(MAGIC + len(header).to_bytes(8, "little") + header)
        fh.write(b"\0" * (start - fh.tell()))
        for name, _kind, _dtype, blob in blobs:
            fh.seek(start + sections[name][2])
            fh.write(blob)
        fh.truncate(start + at)
    os.replace(tmp, path)


def read_bundle(path: Path) -> tuple[object, dict[str, pa.Table], dict[str, np.ndarray]]:
    """``meta``, tables and arrays of a bundle, as views of the memory-mapped file.

    Raises ``OSError`` when the file cannot be read, ``BundleError`` when it is not a whole bundle.
    """
    mapped = pa.memory_map(str(path), "r")
    whole = mapped.read_buffer()
    size = whole.size
    if size < len(MAGIC) + 8 or whole.slice(0, len(MAGIC)).to_pybytes() != MAGIC:
        raise BundleError(f"{path}: not a cache bundle")
    n = int.from_bytes(whole.slice(len(MAGIC), 8).to_pybytes(), "little")
    try:
        if len(MAGIC) + 8 + n > size:
            raise BundleError("cut short")
        head = json.loads(whole.slice(len(MAGIC) + 8, n).to_pybytes())
        start = -(-(len(MAGIC) + 8 + n) // _ALIGN) * _ALIGN
        tables, arrays = {}, {}
        for name, (kind, dtype, at, length) in head["sections"].items():
            if start + at + length > size:
                raise BundleError(f"{path}: cut short")
            blob = whole.slice(start + at, length)
            if kind == "table":
                tables[name] = pa.ipc.open_file(blob).read_all()
            else:
                arrays[name] = np.frombuffer(blob, dtype=np.dtype(dtype))
    except (ValueError, KeyError, TypeError, IndexError, pa.ArrowException) as err:
        raise BundleError(f"{path}: {err}") from err
    return head["meta"], tables, arrays
