"""Articles: the filtered list with per-article counts and a reader with highlights."""

import pandas as pd
import streamlit as st

from dashboard import state, ui
from dashboard.queries import articles
from dashboard.store.labels import labelled

ctx = ui.context()
st.title("Articles")
# the table and the reader's choice list hold at most this many articles (newest first)
ROW_LIMIT = 1000

if not ui.empty_state(ctx):
    full = articles.article_list(ctx.tables, ctx.arts)
    listing = full.head(ROW_LIMIT)
    from_url = st.query_params.get("article")
    if from_url and from_url not in set(listing["article_id"]):
        # a shared link to an article further down the list still opens it
        listing = pd.concat([listing, full[full["article_id"] == from_url]], ignore_index=True)
    st.dataframe(
        listing.drop(columns=["url"]),
        hide_index=True,
        width="stretch",
        column_config={"published": st.column_config.DateColumn("published")},
    )
    if len(full) > len(listing):
        st.caption(
            f"Showing the newest {ui.md_escape(f'{len(listing):,}')} of {ui.md_escape(f'{len(full):,}')} "
            "articles; narrow the filters to list the rest."
        )
    ui.table_download(listing, "articles")

    ids = list(listing["article_id"])
    labels = {
        r.article_id: f"{articles.text_or(r.title, r.source)} · {articles.text_or(r.publisher, '?')} · {r.article_id[:6]}"
        for r in listing.itertuples(index=False)
    }
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
        st.header(ui.md_escape(articles.text_or(art["title"], "(untitled)")))
        if bool(art["converted_repost"]):
            st.badge("Converted repost", icon=":material/content_copy:", color="orange")
            st.caption(
                "Traditional script in mainland wording: likely machine-converted from a mainland source."
            )
        twin = articles.text_or(art["near_duplicate_of"])
        if twin:
            st.badge("Near-duplicate", icon=":material/file_copy:", color="violet")
            st.markdown("Its text overlaps heavily with " + ui.reader_link(twin, "another article") + ".")
        date = art["published"].date().isoformat() if pd.notna(art["published"]) else "undated"
        st.caption(
            f"{ui.md_escape(articles.text_or(art['publisher'], 'unknown publisher'))} · {date} · {ui.md_escape(str(art['language']))} · "
            f"{ui.md_escape(str(art['encoding']))} · {ui.md_escape(str(art['source']))}"
        )
        st.markdown(
            ui.link("Open the original article", art["url"])
            if state.safe_url(art["url"])
            else "No web address for the original (or not an http(s) link)."
        )
        st.markdown(
            ":blue-background[figure] :orange-background[cited source] :red-background[⚠damaged span]"
        )
        fig_texts = doc.figures.groupby("paragraph")["text"].apply(list).to_dict()
        cit_texts = doc.citations.groupby("paragraph")["surface"].apply(list).to_dict()
        for p in doc.paragraphs.itertuples(index=False):
            pieces = articles.mark_spans(
                p.text, fig_texts.get(p.paragraph, []), cit_texts.get(p.paragraph, []), p.damaged_spans
            )
            body = ui.render_marked(pieces)
            st.markdown(f"**{body}**" if p.role == "heading" else body)
        with st.expander(f"Lines removed by cleaning ({len(doc.removed)})"):
            st.dataframe(labelled(doc.removed, "rules", "rule", "reason"), hide_index=True, width="stretch")
