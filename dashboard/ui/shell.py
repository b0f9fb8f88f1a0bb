"""The app's shell: loading the dataset, the sidebar filters every page shares, the share link.

The sidebar widgets are bound to the URL (``bind="query-params"``), so a pasted link reproduces
the view and switching pages keeps the filters. Raw parameters are validated first with the pure
``dashboard.state`` parser so anything dropped is reported to the reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from dashboard import queries, state, store
from dashboard.queries import selection
from dashboard.queries.terms import resolve_term
from dashboard.store import glossary
from dashboard.ui.render import plain

# page-level URL keys (validated by their own widgets); known so they are not reported as unknown
PAGE_KEYS: tuple[str, ...] = (
    "term",
    "per",
    "dim",
    "a",
    "b",
    "rank",
    "article",
    "kind",
    "types",  # Sources: the cited-outlet types shown
    "sentences",  # Sources: the cited outlet whose sentences are listed
    "figure",  # Figures: the figure read in its paragraph (article:paragraph:text)
    "corpus",  # an uploaded corpus (its own sidebar box, dashboard/ui/corpus.py)
)
WIDE_MIN, WIDE_MAX = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


@dataclass
class Context:
    """What every page needs: the tables, the active filters and the articles that pass them.

    Pages hand ``sel`` to the page queries (cached under its key); ``arts`` is its articles frame
    for what reads the rows themselves.
    """

    tables: store.Tables
    filters: state.Filters
    sel: selection.Selection
    choices: state.Choices

    @property
    def arts(self) -> pd.DataFrame:
        return self.sel.arts


@st.cache_resource(show_spinner="Loading tables…", max_entries=4)
def _load(folder: str, stamp: float, cache_root: str | None = None) -> store.Tables:
    # cache_resource: one DuckDB connection and one read-only copy of the small tables per
    # process, shared by every session (each query takes its own cursor); the stamp reloads
    # after a rebuild; max_entries holds the default corpus and a few uploaded ones
    return queries.open_dataset(Path(folder), cache_root=Path(cache_root) if cache_root else None)


def load(folder: Path | None = None, cache_root: Path | None = None) -> store.Tables | None:
    """The tables in ``folder`` (default: the processed data, ``$CHIPWAR_DATA``), their derived
    data cached under ``cache_root`` (default ``$CHIPWAR_CACHE``), or None after showing how to
    rebuild them."""
    folder = folder if folder is not None else store.data_dir()
    problem = store.check_data(folder)
    if problem:
        st.title("ChipWar Lens")
        st.error(problem, icon=":material/build:")
        return None
    try:
        return _load(str(folder), store.data_stamp(folder), str(cache_root) if cache_root else None)
    except Exception as exc:  # a half-written or corrupt table must not show a traceback
        st.error(
            f"Could not read the tables in `{folder}` ({type(exc).__name__}). "
            f"Rebuild them with `{store.REBUILD}`.",
            icon=":material/build:",
        )
        return None


def _raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _choices(tables: store.Tables) -> state.Choices:
    choices = selection.choices(tables)
    return state.Choices(
        outlet=choices.outlet, cited=choices.cited, topic=choices.topic, extra=dict.fromkeys(PAGE_KEYS)
    )


def _filters(
    lang: Any, outlet: Any, cited: Any, topic: Any, d_from: Any, d_to: Any, undated: Any, q: Any, copies: Any
) -> tuple[state.Filters, list[str]]:
    """Filter values, as widgets return them, into ``Filters`` (plus the reversed-range notice).

    The one conversion for both sources of the values: the sidebar's widgets, and (before they are
    drawn) the link on a session's first run or the widgets' state from the run before.
    """
    notices: list[str] = []
    d_from = d_from if isinstance(d_from, dt.date) else None
    d_to = d_to if isinstance(d_to, dt.date) else None
    if d_from and d_to and d_from > d_to:
        notices.append(state.REVERSED_RANGE)
        d_to = None
    filters = state.Filters(
        lang=tuple(lang or ()),
        outlet=tuple(outlet or ()),
        cited=tuple(cited or ()),
        topic=tuple(topic or ()),
        date_from=d_from,
        date_to=d_to,
        undated=bool(undated),
        q=state.clean_query(q or ""),
        copies=copies if copies in state.COPIES else "include",
    )
    return filters, notices


def page_context(tables: store.Tables) -> Context:
    """The page's context before the sidebar is drawn: the filters its widgets will hold.

    Each value is the widget's state from the run before, or on a session's first run (no widget
    yet) the link's value as ``dashboard.state`` parses it. The page can then draw its first chart
    before the sidebar's widgets (a new tab's browser loads and lays them out meanwhile);
    ``filter_sidebar`` draws them afterwards and checks that they hold the same values. Notices
    about the link are shown here, at the top of the page.
    """
    choices = _choices(tables)
    link, notices = state.parse_params(_raw_params(), choices)
    # notices of a run that was redone because the widgets read the link differently
    notices = [*st.session_state.pop("_carried_notices", []), *notices]
    ss = st.session_state

    def now(key: str, from_link: object) -> object:
        return ss[key] if key in ss else from_link

    filters, more = _filters(
        now("lang", link.lang),
        now("outlet", link.outlet),
        now("cited", link.cited),
        ss["topic"] if "_topic_synced" in ss else link.topic,
        now("from", link.date_from),
        now("to", link.date_to),
        now("undated", link.undated),
        now("q", link.q),
        now("copies", link.copies),
    )
    for note in dict.fromkeys([*notices, *more]):
        # notices quote values from the link: shown literally, so a shared link cannot inject markdown
        st.warning(plain(note), icon=":material/warning:")
    ss["_shown_notices"] = notices
    return Context(tables=tables, filters=filters, sel=selection.select(tables, filters), choices=choices)


def sidebar(tables: store.Tables) -> Context:
    """Render the shared filters (bound to the URL) and return the page context."""
    ctx = page_context(tables)
    filter_sidebar(ctx)
    return ctx


def filter_sidebar(ctx: Context, slot: Any = None, check: bool = True) -> None:
    """Draw the shared filters (bound to the URL) in ``slot`` (default: the sidebar).

    If the widgets hold other values than ``ctx`` was computed with (a link value the widgets read
    differently from ``dashboard.state``), the run is redone once with the widgets' values, so the
    page never shows a selection its sidebar does not (``check``: False after a failed run).
    """
    tables, choices = ctx.tables, ctx.choices
    lo, hi = selection.date_bounds(tables)
    with slot if slot is not None else st.sidebar:
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
        topic = _topic_picker(choices.topic)
        help_dates = (
            f"Corpus dates: {lo:%Y-%m-%d} to {hi:%Y-%m-%d}." if lo is not None else "No dated articles."
        )
        # one box per row: two side by side are too narrow for a typed date at 1280 px. A typed date
        # is sent when the box loses focus or on Esc (Streamlit 1.67's date field has no per-key
        # update, no on-Enter option, and Enter only opens its calendar on the typed day)
        d_from = st.date_input(
            "From",
            value=None,
            key="from",
            bind="query-params",
            min_value=WIDE_MIN,
            max_value=WIDE_MAX,
            help=help_dates + " Type a date and press Esc (or click elsewhere), or pick it in the calendar.",
            format="YYYY-MM-DD",
        )
        d_to = st.date_input(
            "To",
            value=None,
            key="to",
            bind="query-params",
            min_value=WIDE_MIN,
            max_value=WIDE_MAX,
            format="YYYY-MM-DD",
        )
        undated = st.toggle("Include undated articles", value=True, key="undated", bind="query-params")
        copies = _copies_control()
        q = st.text_input(
            "Keyword (any script)", key="q", bind="query-params", placeholder="e.g. 輝達 or 芯片"
        )
        _keyword_note(tables, q)
    filters, _ = _filters(lang, outlet, cited, topic, d_from, d_to, undated, q, copies)
    if check and filters != ctx.filters and not st.session_state.pop("_filters_redone", False):
        st.session_state["_filters_redone"] = True
        st.session_state["_carried_notices"] = st.session_state.get("_shown_notices", [])
        st.rerun()
    st.session_state.pop("_filters_redone", None)


def _topic_picker(topics: tuple[str, ...]) -> list[str]:
    """Topics by their labels (data/lexicon/topics.toml), their ids in the URL (``?topic=``).

    Kept in the URL by hand: a URL-bound widget would put the label, not the id, in the link. The
    link sets the widget on a session's first run; after that the widget writes the link.
    """
    if "_topic_synced" not in st.session_state:
        st.session_state["topic"] = [t for t in st.query_params.get_all("topic") if t in topics]
        st.session_state["_topic_synced"] = True
    picked = st.multiselect("Topic", topics, key="topic", format_func=_topic_label, placeholder="Any")
    if picked:
        st.query_params["topic"] = list(picked)
    elif "topic" in st.query_params:
        del st.query_params["topic"]
    return list(picked)


def url_selectbox(
    label: str,
    options: list[str],
    key: str,
    *,
    format_func: Callable[[str], str] = str,
    default: int | None = 0,
    container: Any = None,
    **kwargs: Any,
) -> str | None:
    """A selectbox showing each option's label while ``?key=`` holds the option's id.

    Kept in the URL by hand (as the topic and article pickers): a URL-bound widget would write the
    formatted label, not the id, into the link. The link picks the option on every run (so a shared
    link opens on it and keeps it); a default choice made in the page (``default``: a position, or
    None for no choice) is left out of the link, as a bound widget does.
    """
    raw = st.query_params.get(key)
    index = options.index(raw) if raw in options else default
    value = (container or st).selectbox(
        label, options, index=index, key=key, format_func=format_func, **kwargs
    )
    fallback = options[default] if default is not None and options else None
    if value is not None and (value != fallback or raw in options):
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]
    return value


def _topic_label(topic: str) -> str:
    return glossary.bilingual("topics", topic)


def _keyword_note(tables: store.Tables, q: str | None) -> None:
    """Say which term the keyword also finds (the term the pipeline merges it into), if any."""
    if q and q.strip():
        resolved = resolve_term(tables, state.clean_query(q))
        if resolved.in_corpus and resolved.note:
            st.caption(f"Also finds the term {plain(resolved.note)} (any form of it, any script)")


def _copies_control() -> str:
    """Reposts and near-duplicates: include (default), exclude or only (bound to ``?copies=``)."""
    copies = st.segmented_control(
        "Reposts and near-duplicates",
        state.COPIES,
        default="include",
        key="copies",
        bind="query-params",
        help="Converted reposts (traditional script in mainland wording) and near-duplicates of "
        "another article: count them, leave them out, or look at them alone.",
    )
    return copies if copies in state.COPIES else "include"


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


def share_link() -> None:
    """A 'link to this view' box: the page address plus every URL-bound value of this run."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    query = urlencode({k: v for k, v in params.items() if v}, doseq=True)
    try:
        parts = urlsplit(st.context.url or "")
        base = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", "")) if parts.netloc else ""
    except Exception:  # no browser context (tests): a relative link still carries the view
        base = ""
    # in a popover: its content is drawn only when opened, so a new tab does not load the code
    # block's syntax highlighter (1.5 MB of script) before the first chart
    with st.sidebar, st.popover("Link to this view", icon=":material/link:", width="stretch"):
        st.caption("Copy it with the button on the right (the address bar holds the same link)")
        st.code(base + ("?" + query if query else ""), language=None, wrap_lines=True)
