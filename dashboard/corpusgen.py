"""Moved to ``dashboard.bench.corpusgen``; kept so older imports in the pipeline tests still work."""

from dashboard.bench.corpusgen import generate

__all__ = ["generate"]
