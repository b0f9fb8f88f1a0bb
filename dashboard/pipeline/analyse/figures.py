"""Stage: the figures cited in counted paragraphs (``figures`` rows; ``claim_id`` is set per chunk)."""

from __future__ import annotations

from ..figures import extract_figures
from .context import Context, Rows

TABLE = "figures"


def rows(ctx: Context, done: Rows) -> list[dict]:
    out = []
    for p, text in ctx.counted():
        for fg in extract_figures(text, region=ctx.region):
            out.append(
                {
                    "article_id": ctx.article_id,
                    "paragraph": p.index,
                    "text": fg.text,
                    "kind": fg.kind,
                    "value": fg.value,
                    "value_max": fg.value_max,
                    "unit": fg.unit,
                    "per": fg.per,
                    "value_usd": fg.value_usd,
                    "sentence": fg.sentence,
                    "subject": fg.subject,
                    "qualifier": fg.qualifier,
                    "value_base": fg.value_base,
                    "unit_base": fg.unit_base,
                    "direction": fg.direction,
                }
            )
    return out
