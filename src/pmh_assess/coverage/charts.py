"""Charts as plain geometry (rectangles, lines, text), drawn by `svg` and `png` alike.

Laying a chart out once and drawing it twice keeps the SVG and the PNG the same figure.
Text widths are estimated from typical sans-serif glyph widths; labels are given room
by those estimates, and long ones are cut with an ellipsis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from . import words
from .model import Count, Coverage, GroupCoverage

Anchor = Literal["start", "middle", "end"]

INK = "#222222"
MUTED = "#666666"
GRID = "#d9d9d9"
BAR = "#4575b4"
BAR_ALL = "#253494"
MARK = "#111111"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    tip: str | None = None  # a tooltip (SVG <title>)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1.0
    dash: bool = False


@dataclass(frozen=True)
class Label:
    """Text whose baseline starts, centres or ends at (x, y); `vertical` reads upwards."""

    x: float
    y: float
    text: str
    size: float = 12
    anchor: Anchor = "start"
    bold: bool = False
    fill: str = INK
    vertical: bool = False
    tip: str | None = None  # the full text on hover (SVG <title>), e.g. when cut


Item = Rect | Line | Label


@dataclass
class Figure:
    width: float
    height: float
    title: str
    items: list[Item] = field(default_factory=list)

    def add(self, *items: Item) -> None:
        self.items.extend(items)


_NARROW = set("iljtf.,:;'|!()[] ")
_WIDE = set("mwMW%@")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of a sans-serif string's width in pixels."""
    units = 0.0
    for ch in text:
        if ch in _NARROW:
            units += 0.3
        elif ch in _WIDE:
            units += 0.85
        elif ch.isupper() or ch.isdigit():
            units += 0.64
        else:
            units += 0.53
    return units * size * (1.06 if bold else 1.0)


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """The text, cut with an ellipsis so that it fits the width."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def fitted(
    x: float,
    y: float,
    text: str,
    width: float,
    size: float = 12,
    anchor: Anchor = "start",
    bold: bool = False,
    vertical: bool = False,
) -> Label:
    """A label cut to the width, whose full text shows on hover."""
    return Label(
        x, y, fit(text, width, size, bold), size, anchor, bold, vertical=vertical, tip=text
    )


def ink(colour: str) -> str:
    """Black or white, whichever reads better on the colour (#rrggbb)."""
    try:
        r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return INK

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if luminance > 0.2 else "#ffffff"


PAD = 12.0  # white margin around every chart


def _axis(fig: Figure, x0: float, width: float, top: float, bottom: float) -> None:
    for tick in (0, 25, 50, 75, 100):
        x = x0 + width * tick / 100
        fig.add(
            Line(x, top, x, bottom, stroke=GRID if tick else MUTED),
            Label(x, bottom + 14, f"{tick}%", size=10, anchor="middle", fill=MUTED),
        )


def _legend(fig: Figure, coverage: Coverage, x: float, y: float, letters: bool = False) -> float:
    """A swatch and name per level from (x, y); returns where the legend ends."""
    for lv in coverage.rubric.levels:
        fig.add(Rect(x, y, 14, 14, lv.colour))
        if letters:
            fig.add(Label(x + 7, y + 11, lv.short, 9, "middle", fill=ink(lv.colour)))
        fig.add(Label(x + 20, y + 12, lv.name, 12))
        x += 20 + text_width(lv.name, 12) + 24
    return x


def groups_chart(
    coverage: Coverage,
    width: float = 760,
    groups: list[GroupCoverage] | None = None,
    title: str | None = None,
) -> Figure:
    """Per tag group: the share of plans covering each member criterion, and all of them.

    `groups` draws only some of the groups. With a reference, a black tick marks the
    published share on the bars it measures.
    """
    covered = words.covered_label(coverage)
    groups = coverage.groups if groups is None else groups
    marks: dict[tuple[str, str], float] = {}
    if coverage.reference:
        for r in coverage.reference.rows:
            if r.at_least == coverage.at_least and r.kind in ("criterion", "group"):
                marks[(r.kind, r.key)] = r.reference_share
    bar_h, gap, size = 18.0, 6.0, 12.0
    Bar = tuple[str, Count, str, float | None, bool]
    sections: list[tuple[str, list[Bar]]] = []
    for group in groups:
        bars: list[Bar] = [
            (m.title, m.covered, BAR, marks.get(("criterion", m.id)), False) for m in group.members
        ]
        bars.append(
            (
                f"All {len(group.members)} of them",
                group.all,
                BAR_ALL,
                marks.get(("group", group.tag)),
                True,
            )
        )
        heading = (
            "" if title and len(groups) == 1 else f"{group.name} ({len(group.members)} criteria)"
        )
        sections.append((heading, bars))
    labels = [b[0] for _, bars in sections for b in bars] or [""]
    label_w = min(max(text_width(t, size, bold=True) for t in labels) + 12, width * 0.5)
    x0 = PAD + label_w
    bar_w = width - x0 - 70 - PAD
    fig = Figure(width, 0, title or f"Share of plans covering each criterion ({covered})")
    fig.add(Label(PAD, PAD + 16, fig.title, size=14, bold=True))
    top = PAD + 30
    if any(bar[3] is not None for _, bars in sections for bar in bars):
        fig.add(
            Line(x0, top - 2, x0, top + 10, stroke=MARK, width=2.5),
            Label(x0 + 8, top + 8, "published figure", size=10, fill=MUTED),
        )
        top += 18
    if not sections:
        fig.add(Label(PAD, top + 14, "No tag is shared by two or more criteria.", fill=MUTED))
        fig.height = top + 30
        return fig
    bottom = top + sum(
        (20 if heading else 0) + len(bars) * (bar_h + gap) + 8 for heading, bars in sections
    )
    _axis(fig, x0, bar_w, top, bottom)
    y = top
    for heading, bars in sections:
        if heading:
            fig.add(Label(PAD, y + 13, heading, size=13, bold=True))
            y += 20
        for title, count, colour, mark, bold in bars:
            tip = f"{title}: {count.plans} of {coverage.plans} plans ({words.pct(count.share)})"
            end = x0 + bar_w * count.share
            fig.add(
                fitted(x0 - 8, y + bar_h - 5, title, label_w - 12, size, "end", bold),
                Rect(x0, y, bar_w * count.share, bar_h, colour, tip=tip),
                Label(end + 5, y + bar_h - 5, words.count(count), 11, bold=bold),
            )
            if mark is not None:
                mx = x0 + bar_w * mark
                fig.add(Line(mx, y - 3, mx, y + bar_h + 3, stroke=MARK, width=2.5))
            y += bar_h + gap
        y += 8
    fig.height = bottom + 20 + PAD
    return fig


def overall_chart(coverage: Coverage, width: float = 760) -> Figure:
    """Overall ratings as 100% bars: plans, people (when known), and the published figure."""
    colours = coverage.colours()
    levels = coverage.level_names()
    Segment = tuple[str, float, str]
    bars: list[tuple[str, list[Segment]]] = [
        (
            f"Plans ({coverage.plans})",
            [(lv, c.share, words.count(c)) for lv, c in coverage.overall.items()],
        )
    ]
    if coverage.population.total is not None:
        bars.append(
            (
                f"People ({words.people(coverage.population.total)})",
                [
                    (
                        lv,
                        c.population_share or 0.0,
                        f"{words.people(c.population)} ({words.pct(c.population_share)})",
                    )
                    for lv, c in coverage.overall.items()
                ],
            )
        )
    if coverage.reference:
        published = {
            r.key: r for r in coverage.reference.rows if r.kind == "overall" and r.key in levels
        }
        if published:
            total = coverage.reference.plans
            bars.append(
                (
                    f"Published ({total} plans)" if total else "Published",
                    [
                        (lv, published[lv].reference_share, words.published(published[lv]))
                        for lv in levels
                        if lv in published
                    ],
                )
            )
    size, bar_h, gap = 12.0, 30.0, 12.0
    x0 = PAD + max(text_width(t, size) for t, _ in bars) + 14
    bar_w = width - x0 - PAD - 8
    fig = Figure(width, 0, "Overall ratings")
    fig.add(Label(PAD, PAD + 16, fig.title, size=14, bold=True))
    top = PAD + 30
    bottom = top + len(bars) * (bar_h + gap) - gap + 4
    _axis(fig, x0, bar_w, top - 4, bottom)
    y = top
    for title, segments in bars:
        fig.add(Label(x0 - 8, y + bar_h / 2 + 4, title, size, "end"))
        x = x0
        for level, share, text in segments:
            w = bar_w * share
            fig.add(
                Rect(
                    x,
                    y,
                    w,
                    bar_h,
                    colours[level],
                    stroke="#ffffff",
                    tip=f"{title}, {level}: {text}",
                )
            )
            short = words.pct(share)
            inside = (
                text
                if text_width(text, 11) + 8 <= w
                else short
                if text_width(short, 11) + 6 <= w
                else ""
            )
            if inside:
                fig.add(
                    Label(
                        x + w / 2, y + bar_h / 2 + 4, inside, 11, "middle", fill=ink(colours[level])
                    )
                )
            x += w
        y += bar_h + gap
    legend_y = bottom + 28
    _legend(fig, coverage, x0, legend_y)
    fig.height = legend_y + 14 + PAD + 6
    return fig


def matrix_chart(coverage: Coverage, cell: float = 18) -> Figure:
    """The heat map: plans (rows) by criteria (columns, grouped by domain), overall first."""
    colours, short = coverage.colours(), coverage.short()
    size = 11.0
    row_w = min(max(text_width(r.title, size) for r in coverage.rows) + 12, 260)
    col_h = min(max(text_width(c.title, size) for c in [*coverage.columns]) + 10, 340)
    domain_gap = 5.0
    band = 18.0  # the domain headers, as in the HTML report
    x0 = PAD + row_w
    y0 = PAD + 30 + band + 4 + col_h
    xs: list[float] = []
    x = x0 + cell + 2 * domain_gap  # the overall column, then a gap
    domain_of = [c.domain for c in coverage.columns]
    for i in range(len(coverage.columns)):
        if i and domain_of[i] != domain_of[i - 1]:
            x += domain_gap
        xs.append(x)
        x += cell
    legend_y = y0 + cell * len(coverage.rows) + 18
    title = f"Ratings of {coverage.plans} plans ({coverage.rubric.id})"
    fig = Figure(0, legend_y + 14 + PAD + 6, "Plans by criteria")
    fig.add(Label(PAD, PAD + 16, title, size=14, bold=True))

    def column_label(cx: float, text: str, bold: bool = False) -> None:
        fig.add(fitted(cx + cell / 2 + 4, y0 - 5, text, col_h - 8, size, bold=bold, vertical=True))

    starts = {d.criteria[0]: d for d in coverage.domains if d.criteria}
    for i, col in enumerate(coverage.columns):
        domain = starts.get(col.id)
        if domain is None:
            continue
        span = xs[i + len(domain.criteria) - 1] + cell - xs[i]
        top = PAD + 30
        fig.add(
            Rect(xs[i], top, span, band, "#eeeeee", tip=domain.title),
            fitted(xs[i] + span / 2, top + band - 5, domain.title, span - 4, 10, "middle"),
        )

    column_label(x0, "Overall", bold=True)
    for cx, col in zip(xs, coverage.columns, strict=True):
        column_label(cx, col.title)
    for r, row in enumerate(coverage.rows):
        y = y0 + r * cell
        fig.add(Label(x0 - 6, y + cell - 5, fit(row.title, row_w - 12, size), size, "end"))
        cells = [(x0, row.overall, "overall")] + [
            (cx, c.rating, col.title)
            for cx, c, col in zip(xs, row.cells, coverage.columns, strict=True)
        ]
        for cx, rating, what in cells:
            fig.add(
                Rect(
                    cx,
                    y,
                    cell,
                    cell,
                    colours[rating],
                    stroke="#ffffff",
                    tip=f"{row.title}, {what}: {rating}",
                ),
                Label(
                    cx + cell / 2,
                    y + cell - 5,
                    short[rating],
                    10,
                    "middle",
                    fill=ink(colours[rating]),
                ),
            )
    legend_end = _legend(fig, coverage, x0, legend_y, letters=True)
    fig.width = max(x, legend_end, PAD + text_width(title, 14, bold=True)) + PAD
    return fig


CHARTS = {"groups": groups_chart, "overall": overall_chart, "matrix": matrix_chart}
