"""Locate and load the journalist-editable lexicons in ``data/lexicon/``."""

from __future__ import annotations

import csv
import os
import tomllib
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def lexicon_dir() -> Path:
    """The lexicon folder: ``$CHIPWAR_LEXICON`` if set, else ``data/lexicon`` in the repository."""
    override = os.environ.get("CHIPWAR_LEXICON")
    return Path(override) if override else REPO_ROOT / "data" / "lexicon"


def lexicon_path(name: str) -> Path:
    return lexicon_dir() / name


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a lexicon CSV as dicts (lines starting with ``#`` are comments)."""
    with lexicon_path(name).open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple(
        {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        for row in csv.DictReader(lines)
    )


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a plain-text lexicon."""
    text = lexicon_path(name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


@cache
def read_toml(name: str) -> dict:
    with lexicon_path(name).open("rb") as fh:
        return tomllib.load(fh)
