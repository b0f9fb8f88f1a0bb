"""Shared Streamlit UI for every page: data loading, sidebar filters, chart + CSV rendering.

The sidebar widgets are bound to the URL (``bind="query-params"``), so a pasted link reproduces
the view and switching pages keeps the filters. Raw parameters are validated first with the pure
``dashboard.state`` parser so anything dropped is reported to the reader.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, state
from dashboard.charts import PICK
from dashboard.views import _corpus

# page-level URL keys (validated by their own widgets); known so they are not reported as unknown
PAGE_KEYS: tuple[str, ...] = ("term", "per", "dim", "a", "b", "rank", "article", "kind", "corpus")
WIDE_MIN, WIDE_MAX = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&\"'])")


@dataclass
class Context:
    """What every page needs: the tables, the active filters and the articles that pass them."""

    tables: data.Tables
    filters: state.Filters
    arts: pd.DataFrame
    choices: state.Choices


@st.cache_resource(show_spinner="Loading tables…", max_entries=4)
def _load(folder: str, stamp: float) -> data.Tables:
    # cache_resource: one DuckDB connection and one read-only copy of the small tables per
    # process, shared by every session (each query takes its own cursor); the stamp reloads
    # after a rebuild and max_entries drops the previous dataset
    return data.load_tables(Path(folder))


def load(folder: Path | None = None) -> data.Tables | None:
    """The processed tables of ``folder`` (default: the default corpus), or None after showing how to rebuild them."""
    folder = folder or data.data_dir()
    problem = data.check_data(folder)
    if problem:
        st.title("ChipWar Lens")
        st.error(problem, icon=":material/build:")
        return None
    try:
        return _load(str(folder), data.data_stamp(folder))
    except Exception as exc:  # a half-written or corrupt table must not show a traceback
        st.error(
            f"Could not read the tables in `{folder}` ({type(exc).__name__}). "
            f"Rebuild them with `{data.REBUILD}`.",
            icon=":material/build:",
        )
        return None


def _raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def sidebar(tables: data.Tables) -> Context:
    """Render the shared filters (bound to the URL) and return the page context."""
    choices = data.choices(tables)
    choices = state.Choices(
        outlet=choices.outlet, cited=choices.cited, topic=choices.topic, extra=dict.fromkeys(PAGE_KEYS)
    )
    _, notices = state.parse_params(_raw_params(), choices)
    lo, hi = data.date_bounds(tables)
    with st.sidebar:
        st.header("Filters")
        lang = st.multiselect(
            "Language / script",
            state.LANGUAGES,
            key="lang",
            bind="query-params",
            placeholder="All",
            help="zh-Hans: simplified · zh-Hant: traditional · en: English",
        )
        outlet = st.multiselect(
            "Publisher", choices.outlet, key="outlet", bind="query-params", placeholder="All"
        )
        cited = st.multiselect(
            "Cited outlet", choices.cited, key="cited", bind="query-params", placeholder="Any"
        )
        topic = st.multiselect("Topic", choices.topic, key="topic", bind="query-params", placeholder="Any")
        help_dates = (
            f"Corpus dates: {lo:%Y-%m-%d} to {hi:%Y-%m-%d}." if lo is not None else "No dated articles."
        )
        c1, c2 = st.columns(2)
        d_from = c1.date_input(
            "From",
            value=None,
            key="from",
            bind="query-params",
            min_value=WIDE_MIN,
            max_value=WIDE_MAX,
            help=help_dates,
            format="YYYY-MM-DD",
        )
        d_to = c2.date_input(
            "To",
            value=None,
            key="to",
            bind="query-params",
            min_value=WIDE_MIN,
            max_value=WIDE_MAX,
            format="YYYY-MM-DD",
        )
        undated = st.toggle("Include undated articles", value=True, key="undated", bind="query-params")
        q = st.text_input(
            "Keyword (any script)", key="q", bind="query-params", placeholder="e.g. 輝達 or 芯片"
        )
    if isinstance(d_from, dt.date) and isinstance(d_to, dt.date) and d_from > d_to:
        notices.append("The 'To' date is before the 'From' date, so it is ignored.")
        d_to = None
    filters = state.Filters(
        lang=tuple(lang),
        outlet=tuple(outlet),
        cited=tuple(cited),
        topic=tuple(topic),
        date_from=d_from if isinstance(d_from, dt.date) else None,
        date_to=d_to if isinstance(d_to, dt.date) else None,
        undated=bool(undated),
        q=state.clean_query(q or ""),
    )
    for note in dict.fromkeys(notices):
        # notices quote values from the link: shown literally, so a shared link cannot inject markdown
        st.warning(plain(note), icon=":material/warning:")
    return Context(
        tables=tables, filters=filters, arts=data.filter_articles(tables, filters), choices=choices
    )


def context() -> Context:
    """The context computed by the entry point for this run (built here if a page runs on its own)."""
    if "_ctx" not in st.session_state:  # only when a page file is run directly
        tables = load()
        if tables is None:
            st.stop()
        st.session_state["_ctx"] = sidebar(tables)
    return st.session_state["_ctx"]


def check_param(key: str, options: list[str] | tuple[str, ...]) -> None:
    """Warn when the URL holds a page-level value the page cannot show (the widget drops it)."""
    raw = st.query_params.get(key)
    if raw and raw not in options:
        st.warning(
            f"Ignored unknown {key} value “{plain(raw[:40])}” from the link.", icon=":material/warning:"
        )


def empty_state(ctx: Context, what: str = "articles") -> bool:
    """Show a friendly message and return True when the filters leave nothing to show."""
    if len(ctx.arts):
        return False
    st.info(
        f"No {what} match these filters. Widen the date range, include undated articles, "
        "or clear a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    return True


SPECS = 256  # converted chart specs kept (one per chart template in use)
_specs: OrderedDict[tuple, tuple[tuple, dict]] = OrderedDict()
_specs_lock = threading.Lock()


def _vega_spec(chart: alt.Chart) -> dict | None:
    """The Vega-Lite spec of ``chart`` without its data, converted once per chart structure.

    ``charts`` hands out shallow copies of cached chart templates, so the parts other than the
    data are the very same objects from run to run: their identities key the converted spec (the
    entry holds them, so an id cannot be reused while it is cached). Converting validates the
    whole spec against the Vega-Lite schema, which costs more than computing most charts' data.
    None when the spec cannot be derived this way (Streamlit then converts the chart itself).
    """
    kwds = getattr(chart, "_kwds", None)
    if not isinstance(kwds, dict):
        return None
    # a plain-text title is set on the converted spec, so charts differing only in it share one
    title = kwds.get("title")
    titled = isinstance(title, str)
    skip = ("data", "title") if titled else ("data",)
    parts = tuple(sorted((k, v) for k, v in kwds.items() if k not in skip and v is not alt.Undefined))
    key = (type(chart), *((k, id(v)) for k, v in parts))
    with _specs_lock:
        hit = _specs.get(key)
        if hit is not None:
            _specs.move_to_end(key)
            return _with_title(copy.deepcopy(hit[1]), title if titled else None)
    try:  # Streamlit's own conversion (theme, dataset handling), as st.altair_chart would do
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    except ImportError:
        return None
    bare = chart.copy(deep=False)
    bare.data = chart.data.iloc[:0]  # the rows are handed to Streamlit separately
    spec = _convert_altair_to_vega_lite_spec(bare)
    # the frame becomes one named dataset that the top-level data refers to: drop both
    name = spec.get("data", {}).get("name") if isinstance(spec.get("data"), dict) else None
    datasets = spec.get("datasets")
    if name is None or not isinstance(datasets, dict) or list(datasets) != [name] or len(spec["data"]) != 1:
        return None
    del spec["data"], spec["datasets"]
    if titled and spec.get("title") != title:
        return None  # the title is not where it is set back: let Streamlit convert this chart
    with _specs_lock:
        _specs[key] = (parts, spec)
        while len(_specs) > SPECS:
            _specs.popitem(last=False)
    return copy.deepcopy(spec)


def _with_title(spec: dict, title: str | None) -> dict:
    if title is not None:
        spec["title"] = title
    return spec


def show_chart(
    chart: alt.Chart, frame: pd.DataFrame, name: str, on_select=None, empty: str = "Nothing to draw."
):
    """Draw ``chart`` with a CSV download of exactly ``frame``; returns the selection state if any."""
    if frame is None or frame.empty:
        st.info(empty, icon=":material/filter_alt_off:")
        return None
    params = chart.params if isinstance(chart.params, list) else []
    select = {}
    if any(getattr(p, "name", None) == PICK for p in params):
        select = {"on_select": on_select or "rerun", "selection_mode": PICK}
    spec = _vega_spec(chart) if isinstance(chart.data, pd.DataFrame) else None
    if spec is not None:
        result = st.vega_lite_chart(chart.data, spec, key=f"chart_{name}", width="stretch", **select)
    else:
        result = st.altair_chart(chart, key=f"chart_{name}", width="stretch", **select)
    with st.container(horizontal=True):
        table_download(frame, name)
        _corpus.chart_downloads(chart, name)
    return result


def picked(result, field: str) -> object | None:
    """The clicked value of ``field`` in a chart's selection, if any."""
    try:
        sel = result.selection.get(PICK) if result is not None else None
    except AttributeError:
        return None
    if isinstance(sel, list) and sel:
        return sel[0].get(field)
    if isinstance(sel, dict):
        vals = sel.get(field)
        return vals[0] if isinstance(vals, list) and vals else vals
    return None


def table_download(frame: pd.DataFrame, name: str) -> None:
    """A CSV download of ``frame`` (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    st.download_button(
        "⬇ CSV",
        # a callable: the CSV is only made when someone clicks, not on every rerun
        lambda: frame.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"dl_{name}",
        on_click="ignore",
        help="Exactly the rows shown here, as CSV",
    )


def share_link() -> None:
    """A 'copy link to this view' box: the page address plus every URL-bound value of this run."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    query = urlencode({k: v for k, v in params.items() if v}, doseq=True)
    try:
        parts = urlsplit(st.context.url or "")
        base = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", "")) if parts.netloc else ""
    except Exception:  # no browser context (tests): a relative link still carries the view
        base = ""
    with st.sidebar:
        st.caption("Copy link to this view (the address bar holds the same link)")
        st.code(base + ("?" + query if query else ""), language=None, wrap_lines=True)


def md_escape(text: str) -> str:
    """Escape corpus text for st.markdown so it is shown literally (never interpreted)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


# Markdown turns bare addresses into links even in escaped text: an invisible word joiner after the
# scheme, inside "www." and before "@" stops that for text a stranger put in a shared link.
_AUTOLINK = re.compile(r"(?i)(https?:|www(?=\.)|(?=@))")


def plain(text: str) -> str:
    """Escape text from a link (untrusted) for st.markdown: literal, and no bare address becomes a link."""
    return md_escape(_AUTOLINK.sub("\\1\u2060", text))


def link(label: str, url: object) -> str:
    """A markdown link when ``url`` is http(s), else the escaped label alone."""
    safe = state.safe_url(url)
    if not safe:
        return md_escape(label)
    return f"[{md_escape(label)}]({safe.replace(')', '%29').replace('(', '%28').replace(' ', '%20')})"


_MARK_STYLE = {
    "figure": ":blue-background[{}]",
    "citation": ":orange-background[{}]",
    "damaged": ":red-background[{}]",
}


def render_marked(pieces: list[tuple[str, str | None]]) -> str:
    """Markdown for ``data.mark_spans`` pieces: escaped text with coloured highlights."""
    out = []
    for text, mark in pieces:
        esc = md_escape(text)
        if mark == "damaged":
            esc = "⚠" + esc
        out.append(_MARK_STYLE[mark].format(esc) if mark in _MARK_STYLE and esc.strip() else esc)
    return "".join(out)


def reader_link(article_id: str, label: str = "read in the app") -> str:
    """A markdown link to this article in the Articles reader (ids are hex, safe in a URL)."""
    return f"[{md_escape(label)}](articles?article={quote(str(article_id))})"
