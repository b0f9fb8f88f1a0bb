"""Building the output: chunked, cached, parallel analysis of a corpus into Parquet tables.

``run.build`` is the entry point (``python -m dashboard.pipeline build``). ``chunks`` cuts the
corpus, ``cache`` keys and keeps what later builds reuse, ``work`` analyses a chunk, ``scheduler``
runs work on Dask, ``merge`` handles what needs every article (identical copies, ``dedupe``
near-duplicates, claims), ``segments`` assembles the row tables, ``aggregates`` pre-aggregates
them for the dashboard, ``write`` writes files and swaps the output in atomically.
"""

from __future__ import annotations

from importlib import import_module

# Loaded on first use, so that importing ``build.aggregates`` or ``build.write`` (the dashboard
# does) does not load Dask and the analysers.
_LAZY = {"build": ".run", "BuildSummary": ".run", "default_cache": ".cache"}
__all__ = ["BuildSummary", "build", "default_cache"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
