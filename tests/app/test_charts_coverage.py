"""Nothing is dropped silently: for EVERY chart builder, what the chart draws plus what it declares
as left out adds up to the selection's total (counted here from the tables, not from the chart)."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import altair as alt
import pandas as pd
import pytest

from dashboard import charts
from dashboard.queries import figures, overview, selection, sources, terms
from dashboard.state import Filters


def _rows(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


def _drawn(spec: dict, value: str | None) -> int:
    """The total the chart draws: the sum of ``value`` (None: one per row) over the rows its views
    keep. A view that filters on a date keeps the dated rows, its sibling the undated ones."""
    rows = _rows(spec)
    views = spec.get("hconcat", [spec])
    kept: list[dict] = []
    for view in views:
        filters = [t["filter"] for t in view.get("transform", []) if "filter" in t]
        for row in rows:
            dated = row.get("month") is not None
            if any(f == "isValid(datum.month)" and not dated for f in filters):
                continue
            if any(f == "!isValid(datum.month)" and dated for f in filters):
                continue
            kept.append(row)
    assert len(kept) == len(rows), "a row of the frame is in no view"
    return len(kept) if value is None else int(sum(r[value] for r in kept))


def _cases(tables, arts) -> dict[str, tuple[Callable[[], alt.TopLevelMixin], str | None, int]]:
    """builder → (build as its page does, the measure drawn, the selection's total from the tables)."""
    sel = set(arts["article_id"])
    tab = lambda name: tables[name][tables[name]["article_id"].isin(sel)]  # noqa: E731
    n_terms = int(tab("terms")["count"].sum())
    top = terms.top_terms(tables, arts, n=2)  # small n: the page's top 30 leaves nothing out here
    dist = terms.distinctive_terms(tables, arts, "language", "zh-Hant", terms.REST, n=1)
    scored = terms.log_odds_dirichlet(
        terms.term_counts(tables, arts[arts["language"] == "zh-Hant"]),
        terms.term_counts(tables, arts[arts["language"] != "zh-Hant"]),
        terms.term_counts(tables, arts),
    )
    term = "英伟达"
    term_rows = tab("terms")[tab("terms")["term"] == term]
    time = terms.term_over_time(tables, arts, term)
    by_pub = terms.term_by_publisher(tables, arts, term)
    by_kind = figures.figures_by_kind(tables=tables, arts=arts)
    money = figures.money_figures(tables=tables, arts=arts, limit=1)
    n_money = int((tab("figures")["kind"] == "money").sum())
    claims = figures.recurring_claims(tables, arts)
    recurring = claims[claims["n_articles"] > 1]
    outlets = sources.cited_outlets(tables, arts)
    shown = outlets.head(1)
    n_citations = int(tables.outlets[tables.outlets["article_id"].isin(sel)]["citations"].sum())
    quality = overview.quality(tables, arts)
    removed = overview.removed_by_rule(tables, arts)
    timeline, _ = overview.timeline(arts)
    cleaning = sum(int(arts[m].sum()) for m in quality["measure"])
    return {
        "publisher_language_bar": (
            lambda: charts.publisher_language_bar(overview.by_publisher_language(arts)),
            "articles",
            len(arts),
        ),
        "timeline_chart": (lambda: charts.timeline_chart(timeline), "articles", len(arts)),
        "count_bar": (
            lambda: charts.count_bar(quality, "measure", "count", "What cleaning did"),
            "count",
            cleaning,
        ),
        "count_bar (removed lines)": (
            lambda: charts.count_bar(removed, "rule", "lines", "Lines removed per rule"),
            "lines",
            len(tab("removed")),
        ),
        "count_bar (figure kinds)": (
            lambda: charts.count_bar(by_kind, "kind", "figures", "Figures by kind"),
            "figures",
            len(tab("figures")),
        ),
        "top_terms_bar": (
            lambda: charts.top_terms_bar(
                top, "count", left_out={"occurrences of other terms": n_terms - int(top["count"].sum())}
            ),
            "count",
            n_terms,
        ),
        "distinctive_bar": (
            lambda: charts.distinctive_bar(dist, "zh-Hant", terms.REST, left_out=terms.left_out(dist)),
            None,
            # nothing to compare when a group is empty (the page says so instead of drawing)
            len(scored[(scored["count_a"] + scored["count_b"]) > 0]) if arts["language"].nunique() > 1 else 0,
        ),
        "term_time_line": (lambda: charts.term_time_line(time, term), "count", int(term_rows["count"].sum())),
        "term_publisher_bar": (
            lambda: charts.term_publisher_bar(by_pub, term),
            "count",
            int(term_rows["count"].sum()),
        ),
        "money_log_chart": (
            lambda: charts.money_log_chart(money, left_out={"other money figures": n_money - len(money)}),
            None,
            n_money,
        ),
        "cited_outlets_bar": (
            lambda: charts.cited_outlets_bar(
                shown,
                "citations",
                left_out={"other": int(outlets["citations"].sum() - shown["citations"].sum())},
            ),
            "citations",
            n_citations,
        ),
        "heatmap": (
            lambda: charts.heatmap(sources.publisher_cited_matrix(tables, arts)),
            "citations",
            n_citations,
        ),
        "claims_bar": (
            lambda: charts.claims_bar(recurring.head(1), left_out={"other": len(recurring) - 1}),
            None,
            len(recurring),
        ),
    }


BUILDERS = sorted(
    name
    for name, fn in vars(charts).items()
    if inspect.isfunction(fn)
    and not name.startswith("_")
    and fn.__module__ == charts.__name__
    and list(inspect.signature(fn).parameters)[:1] == ["df"]
)
FILTERS = [Filters(), Filters(lang=("zh-Hant",)), Filters(undated=False), Filters(topic=("ai",))]


def test_every_builder_has_a_case(tables):
    arts = selection.filter_articles(tables, Filters())
    covered = {name.split(" ")[0] for name in _cases(tables, arts)}
    assert covered == set(BUILDERS)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: str(f.lang or f.topic or f.undated))
def test_drawn_plus_declared_equals_the_selection(tables, filters):
    arts = selection.filter_articles(tables, filters)
    for name, (build, value, total) in _cases(tables, arts).items():
        chart = build()
        spec = chart.to_dict()
        drawn = _drawn(spec, value) if spec.get("datasets") else 0
        declared = sum(charts.declared(spec).values())
        assert drawn + declared == total, (name, drawn, declared, total)
        if declared:  # what is left out is said where the reader sees it, not only in the spec
            subtitle = " ".join(spec["title"]["subtitle"])
            assert "Not drawn" in subtitle, name


def test_undated_items_are_said_and_drawn_apart(tables):
    arts = selection.filter_articles(tables, Filters())
    spec = charts.timeline_chart(overview.timeline(arts)[0]).to_dict()
    assert "1 undated articles" in " ".join(spec["title"]["subtitle"])
    assert spec["hconcat"][1]["encoding"]["x"]["title"] == "No date"
    frame = terms.term_over_time(tables, arts, "英伟达")
    spec = charts.term_time_line(frame, "英伟达").to_dict()
    # 英伟达 occurs in A1, A2 (dated) and A4 (undated) in the fixture
    assert "1 of 4 occurrences are in undated articles" in " ".join(spec["title"]["subtitle"])
    # without undated articles in the selection, one plain time axis
    dated = selection.filter_articles(tables, Filters(undated=False))
    spec = charts.timeline_chart(overview.timeline(dated)[0]).to_dict()
    assert "hconcat" not in spec and spec["encoding"]["x"]["type"] == "temporal"
    assert charts.declared(spec) == {}
    assert isinstance(pd.Timestamp(_rows(spec)[0]["month"]), pd.Timestamp)
