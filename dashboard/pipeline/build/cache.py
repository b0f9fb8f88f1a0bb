"""The build cache: what is kept between builds, under which key, and how it is read back.

Each chunk is stored under a hash of everything it reads (its files' paths, sizes, modification
times and manifest rows, plus a fingerprint of the pipeline code and lexicons): an unchanged chunk
is never read or analysed again, its parts are linked. Segments, near-duplicates and claims are
stored under a hash of the chunk keys they were made from. A missing, torn or foreign entry is
never an error: it only costs computing again.

Each chunk's summary is written next to its parts, and the summaries of a whole build are also
kept together in one file (``SUMMARIES_FILE``, the shingle samples as one array with offsets), so
a later build reads one file instead of one per chunk (≈3,000 at 10⁵ articles).
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from ..lexicon import lexicon_dir
from ..schema import SCHEMAS
from .chunks import Chunk, FileItem
from .write import write_atomic

if TYPE_CHECKING:  # dedupe loads OpenCC: not imported by an unchanged rebuild
    from .dedupe import Verdicts

PIPELINE_DIR = Path(__file__).resolve().parents[1]
# Uncompressed: at 10⁵ articles, inflating 3,000 zlib summaries cost an unchanged rebuild seconds,
# and the sampled shingle hashes in them hardly compress.
LIGHT_FILE = "chunk.pkl"
VERDICTS_FILE = "near-duplicate-verdicts.npz"
NEAR_FILE = "near-duplicates.pkl"
CLAIMS_FILE = "claims-v2.pkl"
SEGMENT_DONE = "rows.json"
SUMMARIES_FILE = "summaries.pkl"
SUMMARIES_VERSION = 2  # 2: article rows and figures as one Arrow table each


def default_cache(output_dir: Path) -> Path:
    """The cache folder the command line uses for ``output_dir``: a hidden sibling."""
    output_dir = Path(output_dir)
    return output_dir.parent / f".{output_dir.name}.cache"


@cache
def fingerprint() -> str:
    """Hash of the pipeline code and lexicons: any edit invalidates every cached chunk."""
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for folder in (PIPELINE_DIR, lexicon_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def file_key(
    rel: str, stamp: tuple[int, int] | None, entries: dict[str, dict[str, str]], problem: str | None = None
) -> str:
    """Hash of what reading one file depends on: its name, (size, modification time) and manifest rows.

    Like ``make`` and ``git``, a file whose size and modification time did not change is taken
    as unchanged (reading 10⁵ files to hash them would cost more than analysing a few).
    """
    # repr, not json.dumps: 10⁵ calls per listing, and repr of str/int/dict values is as stable
    # (a manifest row's fields come in a fixed order, so equal rows give equal text)
    payload = repr((fingerprint(), rel, stamp, entries, problem))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chunk_key(files: list[FileItem]) -> str:
    return hashlib.sha256("".join(f.key for f in files).encode()).hexdigest()


def drops_key(keyed: list[tuple[str, set[str] | None]]) -> str:
    """Hash of (chunk key, copies dropped from it) pairs: what segments, near-duplicates and claims
    made from those chunks depend on."""
    return hashlib.sha256(json.dumps([[key, sorted(drop or ())] for key, drop in keyed]).encode()).hexdigest()


def chunk_folder(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / "chunks" / key[:2] / key


def cached_chunk(cache_dir: Path, key: str) -> Chunk | None:
    """A chunk stored by an earlier build, or None (the summary is written last, so its presence means complete)."""
    folder = chunk_folder(cache_dir, key)
    try:
        chunk = pickle.loads((folder / LIGHT_FILE).read_bytes())
    except Exception:  # noqa: BLE001 - a torn or foreign entry is analysed again
        return None
    if not isinstance(chunk, Chunk) or not all((folder / f"{n}.parquet").exists() for n in chunk.rows):
        return None
    chunk.analysed, chunk.folder = 0, str(folder)
    return chunk


def store_chunk(folder: Path, chunk: Chunk) -> None:
    """Write a chunk's summary next to its parts (last, so that its presence means complete)."""
    write_atomic(Path(folder) / LIGHT_FILE, pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))


def segment_store(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / "segments" / key[:2] / key


def cached_verdicts(cache_dir: Path) -> Verdicts:
    """Near-duplicate verdicts of earlier builds (pairs of article ids, i.e. of cleaned texts)."""
    from . import dedupe

    try:
        with np.load(Path(cache_dir) / VERDICTS_FILE, allow_pickle=False) as found:
            names, a, b, same = found["names"], found["a"], found["b"], found["same"]
        fits = names.dtype.kind == "S" and same.dtype == bool and a.shape == b.shape == same.shape
        if fits and (not a.size or max(int(a.max()), int(b.max())) < names.size):
            return dedupe.Verdicts(names, a.astype(np.int32), b.astype(np.int32), same)
    except Exception:  # noqa: BLE001 - an unreadable cache only costs measuring again
        pass
    return dedupe.Verdicts.empty()


def store_verdicts(cache_dir: Path, verdicts: Verdicts) -> None:
    buf = io.BytesIO()
    np.savez(buf, names=verdicts.names, a=verdicts.a, b=verdicts.b, same=verdicts.same)
    write_atomic(Path(cache_dir) / VERDICTS_FILE, buf.getvalue())


def cached_near_duplicates(cache_dir: Path, key: str) -> dict[str, str] | None:
    """The near-duplicate map of the previous build if it was computed from the same inputs (``key``)."""
    try:
        found_key, near = pickle.loads((Path(cache_dir) / NEAR_FILE).read_bytes())
    except Exception:  # noqa: BLE001 - an unreadable cache only costs computing again
        return None
    return near if found_key == key and isinstance(near, dict) else None


def store_near_duplicates(cache_dir: Path, key: str, near: dict[str, str]) -> None:
    write_atomic(Path(cache_dir) / NEAR_FILE, pickle.dumps((key, near), protocol=pickle.HIGHEST_PROTOCOL))


def cached_claims(cache_dir: Path) -> tuple[str, pa.Table, pa.Table] | None:
    """The claims table of the previous build with the key of the chunks and drops it was grouped
    from, and which claims each of its chunks held (columns ``state``, ``claim_id``: see
    ``merge.claims_table``); None when missing, torn or foreign."""
    try:
        found_key, table, held = pickle.loads((Path(cache_dir) / CLAIMS_FILE).read_bytes())
    except Exception:  # noqa: BLE001 - an unreadable cache only costs grouping again
        return None
    ok = (
        isinstance(found_key, str)
        and isinstance(table, pa.Table)
        and table.schema.equals(SCHEMAS["claims"])
        and isinstance(held, pa.Table)
    )
    return (found_key, table, held) if ok else None


def store_claims(cache_dir: Path, key: str, table: pa.Table, held: pa.Table) -> None:
    payload = pickle.dumps((key, table, held), protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(Path(cache_dir) / CLAIMS_FILE, payload)


def cached_summaries(cache_dir: Path) -> dict[str, Chunk]:
    """The chunk summaries of the previous build, by chunk key (empty when missing or unreadable).

    Only chunks whose folder is still there are returned; each comes with its article rows and
    figures as slices of shared tables and its samples as views of one shared array (nothing
    built per article).
    """
    try:
        payload = pickle.loads((Path(cache_dir) / SUMMARIES_FILE).read_bytes())
        version, records, articles, figures, flat, offsets = payload
        if version != SUMMARIES_VERSION:
            return {}
        found: dict[str, Chunk] = {}
        bounds = offsets.tolist()
        for key, first, n, (fig_first, fig_n), (rejected, documents, files, duplicates, rows) in records:
            folder = chunk_folder(cache_dir, key)
            if not folder.is_dir():
                continue
            found[key] = Chunk(
                articles=articles.slice(first, n),
                samples=[flat[bounds[a] : bounds[a + 1]] for a in range(first, first + n)],
                figures=figures.slice(fig_first, fig_n) if fig_n >= 0 else None,
                rejected=rejected,
                documents=documents,
                files=files,
                duplicates=duplicates,
                rows=rows,
                folder=str(folder),
                key=key,
            )
        return found
    except Exception:  # noqa: BLE001 - a torn or foreign file only costs reading the chunks' own summaries
        return {}


def store_summaries(cache_dir: Path, chunks: list[Chunk]) -> None:
    """Keep the summaries of ``chunks`` (keyed, complete) together for the next build: every
    chunk's article rows as one table and its figures as another (one pickled table each, not
    one per chunk: at 10⁵ articles ≈3,000 small tables cost seconds to pickle and unpickle)."""
    records, pieces, tables, figs, first, fig_first = [], [], [], [], 0, 0
    for c in chunks:
        n = c.articles.num_rows
        fig_n = -1 if c.figures is None else c.figures.num_rows  # -1: no figures table at all
        records.append(
            (c.key, first, n, (fig_first, fig_n), (c.rejected, c.documents, c.files, c.duplicates, c.rows))
        )
        pieces.extend(c.samples)
        tables.append(c.articles)
        if c.figures is not None:
            figs.append(c.figures)
            fig_first += fig_n
        first += n
    lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    offsets = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.concatenate(pieces).astype(np.uint64, copy=False) if pieces else np.empty(0, np.uint64)
    articles = pa.concat_tables(tables).combine_chunks() if tables else SCHEMAS["articles"].empty_table()
    figures = pa.concat_tables(figs).combine_chunks() if figs else None
    payload = (SUMMARIES_VERSION, records, articles, figures, flat, offsets)
    write_atomic(Path(cache_dir) / SUMMARIES_FILE, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
