"""Parallel and incremental builds write exactly the tables a serial full build writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import corpusgen
from dashboard.pipeline import parallel
from dashboard.pipeline.build import build
from dashboard.pipeline.records import Document
from dashboard.pipeline.tables import META_FILE, SCHEMAS

N = 24
FILES = [*(f"{n}.parquet" for n in SCHEMAS), META_FILE]


def _bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


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
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        build(corpus, tmp_path / "out", scheduler=cluster.scheduler_address)
    assert _bytes(tmp_path / "out") == serial


def test_incremental_build_equals_full_build(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(12, corpus)
    first = build(corpus, tmp_path / "inc", workers=0, cache_dir=cache)
    assert first.analysed == 12

    corpusgen.generate(3, corpus, start=12, folder="new")  # three new articles arrive
    again = build(corpus, tmp_path / "inc", workers=0, cache_dir=cache)
    assert again.analysed == 3 and again.documents == 15

    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "inc") == _bytes(tmp_path / "full")


def test_changed_article_or_metadata_is_analysed_again(tmp_path):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpusgen.generate(6, corpus)
    build(corpus, tmp_path / "out", workers=0, cache_dir=cache)
    path = sorted(corpus.rglob("*.txt"))[2]
    path.write_text(path.read_text(encoding="utf-8") + "美国商务部再次收紧对华芯片出口管制。\n", encoding="utf-8")
    assert build(corpus, tmp_path / "out", workers=0, cache_dir=cache).analysed == 1
    manifest = next(corpus.rglob("manifest.csv"))
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("Outlet", "Outlet X", 1), encoding="utf-8")
    assert build(corpus, tmp_path / "out", workers=0, cache_dir=cache).analysed == 1
    build(corpus, tmp_path / "full", workers=0)
    assert _bytes(tmp_path / "out") == _bytes(tmp_path / "full")


def test_document_key_covers_text_source_and_metadata():
    doc = Document("a.txt", "英伟达芯片", "utf-8", "txt", {"publisher": "X"}, {"publisher": "manifest"})
    same = Document("a.txt", "英伟达芯片", "utf-8", "txt", {"publisher": "X"}, {"publisher": "manifest"})
    assert parallel.document_key(doc) == parallel.document_key(same)
    for other in (
        Document("b.txt", "英伟达芯片", "utf-8", "txt", {"publisher": "X"}, {"publisher": "manifest"}),
        Document("a.txt", "英伟达晶片", "utf-8", "txt", {"publisher": "X"}, {"publisher": "manifest"}),
        Document("a.txt", "英伟达芯片", "utf-8", "txt", {"publisher": "Y"}, {"publisher": "manifest"}),
    ):
        assert parallel.document_key(other) != parallel.document_key(doc)


def test_torn_cache_entry_is_analysed_again(tmp_path):
    store = parallel.ResultCache(tmp_path)
    store.put("ab" + "0" * 62, {"x": 1})
    assert store.get("ab" + "0" * 62) == {"x": 1}
    (tmp_path / "ab" / ("ab" + "0" * 62 + ".pkl.z")).write_bytes(b"torn")
    assert store.get("ab" + "0" * 62) is None


def test_cli_cache_and_workers_flags(tmp_path, capsys):
    from dashboard.pipeline.__main__ import main

    corpus = tmp_path / "corpus"
    corpusgen.generate(4, corpus)
    args = ["build", "--input", str(corpus), "--output", str(tmp_path / "out"), "--workers", "0",
            "--cache", str(tmp_path / "cache")]
    assert main(args) == 0
    assert main(args) == 0
    assert "analysed          0 (the other 4 from" in capsys.readouterr().out


def test_content_defined_chunks_only_change_where_articles_are_added():
    docs = [Document(f"a{i:03d}.txt", f"文本{i}", "utf-8", "txt") for i in range(300)]
    keys = [parallel.document_key(d) for d in docs]
    before = parallel.chunk_documents(docs, keys)
    assert before[0][0] == 0 and before[-1][1] == 300 and len(before) > 2
    new = Document("a150x.txt", "新文本", "utf-8", "txt")
    after = parallel.chunk_documents([*docs[:151], new, *docs[151:]], [*keys[:151], parallel.document_key(new),
                                                                       *keys[151:]])
    old_runs = {tuple(keys[a:b]) for a, b in before}
    new_keys = [*keys[:151], parallel.document_key(new), *keys[151:]]
    new_runs = {tuple(new_keys[a:b]) for a, b in after}
    assert len(old_runs - new_runs) <= 2  # the chunk the article landed in (or two, if it ends one)
