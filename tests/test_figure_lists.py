"""A list after 分别 / 依次 writes its unit once, after the last number (own sentences)."""

from __future__ import annotations

import pytest

from dashboard.pipeline.figures import extract_figures


def _read(text: str) -> list[tuple[float, str | None]]:
    return [(f.value, f.unit) for f in extract_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三个站点的浓度分别为18、26和40微克/立方米。", [(18, "μg/m3"), (26, "μg/m3"), (40, "μg/m3")]),
        ("两地增速分别高0.6、2.5个百分点。", [(0.6, "pp"), (2.5, "pp")]),
        ("两项指标分别回落1.2个、3.4个百分点。", [(1.2, "pp"), (3.4, "pp")]),
        ("前三名依次为12、9和7.5吨。", [(12, "t"), (9, "t"), (7.5, "t")]),
        ("两档奖金分别为2、6万元。", [(20000, "CNY"), (60000, "CNY")]),
        ("两款分别售出15 、20台。", [(15, "台"), (20, "台")]),
    ],
)
def test_a_list_after_fenbie_shares_its_last_unit(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "两站分别位于3、4号线。",  # line numbers, no figure
        "两场分别在6、7月举行。",  # months
    ],
)
def test_a_bare_list_of_names_or_dates_stays_bare(text):
    assert _read(text) == []


def test_items_with_units_of_their_own_keep_them():
    assert _read("这里分别有3个、5个班。") == [(3, "个"), (5, "个")]
    assert _read("两项分别增长4%、6%。") == [(4, "%"), (6, "%")]
