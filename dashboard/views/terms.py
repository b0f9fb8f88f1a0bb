"""Terms: top terms, distinctive terms between two groups, one term over time and in context."""

import streamlit as st

from dashboard import charts, ui
from dashboard.queries import terms
from dashboard.store import glossary

KWIC_LIMIT = 200  # keyword-in-context lines read and shown (one per paragraph)

ctx = ui.context()
st.title("Terms")
if not ui.empty_state(ctx):
    top = terms.top_terms(ctx.tables, ctx.arts, n=30)
    # the frame itself (its index holds the article positions), not its ids: no id lookup per rerun
    term_options = sorted(terms.term_counts(ctx.tables, ctx.arts).index)
    # ?term= may hold any form the pipeline merges (輝達, NVIDIA, 川普): it names its canonical term
    from_url = st.query_params.get("term")
    asked = terms.resolve_term(ctx.tables, from_url) if from_url else None
    if asked is not None and asked.term in term_options:
        if st.session_state.get("_term_url") != from_url:
            st.session_state["term"] = asked.term  # a new link (or a typed URL): it picks the term
    elif from_url and st.session_state.get("_term_url") != from_url:
        st.warning(
            f"Ignored unknown term value “{ui.plain(from_url[:40])}” from the link: "
            "no form of it occurs in the selected articles.",
            icon=":material/warning:",
        )
    st.session_state["_term_url"] = from_url

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
    occurrences, _ = terms.term_totals(ctx.tables, ctx.arts)
    below = int(occurrences.sum()) - int(top["count"].sum())
    ui.show_chart(
        charts.top_terms_bar(top, metric, left_out={"occurrences of terms below the top 30": below}),
        top,
        "top_terms",
        on_select=_pick_term,
        empty="No terms in these articles.",
    )

    # the choices list each term with the forms merged into it, so typing 輝達 or NVIDIA finds 英伟达;
    # kept in the URL by hand (a bound widget would put that long label in the link)
    term = st.selectbox(
        "Selected term",
        term_options,
        index=None,
        key="term",
        format_func=lambda t: terms.term_label(ctx.tables, t),
        placeholder="Click a bar or type a term in any script",
        help="Any form the pipeline merges finds its term: 輝達, 英偉達, NVIDIA → 英伟达; 晶片 → 芯片",
    )
    if term:
        if asked is None or asked.term != term:
            st.query_params["term"] = term
        elif asked.note:
            st.caption(f"{ui.md_escape(asked.note)} (the form in the link is counted as this term)")
    elif "term" in st.query_params:
        del st.query_params["term"]
    if term:
        c1, c2 = st.columns(2)
        with c1:
            frame = terms.term_over_time(ctx.tables, ctx.arts, term)
            ui.show_chart(
                charts.term_time_line(frame, term),
                frame,
                "term_over_time",
                empty="The term does not occur in the selected articles.",
            )
        with c2:
            frame = terms.term_by_publisher(ctx.tables, ctx.arts, term)
            ui.show_chart(charts.term_publisher_bar(frame, term), frame, "term_by_publisher")
        st.subheader(f"“{ui.md_escape(term)}” in context")
        lines = terms.kwic(ctx.tables, ctx.sel, term, limit=KWIC_LIMIT)
        rendered = [
            f"…{ui.md_escape(row.left)} **{ui.md_escape(row.match)}** {ui.md_escape(row.right)}… "
            f"— {ui.link(row.article, row.url)} · {ui.reader_link(row.article_id)}"
            for row in lines.itertuples(index=False)
        ]
        # one element for all lines: hundreds of separate markdown elements make the page sluggish
        st.markdown("\n\n".join(rendered) if rendered else "No occurrence in the selected articles.")
        if len(lines) >= KWIC_LIMIT:
            st.caption(
                f"The first {KWIC_LIMIT:,} paragraphs holding the term are shown; narrow the filters to read the rest."
            )
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
    # topics by their labels, their ids in the link (?a=export_controls)
    group_label = (lambda g: glossary.bilingual("topics", g)) if dim == "topic" else str
    group_a = (
        ui.url_selectbox(
            "Group A",
            values,
            "a",
            format_func=group_label,
            default=terms.largest_group(ctx.arts, dim, values),
            container=c2,
        )
        if values
        else None
    )
    b_values = [terms.REST] + [v for v in values if v != group_a]
    group_b = ui.url_selectbox("Group B", b_values, "b", format_func=group_label, container=c3)
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
        # topics by their labels in the chart (the ids stay in the link and the CSV's favours column)
        name_a, name_b = (
            (glossary.label("topics", g) for g in (group_a, group_b))
            if dim == "topic"
            else (group_a, group_b)
        )
        if dim == "topic":
            st.caption(f"Group A: {ui.md_escape(name_a)} · Group B: {ui.md_escape(name_b)}")
        drawn = frame.assign(favours=frame["favours"].map({group_a: name_a, group_b: name_b}))
        ui.show_chart(
            charts.distinctive_bar(drawn, name_a, name_b, left_out=terms.left_out(frame)),
            frame,
            "distinctive_terms",
            empty="Both groups need articles with terms under the current filters.",
        )
