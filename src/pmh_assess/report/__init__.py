"""Results out: the same results as a terminal table, JSON, CSV or Markdown."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..results import Results
from . import csv, markdown, table

FORMATS: dict[str, Callable[[Results], str]] = {
    "json": lambda results: results.to_json(),
    "csv": csv.render,
    "markdown": markdown.render,
    "table": table.render_text,
}
SUFFIXES: dict[str, tuple[str, ...]] = {
    "json": (".json",),
    "csv": (".csv",),
    "markdown": (".md", ".markdown"),
    "table": (".txt",),
}
"""The file suffixes each format suits: `-o results.csv` picks csv (a test keeps the keys
in step with FORMATS)."""


def render(results: Results, fmt: str) -> str:
    return FORMATS[fmt](results)


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, _mode_for(path))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["FORMATS", "SUFFIXES", "render", "write_atomic"]
