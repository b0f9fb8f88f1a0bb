"""Keyword text index: a per-article bit signature of the paragraph text, plus the text on disk.

A keyword search at 10⁵ articles would otherwise scan every paragraph's text (seconds). The index
narrows the search to the articles whose signature holds all of the keyword's character bigrams
(and ASCII trigrams); those articles' text is then searched with a test equal to the full scan's
condition, so the answer is identical. The build writes it beside the tables, one set of files per
paragraphs part (``dashboard.pipeline.build.textindex``: the format, the keys and the writer);
here it is memory-mapped. For an output without it (written before, or a part replaced since)
it is built once in a low-priority child process into the on-disk cache (``CHIPWAR_CACHE``),
keyed by the paragraphs part files, with the same writer. No Streamlit here.
"""

from __future__ import annotations

import functools
import logging
import mmap
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from dashboard.pipeline.build import textindex as fmt
from dashboard.store.cache import dataset_dir, publish

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
TEXT_INDEX_BITS = fmt.BITS


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


@dataclass
class TextIndex:
    """The signature and text of every paragraphs part, articles numbered by slot across the parts.

    Each article sets two bits (of ``TEXT_INDEX_BITS``) per distinct character and character
    bigram (and ASCII trigram) of its lower-cased text (DuckDB ``lower``: one code point for one,
    so a substring of a text stays a substring after lowering). An article whose text contains a
    keyword, in any case, therefore has every bit of the keyword's keys set: the signature only
    narrows the candidates, and the candidates' text is then searched for the keyword with a test
    equal to the full scan's SQL condition (``matching``), so the answer is identical. Bits are stored per part and bit row,
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
        for k, (start, part) in enumerate(zip(self.starts.tolist(), self.parts, strict=False)):
            if not part.blocks:
                continue
            bits, mapped = self._bits(k)
            for first, slots, offset in part.blocks:
                width = (slots + 7) // 8
                rows = bits[offset : offset + fmt.BITS * width].reshape(fmt.BITS, width)
                anyhit = np.zeros(width, dtype=np.uint8)
                for want in wanted:
                    anyhit |= np.bitwise_and.reduce(rows[want], axis=0)
                got = np.flatnonzero(np.unpackbits(anyhit)[:slots])
                if len(got):
                    hits.append(got + (start + first))
            _release(mapped)
        return np.concatenate(hits) if hits else np.array([], np.int64)

    def _bits(self, k: int) -> tuple[np.ndarray, mmap.mmap | None]:
        """Part ``k``'s signature file, memory-mapped once (a lookup reads a few rows of it), as
        bytes and as the mapping (None when the file is empty)."""
        with self._lock:
            got = self._bit_maps.get(k)
            if got is None:
                path = self.parts[k].files["bits.bin"]
                mapped = None
                if path.stat().st_size:
                    with open(path, "rb") as fh:  # the mapping outlives the file handle
                        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                view = np.frombuffer(mapped, dtype=np.uint8) if mapped is not None else np.empty(0, np.uint8)
                got = self._bit_maps[k] = (view, mapped)
            return got

    @functools.cached_property
    def _bit_maps(self) -> dict[int, tuple[np.ndarray, mmap.mmap | None]]:
        return {}

    def _map(self, k: int, lower: bool) -> mmap.mmap | None:
        """Part ``k``'s text file (lower-cased if ``lower``), memory-mapped; None when empty."""
        key = (k, lower)
        with self._lock:
            if key not in self._maps:
                path = self.parts[k].files["lower.bin" if lower else "text.bin"]
                mapped = None
                if path.stat().st_size:
                    with open(path, "rb") as fh:  # the mapping outlives the file handle
                        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                self._maps[key] = mapped
            return self._maps[key]

    @functools.cached_property
    def _maps(self) -> dict[tuple[int, bool], mmap.mmap | None]:
        return {}

    @functools.cached_property
    def _lock(self) -> threading.Lock:
        return threading.Lock()

    def matching(self, slots: np.ndarray, needles: list[str], lower: bool = False) -> np.ndarray:
        """The given sorted slots whose text (lower-cased text if ``lower``) contains any of the
        ``needles``, sorted.

        Each candidate's bytes are searched in the mapped file, from its start to its first match:
        only the candidates' pages are read, nothing is copied, and a match found early ends the
        search. A byte-wise UTF-8 substring test is DuckDB's ``contains`` (UTF-8 is
        self-synchronising: a valid needle matches only at character boundaries).
        """
        wanted = [n.encode("utf-8") for n in needles]
        found: list[np.ndarray] = [np.array([], np.int64)]
        bounds = np.searchsorted(slots, self.starts)
        for k in range(len(self.parts)):
            mine = slots[bounds[k] : bounds[k + 1]] - self.starts[k]
            mapped = self._map(k, lower) if len(mine) else None
            if mapped is None:
                continue
            offsets = self.parts[k].offsets[1 if lower else 0]
            find = mapped.find
            starts, ends = offsets[mine].tolist(), offsets[mine + 1].tolist()
            if len(wanted) == 1:  # the common case, without a generator per candidate
                (one,) = wanted
                hit = [
                    slot
                    for slot, a, b in zip(mine.tolist(), starts, ends, strict=True)
                    if find(one, a, b) >= 0
                ]
            else:
                hit = [
                    slot
                    for slot, a, b in zip(mine.tolist(), starts, ends, strict=True)
                    if any(find(n, a, b) >= 0 for n in wanted)
                ]
            found.append(np.asarray(hit, dtype=np.int64) + self.starts[k])
            _release(mapped)
        return np.concatenate(found)

    def paragraphs(self, slots: list[int]) -> dict[int, list[str]]:
        """The paragraph texts of the articles at ``slots``, in paragraph order (a missing text as
        empty), read from the mapped text files: no Parquet part is decoded for them."""
        out: dict[int, list[str]] = {}
        part_of = np.searchsorted(self.starts, np.asarray(slots, dtype=np.int64), side="right") - 1
        for k in sorted(set(part_of.tolist())):
            mapped = self._map(k, False)
            offsets = self.parts[k].offsets[0]
            for slot, in_part in zip(slots, part_of.tolist(), strict=True):
                if in_part != k:
                    continue
                local = slot - int(self.starts[k])
                a, b = int(offsets[local]), int(offsets[local + 1])
                body = mapped[a:b] if mapped is not None else b""
                out[slot] = body.decode("utf-8").split("\x00")[:-1] if body else []
            _release(mapped)
        return out


def _release(mapped: mmap.mmap | None) -> None:
    """Drop the pages a search read from the process's resident memory (they stay in the page
    cache: the next search maps them back without reading the disk). A common keyword reads
    hundreds of MB of text at 10⁵ articles: kept mapped, every page of it counts in the app's
    resident memory until the end of the process."""
    advice = getattr(mmap, "MADV_DONTNEED", None)  # absent on Windows
    if mapped is not None and advice is not None:
        try:
            mapped.madvise(advice)
        except (OSError, ValueError):  # not on this platform: only memory, not answers
            pass


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
