"""A dataset folder: its table files, whether it is usable, when it changed, and reading Arrow as pandas.

Any folder holding a build's output can be opened (``data/processed``, a benchmark output, an
uploaded corpus): nothing here assumes where the folder is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard.pipeline import SCHEMA_VERSION
from dashboard.pipeline.schema import AGG_SCHEMAS

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES: tuple[str, ...] = (
    "articles",
    "paragraphs",
    "removed",
    "rejected",
    "terms",
    "figures",
    "claims",
    "citations",
)
AGGREGATES: tuple[str, ...] = tuple(AGG_SCHEMAS)
# small tables read whole into pandas; the rest are only ever queried
SMALL: tuple[str, ...] = ("articles", "rejected", "claims")
REBUILD = "make data"
UNDATED = "undated"
UNKNOWN = "(unknown)"


def data_dir() -> Path:
    """The processed-data folder: ``$CHIPWAR_DATA`` if set, else ``data/processed``."""
    override = os.environ.get("CHIPWAR_DATA")
    return Path(override) if override else REPO_ROOT / "data" / "processed"


def table_glob(folder: Path, name: str) -> str:
    """What ``read_parquet`` reads for table ``name``: the file, or every part of a part directory."""
    path = Path(folder) / f"{name}.parquet"
    return str(path / "*.parquet") if path.is_dir() else str(path)


def parts(folder: Path, name: str) -> list[Path]:
    path = Path(folder) / f"{name}.parquet"
    if path.is_dir():
        return sorted(path.glob("*.parquet"))
    return [path] if path.is_file() else []


def check_data(folder: Path) -> str | None:
    """None when ``folder`` holds a usable dataset, else a message saying what is wrong and how to fix it."""
    fix = f"Rebuild the tables with `{REBUILD}` (from the repository root), then reload this page."
    if not folder.is_dir():
        return f"No processed data folder at `{folder}`. {fix}"
    missing = [name for name in TABLES if not parts(folder, name)]
    if missing:
        return f"Missing table(s) in `{folder}`: {', '.join(missing)}. {fix}"
    meta_path = folder / "meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"`{meta_path}` is missing or unreadable. {fix}"
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if version != SCHEMA_VERSION:
        return f"The tables have schema version {version!r}; this dashboard reads version {SCHEMA_VERSION}. {fix}"
    return None


def data_stamp(folder: Path) -> float:
    """A value that changes when the tables are rebuilt (a cache key)."""
    # every rerun asks: one scandir pass (no pathlib globbing) over the tables, their parts and meta.json
    stamps: list[float] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name == "meta.json" or entry.name.endswith(".parquet"):
                    stamps.append(entry.stat().st_mtime)
                    if entry.name.endswith(".parquet") and entry.is_dir():
                        with os.scandir(entry.path) as inner:
                            stamps += [p.stat().st_mtime for p in inner if p.name.endswith(".parquet")]
    except OSError:  # gone or unreadable: the load reports it
        pass
    return max(stamps, default=0.0)


def sql_path(path: str) -> str:
    # a server-side path from configuration, never user text; quoted as an SQL string literal
    return "'" + path.replace("'", "''") + "'"


def to_pandas(table: pa.Table, lists: bool = True) -> pd.DataFrame:
    """Arrow → pandas with missing strings as None and list columns as Python lists.

    ``lists=False`` leaves list columns as numpy arrays (``as_list`` reads either), which is
    much faster for the 100k-row articles table.
    """
    frame = table.to_pandas()
    for field in table.schema:
        col = field.name
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            if lists:
                frame[col] = table.column(col).to_pylist()
        elif frame[col].dtype != object and pd.api.types.is_string_dtype(frame[col]):
            # pandas string columns hold NaN for missing; pages test ``value or fallback``
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame
