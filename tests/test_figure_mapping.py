"""A Figure is a dataclass and also a read-only mapping of its fields (callers that use dicts)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest

from dashboard.pipeline.figures import Figure, extract_figures


def _figure() -> Figure:
    (fig,) = extract_figures("公司去年营收约一点五亿元。", region="mainland")
    return fig


def test_figure_reads_like_a_dict():
    fig = _figure()
    assert isinstance(fig, Mapping)
    assert fig["value"] == 1.5e8 and fig["unit"] == "CNY" and fig["kind"] == "money"
    assert fig.get("unit") == "CNY" and fig.get("nothing") is None and fig.get("nothing", 0) == 0
    assert "value" in fig and "qualifier" in fig and "nothing" not in fig and 3 not in fig
    with pytest.raises(KeyError):
        fig["nothing"]
    as_dict = dict(fig)
    assert list(as_dict) == [f.name for f in dataclasses.fields(Figure)]
    assert as_dict["qualifier"] == "约" and as_dict["text"] == "约一点五亿元"
    assert set(fig.keys()) == set(as_dict) and len(fig) == len(as_dict)


def test_figure_is_still_a_plain_dataclass():
    fig = _figure()
    assert dataclasses.is_dataclass(fig)
    assert dataclasses.asdict(fig) == dict(fig)
    assert fig == dataclasses.replace(fig) and fig != dataclasses.replace(fig, value=1.0)
    assert fig.value == fig["value"]


def test_a_number_with_no_unit_maps_its_none_unit():
    (fig,) = extract_figures("全市人口为一千二百三十四万。")
    assert dict(fig)["kind"] == "number" and fig.get("unit") is None and fig["value"] == 1.234e7
