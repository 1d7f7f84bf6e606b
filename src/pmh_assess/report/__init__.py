"""Results out: the same results as a terminal table, JSON, CSV or Markdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..base.formats import SCORES

if TYPE_CHECKING:
    from ..results import Results


# Each writer is imported when used: reading the names of FORMATS (the CLI's choices)
# imports none of them.
def _json(results: Results) -> str:
    return results.to_json()


def _csv(results: Results) -> str:
    from . import csv

    return csv.render(results)


def _markdown(results: Results) -> str:
    from . import markdown

    return markdown.render(results)


def _table(results: Results) -> str:
    from . import table

    return table.render_text(results)


FORMATS: dict[str, Callable[[Results], str]] = {
    "table": _table,
    "json": _json,
    "csv": _csv,
    "markdown": _markdown,
}
SUFFIXES = SCORES
"""The file suffixes each format suits: `-o results.csv` picks csv (a test keeps the keys
in step with FORMATS)."""


def render(results: Results, fmt: str) -> str:
    return FORMATS[fmt](results)


__all__ = ["FORMATS", "SUFFIXES", "render"]
