"""Corpora from the browser: the safe archive reader, content ids, storage quota and eviction, builds."""

from __future__ import annotations

import io
import json
import os
import time
import tomllib
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard.corpora import archive, ids, runner, storage, worker
from dashboard.corpora.limits import Limits, limits

ROOT = Path(__file__).resolve().parents[2]
LIM = Limits(max_files=20, max_article_chars=500, max_unzipped_mb=4, max_ratio=50)
SIMPLIFIED = (
    "据新华社报道，一家晶圆厂周二宣布投资120亿元扩建芯片生产线。\n\n该公司表示新产线主要用于汽车芯片。"
)
TRADITIONAL = "根據中央社報導，一家晶圓代工廠週三表示今年資本支出將達300億美元。\n\n新廠預計明年量產。"


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return buf.getvalue()


def _reasons(c: archive.Collected) -> dict[str, str]:
    return dict(c.rejected)


# ------------------------------------------------------------------ archive reader


def test_plain_files_are_kept_and_unsupported_types_rejected_as_the_cli_does():
    c = archive.collect([("a.txt", b"x"), ("b.exe", b"MZ"), ("notes", b"y")], LIM)
    assert list(c.files) == ["a.txt"]
    reasons = _reasons(c)
    assert reasons["b.exe"].startswith("unsupported file type .exe")
    assert reasons["notes"].startswith("unsupported file type (no extension)")


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("story.pdf", "copy its text into a .txt file"),
        ("draft.docx", "save it as plain text (.txt)"),
        ("screenshot.PNG", "no text is read from images"),
        ("page.mhtml", "Webpage, HTML only"),
        ("table.xlsx", "export it as CSV"),
        ("bundle.rar", "re-pack it as .zip"),
    ],
)
def test_a_file_type_a_reporter_often_has_is_rejected_with_what_to_do_instead(name, advice):
    c = archive.collect([(name, b"\x00\x01"), ("ok.txt", b"x")], LIM)
    assert list(c.files) == ["ok.txt"]
    reason = _reasons(c)[name]
    assert reason.startswith(f"unsupported file type {name[name.rindex('.') :].lower()} (")
    assert advice in reason and reason.endswith("accepted: .csv, .htm, .html, .json, .jsonl, .md, .txt, .zip")


def test_archive_entries_of_an_unread_type_are_rejected_in_the_archive_with_the_advice():
    c = archive.collect([("desk.zip", _zip([("a.txt", b"x"), ("notes/plan.docx", b"PK")]))], LIM)
    assert list(c.files) == ["desk/a.txt"]
    assert "save it as plain text" in _reasons(c)["desk.zip:notes/plan.docx"]


def test_a_saved_page_folder_in_an_archive_is_one_line_and_its_frames_are_not_articles():
    entries = [
        ("Chip story.html", b"<html><body><p>x</p></body></html>"),
        ("Chip story_files/app.js", b"var a=1;"),
        ("Chip story_files/style.css", b"p{}"),
        ("Chip story_files/logo.png", b"\x89PNG"),
        ("Chip story_files/ad-frame.html", b"<html><body>ad</body></html>"),
        ("other_files/note.txt", b"kept: no other.html beside it"),
    ]
    c = archive.collect([("saved.zip", _zip(entries))], LIM)
    assert sorted(c.files) == ["saved/Chip story.html", "saved/other_files/note.txt"]
    assert c.rejected == [
        (
            "saved.zip:Chip story_files/",
            "the saved page's own files (4: scripts, styles, images, embedded frames), not articles",
        )
    ]


def test_what_macos_adds_to_an_archive_is_skipped_without_a_word():
    entries = [
        ("a.txt", b"x"),
        ("__MACOSX/._a.txt", b"\x00\x05"),
        (".DS_Store", b"\x00"),
        ("d/Thumbs.db", b""),
    ]
    c = archive.collect([("mac.zip", _zip(entries))], LIM)
    assert list(c.files) == ["mac/a.txt"] and c.rejected == []


@pytest.mark.parametrize(
    "name", ["../escape.txt", "a/../../escape.txt", "/etc/abs.txt", "C:/win.txt", "..\\dos.txt"]
)
def test_zip_slip_entries_are_rejected_and_the_rest_kept(name):
    c = archive.collect([("up.zip", _zip([("good.txt", b"ok"), (name, b"evil")]))], LIM)
    assert list(c.files) == ["up/good.txt"]
    assert "unsafe path" in _reasons(c)[f"up.zip:{name}"]


def test_symlink_entries_are_rejected():
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = 0o120777 << 16
    c = archive.collect([("up.zip", _zip([(link, b"/etc/passwd"), ("good.txt", b"ok")]))], LIM)
    assert list(c.files) == ["up/good.txt"]
    assert "symbolic link" in _reasons(c)["up.zip:link.txt"]


@pytest.mark.parametrize("inner", ["inner.zip", "x.tar", "y.gz", "z.7z"])
def test_nested_archives_are_not_opened(inner):
    c = archive.collect([("up.zip", _zip([(inner, _zip([("a.txt", b"a")])), ("good.txt", b"ok")]))], LIM)
    assert list(c.files) == ["up/good.txt"]
    assert "archive inside an archive" in _reasons(c)[f"up.zip:{inner}"]


def test_duplicate_names_keep_the_first_and_reject_the_rest():
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = _zip([("a.txt", b"first"), ("a.txt", b"second"), ("A.TXT", b"third")])
    c = archive.collect([("up.zip", data), ("up.zip", data)], LIM)
    assert c.files == {"up/a.txt": b"first"}
    dupes = [s for s, r in c.rejected if r.startswith("duplicate file name")]
    assert len(dupes) == 5  # two copies inside the first archive, all three in the second


def test_non_utf8_names_are_rejected():
    # a GBK name without the UTF-8 flag, as an old Windows zip tool writes it (not valid UTF-8)
    c = archive.collect([("up.zip", _rebuild_with_raw_name("晶圆厂.txt".encode("gbk")))], LIM)
    assert list(c.files) == ["up/good.txt"]
    assert [r for _, r in c.rejected] == ["file name is not UTF-8 (re-create the archive with UTF-8 names)"]


def _rebuild_with_raw_name(raw: bytes) -> bytes:
    """A zip whose first entry's name is the raw bytes ``raw`` (flag bit 11 clear)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("X" * len(raw))
        zf.writestr(info, b"body")
        zf.writestr("good.txt", b"ok")
    return buf.getvalue().replace(b"X" * len(raw), raw)


def test_utf8_names_without_the_flag_are_read():
    raw = "芯片.txt".encode()
    c = archive.collect([("up.zip", _rebuild_with_raw_name(raw))], LIM)
    assert set(c.files) == {"up/芯片.txt", "up/good.txt"}


def test_compression_ratio_bomb_is_stopped_while_reading():
    bomb = b"0" * (3 << 20)  # 3 MiB of zeros deflate to a few KB: far over 50:1
    c = archive.collect([("up.zip", _zip([("bomb.txt", bomb), ("good.txt", b"ok")]))], LIM)
    assert list(c.files) == ["up/good.txt"]
    reason = _reasons(c)["up.zip:bomb.txt"]
    assert "decompression bomb" in reason and "ratio" in reason
    assert c.unzipped < 2 << 20  # it stopped soon after the ratio floor, not after inflating it all


def test_total_unzipped_cap_counts_real_bytes_not_declared_sizes():
    rnd = os.urandom(1 << 20)  # incompressible: ratio ~1, only the total cap can stop it
    entries = [(f"part{i}.txt", rnd) for i in range(6)]
    c = archive.collect([("up.zip", _zip(entries))], LIM)
    assert len(c.files) == 4  # 4 MiB cap
    assert sum("inflates past the 4 MiB" in r for _, r in c.rejected) == 2
    assert c.unzipped <= LIM.max_unzipped_bytes


def test_lying_header_sizes_do_not_fool_the_cap():
    data = bytearray(_zip([("big.txt", b"0" * (3 << 20))]))
    # forge the declared uncompressed size (local header and central directory) down to 10 bytes
    data = bytes(data)
    central = data.rfind(b"PK\x01\x02")
    forged = bytearray(data)
    forged[central + 24 : central + 28] = (10).to_bytes(4, "little")
    forged[22:26] = (10).to_bytes(4, "little")
    c = archive.collect([("up.zip", bytes(forged))], LIM)
    assert not c.files
    reason = _reasons(c)["up.zip:big.txt"]
    assert "decompression bomb" in reason or "unreadable archive entry" in reason


def test_file_count_limit_and_size_limit():
    many = [(f"f{i}.txt", b"x") for i in range(25)]
    c = archive.collect(many, LIM)
    assert len(c.files) == 20
    assert sum("too many files" in r for _, r in c.rejected) == 5
    big = archive.collect([("big.txt", b"x" * ((LIM.max_upload_mb << 20) + 1))], LIM)
    assert not big.files and "file too large" in big.rejected[0][1]


def test_not_a_zip_and_hidden_names():
    c = archive.collect([("broken.zip", b"not a zip"), (".hidden.txt", b"x")], LIM)
    assert not c.files
    reasons = _reasons(c)
    assert "not a readable zip" in reasons["broken.zip"]
    assert "unusable file name" in reasons[".hidden.txt"]


def test_safe_name():
    assert archive.safe_name("a/./b.txt") == "a/b.txt"
    for bad in ("", "../x", "/x", "a/../../x", "C:\\x", "a/.git/config", "a\x00b"):
        assert archive.safe_name(bad) is None


# ------------------------------------------------------------------ ids and URL state


def test_same_files_same_id_any_order_and_changes_change_it():
    a = {"a.txt": b"one", "b.txt": b"two"}
    assert ids.corpus_id(a) == ids.corpus_id(dict(reversed(a.items())))
    assert ids.ID_RE.fullmatch(ids.corpus_id(a))
    assert ids.corpus_id(a) != ids.corpus_id({"a.txt": b"one", "b.txt": b"two!"})
    assert ids.corpus_id(a) != ids.corpus_id({"a.txt": b"one", "c.txt": b"two"})
    # length prefixes: moving bytes between name and content gives another id
    assert ids.corpus_id({"ab": b"c"}) != ids.corpus_id({"a": b"bc"})
    assert ids.corpus_id(a) != ids.corpus_id(a, [("x.zip:../e", "unsafe path")])


def test_paste_becomes_a_file_and_a_manifest():
    files = ids.Paste(
        "正文内容。", title="标题", publisher="某报", date="2024-05-01", url="https://e.org/a"
    ).files()
    assert files[f"{ids.PASTE_DIR}/pasted.txt"] == "正文内容。".encode()
    manifest = files[f"{ids.PASTE_DIR}/manifest.csv"].decode()
    assert manifest.splitlines()[0] == "file,title,publisher,published,url"
    assert "pasted.txt,标题,某报,2024-05-01,https://e.org/a" in manifest
    assert ids.Paste("   ").files() == {}
    assert ids.Paste("正文").files().keys() == {f"{ids.PASTE_DIR}/pasted.txt"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, (None, None)),
        ({"corpus": ""}, (None, None)),
        ({"corpus": "0123456789abcdef0123456789ABCDEF"}, ("0123456789abcdef0123456789abcdef", None)),
        ({"corpus": ["0123456789abcdef0123456789abcdef", "x"]}, ("0123456789abcdef0123456789abcdef", None)),
    ],
)
def test_corpus_url_parameter(params, expected):
    assert ids.parse_corpus(params) == expected


@pytest.mark.parametrize("bad", ["../../etc", "abc", "0123456789abcdef0123456789abcdeg", "x" * 500])
def test_corpus_url_parameter_that_is_not_an_id_is_reported(bad):
    cid, notice = ids.parse_corpus({"corpus": bad})
    assert cid is None and "not a corpus id" in notice


def test_overlong_articles_are_rejected_before_the_build():
    c = archive.collect([("long.txt", ("芯片" * 300).encode()), ("ok.txt", "芯片".encode())], LIM)
    ids.enforce_article_chars(c, LIM)
    assert list(c.files) == ["ok.txt"]
    assert "600 characters is over the limit of 500" in _reasons(c)["long.txt"]


# ------------------------------------------------------------------ storage


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHIPWAR_CORPORA", str(tmp_path / "corpora"))
    return tmp_path / "corpora"


def _fake_corpus(cid: str, size: int, used: float) -> None:
    folder = storage.folder(cid)
    folder.mkdir(parents=True)
    (folder / "blob").write_bytes(b"x" * size)
    (folder / storage.SUMMARY).write_text("{}")
    (folder / storage.USED).touch()
    os.utime(folder / storage.USED, (used, used))


def test_folder_refuses_anything_but_an_id(store):
    with pytest.raises(ValueError):
        storage.folder("../../etc")
    assert not storage.stored("../x")


def test_quota_evicts_least_recently_used_first(store):
    now = time.time()
    a, b, c = ("a" * 32, "b" * 32, "c" * 32)
    _fake_corpus(a, 4000, now - 300)
    _fake_corpus(b, 4000, now - 100)
    _fake_corpus(c, 4000, now - 200)
    storage.touch(a)  # viewed just now: a is the most recent
    gone = storage.evict(quota=9000)
    assert gone == [c]
    assert storage.stored(a) and storage.stored(b) and not storage.stored(c)
    assert storage.evict(quota=1, keep=frozenset({b})) == [a]
    assert [s.cid for s in storage.listing()] == [b]


def test_a_corpus_keeps_its_derived_data_inside_it_so_the_quota_counts_it(store, tmp_path):
    now = time.time()
    a, b = "a" * 32, "b" * 32
    _fake_corpus(a, 1000, now - 100)
    _fake_corpus(b, 1000, now)
    cache = storage.cache_folder(storage.folder(a))
    assert cache == storage.folder(a) / storage.CACHE
    assert storage.cache_folder(tmp_path / "processed") is None  # the default corpus: the app's cache
    cache.mkdir()
    (cache / "term-index.npy").write_bytes(b"x" * 5000)
    assert {s.cid: s.bytes for s in storage.listing()}[a] == 1000 + 5000 + len("{}")
    assert storage.evict(quota=3000) == [a]  # the corpus and its derived data go together
    assert not storage.folder(a).exists() and not cache.exists()


def test_quota_setting(monkeypatch):
    monkeypatch.setenv("CHIPWAR_CORPORA_QUOTA_MB", "2")
    assert storage.quota_bytes() == 2 << 20
    monkeypatch.setenv("CHIPWAR_CORPORA_QUOTA_MB", "lots")
    assert storage.quota_bytes() == storage.DEFAULT_QUOTA_MB << 20


def test_default_root_is_under_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CHIPWAR_CORPORA", raising=False)
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path))
    assert storage.root() == tmp_path / "corpora"


def test_write_inputs_never_writes_outside(store):
    c = archive.Collected(files={"../../evil.txt": b"x"})
    with pytest.raises(ValueError):
        runner.write_inputs(c, storage.work_dir("d" * 32))
    assert not (store.parent / "evil.txt").exists()


def test_limits_match_streamlit_upload_size():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == limits().max_upload_mb


# ------------------------------------------------------------------ builds


def _collect(uploads: list[tuple[str, bytes]]) -> tuple[str, archive.Collected]:
    c = archive.collect(uploads, LIM)
    return ids.corpus_id(c.files, c.rejected), c


def test_worker_builds_publishes_and_records_upload_rejections(store):
    cid, c = _collect(
        [
            ("s.txt", SIMPLIFIED.encode()),
            ("g.txt", SIMPLIFIED.replace("汽车", "手机").encode("gbk")),
            ("up.zip", _zip([("t.txt", TRADITIONAL.encode()), ("../x.txt", b"evil")])),
            ("empty.txt", b""),
            ("bin.txt", bytes(range(256)) * 8),
        ]
    )
    work = storage.work_dir(cid)
    runner.write_inputs(c, work)
    summary = worker.run(work, cid)
    assert storage.stored(cid)
    assert summary["articles"] == 3
    reasons = {r["source"]: r["reason"] for r in summary["rejected"]}
    assert "unsafe path" in reasons["up.zip:../x.txt"]
    assert reasons["empty.txt"] == "empty file"  # the pipeline's own reason, as on the command line
    assert "bin.txt" in reasons
    table = pq.read_table(storage.folder(cid) / "rejected.parquet").to_pylist()
    assert {r["source"] for r in table} == set(reasons)
    meta = json.loads((storage.folder(cid) / "meta.json").read_text())
    assert meta["rejected"] == meta["rows"]["rejected"] == len(table) == 3
    assert meta["files_found"] == summary["files"] == 6
    assert json.loads((storage.folder(cid) / storage.SUMMARY).read_text())["id"] == cid
    assert not (store / "x.txt").exists() and not (store.parent / "x.txt").exists()


def test_the_build_rejects_articles_over_the_character_limit(store, monkeypatch):
    monkeypatch.setenv("CHIPWAR_MAX_ARTICLE_CHARS", "100")
    long_one = ("晶圆厂扩建芯片生产线。" * 20).encode()
    rows = '{"text": "短文：芯片出口。"}\n{"text": "' + "晶圆厂扩建芯片生产线。" * 20 + '"}\n'
    cid, c = _collect(
        [("long.txt", long_one), ("ok.txt", SIMPLIFIED.encode()), ("rows.jsonl", rows.encode())]
    )
    work = storage.work_dir(cid)
    runner.write_inputs(c, work)
    summary = worker.run(work, cid)
    reasons = {r["source"]: r["reason"] for r in summary["rejected"]}
    assert "220 characters is over the limit of 100" in reasons["long.txt"]
    assert "over the limit of 100" in reasons["rows.jsonl"]  # the whole export, naming the length
    assert summary["articles"] == 1


def test_two_uploads_at_once_get_their_own_corpora_and_a_repeat_shares_one(store):
    cid1, c1 = _collect([("one.txt", SIMPLIFIED.encode())])
    cid2, c2 = _collect([("two.txt", TRADITIONAL.encode())])
    assert cid1 != cid2
    j1, j2 = runner.start(cid1, c1), runner.start(cid2, c2)
    assert runner.start(cid1, c1) is j1  # the same files again: the same build
    for job in (j1, j2):
        assert job.done.wait(120)
        assert job.error is None
    s1, s2 = storage.summary(cid1), storage.summary(cid2)
    assert s1["articles"] == 1 and s2["articles"] == 1
    src1 = pq.read_table(storage.folder(cid1) / "articles.parquet").column("source").to_pylist()
    src2 = pq.read_table(storage.folder(cid2) / "articles.parquet").column("source").to_pylist()
    assert src1 == ["one.txt"] and src2 == ["two.txt"]
    assert not list((store / storage.WORK).iterdir())  # work folders are gone after publishing


def test_awkward_inputs_get_the_same_reasons_as_the_command_line(store, tmp_path):
    from dashboard.pipeline.build import build

    uploads = {
        "binary.txt": bytes(range(256)) * 16,
        "empty.txt": b"",
        "gbk.txt": SIMPLIFIED.encode("gbk"),
        "big5.txt": TRADITIONAL.encode("big5"),
        "utf16.txt": TRADITIONAL.replace("新廠", "封測廠").encode("utf-16"),
        "rows.jsonl": (
            '{"text": "' + SIMPLIFIED.replace("\n", " ").replace("汽车", "手机") + '"}\n{not json\n'
        ).encode(),
        "notext.csv": "title,author\n标题,作者\n".encode(),
    }
    folder = tmp_path / "cli"
    folder.mkdir()
    for name, data in uploads.items():
        (folder / name).write_bytes(data)
    cli = build(folder, tmp_path / "cli-out", workers=0)

    cid, c = _collect(list(uploads.items()))
    work = storage.work_dir(cid)
    runner.write_inputs(c, work)
    summary = worker.run(work, cid)
    browser = sorted((r["source"], r["reason"]) for r in summary["rejected"])
    assert browser == sorted(cli.rejected_items)
    assert {s for s, _ in browser} >= {"binary.txt", "empty.txt", "notext.csv"}
    assert any(s.startswith("rows.jsonl") for s, _ in browser)  # the malformed line, not the file
    assert summary["articles"] == cli.articles == 4  # GBK, Big5, UTF-16 and the good JSONL row


def test_worker_reports_progress_and_a_failed_build_publishes_nothing(store):
    cid, c = _collect([("one.txt", SIMPLIFIED.encode()), ("two.txt", TRADITIONAL.encode())])
    work = storage.work_dir(cid)
    runner.write_inputs(c, work)
    worker.run(work, cid)
    progress = json.loads((work / worker.PROGRESS).read_text())
    assert progress == {"stage": "publishing", "files": 2, "total": 2, "articles": 2}

    broken = storage.work_dir("e" * 32)  # no inputs written: the build fails
    assert worker.main([str(broken), "e" * 32]) == 1
    assert json.loads((broken / worker.PROGRESS).read_text())["stage"] == "failed"
    assert not storage.stored("e" * 32) and not storage.folder("e" * 32).exists()
