"""Every chart builder gives its chart an accessible description and titled axes (via to_dict()),
and every chart can be exported as SVG."""

from __future__ import annotations

import inspect

import altair as alt
import pandas as pd
import pytest

from dashboard import charts

MONTH = pd.Timestamp("2024-03-01")
# one small frame (and the extra arguments) per public builder; a new builder needs a line here
SAMPLES: dict[str, tuple[pd.DataFrame, tuple]] = {
    "publisher_language_bar": (
        pd.DataFrame({"publisher": ["新浪"], "language": ["zh-Hans"], "articles": [2]}),
        (),
    ),
    "timeline_chart": (pd.DataFrame({"month": [MONTH], "language": ["zh-Hant"], "articles": [1]}), ()),
    "count_bar": (pd.DataFrame({"rule": ["pinyin"], "lines": [3]}), ("rule", "lines", "Lines removed")),
    "top_terms_bar": (
        pd.DataFrame({"term": ["芯片"], "count": [4], "per_10k": [10.0], "articles": [2], "forms": ["晶片"]}),
        ("count",),
    ),
    "distinctive_bar": (
        pd.DataFrame(
            {
                "term": ["芯片"],
                "count_a": [3],
                "count_b": [1],
                "delta": [0.4],
                "z": [2.1],
                "favours": ["zh-Hans"],
            }
        ),
        ("zh-Hans", "zh-Hant"),
    ),
    "term_time_line": (pd.DataFrame({"month": [MONTH], "count": [3]}), ("芯片",)),
    "term_publisher_bar": (pd.DataFrame({"publisher": ["明報"], "count": [3]}), ("芯片",)),
    "money_log_chart": (
        pd.DataFrame(
            {
                "text": ["50億美元"],
                "value_usd": [5e9],
                "unit": ["USD"],
                "subject": ["损失"],
                "publisher": ["自由時報"],
                "published": ["undated"],
                "article": ["标题"],
                "sentence": ["s"],
                "article_id": ["a"],
                "paragraph": [0],
            }
        ),
        (),
    ),
    "cited_outlets_bar": (
        pd.DataFrame({"outlet": ["路透社"], "type": ["media"], "citations": [3], "articles": [1]}),
        ("citations",),
    ),
    "heatmap": (pd.DataFrame({"publisher": ["新浪"], "outlet": ["路透社"], "citations": [2]}), ()),
    "claims_bar": (
        pd.DataFrame(
            {
                "claim_id": ["c"],
                "texts": ["20%"],
                "subject": ["份额"],
                "n_articles": [2],
                "n_outlets": [2],
                "outlets": ["a · b"],
                "first_published": [MONTH],
                "last_published": [MONTH],
            }
        ),
        (),
    ),
}


def _builders() -> list[str]:
    """Every public function of ``charts`` that returns a chart."""
    return sorted(
        name
        for name, fn in inspect.getmembers(charts, inspect.isfunction)
        if not name.startswith("_")
        and fn.__module__ == charts.__name__
        and "Chart" in str(inspect.signature(fn).return_annotation)
        # a function of a chart (charts.declare) annotates one, it does not build one
        and next(iter(inspect.signature(fn).parameters), "") != "chart"
    )


def test_every_builder_has_a_sample():
    assert _builders() == sorted(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_chart_has_a_description_and_axis_titles(name):
    frame, args = SAMPLES[name]
    chart = getattr(charts, name)(frame, *args)
    assert isinstance(chart, alt.TopLevelMixin)
    spec = chart.to_dict()
    description = spec.get("description", "")
    assert isinstance(description, str) and len(description) > 20, description
    assert description != spec.get("title")  # says what the chart shows, not only its name
    encoding = spec["encoding"]
    for channel in ("x", "y"):
        assert encoding[channel].get("title"), (name, channel)
    if "color" in encoding:
        assert encoding["color"].get("title"), (name, "color")


def test_a_chart_exports_as_svg():
    from dashboard.export import chart_svg

    frame, args = SAMPLES["top_terms_bar"]
    svg = chart_svg(charts.top_terms_bar(frame, *args)).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "</svg>" in svg
    assert "芯片" in svg and "Top terms" in svg  # the labels and title are text, not outlines
