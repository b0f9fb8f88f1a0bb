"""Readers: every file found becomes Document(s) or a Rejected; encodings detected and recorded."""

from __future__ import annotations

import json
import os
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.pipeline.ingest import MAX_BYTES, read_inputs
from dashboard.pipeline.records import Document

ROOT = Path(__file__).resolve().parents[2]
SIMP = "美国商务部宣布对英伟达芯片实施新的出口管制。\n据路透社报道，英伟达在华市场份额下降了20%。\n"
TRAD = "輝達晶片遭美國禁令，據《華爾街日報》報導損失50億美元。\n台積電表示影響有限，股價仍然上漲。\n"
CANTO = (
    "佢哋擔心華為嘅昇騰晶片會追上嚟。呢啲限制對香港嘅公司影響唔細，啲公司要搵第二啲供應商，成本貴咗好多。\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))


def _one(folder: Path) -> Document:
    docs, rejected = read_inputs(folder)
    assert rejected == [] and len(docs) == 1, rejected
    return docs[0]


def _reasons(folder: Path) -> dict[str, str]:
    docs, rejected = read_inputs(folder)
    return {r.source: r.reason for r in rejected}


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "text, codec, recorded",
    [
        (SIMP, "utf-8", "utf-8"),
        (TRAD, "utf-8-sig", "utf-8-sig"),
        (TRAD, "utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        (SIMP + TRAD, "utf-16-be", "utf-16-be"),  # no BOM: evident from NUL positions
        (SIMP, "gbk", "gb18030"),
        (SIMP + TRAD + "€𠀀", "gb18030", "gb18030"),  # four-byte GB18030 sequences
        (TRAD, "big5", "big5"),
        (TRAD + CANTO, "big5hkscs", "big5hkscs"),  # Hong Kong characters beyond Big5
    ],
)
def test_text_encodings_detected_and_recorded(tmp_path, text, codec, recorded):
    (tmp_path / "a.txt").write_bytes(text.encode(codec))
    doc = _one(tmp_path)
    assert doc.text == text
    assert doc.encoding == recorded
    assert doc.fmt == "txt"


def test_big5_not_mistaken_for_gb18030(tmp_path):
    # Big5 bytes also decode "cleanly" as GB18030, into rare characters: plausibility must decide.
    data = (TRAD * 3).encode("big5")
    data.decode("gb18030")  # the trap is real
    (tmp_path / "a.txt").write_bytes(data)
    doc = _one(tmp_path)
    assert doc.encoding == "big5" and "輝達晶片" in doc.text


def test_crlf_and_cr_newlines_normalised(tmp_path):
    (tmp_path / "a.md").write_bytes("第一段\r\n第二段\r第三段".encode())
    doc = _one(tmp_path)
    assert doc.text == "第一段\n第二段\n第三段" and doc.fmt == "md"


def test_utf8_with_replacement_chars_is_still_utf8(tmp_path):
    (tmp_path / "a.txt").write_text("馬來西亞\ufffd\ufffd槭裁芯片出口", encoding="utf-8")
    doc = _one(tmp_path)
    assert doc.encoding == "utf-8" and "\ufffd\ufffd" in doc.text


def test_empty_and_whitespace_files_rejected(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(" \n\t\u3000\n", encoding="utf-8")
    (tmp_path / "c.md").write_bytes(b"\xef\xbb\xbf")
    assert _reasons(tmp_path) == {"a.txt": "empty file", "b.txt": "empty file", "c.md": "empty file"}


def test_binary_files_renamed_txt_rejected(tmp_path):
    rng = random.Random(7)
    (tmp_path / "noise.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (tmp_path / "image.txt").write_bytes(PNG)
    with zipfile.ZipFile(tmp_path / "archive.txt", "w") as zf:
        zf.writestr("x.txt", SIMP)
    reasons = _reasons(tmp_path)
    assert reasons["image.txt"] == "binary file (PNG image), not text"
    assert reasons["archive.txt"] == "binary file (ZIP archive), not text"
    assert reasons["noise.txt"].startswith("binary file")


def test_undecodable_bytes_rejected_with_reason(tmp_path):
    # 0x80 and 0xFF are not lead bytes in UTF-8, GB18030 or Big5.
    (tmp_path / "a.txt").write_bytes(b"\x80\xff" * 50)
    assert _reasons(tmp_path) == {"a.txt": "not valid UTF-8, GB18030 or Big5 text"}


def test_implausible_decoding_rejected_not_guessed(tmp_path):
    # Decodes strictly as GB18030 and Big5, but only into rare characters: refuse, don't guess.
    (tmp_path / "a.txt").write_bytes(bytes([0x81, 0x40, 0xFE, 0x50]) * 40)
    reason = _reasons(tmp_path)["a.txt"]
    assert reason.startswith("not plausible as UTF-8, GB18030 or Big5 text")


def test_oversized_file_rejected(tmp_path):
    with open(tmp_path / "big.txt", "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no real disk use
    assert "too large" in _reasons(tmp_path)["big.txt"]


def test_unsupported_extension_rejected(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "README").write_text(SIMP, encoding="utf-8")
    reasons = _reasons(tmp_path)
    assert reasons["a.docx"].startswith("unsupported file type .docx; accepted: .csv, .htm, .html")
    assert reasons["README"].startswith("unsupported file type (no extension)")


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="zh-Hant"><head>
<meta charset="big5">
<title>輝達晶片禁令 - 新聞網</title>
<meta property="og:title" content="輝達晶片禁令升級">
<meta property="og:site_name" content="新聞網">
<meta property="article:published_time" content="2024-04-09T08:00:00+08:00">
<meta name="author" content="王小明">
<link rel="canonical" href="https://news.example.tw/a/1">
<style>.x { color: red }</style>
<script>var tracking = "SCRIPT_TEXT";</script>
</head><body>
<nav>首頁 | 國際 | 科技</nav>
<header>NAVIGATION_HEADER</header>
<article>
<h1>輝達晶片禁令升級</h1>
<p>美國商務部週二宣布&nbsp;新規，<ruby>國<rp>(</rp><rt>gu&#243;</rt><rp>)</rp></ruby>內廠商&amp;業界憂心。</p>
<p onclick="alert('ONCLICK_TEXT')">據《華爾街日報》報導，
輝達損失50億美元。<br>台積電表示影響有限。</p>
<iframe src="https://ads.example.com">IFRAME_TEXT</iframe>
<!-- HTML_COMMENT -->
<div class="share-bar">分享到 SHARE_TEXT</div>
<div id="comments"><p>COMMENT_TEXT 留言很多</p></div>
<div class="related-news"><a href="/b">RELATED_TEXT</a></div>
</article>
<aside>ASIDE_TEXT</aside>
<footer>FOOTER_TEXT</footer>
</body></html>
"""


def test_html_article_text_clean(tmp_path):
    (tmp_path / "page.html").write_bytes(PAGE.encode("big5"))
    doc = _one(tmp_path)
    assert doc.encoding == "big5" and doc.fmt == "html"
    assert doc.text.split("\n") == [
        "輝達晶片禁令升級",
        "美國商務部週二宣布 新規，國內廠商&業界憂心。",
        "據《華爾街日報》報導，輝達損失50億美元。",
        "台積電表示影響有限。",
    ]
    for leak in (
        "SCRIPT",
        "ONCLICK",
        "IFRAME",
        "COMMENT",
        "SHARE",
        "RELATED",
        "ASIDE",
        "FOOTER",
        "NAVIGATION",
        "首頁",
        "guó",
        "color",
        "(",
    ):
        assert leak not in doc.text


def test_html_metadata_from_head(tmp_path):
    (tmp_path / "page.html").write_bytes(PAGE.encode("big5"))
    doc = _one(tmp_path)
    assert doc.meta == {
        "title": "輝達晶片禁令升級",
        "url": "https://news.example.tw/a/1",
        "published": "2024-04-09T08:00:00+08:00",
        "publisher": "新聞網",
        "author": "王小明",
        "language": "zh-Hant",
    }
    assert set(doc.meta_basis.values()) == {"html"}


def test_html_without_article_tag_uses_densest_block(tmp_path):
    links = "".join(f"<li><a href='/{i}'>热门新闻标题{i}</a></li>" for i in range(30))
    page = (
        f"<html><head><title>T</title></head><body><div class='menu'><ul>{links}</ul></div>"
        "<div class='content'><p>英伟达在华市场份额下降。</p><p>中国企业转向国产芯片。</p></div>"
        "<div>版权所有</div></body></html>"
    )
    (tmp_path / "p.htm").write_text(page, encoding="gb18030")
    doc = _one(tmp_path)
    assert doc.text == "英伟达在华市场份额下降。\n中国企业转向国产芯片。"
    assert doc.encoding == "gb18030"


def test_html_div_paragraphs_teaser_articles_and_line_breaks(tmp_path):
    (tmp_path / "divs.html").write_text(
        "<html><body class='has-sidebar'><div class='page-with-nav'><div id='menu'><a href=1>首页</a></div>"
        "<div class='content'><div>英伟达在华市场份额下降。</div><div>中国企业转向国产\n芯片。</div></div>"
        "<div class='comment-list'><p>网友：好</p></div></div></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "teasers.html").write_text(
        "<html><body><div><article><a href=1>别的新闻一</a></article><article>别的新闻二</article></div>"
        "<div id='text'><p>这是正文第一段，内容很长很长很长。</p><p>这是正文第二段，内容也很长。</p></div>"
        "</body></html>",
        encoding="utf-8",
    )
    docs = {d.source: d.text for d in read_inputs(tmp_path)[0]}
    # a source line break inside Chinese text is not a space; the wrapper named "with-nav" is kept
    assert docs["divs.html"] == "英伟达在华市场份额下降。\n中国企业转向国产芯片。"
    assert docs["teasers.html"] == "这是正文第一段，内容很长很长很长。\n这是正文第二段，内容也很长。"


def test_html_headline_and_byline_kept_long_comment_thread_ignored(tmp_path):
    menu = "".join(f'<li><a href="/{i}">频道{i}</a></li>' for i in range(20))
    thread = "".join(
        f"<li><p>网友{i}：这篇文章说得很对，国产芯片一定会崛起，大家加油！</p></li>" for i in range(40)
    )
    page = (
        f"<html><body><div><ul>{menu}</ul></div><div class='wrap'><div class='main-content'>"
        "<h1>华为芯片突破</h1><div class='info'><span>2024-05-01</span> <span>来源：<a href=x>新华社</a></span></div>"
        "<div style='visibility: hidden'><section><p><span>据新华社报道，</span><span>华为发布新款芯片。</span></p>"
        "<p>分析人士认为，这标志着国产芯片取得进展。</p></section></div></div>"
        f"<div class='cmt-wrap'><h3>网友评论</h3><ul>{thread}</ul></div></div></body></html>"
    )
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    assert (
        _one(tmp_path).text
        == "华为芯片突破\n2024-05-01 来源：新华社\n据新华社报道，华为发布新款芯片。\n分析人士认为，这标志着国产芯片取得进展。"
    )


def test_title_site_suffix_dropped_and_html_saved_as_txt(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>芯片禁令升级 - 新浪科技</title>"
        "<meta property='og:site_name' content='新浪科技'></head><body><p>正文</p></body></html>"
    )
    (tmp_path / "saved.txt").write_text(page, encoding="utf-8")
    doc = _one(tmp_path)
    assert doc.fmt == "html" and doc.text == "正文"
    assert doc.meta == {"title": "芯片禁令升级", "publisher": "新浪科技"}


def test_html_charset_declaration_that_lies_is_overruled(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
        f"<body><p>{TRAD.strip()}</p></body></html>"
    )
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.html").write_bytes(page.replace("gb2312", "utf-8").encode("big5"))
    by = {d.source: d for d in read_inputs(tmp_path)[0]}
    assert by["a.html"].encoding == "utf-8" and by["b.html"].encoding == "big5"
    assert by["a.html"].text == by["b.html"].text == TRAD.strip().replace("\n", "")  # one <p>


def test_html_with_no_body_text_rejected(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><head><title>Only a title</title>"
        "<script>x=1</script></head><body><nav>menu</nav></body></html>"
    )
    (tmp_path / "b.html").write_text("<html><head></head></html>")
    assert _reasons(tmp_path) == {
        "a.html": "no article text found in HTML",
        "b.html": "no article text found in HTML",
    }


# --------------------------------------------------------------------------- exports


def test_jsonl_malformed_line_rejected_others_read(tmp_path):
    lines = [
        json.dumps({"title": f"T{i}", "content": f"第{i}篇文章内容"}, ensure_ascii=False) for i in range(1, 7)
    ]
    lines.insert(6, '{"title": "broken", "content": ')  # line 7
    lines.append(json.dumps({"title": "no text", "content": "  "}))  # line 8
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = read_inputs(tmp_path)
    assert [d.source for d in docs] == [f"export.jsonl#{i}" for i in range(1, 7)]
    assert docs[2].text == "第3篇文章内容" and docs[2].meta == {"title": "T3"} and docs[2].fmt == "jsonl"
    assert docs[2].meta_basis == {"title": "row"}
    assert [r.source for r in rejected] == ["export.jsonl#7", "export.jsonl#8"]
    assert rejected[0].reason.startswith("line 7: invalid JSON (")
    assert rejected[1].reason == "line 8: empty text"


def test_json_list_and_wrapped_object(tmp_path):
    items = [
        {"headline": "A", "Body": "<p>第一段</p><p>第二段<script>x()</script></p>", "Link": "https://a"},
        {"headline": "B", "text": "正文", "authors": ["甲", "乙"], "source": {"id": "x", "name": "Reuters"}},
    ]
    (tmp_path / "list.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"status": "ok", "articles": items}), encoding="utf-8")
    (tmp_path / "single.json").write_text(json.dumps({"content": ["单篇", "第二段"], "date": 20240101}))
    docs, rejected = read_inputs(tmp_path)
    assert rejected == []
    by = {d.source: d for d in docs}
    assert set(by) == {"list.json#1", "list.json#2", "single.json", "wrapped.json#1", "wrapped.json#2"}
    assert by["list.json#1"].text == "第一段\n第二段"  # HTML in a text field reduced to text
    assert by["list.json#1"].meta == {"title": "A", "url": "https://a"}
    assert by["wrapped.json#2"].meta == {"title": "B", "author": "甲, 乙", "publisher": "Reuters"}
    assert by["single.json"].meta == {"published": "20240101"}
    assert by["single.json"].text == "单篇\n第二段"  # a text stored as a list of paragraphs


def test_json_nested_wrapper_and_format_mixups(tmp_path):
    (tmp_path / "nested.json").write_text(json.dumps({"data": {"items": [{"text": "甲"}, {"text": "乙"}]}}))
    (tmp_path / "lines.json").write_text('{"text": "一"}\n{"text": "二"}\n')  # JSONL named .json
    (tmp_path / "pretty.jsonl").write_text('[\n  {"text": "三"}\n]\n')  # JSON named .jsonl
    docs, rejected = read_inputs(tmp_path)
    assert rejected == []
    assert {d.source: d.text for d in docs} == {
        "lines.json#1": "一",
        "lines.json#2": "二",
        "nested.json#1": "甲",
        "nested.json#2": "乙",
        "pretty.jsonl#1": "三",
    }


def test_csv_media_cloud_style(tmp_path):
    rows = (
        "id,publish_date,title,url,language,media_name,media_url,text\n"
        "1,2024-03-05 08:00:00,美国芯片禁令,https://a.cn/1,zh,新浪,https://sina.com.cn,美国宣布新的出口管制。\n"
    )
    (tmp_path / "mc.csv").write_text(rows, encoding="utf-8-sig")
    doc = _one(tmp_path)
    assert doc.source == "mc.csv#1" and doc.fmt == "csv" and doc.encoding == "utf-8-sig"
    assert doc.meta == {
        "published": "2024-03-05 08:00:00",
        "title": "美国芯片禁令",
        "url": "https://a.cn/1",
        "language": "zh",
        "publisher": "新浪",
    }
    assert doc.text == "美国宣布新的出口管制。"


def test_csv_gb18030_embedded_newlines_and_quotes(tmp_path):
    body = '第一段，他说"芯片"很重要。\r\n第二段'
    content = 'Title,Content\r\n"标题","' + body.replace('"', '""') + '"\r\n"空",""\r\n'
    (tmp_path / "x.csv").write_bytes(content.encode("gb18030"))
    docs, rejected = read_inputs(tmp_path)
    assert [d.text for d in docs] == ['第一段，他说"芯片"很重要。\n第二段']
    assert docs[0].encoding == "gb18030" and docs[0].meta == {"title": "标题"}
    assert [(r.source, r.reason) for r in rejected] == [("x.csv#2", "row 2: empty text")]


def test_csv_without_text_column_rejected_whole(tmp_path):
    (tmp_path / "links.csv").write_text("title,url\nA,https://a\nB,https://b\n", encoding="utf-8")
    reasons = _reasons(tmp_path)
    assert list(reasons) == ["links.csv"]
    assert reasons["links.csv"].startswith("no text column; expected one of text, content, body")


# --------------------------------------------------------------------------- manifests and the walk


def test_manifest_overrides_and_forces_encoding(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.html").write_text(PAGE.replace('charset="big5"', 'charset="utf-8"'), encoding="utf-8")
    (sub / "b.txt").write_bytes(TRAD.encode("big5"))
    (sub / "rows.jsonl").write_text('{"text": "正文", "publisher": "行内来源"}\n', encoding="utf-8")
    (sub / "manifest.csv").write_text(
        "file,title,publisher,published,notes,encoding\n"
        "a.html,,自由時報,2024-04-10,ignored note,\n"
        "b.txt,晶片,,,,cp950\n"
        "rows.jsonl,,清单来源,,,\n"
        "missing.txt,never,,,,\n",
        encoding="utf-8",
    )
    docs, rejected = read_inputs(tmp_path)
    assert rejected == []
    by = {d.source: d for d in docs}
    assert set(by) == {"sub/a.html", "sub/b.txt", "sub/rows.jsonl#1"}  # manifest.csv is not an input
    a = by["sub/a.html"]
    assert a.meta["publisher"] == "自由時報" and a.meta_basis["publisher"] == "manifest"
    assert a.meta["published"] == "2024-04-10" and a.meta_basis["published"] == "manifest"
    assert (
        a.meta["title"] == "輝達晶片禁令升級" and a.meta_basis["title"] == "html"
    )  # empty cell: no override
    assert "notes" not in a.meta
    assert by["sub/b.txt"].encoding == "cp950" and by["sub/b.txt"].meta == {"title": "晶片"}
    assert by["sub/rows.jsonl#1"].meta == {"publisher": "清单来源"}


def test_manifest_forced_encoding_that_does_not_fit_rejects(tmp_path):
    (tmp_path / "a.txt").write_bytes(SIMP.encode("gbk"))
    (tmp_path / "manifest.csv").write_text("file,encoding\na.txt,utf-8\n", encoding="utf-8")
    assert "encoding set in manifest" in _reasons(tmp_path)["a.txt"]


def test_names_with_spaces_and_cjk_and_hidden_skipped(tmp_path):
    folder = tmp_path / "港聞 2024"
    folder.mkdir()
    (folder / "晶片 戰.txt").write_text(TRAD, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(SIMP, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(SIMP, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,title\n港聞 2024/晶片 戰.txt,標題\n", encoding="utf-8")
    doc = _one(tmp_path)
    assert doc.source == "港聞 2024/晶片 戰.txt" and doc.meta == {"title": "標題"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_and_dangling_link(tmp_path):
    sub = tmp_path / "a"
    sub.mkdir()
    (sub / "x.txt").write_text(SIMP, encoding="utf-8")
    (sub / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    docs, rejected = read_inputs(tmp_path)  # returning at all proves there is no endless walk
    assert [d.source for d in docs] == ["a/x.txt"]
    reasons = {r.source: r.reason for r in rejected}
    assert reasons["gone.txt"].startswith("broken symbolic link")
    assert "loop" in reasons["a/loop"] and "'.'" in reasons["a/loop"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_folders_read_once(tmp_path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "o.txt").write_text(SIMP, encoding="utf-8")
    (outside / "back").symlink_to(outside, target_is_directory=True)  # a loop outside the input folder
    root = tmp_path / "in"
    (root / "real").mkdir(parents=True)
    (root / "real" / "r.txt").write_text(TRAD, encoding="utf-8")
    (root / "alias").symlink_to(root / "real", target_is_directory=True)
    (root / "ext").symlink_to(outside, target_is_directory=True)
    docs, rejected = read_inputs(root)
    assert [d.source for d in docs] == ["ext/o.txt", "real/r.txt"]
    reasons = {r.source: r.reason for r in rejected}
    assert "'real'" in reasons["alias"] and "loop" in reasons["ext/back"]


def test_deterministic_sorted_order(tmp_path):
    for name in ("b.txt", "a.txt", "c/a.txt", "B.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"{name}的内容", encoding="utf-8")
    first = [d.source for d in read_inputs(tmp_path)[0]]
    assert first == ["B.txt", "a.txt", "b.txt", "c/a.txt"]
    assert first == [d.source for d in read_inputs(tmp_path)[0]]


FILE_KINDS = {
    "good.txt": SIMP.encode("utf-8"),
    "gbk.txt": SIMP.encode("gbk"),
    "empty.txt": b"",
    "png.txt": PNG,
    "page.html": PAGE.encode("big5"),
    "blank.html": b"<html></html>",
    "rows.jsonl": b'{"text": "a"}\n{bad\n{"text": ""}\n',
    "rows.csv": "text\n正文\n".encode(),
    "cols.csv": b"title\nx\n",
    "odd.xyz": b"??",
    "list.json": b'[{"text": "a"}, 3]',
    "bad.json": b"{",
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.sampled_from(sorted(FILE_KINDS)), min_size=1, max_size=8, unique=True),
    nest=st.booleans(),
)
def test_accounting_every_file_ingested_or_rejected(tmp_path_factory, names, nest):
    folder = tmp_path_factory.mktemp("acct")
    expected = set()
    for i, name in enumerate(names):
        rel = f"d{i % 2}/{name}" if nest else name
        (folder / rel).parent.mkdir(exist_ok=True)
        (folder / rel).write_bytes(FILE_KINDS[name])
        expected.add(rel)
    (folder / "manifest.csv").write_text("file,title\ngood.txt,T\n", encoding="utf-8")
    docs, rejected = read_inputs(folder)
    seen = {x.source.split("#", 1)[0] for x in (*docs, *rejected)}
    assert seen == expected
    # no row is both ingested and rejected
    assert not {d.source for d in docs} & {r.source for r in rejected}


def test_seed_folder_reads_five_utf8_documents(tmp_path):
    docs, rejected = read_inputs(ROOT / "data" / "raw")
    assert rejected == []
    assert len(docs) == 5 and {d.encoding for d in docs} == {"utf-8"}
    assert all(d.source.endswith(".txt") and "manifest" not in d.source for d in docs)


def test_chinese_column_headers(tmp_path):
    (tmp_path / "爬虫.csv").write_text(
        "标题,正文,来源,发布时间\n芯片战,美国加码出口管制。,澎湃新闻,2024-05-01\n", encoding="utf-8"
    )
    doc = _one(tmp_path)
    assert doc.text == "美国加码出口管制。"
    assert doc.meta == {"title": "芯片战", "publisher": "澎湃新闻", "published": "2024-05-01"}


def test_few_broken_bytes_and_english_cp1252(tmp_path):
    long_simp = (SIMP * 20).rstrip()
    (tmp_path / "cut.txt").write_bytes(long_simp.encode("utf-8")[:-1])  # last character cut in half
    gbk = bytearray((SIMP * 20).encode("gbk"))
    gbk[40] = 0xFF  # one corrupt byte
    (tmp_path / "gbk.txt").write_bytes(bytes(gbk))
    english = "The US Commerce Department tightened export rules on advanced chips again this week. "
    (tmp_path / "en.txt").write_bytes(
        (english + "Nvidia\x92s chips \x93cost\x94 \x80 5 billion \x97 caf\xe9.").encode("latin-1")
    )
    by = {d.source: d for d in read_inputs(tmp_path)[0]}
    assert by["cut.txt"].encoding == "utf-8" and by["cut.txt"].text.endswith("\ufffd")
    assert by["gbk.txt"].encoding == "gb18030" and 1 <= by["gbk.txt"].text.count("\ufffd") <= 2
    assert by["gbk.txt"].text.endswith(SIMP)
    assert (
        by["en.txt"].encoding == "cp1252"
        and by["en.txt"].text == english + "Nvidia’s chips “cost” € 5 billion — café."
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=600) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ext=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv"]),
)
def test_any_bytes_never_crash_and_are_accounted(tmp_path_factory, data, ext):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / f"x{ext}").write_bytes(data)
    docs, rejected = read_inputs(folder)
    sources = {x.source.split("#", 1)[0] for x in (*docs, *rejected)}
    assert sources == {f"x{ext}"}
    assert all(not r.reason.startswith("reader failed") for r in rejected), rejected


def test_html_page_without_site_name_in_head(tmp_path):
    # a GB-encoded template page: no og:site_name, the <title> ends with the channel and the
    # site, the time stamp sits in a <span class="h-time">, the author meta is a user number
    page = (
        "<html><head><meta http-equiv='content-type' content='text/html;charset=GB2312'>"
        "<title>老街茶馆重新开张--文化--人民网</title><meta name='author' content='204811'></head>"
        "<body><div class='nav'><a href='/'>首页</a><a href='/c'>文化</a></div>"
        "<h1>老街茶馆重新开张</h1><div class='info'><span class='h-time'>2021-03-08 09:30:12</span></div>"
        "<div class='content'><p>修缮了两年的老街茶馆昨日重新开张，吸引了不少老茶客前来品茶叙旧。</p>"
        "<p>茶馆负责人表示，店内保留了原有的木质梁柱，并新增了一个小型曲艺舞台。</p></div></body></html>"
    )
    (tmp_path / "page.html").write_bytes(page.encode("gb18030"))
    doc = _one(tmp_path)
    assert doc.meta["title"] == "老街茶馆重新开张"
    assert doc.meta["publisher"] == "People's Daily"
    assert doc.meta["published"] == "2021-03-08"
    assert "author" not in doc.meta


def test_html_title_ending_with_an_unknown_news_site(tmp_path):
    page = (
        "<html><head><meta charset='utf-8'><title>社区举办春季义诊活动 本地新闻_某某网</title></head>"
        "<body><p>社区卫生服务中心周六举办春季义诊活动，三十多名医生为居民免费检查身体。</p>"
        "<p>活动持续一整天，共有四百多名居民参加。</p></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    doc = _one(tmp_path)
    assert doc.meta["publisher"] == "某某网"
    assert doc.meta["title"] == "社区举办春季义诊活动 本地新闻"


def test_html_date_in_the_line_under_the_headline(tmp_path):
    page = (
        "<html><head><meta charset='utf-8'><title>某公司中标输电工程项目_某某财经网</title></head><body>"
        "<div class='box'><h2>某公司中标输电工程项目</h2><div class='info'>2020-05-12 09:30"
        "<span>来源：某某财经网</span></div>"
        "<div class='txt'><p>某公司公告称，公司确认中标一项输电工程项目，中标金额约为三亿元，占公司去年营收的一成左右。</p></div>"
        "</div></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    assert _one(tmp_path).meta["published"] == "2020-05-12"


def test_markdown_export_shows_link_text_and_drops_emphasis(tmp_path):
    (tmp_path / "a.md").write_text(
        "# 某市启用新垃圾分类规定\n\n*2021-06-01 08:00 来源：[某某日报](https://example.cn)*\n\n"
        "市政府今天起实施新的垃圾分类规定，违规者最高可被处以**二百元**罚款。\n",
        encoding="utf-8",
    )
    doc = _one(tmp_path)
    assert "2021-06-01 08:00 来源：某某日报\n" in doc.text
    assert "最高可被处以二百元罚款" in doc.text
    assert doc.text.startswith("# 某市启用新垃圾分类规定")


def test_html_page_built_by_script_gives_its_schema_org_article_body(tmp_path):
    ld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":"某港口货运量创新高",'
        '"datePublished":"2022-01-05T10:00:00+08:00","articleBody":"某港口去年货物吞吐量突破三亿吨，'
        '同比增长百分之八。\\n港口管理局表示，今年将新建两个深水泊位，预计投资五十亿元。"}'
    )
    page = (
        "<html><head><meta charset='utf-8'><title>某港口货运量创新高</title>"
        f"<script type='application/ld+json'>{ld}</script></head>"
        "<body><div id='app'><div class='loading'>加载中</div></div></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    doc = _one(tmp_path)
    assert doc.text.splitlines() == [
        "某港口去年货物吞吐量突破三亿吨，同比增长百分之八。",
        "港口管理局表示，今年将新建两个深水泊位，预计投资五十亿元。",
    ]
    assert doc.meta["published"].startswith("2022-01-05")


def test_utf16_without_bom_holding_characters_with_a_zero_byte(tmp_path):
    # 一 (U+4E00) and 开 (U+5F00) put a zero byte where ASCII has its character
    text = "一家新店今天开张，一天内开出了三百张会员卡。\n店主说，开业当天的营业额最高。\n"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16-be"))
    docs, rejected = read_inputs(tmp_path)
    assert rejected == []
    assert [(d.encoding, d.text) for d in docs] == [("utf-16-le", text), ("utf-16-be", text)]


def test_html_dates_of_a_related_list_are_not_the_article_date(tmp_path):
    items = "".join(
        f"<li><a href='/{d}'>其他新闻{d}</a><span class='publish-time'>2018-03-0{d} 08:00</span></li>"
        for d in (1, 2)
    )
    page = (
        "<html><head><meta charset='utf-8'><title>某地举办马拉松比赛</title></head><body>"
        "<div class='main'><p>某地马拉松比赛今天鸣枪开跑，来自二十个国家的两万名选手参赛，男子组冠军成绩为两小时十分。</p>"
        "<p>组委会表示，明年将把参赛名额增加到两万五千人。</p></div>"
        f"<ul class='side'>{items}</ul></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    assert "published" not in _one(tmp_path).meta


def test_json_api_envelope_under_other_names(tmp_path):
    # an API answer that wraps its article list in its own envelope names
    feed = {
        "ok": True,
        "result": {"articles": [{"title": "甲", "content": ["第一段", "第二段"]}, {"content": "乙"}]},
    }
    (tmp_path / "api.json").write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    deep = {"response": {"meta": {"n": 1}, "docs": [{"body": "丙"}]}}
    (tmp_path / "deep.json").write_text(json.dumps(deep, ensure_ascii=False), encoding="utf-8")
    docs, rejected = read_inputs(tmp_path)
    assert rejected == []
    assert {d.source: d.text for d in docs} == {
        "api.json#1": "第一段\n第二段",
        "api.json#2": "乙",
        "deep.json#1": "丙",
    }
    # an object with its text at the top is one article, not searched for a list
    (tmp_path / "one.json").write_text(
        json.dumps({"text": "丁", "tags": [{"text": "標籤"}]}, ensure_ascii=False)
    )
    docs, _ = read_inputs(tmp_path)
    assert {d.source: d.text for d in docs}["one.json"] == "丁"


def test_crawler_export_with_camel_case_keys_nested_under_data(tmp_path):
    """A crawler's JSON puts its list two levels down and names every key in camelCase behind an
    item word (newsTitle, articleContent); the fields are still found, an exact name still wins."""
    crawl = {
        "code": 0,
        "data": {
            "total": 2,
            "articleList": [
                {
                    "articleTitle": "晶圆厂扩产",
                    "pubTime": "2025-03-02 08:00",
                    "content": "某厂宣布扩产三成。",
                },
                {"articleTitle": "封测订单", "content": "订单增加两成。", "mediaName": "某报"},
            ],
        },
    }
    (tmp_path / "crawl.json").write_text(json.dumps(crawl, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "news.json").write_text(
        json.dumps(
            {"list": [{"newsTitle": "旧题", "title": "正题", "newsContent": "正文一句。"}]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    docs, rejected = read_inputs(tmp_path)
    assert rejected == []
    by = {d.source: d for d in docs}
    assert by["crawl.json#1"].text == "某厂宣布扩产三成。"
    assert by["crawl.json#1"].meta == {"title": "晶圆厂扩产", "published": "2025-03-02 08:00"}
    assert by["crawl.json#2"].meta == {"title": "封测订单", "publisher": "某报"}
    assert by["news.json#1"].meta == {"title": "正题"} and by["news.json#1"].text == "正文一句。"


def test_spreadsheet_saved_as_tab_separated_text_is_split_into_rows(tmp_path):
    """A .txt that is a spreadsheet export (header row, one article per row, tabs between cells,
    UTF-16 as Excel writes it) gives one article per row; a row without text is rejected by number,
    and the reason says the file was read as a tab-separated export."""
    table = (
        "標題\t內容\t日期\r\n"
        "晶片出口增加\t上月晶片出口增加一成。\t2025/5/1\r\n"
        '封測廠擴建\t"新廠明年投產。\r\n產能增加兩成。"\t2025/5/2\r\n'
        "空白一列\t\t2025/5/3\r\n"
    )
    (tmp_path / "sheet.txt").write_bytes(b"\xff\xfe" + table.encode("utf-16-le"))
    (tmp_path / "note.txt").write_text("標題\t內容\n這是一篇普通的文章。\n", encoding="utf-8")
    docs, rejected = read_inputs(tmp_path)
    by = {d.source: d for d in docs}
    assert set(by) == {"note.txt", "sheet.txt#1", "sheet.txt#2"}
    assert by["sheet.txt#1"].text == "上月晶片出口增加一成。"
    assert by["sheet.txt#1"].meta == {"title": "晶片出口增加", "published": "2025/5/1"}
    assert by["sheet.txt#2"].text == "新廠明年投產。\n產能增加兩成。"
    assert [r.source for r in rejected] == ["sheet.txt#3"]
    assert "tab-separated" in rejected[0].reason and "row 3" in rejected[0].reason
