"""Recurring claims: the same figure about the same thing, wherever it is cited.

Claim key = (kind, value, unit with its ``per``, anchor). The anchor is, in order: the top entity named in the
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
import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa

from ..figures import claim_anchor

CLAIM_COLUMNS = [
    "claim_id",
    "kind",
    "value",
    "unit",
    "subject",
    "texts",
    "n_articles",
    "article_ids",
    "publishers",
    "first_published",
    "last_published",
]

# Columns of the tagged figures that ``claims_table`` needs (``fallback`` is not a table column:
# the subject a claim shows when none of its figures has one).
PARTIAL_COLUMNS = ["claim_id", "kind", "value", "unit", "subject", "text", "article_id", "fallback"]
PARTIAL_SCHEMA = pa.schema([(c, pa.float64() if c == "value" else pa.string()) for c in PARTIAL_COLUMNS])


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
        if _text(fig.get("per")):  # a price per m2 is never the same claim as an amount of that value
            unit = f"{unit}/{fig['per']}"
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
    gives its kind, value and unit; its subject is the most common one its figures name (the
    earliest named on a tie), else the company its first figure's sentence names. Group-bys, not
    a loop over claims: a 10⁵-article corpus has 10⁵ of them.
    """
    if figures.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    figs = figures.reset_index(drop=True)
    figs["pos"] = range(len(figs))
    first = figs.drop_duplicates("claim_id", keep="first").set_index("claim_id").sort_index()
    out = pd.DataFrame(index=first.index)
    out["kind"] = first["kind"]
    out["value"] = first["value"].astype(float)
    out["unit"] = first["unit"].where(_is_str(first["unit"]), None)

    named = figs[_is_str(figs["subject"], nonempty=True)]
    best = (
        named.groupby(["claim_id", "subject"], sort=False)["pos"]
        .agg(["size", "min"])
        .reset_index()
        .sort_values(["claim_id", "size", "min"], ascending=[True, False, True])
        .drop_duplicates("claim_id")
        .set_index("claim_id")["subject"]
    )
    fallback = first["fallback"].where(_is_str(first["fallback"]), None)
    out["subject"] = best.reindex(out.index).astype(object).where(lambda s: s.notna(), fallback)
    out["subject"] = out["subject"].where(out["subject"].notna(), None)

    texts = _lists(figs.drop_duplicates(["claim_id", "text"]).sort_values("claim_id", kind="stable"), "text")
    pairs = figs[["claim_id", "article_id"]].drop_duplicates().sort_values(["claim_id", "article_id"])
    aids = _lists(pairs, "article_id")
    out["texts"] = texts
    out["n_articles"] = np.fromiter(map(len, aids.tolist()), np.int64, len(aids))
    out["article_ids"] = aids

    meta = articles[["article_id", "publisher", "published"]].drop_duplicates("article_id")
    meta = meta.assign(
        publisher=meta["publisher"].where(_is_str(meta["publisher"], nonempty=True), None),
        published=pd.to_datetime(
            pd.Series([_as_date(v) for v in meta["published"].tolist()], index=meta.index, dtype=object),
            errors="coerce",
        ),
    )
    joined = pairs.merge(meta, on="article_id", how="left")
    pubs = _lists(
        joined.dropna(subset=["publisher"])[["claim_id", "publisher"]]
        .drop_duplicates()
        .sort_values(["claim_id", "publisher"]),
        "publisher",
    )
    out["publishers"] = pd.Series(
        [v if isinstance(v, list) else [] for v in pubs.reindex(out.index).tolist()],
        index=out.index,
        dtype=object,
    )
    span = joined.dropna(subset=["published"]).groupby("claim_id")["published"].agg(["min", "max"])
    for col, agg in (("first_published", "min"), ("last_published", "max")):
        day = span[agg].reindex(out.index)
        # python dates straight from the datetime64 values (iterating Timestamps is slow at 10⁵ claims)
        dates = day.to_numpy(dtype="datetime64[D]").astype(object).tolist()
        missing = day.isna().to_numpy().tolist()
        out[col] = [None if m else d for m, d in zip(missing, dates, strict=True)]
    return out.reset_index()[CLAIM_COLUMNS]


def _lists(frame: pd.DataFrame, column: str) -> pd.Series:
    """``column`` of a frame sorted by claim_id, as one list per claim (numpy splits, not a per-group call)."""
    keys = frame["claim_id"].to_numpy()
    if not len(keys):
        return pd.Series(dtype=object)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    values = frame[column].to_numpy(dtype=object).tolist()
    bounds = [*starts.tolist(), len(values)]
    # list slices, not np.split: 10⁵ small arrays cost more than the lists themselves
    return pd.Series([values[a:b] for a, b in itertools.pairwise(bounds)], index=keys[starts], dtype=object)


def _is_str(column: pd.Series, nonempty: bool = False) -> np.ndarray:
    """Which values are strings (non-empty ones with ``nonempty``): a mask for ``where``/filtering."""
    if isinstance(column.dtype, pd.StringDtype):  # every value is a string or missing: no Python loop
        mask = column.notna().to_numpy(dtype=bool, copy=True)
        if nonempty:
            mask &= (column.str.len().fillna(0) > 0).to_numpy(dtype=bool)
        return mask
    values = column.tolist()
    if nonempty:
        return np.fromiter((isinstance(v, str) and bool(v) for v in values), bool, len(values))
    return np.fromiter((isinstance(v, str) for v in values), bool, len(values))


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
