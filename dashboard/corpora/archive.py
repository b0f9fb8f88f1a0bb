"""Read uploaded files and zip archives into memory safely, before anything is written to disk.

Every entry of an archive is either kept (under ``<archive stem>/<entry path>``) or rejected with a
reason: zip slip (``../`` or absolute paths), symbolic links, nested archives, duplicate names,
names that are not UTF-8, encrypted entries, and decompression bombs. Bombs are caught while
reading: the bytes actually inflated are counted chunk by chunk against a cap on the upload's
total and on the entry's compression ratio, so the sizes an archive declares are never trusted.
"""

from __future__ import annotations

import io
import posixpath
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field

from dashboard.corpora.limits import Limits
from dashboard.pipeline.ingest import ACCEPTED

ARCHIVE_EXTS = (".zip",)
# formats that hold other files: never opened inside an archive (no nesting, no second bomb layer)
NESTED_EXTS = (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".jar", ".zst")
# what a reporter is told to do with a file type the pipeline does not read (by its extension)
TYPE_HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((".pdf",), "a PDF is not read: copy its text into a .txt file, or paste it below"),
    (
        (".doc", ".docx", ".rtf", ".odt", ".pages", ".wps"),
        "a word-processor document is not read: save it as plain text (.txt) or as a web page (.html)",
    ),
    (
        (".xls", ".xlsx", ".ods", ".numbers"),
        "a spreadsheet is not read: export it as CSV (UTF-8), one article per row",
    ),
    (
        (".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff", ".svg"),
        "an image: no text is read from images",
    ),
    (
        (".mhtml", ".mht", ".webarchive"),
        'a single-file saved page is not read: save the page as "Webpage, HTML only" (.html)',
    ),
    (
        (".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar"),
        "only .zip archives are opened: re-pack it as .zip",
    ),
)
# the folder a browser's "Save page as" writes beside page.html (page_files/: scripts, styles,
# images, and the page's embedded frames as .html): the page's furniture, never an article
RESOURCE_DIR_SUFFIXES = ("_files", ".files")
# what an operating system adds to the archives it makes (macOS's __MACOSX/ and ._ forks, folder
# settings): not the reporter's files, skipped without a word
SYSTEM_DIRS = ("__MACOSX",)
SYSTEM_FILES = (".ds_store", "thumbs.db", "desktop.ini")
READ_CHUNK = 1 << 16
RATIO_FLOOR = 1 << 20  # the ratio is only judged past this many inflated bytes (tiny files compress well)
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1


class _Bomb(Exception):
    """An entry inflated past a cap (raised while reading, before the cap is exceeded by more than a chunk)."""


@dataclass
class Collected:
    """An upload as files to build (relative path → bytes) plus what was rejected and why."""

    files: dict[str, bytes] = field(default_factory=dict)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    unzipped: int = 0  # bytes inflated from archives so far (the cap is on the whole upload)
    _keys: set[str] = field(default_factory=set)

    def reject(self, source: str, reason: str) -> None:
        self.rejected.append((source, reason))

    def add(self, rel: str, data: bytes, source: str, limits: Limits) -> None:
        """Keep ``data`` at ``rel`` unless the name is taken or the corpus is full."""
        key = unicodedata.normalize("NFC", rel).casefold()
        if key in self._keys:
            self.reject(source, "duplicate file name (another file in this upload has the same name)")
        elif len(self.files) >= limits.max_files:
            self.reject(source, f"too many files: a corpus holds at most {limits.max_files}")
        else:
            self._keys.add(key)
            self.files[rel] = data


def unsupported(name: str) -> str:
    """Why the file ``name`` is not read (its type), with what to do instead when that is known."""
    ext = posixpath.splitext(name)[1].lower()
    kind = f"unsupported file type {ext}" if ext else "unsupported file type (no extension)"
    accepted = f"accepted: {', '.join((*ACCEPTED, *ARCHIVE_EXTS))}"
    hint = next((text for exts, text in TYPE_HINTS if ext in exts), None)
    return f"{kind} ({hint}); {accepted}" if hint else f"{kind}; {accepted}"


def safe_name(name: str) -> str | None:
    """A relative POSIX path to store ``name`` at, or None when it could escape the corpus folder
    (absolute, drive letter, ``..``), names a hidden file, or holds control characters."""
    if not name or "\x00" in name or any(ord(c) < 32 for c in name):
        return None
    path = name.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts) or any(p.startswith(".") for p in parts):
        return None
    return "/".join(parts)


def _entry_name(info: zipfile.ZipInfo) -> str | None:
    """The entry's name when it is UTF-8 (flagged, or plain ASCII, or undeclared bytes that are UTF-8)."""
    if info.flag_bits & _UTF8_FLAG or info.filename.isascii():
        return info.filename
    try:  # zipfile decoded the raw bytes as cp437: get them back and try UTF-8
        return info.filename.encode("cp437").decode("utf-8")
    except UnicodeError:
        return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits: Limits) -> bytes:
    """The entry's bytes, read in chunks; raises ``_Bomb`` as soon as a cap is passed."""
    out = bytearray()
    packed = max(info.compress_size, 1)
    with zf.open(info) as fh:
        while chunk := fh.read(READ_CHUNK):
            out += chunk
            if len(out) > budget:
                raise _Bomb(
                    f"decompression bomb: the archive inflates past the {limits.max_unzipped_mb} MiB "
                    "an upload may unpack"
                )
            if len(out) > RATIO_FLOOR and len(out) / packed > limits.max_ratio:
                raise _Bomb(
                    f"decompression bomb: compression ratio over {limits.max_ratio}:1 "
                    f"({packed:,} bytes inflate past {len(out):,})"
                )
    return bytes(out)


def _system_file(entry: str) -> bool:
    """An entry the archiver's operating system added (``__MACOSX/…``, ``.DS_Store``, ``Thumbs.db``)."""
    parts = entry.replace("\\", "/").split("/")
    return parts[0] in SYSTEM_DIRS or parts[-1].casefold() in SYSTEM_FILES


def _resource_folder(rel: str, pages: set[str]) -> str | None:
    """The saved page's resource folder (``page_files``) that ``rel`` lies in, when the archive
    holds that page (``page.html`` or ``page.htm`` beside the folder); else None."""
    parts = rel.split("/")
    for i, part in enumerate(parts[:-1]):
        for suffix in RESOURCE_DIR_SUFFIXES:
            if part.endswith(suffix) and len(part) > len(suffix):
                stem = "/".join([*parts[:i], part[: -len(suffix)]])
                if f"{stem}.html".casefold() in pages or f"{stem}.htm".casefold() in pages:
                    return "/".join(parts[: i + 1])
    return None


def read_zip(data: bytes, name: str, into: Collected, limits: Limits) -> None:
    """Add the usable entries of the zip archive ``data`` (uploaded as ``name``) to ``into``."""
    stem = posixpath.splitext(name)[0] or "archive"
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        into.reject(name, f"not a readable zip archive ({exc})")
        return
    pages = {
        rel.casefold()
        for info in infos
        if (rel := safe_name(_entry_name(info) or "")) and rel.lower().endswith((".html", ".htm"))
    }
    resources: dict[str, int] = {}  # a saved page's resource folder → its files (one line each)
    with zf:
        for info in infos:
            entry = _entry_name(info)
            shown = f"{name}:{entry if entry is not None else info.filename.encode('cp437', 'replace').decode('ascii', 'backslashreplace')}"
            if entry is None:
                into.reject(shown, "file name is not UTF-8 (re-create the archive with UTF-8 names)")
                continue
            if info.is_dir() or _system_file(entry):
                continue
            rel = safe_name(entry)
            folder = _resource_folder(rel, pages) if rel else None
            if folder:
                resources[folder] = resources.get(folder, 0) + 1
            elif _is_symlink(info):
                into.reject(shown, "symbolic link in the archive (not followed)")
            elif rel is None:
                into.reject(
                    shown, "unsafe path in the archive (absolute, '..' or hidden): it could write outside"
                )
            elif posixpath.splitext(rel)[1].lower() in NESTED_EXTS:
                into.reject(shown, "archive inside an archive (not opened: upload it on its own)")
            elif info.flag_bits & _ENCRYPTED_FLAG:
                into.reject(shown, "encrypted entry (password-protected archives are not read)")
            elif posixpath.splitext(rel)[1].lower() not in ACCEPTED:
                into.reject(shown, unsupported(rel))
            else:
                try:
                    body = _inflate(zf, info, limits.max_unzipped_bytes - into.unzipped, limits)
                except _Bomb as exc:
                    into.reject(shown, str(exc))
                    continue
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                    into.reject(shown, f"unreadable archive entry ({exc})")
                    continue
                into.unzipped += len(body)
                into.add(f"{stem}/{rel}", body, shown, limits)
    for folder, count in resources.items():
        into.reject(
            f"{name}:{folder}/",
            f"the saved page's own files ({count:,}: scripts, styles, images, embedded frames), not articles",
        )


def collect(uploads: list[tuple[str, bytes]], limits: Limits) -> Collected:
    """Files to build from uploaded ``(name, bytes)`` pairs: archives are unpacked, names checked."""
    out = Collected()
    for raw_name, data in uploads:
        name = safe_name(posixpath.basename(raw_name.replace("\\", "/")))
        if name is None:
            out.reject(
                raw_name or "(no name)", "unusable file name (empty, hidden or with control characters)"
            )
            continue
        ext = posixpath.splitext(name)[1].lower()
        if len(data) > limits.max_upload_mb << 20:
            out.reject(
                name, f"file too large ({len(data) / 2**20:.1f} MiB; limit {limits.max_upload_mb} MiB)"
            )
        elif ext in ARCHIVE_EXTS:
            read_zip(data, name, out, limits)
        elif ext not in ACCEPTED:
            out.reject(name, unsupported(name))  # the command line's reason, and what to do instead
        else:
            out.add(name, data, name, limits)
    return out
