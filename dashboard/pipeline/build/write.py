"""Writing a build's output safely: files written atomically, the output folder swapped in whole.

Every file is written under a temporary name and renamed, so a killed build never leaves a
half-written file; the tables go to a temporary sibling of the output folder, which replaces the
output in one step only when complete, so a reader never finds the output missing or torn.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..records import Columns
from ..schema import SCHEMA_VERSION, SCHEMAS

META_FILE = "meta.json"
# bytes of a Parquet part's end hashed into its fingerprint (the footer: row groups, statistics)
_TAIL = 1 << 16


def fingerprint(parquet: Path) -> str:
    """What ties an index to the Parquet part it was built from: its size and a hash of its end
    (the footer: row counts, column chunk sizes, statistics), so a copied output keeps its index
    and a replaced part (another footer) does not."""
    size = os.stat(parquet).st_size
    with open(parquet, "rb") as fh:
        fh.seek(max(0, size - _TAIL))
        tail = fh.read()
    return f"{size}:{hashlib.blake2b(tail, digest_size=16).hexdigest()}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write under a temporary name and rename: a killed build never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def to_table(name: str, rows: list[dict] | Columns | pa.Table) -> pa.Table:
    """Rows (dicts, column lists or an Arrow table) → an Arrow table with the table's fixed schema
    (extra keys ignored)."""
    schema = SCHEMAS[name]
    if isinstance(rows, pa.Table):
        return rows.select(schema.names).cast(schema).combine_chunks()
    if isinstance(rows, Columns):  # one C++ conversion per column
        return pa.table([pa.array(rows.data[f.name], type=f.type) for f in schema], schema=schema)
    # one C++ conversion of the dicts as structs, not a Python list per column (3x faster per chunk)
    return pa.Table.from_struct_array(pa.array(rows, type=pa.struct(schema)))


def write_table(path: Path, table: pa.Table) -> None:
    """Write one Parquet file atomically (a new file under a temporary name, then renamed).

    Renaming also gives the path a new inode, so a part another output links to is never
    changed in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp, compression="zstd", write_statistics=True)
    os.replace(tmp, path)


def part_path(folder: Path, name: str, index: int) -> Path:
    """Where part ``index`` of a partitioned table lives: ``<name>.parquet/part-<index>.parquet``."""
    return folder / f"{name}.parquet" / f"part-{index:06d}.parquet"


def write_meta(folder: Path, meta: dict) -> None:
    """``meta.json``: the schema version and build counts. No timestamps or host facts, so the same
    input gives the same bytes."""
    payload = {"schema_version": SCHEMA_VERSION, **meta}
    (folder / META_FILE).write_text(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def read_meta(folder: Path) -> dict:
    return json.loads((folder / META_FILE).read_text(encoding="utf-8"))


def output_files(folder: Path) -> list[str]:
    """Every file of a built output (tables, their parts and meta.json), relative and sorted."""
    folder = Path(folder)
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def link(src: Path, dst: Path) -> None:
    """Hard-link a finished file into an output (an unchanged part costs no copy)."""
    try:
        os.link(src, dst)
    except OSError:  # another file system: copy
        shutil.copyfile(src, dst)


def temp_output(output_dir: Path) -> Path:
    """A fresh temporary sibling of ``output_dir`` to build into, after recovering an interrupted swap."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swap(output_dir)
    tmp = output_dir.parent / f".{output_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    return tmp


def recover_interrupted_swap(output_dir: Path) -> None:
    """Put back a previous output that a killed build had moved aside, and drop stale temp folders."""
    parent = output_dir.parent
    olds = sorted(parent.glob(f".{output_dir.name}.old-*"))
    if not output_dir.exists() and olds:
        os.replace(olds[-1], output_dir)
        olds = olds[:-1]
    for stale in [*olds, *parent.glob(f".{output_dir.name}.tmp-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def swap_in(tmp: Path, output_dir: Path) -> None:
    """Make ``tmp`` the output folder in one step where the system allows it."""
    old = output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"
    if output_dir.exists() and exchange(tmp, output_dir):
        shutil.rmtree(tmp, ignore_errors=True)  # it now holds the previous output
        return
    # No atomic exchange here: a kill between these two renames leaves the previous output
    # aside as .old-<pid>, which the next build puts back (recover_interrupted_swap).
    if output_dir.exists():
        os.replace(output_dir, old)
    os.replace(tmp, output_dir)
    shutil.rmtree(old, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported.

    With it there is no moment at which the output folder is missing, so a reader (the dashboard)
    never finds it gone, even if the build is killed mid-swap.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
