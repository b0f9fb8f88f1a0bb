"""The memory-mapped cache bundle: what is written is read back, a damaged file is refused."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from dashboard.pipeline.build.bundle import BundleError, read_bundle, write_bundle


def test_bundle_round_trip(tmp_path):
    path = tmp_path / "b.bundle"
    table = pa.table({"a": ["芯片", None, "x"], "b": [[1, 2], [], None]})
    table = table.replace_schema_metadata({"k": "v"})
    samples = np.array([3, 1, 2**63 + 5], dtype=np.uint64)
    write_bundle(path, {"version": 1, "names": ["甲", "乙"]}, {"t": table}, {"s": samples})
    meta, tables, arrays = read_bundle(path)
    assert meta == {"version": 1, "names": ["甲", "乙"]}
    assert tables["t"].equals(table) and tables["t"].schema.metadata == {b"k": b"v"}
    assert arrays["s"].dtype == np.uint64 and (arrays["s"] == samples).all()


def test_damaged_bundle_is_refused(tmp_path):
    path = tmp_path / "b.bundle"
    write_bundle(path, {}, {"t": pa.table({"a": list(range(1000))})}, {"s": np.arange(1000)})
    whole = path.read_bytes()
    for damaged in (b"", b"torn", whole[:100], whole[: len(whole) // 2], b"X" + whole[1:]):
        path.write_bytes(damaged)
        with pytest.raises(BundleError):
            read_bundle(path)
    with pytest.raises(FileNotFoundError):
        read_bundle(tmp_path / "missing.bundle")
