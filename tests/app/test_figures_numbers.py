"""The Figures page shows a number said with no unit (kind ``number``, unit null) like any other."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from conftest import run_app as run

from dashboard.pipeline.build.run import build

# our own article: two numbers said with no unit beside a figure with a unit
ARTICLE = """统计局公布今年人口数据
该省常住人口为一点五亿，比去年多了两百三十万。
全省新设企业一万二千家，增速为负3.9。
统计局表示，数据将在下月更新。
"""


def test_numbers_without_a_unit_show_on_the_figures_page(tmp_path: Path, monkeypatch):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "population.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "processed"
    build(inp, out)
    figs = pd.read_parquet(out / "figures.parquet")
    numbers = figs[figs["kind"] == "number"]
    assert sorted(numbers["value"]) == [-3.9, 2.3e6, 1.5e8] and numbers["unit"].isna().all()
    assert (figs["kind"] == "count").sum() == 1  # 一万二千家 keeps its measure word

    monkeypatch.setenv("CHIPWAR_DATA", str(out))
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    at = run("figures")
    table = at.dataframe[0].value
    shown = table[table["kind_of_figure"] == "Number (no unit said)"]
    assert sorted(shown["amount"]) == ["-3.9", "1.5亿", "230万"]  # no unit, no “nan”, no “None”
    at = run("figures", kind="number")
    assert set(at.dataframe[0].value["kind_of_figure"]) == {"Number (no unit said)"}
