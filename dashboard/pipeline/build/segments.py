"""Assemble the output's row tables: each segment of chunks becomes one Parquet part per table.

A segment's part is its chunks' parts one after another, minus copies of articles kept from an
earlier chunk. Segments are assembled by the same scheduler as the chunks (they need only the
chunk folders and the drops). With a cache, each segment is stored under a hash of its chunks and
drops and hard-linked into the output, so an unchanged segment costs no reading or writing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..analyse.document import ROW_TABLES
from ..schema import ALL_SCHEMAS
from . import aggregates, cache, headlines, scheduler, termindex, textindex
from .chunks import Chunk, segments
from .write import link, part_path, write_atomic, write_table

# Below this many segments to write, starting worker processes (≈2 s to spawn and import) costs
# more than it saves (a 1,000-article segment takes ≈2.5 s): an incremental build touches one or two.
LOCAL_MIN_SEGMENTS = 3
# The indexes the build writes beside a table, by that table: each module has the same hooks
# (``segment_target``, ``write_at``, ``place_segment``).
INDEXES = {termindex.SOURCE_TABLE: (termindex,), textindex.SOURCE_TABLE: (textindex, headlines)}


@dataclass
class SegmentJob:
    """One output segment to assemble: its chunks' part folders and the copies to drop from each.

    Each table goes to ``targets[name]``; each index a table has (``INDEXES``: the term index of
    ``term_counts``, the keyword index and the headlines of ``paragraphs``) to the path prefix
    ``indexes[<its module's name>]``;
    ``done`` (when set) is written last, with the row counts, so its presence marks a complete
    cached segment.
    """

    folders: list[str]
    drops: list[list[str]]
    names: list[str]
    targets: dict[str, str]
    done: str = ""
    indexes: dict[str, str] = field(default_factory=dict)  # index module -> its ``segment_target``


def without(table: pa.Table, aids: set[str] | None) -> pa.Table:
    """``table`` minus the rows of ``aids`` (copies of articles kept from an earlier chunk)."""
    if not aids:
        return table
    return table.filter(pc.invert(pc.is_in(table.column("article_id"), pa.array(sorted(aids), pa.string()))))


def write_segments(
    chunks: list[Chunk],
    drops: dict[int, set[str]],
    out: Path,
    cache_dir: Path | None,
    *,
    scheduler_address: str | None = None,
    workers: int | None = None,
) -> dict[str, int]:
    """Write each segment of chunks as one part of every row table in ``out``; return row counts."""
    names = list(chunks[0].rows) if chunks else [*ROW_TABLES, *aggregates.AGG_SCHEMAS]
    rows = dict.fromkeys(names, 0)
    for name in names:
        (out / f"{name}.parquet").mkdir(parents=True, exist_ok=True)
    indexes = [index for name in names for index in INDEXES.get(name, ())]
    if not chunks:
        for name in names:
            write_table(part_path(out, name, 0), ALL_SCHEMAS[name].empty_table())
        for index in indexes:
            index.place_segment(out, 0, None)
        return rows
    stores: list[Path | None] = []
    counts: list[dict[str, int] | None] = []
    jobs: list[tuple[int, SegmentJob]] = []
    for s, idxs in enumerate(segments(chunks)):
        key = cache.drops_key([(chunks[i].key, drops.get(i)) for i in idxs])
        store = cache.segment_store(cache_dir, key) if cache_dir else None
        done = store / cache.SEGMENT_DONE if store else None
        stores.append(store)
        if done is not None and done.exists():
            counts.append(json.loads(done.read_text()))
            continue
        counts.append(None)
        targets = {
            name: str(store / f"{name}.parquet" if store else part_path(out, name, s)) for name in names
        }
        jobs.append(
            (
                s,
                SegmentJob(
                    folders=[chunks[i].folder for i in idxs],
                    drops=[sorted(drops.get(i, ())) for i in idxs],
                    names=names,
                    targets=targets,
                    done=str(done) if done else "",
                    indexes={index.__name__: index.segment_target(out, s, store) for index in indexes},
                ),
            )
        )
    written = map_segments([job for _, job in jobs], scheduler_address=scheduler_address, workers=workers)
    for (s, _), got in zip(jobs, written, strict=True):
        counts[s] = got
    for s, (store, got) in enumerate(zip(stores, counts, strict=True)):
        for name in names:
            if store:
                link(store / f"{name}.parquet", part_path(out, name, s))
            rows[name] += got[name]
        for index in indexes:
            index.place_segment(out, s, store)
    return rows


def map_segments(
    jobs: Sequence[SegmentJob], scheduler_address: str | None = None, workers: int | None = None
) -> list[dict[str, int]]:
    """Assemble ``jobs`` with the same scheduler choice as the chunks; row counts in job order.

    Segment writing reads and writes Parquet only (no segmenter), so a worker needs no warm-up;
    one segment, or one worker, runs in this process.
    """
    if not jobs:
        return []
    if workers is None:
        workers = scheduler.default_workers(len(jobs), LOCAL_MIN_SEGMENTS)
    if workers == 1 and not scheduler_address:
        workers = 0  # one worker process would only add its start-up to the same serial work
    return scheduler.map_items(_write_segment_here, jobs, scheduler_address, workers)


def _write_segment_here(job: SegmentJob) -> dict[str, int]:
    """Assemble one segment (in a worker, or in this process); return its row counts."""
    scheduler.exit_with_parent()
    return write_segment(job)


def write_segment(job: SegmentJob) -> dict[str, int]:
    """Concatenate one segment's chunk parts (minus dropped copies) into each target; return row counts."""
    fixed = {
        i: _drop_copies(Path(folder), set(aids))
        for i, (folder, aids) in enumerate(zip(job.folders, job.drops, strict=True))
        if aids
    }
    counts = {}
    for name in job.names:
        parts = [
            fixed[i][name] if i in fixed else pq.read_table(Path(folder) / f"{name}.parquet")
            for i, folder in enumerate(job.folders)
        ]
        table = pa.concat_tables(parts)
        write_table(Path(job.targets[name]), table)
        counts[name] = table.num_rows
        for index in INDEXES.get(name, ()):
            if index.__name__ in job.indexes:
                index.write_at(job.indexes[index.__name__], table, Path(job.targets[name]))
    if job.done:
        write_atomic(Path(job.done), json.dumps(counts).encode())
    return counts


def _drop_copies(folder: Path, aids: set[str]) -> dict[str, pa.Table]:
    """A chunk's tables without the rows of ``aids`` (copies of articles kept from an earlier chunk).

    ``removed`` keeps every input's lines; the pre-aggregations are computed again from what is left.
    """
    out = {name: pq.read_table(folder / f"{name}.parquet") for name in ROW_TABLES}
    for name in ROW_TABLES:
        if name != "removed":
            out[name] = without(out[name], aids)
    out.update(aggregates.chunk_aggregates(out))
    return out
