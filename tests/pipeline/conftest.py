"""Fixtures shared by the build tests."""

from __future__ import annotations

import pytest

from dashboard.pipeline.build import chunks


@pytest.fixture
def small_segments(monkeypatch):
    """Chunks of 4 files and segments of 8, so a small corpus spans several parts."""
    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)
    monkeypatch.setattr(chunks, "SEGMENT_FILES", 8)
