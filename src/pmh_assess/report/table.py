"""The terminal view: per plan a coloured table of criteria, then a summary across plans."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..results import PlanResult, Results
from .colours import level_colours

QUOTE_WIDTH = 90


def _rating(level: str, colours: dict[str, str]) -> Text:
    return Text(f" {level} ", style=f"bold black on {colours.get(level, 'white')}")


def plan_table(plan: PlanResult, colours: dict[str, str], domains: dict[str, str]) -> Table:
    table = Table(
        title=f"{escape(plan.title)} ({plan.id})",
        title_justify="left",
        expand=False,
        show_lines=False,
        header_style="bold",
    )
    table.add_column("Criterion", no_wrap=False, max_width=34)
    table.add_column("Rating", justify="center")
    table.add_column("Hits", justify="right")
    table.add_column("Best evidence", max_width=QUOTE_WIDTH)
    table.add_column("Page", justify="right")
    domain = None
    for c in plan.criteria:
        if c.domain != domain:
            domain = c.domain
            table.add_row(Text(domains.get(domain, domain), style="bold"), "", "", "", "")
        best = c.evidence[0] if c.evidence else None
        quote = Text("")
        if best:
            cut = best.quote if len(best.quote) <= 160 else best.quote[:157] + "…"
            quote = Text(f"“{cut}”", style="italic")
            quote.append(f" {best.strength}", style="dim")
            if best.shared_with:
                quote.append(f" (shared: {', '.join(best.shared_with)})", style="dim")
        page = (best.page_label or str(best.page)) if best else ""
        table.add_row(escape(c.title), _rating(c.rating, colours), str(c.hits), quote, page)
    return table


def summary_table(results: Results, colours: dict[str, str]) -> Table:
    levels = results.rubric.levels
    table = Table(title="Summary", title_justify="left", header_style="bold")
    table.add_column("Plan")
    table.add_column("Overall", justify="center")
    table.add_column("Score", justify="right")
    for level in levels:
        table.add_column(level, justify="right")
    for plan in results.plans:
        counts = [str(sum(1 for c in plan.criteria if c.rating == lv)) for lv in levels]
        table.add_row(
            escape(plan.title),
            _rating(plan.overall.rating, colours),
            f"{plan.overall.score:.2f}",
            *counts,
        )
    return table


def renderables(results: Results) -> list[RenderableType]:
    colours = level_colours(results.rubric.levels, results.rubric.colours)
    domains = {d.id: d.title for d in results.rubric.domains}
    parts: list[RenderableType] = []
    for plan in results.plans:
        parts.append(plan_table(plan, colours, domains))
        overall = Text("Overall: ")
        overall.append_text(_rating(plan.overall.rating, colours))
        overall.append(f"  {plan.overall.reason}\n", style="dim")
        parts.append(overall)
    if results.plans:
        parts.append(summary_table(results, colours))
    for error in results.errors:
        parts.append(Text(f"error: {error.path}: {error.message}", style="red"))
    return parts


def render_text(results: Results, width: int = 160) -> str:
    """The table view as plain text (for `-o FILE` and for tests)."""
    console = Console(
        width=width,
        record=True,
        file=None,
        force_terminal=False,
        color_system=None,
        legacy_windows=False,
    )
    with console.capture() as capture:
        console.print(Group(*renderables(results)))
    return capture.get()
