"""Opening a dataset: from any folder, with its cache beside it, and with no background thread."""

from __future__ import annotations

import shutil
import threading

import pandas as pd

from dashboard import queries, store
from dashboard.queries import overview, selection, terms
from dashboard.state import Filters


def test_a_dataset_opens_and_answers_with_no_background_thread(data_dir):
    before = set(threading.enumerate())
    tables = queries.open_dataset(data_dir, background=False)
    arts = selection.filter_articles(tables, Filters())
    counts = overview.headline_counts(tables, arts)
    top = terms.top_terms(tables, arts)
    assert set(threading.enumerate()) <= before  # nothing was started, nothing is left running
    assert counts["articles"] == 4 and len(top) > 0
    # the same answers as a dataset opened with its background work
    other = queries.open_dataset(data_dir)
    other_arts = selection.filter_articles(other, Filters())
    assert overview.headline_counts(other, other_arts) == counts
    pd.testing.assert_frame_equal(terms.top_terms(other, other_arts), top)
    other.close()
    tables.close()


def test_any_folder_opens_with_its_cache_beside_it(data_dir, tmp_path):
    folder = tmp_path / "uploads" / "my-corpus"
    shutil.copytree(data_dir, folder)
    beside = folder.parent / "my-corpus.cache"
    assert store.check_data(folder) is None
    tables = queries.open_dataset(folder, cache_root=beside, background=False)
    assert len(selection.filter_articles(tables, Filters())) == 4
    # the term index, totals and whole-corpus answers were cached there, not under $CHIPWAR_CACHE
    kinds = {p.name.rsplit("-", 1)[0] for p in beside.iterdir()}
    assert {"term-index-v1", "derived-v1", "group-totals-v1", "topic-totals-v1"} <= kinds
    tables.close()


def test_close_ends_the_background_work(data_dir):
    # threads of datasets other tests left open are not this dataset's: only new ones count
    before = set(threading.enumerate())
    tables = queries.open_dataset(data_dir)
    tables.jobs.wait("text-index")
    tables.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("chipwar-store") and t not in before]
