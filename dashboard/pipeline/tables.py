"""Compatibility names: the schemas moved to ``schema.py``, the writers to ``build/write.py``.

Kept for code on other branches that still imports ``dashboard.pipeline.tables``; new code
imports from ``schema`` and ``build.write``.
"""

from .build.write import META_FILE, output_files, part_path, read_meta, to_table, write_meta, write_table
from .schema import SCHEMAS

__all__ = [
    "META_FILE",
    "SCHEMAS",
    "output_files",
    "part_path",
    "read_meta",
    "to_table",
    "write_meta",
    "write_table",
]
