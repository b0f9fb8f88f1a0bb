"""End to end: the seed corpus through `build`, and the build's promises (nothing lost, atomic, robust)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.pipeline import clean
from dashboard.pipeline.build import build, write
from dashboard.pipeline.build.write import read_meta
from dashboard.pipeline.schema import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
PINYIN_LEFT = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("seed") / "processed"
    build(RAW, out)
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in SCHEMAS} | {"_dir": out}


def _article(seed, prefix: str) -> pd.Series:
    rows = seed["articles"][seed["articles"]["source"].str.startswith(prefix)]
    assert len(rows) == 1, prefix
    return rows.iloc[0]


def _body(seed, prefix: str) -> str:
    return "\n".join(_paragraphs(seed, prefix)["text"])


def _paragraphs(seed, prefix: str) -> pd.DataFrame:
    paras = seed["paragraphs"]
    return paras[paras["article_id"] == _article(seed, prefix)["article_id"]]


def _removed(seed, prefix: str) -> str:
    return "\n".join(seed["removed"][seed["removed"]["source"].str.startswith(prefix)]["text"])


def test_all_five_seed_articles_ingested_and_nothing_rejected(seed):
    assert len(seed["articles"]) == 5
    assert seed["rejected"].empty
    assert (seed["articles"]["encoding"] == "utf-8").all()


def test_no_flattened_pinyin_left(seed):
    hits = [t for t in seed["paragraphs"]["text"] if PINYIN_LEFT.search(t)]
    assert hits == []
    assert _article(seed, "001")["pinyin_stripped"] > 100


def test_seed_001_mojibake_marked_damaged(seed):
    art = _article(seed, "001")
    paras = _paragraphs(seed, "001")
    damaged = paras[paras["damaged"]]
    assert art["damaged_spans"] >= 1 and len(damaged) >= 1
    spans_text = [row.text[s:e] for row in damaged.itertuples() for s, e in row.damaged_spans]
    assert any("槭裁" in t for t in spans_text)


@pytest.mark.parametrize(
    "prefix, junk",
    [
        ("000", "《崩壞星穹鐵道》"),  # game-guide headlines before the body
        ("000", "俞灝明"),  # run-on line of unrelated headlines after it
        ("001", "NetEase Hao"),
        ("001", "網易號"),
        ("002", "NetEase Hao"),
        ("002", "閱讀量"),  # read-count promo lines
        ("003", "随机主题"),
        ("003", "马筱梅"),  # inside the random-topics block
        ("003", "最新回复"),
        ("003", "你太天真了"),  # a reader comment
    ],
)
def test_furniture_is_cut_and_audited(seed, prefix, junk):
    assert junk not in _body(seed, prefix)
    assert junk in _removed(seed, prefix)


def test_every_removed_line_names_its_rule(seed):
    assert seed["removed"]["rule"].str.len().gt(0).all()
    assert seed["removed"]["article_id"].notna().all()


def test_body_text_survives_cleaning(seed):
    assert "《金融時報》" in _body(seed, "000")
    assert "The Financial Times" in _body(seed, "000")
    assert "500億美元" in _body(seed, "002")
    assert "SemiAnalysis" in _body(seed, "004")
    assert "芯片供应被切断" in _body(seed, "003")


def test_languages_and_regional_vocabulary(seed):
    for prefix in ("000", "001", "002", "004"):
        assert _article(seed, prefix)["language"] == "zh-Hant", prefix
    assert _article(seed, "003")["language"] == "zh-Hans"
    for prefix in ("000", "001", "002"):
        art = _article(seed, prefix)
        assert art["region_vocab"] == "mainland" and art["converted_repost"], prefix
    assert _article(seed, "004")["region_vocab"] == "taiwan"
    assert not _article(seed, "004")["converted_repost"]
    assert set(seed["paragraphs"]["language"]) <= {"zh-Hans", "zh-Hant", "en", "und"}
    assert "en" in set(_paragraphs(seed, "000")["language"])


def test_publishers_and_dates(seed):
    assert _article(seed, "000")["publisher"] == "ykqsd.com"
    assert _article(seed, "001")["publisher"] == "NetEase (网易号)"
    assert _article(seed, "002")["publisher"] == "NetEase (网易号)"
    assert _article(seed, "003")["publisher"] == "414w.com"
    assert _article(seed, "003")["published"] == date(2024, 10, 23)
    # never invented: no other seed states a publication date
    for prefix in ("000", "001", "002", "004"):
        assert pd.isna(_article(seed, prefix)["published"]), prefix


def test_meta_json_records_the_build(seed):
    meta = read_meta(seed["_dir"])
    assert meta["articles"] == 5 and meta["files_found"] == 5 and meta["rejected"] == 0


def _write(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_bad_inputs_are_rejected_with_reasons_and_the_rest_builds(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(RAW / "004_4b42c23983a1bce1.txt", inp / "good.txt")
    shutil.copy(RAW / "004_4b42c23983a1bce1.txt", inp / "copy of good.txt")  # identical → collapsed
    _write(inp, "empty.txt", b"")
    _write(inp, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    summary = build(inp, tmp_path / "out")
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    rejected = pd.read_parquet(tmp_path / "out" / "rejected.parquet")
    assert len(articles) == 1 and sorted(articles.iloc[0]["sources"]) == ["copy of good.txt", "good.txt"]
    assert sorted(rejected["source"]) == ["empty.txt", "image.txt"]
    assert rejected["reason"].str.len().gt(5).all()
    assert summary.files_found == 4 == len(rejected) + sum(len(s) for s in articles["sources"])


def test_a_crash_in_one_article_rejects_only_that_article(tmp_path, monkeypatch):
    real = clean.clean_text

    def flaky(text: str):
        if "SemiAnalysis" in text:
            raise RuntimeError("rule exploded")
        return real(text)

    monkeypatch.setattr(clean, "clean_text", flaky)
    summary = build(RAW, tmp_path / "out")
    rejected = pd.read_parquet(tmp_path / "out" / "rejected.parquet")
    assert summary.articles == 4
    assert list(rejected["source"]) == ["004_4b42c23983a1bce1.txt"]
    assert "RuntimeError: rule exploded" in rejected.iloc[0]["reason"]


def test_cli_exit_codes(tmp_path):
    empty_in = tmp_path / "nothing"
    empty_in.mkdir()
    _write(empty_in, "blank.txt", b"   \n")
    cmd = [sys.executable, "-m", "dashboard.pipeline", "build", "--input"]
    bad = subprocess.run(
        [*cmd, str(empty_in), "--output", str(tmp_path / "o1")], capture_output=True, text=True
    )
    assert bad.returncode == 1 and "nothing could be ingested" in bad.stderr
    good = subprocess.run([*cmd, str(RAW), "--output", str(tmp_path / "o2")], capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert "articles" in good.stdout and "rejected" in good.stdout
    missing = subprocess.run([*cmd, str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_an_interrupted_swap_is_recovered(tmp_path):
    out = tmp_path / "processed"
    build(RAW, out)
    # simulate a build killed between moving the old output aside and moving the new one in
    aside = tmp_path / ".processed.old-12345"
    out.rename(aside)
    (tmp_path / ".processed.tmp-12345").mkdir()
    write.recover_interrupted_swap(out)
    assert (out / "articles.parquet").exists()
    assert not aside.exists() and not (tmp_path / ".processed.tmp-12345").exists()


def test_manifest_language_tag_overrides_detection_but_bare_zh_does_not(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    text = "美国商务部宣布对中国芯片出口实施新的管制措施，英伟达表示将遵守规定。\n"
    (inp / "a.txt").write_text(text, encoding="utf-8")
    (inp / "b.txt").write_text(text.replace("宣布", "今天宣布"), encoding="utf-8")
    (inp / "manifest.csv").write_text("file,language\na.txt,zh-TW\nb.txt,zh\n", encoding="utf-8")
    build(inp, tmp_path / "out")
    arts = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("source")
    assert arts.loc["a.txt", "language"] == "zh-Hant"
    assert arts.loc["b.txt", "language"] == "zh-Hans"
