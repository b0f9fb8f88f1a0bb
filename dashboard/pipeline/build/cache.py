"""The build cache: what is kept between builds, under which key, and how it is read back.

Each chunk is stored under a hash of everything it reads (its files' paths, sizes, modification
times and manifest rows, plus a fingerprint of the pipeline code and lexicons): an unchanged chunk
is never read or analysed again, its parts are linked. Segments, near-duplicates and claims are
stored under a hash of the chunk keys they were made from. A missing, torn or foreign entry is
never an error: it only costs computing again.

Each chunk's summary is written next to its parts, and the summaries of a whole build are also
kept together in one file (``SUMMARIES_FILE``, the shingle samples as one array with offsets), so
a later build reads one file instead of one per chunk (≈3,000 at 10⁵ articles). That file and the
claims file are memory-mapped bundles (``bundle``): a build touches only the pages it uses. The
summaries file is a base, not rewritten by every build: a chunk missing from it is read from its
own folder (the delta), and the file is rewritten (compacted) only when more than
``COMPACT_SHARE`` of the chunks miss from it or it holds as many that are gone.

A damaged cache file is never an error: what it held is computed again, and the build says so
(``NOTES``, shown in the build summary).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from ..lexicon import lexicon_dir
from ..schema import SCHEMAS
from .bundle import BundleError, read_bundle, write_bundle
from .chunks import Chunk, FileItem
from .write import write_atomic

if TYPE_CHECKING:  # dedupe loads OpenCC: not imported by an unchanged rebuild
    from .dedupe import Verdicts

PIPELINE_DIR = Path(__file__).resolve().parents[1]
# Uncompressed: at 10⁵ articles, inflating 3,000 zlib summaries cost an unchanged rebuild seconds,
# and the sampled shingle hashes in them hardly compress.
LIGHT_FILE = "chunk.pkl"
# each file's analysis results, by file key: a chunk cut anew re-analyses only its new files
RESULTS_DIR = "files"
# facts derived from jieba's dictionary once, for every later process (``dictfacts``)
FACTS_DIR = "facts"
VERDICTS_FILE = "near-duplicate-verdicts.npz"
NEAR_FILE = "near-duplicates.pkl"
CLAIMS_FILE = "claims-v3.bundle"
CLAIMS_VERSION = 3  # 3: a memory-mapped bundle; the chunks' claims as state index + claim id
SEGMENT_DONE = "rows.json"
SUMMARIES_FILE = "summaries.bundle"
SUMMARIES_VERSION = 3  # 3: a memory-mapped bundle (2: a pickle read and written whole)
# The summaries file is rewritten when the chunks missing from it plus the ones it holds that are
# gone exceed this share of the corpus's chunks (at least COMPACT_MIN): each missing chunk costs a
# build one small read (≈1 ms), rewriting the file ≈1 s at 10⁵ articles.
COMPACT_SHARE = 1 / 32
COMPACT_MIN = 32
# What this build found wrong with the cache (damaged files); ``run.build`` shows them.
NOTES: list[str] = []


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


def results_dir(cache_dir: Path) -> Path:
    """Where each file's analysis results are kept (by file key)."""
    return Path(cache_dir) / RESULTS_DIR


def facts_dir(cache_dir: Path) -> Path:
    """Where the analysers keep what they derive from jieba's dictionary (``dictfacts``)."""
    return Path(cache_dir) / FACTS_DIR


def cached_file_results(folder: str | Path, key: str) -> list | None:
    """The documents (analysed) and rejected rows read from one file by an earlier build, or None."""
    try:
        found = pickle.loads((Path(folder) / key[:2] / f"{key}.pkl").read_bytes())
    except Exception:  # noqa: BLE001 - a missing, torn or foreign entry is analysed again
        return None
    return found if isinstance(found, list) else None


def has_file_results(folder: str | Path, key: str) -> bool:
    return bool(key) and (Path(folder) / key[:2] / f"{key}.pkl").is_file()


def store_file_results(folder: str | Path, key: str, results: list) -> None:
    write_atomic(
        Path(folder) / key[:2] / f"{key}.pkl", pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    )


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


def _note_damaged(path: Path, err: Exception, what: str) -> None:
    NOTES.append(f"cache file {path.name} is damaged ({err}); {what}")


def _read(path: Path, what: str) -> tuple[object, dict, dict] | None:
    """A bundle's contents, or None when it is missing (silently) or damaged (with a note)."""
    try:
        return read_bundle(path)
    except FileNotFoundError:
        return None
    except (OSError, BundleError) as err:
        _note_damaged(path, err, what)
        return None


@dataclass
class Held:
    """Which claims each chunk's kept figures belong to: row k says the chunk state
    ``states[index[k]]`` (its key and dropped copies) holds claim ``claim_ids[k]``."""

    states: list[str]
    index: np.ndarray  # int32
    claim_ids: pa.Array  # string

    @classmethod
    def empty(cls) -> Held:
        return cls([], np.empty(0, np.int32), pa.array([], pa.string()))


def cached_claims(cache_dir: Path) -> tuple[str, pa.Table, Held] | None:
    """The claims table of the previous build with the key of the chunks and drops it was grouped
    from, and which claims each of its chunks held (``Held``); None when missing or damaged."""
    path = Path(cache_dir) / CLAIMS_FILE
    found = _read(path, "the claims are grouped again")
    if found is None:
        return None
    meta, tables, arrays = found
    try:
        table, index = tables["claims"], arrays["index"]
        held = Held(list(meta["states"]), index, tables["held"].column("claim_id").combine_chunks())
        ok = (
            meta["version"] == CLAIMS_VERSION
            and isinstance(meta["key"], str)
            and table.schema.equals(SCHEMAS["claims"])
            and len(index) == len(held.claim_ids)
            and (not len(index) or 0 <= int(index.min()) <= int(index.max()) < len(held.states))
        )
    except (KeyError, TypeError, ValueError, pa.ArrowInvalid) as err:
        _note_damaged(path, err, "the claims are grouped again")
        return None
    return (meta["key"], table, held) if ok else None


def store_claims(cache_dir: Path, key: str, table: pa.Table, held: Held) -> None:
    write_bundle(
        Path(cache_dir) / CLAIMS_FILE,
        {"version": CLAIMS_VERSION, "key": key, "states": held.states},
        {"claims": table, "held": pa.table({"claim_id": held.claim_ids})},
        {"index": held.index.astype(np.int32, copy=False)},
    )


def cached_summaries(cache_dir: Path) -> tuple[dict[str, Chunk], int]:
    """The chunk summaries of the summaries file, by chunk key (empty when missing or damaged),
    and how many chunks the file lists.

    Only chunks whose folder is still there are returned; each comes with its article rows and
    figures as slices of shared tables and its samples as views of one shared array (nothing
    built per article), all views of the memory-mapped file.
    """
    path = Path(cache_dir) / SUMMARIES_FILE
    what = "the chunk summaries are read from each chunk's folder"
    found = _read(path, what)
    if found is None:
        return {}, 0
    meta, tables, arrays = found
    try:
        if meta["version"] != SUMMARIES_VERSION:
            return {}, 0
        records, articles, figures = meta["records"], tables["articles"], tables.get("figures")
        flat, bounds = arrays["samples"], arrays["offsets"].tolist()
        if not articles.schema.equals(SCHEMAS["articles"]) or len(bounds) != articles.num_rows + 1:
            raise BundleError("the article rows and the samples differ")
        if bounds[-1] != len(flat):
            raise BundleError("the samples are cut short")
        out: dict[str, Chunk] = {}
        present = _chunk_folders(cache_dir)
        for key, first, n, fig_first, fig_n, rejected, documents, files, duplicates, rows in records:
            if key not in present:
                continue
            folder = chunk_folder(cache_dir, key)
            out[key] = Chunk(
                articles=articles.slice(first, n),
                samples=[flat[bounds[a] : bounds[a + 1]] for a in range(first, first + n)],
                figures=figures.slice(fig_first, fig_n) if fig_n >= 0 and figures is not None else None,
                rejected=[tuple(r) for r in rejected],
                documents=documents,
                files=files,
                duplicates=duplicates,
                rows=rows,
                folder=str(folder),
                key=key,
            )
        return out, len(records)
    except (KeyError, TypeError, ValueError, IndexError) as err:
        _note_damaged(path, err, what)
        return {}, 0


def _chunk_folders(cache_dir: Path) -> set[str]:
    """The keys of the chunk folders in the cache: one listing per key prefix (≈256), not a
    ``stat`` per chunk (≈3,000 at 10⁵ articles)."""
    present: set[str] = set()
    try:
        prefixes = [e.path for e in os.scandir(Path(cache_dir) / "chunks") if e.is_dir()]
    except OSError:
        return present
    for prefix in prefixes:
        try:
            present.update(e.name for e in os.scandir(prefix) if e.is_dir())
        except OSError:
            continue
    return present


def summaries_stale(chunk_keys: list[str], stored: dict[str, Chunk], listed: int) -> bool:
    """Whether the summaries file should be rewritten for a build of the chunks ``chunk_keys``:
    none of them is in it, too many of them miss from it (each costs a read of its own summary)
    or it lists too many chunks that are gone (it only grows)."""
    hits = sum(1 for k in chunk_keys if k in stored)
    missing, gone = len(chunk_keys) - hits, listed - hits
    if not (missing or gone):
        return False
    return not hits or missing + gone > max(COMPACT_MIN, COMPACT_SHARE * len(chunk_keys))


def store_summaries(cache_dir: Path, chunks: list[Chunk]) -> None:
    """Keep the summaries of ``chunks`` (keyed, complete) together for the next build: every
    chunk's article rows as one table, its figures as another, the samples as one array (a
    bundle: one file, read back memory-mapped)."""
    records, pieces, tables, figs, first, fig_first = [], [], [], [], 0, 0
    for c in chunks:
        n = c.articles.num_rows
        fig_n = -1 if c.figures is None else c.figures.num_rows  # -1: no figures table at all
        records.append(
            [c.key, first, n, fig_first, fig_n, [list(r) for r in c.rejected], c.documents, c.files]
            + [c.duplicates, c.rows]
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
    out = {
        "articles": pa.concat_tables(tables).combine_chunks() if tables else SCHEMAS["articles"].empty_table()
    }
    if figs:
        out["figures"] = pa.concat_tables(figs).combine_chunks()
    meta = {"version": SUMMARIES_VERSION, "records": records}
    write_bundle(Path(cache_dir) / SUMMARIES_FILE, meta, out, {"samples": flat, "offsets": offsets})
