"""Every column of every table (and pre-aggregation) is documented in data/README.md, and nothing more."""

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard.pipeline.schema import AGG_SCHEMAS, SCHEMAS

ALL_SCHEMAS = {**SCHEMAS, **AGG_SCHEMAS}

ROOT = Path(__file__).resolve().parents[2]
PROCESSED = ROOT / "data" / "processed"


def documented_columns() -> dict[str, list[str]]:
    """Parse `## name.parquet` sections and their `` - `column` (type): meaning `` lines."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    tables: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        head = re.match(r"^## (\w+)\.parquet\s*$", line)
        if head:
            current = tables.setdefault(head.group(1), [])
            continue
        if line.startswith("## "):
            current = None
        col = re.match(r"^- `(\w+)` \(([^)]+)\): \S", line)
        if col and current is not None:
            current.append(col.group(1))
    return tables


def test_every_schema_column_is_documented_and_vice_versa():
    docs = documented_columns()
    assert set(docs) == set(ALL_SCHEMAS)
    for name, schema in ALL_SCHEMAS.items():
        assert docs[name] == schema.names, f"{name}: data/README.md and schema.py disagree"


@pytest.mark.parametrize("name", sorted({**SCHEMAS, **AGG_SCHEMAS}))
def test_committed_tables_match_the_dictionary(name):
    """Every committed table (a file, or every part of a partitioned one) has the documented columns."""
    path = PROCESSED / f"{name}.parquet"
    parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path] if path.is_file() else []
    if not parts:
        pytest.fail(f"data/processed/{name}.parquet is not committed: run `make data`")
    for part in parts:
        assert pq.read_schema(part).names == documented_columns()[name]
