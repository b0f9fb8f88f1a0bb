"""Overview: headline counts, articles by publisher and language, timeline, data quality."""

import streamlit as st

from dashboard import charts, ui
from dashboard.queries import overview
from dashboard.store import glossary

ctx = ui.context()
st.title("Overview")
if not ui.empty_state(ctx):
    # the headline needs the term index, which a fresh process is still building in the
    # background: hold its place and fill it after the charts that do not need the index
    headline = st.container()

    left, right = st.columns(2)
    with left:
        frame = overview.publisher_language_counts(ctx.tables, ctx.sel)
        ui.show_chart(charts.publisher_language_bar(frame), frame, "articles_by_publisher_language")
    with right:
        frame, undated = overview.monthly_timeline(ctx.tables, ctx.sel)
        ui.show_chart(charts.timeline_chart(frame), frame, "articles_by_month", empty="No articles.")
        st.caption(
            f"Undated articles: **{undated:,}** of {len(ctx.arts):,}, drawn apart as “undated” "
            "(hide them with “Include undated articles” in the sidebar)."
            if undated
            else "Every selected article has a publication date."
        )

    st.subheader("Data quality")
    q1, q2, q3 = st.columns(3)
    with q1:
        # labels on the page, the ids (pinyin_stripped …) beside them in the CSV
        frame = glossary.labelled(overview.quality(ctx.tables, ctx.arts), "measures", "measure", "cleaning")
        ui.show_chart(
            charts.count_bar(frame, "cleaning", "count", "What cleaning did"), frame, "cleaning_counts"
        )
    with q2:
        frame = glossary.labelled(overview.removed_by_rule(ctx.tables, ctx.sel), "rules", "rule", "reason")
        ui.show_chart(
            charts.count_bar(frame, "reason", "lines", "Lines removed per rule"),
            frame,
            "lines_removed_by_rule",
            empty="No lines were removed.",
        )
    with q3:
        rejected = ctx.tables["rejected"]
        st.markdown(f"**Rejected files: {len(rejected)}**")
        if len(rejected):
            st.dataframe(
                ui.readable(rejected), hide_index=True, width="stretch", placeholder=glossary.MISSING
            )
            ui.table_download(rejected, "rejected_files")

    counts = overview.headline_counts(ctx.tables, ctx.arts)
    with headline:
        for col, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
            about = (
                "Converted reposts (traditional script in mainland wording) and near-duplicates "
                "of another article; the sidebar can leave them out or show them alone. "
                if label.startswith("reposts")
                else ""
            )
            # large counts as Chinese readers count them (12.5万), the exact number on hover
            col.metric(
                # six numbers share the width: "Reposts / near-duplicates" would be cut at 1280 px
                "Copies" if label.startswith("reposts") else label.capitalize(),
                glossary.zh_number(value) if value >= 10_000 else f"{value:,}",
                help=f"{about}Exactly {value:,}.",
            )
