"""Stage: the article's own row (``articles``): metadata, language, regional vocabulary, counts, topics.

``sources`` and ``near_duplicate_of`` are completed by the build, which sees every article.
"""

from __future__ import annotations

from .. import script
from ..schema import CLEANING_COUNTS
from . import topics
from .context import Context, Rows

TABLE = "articles"
# metadata.extract_metadata keys copied as they are
META_COLUMNS = ("title", "publisher", "publisher_basis", "url", "published", "published_basis", "author")


def rows(ctx: Context, done: Rows) -> list[dict]:
    doc, paragraphs = ctx.doc, ctx.paragraphs
    vocab = script.regional_vocabulary("\n".join(p.text for p in paragraphs))
    counts = {k: int(ctx.cleaned.counts.get(k, 0)) for k in CLEANING_COUNTS}
    article = {
        "article_id": ctx.article_id,
        "source": doc.source,
        "sources": [doc.source],
        "format": doc.fmt,
        "encoding": doc.encoding,
        **{k: ctx.meta.get(k) for k in META_COLUMNS},
        "wire_agency": ctx.dateline.agency if ctx.dateline else None,
        "language": ctx.language,
        "region_vocab": vocab.label,
        "region": ctx.region,
        "mainland_terms": vocab.mainland,
        "taiwan_terms": vocab.taiwan,
        "converted_repost": script.converted_repost(ctx.language, vocab),
        "near_duplicate_of": None,
        "n_paragraphs": len(paragraphs),
        "n_chars": sum(len(p.text) for p in paragraphs),
        **counts,
        "topics": topics.article_topics(topics.term_maps(paragraphs, done["terms"])),
    }
    return [article]
