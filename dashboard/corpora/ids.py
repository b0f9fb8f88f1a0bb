"""A corpus's id (derived from its content) and the pasted article, staged like an uploaded file.

The id is 128 bits of SHA-256 over the sorted file names and bytes: the same upload gets the same
id (and reuses the stored build), and an id cannot be guessed from a file name or a counter.
"""

from __future__ import annotations

import csv
import hashlib
import io
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dashboard.corpora.archive import Collected
from dashboard.corpora.limits import Limits
from dashboard.pipeline import ingest

PARAM = "corpus"
ID_RE = re.compile(r"[0-9a-f]{32}")
PASTE_DIR = "_pasted"
_VERSION = b"chipwar-corpus-1\0"


@dataclass(frozen=True)
class Paste:
    """One article pasted into the page, with the metadata a reader may add."""

    text: str = ""
    title: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""

    def files(self, folder: str = PASTE_DIR) -> dict[str, bytes]:
        """The pasted article as a text file plus a manifest carrying its metadata (as the CLI reads)."""
        if not self.text.strip():
            return {}
        out = {f"{folder}/pasted.txt": self.text.encode("utf-8")}
        meta = {"title": self.title, "publisher": self.publisher, "published": self.date, "url": self.url}
        meta = {k: v.strip() for k, v in meta.items() if v and v.strip()}
        if meta:
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(["file", *meta])
            writer.writerow(["pasted.txt", *meta.values()])
            out[f"{folder}/manifest.csv"] = buf.getvalue().encode("utf-8")
        return out


def add_paste(collected: Collected, paste: Paste, limits: Limits) -> None:
    """Add the pasted article in a folder of its own (``_pasted``, or ``_pasted-2``… when a corpus
    being added to holds an earlier one): its manifest never replaces another paste's."""
    taken = {rel.split("/", 1)[0] for rel in collected.files}
    folder, n = PASTE_DIR, 2
    while folder in taken:
        folder, n = f"{PASTE_DIR}-{n}", n + 1
    for rel, data in paste.files(folder).items():
        collected.add(rel, data, "pasted text", limits)


def _field(h, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "big") + data)


def corpus_id(files: Mapping[str, bytes], rejected: Iterable[tuple[str, str]] = ()) -> str:
    """128-bit hex id of an upload: every file's name and bytes in name order (length-prefixed, so
    no two uploads share a byte stream), then what the upload rejected (its summary lists it)."""
    h = hashlib.sha256(_VERSION)
    for name in sorted(files):
        _field(h, name.encode("utf-8", "surrogateescape"))
        _field(h, files[name])
    for source, reason in sorted(rejected):
        _field(h, b"rejected\0" + source.encode("utf-8", "surrogateescape"))
        _field(h, reason.encode("utf-8"))
    return h.hexdigest()[:32]


def parse_corpus(params: Mapping[str, object]) -> tuple[str | None, str | None]:
    """The corpus id in the query parameters and a notice when the value is not an id."""
    raw = params.get(PARAM)
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else None
    if raw is None or raw == "":
        return None, None
    value = str(raw).strip().lower()
    if ID_RE.fullmatch(value):
        return value, None
    return None, (
        "This corpus is not stored on this server (the link's corpus value is not a corpus id); "
        "upload the files again. Showing the default corpus instead."
    )


_READERS = {
    ".json": ingest.read_json,
    ".jsonl": ingest.read_jsonl,
    ".csv": ingest.read_csv,
}


def _longest(rel: str, data: bytes) -> int:
    """Characters of the longest article in one file as the pipeline reads it (0 when it cannot)."""
    ext = posixpath.splitext(rel)[1].lower()
    try:
        if ext in ingest.TEXT_EXTS:
            return len(ingest.read_text(data, rel, ingest.TEXT_EXTS[ext]).text)
        if ext in ingest.HTML_EXTS:
            return len(ingest.read_html(data, rel).text)
        if ext in _READERS:
            docs, _ = _READERS[ext](data, rel)
            return max((len(d.text) for d in docs), default=0)
    except Exception:  # an unreadable file: the build rejects it with the CLI's own reason
        return 0
    return 0


def article_limit_problem(rel: str, data: bytes, limits: Limits) -> str | None:
    """Why the file ``rel`` is refused for holding an article over the per-article limit, or None."""
    if posixpath.basename(rel).lower() == ingest.MANIFEST_NAME:
        return None
    n = _longest(rel, data)
    if n <= limits.max_article_chars:
        return None
    return (
        f"an article of {n:,} characters is over the limit of {limits.max_article_chars:,} "
        "per article (split it into several files)"
    )


def enforce_article_chars(collected: Collected, limits: Limits) -> None:
    """Reject whole files holding an article longer than the per-article limit (before building)."""
    for rel in list(collected.files):
        problem = article_limit_problem(rel, collected.files[rel], limits)
        if problem:
            del collected.files[rel]
            collected.reject(rel, problem)
