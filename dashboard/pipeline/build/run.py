"""Run the whole pipeline over a folder of articles and write the Parquet tables.

List the input files; when the output was built from the same listing and is intact, stop there
(``record``). Otherwise analyse them chunk by chunk (``work``), fold identical articles and find
near-duplicates and claims across chunks (``merge``), assemble the row tables segment by segment
(``segments``) while that runs, write the small tables and ``meta.json``, swap the output in.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import ingest
from ..schema import CLEANING_COUNTS
from . import cache, record
from .chunks import Chunk, FileItem
from .write import recover_interrupted_swap, swap_in, temp_output, to_table, write_meta, write_table

if TYPE_CHECKING:
    from . import merge

# The analysers, Dask, pandas and the merge steps are imported in ``build`` only when there is
# something to build: an unchanged rebuild does not pay for loading them.


@dataclass
class BuildSummary:
    files_found: int = 0
    documents: int = 0
    articles: int = 0
    duplicates_collapsed: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    analysed: int = 0  # documents analysed in this build (the rest came from the result cache)
    unchanged: bool = False  # the input listing and the output were as last built: nothing was done
    # wall seconds per stage (for benchmarks; never written to the tables, which stay reproducible)
    seconds: dict[str, float] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    rejected_items: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # damaged cache files this build worked around

    def render(self, max_rejected: int = 10) -> str:
        lines = [
            "ChipWar Lens build" + (" (input unchanged: the output is up to date)" if self.unchanged else ""),
            f"  files read        {self.files_found}",
            f"  documents         {self.documents}",
            f"  articles          {self.articles}"
            + (
                f"  ({self.duplicates_collapsed} identical copies collapsed)"
                if self.duplicates_collapsed
                else ""
            ),
            f"  near-duplicates   {self.near_duplicates}",
            f"  rejected          {self.rejected}",
            "  cleaning          "
            + ", ".join(f"{k.replace('_', ' ')} {self.counts.get(k, 0)}" for k in CLEANING_COUNTS),
            "  tables            " + ", ".join(f"{k} {v}" for k, v in self.rows.items()),
        ]
        lines.extend(f"  note: {note}" for note in self.notes)
        for source, reason in self.rejected_items[:max_rejected]:
            lines.append(f"  rejected: {source}: {reason}")
        if len(self.rejected_items) > max_rejected:
            lines.append(f"  … and {len(self.rejected_items) - max_rejected} more (see rejected.parquet)")
        return "\n".join(lines)

    def recorded(self) -> dict:
        """What ``record`` keeps of this summary (all but timings), for an unchanged rebuild to report."""
        return {name: getattr(self, name) for name in _RECORDED}

    @classmethod
    def from_record(cls, found: dict) -> BuildSummary:
        fields = {name: found[name] for name in _RECORDED}
        fields["counts"] = Counter(fields["counts"])
        fields["rejected_items"] = [tuple(item) for item in fields["rejected_items"]]  # JSON gave lists
        return cls(**fields, unchanged=True)


# the summary fields a build record keeps (``BuildSummary.recorded``)
_RECORDED = (
    "files_found",
    "documents",
    "articles",
    "duplicates_collapsed",
    "near_duplicates",
    "rejected",
    "counts",
    "rows",
    "rejected_items",
)


class _Clock:
    """Seconds since the previous lap (stage timings for the benchmark harness)."""

    def __init__(self) -> None:
        self.t = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        took, self.t = now - self.t, now
        return took


def build(
    input_dir: Path,
    output_dir: Path,
    progress: bool = False,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
) -> BuildSummary:
    """Build every table from ``input_dir`` into ``output_dir``, atomically.

    Tables are written to a temporary sibling folder and swapped in only when complete, so a
    build killed at any point leaves the previous output intact. ``scheduler``/``workers`` choose
    where articles are analysed (``work.analyse_chunks``); with ``cache_dir`` unchanged chunks of
    files are not read or analysed again (an incremental build writes the same tables as a full one).
    """
    clock = _Clock()
    cache.NOTES.clear()
    output_dir = Path(output_dir)
    plan = ingest.plan_inputs(input_dir)
    input_key, found = _unchanged(plan, output_dir, cache_dir) if cache_dir is not None else ("", None)
    if found is not None:
        found.seconds["list"] = clock.lap()
        return found
    files = _file_items(plan, keyed=cache_dir is not None)
    summary = BuildSummary()
    summary.seconds["list"] = clock.lap()

    from . import merge, work

    tmp = temp_output(output_dir)
    stage = tmp / ".stage"  # parts of this build's chunks when there is no cache
    stage.mkdir(parents=True)
    chunks = work.analyse_chunks(
        files, stage, scheduler_address=scheduler, workers=workers, cache_dir=cache_dir, progress=progress
    )
    summary.seconds["analyse"] = clock.lap()

    merged = merge.merge_chunks(chunks)
    rejected = _count_inputs(summary, plan, chunks, merged)
    ids = merge.settle(merged)
    summary.counts.update(merge.column_sums(merged, CLEANING_COUNTS))
    summary.seconds["merge"] = clock.lap()

    # The segments need only the chunk folders and the drops: they are assembled (by the workers)
    # while this process finds near-duplicates and groups claims.
    segments_done = _start_segments(chunks, merged.drops, tmp, cache_dir, scheduler, workers)

    writes = _Writes()
    try:
        key = merge.chunks_key(chunks, merged.drops) if cache_dir else ""
        near = merge.near_duplicates(chunks, merged, ids, cache_dir, key)
        merge.mark_near_duplicates(merged, near)
        summary.near_duplicates = len(near)
        summary.seconds["near_duplicates"] = clock.lap()
        # same chunks: same claims
        claims_tab = merge.claims_table(chunks, merged, ids, cache_dir, key, writes.submit)
        summary.seconds["claims"] = clock.lap()

        summary.rows = segments_done.result()
        small = {
            "articles": to_table("articles", merged.table),
            "claims": claims_tab,
            "rejected": to_table(
                "rejected", [{"source": s, "reason": r} for s, r in sorted(rejected, key=lambda x: x[0])]
            ),
        }
        shutil.rmtree(stage, ignore_errors=True)
        _write_small_tables(tmp, small, summary, rejected, input_key, cache_dir, writes)
    finally:
        wait([segments_done])  # never leave the writer filling a folder this build abandons
        writes.close()
    writes.check()
    summary.seconds["write"] = clock.lap()
    swap_in(tmp, output_dir)
    summary.notes = list(cache.NOTES)
    return summary


class _Writes:
    """Cache files and the one-file tables, written by two threads while the build goes on
    (Arrow's encoders and file writes release the GIL)."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(2, thread_name_prefix="write")
        self.pending: list[Future] = []

    def submit(self, fn: Callable, *args: object) -> None:
        self.pending.append(self.pool.submit(fn, *args))

    def check(self) -> None:
        """Wait for every write; a failed one fails the build."""
        for done in self.pending:
            done.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True)  # a cache file is whole (renamed) or absent, never torn


def _start_segments(
    chunks: list[Chunk],
    drops: dict[int, set[str]],
    tmp: Path,
    cache_dir: Path | None,
    scheduler: str | None,
    workers: int | None,
) -> Future:
    """Start assembling the output's row-table segments in a thread; the future gives row counts."""
    from . import segments

    writer = ThreadPoolExecutor(1, thread_name_prefix="segments")
    done = writer.submit(
        segments.write_segments, chunks, drops, tmp, cache_dir, scheduler_address=scheduler, workers=workers
    )
    writer.shutdown(wait=False)
    return done


def _unchanged(plan: ingest.InputPlan, output_dir: Path, cache_dir: Path) -> tuple[str, BuildSummary | None]:
    """The key of this input listing, and the recorded summary when ``output_dir`` was built from
    it and is intact (nothing to do), else None."""
    key = record.input_key(plan)
    recover_interrupted_swap(output_dir)
    found = record.unchanged(output_dir, key, cache_dir)
    return key, (BuildSummary.from_record(found) if found is not None else None)


def _file_items(plan: ingest.InputPlan, keyed: bool) -> list[FileItem]:
    """The listed input files with their manifest rows and (with a cache) their cache keys."""
    return [
        FileItem(
            f,
            entries := plan.entries_for(f.rel),
            cache.file_key(f.rel, f.stamp, entries, f.problem) if keyed else "",
        )
        for f in plan.files
    ]


def _count_inputs(
    summary: BuildSummary, plan: ingest.InputPlan, chunks: list[Chunk], merged: merge.Merged
) -> list[tuple[str, str]]:
    """Add the chunks' file, document and copy counts to ``summary``; return every rejected input."""
    rejected = [(r.source, r.reason) for r in plan.problems]
    for chunk in chunks:
        summary.documents += chunk.documents
        summary.files_found += chunk.files
        summary.analysed += chunk.analysed
        summary.duplicates_collapsed += chunk.duplicates
        rejected.extend(chunk.rejected)
    summary.duplicates_collapsed += merged.duplicates
    summary.files_found += len({r.source for r in plan.problems})  # manifests that were unusable
    return rejected


def _write_small_tables(
    tmp: Path,
    small: dict,
    summary: BuildSummary,
    rejected: list[tuple[str, str]],
    input_key: str,
    cache_dir: Path | None,
    writes: _Writes,
) -> None:
    """Write the one-file tables (side by side, on ``writes``) and ``meta.json``; complete
    ``summary``; with an ``input_key`` (a cached build), record it last (``record``), once every
    file ``writes`` holds is written."""
    for name, table in small.items():
        writes.submit(write_table, tmp / f"{name}.parquet", table)
    for name, table in small.items():
        summary.rows[name] = table.num_rows
    summary.rows = {name: summary.rows[name] for name in sorted(summary.rows)}
    summary.articles = len(small["articles"])
    summary.rejected = len(rejected)
    summary.rejected_items = sorted(rejected, key=lambda x: x[0])
    write_meta(
        tmp,
        {
            "files_found": summary.files_found,
            "documents": summary.documents,
            "articles": summary.articles,
            "duplicates_collapsed": summary.duplicates_collapsed,
            "rejected": summary.rejected,
            "cleaning": {k: int(v) for k, v in sorted(summary.counts.items())},
            "rows": summary.rows,
        },
    )
    writes.check()  # the output's tables are complete before they are recorded
    if input_key and cache_dir is not None:
        record.write_record(tmp, input_key, summary.recorded(), cache_dir)
