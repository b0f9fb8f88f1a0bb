"""The query layer: a selection of articles (``selection.py``, keyword search in ``keyword.py``),
the one caching API for page queries (``cache.py``: ``@cached_query``), and one module per page
(``overview``, ``terms``, ``figures``, ``sources``, ``articles``).

``open_dataset`` opens a dataset (``dashboard.store``) and has the first pages' slowest answers
prepared in the background through the same cached queries the pages call.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard import store
from dashboard.queries import keyword
from dashboard.queries.figures import recurring_claims
from dashboard.queries.selection import select
from dashboard.state import Filters
from dashboard.store import Tables, labels


def warm(tables: Tables) -> None:
    """Prepare what the first pages ask first: what a keyword search loads on first use, the
    unfiltered recurring-claims tracker (the slowest default view), through the page's own cached
    query, and the articles' display headlines."""
    keyword.lower_titles(tables)
    recurring_claims(tables, select(tables, Filters()), 1)
    keyword.prepare(tables)
    labels.headlines(tables)  # what the term in context and the article lists name articles by


def open_dataset(
    folder: Path,
    con: duckdb.DuckDBPyConnection | None = None,
    *,
    cache_root: Path | None = None,
    background: bool = True,
) -> Tables:
    """Open the dataset in any ``folder`` for the pages (see ``dashboard.store.open_dataset``)."""
    return store.open_dataset(folder, con, cache_root=cache_root, background=background, warm=warm)
