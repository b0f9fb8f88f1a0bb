"""Downloads: charts as PNG/SVG/CSV and a corpus's tables as one zip."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import charts, export

pytest.importorskip("vl_convert")


@pytest.fixture
def chart_and_frame():
    frame = pd.DataFrame(
        {"term": ["芯片", "晶片", "出口管制"], "count": [12, 7, 3], "per_10k": [4.5, 2.1, 0.9]}
    )
    return charts.top_terms_bar(frame, "count"), frame


def test_png_and_svg_have_the_right_magic_and_carry_the_labels(chart_and_frame):
    chart, _ = chart_and_frame
    png = export.chart_png(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    svg = export.chart_svg(chart)
    assert svg.lstrip().startswith(b"<svg") and svg.rstrip().endswith(b"</svg>")
    assert "芯片".encode() in svg and "出口管制".encode() in svg  # axis labels are text in the SVG


def test_csv_equals_the_chart_data(chart_and_frame):
    chart, frame = chart_and_frame
    back = pd.read_csv(io.BytesIO(export.chart_csv(chart)), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, frame)
    # and the rows the spec draws are the same rows
    spec = export.chart_spec(chart)
    (rows,) = spec["datasets"].values()
    assert [r["term"] for r in rows] == frame["term"].tolist()


def test_big_charts_are_not_cut_at_altairs_row_limit():
    frame = pd.DataFrame({"term": [f"t{i}" for i in range(6000)], "count": range(6000), "per_10k": 1.0})
    spec = export.chart_spec(charts.top_terms_bar(frame, "count"))
    (rows,) = spec["datasets"].values()
    assert len(rows) == 6000


def test_tables_zip_holds_every_table_as_parquet_and_csv(data_dir):
    blob = export.tables_zip(data_dir)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        names = set(zf.namelist())
        for table in ("articles", "paragraphs", "terms", "figures", "citations", "rejected"):
            assert {f"{table}.parquet", f"{table}.csv"} <= names
        assert "meta.json" in names
        arts = pq.read_table(io.BytesIO(zf.read("articles.parquet")))
        csv = pd.read_csv(io.BytesIO(zf.read("articles.csv")), encoding="utf-8-sig")
    assert arts.num_rows == len(csv) == pq.read_table(data_dir / "articles.parquet").num_rows
    assert list(csv.columns) == arts.column_names
