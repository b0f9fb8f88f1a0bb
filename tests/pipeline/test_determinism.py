"""Rebuilding the seed corpus reproduces the committed data/processed/ exactly."""

from pathlib import Path

import pyarrow.parquet as pq

from dashboard.pipeline.build import build, termindex
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
    # the index files the build writes beside the tables (term and keyword) are committed too,
    # byte for byte
    fresh_index = [f for f in output_files(tmp_path / "out") if f.startswith("indexes/")]
    assert fresh_index == [f for f in output_files(COMMITTED) if f.startswith("indexes/")]
    for prefix in (f"{termindex.INDEX_DIR.as_posix()}/", "indexes/text/"):
        assert any(f.startswith(prefix) for f in fresh_index), prefix
    for name in fresh_index:
        assert (tmp_path / "out" / name).read_bytes() == (COMMITTED / name).read_bytes(), (
            f"{name} differs from a fresh build: run `make data` and commit"
        )


def test_two_builds_write_identical_bytes(tmp_path):
    build(ROOT / "data" / "raw", tmp_path / "a")
    build(ROOT / "data" / "raw", tmp_path / "b")
    files = output_files(tmp_path / "a")
    assert files == output_files(tmp_path / "b") and META_FILE in files
    assert any(f.startswith("indexes/text/") for f in files)
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
