"""The seed manifest data/raw/manifest.csv: complete, justified, matching the shared corpus."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.pipeline.metadata import parse_date

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared" / "corpus"
COLUMNS = ["file", "title", "publisher", "url", "published", "language", "notes"]


def rows() -> list[dict[str, str]]:
    with (RAW / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    assert reader.fieldnames == COLUMNS
    return list(reader)


def test_every_raw_file_is_in_the_manifest_and_back() -> None:
    listed = [r["file"] for r in rows()]
    assert len(listed) == len(set(listed))
    on_disk = sorted(p.name for p in RAW.iterdir() if p.is_file() and p.name != "manifest.csv")
    assert sorted(listed) == on_disk


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared corpus folder not present")
def test_raw_files_are_byte_identical_to_the_shared_corpus() -> None:
    for row in rows():
        assert (RAW / row["file"]).read_bytes() == (SHARED / row["file"]).read_bytes(), row["file"]


def test_every_value_is_explained_in_notes() -> None:
    for row in rows():
        notes = row["notes"].lower()
        for column in COLUMNS[1:-1]:
            if row[column]:
                assert f"{column}:" in notes, (row["file"], column)


def test_values_are_well_formed() -> None:
    for row in rows():
        assert row["language"] in {"zh-Hans", "zh-Hant", "en", "und", ""}
        if row["published"]:
            assert parse_date(row["published"]) is not None
            assert parse_date(row["published"]).isoformat() == row["published"]
        if row["url"]:
            assert row["url"].startswith(("http://", "https://"))


def test_stated_values_appear_in_the_text() -> None:
    # nothing invented: a title or url in the manifest is written in the article itself
    for row in rows():
        text = (RAW / row["file"]).read_text(encoding="utf-8")
        for column in ("title", "url"):
            if row[column]:
                assert row[column] in text, (row["file"], column)
