"""The limits of a corpus built from the browser (stated in the README and on the page).

Each can be set by an environment variable on the server; the defaults suit a shared host.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Limits:
    """What one upload may hold; anything over a limit is rejected with its reason, the rest builds."""

    max_files: int = 500  # files per corpus (archive entries count one each)
    max_article_chars: int = 200_000  # characters per article (a long report is ~50,000)
    max_upload_mb: int = 50  # per uploaded file, as Streamlit's server.maxUploadSize
    max_unzipped_mb: int = 200  # total uncompressed bytes read out of the archives of one upload
    max_ratio: int = 100  # uncompressed / compressed size of an archive entry (past 1 MiB read)

    @property
    def max_unzipped_bytes(self) -> int:
        return self.max_unzipped_mb << 20


def limits() -> Limits:
    """The limits in force (``CHIPWAR_MAX_FILES``, ``CHIPWAR_MAX_ARTICLE_CHARS``, ``CHIPWAR_MAX_UNZIPPED_MB``)."""
    base = Limits()
    return Limits(
        max_files=_env_int("CHIPWAR_MAX_FILES", base.max_files),
        max_article_chars=_env_int("CHIPWAR_MAX_ARTICLE_CHARS", base.max_article_chars),
        max_upload_mb=base.max_upload_mb,
        max_unzipped_mb=_env_int("CHIPWAR_MAX_UNZIPPED_MB", base.max_unzipped_mb),
        max_ratio=base.max_ratio,
    )
