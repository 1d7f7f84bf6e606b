"""Results out: the same results as a terminal table, JSON, CSV or Markdown."""

from __future__ import annotations

from collections.abc import Callable

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


__all__ = ["FORMATS", "SUFFIXES", "render"]
