"""The term index as build output: each ``term_counts`` part's rows as integer arrays, ready to map.

The dashboard sums term counts over a selection with numpy (``dashboard.store.termindex``), which
needs ``term_counts`` as integer arrays: article number, term number, count. Computing them from
the Parquet parts took the dashboard's first start after a build several seconds at 10⁵ articles,
so the build writes them, one file pair per part, beside the tables::

    indexes/term/part-NNNNNN.npy   shape (3, rows): local article, local term, count (uint16 when
                                   every value fits, as usual: half the bytes to write and map;
                                   else int32)
    indexes/term/part-NNNNNN.json  the part's article ids and terms (what the local numbers mean),
                                   per-term totals, and a fingerprint of the Parquet part it indexes
                                   (``write.fingerprint``: its size and a hash of its footer)

The numbers are local to the part and the description names no part number (a cached segment can
become another part in a later build), so a part's index files depend on that part's rows alone:
an incremental build rewrites (or links) exactly the index files of the parts it rewrites. The dashboard maps the
parts and turns local numbers into global ones (article positions, one sorted vocabulary) at open,
a gather per part (``combine``). An index whose recorded fingerprint does not match the part of
the same name is not used (the dashboard then computes the index itself, as for an output
written before there were index files).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .write import fingerprint, link, part_path, write_atomic

INDEX_DIR = Path("indexes") / "term"
FORMAT_VERSION = 2  # 2: tied to its part by ``write.fingerprint`` (size and footer hash)
SOURCE_TABLE = "term_counts"


def part_files(output: Path, part_name: str) -> tuple[Path, Path]:
    """The (arrays, description) files of the index of the ``term_counts`` part ``part_name``."""
    stem = Path(part_name).name.removesuffix(".parquet")
    folder = Path(output) / INDEX_DIR
    return folder / f"{stem}.npy", folder / f"{stem}.json"


def write_part(npy: Path, desc: Path, term_counts: pa.Table, parquet: Path) -> None:
    """Write the index of one ``term_counts`` part (already written at ``parquet``): the arrays
    first, the description last (its presence marks a complete pair)."""
    table = term_counts.select(["article_id", "term", "count"]).combine_chunks()
    arts = pc.dictionary_encode(table.column("article_id")).chunk(0) if table.num_rows else None
    terms = pc.dictionary_encode(table.column("term")).chunk(0) if table.num_rows else None
    rows = table.num_rows
    arrays = np.zeros((3, rows), dtype=np.int64)
    article_ids: list[str] = []
    vocab: list[str] = []
    if arts is not None and terms is not None:
        arrays[0] = arts.indices.to_numpy(zero_copy_only=False)
        arrays[1] = terms.indices.to_numpy(zero_copy_only=False)
        arrays[2] = table.column("count").to_numpy()
        article_ids = arts.dictionary.to_pylist()
        vocab = terms.dictionary.to_pylist()
    n = len(vocab)
    occ = np.bincount(arrays[1], weights=arrays[2], minlength=n).astype(np.int64)
    with_term = np.bincount(arrays[1], minlength=n).astype(np.int64)
    small = not rows or (arrays.min() >= 0 and arrays.max() <= np.iinfo(np.uint16).max)
    buf = io.BytesIO()
    np.save(buf, arrays.astype(np.uint16 if small else np.int32))
    write_atomic(npy, buf.getvalue())
    description = {
        "version": FORMAT_VERSION,
        "source": fingerprint(parquet),
        "rows": rows,
        "articles": article_ids,
        "vocab": vocab,
        "occurrences": occ.tolist(),
        "articles_with": with_term.tolist(),
    }
    write_atomic(desc, json.dumps(description, ensure_ascii=False, sort_keys=True).encode("utf-8"))


@dataclass
class PartIndex:
    """One part's index as read back: the arrays memory-mapped, local numbers' meanings."""

    arrays: np.ndarray  # uint16 or int32 (3, rows), memory-mapped
    articles: list[str]
    vocab: list[str]
    occurrences: np.ndarray
    articles_with: np.ndarray


def read_parts(output: Path, parquet_parts: list[Path]) -> list[PartIndex] | None:
    """The index of every given ``term_counts`` part of ``output``, or None when any is missing,
    unreadable or belongs to another Parquet file than the one beside it."""
    out = []
    for part in parquet_parts:
        npy, desc = part_files(output, part.name)
        try:
            meta = json.loads(desc.read_text(encoding="utf-8"))
            if meta.get("version") != FORMAT_VERSION or meta.get("source") != fingerprint(part):
                return None
            arrays = np.load(npy, mmap_mode="r") if meta["rows"] else np.empty((3, 0), dtype=np.int32)
            if arrays.shape != (3, meta["rows"]) or arrays.dtype not in (np.uint16, np.int32):
                return None
            out.append(
                PartIndex(
                    arrays,
                    meta["articles"],
                    meta["vocab"],
                    np.asarray(meta["occurrences"], dtype=np.int64),
                    np.asarray(meta["articles_with"], dtype=np.int64),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return out


@dataclass
class Combined:
    """The parts' indexes in global numbers: article positions, one sorted vocabulary."""

    aid: np.ndarray  # int32 article position per row (rows of unknown articles dropped)
    tid: np.ndarray  # int32 position in ``vocab``
    count: np.ndarray  # int32
    vocab: np.ndarray  # sorted distinct terms (object)
    part_of: np.ndarray  # int32 part number per article position (-1: none)
    occurrences: np.ndarray  # int64 per vocabulary term, corpus-wide
    articles_with: np.ndarray  # int64 per vocabulary term


def combine(parts: list[PartIndex], positions: pd.Index) -> Combined:
    """Concatenate the parts in order, local numbers mapped to article positions (``positions``:
    the sorted article ids) and to the sorted union of the parts' vocabularies.

    Rows come out in the same order as reading the Parquet parts one after another, and the
    vocabulary is the same sorted set, so the arrays equal an index computed from the tables.
    """
    words = [np.asarray(p.vocab, dtype=object) for p in parts]
    joined = np.concatenate(words) if words else np.array([], dtype=object)
    vocab = pd.Index(np.sort(pd.unique(joined))) if len(joined) else pd.Index([], dtype=object)
    # one lookup for every part's terms and one for every part's articles (not one per part)
    term_ends = np.cumsum([len(w) for w in words], dtype=np.int64)
    to_tids = np.split(vocab.get_indexer(joined).astype(np.int32), term_ends[:-1])
    named = [np.asarray(p.articles, dtype=object) for p in parts]
    art_ends = np.cumsum([len(a) for a in named], dtype=np.int64)
    all_named = np.concatenate(named) if named else np.array([], dtype=object)
    to_poss = np.split(positions.get_indexer(all_named).astype(np.int32), art_ends[:-1])
    sizes = [p.arrays.shape[1] for p in parts]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    total = int(starts[-1])
    aid = np.empty(total, dtype=np.int32)
    tid = np.empty(total, dtype=np.int32)
    cnt = np.empty(total, dtype=np.int32)
    part_of = np.full(len(positions), -1, dtype=np.int32)
    n = len(vocab)
    occ = np.zeros(n, dtype=np.int64)
    arts = np.zeros(n, dtype=np.int64)
    for i, part in enumerate(parts):
        lo, hi = int(starts[i]), int(starts[i + 1])
        to_pos, to_tid = to_poss[i], to_tids[i]
        if hi > lo:  # gathered straight into place: no temporaries
            np.take(to_pos, part.arrays[0], out=aid[lo:hi])
            np.take(to_tid, part.arrays[1], out=tid[lo:hi])
            cnt[lo:hi] = part.arrays[2]
        part_of[to_pos[to_pos >= 0]] = i
        occ[to_tid] += part.occurrences  # a part's terms are distinct: no repeated index
        arts[to_tid] += part.articles_with
    keep = aid >= 0  # rows of articles missing from the articles table are ignored
    if not keep.all():
        aid, tid, cnt = aid[keep], tid[keep], cnt[keep]
        occ = np.bincount(tid, weights=cnt, minlength=n).astype(np.int64)
        arts = np.bincount(tid, minlength=n).astype(np.int64)
    return Combined(aid, tid, cnt, vocab.to_numpy(dtype=object), part_of, occ, arts)


# ------------------------------------------------------------ the build's hooks (segments.py)
# (the same three as ``textindex``'s: where a segment's index goes, writing it, placing it)


def segment_target(out: Path, s: int, store: Path | None) -> str:
    """Where segment ``s``'s index files are written (a path prefix): in its cached store, named
    for the content (a stored segment can become another part later), else in the output."""
    if store is not None:
        return str(Path(store) / "term_index")
    npy, _ = part_files(out, part_path(out, SOURCE_TABLE, s).name)
    return str(npy.with_suffix(""))


def _files(target: str) -> tuple[Path, Path]:
    return Path(target + ".npy"), Path(target + ".json")


def write_at(target: str, term_counts: pa.Table, parquet: Path) -> None:
    """``write_part`` at the path prefix ``target`` (``segment_target``)."""
    write_part(*_files(target), term_counts, parquet)


def place_segment(out: Path, s: int, store: Path | None) -> None:
    """Put segment ``s``'s index in the output: link its stored files (written now if a store
    lacks them), or write the index of an empty output's only part."""
    dst = segment_target(out, s, None)
    parquet = part_path(out, SOURCE_TABLE, s)
    if store is None:
        if not _files(dst)[1].is_file():  # no rows were written by a job
            write_at(dst, pq.read_table(parquet), parquet)
        return
    src = segment_target(out, s, store)
    if not _files(src)[1].is_file():
        write_at(src, pq.read_table(parquet), parquet)
    _files(dst)[0].parent.mkdir(parents=True, exist_ok=True)
    for a, b in zip(_files(src), _files(dst), strict=True):
        link(a, b)
