"""Adding articles to a stored corpus: what a built corpus keeps, and how a new upload joins it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.corpora import archive, extend, ids, runner, storage, worker
from dashboard.corpora.limits import Limits

LIM = Limits(max_files=6, max_article_chars=500)
FAB = "据新华社报道，一家晶圆厂周二宣布投资120亿元扩建芯片生产线。\n\n该公司表示新产线主要用于汽车芯片。"
FOUNDRY = "根據中央社報導，一家晶圓代工廠週三表示今年資本支出將達300億美元。\n\n新廠預計明年量產。"
MEMORY = (
    "路透社消息称，一家存储芯片厂商第三季度营收增长百分之二十五，达到45亿美元。\n\n分析人士认为需求回暖。"
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHIPWAR_CORPORA", str(tmp_path / "corpora"))
    return tmp_path / "corpora"


def _build(c: archive.Collected) -> tuple[str, dict]:
    cid = ids.corpus_id(c.files, c.rejected)
    work = storage.work_dir(cid)
    runner.write_inputs(c, work)
    return cid, worker.run(work, cid)


def test_a_built_corpus_keeps_its_files_and_what_its_upload_turned_down(store):
    c = archive.collect([("fab.txt", FAB.encode()), ("memo.pdf", b"%PDF-1.4")], LIM)
    cid, _ = _build(c)
    assert extend.kept_files(cid) == 1
    files, rejected = extend.stored_upload(cid)
    assert files == {"fab.txt": FAB.encode()}
    assert [source for source, _ in rejected] == ["memo.pdf"]


def test_a_corpus_without_kept_files_cannot_be_added_to(store):
    cid, _ = _build(archive.collect([("fab.txt", FAB.encode())], LIM))
    import shutil

    shutil.rmtree(storage.folder(cid) / storage.INPUTS)  # as a corpus built by an older version
    assert extend.kept_files(cid) is None and extend.stored_upload(cid) is None
    new = archive.collect([("memory.txt", MEMORY.encode())], LIM)
    assert extend.extend(cid, new, LIM) is new
    assert extend.kept_files("0" * 32) is None  # not stored at all


def test_adding_files_builds_a_new_corpus_holding_both(store):
    first = archive.collect([("fab.txt", FAB.encode()), ("memo.pdf", b"%PDF-1.4")], LIM)
    cid, summary = _build(first)
    assert summary["articles"] == 1
    added = extend.extend(cid, archive.collect([("foundry.txt", FOUNDRY.encode())], LIM), LIM)
    assert sorted(added.files) == ["fab.txt", "foundry.txt"]
    assert [s for s, _ in added.rejected] == ["memo.pdf"]  # still listed in the new summary
    cid2, summary2 = _build(added)
    assert cid2 != cid and storage.stored(cid) and storage.stored(cid2)  # the old link still works
    assert summary2["articles"] == 2
    assert "memo.pdf" in {r["source"] for r in summary2["rejected"]}
    # and the new corpus can be added to in turn
    assert extend.kept_files(cid2) == 2


def test_a_new_file_with_a_stored_name_replaces_it_and_the_same_file_changes_nothing(store):
    cid, _ = _build(archive.collect([("story.txt", FAB.encode()), ("other.txt", MEMORY.encode())], LIM))
    same = extend.extend(cid, archive.collect([("story.txt", FAB.encode())], LIM), LIM)
    assert ids.corpus_id(same.files, same.rejected) == cid
    fixed = extend.extend(cid, archive.collect([("Story.txt", FOUNDRY.encode())], LIM), LIM)
    assert fixed.files == {"other.txt": MEMORY.encode(), "Story.txt": FOUNDRY.encode()}


def test_a_rejected_file_uploaded_again_under_its_name_is_judged_again(store):
    cid, _ = _build(archive.collect([("fab.txt", FAB.encode()), ("notes.pdf", b"%PDF")], LIM))
    again = extend.extend(cid, archive.collect([("notes.pdf", b"%PDF-2")], LIM), LIM)
    assert [s for s, _ in again.rejected] == ["notes.pdf"]  # once, with the new upload's reason


def test_the_limit_on_files_counts_the_corpus_and_the_new_files(store):
    cid, _ = _build(archive.collect([(f"{i}.txt", f"{FAB}{i}".encode()) for i in range(5)], LIM))
    added = extend.extend(cid, archive.collect([("a.txt", b"x"), ("b.txt", b"y")], LIM), LIM)
    assert len(added.files) == LIM.max_files
    assert "too many files" in dict(added.rejected)["b.txt"]


def test_a_second_pasted_article_gets_a_folder_of_its_own(store):
    c = archive.Collected()
    ids.add_paste(c, ids.Paste(FAB, title="晶圆厂扩建"), LIM)
    cid, _ = _build(c)
    added = extend.extend(cid, archive.Collected(), LIM)
    ids.add_paste(added, ids.Paste(FOUNDRY, title="代工廠資本支出"), LIM)
    assert sorted(added.files) == [
        "_pasted-2/manifest.csv",
        "_pasted-2/pasted.txt",
        "_pasted/manifest.csv",
        "_pasted/pasted.txt",
    ]
    _, summary = _build(added)
    assert summary["articles"] == 2


def test_the_summary_says_which_files_held_an_article_already_uploaded(store):
    c = archive.collect(
        [("a.txt", FAB.encode()), ("copy.txt", FAB.encode()), ("b.txt", MEMORY.encode())], LIM
    )
    cid, summary = _build(c)
    assert summary["articles"] == 2 and summary["duplicates_collapsed"] == 1
    assert summary["merged"] == [{"source": "copy.txt", "same_as": "a.txt"}]
    stored = json.loads((storage.folder(cid) / storage.SUMMARY).read_text(encoding="utf-8"))
    assert stored["merged"] == summary["merged"]
