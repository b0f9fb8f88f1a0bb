"""Analyse one document: clean it, then run the declared stages, each filling one table's rows.

A new extractor is one stage module (``TABLE`` and ``rows(ctx, done)``) added to ``STAGES``, its
columns in ``schema.py`` and ``data/README.md``. Stages run in order and may read the rows of
earlier ones (``done``): paragraphs and the article take their topics from the terms rows.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import clean, metadata, wire
from ..records import Columns, Document, countable
from . import article, citations, figures, paragraphs, terms
from .context import Context, Rows
from .language import languages


@dataclass(frozen=True)
class Stage:
    """One extractor: the table it fills and how it computes one document's rows."""

    table: str
    rows: Callable[[Context, Rows], list[dict] | Columns]


# In run order. The article row comes last (it sums up the others).
STAGES: tuple[Stage, ...] = tuple(
    Stage(module.TABLE, module.rows) for module in (terms, figures, citations, paragraphs, article)
)
# Row tables one document adds to (``removed`` is filled by cleaning); ``articles`` rows are
# returned apart, as ``ArticleResult.article``, because the build merges identical articles.
ROW_TABLES: tuple[str, ...] = (*(s.table for s in STAGES if s.table != "articles"), "removed")


@dataclass
class ArticleResult:
    """Everything the pipeline derives from one document (a pure function's output).

    ``article`` is None when the document was rejected; ``rows["removed"]`` still holds its cut lines.
    """

    source: str
    article: dict | None
    reason: str | None = None
    rows: Rows = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The cleaned article text (paragraphs joined by newlines)."""
        return "\n".join(p["text"] for p in self.rows.get("paragraphs", ()))


def article_id_for(paragraph_texts: list[str]) -> str:
    """Stable id from the cleaned text: identical articles share it, whatever file they came from."""
    return hashlib.sha256("\n".join(paragraph_texts).encode("utf-8")).hexdigest()[:16]


def analyse_document(doc: Document) -> ArticleResult:
    """Clean, attribute and analyse one document. Pure: same document in, same result out."""
    result = clean.clean_text(doc.text)
    removed = [{"source": doc.source, "line": r.line, "text": r.text, "rule": r.rule} for r in result.removed]
    if not result.paragraphs:
        reason = "no article text left after cleaning"
        if result.removed:
            reason += f" ({len(result.removed)} lines removed as boilerplate)"
        for row in removed:
            row["article_id"] = None
        return ArticleResult(doc.source, None, reason, {"removed": removed})

    aid = article_id_for([p.text for p in result.paragraphs])
    language, para_languages = languages(doc, result.paragraphs)
    ctx = Context(
        doc=doc,
        article_id=aid,
        cleaned=result,
        meta=metadata.extract_metadata(doc, result.removed, result.paragraphs),
        texts=[countable(p.text, p.damaged_spans) for p in result.paragraphs],
        languages=para_languages,
        language=language,
        dateline=wire.find_dateline([p.text for p in result.paragraphs]),
    )
    done: Rows = {}
    for stage in STAGES:
        done[stage.table] = stage.rows(ctx, done)
    for row in removed:
        row["article_id"] = aid
    done["removed"] = removed
    (article_row,) = done.pop("articles")
    return ArticleResult(doc.source, article_row, None, done)


def safe_analyse(doc: Document) -> ArticleResult:
    """One article's crash rejects that article with the error; the build goes on."""
    try:
        return analyse_document(doc)
    except Exception as exc:  # noqa: BLE001 - any rule failure must not stop the corpus
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = (
            f"processing failed: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        )
        return ArticleResult(doc.source, None, reason)
