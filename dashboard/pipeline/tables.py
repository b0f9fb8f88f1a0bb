"""The Parquet tables the pipeline writes: their schemas, and how they are written and read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import SCHEMA_VERSION, SCHEMAS

META_FILE = "meta.json"


def to_table(name: str, rows: list[dict] | pa.Table) -> pa.Table:
    """Rows (dicts, or an Arrow table) → an Arrow table with the table's fixed schema (extra keys ignored)."""
    schema = SCHEMAS[name]
    if isinstance(rows, pa.Table):
        return rows.select(schema.names).cast(schema).combine_chunks()
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


def output_files(folder: Path) -> list[str]:
    """Every file of a built output (tables, their parts and meta.json), relative and sorted."""
    folder = Path(folder)
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_meta(folder: Path) -> dict:
    return json.loads((folder / META_FILE).read_text(encoding="utf-8"))
