"""Parallel and incremental builds write exactly the tables a serial full build writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.bench import corpusgen
from dashboard.pipeline.build import build, chunks, scheduler, termindex, work
from dashboard.pipeline.build import cache as build_cache
from dashboard.pipeline.build.write import output_files
from dashboard.pipeline.ingest import plan_inputs
from dashboard.pipeline.schema import SCHEMAS

N = 24


def _bytes(folder: Path) -> dict[str, bytes]:
    files = output_files(folder)
    assert {f"{n}.parquet" for n in SCHEMAS} <= {f.split("/")[0] for f in files}
    assert any(f.startswith("indexes/text/") for f in files)  # the keyword index is compared too
    return {name: (folder / name).read_bytes() for name in files}


def _runs(corpus: Path) -> list[tuple[str, ...]]:
    names = [f.rel for f in plan_inputs(corpus).files]
    return [tuple(names[a:b]) for a, b in chunks.chunk_bounds(names)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpusgen.generate(N, folder)
    return folder


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial") / "out"
    summary = build(corpus, out, workers=0)
    assert summary.articles > N // 2 and summary.analysed == N
    return _bytes(out)


def test_local_processes_scheduler_matches_serial(corpus, serial, tmp_path):
    summary = build(corpus, tmp_path / "out", workers=2)
    assert summary.analysed == N
    assert _bytes(tmp_path / "out") == serial


def test_existing_dask_cluster_matches_serial(corpus, serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        build(corpus, tmp_path / "out", scheduler=cluster.scheduler_address)
    assert _bytes(tmp_path / "out") == serial


def test_incremental_build_equals_full_build(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(120, corpus, mix="seed-lines")  # one file per article: chunk sizes are known
    first = build(corpus, tmp_path / "inc", workers=0, cache_dir=cache)
    assert first.analysed == 120
    assert build(corpus, tmp_path / "inc", workers=0, cache_dir=cache).analysed == 0  # nothing changed

    before = set(_runs(corpus))
    corpusgen.generate(3, corpus, start=120, folder="new", mix="seed-lines")  # three new articles arrive
    changed = [run for run in _runs(corpus) if run not in before]
    again = build(corpus, tmp_path / "inc", workers=0, cache_dir=cache)
    assert again.documents == 123
    # only the chunk(s) the new files landed in are cut again, and only the new files analysed:
    # the other files of those chunks give back their stored results
    assert sum(len(run) for run in changed) < 60
    assert again.analysed == 3

    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "inc") == _bytes(tmp_path / "full")


def test_changed_article_or_metadata_is_analysed_again(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(100, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    runs = _runs(corpus)
    path = sorted(corpus.rglob("*.txt"))[40]
    rel = path.relative_to(corpus).as_posix()
    size = len(next(run for run in runs if rel in run))
    path.write_text(
        path.read_text(encoding="utf-8") + "美国商务部再次收紧对华芯片出口管制。\n", encoding="utf-8"
    )
    assert size < 100
    assert build(corpus, tmp_path / "out", workers=0, cache_dir=cache).analysed == 1  # that file only

    manifest = next(corpus.rglob("manifest.csv"))
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("Outlet", "Outlet X", 1), encoding="utf-8"
    )
    assert 0 < build(corpus, tmp_path / "out", workers=0, cache_dir=cache).analysed < 100  # its chunk only
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")


def test_file_key_covers_name_content_stamp_and_manifest_rows(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("英伟达芯片", encoding="utf-8")

    def key(rel: str = "a.txt", entries: dict | None = None) -> str:
        (found,) = plan_inputs(tmp_path).files  # the walk records each file's size and mtime
        return build_cache.file_key(rel, found.stamp, entries or {})

    first = key()
    assert key() == first
    assert key("b.txt") != first
    assert key(entries={"a.txt": {"publisher": "X"}}) != first
    path.write_text("英伟达晶片!", encoding="utf-8")  # edited: size and modification time change
    edited = key()
    assert edited != first
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # touched: same size, new time
    assert key() != edited


def test_torn_cache_entry_is_analysed_again(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(8, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    for summary_file in cache.rglob(build_cache.LIGHT_FILE):
        summary_file.write_bytes(b"torn")
    # new output folders: the intact one would be reported unchanged without reading the cache;
    # the build's one summary file still holds every chunk
    assert build(corpus, tmp_path / "out1", workers=0, cache_dir=cache).analysed == 0
    (cache / build_cache.SUMMARIES_FILE).write_bytes(b"torn")
    # the chunks are cut again from each file's stored results, nothing analysed; the build says
    # which cache file it could not use
    again = build(corpus, tmp_path / "out2", workers=0, cache_dir=cache)
    assert again.analysed == 0
    assert f"note: cache file {build_cache.SUMMARIES_FILE} is damaged" in again.render()
    # with every summary and every file's results torn too, the documents are analysed again
    for torn in [*cache.rglob(build_cache.LIGHT_FILE), *build_cache.results_dir(cache).rglob("*.pkl")]:
        torn.write_bytes(b"torn")
    (cache / build_cache.SUMMARIES_FILE).write_bytes(b"torn")
    assert build(corpus, tmp_path / "out3", workers=0, cache_dir=cache).analysed == 8
    build(corpus, tmp_path / "full", workers=0)
    for out in ("out1", "out2", "out3"):
        assert _bytes(tmp_path / out) == _bytes(tmp_path / "full")


def test_cli_caches_by_default_and_no_cache_turns_it_off(tmp_path, capsys):
    from dashboard.pipeline.__main__ import main

    corpus = tmp_path / "corpus"
    corpusgen.generate(4, corpus)
    args = ["build", "--input", str(corpus), "--output", str(tmp_path / "out"), "--workers", "0"]
    assert main(args) == 0
    assert main(args) == 0
    assert "analysed          0 (the other 4 from" in capsys.readouterr().out
    assert (tmp_path / ".out.cache").is_dir()
    assert main([*args, "--no-cache"]) == 0
    assert "analysed          " not in capsys.readouterr().out


def test_content_defined_chunks_only_change_where_files_are_added():
    names = [f"a{i:03d}.txt" for i in range(300)]
    before = {tuple(names[a:b]) for a, b in chunks.chunk_bounds(names)}
    assert len(before) > 2 and sum(len(r) for r in before) == 300
    assert max(len(r) for r in before) <= 4 * chunks.CHUNK_FILES
    grown = [*names[:151], "a150x.txt", *names[151:]]
    after = {tuple(grown[a:b]) for a, b in chunks.chunk_bounds(grown)}
    assert len(before - after) == 1  # the one chunk the new file landed in


def test_many_segments_hold_the_same_rows_and_rebuild_incrementally(tmp_path, monkeypatch):
    """With small chunks and segments, the output has many parts; read whole, the tables are the same."""
    import pyarrow.parquet as pq

    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(40, corpus)
    build(corpus, tmp_path / "one", workers=0)
    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)
    monkeypatch.setattr(chunks, "SEGMENT_FILES", 8)
    build(corpus, tmp_path / "many", workers=0, cache_dir=cache)
    parts = sorted((tmp_path / "many" / "terms.parquet").glob("part-*.parquet"))
    assert len(parts) > 1
    for name in SCHEMAS:
        one, many = (pq.read_table(tmp_path / o / f"{name}.parquet") for o in ("one", "many"))
        assert one.equals(many), name

    assert _term_index_files(tmp_path / "many") == {
        f"{p.stem}.{ext}" for p in parts for ext in ("json", "npy")
    }  # one index pair per term_counts part (its parts are named like every table's)
    before = _inodes(tmp_path / "many")

    corpusgen.generate(2, corpus, start=40, folder="new")
    again = build(corpus, tmp_path / "many", workers=0, cache_dir=cache)
    assert 2 <= again.analysed < 42
    build(corpus, tmp_path / "full", workers=0, cache_dir=tmp_path / "other-cache")
    assert _bytes(tmp_path / "many") == _bytes(tmp_path / "full")  # index files included
    assert _term_index_files(tmp_path / "many") == _term_index_files(tmp_path / "full")
    # the incremental build rewrote the index files of exactly the parts it rewrote (the others
    # are links to the same stored files as before, like their Parquet parts)
    after = _inodes(tmp_path / "many")
    same = {name: before.get(name) == ino for name, ino in after.items()}
    assert any(same.values()) and not all(same.values())
    for part in (tmp_path / "many" / "term_counts.parquet").glob("part-*.parquet"):
        for ext in ("json", "npy"):
            assert same[f"{part.stem}.{ext}"] == same[part.name], (part.name, ext)


def _term_index_files(folder: Path) -> set[str]:
    return {p.name for p in (folder / termindex.INDEX_DIR).iterdir()}


def _inodes(folder: Path) -> dict[str, int]:
    """The inode of each term index file and term_counts part (a linked part keeps its stored file's)."""
    files = [*(folder / termindex.INDEX_DIR).iterdir(), *(folder / "term_counts.parquet").iterdir()]
    return {p.name: p.stat().st_ino for p in files}


def test_segments_assembled_by_worker_processes_match_in_process(tmp_path, monkeypatch):
    """Many segments written by two worker processes (cached and not) give the in-process bytes."""
    corpus = tmp_path / "corpus"
    corpusgen.generate(40, corpus)
    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)
    monkeypatch.setattr(chunks, "SEGMENT_FILES", 8)
    build(corpus, tmp_path / "serial", workers=0)
    assert len(list((tmp_path / "serial" / "terms.parquet").glob("part-*.parquet"))) > 1
    build(corpus, tmp_path / "two", workers=2)
    build(corpus, tmp_path / "cached", workers=2, cache_dir=tmp_path / "cache")
    again = build(corpus, tmp_path / "cached", workers=2, cache_dir=tmp_path / "cache")
    assert again.analysed == 0
    for out in ("two", "cached"):
        assert _bytes(tmp_path / out) == _bytes(tmp_path / "serial"), out


def test_worker_processes_replaced_in_rounds_match_serial(tmp_path, monkeypatch):
    """A worker pool that lives for WORKER_CHUNKS chunks each, replaced round after round, gives the serial bytes."""
    corpus = tmp_path / "corpus"
    corpusgen.generate(20, corpus)
    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)
    monkeypatch.setattr(work, "WORKER_CHUNKS", 1)
    build(corpus, tmp_path / "serial", workers=0)
    rounds = []
    compute = scheduler.compute

    def counted(bag, scheduler, workers):
        if "process_chunk" in bag.name:  # not the segment writing
            rounds.append(workers)
        return compute(bag, scheduler, workers)

    monkeypatch.setattr(scheduler, "compute", counted)
    summary = build(corpus, tmp_path / "rounds", workers=2)
    n_chunks = len(_runs(corpus))
    assert summary.analysed == 20 and n_chunks > 2
    assert rounds == [2] * -(-n_chunks // 2)  # two chunks per round: one per worker
    assert _bytes(tmp_path / "rounds") == _bytes(tmp_path / "serial")
