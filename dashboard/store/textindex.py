"""Keyword text index: a per-article bit signature of the paragraph text, plus the text on disk.

A keyword search at 10⁵ articles would otherwise scan every paragraph's text (seconds). The index
narrows the search to the articles whose signature holds all of the keyword's character bigrams
(and ASCII trigrams); those articles' text is then matched with the same condition as the full
scan, so the answer is identical. Built once per dataset in a low-priority child process and
cached on disk (``CHIPWAR_CACHE``), keyed by the paragraphs part files. No Streamlit here.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.store.cache import dataset_dir, publish

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]


def _quoted(path: Path) -> str:
    # a path the app found on disk, never user text; quoted as an SQL string literal
    return "'" + str(path).replace("'", "''") + "'"


TEXT_INDEX_BITS = 16_384  # signature bits per article (two per character bigram / character)
_HASH_SHIFT = 64 - 14  # log2(TEXT_INDEX_BITS) = 14
_H1, _H2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
TEXT_INDEX_BLOCK = 512  # articles per signature block (bounds the build's temporaries)
_NO_CHAR = 0x110000  # beyond Unicode: the second "character" of a single-character key


def _signature_bits(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two bit numbers per key (uint64 keys in, int64 bits out)."""
    with np.errstate(over="ignore"):  # multiplicative hashing wraps around on purpose
        a = (keys * _H1) >> np.uint64(_HASH_SHIFT)
        b = ((keys ^ np.uint64(0x5BD1E995)) * _H2) >> np.uint64(_HASH_SHIFT)
    return a.astype(np.int64), b.astype(np.int64)


_SHIFT = np.uint64(21)  # bits of a code point


def _keys_of(codes: np.ndarray, owner: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
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


def _text_keys(codes: np.ndarray) -> np.ndarray:
    """The keys a text must hold to contain this lower-cased keyword: its bigrams and ASCII
    trigrams, or its one character."""
    keys, _ = _keys_of(codes)
    if len(codes) >= 2:
        keys = keys[len(codes) :]  # not the single characters: implied by the bigrams
    return keys


def _flat(strings: pa.Array) -> tuple[bytes, np.ndarray]:
    """The UTF-8 bytes of a string array back to back, and each string's start (plus the end)."""
    strings = strings.cast(pa.large_string())
    _, off_buf, data_buf = strings.buffers()
    off = np.frombuffer(off_buf, dtype=np.int64)[strings.offset : strings.offset + len(strings) + 1]
    body = data_buf.to_pybytes()[off[0] : off[-1]] if data_buf is not None else b""
    return body, off - off[0]


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def keyword_keys(lowered: str) -> np.ndarray:
    """The index keys of a (lower-cased) keyword, for ``TextIndex.candidates``."""
    return _text_keys(_codes(lowered))


@dataclass
class TextIndex:
    """A per-article signature of the lower-cased paragraph text, plus the text itself on disk.

    Each article sets two bits (of ``TEXT_INDEX_BITS``) per distinct character and character
    bigram of its lower-cased text (DuckDB ``lower``: one code point for one, so a substring of a
    text stays a substring after lowering). An article whose text contains a keyword, in any
    case, therefore has every bit of the keyword's bigrams (or of its one character) set: the
    signature only narrows the candidates, and the candidates' text is then matched with the very
    same SQL condition as the full scan, so the answer is identical. Bits are stored per table
    part and bit row, so a lookup reads a few hundred bytes per part (no big resident arrays).
    """

    folder: Path
    ids: np.ndarray  # article id of each slot (object)
    blocks: list[tuple[int, int, int]]  # per part: (first slot, slots, byte offset in bits.bin)
    text_offsets: np.ndarray  # int64, slots + 1: where each slot's text is in text.bin
    lower_offsets: np.ndarray  # the same in lower.bin (its lower-cased text)

    def candidates(self, keys: list[np.ndarray]) -> np.ndarray:
        """Slots that may hold any of the keywords (given as their ``_text_keys``), sorted."""
        bits = np.memmap(self.folder / "bits.bin", dtype=np.uint8, mode="r")
        wanted = [np.unique(np.concatenate(_signature_bits(k))) for k in keys]
        hits: list[np.ndarray] = []
        for first_slot, slots, offset in self.blocks:
            width = (slots + 7) // 8
            rows = bits[offset : offset + TEXT_INDEX_BITS * width].reshape(TEXT_INDEX_BITS, width)
            anyhit = np.zeros(width, dtype=np.uint8)
            for want in wanted:
                anyhit |= np.bitwise_and.reduce(rows[want], axis=0)
            got = np.flatnonzero(np.unpackbits(anyhit)[:slots])
            if len(got):
                hits.append(got + first_slot)
        return np.concatenate(hits) if hits else np.array([], np.int64)

    def texts(self, slots: np.ndarray, lower: bool = False) -> pa.Table:
        """(article_id, text) of the given sorted slots: each article's paragraphs joined by NUL
        (lower-cased by DuckDB's ``lower`` if ``lower``).

        Slots that fill much of their span are read in one go and taken from it; sparse ones
        are read one by one (callers pass a bounded window of slots).
        """
        if not len(slots):
            return pa.table(
                {"article_id": pa.array([], pa.string()), "text": pa.array([], pa.large_string())}
            )
        offsets = self.lower_offsets if lower else self.text_offsets
        lo, hi = int(slots[0]), int(slots[-1]) + 1
        starts, ends = offsets[slots], offsets[slots + 1]
        with open(self.folder / ("lower.bin" if lower else "text.bin"), "rb") as fh:
            if 4 * int((ends - starts).sum()) >= int(offsets[hi] - offsets[lo]):
                fh.seek(int(offsets[lo]))
                body = fh.read(int(offsets[hi] - offsets[lo]))
                rel = (offsets[lo : hi + 1] - offsets[lo]).astype(np.int64)
                pick = pa.array(slots - lo)
                # the file holds what the build wrote from valid strings: no second UTF-8 validation
                text = pa.LargeStringArray.from_buffers(hi - lo, pa.py_buffer(rel), pa.py_buffer(body))
                return pa.table({"article_id": self.arrow_ids[lo:hi].take(pick), "text": text.take(pick)})
            pieces = []
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
                fh.seek(start)
                pieces.append(fh.read(end - start))
        rel = np.concatenate([[0], np.cumsum(ends - starts)]).astype(np.int64)
        text = pa.LargeStringArray.from_buffers(len(slots), pa.py_buffer(rel), pa.py_buffer(b"".join(pieces)))
        return pa.table({"article_id": self.arrow_ids.take(pa.array(slots)), "text": text})

    @functools.cached_property
    def arrow_ids(self) -> pa.Array:
        """The slots' article ids as one Arrow array (sliced per read)."""
        return pa.array(self.ids.tolist(), pa.string())


def index_dir(folder: Path, files: list[Path], root: Path | None = None) -> Path | None:
    """Where the index of the dataset in ``folder`` (its paragraphs part ``files``) is cached:
    keyed by the folder and every part's name, size and modification time."""
    if not files:
        return None
    return dataset_dir(f"text-index-v3-{TEXT_INDEX_BITS}", folder, files, root)


def _open(where: Path) -> TextIndex:
    meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
    return TextIndex(
        where,
        np.array(meta["ids"], dtype=object),
        [tuple(b) for b in meta["blocks"]],
        np.load(where / "offsets.npy"),
        np.load(where / "lower_offsets.npy"),
    )


_BUILD_CHILD = """
import os, sys
from pathlib import Path
try:
    os.nice(15)  # a background job: the app's pages come first
except OSError:
    pass
from dashboard.store.textindex import build_files
build_files([Path(a) for a in sys.argv[2:]], Path(sys.argv[1]))
"""


def _build_in_child(files: list[Path], out: Path) -> None:
    """Build the text index files in a child process at low priority.

    A thread would hold the app's GIL for much of a minute at 10⁵ articles (per-block numpy
    and Arrow work), slowing every page meanwhile; a process only shares the cores.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_CHILD, str(out), *map(str, files)],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise OSError(f"text index build failed: {done.stderr[-500:]}")


def build_files(files: list[Path], out: Path) -> None:
    """Write the keyword text index of the paragraphs part ``files`` into the (existing) folder ``out``."""
    con = duckdb.connect()
    _build_text_index(lambda sql: con.sql(sql), files, out)


def text_index(
    folder: Path, files: list[Path], build: bool = True, root: Path | None = None
) -> TextIndex | None:
    """The keyword text index of the paragraphs part ``files`` of the dataset in ``folder``, from
    the on-disk cache (under ``root``, default ``cache_root()``), else built there (None when it
    cannot be, or not ``build``)."""
    where = index_dir(folder, files, root)
    if where is None:
        return None
    if (where / "done").is_file():
        try:
            return _open(where)
        except (OSError, ValueError, KeyError):
            log.warning("text index cache %s unreadable: rebuilt", where)
    if not build:
        return None
    tmp = where.with_name(where.name + f".tmp{os.getpid()}.{threading.get_ident()}")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        try:
            _build_in_child(files, tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        publish(tmp, where)
        return _open(where)
    except OSError as exc:
        log.warning("text index not cached (%s)", exc)
        return None


def _signatures(codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Packed signature bits (``TEXT_INDEX_BITS`` rows × articles) of consecutive articles' text."""
    owner = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    signature = np.zeros((TEXT_INDEX_BITS, len(lengths)), dtype=bool)
    keys, who = _keys_of(codes, owner)
    a, b = _signature_bits(keys)
    signature[a, who] = True
    signature[b, who] = True
    return np.packbits(signature, axis=1)


def _build_text_index(query: Callable[[str], duckdb.DuckDBPyRelation], files: list[Path], out: Path) -> None:
    """Write text.bin (paragraphs joined by NUL per article), lower.bin (the same lower-cased by
    DuckDB), their offsets, bits.bin and meta.json for every paragraphs part into ``out``."""
    ids: list[str] = []
    blocks: list[list[int]] = []
    offsets: list[np.ndarray] = [np.zeros(1, np.int64)]
    low_offsets: list[np.ndarray] = [np.zeros(1, np.int64)]
    text_at = low_at = bits_at = 0
    with (
        open(out / "text.bin", "wb") as text_file,
        open(out / "lower.bin", "wb") as low_file,
        open(out / "bits.bin", "wb") as bits_file,
    ):
        for part in files:
            rows = query(
                "SELECT article_id, coalesce(text, '') AS text, lower(coalesce(text, '')) AS low "
                f"FROM read_parquet({_quoted(part)}) ORDER BY article_id, paragraph"
            ).to_arrow_table()
            if rows.num_rows == 0:
                continue
            aid = rows.column("article_id").combine_chunks()
            first_row = np.flatnonzero(
                np.concatenate([[True], pc.not_equal(aid[1:], aid[:-1]).to_numpy(zero_copy_only=False)])
            )
            n = len(first_row)
            ids += aid.take(pa.array(first_row)).to_pylist()
            # every row ends with NUL (never in a keyword): a match cannot span two paragraphs
            joined = pc.binary_join_element_wise(rows.column("text").combine_chunks(), "\x00", "")
            body, raw_off = _flat(joined)
            text_file.write(body)
            bounds = np.append(raw_off[first_row], raw_off[-1])
            offsets.append(bounds[1:] + text_at)
            text_at += len(body)
            low = pc.binary_join_element_wise(rows.column("low").combine_chunks(), "\x00", "")
            low_body, low_off = _flat(low)
            low_file.write(low_body)
            low_offsets.append(np.append(low_off[first_row], low_off[-1])[1:] + low_at)
            low_at += len(low_body)
            codes = _codes(low_body.decode("utf-8"))
            row_chars = pc.utf8_length(low).to_numpy().astype(np.int64)
            char_at = np.concatenate([[0], np.cumsum(np.add.reduceat(row_chars, first_row))])
            # a few hundred articles at a time: the temporaries stay a few tens of MB
            for lo in range(0, n, TEXT_INDEX_BLOCK):
                hi = min(n, lo + TEXT_INDEX_BLOCK)
                packed = _signatures(codes[char_at[lo] : char_at[hi]], np.diff(char_at[lo : hi + 1]))
                bits_file.write(packed.tobytes())
                blocks.append([len(ids) - n + lo, hi - lo, bits_at])
                bits_at += packed.nbytes
    np.save(out / "offsets.npy", np.concatenate(offsets))
    np.save(out / "lower_offsets.npy", np.concatenate(low_offsets))
    meta = {"ids": ids, "blocks": blocks, "bits": TEXT_INDEX_BITS}
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (out / "done").write_text("", encoding="utf-8")
