"""Recurring claims: the same figure about the same thing, wherever it is cited.

Claim key = (kind, value, unit, anchor). The anchor is, in order: the top entity named in the
figure's subject (companies before countries); else the normalised subject plus the company
nearest the figure in its sentence; else that company alone (so 英伟达…500亿美元营收 and
輝達…中国投入500亿美元 meet); else nothing, and the figure is a claim of its own.
claim_id = first 12 hex digits of the SHA-1 of the key.

Two halves, so the expensive one runs where articles are analysed: ``tag_figures`` gives each
figure of one article its claim_id (article-local work), and ``claims_table`` groups the tagged
figures of the whole corpus into one row per claim (a cheap group-by in the build's main process).
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd
import pyarrow as pa

from .figures import CLAIM_COLUMNS, claim_anchor

# Columns of the tagged figures that ``claims_table`` needs (``fallback`` is not a table column:
# the subject a claim shows when none of its figures has one).
PARTIAL_COLUMNS = ["claim_id", "kind", "value", "unit", "subject", "text", "article_id", "fallback"]
PARTIAL_SCHEMA = pa.schema(
    [(c, pa.float64() if c == "value" else pa.string()) for c in PARTIAL_COLUMNS]
)


def _text(v: object) -> str | None:
    return v if isinstance(v, str) else None


def _fmt(value: float) -> str:
    return repr(round(float(value), 6))


def tag_figures(figures: list[dict]) -> None:
    """Add ``claim_id`` (and the private ``fallback`` subject) to each figure row of one article, in place."""
    seen: Counter = Counter()
    for fig in figures:
        subject, sentence = _text(fig.get("subject")), _text(fig.get("sentence"))
        anchor = claim_anchor(subject, sentence, fig["text"])
        # What the claim is about when none of its figures names a subject: without a subject
        # the anchor is the sentence's company ("@…") or nothing.
        fig["fallback"] = anchor[1:] if not subject and anchor else None
        if anchor is None:
            local = (fig["article_id"], int(fig["paragraph"]), fig["text"])
            seen[local] += 1
            anchor = f"#{fig['article_id']}:{int(fig['paragraph'])}:{fig['text']}:{seen[local]}"
        unit = _text(fig.get("unit")) or ""
        key = f"{fig['kind']}|{_fmt(fig['value'])}|{unit}|{anchor}"
        fig["claim_id"] = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _as_date(v):
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v.date() if isinstance(v, pd.Timestamp) else v


def claims_table(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per claim_id from tagged figures in table order (``PARTIAL_COLUMNS``).

    ``articles`` gives each article's publisher and published date. The first figure of a claim
    gives its kind, value and unit; its subject is the most common one its figures name.
    """
    if figures.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    meta: dict[str, tuple[str | None, object]] = {}
    for a in articles.itertuples(index=False):
        meta[a.article_id] = (_text(a.publisher) or None, _as_date(getattr(a, "published", None)))
    rows = []
    for cid, grp in figures.groupby("claim_id", sort=True):
        kind, value, unit = grp["kind"].iat[0], grp["value"].iat[0], _text(grp["unit"].iat[0])
        if len(grp) == 1:
            aids = [grp["article_id"].iat[0]]
            texts = [grp["text"].iat[0]]
            subject = _text(grp["subject"].iat[0]) or None
        else:
            aids = sorted(set(grp["article_id"]))
            texts = list(dict.fromkeys(grp["text"]))
            subjects = [s for s in grp["subject"] if isinstance(s, str) and s]
            subject = Counter(subjects).most_common(1)[0][0] if subjects else None
        if subject is None:
            subject = _text(grp["fallback"].iat[0])
        pubs = sorted({p for a in aids if (p := meta.get(a, (None, None))[0])})
        dates = [d for a in aids if (d := meta.get(a, (None, None))[1]) is not None]
        rows.append(
            {
                "claim_id": cid,
                "kind": kind,
                "value": float(value),
                "unit": unit,
                "subject": subject,
                "texts": texts,
                "n_articles": len(aids),
                "article_ids": aids,
                "publishers": pubs,
                "first_published": min(dates) if dates else None,
                "last_published": max(dates) if dates else None,
            }
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def assign_claims(figures: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tag ``figures`` (any article mix, table order) and build the claims table: both halves at once."""
    figs = figures.copy()
    if figs.empty:
        figs["claim_id"] = pd.Series(dtype="object")
        return figs, pd.DataFrame(columns=CLAIM_COLUMNS)
    rows = figs.to_dict("records")
    tag_figures(rows)
    tagged = pd.DataFrame(rows)
    figs["claim_id"] = tagged["claim_id"].to_numpy()
    return figs, claims_table(tagged, articles)
