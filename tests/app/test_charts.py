"""Chart builders: each ``to_dict()`` on a small frame carries the encodings that matter."""

from __future__ import annotations

import pandas as pd

from dashboard import charts


def _spec(chart) -> dict:
    spec = chart.to_dict()
    assert charts.CJK_FONT.split(",")[0] in spec["config"]["font"]  # Chinese renders in every chart
    return spec


def _pick_fields(spec: dict) -> list[str]:
    params = [p for p in spec.get("params", []) if p["name"] == charts.PICK]
    assert params, "chart has no click selection"
    return params[0]["select"]["fields"]


def test_publisher_language_bar():
    df = pd.DataFrame(
        {"publisher": ["新浪", "自由時報"], "language": ["zh-Hans", "zh-Hant"], "articles": [2, 1]}
    )
    spec = _spec(charts.publisher_language_bar(df))
    enc = spec["encoding"]
    assert enc["y"]["field"] == "publisher" and enc["y"]["type"] == "nominal"
    assert enc["x"]["field"] == "articles" and enc["x"]["aggregate"] == "sum"
    assert enc["color"]["field"] == "language"
    assert _pick_fields(spec) == ["publisher"]
    assert {t["field"] for t in enc["tooltip"]} >= {"publisher", "language", "articles"}


def test_timeline_is_temporal_by_month():
    df = pd.DataFrame(
        {"month": pd.to_datetime(["2024-03-01", "2024-04-01"]), "language": ["en", "en"], "articles": [1, 3]}
    )
    enc = _spec(charts.timeline_chart(df))["encoding"]
    assert enc["x"]["type"] == "temporal" and enc["x"]["timeUnit"] == "yearmonth"
    assert enc["y"]["field"] == "articles"


def test_count_bar_generic():
    df = pd.DataFrame({"rule": ["headline_list", "comments"], "lines": [5, 2]})
    spec = _spec(charts.count_bar(df, "rule", "lines", "Lines removed"))
    assert spec["encoding"]["y"]["field"] == "rule" and spec["encoding"]["x"]["field"] == "lines"
    assert spec["title"] == "Lines removed"
    assert len(spec["datasets"][next(iter(spec["datasets"]))]) == 2  # draws exactly the frame


def test_top_terms_toggle_and_forms_tooltip():
    df = pd.DataFrame(
        {
            "term": ["英伟达", "芯片"],
            "count": [4, 2],
            "per_10k": [400.0, 200.0],
            "articles": [2, 1],
            "forms": ["英伟达 · 輝達", "晶片 · 芯片"],
        }
    )
    raw = _spec(charts.top_terms_bar(df, "count"))
    per = _spec(charts.top_terms_bar(df, "per_10k"))
    assert raw["encoding"]["x"]["field"] == "count" and per["encoding"]["x"]["field"] == "per_10k"
    assert raw["encoding"]["y"]["sort"] == "-x"
    assert any(t["field"] == "forms" for t in raw["encoding"]["tooltip"])
    assert _pick_fields(raw) == ["term"]


def test_distinctive_bar_diverges_on_z():
    df = pd.DataFrame(
        {
            "term": ["芯片", "晶片"],
            "count_a": [5, 0],
            "count_b": [0, 5],
            "delta": [1.0, -1.0],
            "z": [2.5, -2.5],
            "favours": ["zh-Hans", "zh-Hant"],
        }
    )
    enc = _spec(charts.distinctive_bar(df, "zh-Hans", "zh-Hant"))["encoding"]
    assert enc["x"]["field"] == "z" and enc["y"]["sort"]["field"] == "z"
    assert enc["color"]["scale"]["domain"] == ["zh-Hans", "zh-Hant"]


def test_term_charts():
    line = _spec(
        charts.term_time_line(pd.DataFrame({"month": pd.to_datetime(["2024-01-01"]), "count": [3]}), "芯片")
    )
    assert line["mark"]["type"] == "line" and line["encoding"]["y"]["field"] == "count"
    assert "芯片" in line["title"]
    bar = _spec(charts.term_publisher_bar(pd.DataFrame({"publisher": ["新浪"], "count": [3]}), "芯片"))
    assert bar["encoding"]["y"]["field"] == "publisher"


def test_money_chart_uses_log_usd():
    df = pd.DataFrame(
        {
            "text": ["50億美元"],
            "value_usd": [5e9],
            "unit": ["USD"],
            "subject": ["损失"],
            "publisher": ["自由時報"],
            "published": [None],
            "title": ["t"],
            "sentence": ["s"],
            "article_id": ["a"],
            "paragraph": [0],
        }
    )
    spec = _spec(charts.money_log_chart(df))
    assert spec["encoding"]["x"]["field"] == "value_usd"
    assert spec["encoding"]["x"]["scale"]["type"] == "log"
    assert _pick_fields(spec) == ["fig_id"]


def test_cited_outlets_and_heatmap():
    df = pd.DataFrame(
        {"outlet": ["路透社", "彭博社"], "type": ["media", "media"], "citations": [3, 1], "articles": [1, 1]}
    )
    by_articles = _spec(charts.cited_outlets_bar(df, "articles"))
    assert by_articles["encoding"]["x"]["field"] == "articles"
    assert by_articles["encoding"]["color"]["field"] == "type"
    heat = _spec(
        charts.heatmap(pd.DataFrame({"publisher": ["新浪"], "outlet": ["路透社"], "citations": [2]}))
    )
    assert heat["mark"]["type"] == "rect"
    assert heat["encoding"]["color"]["field"] == "citations"
    assert {heat["encoding"]["x"]["field"], heat["encoding"]["y"]["field"]} == {"outlet", "publisher"}


def test_claims_bar_labels_value_and_subject():
    df = pd.DataFrame(
        {
            "claim_id": ["c1"],
            "texts": ["20%"],
            "subject": ["份额"],
            "n_articles": [2],
            "n_outlets": [2],
            "outlets": ["A · B"],
            "first_published": pd.to_datetime(["2024-01-01"]),
            "last_published": pd.to_datetime(["2024-02-01"]),
        }
    )
    spec = _spec(charts.claims_bar(df))
    assert spec["encoding"]["x"]["field"] == "n_articles"
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    assert rows[0]["label"] == "20% · 份额"


def test_cached_chart_templates_give_the_same_spec_as_a_fresh_build():
    # charts are built once per structure and reused with new data: nothing may leak between uses
    first = pd.DataFrame({"rule": ["a", "b"], "lines": [3, 1]})
    second = pd.DataFrame({"rule": ["c"], "lines": [7]})
    for df in (first, second, first):
        cached = charts.count_bar(df, "rule", "lines", "Lines removed")
        fresh = charts.count_bar.__wrapped__(df, "rule", "lines", "Lines removed")
        assert cached.to_dict() == fresh.to_dict()
    assert (
        charts.term_time_line(
            pd.DataFrame({"month": pd.to_datetime(["2024-01-01"]), "count": [3]}), "芯片"
        ).to_dict()["title"]
        != charts.term_time_line(
            pd.DataFrame({"month": pd.to_datetime(["2024-01-01"]), "count": [3]}), "晶片"
        ).to_dict()["title"]
    )


def test_streamlit_spec_carries_no_data_and_no_default_theme():
    from dashboard.ui import render

    df = pd.DataFrame({"publisher": ["新浪", "BBC"], "language": ["zh-Hans", "en"], "articles": [2, 1]})
    spec = render.vega_spec(charts.publisher_language_bar(df))
    full = charts.publisher_language_bar(df).to_dict()
    assert "data" not in spec and "datasets" not in spec
    assert spec["encoding"] == full["encoding"] and spec["params"] == full["params"]
    # Altair's default theme (a 300 px continuous view) is Streamlit's to replace; the chart's own
    # configuration (its CJK font) stays
    assert "view" not in spec["config"] and spec["config"]["font"] == full["config"]["font"]
    again = render.vega_spec(charts.publisher_language_bar(df.head(1)))
    assert again == spec and again is not spec  # the rows never change the spec; each call its own


def test_converted_spec_carries_each_charts_own_declaration():
    # the subtitle and the usermeta are each chart's own, never taken from an earlier chart
    from dashboard.ui import render

    df = pd.DataFrame(
        {"term": ["英伟达"], "count": [3], "per_10k": [1.0], "articles": [1], "forms": ["輝達"]}
    )
    cut = render.vega_spec(charts.top_terms_bar(df, "count", left_out={"other terms": 4}))
    assert cut["usermeta"] == {"left_out": {"other terms": 4}}
    assert cut["title"]["subtitle"] == ["Not drawn: 4 other terms"]
    whole = render.vega_spec(charts.top_terms_bar(df, "count"))
    assert "usermeta" not in whole and isinstance(whole["title"], str)
    again = render.vega_spec(charts.top_terms_bar(df, "count", left_out={"other terms": 9}))
    assert again["usermeta"] == {"left_out": {"other terms": 9}}
