"""Speed-ups of the data layer that must not change an answer: memoised page queries, keyword search."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import queries
from dashboard.queries import figures, keyword, overview, selection, sources, terms
from dashboard.state import Filters

PAGE_QUERIES = [
    lambda t, a: figures.figures_table(t, a, limit=50),
    lambda t, a: figures.figures_by_kind(tables=t, arts=a),
    lambda t, a: figures.money_figures(tables=t, arts=a),
    lambda t, a: sources.cited_outlets(t, a),
    lambda t, a: sources.publisher_cited_matrix(t, a),
    lambda t, a: sources.unknown_sources(t, a),
]


@pytest.fixture
def tables(data_dir):
    return queries.open_dataset(data_dir)


@pytest.mark.parametrize("query", PAGE_QUERIES)
def test_memoised_page_queries_equal_a_fresh_computation(tables, query):
    for f in (Filters(), Filters(lang=("zh-Hant",)), Filters()):
        arts = selection.filter_articles(tables, f)
        first = query(tables, arts)
        fresh = query(tables, arts.copy())  # equal content: the memo may answer
        pd.testing.assert_frame_equal(first, fresh)
        first.iloc[:0] = None  # a caller editing its copy must not reach the memo
        if len(first.columns):
            first[first.columns[0]] = None
        pd.testing.assert_frame_equal(query(tables, arts), fresh)


def test_a_selection_carries_its_key_and_is_what_the_queries_are_cached_under(tables):
    f = Filters(lang=("zh-Hant",))
    sel = selection.select(tables, f)
    assert sel is selection.select(tables, f)  # kept for recent filters: the key is not recomputed
    assert sel.filters == f and len(sel) == len(sel.arts)
    assert list(sel.positions) == list(sel.arts.index)
    assert sel.key == selection.pos_key(sel.positions) == selection.selection_key(tables, sel.arts.copy())
    with pytest.raises(AttributeError):
        sel.key = "other"  # immutable
    with pytest.raises(ValueError):
        sel.positions[0] = 0  # read-only positions
    assert not hasattr(tables, "keys")  # no id()-keyed map of frames handed out
    # a known-only query caches a Selection (the same answer object for equal calls) but not a frame
    first = overview.publisher_language_counts(tables, sel)
    pd.testing.assert_frame_equal(first, overview.by_publisher_language(sel.arts))
    hits = [k for k in list(tables.memo.items) if k[:2] == ("publisher_language_counts", sel.key)]
    assert len(hits) == 1
    pd.testing.assert_frame_equal(overview.publisher_language_counts(tables, sel.arts), first)
    # a frame and the Selection of the same articles share one answer (the same key)
    got = sources.cited_outlets(tables, sel.arts.copy())
    pd.testing.assert_frame_equal(sources.cited_outlets(tables, sel), got)
    assert len([k for k in list(tables.memo.items) if k[:2] == ("cited_outlets", sel.key)]) == 1


def test_a_frame_not_positioned_like_the_articles_is_not_memoised(tables):
    arts = selection.filter_articles(tables, Filters())
    whole = sources.cited_outlets(tables, arts)
    part = arts.iloc[[1]].reset_index(drop=True)  # position 0, but not article 0
    got = figures.figures_table(tables, part)
    assert set(got["article_id"]) <= set(part["article_id"])
    pd.testing.assert_frame_equal(sources.cited_outlets(tables, arts), whole)


def test_keyword_search_finds_titles_text_and_term_forms(tables):
    for q in ["輝達", "英伟达", "nvidia", "NVIDIA", "芯片", "晶片"]:
        ids = keyword.keyword_article_ids(tables, q)
        text = tables.query("SELECT article_id, text FROM paragraphs").df()
        in_text = {
            a
            for a, t in zip(text["article_id"], text["text"], strict=True)
            if any(v.lower() in str(t).lower() for v in keyword.keyword_variants(q))
        }
        assert in_text <= ids


def test_cached_page_helpers_equal_direct_calls(tables):
    for f in (Filters(), Filters(lang=("zh-Hant",)), Filters()):
        arts = selection.filter_articles(tables, f)
        assert selection.selection_key(tables, arts) == selection.selection_key(tables, arts.copy())
        pd.testing.assert_frame_equal(
            overview.publisher_language_counts(tables, arts), overview.by_publisher_language(arts)
        )
        frame, undated = overview.monthly_timeline(tables, arts)
        want, want_undated = overview.timeline(arts)
        pd.testing.assert_frame_equal(frame, want)
        assert undated == want_undated
        term = terms.top_terms(tables, arts).iloc[0]["term"]
        pd.testing.assert_frame_equal(
            terms.kwic(tables, arts, term), terms.kwic.__wrapped__(tables, arts, term)
        )
        pd.testing.assert_frame_equal(
            overview.removed_by_rule(tables, arts), overview.removed_by_rule.__wrapped__(tables, arts)
        )
    assert selection.selection_key(tables, arts.iloc[[1, 0]].reset_index(drop=True)) is None


def test_topic_totals_answer_like_the_index(tables):
    tables.jobs.wait("warm")
    tables.jobs.result("group-totals")
    tables.jobs.result("topic-totals")
    for topic in tables.topic_masks:
        f = Filters(topic=(topic,))
        pos = selection.filter_articles(tables, f).index.to_numpy()
        got = terms.from_groups(tables, pos)
        assert got is not None
        with tables.jobs.without("group-totals", "topic-totals"):  # the general path, for comparison
            tables.memo.items.clear()
            occ, arts = terms.term_totals(tables, selection.filter_articles(tables, f))
        assert (got[0] == occ).all() and (got[1] == arts).all()
    # two topics overlap: not answered from one topic's totals
    if len(tables.topic_masks) > 1:
        two = selection.filter_articles(tables, Filters(topic=tuple(tables.topic_masks)[:2])).index.to_numpy()
        got = terms.from_groups(tables, two)
        if got is not None:  # only a partition may answer it
            with tables.jobs.without("group-totals", "topic-totals"):
                tables.memo.items.clear()
                occ, _ = terms.term_totals(
                    tables, selection.filter_articles(tables, Filters(topic=tuple(tables.topic_masks)[:2]))
                )
            assert (got[0] == occ).all()


def test_language_groups_kept_by_the_selection_pass_equal_their_own_sums(tables):
    from dashboard.store.totals import sums

    tables.jobs.wait("warm")
    tables.jobs.result("group-totals")
    every = tables.articles
    narrow = every.iloc[::2]  # half: summed over its own rows
    wide = every.drop(every.index[::4])  # three quarters: the corpus minus what it leaves out
    assert 2 * len(wide) > len(every) >= 2 * len(narrow)
    checked = 0
    for arts in (narrow, wide):
        pos = arts.index.to_numpy()
        tables.memo.items.clear()
        occ, counted = terms.term_totals(tables, arts)
        plain = sums(tables, pos)
        assert (occ == plain[0]).all() and (counted == plain[1]).all()
        languages = arts["language"]
        groups = [g for g in languages.dropna().unique() if 0 < (languages == g).sum() < len(arts)]
        for g in groups:
            part = arts[languages == g].index.to_numpy()
            kept = tables.memo.peek(("terms", selection.pos_key(part)))
            if terms.from_groups(tables, pos) is None:  # else the group rows answered, no pass
                assert kept is not None, g  # left by the selection's pass
            if kept is not None:
                mine = sums(tables, part)
                assert (kept[0] == mine[0]).all() and (kept[1] == mine[1]).all()
                checked += 1
            # the distinctive terms of the group answer as from fresh sums
            fast = terms.distinctive_terms(tables, arts, "language", g, terms.REST)
            tables.memo.items.clear()
            with tables.jobs.without("group-totals", "topic-totals"):
                slow = terms.distinctive_terms(tables, arts, "language", g, terms.REST)
            pd.testing.assert_frame_equal(fast, slow)
    assert checked
