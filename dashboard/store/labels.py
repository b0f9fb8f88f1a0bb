"""How an article is named on every page: one display label per article.

An article is cited by its title. Many scraped articles have none, so the label falls back to the
first heading, else the first sentence of the text, marked as derived (the reader sees it is not
the article's own title); then publisher and date. File names and ids are never the label: pages
show them only in a details column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.pipeline.build import headlines as built
from dashboard.pipeline.build.headlines import SNIPPET as SNIPPET
from dashboard.pipeline.build.headlines import first_sentence as first_sentence
from dashboard.pipeline.build.headlines import text_or as text_or
from dashboard.store.dataset import Tables, disk_cached
from dashboard.store.files import parts

DERIVED = "(no title)"  # put before a headline taken from the text
UNDATED = "undated"
UNKNOWN_PUBLISHER = "unknown publisher"


def _derived(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Per article position: its first heading and its first paragraph, each cut to its first
    sentence ("" when none). From the files the build wrote (``indexes/headline``), else one
    pass over the paragraphs' text."""
    found = None
    if (tables.folder / "paragraphs.parquet").is_dir():
        found = built.read_parts(tables.folder, parts(tables.folder, "paragraphs"))
    if found is None:  # an output written before the build wrote them (or a fixture's single files)
        got = tables.query(
            """SELECT article_id, arg_min(text, paragraph) FILTER (WHERE role = 'heading') AS heading,
                      arg_min(text, paragraph) AS first
               FROM paragraphs GROUP BY article_id"""
        ).to_arrow_table()
        ids = got.column("article_id").to_numpy(zero_copy_only=False)
        heading = [built.cut(v) for v in got.column("heading").to_pylist()]
        first = [built.cut(v) for v in got.column("first").to_pylist()]
    else:
        ids = found.column("article_id").to_numpy(zero_copy_only=False)
        heading = found.column("heading").to_pylist()
        first = found.column("first").to_pylist()
    heading_at = np.full(len(tables.articles), "", dtype=object)
    first_at = np.full(len(tables.articles), "", dtype=object)
    pos = tables.positions.get_indexer(pd.Index(ids, dtype=object))
    known = pos >= 0  # paragraphs of articles missing from the articles table are ignored
    heading_at[pos[known]] = np.asarray(heading, dtype=object)[known]
    first_at[pos[known]] = np.asarray(first, dtype=object)[known]
    return heading_at, first_at


def headlines(tables: Tables) -> pd.DataFrame:
    """Per article position: ``headline`` (the text naming the article) and ``headline_basis``
    (``title``, ``heading``, ``first sentence`` or ``none``). Computed once per dataset."""

    def make() -> pd.DataFrame:
        arts = tables.articles
        untitled = arts["title"].isna().any() or (arts["title"] == "").any()
        headings, firsts = _derived(tables) if untitled else (None, None)
        text, basis = [], []
        for i, title in enumerate(arts["title"].to_numpy(dtype=object)):
            own = text_or(title)
            heading = headings[i] if headings is not None and not own else ""
            first = firsts[i] if firsts is not None and not own else ""
            if own:
                text.append(own), basis.append("title")
            elif heading:
                text.append(heading), basis.append("heading")
            elif first:
                text.append(first), basis.append("first sentence")
            else:
                text.append(""), basis.append("none")
        return pd.DataFrame({"headline": text, "headline_basis": basis}, dtype=object)

    return tables.once("headlines", lambda: disk_cached(tables, "headlines-v1", make))


def marked(headline: str, basis: str) -> str:
    """The headline as shown: the title as is, a headline taken from the text quoted and marked."""
    if basis == "title":
        return headline
    # the marker first: a narrow column or a cut label still shows that the words are not a title
    return f"{DERIVED} “{headline}”" if headline else DERIVED


def compose(headline: str, basis: str, publisher: object, published: object) -> str:
    """The display label: headline (marked when derived), publisher, date."""
    head = marked(headline, basis)
    date = (
        published.date().isoformat()
        if isinstance(published, pd.Timestamp) and pd.notna(published)
        else UNDATED
    )
    return f"{head} · {text_or(publisher, UNKNOWN_PUBLISHER)} · {date}"


def marked_headlines(tables: Tables, positions: np.ndarray) -> np.ndarray:
    """``marked`` headlines of the articles at ``positions`` (a table's first column)."""
    heads = headlines(tables).iloc[np.asarray(positions, dtype=np.int64)]
    return np.array(
        [marked(h, b) for h, b in zip(heads["headline"], heads["headline_basis"], strict=True)], dtype=object
    )


def labels(tables: Tables, positions: np.ndarray | None = None) -> pd.Series:
    """Display labels of the articles at ``positions`` (all when None), indexed by article_id."""
    arts = tables.articles
    pos = np.arange(len(arts)) if positions is None else np.asarray(positions, dtype=np.int64)
    heads = headlines(tables).iloc[pos]
    values = [
        compose(h, b, p, d)
        for h, b, p, d in zip(
            heads["headline"].to_numpy(),
            heads["headline_basis"].to_numpy(),
            arts["publisher"].to_numpy(dtype=object)[pos],
            arts["published"].iloc[pos],
            strict=True,
        )
    ]
    return pd.Series(values, index=arts["article_id"].to_numpy()[pos], dtype=object, name="label")


def label_of(tables: Tables, article_id: str) -> str:
    """The display label of one article (its id when the id is unknown)."""
    if article_id not in tables.positions:
        return str(article_id)
    return str(labels(tables, np.array([tables.positions.get_loc(article_id)])).iloc[0])
