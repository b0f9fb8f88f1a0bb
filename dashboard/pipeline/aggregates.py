"""Compatibility names for the dashboard: the aggregates are built in ``build/aggregates.py``.

``dashboard/data.py`` imports ``AGG_SCHEMAS`` and ``AGG_SQL`` from here (it derives the
aggregates with ``AGG_SQL`` for a folder a build wrote without them).
"""

from .build.aggregates import chunk_aggregates, write_aggregates
from .build.aggregates_sql import AGG_SQL
from .schema import AGG_SCHEMAS

__all__ = ["AGG_SCHEMAS", "AGG_SQL", "chunk_aggregates", "write_aggregates"]
