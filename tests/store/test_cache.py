"""The one disk cache: folders keyed by the dataset's files and the data-layer code, written atomically."""

from __future__ import annotations

import os

from dashboard.store import cache


def _dir(tmp_path, files):
    return cache.dataset_dir("kind-v1", tmp_path, files)


def test_same_files_same_folder_and_under_the_cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    f = tmp_path / "terms.parquet"
    f.write_bytes(b"abc")
    first = _dir(tmp_path, [f])
    assert first == _dir(tmp_path, [f])
    assert first.parent == tmp_path / "cache"
    assert first.name.startswith("kind-v1-")
    assert cache.dataset_dir("other-v1", tmp_path, [f]).name.startswith("other-v1-")


def test_a_changed_file_gives_a_new_folder(tmp_path):
    f = tmp_path / "terms.parquet"
    f.write_bytes(b"abc")
    before = _dir(tmp_path, [f])
    f.write_bytes(b"abcd")  # another size
    assert _dir(tmp_path, [f]) != before
    st = f.stat()
    again = _dir(tmp_path, [f])
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # same size, newer
    assert _dir(tmp_path, [f]) != again


def test_changed_data_code_gives_a_new_folder(tmp_path, monkeypatch):
    """A cache written by an older dashboard (other answers, other format) is never read back."""
    f = tmp_path / "terms.parquet"
    f.write_bytes(b"abc")
    before = _dir(tmp_path, [f])
    monkeypatch.setattr(cache, "_code_stamp", lambda: b"other code")
    assert _dir(tmp_path, [f]) != before


def test_the_code_stamp_reads_the_data_layer_modules():
    assert len(cache._code_stamp()) == 16
    here = os.path.dirname(os.path.dirname(cache.__file__))
    # every module of the store and query packages keys the caches (a split module still does)
    for package in cache._CODE_PACKAGES:
        assert os.path.isfile(os.path.join(here, package, "__init__.py")), package


def test_the_cache_can_sit_beside_a_dataset(tmp_path):
    f = tmp_path / "terms.parquet"
    f.write_bytes(b"abc")
    beside = tmp_path / "cache"
    assert cache.dataset_dir("kind-v1", tmp_path, [f], root=beside).parent == beside


def test_memo_keeps_the_most_recent_answers():
    memo = cache.Memo(size=2)
    calls = []
    for key in ("a", "b", "a", "c", "b"):
        memo.get(key, lambda k=key: calls.append(k) or k.upper())
    # "b" was dropped when "c" came (least recently used), so it is computed again
    assert calls == ["a", "b", "c", "b"]
    assert memo.get("c", lambda: "new") == "C"


def test_publish_moves_the_folder_or_keeps_the_one_already_there(tmp_path):
    tmp, where = tmp_path / "x.tmp1", tmp_path / "x"
    tmp.mkdir()
    (tmp / "done").write_text("mine")
    cache.publish(tmp, where)
    assert (where / "done").read_text() == "mine" and not tmp.exists()
    late = tmp_path / "x.tmp2"  # a second process finishing the same folder later
    late.mkdir()
    (late / "done").write_text("theirs")
    cache.publish(late, where)
    assert (where / "done").read_text() == "mine" and not late.exists()


def test_memo_with_a_byte_budget_drops_the_least_recent_answers_to_fit():
    import numpy as np

    memo = cache.Memo(size=10, max_bytes=3_000)
    calls = []

    def make(key):
        calls.append(key)
        return np.zeros(1_000, dtype=np.uint8)  # 1,000 bytes each

    for key in ("a", "b", "c", "a", "d"):  # "d" does not fit with a, b, c: "b" (least recent) goes
        memo.get(key, lambda k=key: make(k))
    assert calls == ["a", "b", "c", "d"]
    memo.get("b", lambda: make("b"))
    assert calls[-1] == "b" and "c" not in memo.items
    big = memo.get("big", lambda: np.zeros(5_000, dtype=np.uint8))  # over the whole budget
    assert len(big) == 5_000 and "big" not in memo.items and "b" in memo.items


def test_sizeof_counts_buffers_held_not_mapped_files(tmp_path):
    import numpy as np
    import pandas as pd

    arr = np.zeros(1_000, dtype=np.int64)
    np.save(tmp_path / "a.npy", arr)
    mapped = np.load(tmp_path / "a.npy", mmap_mode="r")
    assert cache.sizeof(arr) == 8_000 and cache.sizeof(mapped) == 0 and cache.sizeof(mapped[10:20]) == 0
    assert cache.sizeof(mapped[[1, 2, 3]]) == 24  # a gather from a mapped file is held in memory
    frame = pd.DataFrame({"n": np.arange(100, dtype=np.int64)})
    assert cache.sizeof(frame) == frame.memory_usage(index=True, deep=False).sum() >= 800
    assert cache.sizeof((arr, frame)) > cache.sizeof(arr) + cache.sizeof(frame) - 1


def test_releasing_memory_keeps_what_the_caches_hold():
    import numpy as np

    memo = cache.Memo(size=4)
    kept = memo.get("x", lambda: np.arange(10))
    cache.release_memory()  # hands free pages back; a no-op where the C library has no trim
    assert memo.get("x", lambda: np.zeros(1)) is kept and kept.sum() == 45
