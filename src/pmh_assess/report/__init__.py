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


def render(results: Results, fmt: str) -> str:
    return FORMATS[fmt](results)


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["FORMATS", "render", "write_atomic"]
