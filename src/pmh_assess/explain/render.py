"""Explanations out: rich text for a terminal (plain when captured) or JSON."""

from __future__ import annotations

import dataclasses
import json

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..base.vocabulary import MENTION
from ..report.cite import NOTE, cite, page
from ..report.colours import level_colours
from ..results import unlevelled
from . import CriterionExplanation, HitView, PlanExplanation, Searched


def to_json(explanation: PlanExplanation) -> str:
    return (
        json.dumps(dataclasses.asdict(explanation), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def _rating(level: str, colours: dict[str, str]) -> Text:
    return Text(f" {level} ", style=f"bold black on {colours.get(level, 'white')}")


def _page(h: HitView, multi: bool) -> str:
    if multi:
        return cite(h.document, h.page, h.page_label)
    return page(h.page, h.page_label, h.document)


def _review(c: CriterionExplanation) -> Text | None:
    """The reviewer's rating beside the machine's, which the rest explains."""
    if not c.review:
        return None
    r = c.review
    line = Text("Reviewed: ", style="bold")
    line.append(r["rating"], style="bold")
    line.append(f" by {r.get('reviewer') or 'a reviewer'}")
    if r.get("date"):
        line.append(f" on {r['date']}")
    line.append(f"; the machine's rating, explained below, is {c.rating}.")
    if r.get("note"):
        line.append(f"\n  Note: {r['note']}", style="italic")
    return line


def _discounted(c: CriterionExplanation) -> Text | None:
    """The rating without shared text beside the machine's, and the sentences set aside."""
    d = c.discounted
    if d is None:
        return None
    line = Text(f"Without shared text (--discount-shared {d.others}): ", style="bold")
    line.append(d.reason)
    for e in d.set_aside:
        line.append("\n  set aside: ", style="dim")
        line.append(cite(e.document, e.page, e.page_label), style="bold")
        line.append(f"  {e.quote}")
        line.append(f" (also in {', '.join(e.shared_with)})", style="dim")
    return line


def _hit(h: HitView, multi: bool) -> Text:
    line = Text("  ")
    line.append(_page(h, multi), style="bold")
    if h.void:
        line.append(f"  voided: {h.void}", style="red")
    else:
        line.append(f"  {h.strength}", style="green" if h.strength != MENTION else "")
        if h.cue:
            line.append(f" (cue {h.cue})", style="dim")
        if h.context_from:
            line.append(f"  context from {h.context_from}", style="dim")
    line.append(f"  rule {h.rule}, term {' / '.join(h.terms)}", style="dim")
    if h.section != "body":
        line.append(f"  [{h.section}]", style="dim")
    line.append("\n    ")
    line.append(h.before)
    line.append(f"[{h.match}]", style="bold reverse")
    line.append(h.after)
    return line


def _hits(hits: list[HitView], multi: bool, limit: int | None) -> list[RenderableType]:
    shown: list[RenderableType] = [_hit(h, multi) for h in hits[:limit]]
    if limit is not None and len(hits) > limit:
        shown.append(Text(f"  ... and {len(hits) - limit} more (see explain)", style="dim"))
    return shown


BLIND = (
    "Blind: the machine's rating, its reason and other coders' answers stay hidden until you "
    "answer. The sentences below are what the rules matched, shown only to help you find "
    "places to read: read the plan and give your own rating."
)
"""Said wherever evidence is shown with the rating hidden (`review --blind`, `serve --blind`)."""


def blind_renderables(
    c: CriterionExplanation, multi: bool = False, limit: int | None = None
) -> list[RenderableType]:
    """One criterion with nothing that gives the machine's rating away: no rating, rule,
    reason or shortfall; the matched sentences and the terms searched for, always."""
    head = Text()
    head.append(f"{c.id}", style="bold")
    head.append(f": {c.title}")
    parts: list[RenderableType] = [head, Text(BLIND, style="dim")]
    if c.hits:
        parts.append(Text(f"Matched sentences ({len(c.hits)}):", style="bold"))
        parts += _hits(c.hits, multi, limit)
    else:
        parts.append(Text("Matched sentences: none.", style="bold"))
    if c.voided:
        parts.append(Text(f"Matched, then set aside by a rule ({len(c.voided)}):", style="bold"))
        parts += _hits(c.voided, multi, limit)
    parts += _searched(c.searched)
    parts.append(Text(""))
    return parts


def _searched(searched: list[Searched]) -> list[RenderableType]:
    if not searched:
        return []
    out = Text("Searched for:\n", style="bold")
    for s in searched:
        out.append(f"  rule {s.rule} ({s.kind}): ")
        out.append(", ".join(s.terms) or "(pattern)")
        out.append("\n")
        if s.context:
            out.append(f"    needs context {s.context}\n", style="dim")
        if s.exclude:
            out.append(f"    except {', '.join(s.exclude)}\n", style="dim")
    return [out]


def criterion_renderables(
    c: CriterionExplanation,
    colours: dict[str, str],
    worst: str,
    multi: bool = False,
    limit: int | None = None,
) -> list[RenderableType]:
    """One criterion in full; `limit` caps the hits and voided hits listed."""
    head = Text()
    head.append(f"{c.id}", style="bold")
    head.append(f": {c.title}  ")
    head.append_text(_rating(c.rating, colours))
    if c.review:
        head.append(f" -> {c.review['rating']}*", style="bold")
    parts: list[RenderableType] = [head]
    review = _review(c)
    if review is not None:
        parts.append(review)
    discounted = _discounted(c)
    if discounted is not None:
        parts.append(discounted)
    parts.append(Text(f"Decided by: {c.decided_by}."))
    rules = Text("Rating rules (the first that holds wins):\n", style="bold")
    for r in c.rules:
        rules.append(f"  {r.number}. {r.level}: ", style="bold" if r.decided else "")
        for i, (said, ok) in enumerate(r.conditions):
            rules.append(", " if i else "")
            rules.append(("✓ " if ok else "✗ ") + said, style="green" if ok else "red")
        if not r.conditions:
            rules.append("always holds")
        if r.decided:
            rules.append("   <- decided", style="bold")
        rules.append("\n")
    rules.append(f"  otherwise: {worst}\n", style="dim")
    parts.append(rules)
    if c.missing:
        missing = Text("What was missing:\n", style="bold")
        for line in c.missing:
            missing.append(f"  - {line}\n")
        parts.append(missing)
    if c.derived_from:
        derived = Text("Derived from:\n", style="bold")
        for source in c.derived_from:
            mark = "✓" if source.covered else "✗"
            derived.append(f"  {mark} {source.criterion}: {source.rating}\n")
        parts.append(derived)
    if c.hits:
        parts.append(Text(f"Counted hits ({len(c.hits)}):", style="bold"))
        parts += _hits(c.hits, multi, limit)
    elif not c.derived_from:
        parts.append(Text("Counted hits: none.", style="bold"))
    if c.voided:
        parts.append(Text(f"Voided hits ({len(c.voided)}), not counted:", style="bold"))
        parts += _hits(c.voided, multi, limit)
    if c.searched:
        searched = Text("Searched for and not found as counted evidence:\n", style="bold")
        for s in c.searched:
            searched.append(f"  rule {s.rule} ({s.kind}): ")
            searched.append(", ".join(s.terms) or "(pattern)")
            searched.append("\n")
            if s.context:
                searched.append(f"    needs context {s.context}\n", style="dim")
            if s.exclude:
                searched.append(f"    except {', '.join(s.exclude)}\n", style="dim")
        parts.append(searched)
    if c.possibly_missed:
        missed = Text(
            "Possibly missed (closest in meaning, matched by no rule; never counted):\n",
            style="bold",
        )
        for m in c.possibly_missed:
            where = (
                cite(m.document, m.page, m.page_label)
                if multi
                else page(m.page, m.page_label, m.document)
            )
            missed.append(f"  {m.similarity:.2f}  {where}  {m.sentence}\n")
            missed.append(f"        nearest {m.nearest_kind}: {m.nearest}\n", style="dim")
        parts.append(missed)
    parts.append(Text(""))
    return parts


def _documents(e: PlanExplanation) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for d in e.documents:
        line = Text(f"{d.path}: {d.pages} page(s)", style="dim")
        if d.text_missing:
            line.append(f"; {d.text_missing}", style="bold yellow")
        for w in d.warnings:
            line.append(f"\n  warning: {w}", style="yellow")
        for flag in d.poor_pages:
            line.append(
                f"\n  poor text on {page(flag.page, flag.label, d.path)}: "
                f"{'; '.join(flag.problems)}",
                style="yellow",
            )
        parts.append(line)
    return parts


def renderables(e: PlanExplanation, overview: bool) -> list[RenderableType]:
    colours = level_colours(e.levels)
    title = Text(f"{e.title} ({e.plan})  overall ", style="bold")
    title.append_text(_rating(str(e.overall["rating"]), colours))
    title.append(f"  {unlevelled(str(e.overall['rating']), str(e.overall['reason']))}", style="dim")
    if "without_shared" in e.overall:
        title.append(
            f"\nWithout shared text: overall {e.overall['without_shared']} "
            f"(score {e.overall['without_shared_score']:.2f})",
            style="bold",
        )
    parts: list[RenderableType] = [title, *_documents(e), Text("")]
    if not overview:
        multi = len(e.documents) > 1
        for c in e.criteria:
            parts += criterion_renderables(c, colours, e.levels[-1], multi)
        parts.append(Text(NOTE, style="dim"))
        return parts
    table = Table(header_style="bold", expand=False)
    table.add_column("Criterion")
    table.add_column("Rating", justify="center")
    table.add_column("Hits", justify="right")
    table.add_column("Voided", justify="right")
    table.add_column("Decided by", max_width=50)
    table.add_column("Nearest miss", max_width=50)
    for c in e.criteria:
        rating = _rating(c.rating, colours)
        if c.discounted is not None and c.discounted.rating != c.rating:
            rating.append(f" -> {c.discounted.rating}†", style="bold")
        if c.review:
            rating.append(f" -> {c.review['rating']}*", style="bold")
        table.add_row(
            c.id,
            rating,
            str(len(c.hits)) if not c.derived_from else f"{c.counts['covered']}/{c.counts['of']}",
            str(len(c.voided)),
            c.decided_by,
            c.missing[0] if c.missing else "",
        )
    parts.append(table)
    if any(c.discounted is not None and c.discounted.rating != c.rating for c in e.criteria):
        others = next(c.discounted.others for c in e.criteria if c.discounted is not None)
        parts.append(
            Text(
                f"-> X†: rated X without the evidence sentences {others} or more other plans "
                "of the run hold (--discount-shared).",
                style="dim",
            )
        )
    if any(c.review for c in e.criteria):
        parts.append(Text("-> X*: a reviewer's rating X replaces the machine's.", style="dim"))
    parts.append(Text("Explain one criterion in full with --criterion ID.", style="dim"))
    return parts


def to_text(e: PlanExplanation, overview: bool, width: int = 120) -> str:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    with console.capture() as capture:
        console.print(Group(*renderables(e, overview)))
    return capture.get()
