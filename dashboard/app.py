"""ChipWar Lens dashboard entry point: ``streamlit run dashboard/app.py``.

Loads the processed tables once, renders the shared URL-bound filters, then runs the chosen page.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts dashboard/ on sys.path; the package imports need the repository root
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import store, ui  # noqa: E402
from dashboard.ui import corpus as _corpus  # noqa: E402

HERE = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="ChipWar Lens", page_icon="🔎", layout="wide")

PAGES = [
    # the default page is served at "/"; its url_path only has to be unique
    st.Page(
        HERE / "overview.py", title="Overview", icon=":material/dashboard:", url_path="home", default=True
    ),
    # /overview (the page's own name, e.g. in an old or hand-typed link) opens the same page
    st.Page(HERE / "overview.py", title="Overview", url_path="overview", visibility="hidden"),
    st.Page(HERE / "terms.py", title="Terms", icon=":material/translate:", url_path="terms"),
    st.Page(HERE / "figures.py", title="Figures", icon=":material/functions:", url_path="figures"),
    st.Page(HERE / "sources.py", title="Sources", icon=":material/newspaper:", url_path="sources"),
    st.Page(HERE / "articles.py", title="Articles", icon=":material/article:", url_path="articles"),
    st.Page(HERE / "method.py", title="Method", icon=":material/menu_book:", url_path="method"),
    st.Page(HERE / "corpus.py", title="Your corpus", icon=":material/upload_file:", url_path="corpus"),
]

page = st.navigation(PAGES)
folder = _corpus.select(store.data_dir())
# an uploaded corpus keeps its derived data inside its own folder (counted in the quota, evicted with it)
tables = ui.load(folder, cache_root=_corpus.cache_root(folder))
if tables is None:
    st.stop()
st.session_state["_ctx"] = ui.sidebar(tables)
try:
    page.run()
    ui.share_link()
finally:
    # never let a later run reuse this run's filters
    del st.session_state["_ctx"]
