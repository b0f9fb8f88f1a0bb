"""Dashboard pages (thin: read filters, query, chart, render) and their shared UI helpers."""
