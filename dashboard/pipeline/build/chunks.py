"""How a corpus is cut into chunks (analysed together) and segments (written together).

Chunk boundaries depend on file names, not positions, so a new file changes only the chunk it
lands in; a segment (a run of chunks, one Parquet part per table) ends after a chunk whose last
file name says so. Neither depends on how many workers run, so the tables do not either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ..schema import SCHEMAS

# A chunk ends after a file whose name hash falls in 1/CHUNK_FILES of the space (so ≈ CHUNK_FILES
# files on average, never more than 4×): small enough to balance two workers, large enough to
# hide the per-chunk cost of writing its parts.
CHUNK_FILES = 32
# The output's parts are segments of consecutive chunks: a segment ends after a chunk whose last
# file name hash falls in 1/SEGMENT_FILES of the space (a subset of chunk ends), so ≈ 1,000 files per
# part. Few, large parts keep the dashboard's scans fast; an unchanged segment is linked as is.
SEGMENT_FILES = 1024
# Row tables each chunk writes as a Parquet part (the rest are small and written by the build).
PART_TABLES = ("paragraphs", "removed", "terms", "figures", "citations")


@dataclass
class FileItem:
    """One listed input file (as ``ingest.plan_inputs`` listed it), its manifest rows and cache key."""

    found: object  # the plan's entry for the file: read by ``ingest.read_found`` where the chunk runs
    entries: dict[str, dict[str, str]]
    key: str

    @property
    def rel(self) -> str:
        return self.found.rel


@dataclass
class Chunk:
    """What the build needs back from one analysed chunk (its row tables are already on disk).

    ``articles`` are the article rows of the chunk's distinct articles in input order, as an Arrow
    table with the ``articles`` schema (an identical copy inside the chunk is folded into the first
    one's ``sources``); columns, so that a build holding 10⁵ of them from earlier builds reads and
    merges them without a Python object per value; ``samples`` their
    sampled shingles (near-duplicates); ``figures`` their tagged figures (claims); ``rows`` the
    number of rows of each part.
    """

    articles: pa.Table = field(default_factory=lambda: SCHEMAS["articles"].empty_table())
    samples: list[np.ndarray] = field(default_factory=list)
    figures: pa.Table | None = None
    rejected: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    files: int = 0
    duplicates: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    analysed: int = 0
    folder: str = ""  # where the chunk's parts are (set when the chunk is found or written)
    key: str = ""  # the chunk's cache key (set by work.analyse_chunks)
    last: str = ""  # its last file, relative to the input folder (set by work.analyse_chunks)


def name_hash(name: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"
    )


def chunk_bounds(names: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) runs of files analysed together, cut where a file name's hash says so."""
    bounds, start = [], 0
    for i, name in enumerate(names):
        if name_hash(name) % CHUNK_FILES == 0 or i + 1 - start >= 4 * CHUNK_FILES:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(names):
        bounds.append((start, len(names)))
    return bounds


def segments(chunks: Sequence[Chunk]) -> list[list[int]]:
    """Runs of consecutive chunk indices written together as one part of each table."""
    out: list[list[int]] = [[]]
    for i, chunk in enumerate(chunks):
        out[-1].append(i)
        if name_hash(chunk.last) % SEGMENT_FILES == 0 and i + 1 < len(chunks):
            out.append([])
    return out if out[0] else []
