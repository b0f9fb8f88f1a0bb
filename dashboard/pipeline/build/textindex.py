"""The keyword text index as build output: per ``paragraphs`` part, its text ready to map and a
per-article bit signature of it.

A keyword search over the whole corpus would otherwise read every paragraph's text from Parquet
(seconds at 10⁵ articles). For each paragraphs part the build writes, beside the tables::

    indexes/text/part-NNNNNN.text.bin     each article's paragraphs, each followed by NUL, back to back (UTF-8)
    indexes/text/part-NNNNNN.lower.bin    the same lower-cased by DuckDB ``lower``
    indexes/text/part-NNNNNN.bits.bin     the signature bits, in blocks of ``BLOCK`` articles
    indexes/text/part-NNNNNN.offsets.npy  int64 (2, articles + 1): where each article starts in
                                          text.bin (row 0) and lower.bin (row 1), plus the ends
    indexes/text/part-NNNNNN.json         the article ids in order (ascending), the blocks, the
                                          format, and a fingerprint of the Parquet part it indexes

Each article sets two of ``BITS`` signature bits per distinct character, character bigram and
ASCII trigram of its lower-cased text: a text holding a substring holds all of the substring's
keys, so the signature rules articles out and never in (the dashboard then matches the text).
The files of a part depend on that part's rows alone, so an incremental build rewrites (or links)
exactly the index files of the parts it rewrites; the description is written last and marks a
complete part. An index whose fingerprint does not match the Parquet part of the same name is
not used (the dashboard then builds its own, as for outputs written before these files existed).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .write import fingerprint, link, part_path, write_atomic

INDEX_DIR = Path("indexes") / "text"
SOURCE_TABLE = "paragraphs"
FORMAT_VERSION = 1
BITS = 16_384  # signature bits per article (two per key)
_HASH_SHIFT = 64 - 14  # log2(BITS) = 14
_H1, _H2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
BLOCK = 512  # articles per signature block (bounds the build's temporaries; a lookup reads rows of a block)
_NO_CHAR = 0x110000  # beyond Unicode: the second "character" of a single-character key
_SHIFT = np.uint64(21)  # bits of a code point
SUFFIXES = (
    "text.bin",
    "lower.bin",
    "bits.bin",
    "offsets.npy",
    "json",
)  # a part's files; the description last


def signature_bits(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two bit numbers per key (uint64 keys in, int64 bits out)."""
    with np.errstate(over="ignore"):  # multiplicative hashing wraps around on purpose
        a = (keys * _H1) >> np.uint64(_HASH_SHIFT)
        b = ((keys ^ np.uint64(0x5BD1E995)) * _H2) >> np.uint64(_HASH_SHIFT)
    return a.astype(np.int64), b.astype(np.int64)


def keys_of(codes: np.ndarray, owner: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Index keys of a lower-cased text given as code points (NUL separates texts) and their owners.

    Every character, every character bigram, and every trigram of ASCII characters: English has
    so few distinct bigrams that nearly every English text holds any word's bigrams, its trigrams
    tell texts apart. A text holding a substring holds all of that substring's keys.
    """
    c = codes.astype(np.uint64)
    parts, owners = [], []
    real = codes != 0
    parts.append((c[real] << _SHIFT) | np.uint64(_NO_CHAR))
    owners.append(owner[real] if owner is not None else None)
    if len(c) >= 2:
        pair = real[:-1] & real[1:]
        parts.append((c[:-1][pair] << _SHIFT) | c[1:][pair])
        owners.append(owner[:-1][pair] if owner is not None else None)
    if len(c) >= 3:
        ascii_ = real & (codes < 128)
        tri = ascii_[:-2] & ascii_[1:-1] & ascii_[2:]
        parts.append((c[:-2][tri] << (_SHIFT + _SHIFT)) | (c[1:-1][tri] << _SHIFT) | c[2:][tri])
        owners.append(owner[:-2][tri] if owner is not None else None)
    keys = np.concatenate(parts)
    return keys, (np.concatenate(owners) if owner is not None else None)


def codes_of(text: str) -> np.ndarray:
    """The code points of ``text``."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _signatures(codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Packed signature bits (``BITS`` rows × articles) of consecutive articles' text."""
    owner = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    signature = np.zeros((BITS, len(lengths)), dtype=bool)
    keys, who = keys_of(codes, owner)
    a, b = signature_bits(keys)
    signature[a, who] = True
    signature[b, who] = True
    return np.packbits(signature, axis=1)


def _flat(strings: pa.Array) -> tuple[bytes, np.ndarray]:
    """The UTF-8 bytes of a string array back to back, and each string's start (plus the end)."""
    strings = strings.cast(pa.large_string())
    _, off_buf, data_buf = strings.buffers()
    off = np.frombuffer(off_buf, dtype=np.int64)[strings.offset : strings.offset + len(strings) + 1]
    body = data_buf.to_pybytes()[off[0] : off[-1]] if data_buf is not None else b""
    return body, off - off[0]


def part_files(folder: Path, stem: str) -> dict[str, Path]:
    """The index files of one part, by suffix: ``folder/<stem>.<suffix>``."""
    return {s: Path(folder) / f"{stem}.{s}" for s in SUFFIXES}


def output_stem(part_name: str) -> str:
    """The stem of the index files of the paragraphs part file ``part_name`` in an output."""
    return Path(part_name).name.removesuffix(".parquet")


def _rows(paragraphs: pa.Table) -> pa.Table:
    """(article_id, text, low) of a paragraphs part: missing text as empty, lower-cased by DuckDB
    (the keyword search's ``ILIKE`` lowers with the same function), in article and paragraph order."""
    table = paragraphs.select(["article_id", "paragraph", "text"])
    con = duckdb.connect()
    try:
        con.register("_paragraphs", table)
        return con.sql(
            "SELECT article_id, coalesce(text, '') AS text, lower(coalesce(text, '')) AS low "
            "FROM _paragraphs ORDER BY article_id, paragraph"
        ).to_arrow_table()
    finally:
        con.close()


def write_part(folder: Path, stem: str, paragraphs: pa.Table, parquet: Path) -> None:
    """Write the text index of one paragraphs part (its rows ``paragraphs``, already written at
    ``parquet``) as ``folder/<stem>.*``; the description last, so its presence marks a complete part."""
    files = part_files(folder, stem)
    rows = _rows(paragraphs)
    ids: list[str] = []
    blocks: list[list[int]] = []
    text_body = low_body = b""
    offsets = np.zeros((2, 1), dtype=np.int64)
    bits = io.BytesIO()
    if rows.num_rows:
        aid = rows.column("article_id").combine_chunks()
        first_row = np.flatnonzero(
            np.concatenate([[True], pc.not_equal(aid[1:], aid[:-1]).to_numpy(zero_copy_only=False)])
        )
        n = len(first_row)
        ids = aid.take(pa.array(first_row)).to_pylist()
        # every row ends with NUL (never in a keyword): a match cannot span two paragraphs
        joined = pc.binary_join_element_wise(rows.column("text").combine_chunks(), "\x00", "")
        text_body, raw_off = _flat(joined)
        low = pc.binary_join_element_wise(rows.column("low").combine_chunks(), "\x00", "")
        low_body, low_off = _flat(low)
        offsets = np.stack(
            [np.append(raw_off[first_row], raw_off[-1]), np.append(low_off[first_row], low_off[-1])]
        ).astype(np.int64)
        codes = codes_of(low_body.decode("utf-8"))
        row_chars = pc.utf8_length(low).to_numpy().astype(np.int64)
        char_at = np.concatenate([[0], np.cumsum(np.add.reduceat(row_chars, first_row))])
        # a few hundred articles at a time: the temporaries stay a few tens of MB
        for lo in range(0, n, BLOCK):
            hi = min(n, lo + BLOCK)
            packed = _signatures(codes[char_at[lo] : char_at[hi]], np.diff(char_at[lo : hi + 1]))
            blocks.append([lo, hi - lo, bits.tell()])
            bits.write(packed.tobytes())
    write_atomic(files["text.bin"], text_body)
    write_atomic(files["lower.bin"], low_body)
    write_atomic(files["bits.bin"], bits.getvalue())
    buf = io.BytesIO()
    np.save(buf, offsets)
    write_atomic(files["offsets.npy"], buf.getvalue())
    meta = {
        "version": FORMAT_VERSION,
        "bits": BITS,
        "source": fingerprint(parquet),
        "ids": ids,
        "blocks": blocks,
    }
    write_atomic(files["json"], json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))


@dataclass
class PartIndex:
    """One part's index as read back: where its files are, its article ids and signature blocks."""

    files: dict[str, Path]
    ids: list[str]
    blocks: list[tuple[int, int, int]]  # (first article in the part, articles, byte offset in bits.bin)
    offsets: np.ndarray  # int64 (2, articles + 1)


def read_part(folder: Path, stem: str, parquet: Path) -> PartIndex | None:
    """The index of the paragraphs part ``parquet`` written as ``folder/<stem>.*``, or None when
    it is missing, unreadable, of another format or built from another Parquet file."""
    files = part_files(folder, stem)
    try:
        meta = json.loads(files["json"].read_text(encoding="utf-8"))
        if meta.get("version") != FORMAT_VERSION or meta.get("bits") != BITS:
            return None
        if meta.get("source") != fingerprint(parquet):
            return None
        offsets = np.load(files["offsets.npy"])
        ids = meta["ids"]
        if offsets.shape != (2, len(ids) + 1) or offsets.dtype != np.int64:
            return None
        if (
            files["text.bin"].stat().st_size != offsets[0, -1]
            or files["lower.bin"].stat().st_size != offsets[1, -1]
        ):
            return None
        return PartIndex(files, ids, [tuple(b) for b in meta["blocks"]], offsets)
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ------------------------------------------------------------ the build's hooks (segments.py)


def segment_target(out: Path, s: int, store: Path | None) -> str:
    """Where segment ``s``'s index files are written (a path prefix): in its cached store, named
    for the content (a stored segment can become another part later), else in the output."""
    if store is not None:
        return str(Path(store) / "text_index")
    return str(Path(out) / INDEX_DIR / output_stem(part_path(out, SOURCE_TABLE, s).name))


def write_at(target: str, paragraphs: pa.Table, parquet: Path) -> None:
    """``write_part`` at the path prefix ``target`` (``segment_target``)."""
    where = Path(target)
    write_part(where.parent, where.name, paragraphs, parquet)


def place_segment(out: Path, s: int, store: Path | None) -> None:
    """Put segment ``s``'s index in the output: link its stored files (written now if a store
    lacks them), or write the index of an empty output's only part."""
    dst = Path(segment_target(out, s, None))
    parquet = part_path(out, SOURCE_TABLE, s)
    if store is None:
        if not part_files(dst.parent, dst.name)["json"].is_file():  # no rows were written by a job
            write_at(str(dst), pq.read_table(parquet), parquet)
        return
    src = Path(segment_target(out, s, store))
    if read_part(src.parent, src.name, parquet) is None:
        write_at(str(src), pq.read_table(parquet), parquet)
    dst.parent.mkdir(parents=True, exist_ok=True)
    for suffix, path in part_files(src.parent, src.name).items():
        link(path, part_files(dst.parent, dst.name)[suffix])
