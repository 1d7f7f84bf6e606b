"""What reading one document may cost by default (time, pages, file size and memory), and
the options a run reads with.

Constants and one small dataclass, so that the command line can show the defaults in
`--help`, and build the options, without importing the readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..extract import DEFAULT_ENGINE

DEFAULT_TIMEOUT = 120.0
"""Seconds allowed per document."""
DEFAULT_MAX_PAGES = 2000
"""Documents with more pages are refused."""
DEFAULT_MAX_MB = 200.0
"""Files larger than this many MB are refused."""
DEFAULT_MAX_MEMORY_MB = 1024
"""MB of memory allowed per document."""


@dataclass(frozen=True)
class ReadOptions:
    """How to read documents: the PDF engine, a password, and the limits that protect a run.

    `timeout` (seconds) and `max_memory_mb` are per document and enforced by killing the
    worker; None switches a limit off. `cache_root` is where workers keep what they read.
    """

    engine: str = DEFAULT_ENGINE
    password: str | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    max_pages: int | None = DEFAULT_MAX_PAGES
    max_mb: float | None = DEFAULT_MAX_MB
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
    cache_root: Path | None = None
