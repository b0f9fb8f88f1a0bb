"""The ChipWar Lens pipeline: raw articles in, analysed Parquet tables out.

A plain library plus CLI (``python -m dashboard.pipeline build``); it never imports streamlit.
"""

from .schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION"]
