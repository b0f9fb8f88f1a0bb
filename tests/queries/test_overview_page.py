"""Overview page queries: the timeline keeps undated articles apart."""

from __future__ import annotations

from dashboard.queries import overview


def test_timeline_counts_undated_apart(tables):
    frame, undated = overview.timeline(tables["articles"])
    assert undated == 1 and frame["articles"].sum() == 4  # every article: the undated one has no month
    assert frame.loc[frame["month"].isna(), "articles"].sum() == 1
