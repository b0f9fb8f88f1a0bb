"""A selection: the filters of the sidebar → the articles that pass them, with a cache key.

``select`` gives the ``Selection`` of some filters: an immutable value holding the filters, the
positions (in ``tables.articles``) of the articles that pass them, its cache key (a hash of those
positions, computed once) and their articles frame. Every page query is cached under that key
(``dashboard.queries.cache.cached_query``); ``selection_key`` keys any other articles frame.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.queries.keyword import keyword_positions
from dashboard.state import Choices, Filters
from dashboard.store import Tables


def as_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return []


def choices(tables: Tables) -> Choices:
    """The values the filters may take, taken from the data."""

    def make() -> Choices:
        arts = tables.articles
        return Choices(
            outlet=tuple(sorted(arts["publisher"].dropna().unique())),
            cited=tuple(sorted(tables.outlets["outlet"].dropna().unique())),
            topic=tuple(tables.topic_masks),
        )

    return tables.once("choices", make)


def date_bounds(tables: Tables) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Earliest and latest publication date in the corpus."""
    dates = tables.articles["published"].dropna()
    return (dates.min(), dates.max()) if len(dates) else (None, None)


def _mask(tables: Tables, f: Filters) -> np.ndarray:
    arts = tables.articles
    mask = np.ones(len(arts), dtype=bool)
    if f.lang:
        mask &= arts["language"].isin(f.lang).to_numpy()
    if f.outlet:
        mask &= arts["publisher"].isin(f.outlet).to_numpy()
    if f.topic:
        hit = np.zeros(len(arts), dtype=bool)
        for t in f.topic:
            if t in tables.topic_masks:
                hit |= tables.topic_masks[t]
        mask &= hit
    if f.cited:
        out = tables.outlets
        cited = np.zeros(len(arts), dtype=bool)
        cited[out.loc[out["outlet"].isin(f.cited), "pos"].to_numpy()] = True
        mask &= cited
    published = arts["published"]
    dated = published.notna().to_numpy()
    in_range = dated.copy()
    if f.date_from:
        in_range &= (published >= pd.Timestamp(f.date_from)).to_numpy()
    if f.date_to:
        in_range &= (published <= pd.Timestamp(f.date_to)).to_numpy()
    mask &= in_range | (~dated & f.undated)
    if f.copies != "include":
        copy = copies_mask(arts)
        mask &= copy if f.copies == "only" else ~copy
    if f.q:
        found = np.zeros(len(arts), dtype=bool)
        found[keyword_positions(tables, f.q)] = True
        mask &= found
    return mask


def copies_mask(arts: pd.DataFrame) -> np.ndarray:
    """Articles that are a converted repost or a near-duplicate of another article."""
    repost = arts["converted_repost"].fillna(False).astype(bool).to_numpy()
    near = arts["near_duplicate_of"].notna().to_numpy()
    return repost | near


@dataclass(frozen=True, eq=False)
class Selection:
    """The articles some filters select: what every page query takes and is cached under.

    Immutable: the positions are a read-only array and the key is computed once, so a query never
    hashes a selection again. ``arts`` is their rows of ``tables.articles`` (index = position),
    for the queries and pages that read more than the positions; nothing may edit it.
    """

    filters: Filters
    positions: np.ndarray
    key: str
    arts: pd.DataFrame = field(repr=False)
    frame_bytes: int = field(default=0, repr=False)  # what ``arts`` holds of its own

    @classmethod
    def of(cls, tables: Tables, f: Filters, mask: np.ndarray) -> Selection:
        """The selection of the articles where ``mask`` is true (positions in ``tables.articles``)."""
        pos = np.flatnonzero(mask).astype(np.int64)
        pos.setflags(write=False)
        # every article (the unfiltered view): the table itself, without a copy of its columns
        # (copy-on-write: an edit of the frame would copy it, never reach the table)
        every = len(pos) == len(tables.articles)
        arts = tables.articles.copy(deep=False) if every else tables.articles[mask]
        own = 0 if every else int(arts.memory_usage(index=True, deep=False).sum())
        return cls(filters=f, positions=pos, key=pos_key(pos), arts=arts, frame_bytes=own)

    def __len__(self) -> int:
        return len(self.positions)

    @property
    def nbytes(self) -> int:
        """The bytes the selection holds of its own (for the caches' budget): its positions and
        its frame's columns (strings are shared with the table; nothing when it is the table)."""
        return int(self.positions.nbytes) + self.frame_bytes

    @property
    def ids(self) -> pd.Series:
        """The article ids of the selection, in position order."""
        return self.arts["article_id"]


def select(tables: Tables, f: Filters) -> Selection:
    """The selection of the articles that pass every filter (kept for a few recent filters)."""
    # a selection holds a frame the size of the articles table at most: few are kept, masks more
    mask = tables.memo.get(("filter", f), lambda: _mask(tables, f))
    return tables.frames.get(("filter", f), lambda: Selection.of(tables, f, mask))


def filter_articles(tables: Tables, f: Filters) -> pd.DataFrame:
    """The articles rows that pass every filter (index = position in ``tables.articles``)."""
    return select(tables, f).arts


def positions(tables: Tables, ids: Iterable[str] | pd.DataFrame | Selection) -> np.ndarray:
    """Article positions of a selection (a ``Selection``, a filtered articles frame, or article ids)."""
    if isinstance(ids, Selection):
        return ids.positions
    if isinstance(ids, pd.DataFrame):
        return ids.index.to_numpy()
    got = tables.positions.get_indexer(pd.Index(list(ids)))
    return np.unique(got[got >= 0])


def pos_key(pos: np.ndarray) -> str:
    """The cache key of the articles at positions ``pos``."""
    return hashlib.blake2b(np.ascontiguousarray(pos, dtype=np.int64).tobytes(), digest_size=16).hexdigest()


def sql_selection(tables: Tables, arts: pd.DataFrame) -> tuple[str, dict]:
    """An SQL condition on ``article_id`` for the selection, and the frames to register for it."""
    if len(arts) == len(tables.articles):
        return "TRUE", {}
    return "article_id IN (SELECT article_id FROM _sel)", {
        "_sel": pa.table({"article_id": pa.array(arts["article_id"].tolist(), pa.string())})
    }


def selection_key(tables: Tables, arts: pd.DataFrame | Selection) -> str | None:
    """The cache key of a selection, else None.

    A ``Selection`` carries its key. Any other frame is checked against the articles table (its
    index must name the positions of its own article ids) and keyed by those positions, so it
    shares the answers of the ``Selection`` of the same articles.
    """
    if isinstance(arts, Selection):
        return arts.key
    pos = arts.index.to_numpy()
    ids = tables.articles["article_id"].to_numpy()
    if "article_id" not in arts or pos.dtype.kind not in "iu":
        return None
    if len(pos) and (pos.min() < 0 or pos.max() >= len(ids)):
        return None
    if not np.array_equal(ids[pos], arts["article_id"].to_numpy()):
        return None
    return pos_key(pos)
