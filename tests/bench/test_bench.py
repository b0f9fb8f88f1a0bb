"""The benchmark harness and its corpus generator run on a tiny size (no timed assertions)."""

from __future__ import annotations

from dashboard.bench import corpusgen
from dashboard.bench import harness as bench


def test_generator_is_deterministic_and_independent_of_size(tmp_path):
    a = corpusgen.generate(12, tmp_path / "a")
    b = corpusgen.generate(5, tmp_path / "b")
    assert len(a) == 12 and len(b) == 5
    for fa, fb in zip(a[:5], b, strict=True):
        assert fa.name == fb.name and fa.read_bytes() == fb.read_bytes()
    again = corpusgen.generate(12, tmp_path / "c")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in a]


def test_generator_varies_script_and_metadata(tmp_path):
    corpusgen.generate(60, tmp_path)
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
    assert set(res["seconds"]) == {"jieba", "build_1", "build_2", "unchanged", "incremental"}
    assert res["runs"]["unchanged"][0]["analysed"] == 0  # the linked copy is read back from the cache
    assert all(v > 0 for v in res["seconds"].values())
    # the new articles, and at most the rest of the chunk of files they landed in, are analysed
    assert bench.NEW_ARTICLES <= res["runs"]["incremental"][0]["analysed"] <= 4 + bench.NEW_ARTICLES
    assert res["runs"]["build_2"][0]["articles"] >= 1
    assert res["peak_rss_mb"]["build_1"] > 0
    text = bench.render(res)
    assert "ratio to jieba" in text and "speed-up" in text and "incremental" in text


def test_harness_can_skip_the_jieba_yardstick(tmp_path):
    res = bench.run(
        size=3, repeats=1, root=tmp_path, workers=(2,), log=lambda *a, **k: None, jieba=False, dashboard=False
    )
    assert "jieba" not in res["seconds"] and res["seconds"]["build_2"] > 0
    assert "not measured" in bench.render(res)


def test_generator_varies_long_lines_so_per_line_caches_do_not_flatter(tmp_path):
    """Long lines are mostly distinct across articles; short ones (bylines, disclaimers) may repeat."""
    lines = [ln for i in range(300) for ln in corpusgen.article(i)[0].splitlines()]
    long = [ln for ln in lines if len(ln) >= corpusgen.MUTATE_FROM]
    assert len(long) > 1000
    assert len(set(long)) / len(long) > 0.8
    seed = {ln for variant in corpusgen._seed_lines() for f in variant for ln in f}
    assert all(ln in seed for ln in lines if len(ln) < corpusgen.MUTATE_FROM)
