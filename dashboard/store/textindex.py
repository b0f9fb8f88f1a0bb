"""Keyword text index: a per-article bit signature of the paragraph text, plus the text on disk.

A keyword search at 10⁵ articles would otherwise scan every paragraph's text (seconds). The index
narrows the search to the articles whose signature holds all of the keyword's character bigrams
(and ASCII trigrams); those articles' text is then matched with the same condition as the full
scan, so the answer is identical. The build writes it beside the tables, one set of files per
paragraphs part (``dashboard.pipeline.build.textindex``: the format, the keys and the writer);
here it is memory-mapped. For an output without it (written before, or a part replaced since)
it is built once in a low-priority child process into the on-disk cache (``CHIPWAR_CACHE``),
keyed by the paragraphs part files, with the same writer. No Streamlit here.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.pipeline.build import textindex as fmt
from dashboard.store.cache import dataset_dir, publish

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
TEXT_INDEX_BITS = fmt.BITS
# A part whose candidates hold at least this share of its text is matched whole, straight from the
# mapped file (no copy); sparser candidates are copied out and matched alone.
DENSE_SHARE = 0.25


def _text_keys(codes: np.ndarray) -> np.ndarray:
    """The keys a text must hold to contain this lower-cased keyword: its bigrams and ASCII
    trigrams, or its one character."""
    keys, _ = fmt.keys_of(codes)
    if len(codes) >= 2:
        keys = keys[len(codes) :]  # not the single characters: implied by the bigrams
    return keys


def keyword_keys(lowered: str) -> np.ndarray:
    """The index keys of a (lower-cased) keyword, for ``TextIndex.candidates``."""
    return _text_keys(fmt.codes_of(lowered))


def _mapped(path: Path) -> pa.Buffer:
    """The file's bytes as an Arrow buffer over a memory map (nothing is read until used)."""
    if path.stat().st_size == 0:
        return pa.py_buffer(b"")
    return pa.memory_map(str(path)).read_buffer()


@dataclass
class TextIndex:
    """The signature and text of every paragraphs part, articles numbered by slot across the parts.

    Each article sets two bits (of ``TEXT_INDEX_BITS``) per distinct character and character
    bigram (and ASCII trigram) of its lower-cased text (DuckDB ``lower``: one code point for one,
    so a substring of a text stays a substring after lowering). An article whose text contains a
    keyword, in any case, therefore has every bit of the keyword's keys set: the signature only
    narrows the candidates, and the candidates' text is then matched with the very same SQL
    condition as the full scan, so the answer is identical. Bits are stored per part and bit row,
    so a lookup reads a few hundred bytes per block (no big resident arrays).
    """

    parts: list[fmt.PartIndex]

    @functools.cached_property
    def starts(self) -> np.ndarray:
        """The first slot of each part, plus the slot count."""
        return np.concatenate([[0], np.cumsum([len(p.ids) for p in self.parts])]).astype(np.int64)

    @functools.cached_property
    def ids(self) -> np.ndarray:
        """The article id of each slot (object)."""
        return np.array([i for p in self.parts for i in p.ids], dtype=object)

    def candidates(self, keys: list[np.ndarray]) -> np.ndarray:
        """Slots that may hold any of the keywords (given as their ``_text_keys``), sorted."""
        wanted = [np.unique(np.concatenate(fmt.signature_bits(k))) for k in keys]
        hits: list[np.ndarray] = []
        for start, part in zip(self.starts.tolist(), self.parts, strict=False):
            if not part.blocks:
                continue
            bits = np.memmap(part.files["bits.bin"], dtype=np.uint8, mode="r")
            for first, slots, offset in part.blocks:
                width = (slots + 7) // 8
                rows = bits[offset : offset + fmt.BITS * width].reshape(fmt.BITS, width)
                anyhit = np.zeros(width, dtype=np.uint8)
                for want in wanted:
                    anyhit |= np.bitwise_and.reduce(rows[want], axis=0)
                got = np.flatnonzero(np.unpackbits(anyhit)[:slots])
                if len(got):
                    hits.append(got + (start + first))
        return np.concatenate(hits) if hits else np.array([], np.int64)

    def _texts(self, k: int, lower: bool) -> pa.Array:
        """Part ``k``'s articles' text (paragraphs joined by NUL), over the mapped file."""
        key = (k, lower)
        got = self._arrays.get(key)
        if got is None:
            part = self.parts[k]
            offsets = part.offsets[1 if lower else 0]
            body = _mapped(part.files["lower.bin" if lower else "text.bin"])
            # the file holds what the build wrote from valid strings: no second UTF-8 validation
            got = pa.LargeStringArray.from_buffers(len(part.ids), pa.py_buffer(offsets), body)
            self._arrays[key] = got
        return got

    @functools.cached_property
    def _arrays(self) -> dict[tuple[int, bool], pa.Array]:
        return {}

    def _slots(self, k: int) -> pa.Array:
        got = self._slot_arrays.get(k)
        if got is None:
            got = self._slot_arrays[k] = pa.array(
                np.arange(self.starts[k], self.starts[k + 1], dtype=np.int64)
            )
        return got

    @functools.cached_property
    def _slot_arrays(self) -> dict[int, pa.Array]:
        return {}

    def batches(self, slots: np.ndarray, lower: bool = False, limit: int = 48 << 20) -> Iterator[pa.Table]:
        """(slot, text) tables holding at least the given sorted slots, lower-cased text if
        ``lower``; copies of sparse candidates at most about ``limit`` bytes per table.

        A part whose candidates fill much of it is given whole, straight from the memory map (the
        other articles in it are matched too, harmlessly: the test is the same); sparse candidates
        are taken out of the mapped text, so only their bytes are read.
        """
        pending: list[pa.Table] = []
        copied = 0
        bounds = np.searchsorted(slots, self.starts)
        for k in range(len(self.parts)):
            mine = slots[bounds[k] : bounds[k + 1]] - self.starts[k]
            if not len(mine):
                continue
            offsets = self.parts[k].offsets[1 if lower else 0]
            chosen = int((offsets[mine + 1] - offsets[mine]).sum())
            text = self._texts(k, lower)
            if chosen >= DENSE_SHARE * int(offsets[-1]):
                pending.append(pa.table({"slot": self._slots(k), "text": text}))
            else:
                pick = pa.array(mine)
                pending.append(pa.table({"slot": pa.array(mine + self.starts[k]), "text": text.take(pick)}))
                copied += chosen
            if copied >= limit:
                yield pa.concat_tables(pending)
                pending, copied = [], 0
        if pending:
            yield pa.concat_tables(pending)


def _stem(k: int) -> str:
    return f"part-{k:06d}"


def index_dir(folder: Path, files: list[Path], root: Path | None = None) -> Path | None:
    """Where the index of the dataset in ``folder`` (its paragraphs part ``files``) is cached:
    keyed by the folder and every part's name, size and modification time."""
    if not files:
        return None
    return dataset_dir(f"text-index-v4-{TEXT_INDEX_BITS}", folder, files, root)


def _read(folder: Path, stems: list[str], files: list[Path]) -> TextIndex | None:
    parts = []
    for stem, part in zip(stems, files, strict=True):
        got = fmt.read_part(folder, stem, part)
        if got is None:
            return None
        parts.append(got)
    return TextIndex(parts)


def built_index(folder: Path, files: list[Path]) -> TextIndex | None:
    """The index the build wrote beside the paragraphs part ``files`` of the output in ``folder``
    (``indexes/text/``), or None when it is absent or any part's does not match its Parquet file."""
    return _read(Path(folder) / fmt.INDEX_DIR, [fmt.output_stem(f.name) for f in files], files)


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
    """Write the keyword text index of the paragraphs part ``files`` into the (existing) folder
    ``out``, one set of files per part (the build's own writer), then the ``done`` marker."""
    for k, part in enumerate(files):
        fmt.write_part(out, _stem(k), pq.read_table(part, columns=["article_id", "paragraph", "text"]), part)
    (out / "done").write_text("", encoding="utf-8")


def text_index(
    folder: Path, files: list[Path], build: bool = True, root: Path | None = None
) -> TextIndex | None:
    """The keyword text index of the paragraphs part ``files`` of the dataset in ``folder``: the
    one the build wrote, else from the on-disk cache (under ``root``, default ``cache_root()``),
    else built there (None when it cannot be, or not ``build``)."""
    if not files:
        return None
    written = built_index(folder, files)
    if written is not None:
        return written
    where = index_dir(folder, files, root)
    if where is None:
        return None
    stems = [_stem(k) for k in range(len(files))]
    if (where / "done").is_file():
        got = _read(where, stems, files)
        if got is not None:
            return got
        log.warning("text index cache %s unreadable: rebuilt", where)
        if build:
            shutil.rmtree(where, ignore_errors=True)
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
        return _read(where, stems, files)
    except OSError as exc:
        log.warning("text index not cached (%s)", exc)
        return None
