"""Coverage across plans: which plans cover which criteria, shares, groups, population.

from pmh_assess.coverage import coverage_of, render
selected, coverage = coverage_of(load_results("results.json"), tags=["at-risk-group"])
print(render(coverage, selected, "markdown"))
"""

from __future__ import annotations

from collections.abc import Callable

from ..base.errors import UserError
from ..base.formats import CHARTS, COVERAGE
from ..results import Results
from . import charts, csv, html, markdown, svg, table
from .compute import compute, coverage_of, default_at_least, select
from .model import Coverage
from .reference import compare, load_reference

Renderer = Callable[[Coverage, Results], str | bytes]


def _xlsx(coverage: Coverage, results: Results) -> bytes:
    """The Excel workbook (openpyxl is imported only when one is written)."""
    from . import xlsx

    return xlsx.render(coverage, results)


FORMATS: dict[str, Renderer] = {
    "table": table.render_text,
    "json": lambda coverage, results: coverage.to_json(),
    "csv": csv.render_long,
    "csv-wide": csv.render_wide,
    "csv-summary": csv.render_summary,
    "markdown": markdown.render,
    "html": html.render,
    "xlsx": _xlsx,
}
SUFFIXES = COVERAGE
"""The file suffixes each format suits (a test keeps the keys in step with FORMATS)."""
CHART_SUFFIXES = tuple(end for ends in CHARTS.values() for end in ends)


def render(coverage: Coverage, results: Results, fmt: str) -> str | bytes:
    """The coverage in a format of FORMATS; `xlsx` is bytes, the others text."""
    return FORMATS[fmt](coverage, results)


def _svg(figure: charts.Figure) -> str | bytes:
    return svg.render(figure)


def _png(figure: charts.Figure) -> str | bytes:
    from . import png  # Pillow is imported only when a PNG is drawn

    return png.render(figure)


CHART_WRITERS: dict[str, Callable[[charts.Figure], str | bytes]] = {"svg": _svg, "png": _png}
"""How a chart is written, by the format names of `formats.CHARTS`."""


def render_chart(coverage: Coverage, chart: str, kind: str) -> str | bytes:
    """One chart of charts.CHARTS as SVG text or PNG bytes (`kind`: svg or png, or its
    suffix)."""
    figure = charts.CHARTS[chart](coverage)
    writer = CHART_WRITERS.get(kind.lower().lstrip("."))
    if writer is None:
        raise UserError(
            f"a chart is written as {' or '.join(CHART_SUFFIXES)}, not {kind or 'no suffix'!r}"
        )
    return writer(figure)


__all__ = [
    "CHART_SUFFIXES",
    "CHART_WRITERS",
    "FORMATS",
    "SUFFIXES",
    "Coverage",
    "compare",
    "compute",
    "coverage_of",
    "default_at_least",
    "load_reference",
    "render",
    "render_chart",
    "select",
]
