"""Sources: publishers, cited outlets by type, who cites whom, and unknown sources for review."""

import streamlit as st

from dashboard import charts, data
from dashboard.views import _ui

ctx = _ui.context()
st.title("Sources")
if not _ui.empty_state(ctx):
    c1, c2 = st.columns([1, 2])
    with c1:
        st.subheader("Publishers")
        pubs = data.per_selection(ctx.tables, ctx.arts, data.publishers)
        st.dataframe(pubs, hide_index=True, width="stretch")
        _ui.table_download(pubs, "publishers")
    with c2:
        st.subheader("Cited outlets")
        _ui.check_param("rank", ["citations", "articles"])
        rank = st.radio(
            "Rank by",
            ["citations", "articles"],
            horizontal=True,
            key="rank",
            bind="query-params",
            help="articles = number of articles citing the outlet",
        )
        outlets = data.cited_outlets(ctx.tables, ctx.arts)
        types = sorted(outlets["type"].unique()) if len(outlets) else []
        chosen = st.multiselect("Types", types, default=types, key="types")
        shown = outlets[outlets["type"].isin(chosen)].sort_values(rank, ascending=False).head(30)
        res = _ui.show_chart(
            charts.cited_outlets_bar(shown, rank),
            shown,
            "cited_outlets",
            empty="No citations in these articles.",
        )
        outlet = _ui.picked(res, "outlet")
        if outlet:
            sentences = data.outlet_sentences(ctx.tables, ctx.arts, str(outlet), limit=50)
            st.markdown(f"**{_ui.md_escape(str(outlet))}** cited in:")
            for sentence in sentences:
                st.markdown(f"- {_ui.md_escape(data.text_or(sentence))}")

    st.subheader("Publisher × cited outlet")
    matrix = data.publisher_cited_matrix(ctx.tables, ctx.arts)
    _ui.show_chart(charts.heatmap(matrix), matrix, "publisher_cited_outlet", empty="No citations to map.")

    st.subheader("Sources not yet in the lexicon")
    st.caption("Found by citation patterns but missing from `data/lexicon/outlets.csv`: review and add them.")
    unknown = data.unknown_sources(ctx.tables, ctx.arts)
    if unknown.empty:
        st.success("Every cited source is in the lexicon.")
    else:
        st.dataframe(unknown, hide_index=True, width="stretch")
        _ui.table_download(unknown, "unknown_sources")
