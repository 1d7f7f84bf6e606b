"""Markdown: per plan a table of criteria with the best quote, then a summary."""

from __future__ import annotations

from ..results import CriterionResult, Results
from ..safe import markdown_text
from .cite import NOTE, cite


def _cell(text: str) -> str:
    return markdown_text(text).replace("|", "\\|").replace("\n", " ")


def render(results: Results) -> str:
    lines = [f"# Scores: {results.rubric.title} ({results.rubric.id} {results.rubric.version})", ""]
    for plan in results.plans:
        lines += [
            f"## {_cell(plan.title)} (`{plan.id}`)",
            "",
            f"**Overall: {plan.overall.rating}** (score {plan.overall.score:.2f}). "
            f"{_cell(plan.overall.reason)}",
            "",
            "| Criterion | Rating | Hits | Pages | Best evidence | Where |",
            "|---|---|---:|---:|---|---|",
        ]
        for c in plan.criteria:
            best = c.evidence[0] if c.evidence else None
            quote = f"“{_cell(best.quote)}” ({best.strength})" if best else ""
            if best and best.shared_with:
                quote += f" (shared: {_cell(', '.join(best.shared_with))})"
            where = _cell(cite(best.document, best.page, best.page_label)) if best else ""
            lines.append(
                f"| {_cell(c.title)} | {_rating(c)} | {c.hits} | {c.pages} | {quote} | {where} |"
            )
        lines.append("")
    reviewed = any(c.overridden_by for p in results.plans for c in p.criteria)
    if results.plans:
        lines += [f"_{NOTE}_", ""]
    if reviewed:
        lines += [
            "\\* A reviewer's rating: the reviewer, the machine's rating and the note follow it.",
            "",
        ]
    lines += summary(results)
    if results.errors:
        lines += ["## Errors", ""] + [f"- `{e.path}`: {_cell(e.message)}" for e in results.errors]
        lines.append("")
    return "\n".join(lines)


def _rating(c: CriterionResult) -> str:
    """The rating; a reviewer's is marked, with who, the machine's rating and the note."""
    if not c.overridden_by:
        return c.rating
    said = f"{c.rating}\\* ({_cell(c.overridden_by)}; machine: {c.machine_rating}"
    return said + (f"; “{_cell(c.note)}”)" if c.note else ")")


def summary(results: Results) -> list[str]:
    levels = results.rubric.levels
    lines = [
        "## Summary",
        "",
        "| Plan | Overall | Score | " + " | ".join(levels) + " |",
        "|---|---|---:|" + "---:|" * len(levels),
    ]
    for plan in results.plans:
        counts = [sum(1 for c in plan.criteria if c.rating == lv) for lv in levels]
        lines.append(
            f"| {_cell(plan.title)} | {plan.overall.rating} | {plan.overall.score:.2f} | "
            + " | ".join(map(str, counts))
            + " |"
        )
    lines.append("")
    return lines
