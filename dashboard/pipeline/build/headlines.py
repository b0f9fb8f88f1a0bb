"""Each article's stand-in headline as build output: its first heading and first sentence.

Many scraped articles have no title. The dashboard then names an article by its first heading,
else the first sentence of its text, cut to ``SNIPPET`` characters and marked as derived. Finding
those took the dashboard a pass over every paragraph's text (3–5 s at 10⁵ articles) the first
time a page listed articles after a build, so the build writes them beside the tables, one small
file per ``paragraphs`` part::

    indexes/headline/part-NNNNNN.parquet   article_id, heading, first (strings; "" when none):
                                           the first heading and the first paragraph, each cut
                                           to its first sentence (``first_sentence``)

The file's key-value metadata holds ``version`` and ``source``, the fingerprint of the paragraphs
part it was made from (``write.fingerprint``), so a file that does not belong to its part is not
used (the dashboard then reads the paragraphs itself). Like the text index, a part's file depends
on that part's rows alone: an incremental build writes or links only the files of its parts.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .write import fingerprint, link, part_path, write_atomic

INDEX_DIR = Path("indexes") / "headline"
FORMAT_VERSION = 1
SOURCE_TABLE = "paragraphs"
SNIPPET = 28  # characters of a derived headline (about one short Chinese sentence)
# a sentence ends at Chinese or Western end punctuation (a colon too: headings often end there)
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.\s)")
SCHEMA = pa.schema([("article_id", pa.string()), ("heading", pa.string()), ("first", pa.string())])


def text_or(value: object, default: str = "") -> str:
    """``value`` as text, or ``default`` when it is missing (None, NaN, NaT, empty)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return default
    text = str(value).strip()
    return text if text and text not in ("nan", "NaT", "<NA>", "None") else default


def first_sentence(text: str, limit: int = SNIPPET) -> str:
    """The first sentence of ``text``, cut to ``limit`` characters with "…" when cut or unfinished."""
    text = " ".join(text.split())
    head = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(head) > limit:
        return head[:limit].rstrip() + "…"
    return head if head == text or head[-1:] in "。！？!?." else head + "…"


def cut(value: object) -> str:
    """A paragraph as a stand-in headline: its first sentence, or "" when it has no text."""
    text = text_or(value)
    return first_sentence(text) if text else ""


def first_texts(paragraphs: pa.Table) -> pa.Table:
    """Per article of ``paragraphs``: its first heading's and first paragraph's text (uncut, null
    when none), in article order."""
    con = duckdb.connect()
    try:
        con.register("_paragraphs", paragraphs.select(["article_id", "paragraph", "role", "text"]))
        return con.sql(
            """SELECT article_id,
                      arg_min(text, paragraph) FILTER (WHERE role = 'heading') AS heading,
                      arg_min(text, paragraph) AS first
               FROM _paragraphs GROUP BY article_id ORDER BY article_id"""
        ).to_arrow_table()
    finally:
        con.close()


def headline_rows(paragraphs: pa.Table) -> pa.Table:
    """What the file of one paragraphs part holds (``SCHEMA``): each article's cut heading and first sentence."""
    got = first_texts(paragraphs)
    return pa.table(
        {
            "article_id": got.column("article_id"),
            "heading": pa.array([cut(v) for v in got.column("heading").to_pylist()], pa.string()),
            "first": pa.array([cut(v) for v in got.column("first").to_pylist()], pa.string()),
        },
        schema=SCHEMA,
    )


def write_part(path: Path, paragraphs: pa.Table, parquet: Path) -> None:
    """Write the headline file of one paragraphs part (its rows, already written at ``parquet``)."""
    table = headline_rows(paragraphs).replace_schema_metadata(
        {"version": str(FORMAT_VERSION), "source": fingerprint(parquet)}
    )
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    write_atomic(path, buf.getvalue())


def read_part(path: Path, parquet: Path) -> pa.Table | None:
    """The headline file at ``path`` of the paragraphs part ``parquet``, or None when it is
    missing, unreadable, of another format or made from another Parquet file."""
    try:
        file = pq.ParquetFile(path)
        meta = file.schema_arrow.metadata or {}
        if meta.get(b"version") != str(FORMAT_VERSION).encode():
            return None
        if meta.get(b"source") != fingerprint(parquet).encode():
            return None
        table = file.read()
        return table if table.schema.remove_metadata().equals(SCHEMA) else None
    except (OSError, ValueError, pa.ArrowException):
        return None


def output_file(out: Path, part_name: str) -> Path:
    """The headline file of the paragraphs part file ``part_name`` in the output ``out``."""
    return Path(out) / INDEX_DIR / Path(part_name).name


def read_parts(out: Path, parquet_parts: list[Path]) -> pa.Table | None:
    """Every given paragraphs part's headline file of ``out``, concatenated, or None when any is
    missing or does not belong to its part (an output written before the build wrote them)."""
    tables = []
    for part in parquet_parts:
        got = read_part(output_file(out, part.name), part)
        if got is None:
            return None
        tables.append(got.replace_schema_metadata(None))
    return pa.concat_tables(tables) if tables else None


# ------------------------------------------------------------ the build's hooks (segments.py)
# (the same three as ``termindex``'s and ``textindex``'s)


def segment_target(out: Path, s: int, store: Path | None) -> str:
    """Where segment ``s``'s headline file is written: in its cached store (named for the
    content: a stored segment can become another part later), else in the output."""
    if store is not None:
        return str(Path(store) / "headline.parquet")
    return str(output_file(out, part_path(out, SOURCE_TABLE, s).name))


def write_at(target: str, paragraphs: pa.Table, parquet: Path) -> None:
    """``write_part`` at ``target`` (``segment_target``)."""
    write_part(Path(target), paragraphs, parquet)


def place_segment(out: Path, s: int, store: Path | None) -> None:
    """Put segment ``s``'s headline file in the output: link its stored file (written now if a
    store lacks it), or write the file of an empty output's only part."""
    dst = Path(segment_target(out, s, None))
    parquet = part_path(out, SOURCE_TABLE, s)
    if store is None:
        if not dst.is_file():  # no rows were written by a job
            write_at(str(dst), pq.read_table(parquet), parquet)
        return
    src = Path(segment_target(out, s, store))
    if read_part(src, parquet) is None:
        write_at(str(src), pq.read_table(parquet), parquet)
    dst.parent.mkdir(parents=True, exist_ok=True)
    link(src, dst)
