"""analyse/document.py: one document → the rows of every table, from the declared list of stages."""

from __future__ import annotations

import pyarrow as pa

from dashboard.pipeline.analyse import document
from dashboard.pipeline.analyse.document import ROW_TABLES, STAGES, Stage, analyse_document, safe_analyse
from dashboard.pipeline.build.write import to_table
from dashboard.pipeline.records import Document
from dashboard.pipeline.schema import SCHEMAS

TEXT = (
    "美国商务部宣布出口管制，把多家企业列入实体清单，限制英伟达向中国出口芯片。\n"
    "台积电股价下跌3%，市值蒸发约200亿美元。\n"
    "据路透社报道，荷兰也收紧了光刻机出口。\n"
    "責任編輯：王小明\n"
)


def _doc(text: str = TEXT) -> Document:
    return Document("a.txt", text, "utf-8", "txt")


def test_every_stage_fills_a_table_of_the_schema():
    assert [s.table for s in STAGES][-1] == "articles"  # the article row sums up the others
    assert all(s.table in SCHEMAS for s in STAGES)
    assert set(ROW_TABLES) == {s.table for s in STAGES} - {"articles"} | {"removed"}


def test_a_document_gives_rows_for_every_row_table_in_schema_shape():
    res = analyse_document(_doc())
    assert res.reason is None and set(res.rows) == set(ROW_TABLES)
    assert set(res.article) == set(SCHEMAS["articles"].names)
    for name in ROW_TABLES:
        table = to_table(name, res.rows[name])
        assert table.schema == SCHEMAS[name]
        assert set(table.column("article_id").to_pylist()) <= {res.article["article_id"]}
    assert res.rows["terms"] and res.rows["figures"] and res.rows["citations"]
    assert [r["rule"] for r in res.rows["removed"]] == ["editor_line"]
    assert res.article["n_paragraphs"] == len(res.rows["paragraphs"]) == 3
    assert res.text == "\n".join(TEXT.splitlines()[:3])


def test_paragraph_topics_come_from_the_terms_stage_rows():
    res = analyse_document(_doc())
    assert "export_controls" in res.article["topics"]
    assert any("export_controls" in p["topics"] for p in res.rows["paragraphs"])


def test_a_document_with_nothing_left_is_rejected_with_its_removed_lines():
    res = analyse_document(_doc("責任編輯：王小明\n"))
    assert res.article is None and res.reason.startswith("no article text left after cleaning")
    assert [r["article_id"] for r in res.rows["removed"]] == [None]


def test_a_new_stage_in_the_list_runs_and_a_crashing_one_rejects_only_its_document(monkeypatch):
    seen: list[int] = []

    def counting(ctx, done):
        seen.append(len(done["terms"]))
        return []

    monkeypatch.setattr(document, "STAGES", (*STAGES[:-1], Stage("rejected", counting), STAGES[-1]))
    res = analyse_document(_doc())
    assert seen and seen[0] == len(res.rows["terms"]) and res.rows["rejected"] == []

    def broken(ctx, done):
        raise ValueError("bad rule")

    monkeypatch.setattr(document, "STAGES", (Stage("terms", broken), *STAGES[1:]))
    res = safe_analyse(_doc())
    assert res.article is None and "ValueError: bad rule" in res.reason
    assert isinstance(to_table("rejected", [{"source": res.source, "reason": res.reason}]), pa.Table)
