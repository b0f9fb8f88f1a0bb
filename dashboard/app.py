"""ChipWar Lens dashboard entry point: ``streamlit run dashboard/app.py``.

Loads the processed tables once, reads the shared URL-bound filters, runs the chosen page, then
draws the filters' widgets in the sidebar (above the page's own sidebar items).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts dashboard/ on sys.path; the package imports need the repository root
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException  # noqa: E402

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
# the filters are read first (from the link, or the sidebar's state of the run before) and the page
# is drawn before the sidebar's widgets: Streamlit sends elements in script order, so a new tab
# gets its first chart before it loads and lays out a dozen widgets (their place in the sidebar
# is held by an empty container)
ctx = st.session_state["_ctx"] = ui.page_context(tables)
filters_slot = st.sidebar.container()
stopped: BaseException | None = None
try:
    page.run()
except BaseException as exc:  # st.stop, st.rerun or an error: the sidebar still follows (not on a rerun)
    stopped = exc
    raise
finally:
    # never let a later run reuse this run's filters
    del st.session_state["_ctx"]
    if not isinstance(stopped, RerunException):
        ui.filter_sidebar(ctx, filters_slot, check=stopped is None)
ui.share_link()
# what this run's answers freed goes back to the system (the caches keep what they hold)
store.release_memory()
