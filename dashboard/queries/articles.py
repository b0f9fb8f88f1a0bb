"""Articles page queries: the article list of a selection and the reader of one article."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.queries.cache import cached_query
from dashboard.store import Tables, glossary, labels
from dashboard.store.files import to_pandas

# the Articles table's columns: what a reporter reads first, then the details (file, id, counts)
LIST_COLUMNS = ["article", "publisher", "published", "language", "copy", "figures", "citations", "topics"]
DETAIL_COLUMNS = [
    "label",  # headline · publisher · date, the form to cite (the CSV has it)
    "terms",
    "n_paragraphs",
    "n_chars",
    "damaged_spans",
    "lines_removed",
    "headline_basis",
    "source",
    "article_id",
    "url",
    "converted_repost",
    "near_duplicate_of",
    "topic_names",
    "topic_ids",
]


@cached_query(disk=False)
def article_list(tables: Tables, arts: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Articles with their display label, metadata and per-article counts of figures, citations and
    terms (newest first; the first ``limit`` only, when given). No missing cells: an unknown
    publisher or date is said in words."""
    return _article_list(tables, arts, limit)


def _article_list(tables: Tables, arts: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    # the order first (date, then headline), then the rows of the first ``limit`` articles only:
    # labels and topic names per article took seconds for 10⁵ articles, to show a thousand
    marked = labels.marked_headlines(tables, arts.index.to_numpy())
    keys = pd.DataFrame({"published": arts["published"].to_numpy(), "article": marked})
    order = keys.sort_values(["published", "article"], ascending=[False, True], na_position="last").index
    if limit is not None:
        order = order[: max(0, int(limit))]
    arts = arts.iloc[order.to_numpy()]
    pos = arts.index.to_numpy()
    out = arts[
        ["article_id", "publisher", "published", "language", "n_paragraphs", "n_chars"]
        + ["damaged_spans", "lines_removed", "url", "source", "converted_repost", "near_duplicate_of"]
    ].reset_index(drop=True)
    out["article"] = marked[order.to_numpy()]
    out["label"] = labels.labels(tables, pos).to_numpy()
    out["headline_basis"] = labels.headlines(tables)["headline_basis"].to_numpy()[pos]
    out["copy"] = copy_labels(arts)
    counts = tables.article_counts.iloc[pos]
    for col in ("figures", "citations", "terms"):
        out[col] = counts[col].to_numpy().astype(int)
    for col in ("n_paragraphs", "n_chars", "damaged_spans", "lines_removed"):
        out[col] = out[col].fillna(0).astype(int)
    ids = tables.topics_text.to_numpy()[pos]
    # short labels where the table is narrow, the full labels and the ids (as stored) as details
    for col, script in (("topics", glossary.SHORT), ("topic_names", "en")):
        names = {t: glossary.label("topics", t, script) for t in tables.topic_masks}
        out[col] = [", ".join(names.get(t, t) for t in str(v).split(", ") if t) for v in ids]
    out["topic_ids"] = ids
    # words, not "None"/"NaT": the table, the CSV and the reader's picker all show these
    out["published"] = [labels.UNDATED if pd.isna(d) else d.date().isoformat() for d in out["published"]]
    out["publisher"] = [labels.text_or(p, labels.UNKNOWN_PUBLISHER) for p in out["publisher"]]
    out["language"] = [labels.text_or(v, "und") for v in out["language"]]
    out["url"] = [labels.text_or(v) for v in out["url"]]
    return out[LIST_COLUMNS + DETAIL_COLUMNS]


REPOST = "converted repost"
NEAR_DUPLICATE = "near-duplicate"


def copy_labels(arts: pd.DataFrame) -> list[str]:
    """Per article: “converted repost”, “near-duplicate”, both, or empty (the pipeline's flags)."""
    repost = arts["converted_repost"].fillna(False).astype(bool).tolist()
    near = arts["near_duplicate_of"].notna().tolist()
    return [
        " · ".join(label for label, on in ((REPOST, r), (NEAR_DUPLICATE, n)) if on)
        for r, n in zip(repost, near, strict=True)
    ]


@dataclass
class Reader:
    """Everything the article reader shows for one article."""

    article: pd.Series
    paragraphs: pd.DataFrame
    figures: pd.DataFrame
    citations: pd.DataFrame
    removed: pd.DataFrame
    label: str = ""  # the article's display label (``dashboard.store.labels``)


def reader(tables: Tables, article_id: str) -> Reader | None:
    """The cleaned paragraphs, figures, citations and removed lines of one article (None if unknown)."""
    arts = tables.articles
    row = arts[arts["article_id"] == article_id]
    if row.empty:
        return None

    def one(name: str, order: str, cols: str = "*") -> pd.DataFrame:
        return to_pandas(
            tables.query(
                f"SELECT {cols} FROM {name} WHERE article_id = ? ORDER BY {order}", [article_id]
            ).to_arrow_table()
        )

    return Reader(
        article=row.iloc[0],
        paragraphs=one("paragraphs", "paragraph"),
        figures=one("figures", "paragraph, text"),
        citations=one("citations", "paragraph, outlet"),
        removed=one("removed", "line, rule", "line, rule, text"),
        label=labels.label_of(tables, article_id),
    )


def mark_spans(
    text: str, figures: Iterable[str], citations: Iterable[str], damaged: Iterable[Iterable[int]]
) -> list[tuple[str, str | None]]:
    """Split ``text`` into (segment, mark) pieces; mark is ``figure``, ``citation``, ``damaged`` or None.

    Damaged spans win over everything; then the longest figure/citation surfaces, first come first served.
    """
    marks: list[str | None] = [None] * len(text)
    for span in damaged:
        pair = list(span)
        if len(pair) == 2:
            for i in range(max(0, int(pair[0])), min(len(text), int(pair[1]))):
                marks[i] = "damaged"
    needles = [(s, "figure") for s in set(figures) if s] + [(s, "citation") for s in set(citations) if s]
    for needle, kind in sorted(needles, key=lambda p: len(p[0]), reverse=True):
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if all(m is None for m in marks[start:end]):
                marks[start:end] = [kind] * len(needle)
            start = text.find(needle, end)
    pieces: list[tuple[str, str | None]] = []
    for ch, mark in zip(text, marks, strict=True):
        if pieces and pieces[-1][1] == mark:
            pieces[-1] = (pieces[-1][0] + ch, mark)
        else:
            pieces.append((ch, mark))
    return pieces


text_or = labels.text_or  # one missing-value rule for every page
label = labels.label_of  # an article's display label: headline · publisher · date


def removed_summary(doc: Reader) -> tuple[int, int]:
    """(whole lines removed, cuts inside kept lines) of a reader's article.

    ``lines_removed`` counts source lines cut whole; the ``removed`` table also audits the parts cut
    from lines that were kept (pinyin annotations, stray tags), so its row count is larger.
    """
    value = doc.article.get("lines_removed")
    whole = min(int(value) if pd.notna(value) else 0, len(doc.removed))
    return whole, len(doc.removed) - whole
