"""The build writes each article's stand-in headline (first heading, first sentence) beside the
tables: one file per paragraphs part, exactly what ``headlines.write_part`` makes of that part, read
by the dashboard instead of a pass over all text, with the same labels."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.bench import corpusgen
from dashboard.pipeline.build import build
from dashboard.pipeline.build import headlines as hl
from dashboard.store import labels, open_dataset


def _parts(out: Path) -> list[Path]:
    return sorted((out / "paragraphs.parquet").glob("part-*.parquet"))


def test_cut_takes_the_first_sentence_of_present_text():
    assert hl.cut(None) == "" and hl.cut("  ") == "" and hl.cut("None") == ""
    assert hl.cut("芯片出口放缓。下一句不算") == "芯片出口放缓。"
    assert hl.cut("没有句号的短标题") == "没有句号的短标题"
    assert hl.cut("一" * 40) == "一" * hl.SNIPPET + "…"
    assert hl.cut("Chips slow down. Then more") == "Chips slow down."


def test_each_part_has_exactly_the_file_write_part_makes(tmp_path, small_segments):
    corpus = tmp_path / "corpus"
    corpusgen.generate(40, corpus)
    out = tmp_path / "out"
    build(corpus, out, workers=0)
    parts = _parts(out)
    assert len(parts) > 1
    assert sorted(p.name for p in (out / hl.INDEX_DIR).iterdir()) == [p.name for p in parts]
    for part in parts:
        again = tmp_path / "again.parquet"
        hl.write_part(again, pq.read_table(part), part)
        assert (out / hl.INDEX_DIR / part.name).read_bytes() == again.read_bytes()
        got = hl.read_part(out / hl.INDEX_DIR / part.name, part)
        assert got is not None
        ids = pq.read_table(part, columns=["article_id"]).column("article_id").to_pylist()
        assert got.column("article_id").to_pylist() == sorted(set(ids))


def test_a_file_is_not_read_for_another_part(tmp_path, small_segments):
    corpus = tmp_path / "corpus"
    corpusgen.generate(40, corpus)
    build(corpus, tmp_path / "out", workers=0)
    first, second = _parts(tmp_path / "out")[:2]
    file = tmp_path / "out" / hl.INDEX_DIR / first.name
    assert hl.read_part(file, first) is not None
    assert hl.read_part(file, second) is None
    copy = tmp_path / "copy.parquet"  # a copied output (same bytes) keeps its file
    copy.write_bytes(first.read_bytes())
    assert hl.read_part(file, copy) is not None
    pq.write_table(pq.read_table(first).slice(1), copy)  # a rewritten part does not
    assert hl.read_part(file, copy) is None


def test_incremental_build_links_the_unchanged_parts_files(tmp_path, small_segments):
    corpus, cache, out = tmp_path / "corpus", tmp_path / "cache", tmp_path / "out"
    corpusgen.generate(40, corpus)
    build(corpus, out, workers=0, cache_dir=cache)

    def inodes() -> dict[str, tuple[int, int]]:
        return {p.name: (os.stat(p).st_ino, os.stat(out / hl.INDEX_DIR / p.name).st_ino) for p in _parts(out)}

    before = inodes()
    corpusgen.generate(2, corpus, start=40, folder="new")
    build(corpus, out, workers=0, cache_dir=cache)
    after = inodes()
    kept_tables = {n for n in after if n in before and after[n][0] == before[n][0]}
    kept_files = {n for n in after if n in before and after[n][1] == before[n][1]}
    assert kept_tables and kept_tables == kept_files and kept_tables != set(after)
    for part in _parts(out):  # every file, linked or new, belongs to its part
        assert hl.read_part(out / hl.INDEX_DIR / part.name, part) is not None


def test_the_dashboard_labels_are_the_same_with_or_without_the_files(tmp_path, small_segments):
    corpus = tmp_path / "corpus"
    corpusgen.generate(40, corpus)
    out = tmp_path / "out"
    build(corpus, out, workers=0)
    # some articles without a title, so the stand-in headlines are used
    arts = pq.read_table(out / "articles.parquet")
    titles = arts.column("title").to_pylist()
    titles = [None if i % 3 == 0 else t for i, t in enumerate(titles)]
    pq.write_table(
        arts.set_column(arts.schema.get_field_index("title"), "title", pa.array(titles)),
        out / "articles.parquet",
    )
    with_files = open_dataset(out, cache_root=tmp_path / "c1", background=False)
    got = labels.headlines(with_files)
    assert (got["headline_basis"] != "title").sum() >= 10
    assert (got["headline_basis"].isin(["heading", "first sentence"])).any()
    with_files.close()
    shutil.rmtree(out / hl.INDEX_DIR)
    without = open_dataset(out, cache_root=tmp_path / "c2", background=False)
    assert labels.headlines(without).equals(got)
    without.close()
