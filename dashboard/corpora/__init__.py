"""Corpora a reader builds from the browser: safe upload staging, content ids, bounded storage, builds.

A plain library (no streamlit): the page ``dashboard/views/corpus.py`` drives it.
"""
