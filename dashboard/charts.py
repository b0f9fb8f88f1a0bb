"""Pure Altair chart builders: small frames in, ``alt.Chart`` out (no streamlit, no I/O).

Every chart carries tooltips and, where a click means something, a point selection named
``pick`` on the field that identifies the mark, so pages can react to the clicked mark.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping

import altair as alt
import pandas as pd

# Chinese must render in every chart, whatever fonts the viewer's machine has
CJK_FONT = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", "WenQuanYi Micro Hei", sans-serif'
)
PICK = "pick"
TYPE_ORDER = ["media", "research", "government", "company", "platform", "unknown"]
LANG_ORDER = ["zh-Hans", "zh-Hant", "en", "und"]


INT_AXIS = alt.Axis(format="d", tickMinStep=1)
UNDATED = "undated"  # the x label of the mark that stands for items without a date


def zh_number_expr(field: str) -> str:
    """A Vega expression writing ``field`` in 万/亿/万亿 (10⁴/10⁸/10¹²), as Chinese readers count:
    1e11 → “1000亿” (``dashboard.store.glossary.zh_number`` does the same in Python)."""
    v = field
    return (
        f"abs({v}) >= 1e12 ? format({v} / 1e12, '.4~g') + '万亿' : "
        f"abs({v}) >= 1e8 ? format({v} / 1e8, '.4~g') + '亿' : "
        f"abs({v}) >= 1e4 ? format({v} / 1e4, '.4~g') + '万' : format({v}, '.4~g')"
    )


STEP = alt.Step(20)  # one row per category, readable with CJK labels


TEMPLATES = 256  # distinct (chart, columns, arguments) kept; per-term titles make a few per term
_templates: OrderedDict[tuple, alt.Chart] = OrderedDict()
_templates_lock = threading.Lock()


def _templated(build: Callable[..., alt.Chart]) -> Callable[..., alt.Chart]:
    """Build each distinct chart once, on an empty frame of the same columns, then attach the data.

    Building an Altair chart (encodings resolved and validated against the schema) costs tens of
    milliseconds, paid on every rerun for every chart; the structure depends only on the columns
    and the arguments, never on the rows, so reruns copy the cached chart (a shallow copy shares
    the validated parts) and swap in this run's frame.
    """

    @functools.wraps(build)
    def wrapper(
        df: pd.DataFrame, *args: object, left_out: Mapping[str, int] | None = None, **kwargs: object
    ) -> alt.Chart:
        key = (
            build.__name__,
            tuple(df.columns),
            tuple(str(t) for t in df.dtypes),
            args,
            tuple(sorted(kwargs.items())),
        )
        with _templates_lock:
            template = _templates.get(key)
            if template is not None:
                _templates.move_to_end(key)
        if template is None:
            template = build(df.iloc[:0], *args, **kwargs)
            with _templates_lock:
                _templates[key] = template
                while len(_templates) > TEMPLATES:
                    _templates.popitem(last=False)
        chart = template.copy(deep=False)
        chart.data = df
        return declare(chart, left_out)

    return wrapper


def declare(chart: alt.Chart, left_out: Mapping[str, int] | None = None, note: str = "") -> alt.Chart:
    """Say on ``chart`` what it does not draw: ``left_out`` maps a reason (“undated articles”,
    “terms below the top 30”) to how many items of the selection it leaves out.

    The counts go in the spec's ``usermeta`` (read back by ``declared``) and, with ``note``, in the
    subtitle, so nothing in the selection is dropped without the reader being told.
    """
    # a cut that removed nothing (fewer rows than the top n) comes out zero or negative: not a loss
    dropped = {str(k): int(v) for k, v in (left_out or {}).items() if v > 0}
    lines = [note] if note else []
    if dropped:
        chart.usermeta = {"left_out": dropped}
        lines.append("Not drawn: " + "; ".join(f"{v:,} {k}" for k, v in dropped.items()))
    if lines:
        title = chart.title
        text = title if isinstance(title, str) else title.get("text", "") if isinstance(title, dict) else ""
        chart.title = {"text": text, "subtitle": lines}
    return chart


def declared(chart: alt.Chart | dict) -> dict[str, int]:
    """What a chart (or its spec) declares it leaves out of the selection, reason → count."""
    meta = chart.get("usermeta") if isinstance(chart, dict) else getattr(chart, "usermeta", None)
    return dict(meta.get("left_out", {})) if isinstance(meta, dict) else {}


def _pick(field: str) -> alt.SelectionParameter:
    return alt.selection_point(name=PICK, fields=[field], on="click", clear="dblclick")


def _style(
    chart: alt.Chart, title: str | None = None, rows: bool = False, description: str = ""
) -> alt.Chart:
    """Fonts, label width, title and the chart's accessible ``description`` (Vega-Lite sets it as
    the ARIA label a screen reader announces for the chart)."""
    if title:
        chart = chart.properties(title=title)
    chart = chart.properties(description=description or title or "Chart")
    if rows:
        chart = chart.properties(height=STEP)
    chart = chart.configure(font=CJK_FONT).configure_axis(labelLimit=240)
    if isinstance(chart, alt.HConcatChart):  # panels side by side: the legend goes below them
        chart = chart.configure_legend(orient="bottom")
    return chart


@_templated
def publisher_language_bar(df: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: articles per publisher, stacked by language (click picks a publisher)."""
    pick = _pick("publisher")
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("publisher:N", sort="-x", title="Publisher"),
            x=alt.X("sum(articles):Q", title="Articles", axis=INT_AXIS),
            color=alt.Color("language:N", sort=LANG_ORDER, title="Language"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.4)),
            tooltip=["publisher:N", "language:N", alt.Tooltip("articles:Q", title="Articles")],
        )
        .add_params(pick)
    )
    return _style(
        chart,
        "Articles by publisher and language",
        rows=True,
        description="Bar chart: number of articles per publisher, stacked by language.",
    )


def timeline_chart(df: pd.DataFrame, left_out: Mapping[str, int] | None = None) -> alt.Chart:
    """Monthly bars of articles, stacked by language; rows without a month (undated articles) are
    drawn apart as one “undated” bar beside the time axis, and the subtitle says how many."""
    undated = int(df.loc[df["month"].isna(), "articles"].sum()) if len(df) else 0
    chart = _timeline(df, undated > 0)
    note = f"{undated:,} undated articles, drawn apart as “{UNDATED}”" if undated else ""
    return declare(chart, left_out, note)


@_templated
def _timeline(df: pd.DataFrame, with_undated: bool) -> alt.Chart:
    pick = _pick("month")
    color = alt.Color("language:N", sort=LANG_ORDER, title="Language")
    tooltip = ["language:N", alt.Tooltip("articles:Q", title="Articles")]
    dated = (
        alt.Chart()
        .transform_filter("isValid(datum.month)")
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title="Publication month"),
            y=alt.Y("sum(articles):Q", title="Articles", axis=INT_AXIS),
            color=color,
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.4)),
            tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"), *tooltip],
        )
        .add_params(pick)
    )
    return _style(
        _with_undated(dated, df, "articles", color, tooltip) if with_undated else dated.properties(data=df),
        "Articles by publication month",
        description="Bar chart: number of articles per publication month, stacked by language; "
        "undated articles in a separate bar.",
    )


def _with_undated(
    dated: alt.Chart, df: pd.DataFrame, value: str, color: object, tooltip: list
) -> alt.HConcatChart:
    """``dated`` beside one bar of the rows without a month: the same data, the same y scale."""
    undated = (
        alt.Chart()
        .transform_filter("!isValid(datum.month)")
        .transform_calculate(when=f"'{UNDATED}'")
        .mark_bar()
        .encode(
            x=alt.X("when:N", title="No date"),
            y=alt.Y(f"sum({value}):Q", title=None, axis=INT_AXIS),
            tooltip=[alt.Tooltip("when:N", title="Date"), *tooltip],
            **({"color": color} if color is not None else {}),
        )
        .properties(width=alt.Step(40))
    )
    # a fixed width for the months (the page's half column holds months, the undated bar and the
    # legend below them); stretched, the months would push the undated bar out of sight
    return alt.hconcat(dated.properties(width=260), undated, data=df).resolve_scale(y="shared")


@_templated
def count_bar(df: pd.DataFrame, category: str, value: str, title: str, color: str | None = None) -> alt.Chart:
    """A generic horizontal bar chart of ``value`` per ``category`` (data-quality panel, figure kinds …)."""
    pick = _pick(category)
    enc = {
        "y": alt.Y(f"{category}:N", sort="-x", title=category.replace("_", " ").capitalize()),
        "x": alt.X(f"{value}:Q", title=value.replace("_", " ").capitalize(), axis=INT_AXIS),
        "opacity": alt.condition(pick, alt.value(1.0), alt.value(0.4)),
        "tooltip": [f"{category}:N", alt.Tooltip(f"{value}:Q")],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color.capitalize())
    return _style(
        alt.Chart(df).mark_bar().encode(**enc).add_params(pick),
        title,
        rows=True,
        description=f"Bar chart: {value.replace('_', ' ')} per {category.replace('_', ' ')} ({title}).",
    )


@_templated
def top_terms_bar(df: pd.DataFrame, metric: str = "count") -> alt.Chart:
    """Top terms by raw count or per 10,000 terms; tooltip lists the surface forms merged anywhere in the corpus."""
    label = "Occurrences" if metric == "count" else "Per 10,000 terms"
    pick = _pick("term")
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("term:N", sort="-x", title="Term"),
            x=alt.X(f"{metric}:Q", title=label),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                "term:N",
                alt.Tooltip("count:Q", title="Occurrences"),
                alt.Tooltip("per_10k:Q", title="Per 10,000"),
                alt.Tooltip("articles:Q", title="Articles"),
                alt.Tooltip("forms:N", title="Forms merged (whole corpus)"),
            ],
        )
        .add_params(pick)
    )
    return _style(
        chart,
        "Top terms (click a bar for keyword in context)",
        rows=True,
        description="Bar chart: the most frequent terms in the selected articles.",
    )


@_templated
def distinctive_bar(df: pd.DataFrame, group_a: str, group_b: str) -> alt.Chart:
    """Diverging bars of log-odds z-scores: right favours ``group_a``, left favours ``group_b``."""
    pick = _pick("term")
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("term:N", sort=alt.EncodingSortField("z", order="descending"), title="Term"),
            x=alt.X("z:Q", title=f"← {group_b}   ·   z-score   ·   {group_a} →"),
            color=alt.Color("favours:N", title="More typical of", scale=alt.Scale(domain=[group_a, group_b])),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
            tooltip=[
                "term:N",
                alt.Tooltip("z:Q", format=".2f"),
                alt.Tooltip("delta:Q", format=".3f", title="log-odds"),
                alt.Tooltip("count_a:Q", title=f"count in {group_a}"),
                alt.Tooltip("count_b:Q", title=f"count in {group_b}"),
            ],
        )
        .add_params(pick)
    )
    return _style(
        chart,
        "Distinctive terms (weighted log-odds, informative Dirichlet prior)",
        rows=True,
        description=f"Diverging bar chart: terms more typical of {group_a} (right) or {group_b} (left), by z-score.",
    )


def term_time_line(df: pd.DataFrame, term: str, left_out: Mapping[str, int] | None = None) -> alt.Chart:
    """Monthly occurrences of one term; occurrences in undated articles (rows without a month) are
    drawn apart as one “undated” bar, and the subtitle says how many."""
    # one template for every term: only the title names it (set on this run's copy)
    undated = int(df.loc[df["month"].isna(), "count"].sum()) if len(df) else 0
    chart = _term_time_line(df, undated > 0)
    chart.title = f"“{term}” over time"
    total = int(df["count"].sum()) if len(df) else 0
    note = (
        f"{undated:,} of {total:,} occurrences are in undated articles, drawn apart as “{UNDATED}”"
        if undated
        else ""
    )
    return declare(chart, left_out, note)


@_templated
def _term_time_line(df: pd.DataFrame, with_undated: bool) -> alt.Chart:
    tooltip = [alt.Tooltip("count:Q", title="Occurrences")]
    dated = (
        alt.Chart()
        .transform_filter("isValid(datum.month)")
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month):T", title="Publication month"),
            y=alt.Y("count:Q", title="Occurrences", axis=INT_AXIS),
            tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"), *tooltip],
        )
    )
    chart = _with_undated(dated, df, "count", None, tooltip) if with_undated else dated.properties(data=df)
    return _style(
        chart,
        "Term over time",
        description="Line chart: occurrences of the term per publication month; occurrences in undated "
        "articles in a separate bar.",
    )


def term_publisher_bar(df: pd.DataFrame, term: str, left_out: Mapping[str, int] | None = None) -> alt.Chart:
    """Occurrences of one term per publisher."""
    chart = _term_publisher_bar(df)  # one template for every term, as above
    chart.title = f"“{term}” by publisher"
    return declare(chart, left_out)


@_templated
def _term_publisher_bar(df: pd.DataFrame) -> alt.Chart:
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("publisher:N", sort="-x", title="Publisher"),
            x=alt.X("count:Q", title="Occurrences", axis=INT_AXIS),
            tooltip=["publisher:N", alt.Tooltip("count:Q", title="Occurrences")],
        )
    )
    return _style(
        chart, "Term by publisher", rows=True, description="Bar chart: occurrences of the term per publisher."
    )


def money_log_chart(df: pd.DataFrame, left_out: Mapping[str, int] | None = None) -> alt.Chart:
    """Each money figure as a point on a log USD axis, one row per publisher (click picks a figure)."""
    frame = df.assign(
        fig_id=df["article_id"].astype(str) + ":" + df["paragraph"].astype(str) + ":" + df["text"]
    )
    return _money_chart(frame, left_out=left_out)


@_templated
def _money_chart(frame: pd.DataFrame) -> alt.Chart:
    pick = _pick("fig_id")
    chart = (
        alt.Chart(frame)
        .transform_calculate(usd_zh=zh_number_expr("datum.value_usd") + " + ' USD'")
        .mark_circle(size=120)
        .encode(
            # axis labels in 万/亿 (100,000,000,000 → 1000亿); the exact amount is in the tooltip
            x=alt.X(
                "value_usd:Q",
                scale=alt.Scale(type="log"),
                title="Value in USD (美元, log scale; 万 = 10⁴, 亿 = 10⁸)",
                axis=alt.Axis(labelExpr=zh_number_expr("datum.value"), tickCount=6),
            ),
            y=alt.Y("publisher:N", title="Publisher"),
            color=alt.Color("unit:N", title="Currency as written"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
            tooltip=[
                alt.Tooltip("text:N", title="As written"),
                alt.Tooltip("usd_zh:N", title="USD (万/亿)"),
                alt.Tooltip("value_usd:Q", format="$,.0f", title="USD, exact"),
                "subject:N",
                "publisher:N",
                alt.Tooltip("article:N", title="Article"),
            ],
        )
        .add_params(pick)
    )
    return _style(
        chart,
        "Money figures in USD",
        description="Dot plot: each money figure cited, in US dollars on a log scale, one row per publisher.",
    )


@_templated
def cited_outlets_bar(df: pd.DataFrame, metric: str = "citations") -> alt.Chart:
    """Cited outlets ranked by citations or citing articles, coloured by type (click picks an outlet)."""
    pick = _pick("outlet")
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("outlet:N", sort="-x", title="Cited outlet"),
            x=alt.X(
                f"{metric}:Q",
                title="Citations" if metric == "citations" else "Articles citing it",
                axis=INT_AXIS,
            ),
            color=alt.Color("type:N", title="Type", scale=alt.Scale(domain=TYPE_ORDER, scheme="tableau10")),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                "outlet:N",
                "type:N",
                alt.Tooltip("citations:Q", title="Citations"),
                alt.Tooltip("articles:Q", title="Articles citing"),
            ],
        )
        .add_params(pick)
    )
    return _style(
        chart,
        "Cited outlets",
        rows=True,
        description="Bar chart: outlets the articles cite, ranked, coloured by type of outlet.",
    )


@_templated
def heatmap(df: pd.DataFrame) -> alt.Chart:
    """Publisher × cited outlet heatmap of citation counts."""
    pick = alt.selection_point(name=PICK, fields=["publisher", "outlet"], on="click", clear="dblclick")
    chart = (
        alt.Chart(df)
        .mark_rect()
        .encode(
            x=alt.X("outlet:N", title="Cited outlet", axis=alt.Axis(labelAngle=-40, labelOverlap=False)),
            y=alt.Y("publisher:N", title="Publisher"),
            color=alt.Color(
                "citations:Q",
                title="Citations",
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(format="d", tickMinStep=1),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.6)),
            tooltip=["publisher:N", "outlet:N", alt.Tooltip("citations:Q", title="Citations")],
        )
        .add_params(pick)
    )
    return _style(
        chart,
        "Who cites whom",
        description="Heat map: citations of each cited outlet (columns) by each publisher (rows).",
    )


def claims_bar(df: pd.DataFrame, left_out: Mapping[str, int] | None = None) -> alt.Chart:
    """Recurring figures: articles repeating each claim (label = value as written + subject)."""
    frame = df.assign(
        label=df["texts"].astype(str).str.slice(0, 30) + " · " + df["subject"].fillna("").astype(str)
    )
    return _claims_chart(frame, left_out=left_out)


@_templated
def _claims_chart(frame: pd.DataFrame) -> alt.Chart:
    pick = _pick("claim_id")
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title="Figure · subject"),
            x=alt.X("n_articles:Q", title="Articles repeating it", axis=INT_AXIS),
            color=alt.Color(
                "n_outlets:Q",
                title="Outlets",
                scale=alt.Scale(scheme="oranges"),
                legend=alt.Legend(format="d", tickMinStep=1),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
            tooltip=[
                "texts:N",
                "subject:N",
                alt.Tooltip("n_articles:Q", title="Articles"),
                alt.Tooltip("outlets:N", title="Outlets"),
                alt.Tooltip("first_published:T", title="First"),
                alt.Tooltip("last_published:T", title="Last"),
            ],
        )
        .add_params(pick)
    )
    return _style(
        chart,
        "Recurring figures",
        rows=True,
        description="Bar chart: figures repeated across articles, by number of articles repeating each.",
    )
