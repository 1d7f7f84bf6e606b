"""The terminal view: the matrix (criteria numbered), then one table per summary."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..results import Results
from . import words
from .model import Coverage


def _badge(level: str, text: str, colours: dict[str, str]) -> Text:
    return Text(f" {text} ", style=f"bold black on {colours.get(level, 'white')}")


REVIEWED = "*"
"""Marks a reviewer's rating in the matrix."""
PLAN_WIDTH = 34


def matrix(coverage: Coverage, width: int = 160) -> list[RenderableType]:
    """Plans as rows, criteria as numbered columns (see the criteria table), a gap per domain.

    When the criteria do not fit in `width` columns the matrix is cut into blocks of
    columns, one under the other, so that no criterion is dropped.
    """
    colours, short = coverage.colours(), coverage.short()
    number = {c.id: i + 1 for i, c in enumerate(coverage.columns)}
    first = {d.criteria[0] for d in coverage.domains}
    reviewed = any(cell.reviewer for row in coverage.rows for cell in row.cells)
    cell_width = max(2, *(len(s) + 1 for s in short.values())) + (1 if reviewed else 0)
    plan_width = min(PLAN_WIDTH, max([len("Plan "), *(len(r.title) + 1 for r in coverage.rows)]))
    room = max(width - plan_width - len("Overall") - 1, cell_width + 1)
    blocks: list[list[int]] = [[]]
    used = 0
    for i, col in enumerate(coverage.columns):
        cost = cell_width + (1 if col.id in first or not blocks[-1] else 0)
        if blocks[-1] and used + cost > room:
            blocks.append([])
            used = 0
            cost = cell_width + 1
        blocks[-1].append(i)
        used += cost
    parts: list[RenderableType] = []
    for block in blocks:
        title = "Plans x criteria"
        if len(blocks) > 1:
            title += f" (criteria {number[coverage.columns[block[0]].id]}"
            title += f"-{number[coverage.columns[block[-1]].id]} of {len(coverage.columns)})"
        table = Table(title=title, title_justify="left", header_style="bold", box=None, padding=0)
        table.add_column("Plan ", no_wrap=True, max_width=plan_width, overflow="ellipsis")
        table.add_column("Overall", justify="center", no_wrap=True)
        gaps = [
            col in first or j == 0 for j, col in enumerate(coverage.columns[i].id for i in block)
        ]
        for i, gap in zip(block, gaps, strict=True):
            n = number[coverage.columns[i].id]  # tens over units: numbers stay 2 wide
            pad = " " if gap else ""
            tens = str(n // 10) if n >= 10 else ""
            table.add_column(
                f"{pad}{tens:>{cell_width}}\n{pad}{n % 10:>{cell_width}}",
                justify="right",
                no_wrap=True,
                min_width=cell_width + len(pad),
                max_width=cell_width + len(pad),
            )
        for row in coverage.rows:
            cells: list[RenderableType] = [
                Text(row.title),
                _badge(row.overall, row.overall, colours),
            ]
            for i, gap in zip(block, gaps, strict=True):
                cell = row.cells[i]
                text = Text(" " if gap else "")
                mark = REVIEWED if cell.reviewer else ""
                text.append(_cell(cell.rating, short[cell.rating], cell_width, colours, mark))
                cells.append(text)
            table.add_row(*cells)
        parts += [table, Text("")] if block is not blocks[-1] else [table]
    key = Text(
        "Columns: "
        + "; ".join(
            f"{d.title} {number[d.criteria[0]]}"
            + (f"-{number[d.criteria[-1]]}" if len(d.criteria) > 1 else "")
            for d in coverage.domains
        ),
        style="dim",
    )
    legend = Text("Levels: ", style="dim")
    for lv in coverage.rubric.levels:
        legend.append_text(_badge(lv.name, lv.short, colours))
        legend.append(f" {lv.name}  ")
    parts += [key, legend]
    if reviewed:
        parts.append(Text(f"{REVIEWED} a reviewer's rating (the machine's differs or agrees)."))
    parts.append(Text(""))
    return parts


def _cell(level: str, text: str, width: int, colours: dict[str, str], mark: str = "") -> Text:
    """A matrix cell: the level's letters on its colour (and a review mark), blank before."""
    cell = Text(" " * (width - len(text) - len(mark)))
    cell.append(text + mark, style=f"bold black on {colours.get(level, 'white')}")
    return cell


def criteria_table(coverage: Coverage) -> Table:
    levels = coverage.level_names()
    table = Table(title="Criteria: plans at each level", title_justify="left", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Criterion", max_width=40)
    table.add_column("Domain", max_width=22)
    for level in levels:
        table.add_column(level, justify="right")
    table.add_column(words.covered_label(coverage), justify="right", style="bold")
    with_people = coverage.population.total is not None
    if with_people:
        table.add_column(f"People, {words.covered_label(coverage)}", justify="right")
    titles = {d.id: d.title for d in coverage.domains}
    for i, c in enumerate(coverage.criteria, 1):
        cells = [str(i), c.named(), titles.get(c.domain, c.domain)]
        cells += [words.count(c.levels[lv]) for lv in levels]
        cells.append(words.count(c.covered))
        if with_people:
            cells.append(
                f"{words.people(c.covered.population)} ({words.pct(c.covered.population_share)})"
            )
        table.add_row(*cells)
    return table


def groups_table(coverage: Coverage) -> Table:
    table = Table(
        title=f"Tag groups: plans covering each criterion ({words.covered_label(coverage)})",
        title_justify="left",
        header_style="bold",
    )
    table.add_column("Group")
    table.add_column("Criterion", max_width=44)
    table.add_column("Plans", justify="right")
    table.add_column("People", justify="right")
    for g in coverage.groups:
        for j, m in enumerate(g.members):
            table.add_row(
                g.name if j == 0 else "",
                m.title,
                words.count(m.covered),
                words.people(m.covered.population),
            )
        table.add_row(
            "",
            Text(f"any of the {len(g.members)}", style="italic"),
            words.count(g.any),
            words.people(g.any.population),
        )
        table.add_row(
            "",
            Text(f"all {len(g.members)}", style="bold"),
            Text(words.count(g.all), style="bold"),
            words.people(g.all.population),
            end_section=True,
        )
    return table


def overall_table(coverage: Coverage) -> Table:
    colours = coverage.colours()
    table = Table(title="Overall ratings", title_justify="left", header_style="bold")
    table.add_column("Overall")
    table.add_column("Plans", justify="right")
    table.add_column("Share", justify="right")
    table.add_column("People", justify="right")
    table.add_column("Share of people", justify="right")
    for level, c in coverage.overall.items():
        table.add_row(
            _badge(level, level, colours),
            str(c.plans),
            words.pct(c.share),
            words.people(c.population),
            words.pct(c.population_share),
        )
    return table


def reference_table(coverage: Coverage) -> Table | None:
    ref = coverage.reference
    if ref is None:
        return None
    table = Table(title=f"Compared with: {ref.title}", title_justify="left", header_style="bold")
    table.add_column("Finding", max_width=44)
    table.add_column("Published", justify="right")
    table.add_column("Ours", justify="right")
    table.add_column("Difference", justify="right")
    table.add_column("Measured as", style="dim", max_width=48)
    for row in ref.rows:
        table.add_row(
            row.label,
            words.published(row),
            words.ours(row),
            words.difference(row),
            row.measure + (f" ({row.note})" if row.note else ""),
        )
    return table


def renderables(coverage: Coverage, width: int = 160) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(words.headline(coverage), style="bold")]
    selected = words.filters_line(coverage)
    if selected:
        parts.append(Text(selected, style="dim"))
    parts.append(Text(""))
    parts += matrix(coverage, width)
    parts.append(criteria_table(coverage))
    if coverage.groups:
        parts.append(groups_table(coverage))
    parts.append(overall_table(coverage))
    parts += [
        Text(line)
        for line in words.population_sentences(coverage)
        + words.shared_sentences(coverage)
        + words.text_missing_sentences(coverage)
    ]
    ref = reference_table(coverage)
    if ref is not None:
        parts.append(ref)
    return parts


def render_text(coverage: Coverage, results: Results | None = None, width: int = 160) -> str:
    """The terminal view as plain text (for `-o FILE` and for tests)."""
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    with console.capture() as capture:
        console.print(Group(*renderables(coverage, width)))
    return capture.get()
