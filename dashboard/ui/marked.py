"""Corpus text with its highlights (figures, cited sources, damaged spans) as HTML for ``st.html``.

Why HTML and not Markdown: Markdown cannot carry attributes, and a paragraph needs its language
(``lang="zh-Hant"``) so that a screen reader reads Chinese as Chinese on a page that is
``<html lang="en">``. This module is the one place that builds HTML around corpus text: every
piece of text goes through ``html.escape``, every tag and style is a constant, and the language
tag is checked against the BCP-47 shape before it becomes an attribute. ``st.html`` also sanitises
with DOMPurify and runs no script; ``tests/app/test_hostile.py`` checks that no other raw HTML
reaches the browser and that hostile articles stay inert.
"""

from __future__ import annotations

import html
import re

# the colours of Streamlit's :blue-background / :orange-background / :red-background (light theme)
_MARK_COLOUR = {
    "figure": "rgba(28, 131, 225, 0.18)",
    "citation": "rgba(255, 164, 33, 0.22)",
    "damaged": "rgba(255, 43, 43, 0.18)",
}
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_PARAGRAPH = '<p{lang} style="margin: 0 0 0.25rem 0{weight}">{body}</p>'


def lang_attribute(tag: object) -> str:
    """`` lang="…"`` for a BCP-47 tag (zh-Hans, zh-Hant, en), or nothing when the tag is missing,
    undetermined (``und``) or not of that shape."""
    text = str(tag or "")
    if text.lower() == "und" or not _LANG.fullmatch(text):
        return ""
    return f' lang="{text}"'


def marked_html(pieces: list[tuple[str, str | None]], lang: object = None, heading: bool = False) -> str:
    """One paragraph of ``queries.articles.mark_spans`` pieces as HTML: escaped text, highlights as
    ``<mark>`` (a damaged span marked ⚠), the paragraph's language as its ``lang`` attribute."""
    out = []
    for text, mark in pieces:
        esc = html.escape(text, quote=True)
        if mark == "damaged":
            esc = "⚠" + esc
        if mark in _MARK_COLOUR and esc.strip():
            esc = f'<mark style="background: {_MARK_COLOUR[mark]}; color: inherit">{esc}</mark>'
        out.append(esc)
    weight = "; font-weight: 600" if heading else ""
    return _PARAGRAPH.format(lang=lang_attribute(lang), weight=weight, body="".join(out))


def legend_html() -> str:
    """The reader's key to its highlights, in the same colours."""
    return marked_html(
        [
            ("figure", "figure"),
            (" ", None),
            ("cited source", "citation"),
            (" ", None),
            ("damaged span", "damaged"),
        ]
    )
