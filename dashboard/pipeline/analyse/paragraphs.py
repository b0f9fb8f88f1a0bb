"""Stage: the kept paragraphs themselves (``paragraphs`` rows), with language and topics."""

from __future__ import annotations

from . import topics
from .context import Context, Rows

TABLE = "paragraphs"


def rows(ctx: Context, done: Rows) -> list[dict]:
    maps = topics.term_maps(ctx.paragraphs, done["terms"])
    return [
        {
            "article_id": ctx.article_id,
            "paragraph": p.index,
            "line": p.line,
            "text": p.text,
            "role": p.role,
            "language": lang,
            "damaged": p.damaged,
            "damaged_spans": [[s, e] for s, e in p.damaged_spans],
            "topics": topics.paragraph_topics(term_map),
        }
        for p, lang, term_map in zip(ctx.paragraphs, ctx.languages, maps, strict=True)
    ]
