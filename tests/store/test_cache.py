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
