"""What every page shares: the shell (``shell.py``: load, sidebar filters, share link) and the
rendering helpers (``render.py``: charts with CSV downloads, escaped Markdown, links;
``marked.py``: corpus paragraphs with their highlights and language, as HTML)."""

from dashboard.ui.marked import legend_html, marked_html
from dashboard.ui.render import (
    link,
    md_escape,
    picked,
    plain,
    readable,
    reader_link,
    show_chart,
    table_download,
)
from dashboard.ui.shell import (
    PAGE_KEYS,
    Context,
    check_param,
    context,
    empty_state,
    filter_sidebar,
    load,
    page_context,
    share_link,
    sidebar,
    url_selectbox,
)

__all__ = [
    "PAGE_KEYS",
    "Context",
    "check_param",
    "context",
    "empty_state",
    "filter_sidebar",
    "legend_html",
    "link",
    "load",
    "marked_html",
    "md_escape",
    "page_context",
    "picked",
    "plain",
    "readable",
    "reader_link",
    "share_link",
    "show_chart",
    "sidebar",
    "table_download",
    "url_selectbox",
]
