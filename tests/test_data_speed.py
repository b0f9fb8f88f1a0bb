"""Speed-ups of the data layer that must not change an answer: memoised page queries, keyword search."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data
from dashboard.state import Filters

PAGE_QUERIES = [
    lambda t, a: data.figures_table(t, a, limit=50),
    lambda t, a: data.figures_by_kind(tables=t, arts=a),
    lambda t, a: data.money_figures(tables=t, arts=a),
    lambda t, a: data.cited_outlets(t, a),
    lambda t, a: data.publisher_cited_matrix(t, a),
    lambda t, a: data.unknown_sources(t, a),
]


@pytest.fixture
def tables(data_dir):
    return data.load_tables(data_dir)


@pytest.mark.parametrize("query", PAGE_QUERIES)
def test_memoised_page_queries_equal_a_fresh_computation(tables, query):
    for f in (Filters(), Filters(lang=("zh-Hant",)), Filters()):
        arts = data.filter_articles(tables, f)
        first = query(tables, arts)
        fresh = query(tables, arts.copy())  # equal content: the memo may answer
        pd.testing.assert_frame_equal(first, fresh)
        first.iloc[:0] = None  # a caller editing its copy must not reach the memo
        if len(first.columns):
            first[first.columns[0]] = None
        pd.testing.assert_frame_equal(query(tables, arts), fresh)


def test_a_frame_not_positioned_like_the_articles_is_not_memoised(tables):
    arts = data.filter_articles(tables, Filters())
    whole = data.cited_outlets(tables, arts)
    part = arts.iloc[[1]].reset_index(drop=True)  # position 0, but not article 0
    got = data.figures_table(tables, part)
    assert set(got["article_id"]) <= set(part["article_id"])
    pd.testing.assert_frame_equal(data.cited_outlets(tables, arts), whole)


def test_keyword_search_finds_titles_text_and_term_forms(tables):
    for q in ["輝達", "英伟达", "nvidia", "NVIDIA", "芯片", "晶片"]:
        ids = data.keyword_article_ids(tables, q)
        text = tables.query("SELECT article_id, text FROM paragraphs").df()
        in_text = {
            a
            for a, t in zip(text["article_id"], text["text"], strict=True)
            if any(v.lower() in str(t).lower() for v in data.keyword_variants(q))
        }
        assert in_text <= ids


def test_per_selection_helpers_equal_direct_calls(tables):
    for f in (Filters(), Filters(lang=("zh-Hant",)), Filters()):
        arts = data.filter_articles(tables, f)
        assert data.selection_key(tables, arts) == data.selection_key(tables, arts.copy())
        pd.testing.assert_frame_equal(
            data.per_selection(tables, arts, data.by_publisher_language), data.by_publisher_language(arts)
        )
        frame, undated = data.per_selection(tables, arts, data.timeline)
        want, want_undated = data.timeline(arts)
        pd.testing.assert_frame_equal(frame, want)
        assert undated == want_undated
        term = data.top_terms(tables, arts).iloc[0]["term"]
        pd.testing.assert_frame_equal(
            data.kwic(tables, arts, term), data.kwic.__wrapped__(tables, arts, term)
        )
        pd.testing.assert_frame_equal(
            data.removed_by_rule(tables, arts), data.removed_by_rule.__wrapped__(tables, arts)
        )
    assert data.selection_key(tables, arts.iloc[[1, 0]].reset_index(drop=True)) is None


def test_topic_totals_answer_like_the_index(tables):
    tables._warm_job.result()
    tables._groups_job.result()
    tables._topics_job.result()
    groups, topics = tables._groups_job, tables._topics_job
    for topic in tables.topic_masks:
        f = Filters(topic=(topic,))
        pos = data.filter_articles(tables, f).index.to_numpy()
        got = data._from_groups(tables, pos)
        assert got is not None
        tables._groups_job = tables._topics_job = None  # the general path, for comparison
        tables.memo.items.clear()
        occ, arts = data._term_totals(tables, data.filter_articles(tables, f))
        tables._groups_job, tables._topics_job = groups, topics
        assert (got[0] == occ).all() and (got[1] == arts).all()
    # two topics overlap: not answered from one topic's totals
    if len(tables.topic_masks) > 1:
        two = data.filter_articles(tables, Filters(topic=tuple(tables.topic_masks)[:2])).index.to_numpy()
        got = data._from_groups(tables, two)
        if got is not None:  # only a partition may answer it
            tables._groups_job = tables._topics_job = None
            tables.memo.items.clear()
            occ, _ = data._term_totals(
                tables, data.filter_articles(tables, Filters(topic=tuple(tables.topic_masks)[:2]))
            )
            tables._groups_job, tables._topics_job = groups, topics
            assert (got[0] == occ).all()
