"""Streamlit side of uploaded corpora: which corpus this view shows.

The corpus is a sidebar select box bound to the URL (``corpus=<id>``) like the filters, so every
page, and every link copied from one, carries it. Its options are the default corpus, the
corpora this session built, and the one a link names (when it is stored here): no page lists
other people's corpora.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import store
from dashboard.corpora import ids, storage
from dashboard.ui.render import plain

KEY = ids.PARAM
OUTDATED = (
    "This corpus was built by an older version of the dashboard and cannot be read; upload the files "
    "again. Showing the default corpus instead."
)
PENDING = "_corpus_pending"  # a corpus to show from the next run on
EVICTED = "This corpus is no longer stored on this server; upload the files again. Showing the default corpus instead."


def switch_to(cid: str) -> None:
    """Show corpus ``cid`` from the next run on (then ``st.rerun``): set before the widget exists."""
    st.session_state[PENDING] = cid


def select(default: Path) -> Path:
    """Render the corpus box (bound to ``corpus=`` in the URL); return the folder to load.

    A text box, not a list: it shows only the corpus of this view, never other people's.
    """
    pending = st.session_state.pop(PENDING, None)
    if pending is not None:
        st.session_state[KEY] = pending  # a value set from code before the widget: it updates the link
    with st.sidebar:
        raw = st.text_input(
            "Corpus",
            key=KEY,
            bind="query-params",
            placeholder="default corpus",
            help="Empty: the default corpus. The id of a corpus built on the 'Your corpus' page opens it "
            "(a link to it carries the id).",
        )
    cid, notice = ids.parse_corpus({KEY: raw or ""})
    if cid and not storage.stored(cid):
        cid, notice = None, EVICTED
    elif cid and store.check_data(storage.folder(cid)):  # built by an older version of the tables
        cid, notice = None, OUTDATED
    if notice:
        st.warning(plain(notice), icon=":material/folder_off:")
    if cid:
        storage.touch(cid)
        return storage.folder(cid)
    return default


def cache_root(folder: Path) -> Path | None:
    """The cache folder of an uploaded corpus (inside it); None for the default corpus."""
    return storage.cache_folder(folder)


def active() -> str:
    """The id of the uploaded corpus this run shows ('' for the default corpus)."""
    cid, _ = ids.parse_corpus({KEY: st.session_state.get(KEY) or ""})
    return cid if cid and storage.stored(cid) else ""
