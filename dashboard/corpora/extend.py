"""Adding articles to a stored corpus: the files it was built from plus the new upload, as one.

A corpus keeps the files it was built from (``.input/``) and what its upload turned down, so a
reporter exploring it can add articles to it. The result is a new corpus with its own id (the old
link still opens the old corpus, unchanged). A new file with the name of a stored one replaces it
(a page saved again after a correction); the same file again changes nothing, so adding twice is
harmless. A corpus built before its files were kept cannot be added to: the page says so.
"""

from __future__ import annotations

import json
import unicodedata

from dashboard.corpora import storage
from dashboard.corpora.archive import Collected
from dashboard.corpora.limits import Limits


def _key(rel: str) -> str:
    return unicodedata.normalize("NFC", rel).casefold()


def kept_files(cid: str) -> int | None:
    """How many files corpus ``cid`` keeps to be added to; None when it keeps none (built before
    corpora kept their files, or no longer stored)."""
    folder = storage.folder(cid) / storage.INPUTS
    if not storage.stored(cid) or not folder.is_dir():
        return None
    return sum(1 for p in folder.rglob("*") if p.is_file())


def stored_upload(cid: str) -> tuple[dict[str, bytes], list[tuple[str, str]]] | None:
    """The files corpus ``cid`` was built from (relative path → bytes) and what its upload turned
    down; None when it keeps no files."""
    folder = storage.folder(cid) / storage.INPUTS
    if not storage.stored(cid) or not folder.is_dir():
        return None
    root = folder.resolve()
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        # written by the worker from checked names; a link planted in the store is never followed
        if path.is_file() and not path.is_symlink() and root in path.resolve().parents:
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    try:
        raw = json.loads((storage.folder(cid) / storage.UPLOAD_REJECTED).read_text(encoding="utf-8"))
        rejected = [(str(s), str(r)) for s, r in raw]
    except (OSError, ValueError, TypeError):
        rejected = []
    return files, rejected


def extend(cid: str, new: Collected, limits: Limits) -> Collected:
    """Corpus ``cid``'s files and rejections with the upload ``new`` added (``new`` as it is when
    ``cid`` keeps no files). New files replace stored files of the same name; a rejection of the
    old upload is dropped when the new upload brings a file or a rejection of that name."""
    stored = stored_upload(cid)
    if stored is None:
        return new
    files, rejected = stored
    renewed = {_key(rel) for rel in new.files} | {_key(source) for source, _ in new.rejected}
    out = Collected(unzipped=new.unzipped)
    for rel, data in files.items():
        if _key(rel) not in renewed:
            out.add(rel, data, rel, limits)
    out.rejected = [(s, r) for s, r in rejected if _key(s) not in renewed]
    for rel, data in new.files.items():
        out.add(rel, data, rel, limits)
    out.rejected += [r for r in new.rejected if r not in out.rejected]
    return out
