"""The benchmark harness and its corpus generator run on a tiny size (no timed assertions)."""

from __future__ import annotations

import html

import pytest

from dashboard.bench import corpusgen
from dashboard.bench import harness as bench


def test_generator_is_deterministic_and_independent_of_size(tmp_path):
    a = corpusgen.generate(40, tmp_path / "a")
    b = corpusgen.generate(16, tmp_path / "b")  # two whole export blocks
    names_a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in a}
    names_b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in b}
    assert names_b and all(names_a[k] == v for k, v in names_b.items())  # article i is the same
    again = corpusgen.generate(40, tmp_path / "c")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in a]
    other = corpusgen.generate(40, tmp_path / "d", seed=1)
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in a]


def test_seed_lines_mix_is_the_earlier_corpus(tmp_path):
    """Only plain seed-line text files: numbers stay comparable with the earlier benchmarks."""
    files = corpusgen.generate(30, tmp_path, mix="seed-lines")
    assert {p.suffix for p in files} == {".txt"}
    seed = {ln for variant in corpusgen._seed_lines() for f in variant for ln in f}
    for p in files:
        piece = corpusgen.article(int(p.stem[1:]), mix="seed-lines")
        assert piece.subject == "chips" and piece.shape == "lines"
        assert p.read_text(encoding="utf-8") == piece.text
    short = [ln for p in files for ln in p.read_text(encoding="utf-8").splitlines() if len(ln) < 30]
    assert short and all(ln in seed for ln in short)


def test_generator_writes_every_real_scrape_shape(tmp_path):
    """One-line, hard-wrapped, HTML, JSON/JSONL/CSV, GBK and Big5 files, and text not about chips."""
    pieces = [corpusgen.article(i) for i in range(400)]
    assert {p.shape for p in pieces} == set(corpusgen.SHAPES)
    assert {"gbk", "big5", "utf-8"} <= {p.encoding for p in pieces}
    subjects = {p.subject for p in pieces}
    assert "chips" in subjects and len(subjects - {"chips"}) >= 4
    offtopic = [p for p in pieces if p.subject != "chips"]
    assert 0.15 < len(offtopic) / len(pieces) < 0.35
    assert not any("芯片" in ln or "晶片" in ln for p in offtopic for ln in p.lines)
    files = corpusgen.generate(120, tmp_path)
    assert {p.suffix for p in files} == {".txt", ".html", ".json", ".jsonl", ".csv"}
    texts = {p: p.read_bytes() for p in files}
    # one-line articles: paragraphs joined into a single line
    one = [corpusgen.article(int(p.stem[1:])) for p in files if p.suffix == ".txt"]
    one = [q for q in one if q.shape == "oneline"]
    assert one and all(b"\n" not in texts[tmp_path / "s000" / f"a{q.i:06d}.txt"].rstrip(b"\n") for q in one)
    # hard-wrapped: no line longer than the widest wrap (indent included)
    wrapped = [
        q for q in map(corpusgen.article, range(120)) if q.shape == "wrapped" and q.encoding == "utf-8"
    ]
    for q in wrapped:
        lines = (tmp_path / "s000" / f"a{q.i:06d}.txt").read_text(encoding="utf-8").splitlines()
        assert len(lines) > len(q.lines) and max(map(len, lines)) <= 44
    legacy = [q for q in map(corpusgen.article, range(120)) if q.encoding != "utf-8" and q.shape != "csv"]
    assert legacy
    for q in legacy:
        path = next(tmp_path.glob(f"s000/a{q.i:06d}.*"))
        flat = html.unescape(path.read_bytes().decode(q.encoding)).replace("\n", "").replace("\u3000", "")
        assert q.lines[1].replace("\u3000", "") in flat


def test_every_generated_file_is_ingested(tmp_path):
    """Each file decodes and every article in it becomes a document; none is rejected."""
    from dashboard.pipeline import ingest

    corpusgen.generate(96, tmp_path)
    docs, rejected = ingest.read_inputs(tmp_path)
    assert rejected == []
    assert len(docs) == 96
    assert {d.fmt for d in docs} == {"txt", "html", "json", "jsonl", "csv"}
    encodings = {d.encoding for d in docs}
    assert "gb18030" in encodings and any(e.startswith("big5") or e == "cp950" for e in encodings)
    pieces = {q.i: q for q in map(corpusgen.article, range(96))}
    for d in docs:  # exports carry their metadata in the row; text files in the manifest
        if d.fmt in ("json", "jsonl", "csv") and d.meta.get("publisher"):
            assert d.meta["publisher"].startswith("Outlet ")
    assert sum(bool(d.meta.get("published")) for d in docs) > 0.6 * len(pieces)


def test_small_build_of_every_shape(tmp_path):
    """A tiny build over every shape: all articles are analysed, nothing is rejected."""
    from dashboard.pipeline.build import build

    corpusgen.generate(24, tmp_path / "in")
    summary = build(tmp_path / "in", tmp_path / "out", workers=0, cache_dir=None)
    assert summary.articles == 24
    assert (tmp_path / "out" / "articles.parquet").exists()


def test_generator_varies_script_and_metadata(tmp_path):
    corpusgen.generate(60, tmp_path, mix="seed-lines")
    manifest = (tmp_path / "s000" / "manifest.csv").read_text(encoding="utf-8")
    rows = [ln for ln in manifest.splitlines()[2:]]
    assert len(rows) == 60
    publishers = {r.split(",")[-3] for r in rows if "Outlet" in r}
    assert len(publishers) > 20
    assert any(r.endswith(",") for r in rows)  # some articles carry no date: the text has to tell
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.rglob("*.txt"))]
    assert any("芯片" in t for t in texts) and any("晶片" in t or "個" in t for t in texts)


def test_harness_runs_on_a_tiny_corpus(tmp_path):
    res = bench.run(
        size=4, repeats=1, root=tmp_path, workers=(1, 2), log=lambda *a, **k: None, dashboard=False
    )
    assert res["size"] == 4 and res["raw_mb"] > 0
    assert set(res["seconds"]) == {"jieba", "rjieba", "build_1", "build_2", "unchanged", "incremental"}
    assert set(res["ratio_to_rjieba"]) == {"build_1", "build_2"}
    assert res["runs"]["unchanged"][0]["analysed"] == 0  # the linked copy is read back from the cache
    assert all(v > 0 for v in res["seconds"].values())
    # the new articles, and at most the rest of the chunk of files they landed in, are analysed
    assert bench.NEW_ARTICLES <= res["runs"]["incremental"][0]["analysed"] <= 4 + bench.NEW_ARTICLES
    assert res["runs"]["build_2"][0]["articles"] >= 1
    assert res["peak_rss_mb"]["build_1"] > 0
    text = bench.render(res)
    assert "ratio to rjieba" in text and "speed-up" in text and "incremental" in text


def test_harness_can_skip_the_jieba_yardstick(tmp_path):
    res = bench.run(
        size=3, repeats=1, root=tmp_path, workers=(2,), log=lambda *a, **k: None, jieba=False, dashboard=False
    )
    assert "jieba" not in res["seconds"] and res["seconds"]["build_2"] > 0
    assert "not measured" in bench.render(res)


def test_generator_varies_long_lines_so_per_line_caches_do_not_flatter(tmp_path):
    """Long lines are mostly distinct across articles; short ones (bylines, disclaimers) may repeat."""
    pieces = [corpusgen.article(i, mix="seed-lines") for i in range(300)]
    lines = [ln for p in pieces for ln in p.text.splitlines()]
    long = [ln for ln in lines if len(ln) >= corpusgen.MUTATE_FROM]
    assert len(long) > 1000
    assert len(set(long)) / len(long) > 0.8
    seed = {ln for variant in corpusgen._seed_lines() for f in variant for ln in f}
    assert all(ln in seed for ln in lines if len(ln) < corpusgen.MUTATE_FROM)


def test_profile_stages_attribute_pipeline_frames():
    """Each pipeline module maps to the stage the profile reports; library frames to none."""
    from dashboard.bench import profile

    root = "/x/dashboard/pipeline/"
    assert profile._stage(root + "analyse/terms.py", "segment") == "segmentation (rjieba)"
    assert profile._stage(root + "analyse/terms.py", "paragraph_terms") == "terms and topics"
    assert profile._stage(root + "clean.py", "_classify") == "cleaning"
    assert profile._stage(root + "paragraphs.py", "restore") == "paragraph restoration"
    assert profile._stage(root + "ingest.py", "read_html") == "decode / ingest"
    assert profile._stage(root + "figures/extract.py", "extract_figures") == "figures"
    assert profile._stage(root + "build/dedupe.py", "overlap") == "near-duplicates"
    assert profile._stage("/usr/lib/python3/site-packages/opencc/__init__.py", "convert") is None


def test_profile_runs_on_a_tiny_corpus(tmp_path):
    pytest.importorskip("pyinstrument")
    from dashboard.bench import profile

    res = profile.run(6, tmp_path, interval=0.001)
    assert res["articles"] == 6 and res["rjieba"]["documents"] == 6
    assert res["ratio_build_cpu_to_rjieba_cut"] > 0 and res["stages_s"]
    # the ratio's build is also run without the profiler, in a fresh process
    assert res["unprofiled_build"]["cpu_s"] > 0 and res["ratio_unprofiled_build_cpu_to_rjieba_cut"] > 0
    assert "without the profiler" in profile.render(res)
    assert "cleaning" in res["stages_s"] and (tmp_path / "profile-6.html").exists()
    assert "ratio build / rjieba" in profile.render(res)
