"""The one caching API for page queries: ``@cached_query``.

A page query is a function ``(tables, arts, *args)`` of a selection. Decorated, it takes a
``Selection`` (``queries.selection.select``; the function body gets its articles frame) or a
frame of ``tables.articles`` rows, and its answer is kept per (query, selection key, arguments) in the dataset's in-memory LRU (switching pages repeats
the same selection), and the whole-corpus answer (every page's first view) also in the disk cache
for the next start. Warm-up code calls the same decorated query, so its keys always match.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from dashboard.queries.selection import Selection, selection_key
from dashboard.store import Tables
from dashboard.store.dataset import disk_cached

F = TypeVar("F", bound=Callable[..., object])


def copied(value: object) -> object:
    """Cached frames are shared: every caller gets its own copy to edit."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(copied(v) for v in value)
    return value


def cached_query(fn: F | None = None, *, disk: bool = True, known_only: bool = False) -> F | Callable[[F], F]:
    """Cache a page query per (selection, arguments); callers get a copy.

    Keyed on a ``Selection``'s own key, or for a frame on its positions when it is a subset of
    ``tables.articles`` with its positions as index; anything else is computed every time.
    ``disk``: keep the whole-corpus answer on disk too. ``known_only``: cache only a
    ``Selection`` (for answers that read more of the frame than its article ids).
    A ``figs`` argument (a frame the caller already has) bypasses the cache.
    """

    def decorate(fn: F) -> F:
        sig = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args: object, **kwargs: object) -> object:
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            given = bound.arguments
            tables, sel = given.get("tables"), given.get("arts")
            if isinstance(sel, Selection):
                given["arts"] = sel.arts  # the body reads the frame
            call = functools.partial(fn, *bound.args, **bound.kwargs)
            if not isinstance(tables, Tables) or given.get("figs") is not None:
                return call()
            if isinstance(sel, Selection):
                key = sel.key
            elif isinstance(sel, pd.DataFrame) and not known_only:
                key = selection_key(tables, sel)
            else:
                key = None
            if key is None:
                return call()
            rest = tuple((k, v) for k, v in given.items() if k not in ("tables", "arts", "figs"))

            def make() -> object:
                if not disk or len(sel) != len(tables.articles):
                    return call()
                # the whole corpus (every page's first view): kept on disk for the next start
                name = fn.__name__ + "-" + hashlib.blake2b(repr(rest).encode(), digest_size=8).hexdigest()
                return disk_cached(tables, name, call)

            return copied(tables.memo.get((fn.__name__, key, rest), make))

        return wrapper  # type: ignore[return-value]

    return decorate(fn) if fn is not None else decorate
