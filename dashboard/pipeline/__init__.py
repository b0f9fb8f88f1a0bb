"""The ChipWar Lens pipeline: raw articles in, analysed Parquet tables out.

A plain library plus CLI (``python -m dashboard.pipeline build``); it never imports streamlit.
"""

SCHEMA_VERSION = 2
