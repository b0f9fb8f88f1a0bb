"""Downloads: a chart as PNG, SVG or CSV, and a corpus's tables as one zip of Parquet plus CSV.

Charts are rendered on the server with vl-convert (the Vega-Lite renderer compiled into a wheel,
no browser or Node needed), from the same spec the page draws, so the image is the chart on screen.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import altair as alt
import pandas as pd
import pyarrow.parquet as pq

CSV_ENCODING = "utf-8-sig"  # with a BOM, so spreadsheet programs read the Chinese


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's full Vega-Lite spec, its data inline (however many rows)."""
    with alt.data_transformers.disable_max_rows():
        return chart.to_dict()


def chart_svg(chart: alt.TopLevelMixin) -> bytes:
    """The chart as an SVG image."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart_spec(chart)).encode("utf-8")


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (``scale`` 2: sharp on high-density screens and in print)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(chart_spec(chart), scale=scale)


def chart_csv(chart: alt.TopLevelMixin) -> bytes:
    """The rows the chart draws, as CSV."""
    data = chart.data if isinstance(getattr(chart, "data", None), pd.DataFrame) else pd.DataFrame()
    return data.to_csv(index=False).encode(CSV_ENCODING)


def _table_files(folder: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for path in sorted(Path(folder).glob("*.parquet")):
        parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        if parts:
            out[path.stem] = parts
    return out


def tables_zip(folder: Path) -> bytes:
    """Every table of the corpus in ``folder`` as ``<name>.parquet`` and ``<name>.csv``, plus its
    ``meta.json`` and ``summary.json``, in one zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, parts in _table_files(folder).items():
            table = (
                pq.ParquetDataset([str(p) for p in parts]).read()
                if len(parts) > 1
                else pq.read_table(parts[0])
            )
            pbuf = io.BytesIO()
            pq.write_table(table, pbuf)
            zf.writestr(f"{name}.parquet", pbuf.getvalue())
            frame = table.to_pandas()
            for col in frame.columns:  # list columns as JSON-like text, readable in a spreadsheet
                if frame[col].map(lambda v: hasattr(v, "tolist")).any():
                    frame[col] = frame[col].map(lambda v: list(v.tolist()) if hasattr(v, "tolist") else v)
            zf.writestr(f"{name}.csv", frame.to_csv(index=False).encode(CSV_ENCODING))
        for extra in ("meta.json", "summary.json"):
            if (Path(folder) / extra).is_file():
                zf.write(Path(folder) / extra, extra)
    return buf.getvalue()
