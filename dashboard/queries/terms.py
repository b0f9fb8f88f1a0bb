"""Terms page queries: term totals of a selection, top and distinctive terms, a term over time and
by publisher, keyword in context."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.queries.cache import cached_query
from dashboard.queries.keyword import position_slots, term_rows
from dashboard.queries.selection import as_list, pos_key, positions
from dashboard.store import Tables, labels
from dashboard.store.files import UNKNOWN

# re-exported: the term picker resolves what a reader types (any merged form) to its term
from dashboard.store.names import Resolved as Resolved
from dashboard.store.names import resolve_term as resolve_term
from dashboard.store.totals import TopicTotals, grouped_sums, partition_codes, selected, sums


def from_groups(tables: Tables, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Totals of a selection that is a union of whole groups of a partition, or one whole topic, else None."""
    ready: list = []
    for name in ("group-totals", "topic-totals"):
        got = tables.jobs.ready(name)  # not ready yet (or failed): the general path answers
        if got is not None:
            ready += got.values()
    for part in ready:
        if isinstance(part, TopicTotals):
            if len(pos) == part.size and part.mask[pos].all():
                return part.occ, part.arts
            continue
        hit = np.bincount(part.group[pos], minlength=len(part.size))
        chosen = np.flatnonzero(hit)
        if np.array_equal(hit[chosen], part.size[chosen]):
            return part.occ[chosen].sum(axis=0), part.arts[chosen].sum(axis=0)
    return None


def term_totals(tables: Tables, ids: Iterable[str] | pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, articles) of every vocabulary term in the selection, cached per selection."""
    return totals_at(tables, positions(tables, ids))


def totals_at(tables: Tables, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``term_totals`` of the articles at the (sorted, distinct) positions ``pos``."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        if len(pos) == len(tables.articles):  # ready before the whole index after a build
            corpus = tables.corpus_terms
            return corpus.occurrences, corpus.articles
        grouped = from_groups(tables, pos)
        if grouped is not None:
            return grouped
        # sum over the smaller side: a wide selection is the corpus minus what it leaves out
        wide = 2 * len(pos) > len(tables.articles)
        side = np.setdiff1d(np.arange(len(tables.articles)), pos, assume_unique=True) if wide else pos
        return _summed(tables, pos, side, wide)

    return tables.memo.get(("terms", pos_key(pos)), make)


# the distinctive terms' default comparison (the largest language group against the rest): the
# selection's pass over the index sums its language groups too, so that comparison needs no second pass
GROUPED_BY = "language"


def _summed(tables: Tables, pos: np.ndarray, side: np.ndarray, wide: bool) -> tuple[np.ndarray, np.ndarray]:
    """Totals of the selection ``pos`` from one pass over ``side`` (``pos`` itself, or for a
    ``wide`` selection the articles it leaves out), keeping each of its language groups' totals in
    the dataset's LRU under the key that group's own selection would have."""
    if GROUPED_BY not in tables.articles:
        return _plain(tables, side, wide)
    codes, groups = partition_codes(tables, GROUPED_BY)
    whole = None
    if wide:  # a group of the selection is the corpus group minus its articles left out
        got = tables.jobs.ready("group-totals")
        whole = got.get(GROUPED_BY) if got else None
        if whole is None or not np.array_equal(whole.group, codes):
            return _plain(tables, side, wide)
    if groups < 2:
        return _plain(tables, side, wide)
    occ, arts = grouped_sums(tables, side, codes, groups)
    if whole is not None:
        occ, arts = whole.occ - occ, whole.arts - arts
    mine = codes[pos]
    for g in np.unique(mine).tolist():
        sub = pos[mine == g]
        if len(sub) == len(pos):
            break  # one group: the selection itself
        value = (occ[g].copy(), arts[g].copy())  # rows of their own, not views keeping the whole
        tables.memo.get(("terms", pos_key(sub)), lambda value=value: value)
    return occ.sum(axis=0), arts.sum(axis=0)


def _plain(tables: Tables, side: np.ndarray, wide: bool) -> tuple[np.ndarray, np.ndarray]:
    occ, arts = sums(tables, side)
    if wide:
        all_occ, all_arts = term_totals(tables, tables.articles)
        return all_occ - occ, all_arts - arts
    return occ, arts


def term_counts(tables: Tables, ids: Iterable[str] | pd.DataFrame) -> pd.Series:
    """Total count of each canonical term in the given articles (terms that occur only)."""
    occurrences, _ = term_totals(tables, ids)
    present = occurrences > 0
    return pd.Series(
        occurrences[present].astype(float),
        index=pd.Index(tables.index.vocab[present], name="term"),
        name="count",
    )


def top_terms(tables: Tables, arts: pd.DataFrame, n: int = 30) -> pd.DataFrame:
    """Most frequent terms: raw count, per 10,000 terms, articles, and the surface forms merged.

    ``forms`` lists the surface forms merged into the term anywhere in the corpus.
    """
    occurrences, articles = term_totals(tables, arts)
    total = occurrences.sum()
    if total == 0:
        return pd.DataFrame(columns=["term", "count", "per_10k", "articles", "forms"])
    present = np.flatnonzero(occurrences > 0)
    frame = pd.DataFrame(
        {
            "term": tables.index.vocab[present],
            "count": occurrences[present],
            "articles": articles[present],
        }
    )
    out = frame.sort_values(["count", "term"], ascending=[False, True]).head(n).reset_index(drop=True)
    out["per_10k"] = (out["count"] / total * 10_000).round(1)
    out["forms"] = out["term"].map(tables.forms_text).fillna("")
    return out[["term", "count", "per_10k", "articles", "forms"]]


LABEL_FORMS = 6  # forms named in a picker label (a term can have dozens)


def _label(term: str, text: object) -> str:
    others = [f for f in str(text or "").split(" · ") if f and f != term][:LABEL_FORMS]
    return " · ".join([term, *others])


def term_labels(tables: Tables) -> dict[str, str]:
    """``term_label`` of every term with merged forms, made once per dataset: the picker labels
    its whole vocabulary (≈ 11,000 terms at 10⁵ articles) on every run of the Terms page, and a
    pandas lookup per option cost a tenth of a second there."""

    def make() -> dict[str, str]:
        forms = tables.forms_text
        if not isinstance(forms, pd.Series):
            return {}
        return {str(t): _label(str(t), text) for t, text in zip(forms.index, forms.tolist(), strict=True)}

    return tables.once("term-labels", make)


def term_label(tables: Tables, term: str) -> str:
    """The term with the other forms merged into it, for a picker a reader types into:
    “英伟达 · 輝達 · 英偉達 · NVIDIA” (so any of them finds it)."""
    got = term_labels(tables).get(term)
    return got if got is not None else _label(term, "")


def log_odds_dirichlet(
    counts_a: pd.Series, counts_b: pd.Series, prior: pd.Series, prior_scale: float | None = None
) -> pd.DataFrame:
    """Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    ``prior`` holds background counts per term (usually the whole corpus); it is rescaled so its
    total is ``prior_scale`` (default: its own total). Positive ``z`` favours group A.
    """
    vocab = prior.index.union(counts_a.index).union(counts_b.index)
    ya = counts_a.reindex(vocab, fill_value=0.0).to_numpy(float)
    yb = counts_b.reindex(vocab, fill_value=0.0).to_numpy(float)
    bg = prior.reindex(vocab, fill_value=0.0).to_numpy(float)
    return _log_odds(vocab.to_numpy(), ya, yb, bg, prior_scale)


def _log_odds(
    vocab: np.ndarray, ya: np.ndarray, yb: np.ndarray, prior: np.ndarray, prior_scale: float | None = None
) -> pd.DataFrame:
    """``log_odds_dirichlet`` over aligned float arrays (a count per term of ``vocab`` each)."""
    bg = prior + 0.01  # no zero pseudo-counts
    a0 = float(prior_scale) if prior_scale else float(bg.sum())
    alpha = bg / bg.sum() * a0
    na, nb = ya.sum(), yb.sum()
    delta = np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log((yb + alpha) / (nb + a0 - yb - alpha))
    var = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
    out = pd.DataFrame(
        {"term": vocab, "count_a": ya, "count_b": yb, "delta": delta, "z": delta / np.sqrt(var)}
    )
    return out.sort_values("z", ascending=False, ignore_index=True)


def _group_mask(arts: pd.DataFrame, dimension: str, value: str) -> np.ndarray:
    if dimension == "topic":
        return arts["topics"].map(lambda ts: value in as_list(ts)).to_numpy(bool)
    return (arts[dimension] == value).to_numpy(bool)


GROUP_DIMENSIONS = {"language": "language", "publisher": "publisher", "topic": "topics"}
REST = "(all the rest)"


def group_values(arts: pd.DataFrame, dimension: str) -> list[str]:
    """The values a comparison group may take in the selection."""
    if dimension == "topic":
        return sorted({t for ts in arts["topics"] for t in as_list(ts)})
    return sorted(arts[dimension].dropna().unique())


def group_sizes(arts: pd.DataFrame, dimension: str, group_a: str, group_b: str) -> tuple[int, int]:
    """Articles in comparison groups A and B (B may be ``REST``; an article in A is never in B)."""
    in_a = _group_mask(arts, dimension, group_a)
    in_b = ~in_a if group_b == REST else _group_mask(arts, dimension, group_b) & ~in_a
    return int(in_a.sum()), int(in_b.sum())


def largest_group(arts: pd.DataFrame, dimension: str, values: list[str]) -> int:
    """Position in ``values`` of the group with the most articles (the default comparison: a
    first-alphabetical group of one article would open the page on a warning)."""
    sizes = [int(_group_mask(arts, dimension, v).sum()) for v in values]
    return max(range(len(values)), key=lambda i: (sizes[i], -i)) if values else 0


# below this many articles a group's "distinctive" words are mostly one author's wording
MIN_GROUP_ARTICLES = 2


def distinctive_terms(
    tables: Tables, arts: pd.DataFrame, dimension: str, group_a: str, group_b: str, n: int = 15
) -> pd.DataFrame:
    """Terms most distinctive of A vs B (B may be ``REST``); the top ``n`` each way, with a ``favours`` column."""
    in_a = _group_mask(arts, dimension, group_a)
    in_b = ~in_a if group_b == REST else _group_mask(arts, dimension, group_b) & ~in_a
    if not in_a.any() or not in_b.any():
        return pd.DataFrame(columns=["term", "count_a", "count_b", "delta", "z", "favours"])
    # the groups by their article positions (no sub-frames), as arrays over the vocabulary (no
    # pandas alignment): the rest of the selection is its total minus group A (no second pass
    # over the index). The terms compared are those of the selection (each group's are among them).
    pos = arts.index.to_numpy()
    occ_all, _ = totals_at(tables, pos)
    occ_a, _ = totals_at(tables, pos[in_a])
    occ_b = occ_all - occ_a if group_b == REST else totals_at(tables, pos[in_b])[0]
    present = np.flatnonzero(occ_all > 0)
    scored = _log_odds(
        tables.index.vocab[present],
        occ_a[present].astype(float),
        occ_b[present].astype(float),
        occ_all[present].astype(float),
    )
    scored = scored[(scored["count_a"] + scored["count_b"]) > 0]
    top = scored.head(n)
    bottom = scored.tail(n)
    out = pd.concat([top[top["z"] > 0], bottom[bottom["z"] < 0]]).drop_duplicates("term")
    out["favours"] = np.where(out["z"] > 0, group_a, group_b)
    out = out.reset_index(drop=True)
    out.attrs["left_out"] = {"terms less distinctive either way": len(scored) - len(out)}
    return out


def left_out(frame: pd.DataFrame) -> dict[str, int]:
    """What a query's answer leaves out of the selection, reason → count (empty when nothing)."""
    return dict(frame.attrs.get("left_out", {}))


def _term_rows(tables: Tables, arts: pd.DataFrame, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(article positions, counts) of ``term`` in the selection, in article order."""
    idx = tables.index
    rows = term_rows(tables, term)
    if rows is None:
        return np.array([], np.int64), np.array([], np.int64)
    pos, cnt = idx.articles_of(rows), idx.count[rows]
    keep = selected(tables, arts.index.to_numpy())[pos]
    pos, cnt = pos[keep], cnt[keep]
    order = np.argsort(pos, kind="stable")
    return pos[order], cnt[order]


def term_over_time(tables: Tables, arts: pd.DataFrame, term: str) -> pd.DataFrame:
    """Monthly occurrences of ``term``; occurrences in undated articles are one row without a month,
    so the rows add up to every occurrence in the selection."""
    pos, cnt = _term_rows(tables, arts, term)
    month = tables.month.to_numpy()[pos]
    if not len(pos):
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "count": pd.Series(dtype=int)})
    hits = pd.DataFrame({"month": pd.to_datetime(month), "count": cnt})
    return hits.groupby("month", as_index=False, dropna=False)["count"].sum()


def term_by_publisher(tables: Tables, arts: pd.DataFrame, term: str) -> pd.DataFrame:
    """Occurrences of ``term`` per publisher."""
    pos, cnt = _term_rows(tables, arts, term)
    pubs = tables.articles["publisher"].to_numpy()[pos]
    hits = pd.DataFrame({"publisher": pd.Series(pubs, dtype=object).fillna(UNKNOWN), "count": cnt})
    out = hits.groupby("publisher", as_index=False)["count"].sum()
    return out.sort_values("count", ascending=False, ignore_index=True)


def _indexed_hits(tables: Tables, term: str, pos: np.ndarray, parts: list[int]) -> list[tuple] | None:
    """(article_id, paragraph, forms, text) of the candidates' paragraphs holding ``term``, in
    article and paragraph order: the term's rows from ``terms``, the paragraphs' text from the
    keyword text index (its mapped text, paragraph ``k`` being an article's ``k``-th text, as
    ``paragraph`` is the 0-based position), instead of decoding every paragraph of each Parquet
    part read (≈ 0.8 s for a rare term spread over 26 parts at 10⁵ articles). None when the text
    index is not ready or does not hold the candidates' paragraphs as the articles table counts
    them: the SQL join answers then."""
    index = tables.jobs.ready("text-index")
    if index is None or "n_paragraphs" not in tables.articles:
        return None
    slot_of = position_slots(tables, index)
    slots = slot_of[pos]
    if (slots < 0).any():
        return None
    texts = index.paragraphs(slots.tolist())
    expected = tables.articles["n_paragraphs"].to_numpy()[pos]
    if any(len(texts[s]) != n for s, n in zip(slots.tolist(), expected.tolist(), strict=True)):
        return None
    by_id = dict(zip(tables.positions[pos].tolist(), slots.tolist(), strict=True))
    rows = _term_paragraphs(tables, term, parts, by_id)
    out = []
    for article_id, paragraph, forms in rows:
        chunks = texts[by_id[article_id]]
        if paragraph is None or not 0 <= paragraph < len(chunks):
            continue  # no such paragraph row: the join left it out
        out.append((article_id, paragraph, forms, chunks[paragraph]))
    return out


def _term_paragraphs(tables: Tables, term: str, parts: list[int], ids: Iterable[str]) -> list[tuple]:
    """(article_id, paragraph, forms) of ``term`` in the articles ``ids`` (which sit in the table
    parts ``parts``), in article and paragraph order: the term's rows of the whole part, kept per
    (term, part) in the dataset's LRU as Arrow columns. A part's rows of a term do not depend on
    the selection, so the term in context of another selection (a keyword typed with a term
    picked) reads no Parquet again for the parts it shares: a query per selection decoded the
    parts' ``term`` column every time (≈ 0.1 s at 10⁵ articles)."""
    key = ("term_part_rows", term)
    kept = tables.memo.peek(key)
    have: dict[int, pa.Table] = dict(kept) if isinstance(kept, dict) else {}
    wanted = sorted(set(parts))
    if not wanted or any(tables.source("terms", [p]) == "terms" for p in wanted):  # the whole table
        wanted = [-1]
    missing = [p for p in wanted if p not in have]
    if missing:
        sql = " UNION ALL ".join(
            f"SELECT {int(p)} AS part, article_id, paragraph, forms "
            f"FROM {tables.source('terms', [p]) if p >= 0 else 'terms'} WHERE term = ?"
            for p in missing
        )
        got = tables.query(sql, [term] * len(missing)).to_arrow_table()
        part = got.column("part").to_numpy()
        rows = got.drop_columns(["part"])
        have |= {p: rows.filter(pa.array(part == p)) for p in missing}
        tables.memo.put(key, have)
    held = pa.concat_tables([have[p] for p in wanted])
    held = held.filter(pc.is_in(held.column("article_id"), value_set=pa.array(list(ids), pa.string())))
    rows = list(
        zip(
            held.column("article_id").to_pylist(),
            held.column("paragraph").to_pylist(),
            held.column("forms").to_pylist(),
            strict=True,
        )
    )
    # DuckDB's order: article_id, then paragraph with NULLs last
    rows.sort(key=lambda r: (r[0], r[1] is None, r[1] if r[1] is not None else 0))
    return rows


KWIC_COLUMNS = [
    "left",
    "match",
    "right",
    "article",
    "publisher",
    "published",
    "url",
    "article_id",
    "paragraph",
]


@cached_query
def kwic(tables: Tables, arts: pd.DataFrame, term: str, width: int = 24, limit: int = 200) -> pd.DataFrame:
    """Keyword-in-context lines for ``term``: the first occurrence of a merged surface form per paragraph.

    The term index names the selected articles holding the term; at most ``limit`` of them (from as
    few table parts as possible) are looked up in the terms table, and only their paragraphs read.
    """
    pos, _ = _term_rows(tables, arts, term)
    if not len(pos):
        return pd.DataFrame(columns=KWIC_COLUMNS)
    # prefer articles from few parts: each part read is a file scan
    part = tables.part_of[pos]
    pos = pos[np.lexsort((pos, part))][:limit]
    parts = np.unique(tables.part_of[pos]).tolist()
    ids = tables.positions[pos]
    cand = pa.table({"article_id": pa.array(list(ids), pa.string())})
    hits = _indexed_hits(tables, term, pos, parts)
    if hits is None:
        hits = tables.query(
            f"""
            WITH t AS (
                SELECT article_id, paragraph, forms FROM {tables.source("terms", parts)}
                WHERE term = ? AND article_id IN (SELECT article_id FROM _cand)
            ), p AS (
                SELECT article_id, paragraph, text FROM {tables.source("paragraphs", parts)}
                WHERE article_id IN (SELECT article_id FROM _cand)
            )
            SELECT t.article_id, t.paragraph, t.forms, p.text
            FROM t JOIN p USING (article_id, paragraph)
            ORDER BY t.article_id, t.paragraph
            """,
            [term],
            _cand=cand,
        ).fetchall()
    # only the candidates' metadata (indexing the whole articles table by id copies every column)
    meta = tables.articles.iloc[pos][["article_id", "publisher", "published", "url"]]
    meta = meta.assign(label=labels.labels(tables, pos).to_numpy())
    # plain dicts: a pandas ``.at`` per field and line costs more than the query
    meta = {r["article_id"]: r for r in meta.drop_duplicates("article_id").to_dict(orient="records")}
    rows = []
    for article_id, paragraph, forms, text in hits:
        if not isinstance(text, str):
            continue
        cands = sorted({*as_list(forms), term}, key=len, reverse=True)
        low = text.lower()
        at, form = -1, ""
        for cand_form in cands:
            at = low.find(cand_form.lower())
            if at >= 0:
                form = text[at : at + len(cand_form)]
                break
        if at < 0:
            continue
        rows.append(
            {
                "left": text[max(0, at - width) : at],
                "match": form,
                "right": text[at + len(form) : at + len(form) + width],
                "article": meta[article_id]["label"],  # headline · publisher · date
                "publisher": meta[article_id]["publisher"],
                "published": meta[article_id]["published"],
                "url": meta[article_id]["url"],
                "article_id": article_id,
                "paragraph": int(paragraph),
            }
        )
        if len(rows) >= limit:
            break
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
