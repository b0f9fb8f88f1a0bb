"""AppTest: the 'Your corpus' page, and every page opened with a corpus= link (stored, evicted, invalid)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import run_app as run
from streamlit.testing.v1 import AppTest

from dashboard.corpora import archive, ids, runner, storage, worker
from dashboard.corpora.limits import limits

TEXTS = {
    "a.txt": "据新华社报道，一家晶圆厂周二宣布投资120亿元扩建芯片生产线。\n\n该公司表示新产线主要用于汽车芯片。"
    "\n\n责任编辑：王五",
    "b.txt": "根據中央社報導，一家晶圓代工廠週三表示今年資本支出將達300億美元。\n\n新廠預計明年量產。",
}


@pytest.fixture
def corpora(app_env, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CHIPWAR_CORPORA", str(tmp_path / "corpora"))
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    return tmp_path / "corpora"


@pytest.fixture
def built(corpora) -> str:
    """A corpus of two articles plus one hostile archive entry, built as the page builds it."""
    uploads = [(n, t.encode()) for n, t in TEXTS.items()]
    uploads.append(("evil.zip", _zip_with_slip()))
    c = archive.collect(uploads, limits())
    cid = ids.corpus_id(c.files, c.rejected)
    work = storage.work_dir(cid)
    runner.write_inputs(c, work)
    worker.run(work, cid)
    return cid


def _zip_with_slip() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../outside.txt", "x")
    return buf.getvalue()


def _default_articles(app_env: Path) -> int:
    return pq.read_table(app_env / "articles.parquet").num_rows


def test_corpus_page_states_its_limits_and_offers_the_upload(corpora):
    at = run("corpus")
    assert at.title[0].value == "Your corpus"
    lim = limits()
    caption = " ".join(c.value for c in at.caption)
    for text in (
        f"{lim.max_upload_mb} MB per uploaded file",
        "a larger one is refused by the browser",
        f"{lim.max_files:,} files per corpus",
        f"{lim.max_article_chars:,} characters per article",
        "MB of corpora stored on this server",
    ):
        assert text in caption
    assert at.text_input(key="corpus").value == ""
    assert at.get("file_uploader")
    assert at.button[0].label == "Build corpus"


def test_a_corpus_link_opens_that_corpus_on_every_page(app_env, built):
    at = run("overview", corpus=built, lang="zh-Hant")
    assert at.text_input(key="corpus").value == built
    assert at.metric[0].value == "1"  # one traditional article among the two uploaded
    assert not at.warning, [w.value for w in at.warning]
    assert f"corpus={built}" in at.sidebar.code[0].value and "lang=zh-Hant" in at.sidebar.code[0].value
    assert storage.summary(built)["articles"] == 2 != _default_articles(app_env)
    for page in ("terms", "figures", "sources", "articles"):
        at = run(page, corpus=built)
        assert at.text_input(key="corpus").value == built
        # a two-article corpus compares one-article groups on Terms, and says so; nothing else warns
        notes = [w.value for w in at.warning if "has 1 article" not in w.value]
        assert not notes, notes


def test_the_corpus_page_shows_the_build_summary_and_rejections(built):
    at = run("corpus", corpus=built)
    assert any(built in s.value for s in at.success)
    values = {m.label: m.value for m in at.metric}
    assert values["Articles"] == "2" and values["Rejected files"] == "1"
    table = at.table[0].value
    assert "evil.zip:../../outside.txt" in table.index
    assert "unsafe path" in table.loc["evil.zip:../../outside.txt", "reason"]
    # lines removed are named as a reader reads them, with the rule id beside the label
    removed = at.dataframe[0].value
    assert list(removed.columns) == ["what was removed", "lines", "rule"]
    assert removed.set_index("rule").loc["editor_line"].tolist() == ["Editor line", 1]


def test_an_evicted_corpus_link_shows_a_notice_and_the_default_corpus(app_env, built):
    storage.evict(quota=0)
    assert not storage.stored(built)
    at = run("overview", corpus=built)
    assert any("no longer stored on this server; upload the files again" in w.value for w in at.warning)
    assert at.metric[0].value == str(_default_articles(app_env))


def test_a_corpus_link_that_is_not_an_id_is_ignored_with_a_notice(app_env, corpora):
    at = run("terms", corpus="../../etc/passwd")
    assert any("not a corpus id" in w.value for w in at.warning)
    assert at.title[0].value == "Terms"


def _paste_and_build(text: str, title: str = "") -> AppTest:
    at = run("corpus")
    at.text_area(key="paste_text").input(text)
    at.text_input(key="paste_title").input(title)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_pasted_articles_build_in_the_background_and_two_sessions_get_their_own(corpora):
    one = _paste_and_build(TEXTS["a.txt"], "晶圆厂扩产")
    two = _paste_and_build(TEXTS["b.txt"])
    cid1, cid2 = one.session_state["_corpus_job"], two.session_state["_corpus_job"]
    assert ids.ID_RE.fullmatch(cid1) and ids.ID_RE.fullmatch(cid2) and cid1 != cid2
    for at, cid in ((one, cid1), (two, cid2)):
        assert runner.job(cid).done.wait(120) and runner.job(cid).error is None
        at.run()  # the progress fragment sees the finished build and opens the corpus
        assert not at.exception, [e.value for e in at.exception]
        assert at.text_input(key="corpus").value == cid
        assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    arts = pq.read_table(storage.folder(cid1) / "articles.parquet").to_pylist()
    assert [a["title"] for a in arts] == ["晶圆厂扩产"]  # the pasted title, through the manifest
    # the same text again: the same id, the stored build is reused (no second build)
    again = _paste_and_build(TEXTS["a.txt"], "晶圆厂扩产")
    assert again.text_input(key="corpus").value == cid1
    assert "_corpus_job" not in again.session_state


def test_an_empty_submission_says_what_to_do(corpora):
    at = run("corpus")
    at.button[0].click().run()
    assert any("Nothing to build" in e.value for e in at.error)


def test_a_corpus_built_by_an_older_version_is_not_read(app_env, built):
    meta = storage.folder(built) / "meta.json"
    meta.write_text(meta.read_text().replace('"schema_version"', '"schema_version_old"'))
    at = run("overview", corpus=built)
    assert any("older version" in w.value for w in at.warning)
    assert at.metric[0].value == str(_default_articles(app_env))


def test_a_pasted_article_is_added_to_the_corpus_being_explored(built):
    at = run("corpus", corpus=built)
    toggle = at.toggle(key="corpus_add")
    assert toggle.value is True and toggle.label.endswith("(2 files)")
    at.text_area(key="paste_text").input(
        "據路透社報導，一家記憶體廠商第三季營收達45億美元。\n\n分析師認為需求回溫。"
    )
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    cid = at.session_state["_corpus_job"]
    assert cid != built
    assert runner.job(cid).done.wait(120) and runner.job(cid).error is None
    at.run()
    assert at.text_input(key="corpus").value == cid
    values = {m.label: m.value for m in at.metric}
    assert values["Articles"] == "3"  # the two of the corpus and the pasted one
    assert values["Rejected files"] == "1"  # the archive's unsafe entry is still listed
    assert storage.stored(built)  # a link to the corpus before the addition still opens it


def test_adding_nothing_says_so_and_keeps_the_corpus(built):
    at = run("corpus", corpus=built)
    at.button[0].click().run()
    assert any("Nothing to add" in e.value for e in at.error)
    assert at.text_input(key="corpus").value == built


def test_a_corpus_that_kept_no_files_says_new_files_build_a_corpus_of_their_own(built):
    import shutil

    shutil.rmtree(storage.folder(built) / storage.INPUTS)
    at = run("corpus", corpus=built)
    assert "corpus_add" not in [t.key for t in at.toggle]
    assert any("cannot be added to" in c.value for c in at.caption)


def test_the_summary_lists_files_holding_an_article_already_uploaded(corpora):
    uploads = [("a.txt", TEXTS["a.txt"].encode()), ("again.txt", TEXTS["a.txt"].encode())]
    c = archive.collect(uploads, limits())
    cid = ids.corpus_id(c.files, c.rejected)
    work = storage.work_dir(cid)
    runner.write_inputs(c, work)
    worker.run(work, cid)
    at = run("corpus", corpus=cid)
    assert any("1 file holds an article already in the upload" in m.value for m in at.markdown)
    merged = at.table[0].value
    assert merged.loc["again.txt", "same article as"] == "a.txt"
