"""Rendering helpers every page shares: charts with their CSV download, chart selections,
escaped Markdown, links."""

from __future__ import annotations

import re
from urllib.parse import quote

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import export, state
from dashboard.charts import PICK

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&\"'])")


def vega_spec(chart: alt.TopLevelMixin) -> dict | None:
    """The Vega-Lite spec of ``chart`` without its rows, through Altair's public ``to_dict``.

    The rows go to ``st.vega_lite_chart`` separately (as Arrow, as ``st.altair_chart`` sends
    them). Not validated against the Vega-Lite schema here: that check costs more than the
    conversion, and every builder's spec is validated by the chart tests. Altair's default theme
    (a 300 px continuous view) is left out, as Streamlit leaves it out. None when the chart's rows
    are not one frame at its top level (Streamlit then converts the chart itself).
    """
    if not isinstance(chart.data, pd.DataFrame):
        return None
    bare = chart.copy(deep=False)
    bare.data = chart.data.iloc[:0]
    spec = bare.to_dict(validate=False)
    datasets = spec.pop("datasets", None)
    data = spec.pop("data", None)
    if (
        not isinstance(data, dict)
        or list(data) != ["name"]
        or not isinstance(datasets, dict)
        or len(datasets) != 1
    ):
        return None
    if alt.theme.active == "default":
        _drop_defaults(spec, alt.theme.get()())
    return spec


def _drop_defaults(spec: dict, theme: dict) -> None:
    """Remove from ``spec`` the values the default theme put there (equal value, same place; no
    builder sets one of them itself)."""
    for key, value in theme.items():
        if key not in spec:
            continue
        if isinstance(value, dict) and isinstance(spec[key], dict):
            _drop_defaults(spec[key], value)
            if not spec[key]:
                del spec[key]
        elif spec[key] == value:
            del spec[key]


def show_chart(
    chart: alt.Chart, frame: pd.DataFrame, name: str, on_select=None, empty: str = "Nothing to draw."
):
    """Draw ``chart`` with downloads (CSV of exactly ``frame``, PNG, SVG) in a popover below it;
    returns the selection state if any."""
    if frame is None or frame.empty:
        st.info(empty, icon=":material/filter_alt_off:")
        return None
    params = chart.params if isinstance(chart.params, list) else []
    select = {}
    if any(getattr(p, "name", None) == PICK for p in params):
        select = {"on_select": on_select or "rerun", "selection_mode": PICK}
    spec = vega_spec(chart)
    # a chart of panels side by side (dated months beside the undated bar) keeps its own width:
    # stretched, its first panel takes the container's width and pushes the others out of sight
    width = "content" if isinstance(chart, alt.HConcatChart | alt.ConcatChart) else "stretch"
    if spec is not None:
        result = st.vega_lite_chart(chart.data, spec, key=f"chart_{name}", width=width, **select)
    else:
        result = st.altair_chart(chart, key=f"chart_{name}", width=width, **select)
    # the three downloads in one popover: its buttons are drawn only when it is opened, so a new
    # tab lays out one button per chart before the first chart, not three
    with st.popover(
        "Download", icon=":material/download:", help="This chart's rows as CSV, or the chart as PNG or SVG"
    ):
        table_download(frame, name)
        chart_downloads(chart, name)
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


def chart_downloads(chart: alt.TopLevelMixin, name: str) -> None:
    """PNG and SVG downloads of ``chart`` (rendered only when clicked)."""
    if not hasattr(chart, "to_dict"):
        return
    st.download_button(
        "⬇ PNG",
        lambda: export.chart_png(chart),
        file_name=f"{name}.png",
        mime="image/png",
        key=f"png_{name}",
        on_click="ignore",
        help="This chart as a PNG image",
    )
    st.download_button(
        "⬇ SVG",
        lambda: export.chart_svg(chart),
        file_name=f"{name}.svg",
        mime="image/svg+xml",
        key=f"svg_{name}",
        on_click="ignore",
        help="This chart as an SVG image (scales without blur)",
    )


MISSING = "—"  # shown for a missing text or date in a table (never "None", "nan" or "NaT")


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for display: missing text and dates become "—", dates become YYYY-MM-DD.

    Only what the table shows; CSV downloads keep the data as it is. Numbers are left numeric
    (sortable, formatted by their column).
    """
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = [MISSING if pd.isna(v) else v.date().isoformat() for v in series]
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = [MISSING if _missing(v) else v for v in series]
    return out


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str) or not hasattr(value, "__len__"):  # scalars; lists/arrays are values
        return bool(pd.isna(value)) or value in ("", "nan", "NaT", "None")
    return False


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


def reader_link(article_id: str, label: str = "read in the app") -> str:
    """A markdown link to this article in the Articles reader (ids are hex, safe in a URL)."""
    return f"[{md_escape(label)}](articles?article={quote(str(article_id))})"
