"""write.to_table: rows as dicts become the fixed schema, whatever keys the dicts carry."""

from __future__ import annotations

import pyarrow as pa
import pytest

from dashboard.pipeline.build import write
from dashboard.pipeline.schema import SCHEMAS


def _by_columns(name: str, rows: list[dict]) -> pa.Table:
    """The plain construction to_table must equal: one Python list per column."""
    schema = SCHEMAS[name]
    return pa.table({f.name: [row.get(f.name) for row in rows] for f in schema}, schema=schema)


ROWS = {
    "terms": [
        {"article_id": "a", "paragraph": 0, "term": "芯片", "count": 2, "forms": ["芯片", "晶片"]},
        {"article_id": "a", "paragraph": 1, "term": "x", "count": 1, "forms": []},
        {"article_id": "b", "paragraph": 0, "term": None, "count": None, "forms": None, "extra": 1},
    ],
    "paragraphs": [
        {
            "article_id": "a",
            "paragraph": 0,
            "line": 3,
            "text": "美国限制英伟达",
            "role": "body",
            "language": "zh-Hans",
            "damaged": True,
            "damaged_spans": [[0, 2], [4, 5]],
            "topics": ["export-controls"],
        },
        {"article_id": "a", "paragraph": 1, "text": "missing keys are null"},
    ],
    "figures": [
        {"article_id": "a", "paragraph": 0, "value": 3.0, "value_max": None, "fallback": "private key"},
    ],
    "rejected": [],
}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_to_table_equals_the_column_construction(name):
    got = write.to_table(name, ROWS[name])
    want = _by_columns(name, ROWS[name])
    assert got.schema == SCHEMAS[name]
    assert got.equals(want)
    assert got.to_pylist() == want.to_pylist()


def test_to_table_of_a_table_selects_and_casts():
    rows = _by_columns("rejected", [{"source": "s", "reason": "r"}])
    extra = rows.append_column("x", pa.array([1]))
    assert write.to_table("rejected", extra.select(["x", "reason", "source"])).equals(rows)
