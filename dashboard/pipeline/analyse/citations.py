"""Stage: the outlets and agencies each paragraph cites (``citations`` rows), reference lists included."""

from __future__ import annotations

from ..sources import extract_citations
from .context import Context, Rows

TABLE = "citations"


def rows(ctx: Context, done: Rows) -> list[dict]:
    out = []
    publisher = ctx.meta.get("publisher")
    for p, text in zip(ctx.paragraphs, ctx.texts, strict=True):
        for ct in extract_citations(text, publisher, reference=p.role == "reference"):
            out.append(
                {
                    "article_id": ctx.article_id,
                    "paragraph": p.index,
                    "outlet": ct.outlet,
                    "surface": p.text[ct.start : ct.end],  # as the reader sees it, damage included
                    "type": ct.type,
                    "country": ct.country,
                    "known": ct.known,
                    "sentence": ct.sentence,
                }
            )
    return out
