"""Steps that need every article at once: fold identical articles across chunks, find
near-duplicates, group figures into claims. Each reuses the previous build's answer when it was
made from the same chunks (their keys cover the inputs and the code)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..analyse import claims
from ..schema import SCHEMAS
from . import cache, dedupe
from .chunks import Chunk
from .segments import without


@dataclass
class Merged:
    """The corpus's distinct articles and what the later steps need about them."""

    # the first copy of each article (input order; a later copy's sources added), the articles
    # schema; ``settle`` sorts it by article id
    table: pa.Table = field(default_factory=lambda: SCHEMAS["articles"].empty_table())
    samples: dict[str, np.ndarray] = field(default_factory=dict)
    home: dict[str, int] = field(default_factory=dict)  # the chunk holding each article's rows
    drops: dict[int, set[str]] = field(default_factory=dict)  # per chunk: copies kept from an earlier one
    duplicates: int = 0  # copies folded across chunks

    def frame(self, aids: list[str]) -> pd.DataFrame:
        """article_id, publisher and published of ``aids`` (sorted, all present), for the claims."""
        sub = self.table.select(["article_id", "publisher", "published"])
        if len(aids) < sub.num_rows:
            sub = sub.filter(pc.is_in(sub.column("article_id"), pa.array(aids, pa.string())))
        return sub.sort_by("article_id").to_pandas()


def merge_chunks(chunks: list[Chunk]) -> Merged:
    """Identical articles in different chunks: the first copy (input order) keeps its rows.

    Done on the ids alone: the article rows stay columns (a dict per article would cost seconds
    at 10⁵ articles on every incremental build), only a folded copy's sources are touched.
    """
    m = Merged()
    tables = [c.articles for c in chunks]
    if not tables:
        return m
    every = pa.concat_tables(tables)
    ids = every.column("article_id").to_pylist()
    first: dict[str, int] = {}
    keep: list[int] = []
    extra: dict[int, list[int]] = {}  # row of a first copy -> rows of its later copies
    row = 0
    for i, chunk in enumerate(chunks):
        for sample in chunk.samples:
            aid = ids[row]
            at = first.get(aid)
            if at is not None:
                extra.setdefault(at, []).append(row)
                m.duplicates += 1
                m.drops.setdefault(i, set()).add(aid)
            else:
                first[aid] = row
                keep.append(row)
                m.samples[aid], m.home[aid] = sample, i
            row += 1
    if row != len(ids):
        raise ValueError("chunk articles and samples differ in length")
    table = every.take(pa.array(keep, pa.int64())) if len(keep) < len(ids) else every
    if extra:  # a later copy's sources are added to the first one's (rare: a few rows)
        sources = table.column("sources").to_pylist()
        where = {r: k for k, r in enumerate(keep)}
        all_sources = every.column("sources")
        for r, later in extra.items():
            for lr in later:
                sources[where[r]].extend(all_sources[lr].as_py())
        table = table.set_column(
            table.schema.get_field_index("sources"),
            "sources",
            pa.array(sources, table.schema.field("sources").type),
        )
    m.table = table.combine_chunks()
    return m


def settle(m: Merged) -> list[str]:
    """Sort the articles by id and each one's sources (the first names it: ``source``); return
    the ids in table order. Only articles with several sources need a Python list each."""
    t = m.table.sort_by("article_id")
    col = t.column("sources").combine_chunks()
    several = np.flatnonzero(pc.greater(pc.list_value_length(col), 1).to_numpy(zero_copy_only=False))
    if several.size:
        lists = col.to_pylist()
        for k in several.tolist():
            lists[k].sort()
        col = pa.array(lists, col.type)
        t = t.set_column(t.schema.get_field_index("sources"), "sources", col)
    t = t.set_column(t.schema.get_field_index("source"), "source", pc.list_element(col, 0))
    m.table = t.combine_chunks()
    return m.table.column("article_id").to_pylist()


def column_sums(m: Merged, columns: tuple[str, ...]) -> dict[str, int]:
    """The total of each integer column over the articles."""
    return {c: int(pc.sum(m.table.column(c)).as_py() or 0) for c in columns}


def mark_near_duplicates(m: Merged, near: dict[str, str]) -> None:
    """Set ``near_duplicate_of`` of the articles ``near`` names (``settle`` first)."""
    if not near:
        return
    t = m.table
    which = pc.index_in(t.column("article_id"), value_set=pa.array(list(near), pa.string()))
    found = pc.take(pa.array(list(near.values()), pa.string()), which)
    at = t.schema.get_field_index("near_duplicate_of")
    t = t.set_column(at, "near_duplicate_of", pc.coalesce(found, t.column(at)))
    m.table = t.combine_chunks()


def chunks_key(chunks: list[Chunk], drops: dict[int, set[str]]) -> str:
    """Near-duplicates and claims are functions of the chunks (their articles, samples, texts and
    figures) and the copies dropped: one hash of those keys (which cover the code) stands for
    them, cheaper than hashing 10⁵ articles' samples."""
    return cache.drops_key([(c.key, drops.get(i)) for i, c in enumerate(chunks)])


def near_duplicates(
    chunks: list[Chunk], m: Merged, ids: list[str], cache_dir: Path | None, key: str
) -> dict[str, str]:
    """{article id: the article it nearly duplicates}; from the cache when the chunks are unchanged."""
    near_key = f"{dedupe.index_key()}|{key}" if cache_dir else ""
    near = cache.cached_near_duplicates(cache_dir, near_key) if cache_dir else None
    if near is not None:  # the same articles as last time (an unchanged rebuild) skip the pair search
        return near
    ordered = [m.samples[a] for a in ids]
    fetch = lambda wanted: _texts(chunks, m.home, wanted)  # noqa: E731
    if not cache_dir:
        return dedupe.near_duplicates_from_samples(ids, ordered, fetch)
    pairs = _candidate_pairs(cache_dir, ids, ordered)
    near, verdicts, changed = dedupe.near_duplicates_kept(ids, pairs, fetch, cache.cached_verdicts(cache_dir))
    if changed:  # pairs of articles that are gone are dropped, so the file does not grow forever
        cache.store_verdicts(cache_dir, verdicts)
    cache.store_near_duplicates(cache_dir, near_key, near)
    return near


def claims_table(
    chunks: list[Chunk],
    m: Merged,
    ids: list[str],
    cache_dir: Path | None,
    key: str,
    submit: Callable | None = None,
) -> pa.Table:
    """The ``claims`` table grouped from every kept figure; from the cache when the chunks are
    unchanged, updated from the previous build's table when only a few chunks changed.

    With ``submit`` (``submit(fn, *args)`` runs it in a thread) the cache file is written while the
    build goes on (Arrow and the file writes release the GIL: ≈60 MB at 10⁵ articles); the caller
    waits for it before the build ends."""
    previous = cache.cached_claims(cache_dir) if cache_dir else None
    if previous is not None and previous[0] == key:  # the same chunks and drops: the same claims
        return previous[1]
    figs = [
        without(c.figures, m.drops.get(i)) if c.figures is not None else None for i, c in enumerate(chunks)
    ]
    states = [f"{c.key}|{','.join(sorted(m.drops.get(i, ())))}" for i, c in enumerate(chunks)]
    table, held = _update_claims(*previous[1:], states, figs, m) if previous else (None, None)
    if table is None:
        table = _group_claims(figs, m, ids)
    if cache_dir:
        held = held if held is not None else _held(states, figs)
        if submit is not None:
            submit(cache.store_claims, cache_dir, key, table, held)
        else:
            cache.store_claims(cache_dir, key, table, held)
    return table


# Above this share of changed chunks, grouping every figure again is as cheap as the update.
CLAIMS_UPDATE_SHARE = 0.1


def _group_claims(figs: list[pa.Table | None], m: Merged, ids: list[str]) -> pa.Table:
    """Group the kept figures (in chunk order) of the articles ``ids`` into the claims table."""
    kept = [f for f in figs if f is not None]
    fig_df = (pa.concat_tables(kept) if kept else claims.PARTIAL_SCHEMA.empty_table()).to_pandas()
    art_df = m.frame(ids)
    return pa.Table.from_pandas(
        claims.claims_table(fig_df, art_df), schema=SCHEMAS["claims"], preserve_index=False
    )


def _held(states: list[str], figs: list[pa.Table | None]) -> cache.Held:
    """Which claims each chunk's kept figures belong to (chunks with figures only)."""
    names, index, parts = [], [], []
    for state, fig in zip(states, figs, strict=True):
        if fig is not None and fig.num_rows:
            got = pc.unique(fig.column("claim_id").combine_chunks())
            index.append(np.full(len(got), len(names), np.int32))
            names.append(state)
            parts.append(got.cast(pa.string()))
    if not parts:
        return cache.Held.empty()
    return cache.Held(names, np.concatenate(index), pa.concat_arrays(parts))


def _held_rows(held: cache.Held, states: set[str]) -> np.ndarray:
    """Mask of ``held``'s rows whose chunk state is in ``states``."""
    named = np.fromiter((s in states for s in held.states), dtype=bool, count=len(held.states))
    return named[held.index] if held.index.size else np.zeros(0, bool)


def _update_claims(
    before: pa.Table, held_before: cache.Held, states: list[str], figs: list[pa.Table | None], m: Merged
) -> tuple[pa.Table | None, cache.Held | None]:
    """The claims table from the previous build's, regrouping only the claims of chunks that
    changed (a chunk's state is its key and the copies dropped from it), and which claims each
    chunk now holds. A claim none of whose figures is in a changed chunk has the same figures, in
    the same order, from the same articles: its row is unchanged. Only the chunks holding a
    regrouped claim are read. (None, None) when a full grouping is the safer or cheaper choice."""
    old_states = set(held_before.states)
    now = set(states)
    added, removed = now - old_states, old_states - now
    # chunks without figures are not in ``held``: a state seen neither way counts as added, cheap
    if not before.num_rows or len(added) + len(removed) > max(2, CLAIMS_UPDATE_SHARE * len(states)):
        return None, None
    at = {s: i for i, s in enumerate(states)}
    fresh = _held([s for s in states if s in added], [figs[at[s]] for s in states if s in added])
    gone = _held_rows(held_before, removed)
    kept_rows = np.flatnonzero(~gone)
    # the chunks still present keep their rows; the added ones bring theirs
    kept_states = [s for s in held_before.states if s not in removed]
    renumber = np.full(len(held_before.states), -1, np.int32)
    renumber[[k for k, s in enumerate(held_before.states) if s not in removed]] = np.arange(
        len(kept_states), dtype=np.int32
    )
    held = cache.Held(
        kept_states + fresh.states,
        np.concatenate([renumber[held_before.index[kept_rows]], fresh.index + len(kept_states)]),
        pa.concat_arrays([held_before.claim_ids.take(pa.array(kept_rows)), fresh.claim_ids]),
    )
    touched = pc.unique(
        pa.concat_arrays([fresh.claim_ids, held_before.claim_ids.filter(pa.array(gone))]).cast(pa.string())
    )
    # the chunks (in chunk order) holding any figure of a touched claim
    rows = pc.is_in(held.claim_ids, value_set=touched).to_numpy(zero_copy_only=False)
    which = sorted({at[held.states[k]] for k in np.unique(held.index[rows]).tolist()})
    parts = [figs[i] for i in which if figs[i] is not None]
    if parts:
        every = pa.concat_tables(parts)
        sub = every.filter(pc.is_in(every.column("claim_id"), value_set=touched))
    else:
        sub = None
    regrouped = None
    if sub is not None and sub.num_rows:
        aids = sorted(set(sub.column("article_id").to_pylist()))
        art_df = m.frame(aids)
        regrouped = pa.Table.from_pandas(
            claims.claims_table(sub.to_pandas(), art_df), schema=SCHEMAS["claims"], preserve_index=False
        )
    # the full grouping's rows come sorted by claim id (hex: byte order is its order), with the
    # pandas metadata of the table it was converted from, which the previous table carries
    drop = pc.is_in(before.column("claim_id"), value_set=touched).to_numpy(zero_copy_only=False)
    out = _splice(before, drop, regrouped)
    if not out.num_rows:
        return None, None
    return out.replace_schema_metadata(before.schema.metadata), held


def _splice(before: pa.Table, drop: np.ndarray, regrouped: pa.Table | None) -> pa.Table:
    """``before`` (sorted by its unique claim ids) without the rows ``drop`` marks, with the rows of
    ``regrouped`` (claim ids none of the kept rows has) placed in claim-id order: the table a
    filter, a concatenation and a sort give, from one ``take`` of the few hundred thousand rows."""
    keep = np.flatnonzero(~drop)
    if regrouped is None or not regrouped.num_rows:
        return before.take(pa.array(keep)).combine_chunks()
    new = regrouped.replace_schema_metadata(before.schema.metadata).sort_by("claim_id")
    kept_ids = before.column("claim_id").to_numpy(zero_copy_only=False)[keep]
    at = np.searchsorted(kept_ids, new.column("claim_id").to_numpy(zero_copy_only=False))
    order = np.insert(keep, at, before.num_rows + np.arange(new.num_rows))
    return pa.concat_tables([before, new]).take(pa.array(order)).combine_chunks()


def _candidate_pairs(
    cache_dir: Path, ids: list[str], samples: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The near-duplicate candidate pairs, from the cached pair search of an earlier build when it
    can be updated (a few articles added or removed), else from a full search that is kept for the
    next build. Either way the same pairs as a full search (``dedupe.build_index``)."""
    folder = Path(cache_dir) / "near-index"
    # the code fingerprint: an article id (a text hash) keeps its samples only while the code does
    key = f"{dedupe.index_key()}|{cache.fingerprint()}"
    base = dedupe.load_index(folder, key)
    pairs = dedupe.update_candidates(base, ids, samples) if base is not None else None
    if pairs is None:
        index = dedupe.build_index(ids, samples)
        dedupe.store_index(folder, index, key)
        pairs = (index.cand_i, index.cand_j)
    return pairs


def _texts(chunks: list[Chunk], home: dict[str, int], wanted: list[str]) -> dict[str, str]:
    """Cleaned texts of a few articles, read back from their chunks' paragraph parts."""
    by_chunk: dict[int, list[str]] = {}
    for aid in wanted:
        by_chunk.setdefault(home[aid], []).append(aid)

    def read(item: tuple[int, list[str]]) -> pa.Table:
        i, aids = item
        return pq.read_table(
            Path(chunks[i].folder) / "paragraphs.parquet",
            columns=["article_id", "text"],
            filters=[("article_id", "in", aids)],
        )

    # A few threads: Arrow reads and decompresses without the GIL, and an incremental build asks
    # for the texts of a hundred or so articles spread over as many chunks.
    with ThreadPoolExecutor(4, thread_name_prefix="texts") as pool:
        found = list(pool.map(read, by_chunk.items()))
    out: dict[str, str] = {}
    for table in found:
        parts: dict[str, list[str]] = {}
        for aid, text in zip(
            table.column("article_id").to_pylist(), table.column("text").to_pylist(), strict=True
        ):
            parts.setdefault(aid, []).append(text)
        out.update({aid: "\n".join(texts) for aid, texts in parts.items()})
    return out
