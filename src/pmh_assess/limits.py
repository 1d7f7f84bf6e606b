"""What reading one document may cost by default: time, pages, file size and memory.

A module of constants only, so that the command line can show the defaults in `--help`
without importing the readers.
"""

from __future__ import annotations

DEFAULT_TIMEOUT = 120.0
"""Seconds allowed per document."""
DEFAULT_MAX_PAGES = 2000
"""Documents with more pages are refused."""
DEFAULT_MAX_MB = 200.0
"""Files larger than this many MB are refused."""
DEFAULT_MAX_MEMORY_MB = 1024
"""MB of memory allowed per document."""
