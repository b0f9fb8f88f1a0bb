"""Small facts drawn from jieba's bundled dictionary, kept on disk so a process does not derive them again.

Two rules read jieba's dictionary (≈350,000 words): mojibake repair needs the characters that occur
in many words (``clean.mojibake``), citations need the frequent two-character words
(``sources.patterns``). Deriving them costs ≈0.5 s per process (importing jieba, reading the file,
counting), which is most of an incremental build's start. Each fact is a short list of strings,
stored as one text file per fact in the folder given to ``use_folder`` (the build's cache folder)
under a key made of the dictionary file's path, size and modification time and the rule's own
version: another dictionary or another rule derives the fact again. Nothing is downloaded; with no
folder (a build without a cache, the tests) the facts are derived in memory as before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

_folder: Path | None = None


def use_folder(folder: Path | str | None) -> None:
    """Keep derived facts in ``folder`` (created when first written); None keeps them in memory only."""
    global _folder
    _folder = Path(folder) if folder else None


@cache
def jieba_dict_path() -> Path:
    """jieba's bundled ``dict.txt``, found without importing jieba (its import costs ≈0.2 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is required (its dictionary defines common characters and words)")
    return Path(spec.origin).with_name("dict.txt")


def read_jieba_dict() -> str:
    """The dictionary's text, as jieba reads it (bytes decoded as UTF-8, line ends untouched)."""
    return jieba_dict_path().read_bytes().decode("utf-8")


def derived(name: str, rule: str, compute: Callable[[], Iterable[str]]) -> list[str]:
    """The strings ``compute`` derives from jieba's dictionary, read from the fact folder when an
    earlier process stored them for the same dictionary file and ``rule`` (a version and the rule's
    parameters), else computed (and stored when there is a folder). A fact file that cannot be read
    or written only costs computing again."""
    path = _fact_path(name, rule)
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        else:
            if text.endswith("\n"):  # complete (written atomically, but a foreign file may be torn)
                return text.split("\n")[:-1]
    items = list(compute())
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            tmp.write_text("".join(f"{item}\n" for item in items), encoding="utf-8")
            os.replace(tmp, path)  # another process may write the same fact: either copy is whole
        except OSError:
            pass
    return items


def _fact_path(name: str, rule: str) -> Path | None:
    if _folder is None:
        return None
    source = jieba_dict_path()
    try:
        st = os.stat(source)
    except OSError:
        return None
    key = hashlib.sha256(f"{name}|{rule}|{source}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()
    return _folder / f"{name}-{key[:16]}.txt"
