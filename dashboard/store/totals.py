"""Term totals per group of articles (language, publisher, date, topic), built in the background.

A selection that is a union of whole groups of one partition (a language filter, a publisher
filter, a date range) or one whole topic is answered by adding rows of these instead of a pass
over the term index. Kept in the disk cache beside the term index.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.store import cache, termindex
from dashboard.store.view import DatasetView

log = logging.getLogger(__name__)


def selected(tables: DatasetView, pos: np.ndarray) -> np.ndarray:
    """A boolean mask over the articles, True at ``pos``."""
    sel = np.zeros(len(tables.articles), dtype=bool)
    sel[pos] = True
    return sel


# Partitions of the articles whose per-group term totals are kept (built in the background):
# a selection that is a union of whole groups of one partition (a language filter, a publisher
# filter, a date range) is answered by adding group rows instead of passing over the index. Days
# are too many groups for a large vocabulary; months answer a date range from a month's first
# day to a month's last (2 years × 11,440 terms at 10⁵ articles).
PARTITIONS: tuple[str, ...] = ("language", "publisher", "published", "month")
MAX_GROUP_CELLS = 4_000_000  # groups × vocabulary per partition (int64 ×2 → ≤64 MB)


@dataclass
class GroupTotals:
    """Per-group term totals of one partition of the articles."""

    group: np.ndarray  # int32 group of each article position
    size: np.ndarray  # articles per group
    occ: np.ndarray  # groups × vocabulary occurrences
    arts: np.ndarray  # groups × vocabulary articles


def group_totals(tables: DatasetView) -> dict[str, GroupTotals]:
    """Term totals per language, publisher and publication date (missing values are a group)."""
    idx = tables.index
    n = len(idx.vocab)
    out: dict[str, GroupTotals] = {}
    for col in PARTITIONS:
        codes, uniques = pd.factorize(tables.articles[col], use_na_sentinel=False)
        groups = len(uniques)
        if groups * n > MAX_GROUP_CELLS or groups < 2:
            continue
        codes = codes.astype(np.int64)
        occ = np.zeros(groups * n, dtype=np.int64)
        arts = np.zeros(groups * n, dtype=np.int64)
        step = 2_000_000  # rows at a time: bounded temporaries
        for lo in range(0, len(idx.aid), step):
            key = codes[idx.aid[lo : lo + step]] * n + idx.tid[lo : lo + step]
            occ += np.bincount(key, weights=idx.count[lo : lo + step], minlength=groups * n).astype(np.int64)
            arts += np.bincount(key, minlength=groups * n)
        out[col] = GroupTotals(
            codes.astype(np.int32),
            np.bincount(codes, minlength=groups),
            occ.reshape(groups, n),
            arts.reshape(groups, n),
        )
    return out


@dataclass
class TopicTotals:
    """Term totals of the articles of one topic (topics overlap, so they are not a partition)."""

    mask: np.ndarray  # bool per article position
    size: int
    occ: np.ndarray  # per vocabulary term
    arts: np.ndarray


# article rows summed at a time: bounded temporaries (≈ 185 index rows per article at 10⁵)
SUM_BLOCK = 16_384


def sums(tables: DatasetView, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, articles) per vocabulary term over the articles at positions ``pos``.

    The selected articles' rows are copied out of the index's sparse matrix a block at a time (in
    C, one contiguous run per article) and counted: about half the time of gathering them through
    a list of row numbers at 10⁵ articles.
    """
    idx = tables.index
    n = len(idx.vocab)
    occ = np.zeros(n, dtype=np.int64)
    arts = np.zeros(n, dtype=np.int64)
    matrix = idx.by_article()
    if matrix is not None:
        csr, row_of = matrix
        rows = row_of[pos]
        rows = rows[rows >= 0]
        for lo in range(0, len(rows), SUM_BLOCK):
            block = csr[rows[lo : lo + SUM_BLOCK]]
            # scipy's column sum adds the integer counts in C (a weighted bincount converts them
            # to floats first: ≈ 1.5× the time)
            occ += np.asarray(block.sum(axis=0), dtype=np.int64).reshape(-1)
            arts += np.bincount(block.indices, minlength=n)
        return occ, arts
    keep = selected(tables, pos)[idx.aid]  # no runs (an unusual layout): a pass over every row
    tid, cnt = idx.tid[keep], idx.count[keep]
    return (
        np.bincount(tid, weights=cnt, minlength=n).astype(np.int64),
        np.bincount(tid, minlength=n).astype(np.int64),
    )


def partition_codes(tables: DatasetView, column: str) -> tuple[np.ndarray, int]:
    """The group (an int32 code, missing values a group of their own) of each article position by
    ``column``, and the number of groups: the codes ``group_totals`` uses. Made once per dataset."""

    def make() -> tuple[np.ndarray, int]:
        codes, uniques = pd.factorize(tables.articles[column], use_na_sentinel=False)
        return codes.astype(np.int32), len(uniques)

    return tables.once(f"partition-codes-{column}", make)


def grouped_sums(
    tables: DatasetView, pos: np.ndarray, codes: np.ndarray, groups: int
) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, articles) per group × vocabulary term over the articles at ``pos``, the group
    of each article being ``codes[position]``: one pass over the selection's rows, group by group,
    for the selection and every group of it (the selection's totals are the sum over the groups),
    where the distinctive terms of a group would otherwise pass over most of its rows again."""
    n = len(tables.index.vocab)
    occ = np.zeros((groups, n), dtype=np.int64)
    arts = np.zeros((groups, n), dtype=np.int64)
    mine = codes[pos]
    for g in np.unique(mine).tolist():
        occ[g], arts[g] = sums(tables, pos[mine == g])
    return occ, arts


def topic_totals(tables: DatasetView, step: int = 10_000) -> dict[str, TopicTotals]:
    """Term totals of each topic: a one-topic filter then needs no pass over the index."""
    idx = tables.index
    n = len(idx.vocab)
    out: dict[str, TopicTotals] = {}
    for topic, mask in tables.topic_masks.items():
        pos = np.flatnonzero(mask)
        occ = np.zeros(n, dtype=np.int64)
        arts = np.zeros(n, dtype=np.int64)
        for lo in range(0, len(pos), step):  # a few thousand articles at a time: bounded temporaries
            chunk_occ, chunk_arts = sums(tables, pos[lo : lo + step])
            occ += chunk_occ
            arts += chunk_arts
        out[topic] = TopicTotals(mask, len(pos), occ, arts)
    return out


def totals_dir(tables: DatasetView, name: str) -> Path | None:
    """Where the totals ``name`` of this dataset are cached (beside its term index), or None."""
    base = termindex.index_cache_dir(tables)
    return base.with_name(base.name.replace("term-index-", f"{name}-", 1)) if base is not None else None


def cached_totals(tables: DatasetView, name: str, compute: Callable[[DatasetView], dict]) -> dict:
    """``compute(tables)`` (a dict of GroupTotals or TopicTotals), kept on disk next to the term index.

    Derived from the same files as the term index, so keyed like it; the big arrays are mapped,
    so a later start has them at once and only the rows a selection needs are ever read.
    """
    where = totals_dir(tables, name)
    if cache.is_complete(where):
        try:
            return cache.read_dataclasses(where, {"GroupTotals": GroupTotals, "TopicTotals": TopicTotals})
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("%s cache %s unreadable: recomputed", name, where)
    out = compute(tables)
    if where is not None:
        try:
            cache.write_dataclasses(where, out)
        except OSError as exc:  # not cached: the answer stands
            log.info("%s not cached (%s)", name, exc)
    return out
