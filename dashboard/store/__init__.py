"""The store: opening a dataset folder and the data derived from it (term index, totals, text
index), kept in one disk cache (``cache.py``) and built on one executor (``jobs.py``).

Below the query layer and above the pipeline: it reads the tables a build wrote, never Streamlit.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.store.cache import release_memory
from dashboard.store.dataset import Tables, Warm
from dashboard.store.files import REBUILD, check_data, data_dir, data_stamp, table_glob

__all__ = [
    "REBUILD",
    "Tables",
    "check_data",
    "data_dir",
    "data_stamp",
    "open_dataset",
    "release_memory",
    "table_glob",
]


def open_dataset(
    folder: Path,
    con: duckdb.DuckDBPyConnection | None = None,
    *,
    cache_root: Path | None = None,
    background: bool = True,
    warm: Warm | None = None,
) -> Tables:
    """Open the dataset in any ``folder`` (views over its Parquet files; small tables in pandas).

    ``cache_root``: where its derived data is kept (e.g. a folder beside the dataset; default
    ``$CHIPWAR_CACHE``). ``background=False``: no thread is started, every derived result is
    computed at once. ``warm``: answers to prepare in the background (the query layer's).
    """
    return Tables(folder, con, cache_root=cache_root, background=background, warm=warm)
