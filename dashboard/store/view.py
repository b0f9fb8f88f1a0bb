"""What the term index and the totals read from an open dataset.

A ``Protocol``: ``termindex`` and ``totals`` build derived data for ``dataset.Tables``, which imports
them; naming the few attributes they read here keeps the import graph one-way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import duckdb
import numpy as np
import pandas as pd


class DatasetView(Protocol):
    folder: Path
    cache_root: Path | None
    articles: pd.DataFrame
    positions: pd.Index
    part_names: list[str]
    part_of: np.ndarray
    topic_masks: dict[str, np.ndarray]

    @property
    def index(self) -> Any: ...  # a termindex.TermIndex (not imported here: termindex imports this)

    def query(self, sql: str, params: list | None = None, **frames: object) -> duckdb.DuckDBPyRelation: ...
