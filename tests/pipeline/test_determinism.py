"""Rebuilding the seed corpus reproduces the committed data/processed/ exactly."""

from pathlib import Path

import pyarrow.parquet as pq

from dashboard.pipeline.build import build
from dashboard.pipeline.build.write import META_FILE, output_files
from dashboard.pipeline.schema import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "data" / "processed"


def test_rebuild_reproduces_committed_tables(tmp_path):
    assert (COMMITTED / META_FILE).exists(), "data/processed/ must be committed (run `make data`)"
    build(ROOT / "data" / "raw", tmp_path / "out")
    for name in SCHEMAS:
        fresh = pq.read_table(tmp_path / "out" / f"{name}.parquet")
        committed = pq.read_table(COMMITTED / f"{name}.parquet")
        assert fresh.schema.equals(committed.schema), name
        assert fresh.equals(committed), (
            f"{name}.parquet differs from a fresh build: run `make data` and commit"
        )
    assert (tmp_path / "out" / META_FILE).read_text() == (COMMITTED / META_FILE).read_text()
    # the keyword index files the build writes beside the tables are committed with them
    fresh_index = [f for f in output_files(tmp_path / "out") if f.startswith("indexes/text/")]
    assert fresh_index and fresh_index == [
        f for f in output_files(COMMITTED) if f.startswith("indexes/text/")
    ]
    for name in fresh_index:
        assert (tmp_path / "out" / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_two_builds_write_identical_bytes(tmp_path):
    build(ROOT / "data" / "raw", tmp_path / "a")
    build(ROOT / "data" / "raw", tmp_path / "b")
    files = output_files(tmp_path / "a")
    assert files == output_files(tmp_path / "b") and META_FILE in files
    assert any(f.startswith("indexes/text/") for f in files)
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
