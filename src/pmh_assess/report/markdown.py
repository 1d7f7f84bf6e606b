"""Markdown: per plan a table of criteria with the best quote (the words that matched in
bold), then a summary."""

from __future__ import annotations

from ..base.safe import markdown_text
from ..results import CriterionResult, Evidence, Results, unlevelled
from .cite import NOTE, cite
from .evidence import best_evidence, matched_words, pieces, spans


def _cell(text: str) -> str:
    return markdown_text(text).replace("|", "\\|").replace("\n", " ")


def render(results: Results) -> str:
    lines = [f"# Scores: {results.rubric.title} ({results.rubric.id} {results.rubric.version})", ""]
    for plan in results.plans:
        lines += [
            f"## {_cell(plan.title)} (`{plan.id}`)",
            "",
            f"**Overall: {plan.overall.rating}**: "
            f"{_cell(unlevelled(plan.overall.rating, plan.overall.reason))}",
            "",
            *(f"Text missing: {_cell(note)}  " for note in plan.text_notes()),
            *([""] if plan.text_missing() else []),
            "| Criterion | Rating | Hits | Pages | Best evidence | Where |",
            "|---|---|---:|---:|---|---|",
        ]
        chosen = best_evidence(plan)
        for c in plan.criteria:
            best = chosen.get(c.id)
            quote = f"“{_quote(best)}” ({best.strength})" if best else ""
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
            "\\* A reviewer's rating: the reviewer, the machine's rating and the note follow it. "
            "Counts, overall ratings and scores use reviewers' ratings.",
            "",
        ]
    lines += summary(results)
    if results.errors:
        lines += ["## Errors", ""] + [f"- `{e.path}`: {_cell(e.message)}" for e in results.errors]
        lines.append("")
    return "\n".join(lines)


def _quote(e: Evidence) -> str:
    """The quote with the words that matched in bold."""
    marks = spans(e.quote, matched_words(e))
    return "".join(
        f"**{_cell(piece)}**" if mark else _cell(piece) for piece, mark in pieces(e.quote, marks)
    )


def _rating(c: CriterionResult) -> str:
    """The rating; a reviewer's is marked, with who, the machine's rating and the note."""
    if not c.overridden_by:
        return c.rating
    said = f"{c.rating}\\* ({_cell(c.overridden_by)}; machine: {c.machine_rating}"
    return said + (f"; “{_cell(c.note)}”)" if c.note else ")")


def summary(results: Results) -> list[str]:
    levels = results.rubric.levels
    reviewed = any(c.overridden_by for p in results.plans for c in p.criteria)
    unread = any(plan.text_missing() for plan in results.plans)
    extra = (" Reviewed\\* |" if reviewed else "") + (" Text missing |" if unread else "")
    lines = [
        "## Summary",
        "",
        "| Plan | Overall | Score | " + " | ".join(levels) + " |" + extra,
        "|---|---|---:|" + "---:|" * (len(levels) + reviewed) + ("---|" if unread else ""),
    ]
    for plan in results.plans:
        counts = [sum(1 for c in plan.criteria if c.rating == lv) for lv in levels]
        overall = plan.overall.rating
        score = f"{plan.overall.score:.2f}" if plan.assessable else "-"
        if plan.overall.machine_rating != plan.overall.rating:
            overall += f"\\* (machine: {plan.overall.machine_rating})"
        machine = plan.overall.machine_score
        if machine is not None and round(machine, 2) != round(plan.overall.score, 2):
            score += f"\\* (machine: {machine:.2f})"
        count = f" {sum(1 for c in plan.criteria if c.overridden_by)} |" if reviewed else ""
        if unread:
            count += f" {plan.text_missing() or ''} |"
        lines.append(
            f"| {_cell(plan.title)} | {overall} | {score} | "
            + " | ".join(map(str, counts))
            + " |"
            + count
        )
    lines.append("")
    return lines
