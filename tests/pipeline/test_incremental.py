"""Shortcuts of a cached rebuild (whole-corpus stages skipped when their inputs did not change)."""

from __future__ import annotations

import shutil

from dashboard.bench import corpusgen
from dashboard.pipeline.analyse import claims
from dashboard.pipeline.build import build, dedupe
from dashboard.pipeline.build.write import output_files


def _bytes(folder):
    return {name: (folder / name).read_bytes() for name in output_files(folder)}


def _count_calls(monkeypatch, owner, name: str) -> list:
    """Patch ``owner.name`` to record each call (one item per call) and still do its work."""
    calls: list = []
    real = getattr(owner, name)
    monkeypatch.setattr(owner, name, lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_unchanged_rebuild_reuses_near_duplicates_and_claims_adding_articles_recomputes(
    tmp_path, monkeypatch
):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(30, corpus)
    first = build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    before = _bytes(tmp_path / "out")

    calls = _count_calls(monkeypatch, dedupe, "near_duplicates_kept")
    grouped = _count_calls(monkeypatch, claims, "claims_table")
    again = build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert (again.analysed, calls, grouped) == (0, [], [])
    assert again.near_duplicates == first.near_duplicates
    assert _bytes(tmp_path / "out") == before

    corpusgen.generate(3, corpus, start=30, folder="new")
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert calls == [1] and grouped == [1]
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")


def test_added_and_removed_articles_update_the_kept_pair_search(tmp_path, monkeypatch):
    """After the first build, adding or removing a few articles updates the cached candidate
    pairs instead of searching the whole corpus again, and the tables equal a full build's."""
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(40, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)

    full_searches = _count_calls(monkeypatch, dedupe, "build_index")
    monkeypatch.setattr(dedupe, "INCREMENTAL_SHARE", 0.5)  # 40 articles: let a few changes count as few
    corpusgen.generate(3, corpus, start=40, folder="new")
    added = build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert added.near_duplicates > 0  # the case exercises real pairs
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")

    for path in sorted(p for p in corpus.rglob("*.txt") if "new" not in p.parts)[:4]:
        path.unlink()
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")
    assert full_searches == []


def test_unchanged_rebuild_stops_after_listing_unless_the_output_was_touched(tmp_path, monkeypatch):
    """Same listing and an intact output: nothing is loaded, merged or written, and the summary
    still says what is there. A damaged output, a cleared cache or a changed file is built again."""
    from dashboard.pipeline.build import merge

    corpus, cache, out = tmp_path / "corpus", tmp_path / "cache", tmp_path / "out"
    corpusgen.generate(30, corpus)
    first = build(corpus, out, workers=0, cache_dir=cache)
    before = _bytes(out)
    merges = _count_calls(monkeypatch, merge, "merge_chunks")

    again = build(corpus, out, workers=0, cache_dir=cache)
    assert again.unchanged and merges == []
    assert again.render().splitlines()[1:] == first.render().splitlines()[1:]
    assert "unchanged" in again.render().splitlines()[0]
    assert _bytes(out) == before

    (out / "meta.json").write_text("{}")  # a damaged output is rebuilt, not trusted
    fixed = build(corpus, out, workers=0, cache_dir=cache)
    assert not fixed.unchanged and merges == [1] and _bytes(out) == before

    shutil.rmtree(cache)  # a cleared cache asks for a full build, even of an intact output
    full = build(corpus, out, workers=0, cache_dir=cache)
    assert not full.unchanged and full.analysed == first.analysed and merges == [1, 1]
    assert _bytes(out) == before

    path = sorted(corpus.rglob("*.txt"))[3]
    path.write_bytes(path.read_bytes() + b"\nA new closing line.\n")
    changed = build(corpus, out, workers=0, cache_dir=cache)
    assert not changed.unchanged and changed.analysed > 0 and merges == [1, 1, 1]
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(out) == _bytes(tmp_path / "full")

    # a manifest row (metadata for one file) is part of the listing too
    rel = path.relative_to(corpus).as_posix()
    (corpus / "manifest.csv").write_text(f"file,publisher\n{rel},Example Daily\n", encoding="utf-8")
    relabelled = build(corpus, out, workers=0, cache_dir=cache)
    assert not relabelled.unchanged, relabelled.render()
    assert len(merges) == 5  # the full check build above merged too
    assert build(corpus, out, workers=0, cache_dir=cache).unchanged


def test_chunk_summaries_come_from_one_file(tmp_path, monkeypatch):
    """A rebuild reads the previous build's summaries from one file, not one file per chunk,
    and the samples it gives back equal the ones each chunk stored."""
    from dashboard.pipeline.build import cache as build_cache
    from dashboard.pipeline.build import chunks

    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)  # many chunks from a small corpus
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(60, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    stored, _listed = build_cache.cached_summaries(cache)
    assert len(stored) > 1
    for key, chunk in stored.items():
        own = build_cache.cached_chunk(cache, key)
        assert chunk.articles.equals(own.articles)
        assert all((x == y).all() for x, y in zip(chunk.samples, own.samples, strict=True))
        assert chunk.figures.equals(own.figures) and chunk.rows == own.rows

    per_chunk = _count_calls(monkeypatch, build_cache, "cached_chunk")
    corpusgen.generate(3, corpus, start=60, folder="new")
    added = build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    # only the chunks the new files changed are looked up one by one (and analysed)
    assert 0 < added.analysed < 30 and 0 < len(per_chunk) < len(stored) // 2
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")


def test_claims_of_changed_chunks_are_regrouped_the_rest_kept(tmp_path, monkeypatch):
    """Adding, changing or removing a few files regroups only the claims their chunks hold, and
    the claims table (bytes included) equals a full build's."""
    from dashboard.pipeline.build import chunks, merge

    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)  # many chunks, so a few changes are few
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(80, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    full_groupings = _count_calls(monkeypatch, merge, "_group_claims")

    corpusgen.generate(3, corpus, start=80, folder="new")
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert full_groupings == []
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")

    for path in sorted(corpus.rglob("*.txt"))[5:7]:
        path.unlink()
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert len(full_groupings) == 1  # the check build above, without a cache
    build(corpus, tmp_path / "full2", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full2")


def test_summaries_file_is_a_base_compacted_when_many_chunks_miss(tmp_path, monkeypatch):
    """A few changed chunks do not rewrite the summaries file (their own summaries are read, the
    delta); past the compaction threshold it is rewritten with exactly the current chunks. Both
    ways the output equals a full build's."""
    from dashboard.pipeline.build import cache as build_cache
    from dashboard.pipeline.build import chunks

    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(60, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    base = cache / build_cache.SUMMARIES_FILE
    first = base.stat().st_ino
    stored, listed = build_cache.cached_summaries(cache)
    assert listed == len(stored) > 5

    corpusgen.generate(2, corpus, start=60, folder="new")
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert base.stat().st_ino == first  # below the threshold: the base is kept as it was
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")

    monkeypatch.setattr(build_cache, "COMPACT_MIN", 0)
    monkeypatch.setattr(build_cache, "COMPACT_SHARE", 0.0)
    for path in sorted(corpus.rglob("*.txt"))[:3]:
        path.unlink()  # files removed: their chunks are gone from the corpus
    again = build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert base.stat().st_ino != first  # compacted
    now, listed = build_cache.cached_summaries(cache)
    assert listed == len(now) and again.files_found == sum(c.files for c in now.values())
    build(corpus, tmp_path / "full2", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full2")
    # the next build reads every chunk from the compacted base alone
    per_chunk = _count_calls(monkeypatch, build_cache, "cached_chunk")
    corpusgen.generate(1, corpus, start=70, folder="new2")
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert 0 < len(per_chunk) < 4


def test_damaged_claims_cache_is_grouped_again_and_named(tmp_path):
    """A damaged claims file costs a full grouping, with a note naming the file, never an error
    or other claims."""
    from dashboard.pipeline.build import cache as build_cache

    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(30, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    claims_file = cache / build_cache.CLAIMS_FILE
    claims_file.write_bytes(claims_file.read_bytes()[:200])  # cut short
    corpusgen.generate(2, corpus, start=30, folder="new")
    again = build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    assert f"note: cache file {build_cache.CLAIMS_FILE} is damaged" in again.render()
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")
    claims_file.unlink()  # missing: grouped again, silently (as a first build does)
    corpusgen.generate(1, corpus, start=40, folder="new2")
    assert "note:" not in build(corpus, tmp_path / "out", workers=0, cache_dir=cache).render()
    build(corpus, tmp_path / "full2", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full2")


def test_splicing_regrouped_claims_equals_filter_and_sort():
    """Kept rows plus regrouped ones, placed by claim id, are the rows a filter and a sort give."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from dashboard.pipeline.build import merge

    before = pa.table({"claim_id": ["0b", "1a", "3c", "7f", "9e"], "n": [1, 2, 3, 4, 5]})
    touched = pa.array(["1a", "7f", "00", "ff", "50"])
    regrouped = pa.table({"claim_id": ["ff", "00", "7f", "50"], "n": [10, 11, 12, 13]})
    drop = pc.is_in(before.column("claim_id"), value_set=touched).to_numpy(zero_copy_only=False)
    expected = pa.concat_tables([before.filter(pa.array(~drop)), regrouped]).sort_by("claim_id")
    assert merge._splice(before, drop, regrouped).equals(expected)
    assert merge._splice(before, drop, None).equals(before.filter(pa.array(~drop)))
    everything = np.ones(before.num_rows, bool)
    assert merge._splice(before, everything, regrouped).equals(regrouped.sort_by("claim_id"))
