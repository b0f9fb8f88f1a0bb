"""Plain records passed between pipeline stages (one job: name the shapes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .schema import Rule

# Metadata keys a reader or a manifest may supply for one document.
META_KEYS = ("title", "url", "published", "publisher", "language", "author")


@dataclass
class Document:
    """One article as read from the input folder, before cleaning."""

    source: str  # path relative to the input folder; "file.jsonl#3" for the 3rd row of an export
    text: str  # decoded text; HTML already reduced to its article text, one paragraph per line
    encoding: str  # codec used to decode ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", ...)
    fmt: str  # "txt", "md", "html", "json", "jsonl", "csv"
    meta: dict[str, str] = field(default_factory=dict)  # supplied metadata (export row, HTML head, manifest)
    # where each ``meta`` value came from: "manifest", "row" (JSON/CSV export) or "html"
    meta_basis: dict[str, str] = field(default_factory=dict)


@dataclass
class Rejected:
    """An input that could not be ingested, with a reason a person can act on."""

    source: str
    reason: str


@dataclass
class Paragraph:
    """A cleaned paragraph of an article body."""

    index: int  # 0-based position in the cleaned article
    line: int  # 1-based line number in the decoded source text
    text: str  # cleaned text as a reader should see it
    role: str = "body"  # body | heading | caption | reference
    # [start, end) character offsets of irreparable mojibake in ``text``: shown, never counted
    damaged_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        return bool(self.damaged_spans)


@dataclass
class RemovedLine:
    """A source line cut by a cleaning rule, kept for audit."""

    line: int  # 1-based line number in the decoded source text
    text: str
    rule: Rule  # why it was cut (written to removed.rule as its id string)


@dataclass
class CleanResult:
    """What cleaning made of one document."""

    paragraphs: list[Paragraph]
    removed: list[RemovedLine]
    # counts of what cleaning did, e.g. pinyin_stripped, mojibake_repaired, damaged_spans, lines_removed
    counts: dict[str, int] = field(default_factory=dict)


def countable(text: str, damaged_spans: list[tuple[int, int]]) -> str:
    """Return ``text`` with damaged spans blanked (same length), so offsets still line up.

    Every analyser (terms, figures, sources, topics) reads this, never the raw paragraph text,
    so damaged spans never produce terms, figures or citations.
    """
    if not damaged_spans:
        return text
    chars = list(text)
    for start, end in damaged_spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = "\u3000"
    return "".join(chars)


@dataclass
class Columns:
    """One table's rows as a list per column, in schema order: what Arrow builds a table from
    directly, without a Python dict per row (the ``terms`` table has one row per term per paragraph)."""

    data: dict[str, list]

    def __len__(self) -> int:
        return len(next(iter(self.data.values()), ()))

    def __iter__(self) -> Iterator[dict]:
        """The rows as dicts (for readers that want rows; the build reads the columns)."""
        names = list(self.data)
        return (dict(zip(names, values, strict=True)) for values in zip(*self.data.values(), strict=True))
