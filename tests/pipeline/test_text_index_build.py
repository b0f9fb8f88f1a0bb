"""The build writes the keyword text index beside the tables: one set of files per paragraphs part,
holding exactly that part's text, rewritten by an incremental build only where the part changed."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq

from dashboard.bench import corpusgen
from dashboard.pipeline.build import build
from dashboard.pipeline.build import textindex as ti


def _parts(out: Path) -> list[Path]:
    return sorted((out / "paragraphs.parquet").glob("part-*.parquet"))


def _index(out: Path, part: Path) -> ti.PartIndex:
    got = ti.read_part(out / ti.INDEX_DIR, ti.output_stem(part.name), part)
    assert got is not None, part.name
    return got


def test_each_paragraphs_part_has_an_index_of_exactly_its_text(tmp_path, small_segments):
    corpus = tmp_path / "corpus"
    corpusgen.generate(40, corpus)
    build(corpus, tmp_path / "out", workers=0)
    parts = _parts(tmp_path / "out")
    assert len(parts) > 1
    names = sorted(p.name for p in (tmp_path / "out" / ti.INDEX_DIR).iterdir())
    assert names == sorted(f"{ti.output_stem(p.name)}.{s}" for p in parts for s in ti.SUFFIXES)
    con = duckdb.connect()
    for part in parts:
        index = _index(tmp_path / "out", part)
        rows = con.sql(
            f"SELECT article_id, list(coalesce(text, '') ORDER BY paragraph) AS texts "
            f"FROM read_parquet('{part}') GROUP BY article_id ORDER BY article_id"
        ).fetchall()
        assert index.ids == [r[0] for r in rows]
        body = index.files["text.bin"].read_bytes()
        low = index.files["lower.bin"].read_bytes()
        bits = np.fromfile(index.files["bits.bin"], dtype=np.uint8)
        for k, (_, texts) in enumerate(rows):
            text = "".join(t + "\x00" for t in texts)
            assert body[index.offsets[0, k] : index.offsets[0, k + 1]].decode() == text
            lowered = low[index.offsets[1, k] : index.offsets[1, k + 1]].decode()
            assert lowered == con.execute("SELECT lower(?)", [text]).fetchall()[0][0]
            # every key of the article's text has both its bits set in the article's signature
            block = next(b for b in index.blocks if b[0] <= k < b[0] + b[1])
            width = (block[1] + 7) // 8
            rows_ = bits[block[2] : block[2] + ti.BITS * width].reshape(ti.BITS, width)
            column = np.unpackbits(rows_, axis=1)[:, k - block[0]]
            keys, _ = ti.keys_of(ti.codes_of(lowered))
            a, b = ti.signature_bits(keys)
            assert column[a].all() and column[b].all()


def test_an_index_is_not_read_for_another_parquet_part(tmp_path, small_segments):
    corpus = tmp_path / "corpus"
    corpusgen.generate(40, corpus)
    build(corpus, tmp_path / "out", workers=0)
    first, second = _parts(tmp_path / "out")[:2]
    stem = ti.output_stem(first.name)
    assert ti.read_part(tmp_path / "out" / ti.INDEX_DIR, stem, first) is not None
    assert ti.read_part(tmp_path / "out" / ti.INDEX_DIR, stem, second) is None
    # a copied output (new files, same bytes) keeps its index
    copy = tmp_path / "copy.parquet"
    copy.write_bytes(first.read_bytes())
    assert ti.read_part(tmp_path / "out" / ti.INDEX_DIR, stem, copy) is not None
    # a part rewritten with other rows does not
    pq.write_table(pq.read_table(first).slice(1), copy)
    assert ti.read_part(tmp_path / "out" / ti.INDEX_DIR, stem, copy) is None


def test_incremental_build_rewrites_only_the_changed_parts_index(tmp_path, small_segments):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(40, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)

    def inodes() -> dict[str, tuple[int, int]]:
        out = {}
        for part in _parts(tmp_path / "out"):
            index = _index(tmp_path / "out", part)
            out[part.name] = (os.stat(part).st_ino, os.stat(index.files["text.bin"]).st_ino)
        return out

    before = inodes()
    corpusgen.generate(2, corpus, start=40, folder="new")
    again = build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert 2 <= again.analysed < 42
    after = inodes()
    kept_tables = {name for name in after if name in before and after[name][0] == before[name][0]}
    kept_index = {name for name in after if name in before and after[name][1] == before[name][1]}
    # unchanged parts are linked from the cache with their index; the new or changed ones are not
    assert kept_tables and kept_tables == kept_index and kept_tables != set(after)
