"""Dashboard pages (thin: read filters, query, chart, render) and their shared UI helpers.

Not named ``pages/``: a ``pages`` folder beside ``app.py`` switches Streamlit into its legacy
multipage mode on a process's first run, which bypasses ``st.navigation`` in ``app.py``.
"""
