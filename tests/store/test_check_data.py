"""Opening checks: a missing or out-of-date dataset is reported with the command that rebuilds it."""

from __future__ import annotations

import json
import shutil

from dashboard import store


def test_check_data_names_the_rebuild_command(tmp_path, data_dir):
    assert store.check_data(data_dir) is None
    assert "make data" in store.check_data(tmp_path / "nowhere")
    shutil.rmtree(data_dir / "figures.parquet")  # a part directory, as a build writes it
    assert "figures" in store.check_data(data_dir) and "make data" in store.check_data(data_dir)


def test_schema_version_mismatch_is_reported(data_dir):
    (data_dir / "meta.json").write_text(json.dumps({"schema_version": 99}), encoding="utf-8")
    msg = store.check_data(data_dir)
    assert "99" in msg and "make data" in msg
