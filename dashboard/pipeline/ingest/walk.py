"""Walk the input folder: list every file, apply manifests, read each one or reject it with its reason."""

from __future__ import annotations

import csv
import io
import os
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..records import META_KEYS, Document, Rejected
from .decode import MAX_BYTES, MAX_CHARS, IngestError, decode_bytes, normalise_newlines, read_text
from .feed import FEED_START, read_feed
from .html import HTML_START, read_html
from .tabular import TAB_EXPORT_LABEL, is_tab_export, norm_key, read_csv, read_json, read_jsonl

TEXT_EXTS = {".txt": "txt", ".md": "md"}
HTML_EXTS = {".html": "html", ".htm": "html"}
EXPORT_EXTS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv"}
ACCEPTED = tuple(sorted({**TEXT_EXTS, **HTML_EXTS, **EXPORT_EXTS}))
MANIFEST_NAME = "manifest.csv"


# --------------------------------------------------------------------------- folder walk and manifests


@dataclass
class _Found:
    rel: str
    path: Path | str
    problem: str | None = None  # set when the entry cannot be read at all
    stamp: tuple[int, int] | None = None  # (size, modification time in ns) when listed


@dataclass
class _Walk:
    files: list[_Found] = field(default_factory=list)
    manifests: list[tuple[str, Path]] = field(default_factory=list)  # (folder rel, path)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _display_name(name: str) -> str:
    """A file name as storable text: bytes that are not UTF-8 (a name from a GBK zip) become \\xNN escapes."""
    if name.isascii():  # nothing to escape (the common case, 10⁵ times per listing)
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _walk(root: Path) -> _Walk:
    out = _Walk()
    real_root = root.resolve()
    seen: set[Path] = {real_root}
    # An explicit stack, not recursion: a folder nested a thousand deep must not crash the build.
    stack: list[tuple[Iterator[os.DirEntry], str]] = []

    def enter(folder: Path, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            out.files.append(_Found(prefix.rstrip("/") or ".", folder, f"cannot list folder: {exc.strerror}"))
            return
        stack.append((iter(entries), prefix))

    enter(root, "")
    while stack:
        entries, prefix = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        rel = prefix + _display_name(entry.name)
        path = entry.path  # a str: building a Path per file costs more than the stat at 10⁵ files
        try:
            st = entry.stat()  # follows symlinks
        except OSError:
            if entry.is_symlink():
                out.files.append(_Found(rel, path, "broken symbolic link (its target does not exist)"))
            else:
                out.files.append(_Found(rel, path, "cannot read file"))
            continue
        if stat.S_ISDIR(st.st_mode):
            path = Path(path)
            real = path.resolve()
            if entry.is_symlink() and _inside(real, real_root):
                # Read once, at its own path: no duplicates and no loops.
                target = real.relative_to(real_root).as_posix() if real != real_root else "."
                out.files.append(
                    _Found(
                        rel,
                        path,
                        f"symbolic link to folder {_display_name(target)!r} inside "
                        "the input folder (a loop or a duplicate); its files are read there",
                    )
                )
                continue
            if real in seen:
                out.files.append(_Found(rel, path, "symbolic link loop (folder already read)"))
                continue
            seen.add(real)
            enter(path, rel + "/")
        elif entry.name.lower() == MANIFEST_NAME:
            out.manifests.append((prefix, Path(path)))
        elif not stat.S_ISREG(st.st_mode):
            out.files.append(_Found(rel, path, "not a regular file (device, pipe or socket)"))
        else:
            out.files.append(_Found(rel, path, stamp=(st.st_size, st.st_mtime_ns)))

    out.files.sort(key=lambda f: f.rel)
    return out


def _nfc(path: str) -> str:
    path = path.strip().replace("\\", "/")
    if not path.isascii():  # ASCII is already NFC; normalising 10⁵ names showed in listing profiles
        path = unicodedata.normalize("NFC", path)
    while path.startswith("./"):
        path = path[2:]
    return path


def read_manifests(
    walk_manifests: list[tuple[str, Path]],
) -> tuple[dict[str, dict[str, str]], list[Rejected]]:
    """Manifest rows keyed by source path (relative to the input folder); deeper manifests win."""
    entries: dict[str, dict[str, str]] = {}
    problems: list[Rejected] = []
    for prefix, path in sorted(walk_manifests, key=lambda m: m[0].count("/")):
        rel = prefix + path.name
        try:
            text, _ = decode_bytes(path.read_bytes())
        except (OSError, IngestError) as exc:
            problems.append(Rejected(rel, f"manifest ignored: {exc}"))
            continue
        lines = [ln for ln in normalise_newlines(text).split("\n") if not ln.lstrip().startswith("#")]
        # csv.reader and column positions, not DictReader: a dict per row showed at 10⁵ rows.
        reader = csv.reader(io.StringIO("\n".join(lines), newline=""))
        header = next(reader, [])
        at = {c: i for i, c in enumerate(header)}  # a repeated column name: the last one counts
        columns = {norm_key(c): c for c in header if c}
        file_col = next((columns[c] for c in ("file", "filename", "file_name", "path") if c in columns), None)
        if file_col is None:
            problems.append(Rejected(rel, "manifest ignored: it has no 'file' column"))
            continue
        file_at = at[file_col]
        # An ASCII prefix that _nfc leaves alone (it ends in "/") joined to an _nfc'd name is _nfc'd.
        plain = prefix.isascii() and _nfc(prefix) == prefix
        wanted = [(k, at[columns[k]]) for k in (*META_KEYS, "encoding") if k in columns]
        for row in reader:
            if len(row) <= file_at:
                continue  # a blank line, or a row without the file cell
            name = _nfc(row[file_at])
            if not name:
                continue
            values = {}
            for k, i in wanted:
                if i < len(row) and (v := row[i].strip()):
                    values[k] = v
            entries[prefix + name if plain else _nfc(prefix + name)] = values
    return entries, problems


def _apply_manifest(doc: Document, entries: dict[str, dict[str, str]]) -> None:
    file_part = doc.source.split("#", 1)[0]
    for key in (_nfc(file_part), _nfc(doc.source)) if "#" in doc.source else (_nfc(doc.source),):
        for name, value in entries.get(key, {}).items():
            if name in META_KEYS:
                doc.meta[name] = value
                doc.meta_basis[name] = "manifest"


def _read_one(found: _Found, forced: str | None) -> tuple[list[Document], list[Rejected]]:
    ext = os.path.splitext(found.rel)[1].lower()
    if ext not in ACCEPTED:
        kind = f"unsupported file type {ext}" if ext else "unsupported file type (no extension)"
        raise IngestError(f"{kind}; accepted: {', '.join(ACCEPTED)}")
    path = Path(found.path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(f"file too large ({size / 2**20:.1f} MiB; limit {MAX_BYTES // 2**20} MiB)")
    data = path.read_bytes()
    if ext in TEXT_EXTS and FEED_START.match(data[:1024]):
        return read_feed(data, found.rel, forced)  # an RSS or Atom feed saved as .txt
    if ext in TEXT_EXTS and HTML_START.match(data[:1024]):
        return [read_html(data, found.rel, forced)], []  # a saved web page named .txt
    if ext in TEXT_EXTS:
        doc = read_text(data, found.rel, TEXT_EXTS[ext], forced)
        if is_tab_export(doc.text):  # a spreadsheet saved as text: one article per row, like a CSV
            return read_csv(data, found.rel, forced, label=TAB_EXPORT_LABEL)
        return [doc], []
    if ext in HTML_EXTS:
        return [read_html(data, found.rel, forced)], []
    if not data.strip():
        raise IngestError("empty file")
    reader = {".json": read_json, ".jsonl": read_jsonl, ".csv": read_csv}[ext]
    return reader(data, found.rel, forced)


NO_WORDS = "no words: the text holds only numbers, punctuation or symbols"


def has_words(text: str) -> bool:
    """True when ``text`` holds a letter of any script (Han characters included)."""
    return any(unicodedata.category(ch)[0] == "L" for ch in text)


def document_problem(text: str) -> str | None:
    """Why a decoded text cannot be one article (too long, or no words at all), else None."""
    if len(text) > MAX_CHARS:
        return (
            f"text too long for one article ({len(text):,} characters; limit {MAX_CHARS:,}); "
            "split it into one file per article"
        )
    if not has_words(text):
        # A table of numbers is not an article: say so rather than build one without words.
        return NO_WORDS
    return None


@dataclass
class InputPlan:
    """What a walk of the input folder found, before any file is read (the build's unit of work)."""

    files: list[_Found]
    entries: dict[str, dict[str, str]]  # manifest rows keyed by source path
    problems: list[Rejected]  # manifests that could not be used

    def entries_for(self, rel: str) -> dict[str, dict[str, str]]:
        """The manifest rows that apply to one file (the file itself and its export rows)."""
        index = self.__dict__.get("_index")
        if index is None:
            index = {}
            for key, value in self.entries.items():
                if "#" not in key:  # the common case: a file's own row
                    index.setdefault(key, {})[key] = value
                    continue
                parts = key.split("#")  # a file name may itself hold "#": index every candidate
                for n in range(1, len(parts) + 1):
                    index.setdefault("#".join(parts[:n]), {})[key] = value
            self.__dict__["_index"] = index
        return index.get(_nfc(rel), {})


def plan_inputs(input_dir: Path) -> InputPlan:
    """Walk ``input_dir`` and read its manifests; files are listed, not read."""
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        raise NotADirectoryError(f"input folder not found: {input_dir}")
    walk = _walk(input_dir)
    entries, problems = read_manifests(walk.manifests)
    return InputPlan(walk.files, entries, problems)


def read_found(found: _Found, entries: dict[str, dict[str, str]]) -> list[Document | Rejected]:
    """Read one listed file into Document(s) and Rejected rows, in the file's own row order.

    ``entries`` are the manifest rows for this file (``InputPlan.entries_for``); a file that cannot
    be read at all becomes one Rejected with the reason.
    """
    if found.problem:
        return [Rejected(found.rel, found.problem)]
    forced = entries.get(_nfc(found.rel), {}).get("encoding")
    try:
        docs, rejected = _read_one(found, forced)
    except IngestError as exc:
        return [Rejected(found.rel, str(exc))]
    except OSError as exc:
        return [Rejected(found.rel, f"cannot read file: {exc.strerror or exc}")]
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the corpus
        return [Rejected(found.rel, f"reader failed: {type(exc).__name__}: {exc}")]
    problems = {d.source: p for d in docs if (p := document_problem(d.text))}
    rejected = [*rejected, *(Rejected(src, p) for src, p in problems.items())]
    docs = [d for d in docs if d.source not in problems]
    for doc in docs:
        _apply_manifest(doc, entries)
    # Interleave by row number so the output follows the file's own order.
    items: list[Document | Rejected] = [*docs, *rejected]
    return sorted(items, key=lambda x: int(x.source.rsplit("#", 1)[1]) if "#" in x.source else 0)


def iter_inputs(input_dir: Path) -> Iterator[Document | Rejected]:
    """Documents and rejections in deterministic (sorted path, then row) order."""
    plan = plan_inputs(input_dir)
    yield from plan.problems
    for found in plan.files:
        yield from read_found(found, plan.entries_for(found.rel))


def read_inputs(input_dir: Path) -> tuple[list[Document], list[Rejected]]:
    """Read every file under ``input_dir``: each becomes Document(s) or a Rejected with a reason.

    Hidden files/folders and ``manifest.csv`` files (metadata) are not inputs. Manifest values
    override what a file or export row supplied.
    """
    docs: list[Document] = []
    rejected: list[Rejected] = []
    for item in iter_inputs(input_dir):
        (docs if isinstance(item, Document) else rejected).append(item)
    return docs, rejected
