"""The terminal view: per plan a coloured table of criteria, then a summary across plans."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..base.safe import rich_text
from ..results import CriterionResult, PlanResult, Results, unlevelled
from .cite import NOTE, cite
from .colours import level_colours
from .evidence import best_evidence, excerpt, matched_words, pieces

QUOTE_WIDTH = 90
QUOTE_CUT = 160
"""Characters of the best quote shown, centred on the words that matched."""


def _rating(level: str, colours: dict[str, str]) -> Text:
    return Text(f" {level} ", style=f"bold black on {colours.get(level, 'white')}")


def plan_table(plan: PlanResult, colours: dict[str, str], domains: dict[str, str]) -> Table:
    table = Table(
        title=f"{rich_text(plan.title)} ({plan.id})",
        title_justify="left",
        expand=False,
        show_lines=False,
        header_style="bold",
    )
    table.add_column("Criterion", no_wrap=False, max_width=34)
    table.add_column("Rating", justify="center")
    table.add_column("Hits", justify="right")
    table.add_column("Best evidence", max_width=QUOTE_WIDTH)
    table.add_column("Where", max_width=30)
    domain = None
    chosen = best_evidence(plan)
    for c in plan.criteria:
        if c.domain != domain:
            domain = c.domain
            table.add_row(Text(domains.get(domain, domain), style="bold"), "", "", "", "")
        best = chosen.get(c.id)
        quote = Text("")
        if best:
            cut, marks = excerpt(best.quote, matched_words(best), QUOTE_CUT)
            quote = Text("“", style="italic")
            for piece, mark in pieces(cut, marks):  # the words that matched, [marked]
                quote.append(f"[{piece}]" if mark else piece, "bold italic" if mark else "italic")
            quote.append("”", style="italic")
            quote.append(f" {best.strength}", style="dim")
            if best.shared_with:
                quote.append(f" (shared: {', '.join(best.shared_with)})", style="dim")
        page = rich_text(cite(best.document, best.page, best.page_label)) if best else ""
        table.add_row(rich_text(c.title), rating_cell(c, colours), str(c.hits), quote, page)
    return table


REVIEWED = "*"
"""Marks a reviewer's rating wherever a rating is shown."""


def rating_cell(c: CriterionResult, colours: dict[str, str]) -> Text:
    """The rating badge; a reviewed rating is marked, with the machine's when it differs."""
    cell = _rating(c.rating, colours)
    if c.overridden_by:
        cell.append(REVIEWED, style="bold")
        if c.machine_rating != c.rating:
            cell.append(f" was {c.machine_rating}", style="dim")
    return cell


def review_legend(results: Results) -> Text | None:
    """One line saying what the mark means and who reviewed, when anything was reviewed."""
    reviewers = sorted(
        {c.overridden_by for p in results.plans for c in p.criteria if c.overridden_by}
    )
    if not reviewers:
        return None
    return Text(
        f"{REVIEWED} a reviewer's rating (by {', '.join(reviewers)}); counts, overall "
        "ratings and scores use them, and 'was' gives the machine's where it differs.",
        style="dim",
    )


def summary_table(results: Results, colours: dict[str, str]) -> Table:
    """Per plan the overall rating, score and criteria at each level; with reviewer
    ratings, how many criteria were reviewed, and the machine's rating and score where
    the reviewed ones moved them."""
    levels = results.rubric.levels
    reviewed = any(c.overridden_by for p in results.plans for c in p.criteria)
    table = Table(title="Summary", title_justify="left", header_style="bold")
    table.add_column("Plan")
    table.add_column("Overall", justify="center")
    table.add_column("Score", justify="right")
    for level in levels:
        table.add_column(level, justify="right")
    if reviewed:
        table.add_column(f"Reviewed{REVIEWED}", justify="right")
    unread = any(plan.text_missing() for plan in results.plans)
    if unread:
        table.add_column("Text missing")
    for plan in results.plans:
        counts = [str(sum(1 for c in plan.criteria if c.rating == lv)) for lv in levels]
        overall = _rating(plan.overall.rating, colours)
        if plan.overall.machine_rating != plan.overall.rating:
            overall.append(f"{REVIEWED} was {plan.overall.machine_rating}", style="dim")
        score = Text(f"{plan.overall.score:.2f}" if plan.assessable else "-")
        machine = plan.overall.machine_score
        if machine is not None and round(machine, 2) != round(plan.overall.score, 2):
            score.append(f"{REVIEWED} was {machine:.2f}", style="dim")
        extra = [str(sum(1 for c in plan.criteria if c.overridden_by))] if reviewed else []
        if unread:
            extra.append(plan.text_missing() or "")
        table.add_row(rich_text(plan.title), overall, score, *counts, *extra)
    return table


def renderables(results: Results, detail: bool | None = None) -> list[RenderableType]:
    """Per-plan tables (with `detail`, or when there is one plan), then the summary.

    Per-file errors are not part of the view: commands print them to stderr.
    """
    colours = level_colours(results.rubric.levels, results.rubric.colours)
    domains = {d.id: d.title for d in results.rubric.domains}
    detail = len(results.plans) == 1 if detail is None else detail
    parts: list[RenderableType] = []
    for plan in results.plans if detail else []:
        parts.append(plan_table(plan, colours, domains))
        overall = Text("Overall: ")
        overall.append_text(_rating(plan.overall.rating, colours))
        if plan.overall.machine_rating != plan.overall.rating:
            overall.append(f"{REVIEWED} was {plan.overall.machine_rating}", style="dim")
        said = unlevelled(plan.overall.rating, plan.overall.reason)
        overall.append(f"  {said}\n", style="dim")
        for note in plan.text_notes():
            overall.append(f"Text missing: {note}\n", style="dim")
        parts.append(overall)
    if results.plans:
        parts.append(summary_table(results, colours))
    if detail and results.plans:
        parts.append(Text(NOTE, style="dim"))
    elif len(results.plans) > 1:
        parts.append(Text("Each plan's criteria and evidence: add --detail.", style="dim"))
    legend = review_legend(results)
    if legend is not None:
        parts.append(legend)
    return parts


def render_text(results: Results, width: int = 160, detail: bool | None = None) -> str:
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
        console.print(Group(*renderables(results, detail)))
    return capture.get()
