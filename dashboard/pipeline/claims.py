"""Compatibility names: claim grouping moved to ``analyse/claims.py`` (tests/test_figures.py imports
``CLAIM_COLUMNS`` and ``assign_claims`` from here)."""

from .analyse.claims import CLAIM_COLUMNS, assign_claims

__all__ = ["CLAIM_COLUMNS", "assign_claims"]
