"""A selection: the sidebar filters and the keyword search pick the right articles."""

from __future__ import annotations

import datetime as dt

from conftest import A1, A2, A3, A4

from dashboard.queries import keyword, selection
from dashboard.state import Filters


def test_filters(tables):
    ids = lambda f: set(selection.filter_articles(tables, f)["article_id"])  # noqa: E731
    assert ids(Filters()) == {A1, A2, A3, A4}
    assert ids(Filters(lang=("zh-Hant",))) == {A2, A4}
    assert ids(Filters(lang=("zh-Hant",), undated=False)) == {A2}
    assert ids(Filters(date_from=dt.date(2024, 4, 1))) == {A2, A3, A4}
    assert ids(Filters(date_to=dt.date(2024, 3, 31), undated=False)) == {A1}
    assert ids(Filters(cited=("彭博社",))) == {A3, A4}
    assert ids(Filters(topic=("ai",))) == {A2, A3}
    assert ids(Filters(lang=("en",), outlet=("新浪",))) == set()
    # A4 is a converted repost, A2 a near-duplicate of it
    assert ids(Filters(copies="only")) == {A2, A4}
    assert ids(Filters(copies="exclude")) == {A1, A3}
    assert ids(Filters(copies="exclude", lang=("zh-Hant",))) == set()


def test_keyword_matches_across_scripts(tables):
    # 輝達 is written in A2/A4 and merged into 英伟达, which A1 writes in simplified
    assert keyword.keyword_article_ids(tables, "輝達") >= {A1, A2, A4}
    # any capitalisation of an alias finds the term the pipeline merges it into (英伟达) and the text
    assert keyword.keyword_article_ids(tables, "NVIDIA") == {A1, A2, A3, A4}
    for q in ("Nvidia", "nvidia", "nViDiA"):
        assert keyword.keyword_article_ids(tables, q) == keyword.keyword_article_ids(tables, "NVIDIA"), q
    # Hong Kong's name finds the term wherever it is written (the fixture's English text counts "nvidia" apart)
    assert keyword.keyword_article_ids(tables, "英偉達") == {A1, A2, A4}
    assert keyword.keyword_article_ids(tables, "no such words") == set()


def test_the_unfiltered_selection_shares_the_articles_table_and_weighs_only_its_positions(tables):
    from dashboard.queries.selection import select
    from dashboard.state import Filters

    every = select(tables, Filters())
    assert every.nbytes == every.positions.nbytes
    assert every.arts.equals(tables.articles)
    some = select(tables, Filters(lang=("zh-Hans",)))
    assert some.nbytes > some.positions.nbytes
