"""Sources page queries: cited outlets, the publisher × outlet matrix, unknown sources."""

from __future__ import annotations

from dashboard.queries import sources


def test_sources_queries(tables):
    arts = tables["articles"]
    cited = sources.cited_outlets(tables, arts).set_index("outlet")
    assert cited.loc["彭博社", "citations"] == 2 and cited.loc["彭博社", "type"] == "media"
    assert list(sources.unknown_sources(tables, arts)["surface"]) == ["台積電"]
    matrix = sources.publisher_cited_matrix(tables, arts)
    assert matrix["citations"].sum() == len(tables["citations"])
