"""Stage: the outlets and agencies each paragraph cites (``citations`` rows), reference lists included."""

from __future__ import annotations

from .. import wire
from ..sources import extract_citations, resolve_shared_names
from .context import Context, Rows

TABLE = "citations"


def rows(ctx: Context, done: Rows) -> list[dict]:
    out = []
    publisher = ctx.meta.get("publisher")
    per_paragraph = resolve_shared_names(
        [
            extract_citations(text, publisher, reference=p.role == "reference")
            for p, text in zip(ctx.paragraphs, ctx.texts, strict=True)
        ]
    )
    for p, cites in zip(ctx.paragraphs, per_paragraph, strict=True):
        for ct in cites:
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
    # a wire dateline names a cited agency, whoever published the page
    dateline = ctx.dateline
    if dateline is not None and all(c["outlet"] != dateline.agency for c in out):
        first = ctx.paragraphs[dateline.paragraph]
        out.append(wire.citation_row(ctx.article_id, first.index, first.text, dateline))
        out.sort(key=lambda c: c["paragraph"])  # stable: the paragraph order is kept
    return out
