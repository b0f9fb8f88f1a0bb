"""Terms: top terms, distinctive terms between two groups, one term over time and in context."""

import streamlit as st

from dashboard import charts, ui
from dashboard.queries import terms

ctx = ui.context()
st.title("Terms")
if not ui.empty_state(ctx):
    top = terms.top_terms(ctx.tables, ctx.arts, n=30)
    # the frame itself (its index holds the article positions), not its ids: no id lookup per rerun
    term_options = sorted(terms.term_counts(ctx.tables, ctx.arts).index)
    ui.check_param("term", term_options)

    def _pick_term() -> None:
        # a click on a bar selects the term (callbacks run before widgets, so this may set its state)
        value = ui.picked(st.session_state.get("chart_top_terms"), "term")
        if value in term_options:
            st.session_state["term"] = value

    scales = ["raw", "per 10k"]
    ui.check_param("per", scales)
    per = st.radio(
        "Scale",
        scales,
        horizontal=True,
        key="per",
        bind="query-params",
        help="per 10k = occurrences per 10,000 counted terms in the selection",
    )
    metric = "count" if per == "raw" else "per_10k"
    ui.show_chart(
        charts.top_terms_bar(top, metric),
        top,
        "top_terms",
        on_select=_pick_term,
        empty="No terms in these articles.",
    )

    term = st.selectbox(
        "Selected term",
        term_options,
        index=None,
        key="term",
        bind="query-params",
        placeholder="Click a bar or type a term",
    )
    if term:
        c1, c2 = st.columns(2)
        with c1:
            frame = terms.term_over_time(ctx.tables, ctx.arts, term)
            ui.show_chart(
                charts.term_time_line(frame, term),
                frame,
                "term_over_time",
                empty="The term does not occur in dated articles.",
            )
        with c2:
            frame = terms.term_by_publisher(ctx.tables, ctx.arts, term)
            ui.show_chart(charts.term_publisher_bar(frame, term), frame, "term_by_publisher")
        st.subheader(f"“{ui.md_escape(term)}” in context")
        lines = terms.kwic(ctx.tables, ctx.arts, term)
        rendered = [
            f"…{ui.md_escape(row.left)} **{ui.md_escape(row.match)}** {ui.md_escape(row.right)}… "
            f"— {ui.link(row.article, row.url)} · {ui.reader_link(row.article_id)}"
            for row in lines.itertuples(index=False)
        ]
        # one element for all lines: hundreds of separate markdown elements make the page sluggish
        st.markdown("\n\n".join(rendered) if rendered else "No occurrence in the selected articles.")
        if len(lines):
            ui.table_download(lines, "term_in_context")

    st.subheader("Distinctive terms")
    st.caption(
        "Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): "
        "|z| > 1.96 is unlikely to be a chance difference in word use."
    )
    dims = ["language", "publisher", "topic"]
    c1, c2, c3 = st.columns(3)
    ui.check_param("dim", dims)
    dim = c1.selectbox("Compare by", dims, key="dim", bind="query-params")
    values = terms.group_values(ctx.arts, dim)
    ui.check_param("a", values)
    ui.check_param("b", [terms.REST, *values])
    group_a = (
        c2.selectbox(
            "Group A", values, index=terms.largest_group(ctx.arts, dim, values), key="a", bind="query-params"
        )
        if values
        else None
    )
    b_values = [terms.REST] + [v for v in values if v != group_a]
    group_b = c3.selectbox("Group B", b_values, key="b", bind="query-params")
    if group_a and group_b:
        sizes = terms.group_sizes(ctx.arts, dim, group_a, group_b)
        small = [
            f"{name} has {n} article{'s' if n != 1 else ''}"
            for name, n in zip((group_a, group_b), sizes, strict=True)
            if n < terms.MIN_GROUP_ARTICLES
        ]
        if small:
            st.warning(
                ui.plain("; ".join(small))
                + ": the terms below describe one article's wording more than the group's. "
                "Compare groups of several articles before drawing a conclusion.",
                icon=":material/warning:",
            )
        frame = terms.distinctive_terms(ctx.tables, ctx.arts, dim, group_a, group_b)
        ui.show_chart(
            charts.distinctive_bar(frame, group_a, group_b),
            frame,
            "distinctive_terms",
            empty="Both groups need articles with terms under the current filters.",
        )
