"""Articles: the filtered list with per-article counts and a reader with highlights."""

import pandas as pd
import streamlit as st

from dashboard import state, ui
from dashboard.queries import articles
from dashboard.store import glossary
from dashboard.store.glossary import labelled

ctx = ui.context()
st.title("Articles")
# the table and the reader's choice list hold at most this many articles (newest first)
ROW_LIMIT = 1000

if not ui.empty_state(ctx):
    listing = articles.article_list(ctx.tables, ctx.sel, limit=ROW_LIMIT)
    from_url = st.query_params.get("article")
    if from_url and from_url not in set(listing["article_id"]):
        # a shared link to an article further down the list still opens it
        further = ctx.arts[ctx.arts["article_id"] == from_url]
        listing = pd.concat([listing, articles.article_list(ctx.tables, further)], ignore_index=True)
    # the columns a reporter reads first fit the main area at 1280 px (≈ 820 px beside the sidebar);
    # file, id and counts are details further right
    st.dataframe(
        listing,
        hide_index=True,
        placeholder=glossary.MISSING,  # a missing number too, never "None"
        width="stretch",
        column_order=[
            *articles.LIST_COLUMNS,
            *[c for c in articles.DETAIL_COLUMNS if c not in ("label", "url")],
        ],
        column_config={
            "article": st.column_config.TextColumn(
                "article",
                width=230,
                help="The title, or a headline taken from the text, marked (no title)",
            ),
            "publisher": st.column_config.TextColumn("publisher", width=110),
            "published": st.column_config.TextColumn("published", width=88),
            "language": st.column_config.TextColumn("lang", width=64),
            "copy": st.column_config.TextColumn(
                "copy",
                width=80,
                help="converted repost (traditional script in mainland wording) or near-duplicate",
            ),
            "figures": st.column_config.NumberColumn("figures", width=58),
            "citations": st.column_config.NumberColumn("citations", width=68),
            "topics": st.column_config.TextColumn(
                "topics", width=120, help="Short topic names; the full names are in topic_names further right"
            ),
        },
    )
    if len(ctx.arts) > len(listing):
        st.caption(
            f"Showing the newest {ui.md_escape(f'{len(listing):,}')} of {ui.md_escape(f'{len(ctx.arts):,}')} "
            "articles; narrow the filters to list the rest."
        )
    ui.table_download(listing, "articles")

    ids = list(listing["article_id"])
    labels = dict(zip(listing["article_id"], listing["label"], strict=True))
    ui.check_param("article", ids)
    # kept in the URL by hand: a bound widget would put the formatted label, not the id, in the link
    aid = st.selectbox(
        "Read an article",
        ids,
        index=ids.index(from_url) if from_url in ids else None,
        format_func=lambda v: labels.get(v, v),
        placeholder="Choose an article",
        key="article_pick",
    )
    if aid:
        st.query_params["article"] = aid
    elif "article" in st.query_params:
        del st.query_params["article"]
    doc = articles.reader(ctx.tables, aid) if aid else None
    if doc is not None:
        art = doc.article
        st.header(ui.md_escape(doc.label))
        if bool(art["converted_repost"]):
            st.badge("Converted repost", icon=":material/content_copy:", color="orange")
            st.caption(
                "Traditional script in mainland wording: likely machine-converted from a mainland source."
            )
        twin = articles.text_or(art["near_duplicate_of"])
        if twin:
            st.badge("Near-duplicate", icon=":material/file_copy:", color="violet")
            st.markdown("Its text overlaps heavily with " + ui.reader_link(twin, "another article") + ".")
        st.caption(
            f"Details: {ui.md_escape(articles.text_or(art['language'], 'und'))} · "
            f"{ui.md_escape(articles.text_or(art['encoding'], 'unknown encoding'))} · "
            f"file {ui.md_escape(articles.text_or(art['source'], '?'))} · id {ui.md_escape(str(art['article_id']))}"
        )
        st.markdown(
            ui.link("Open the original article", art["url"])
            if state.safe_url(art["url"])
            else "No web address for the original (or not an http(s) link)."
        )
        st.html(ui.legend_html())
        fig_texts = doc.figures.groupby("paragraph")["text"].apply(list).to_dict()
        cit_texts = doc.citations.groupby("paragraph")["surface"].apply(list).to_dict()
        for p in doc.paragraphs.itertuples(index=False):
            pieces = articles.mark_spans(
                p.text, fig_texts.get(p.paragraph, []), cit_texts.get(p.paragraph, []), p.damaged_spans
            )
            # HTML, not Markdown: a paragraph carries its language (lang="zh-Hant") for screen readers
            st.html(ui.marked_html(pieces, p.language, heading=p.role == "heading"))
        whole, cuts = articles.removed_summary(doc)
        # the same count as the table's lines_removed; cuts inside kept lines (pinyin) are listed too
        with st.expander(f"Lines removed by cleaning ({whole}) · cuts inside kept lines ({cuts})"):
            st.dataframe(
                ui.readable(labelled(doc.removed, "rules", "rule", "reason")),
                hide_index=True,
                placeholder=glossary.MISSING,  # a missing number too, never "None"
                width="stretch",
            )
