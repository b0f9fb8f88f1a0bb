"""Sources: publishers, cited outlets by type, who cites whom, and unknown sources for review."""

import streamlit as st

from dashboard import charts, ui
from dashboard.queries import sources
from dashboard.store import glossary

ctx = ui.context()
st.title("Sources")
if not ui.empty_state(ctx):
    c1, c2 = st.columns([1, 2])
    with c1:
        st.subheader("Publishers")
        pubs = sources.publisher_counts(ctx.tables, ctx.sel)
        st.dataframe(ui.readable(pubs), hide_index=True, width="stretch", placeholder=glossary.MISSING)
        ui.table_download(pubs, "publishers")
    with c2:
        st.subheader("Cited outlets")
        ui.check_param("rank", ["citations", "articles"])
        rank = st.radio(
            "Rank by",
            ["citations", "articles"],
            horizontal=True,
            key="rank",
            bind="query-params",
            help="articles = number of articles citing the outlet",
        )
        outlets = sources.cited_outlets(ctx.tables, ctx.sel)
        types = sorted(outlets["type"].dropna().unique()) if len(outlets) else []
        chosen = st.multiselect("Types", types, default=types, key="types", bind="query-params")
        shown = outlets[outlets["type"].isin(chosen)].sort_values(rank, ascending=False).head(30)
        cut = int(outlets["citations"].sum()) - int(shown["citations"].sum()) if len(outlets) else 0
        res = ui.show_chart(
            charts.cited_outlets_bar(shown, rank, left_out={"citations of other outlets or types": cut}),
            shown,
            "cited_outlets",
            empty="No citations in these articles.",
        )
        # the outlet whose sentences are listed lives in the URL (a chart click is not a bound widget)
        clicked = ui.picked(res, "outlet")
        if clicked != st.session_state.get("_outlet_click"):  # a new click, not the kept selection
            st.session_state["_outlet_click"] = clicked
            if clicked:
                st.query_params["sentences"] = str(clicked)
        outlet = st.query_params.get("sentences")
        if outlet:
            ui.check_param("sentences", list(outlets["outlet"]))
        if outlet and outlet in set(outlets["outlet"]):
            sentences = sources.outlet_sentences(ctx.tables, ctx.arts, outlet, limit=50)
            head, close = st.columns([5, 1])
            head.markdown(
                f"**{ui.md_escape(outlet)}** cited in {ui.md_escape(str(len(sentences)))} sentence(s):"
            )
            if close.button("Close", key="close_sentences", help="Stop listing this outlet's sentences"):
                del st.query_params["sentences"]
                st.rerun()
            st.markdown(
                "\n".join(
                    f"- {ui.md_escape(r.sentence)} — {ui.link(r.article, r.url)} · {ui.reader_link(r.article_id)}"
                    for r in sentences.itertuples(index=False)
                )
            )
            ui.table_download(sentences, "outlet_sentences")

    st.subheader("Publisher × cited outlet")
    matrix = sources.publisher_cited_matrix(ctx.tables, ctx.sel)
    ui.show_chart(charts.heatmap(matrix), matrix, "publisher_cited_outlet", empty="No citations to map.")

    st.subheader("Sources not yet in the lexicon")
    st.caption("Found by citation patterns but missing from `data/lexicon/outlets.csv`: review and add them.")
    unknown = sources.unknown_sources(ctx.tables, ctx.sel)
    if unknown.empty:
        st.success("Every cited source is in the lexicon.")
    else:
        st.dataframe(ui.readable(unknown), hide_index=True, width="stretch", placeholder=glossary.MISSING)
        ui.table_download(unknown, "unknown_sources")
