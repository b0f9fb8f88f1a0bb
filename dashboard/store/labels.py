"""How an article is named on every page: one display label per article.

An article is cited by its title. Many scraped articles have none, so the label falls back to the
first heading, else the first sentence of the text, marked as derived (the reader sees it is not
the article's own title); then publisher and date. File names and ids are never the label: pages
show them only in a details column.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from dashboard.store.dataset import Tables, disk_cached

SNIPPET = 28  # characters of a derived headline (about one short Chinese sentence)
DERIVED = "(no title)"  # put before a headline taken from the text
UNDATED = "undated"
UNKNOWN_PUBLISHER = "unknown publisher"
# a sentence ends at Chinese or Western end punctuation (a colon too: headings often end there)
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.\s)")


def text_or(value: object, default: str = "") -> str:
    """``value`` as text, or ``default`` when it is missing (None, NaN, NaT, empty)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return default
    text = str(value).strip()
    return text if text and text not in ("nan", "NaT", "<NA>", "None") else default


def first_sentence(text: str, limit: int = SNIPPET) -> str:
    """The first sentence of ``text``, cut to ``limit`` characters with "…" when cut or unfinished."""
    text = " ".join(text.split())
    head = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(head) > limit:
        return head[:limit].rstrip() + "…"
    return head if head == text or head[-1:] in "。！？!?." else head + "…"


def _derived(tables: Tables) -> pd.DataFrame:
    """Per article position: its first heading and first paragraph (one pass over paragraphs)."""
    got = tables.query(
        """SELECT a.pos,
                  arg_min(p.text, p.paragraph) FILTER (WHERE p.role = 'heading') AS heading,
                  arg_min(p.text, p.paragraph) AS first
           FROM paragraphs p JOIN art_pos a USING (article_id) GROUP BY a.pos"""
    ).df()
    out = pd.DataFrame(
        {"heading": None, "first": None}, index=pd.RangeIndex(len(tables.articles)), dtype=object
    )
    pos = got["pos"].to_numpy(dtype=np.int64)
    out.loc[pos, "heading"] = got["heading"].to_numpy(dtype=object)
    out.loc[pos, "first"] = got["first"].to_numpy(dtype=object)
    return out


def headlines(tables: Tables) -> pd.DataFrame:
    """Per article position: ``headline`` (the text naming the article) and ``headline_basis``
    (``title``, ``heading``, ``first sentence`` or ``none``). Computed once per dataset."""

    def make() -> pd.DataFrame:
        arts = tables.articles
        derived = _derived(tables) if arts["title"].isna().any() or (arts["title"] == "").any() else None
        text, basis = [], []
        for i, title in enumerate(arts["title"].to_numpy(dtype=object)):
            own = text_or(title)
            heading = text_or(derived.at[i, "heading"]) if derived is not None and not own else ""
            first = text_or(derived.at[i, "first"]) if derived is not None and not own else ""
            if own:
                text.append(own), basis.append("title")
            elif heading:
                text.append(first_sentence(heading)), basis.append("heading")
            elif first:
                text.append(first_sentence(first)), basis.append("first sentence")
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
