"""An evidence appendix for a paper: per plan and criterion, the final rating, the
machine's, each coder's, who agreed it and why, and the quotes with their citations.

The final rating is the reviewed one (a consensus or overrides file applied to the
results), else the machine's, and says which. Memos (notes that are not ratings) follow
their plan or criterion. Markdown to read or convert, XLSX to filter and sort: both are
deterministic, and no quote, note or title can become a formula or markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.safe import markdown_text
from ..results import Evidence, Results
from ..review.coding import Coder
from ..review.overrides import Memo, Overrides
from .cite import NOTE, cite


@dataclass(frozen=True)
class CoderAnswer:
    coder: str
    rating: str | None
    note: str = ""
    blind: bool | None = None


@dataclass
class Entry:
    """One plan's criterion in the appendix."""

    plan: str
    plan_title: str
    domain: str
    criterion: str
    title: str
    final: str
    machine: str
    reviewed: bool  # the final rating is a reviewer's (agreed or overridden)
    agreed_by: str
    reason: str
    coders: list[CoderAnswer]
    evidence: list[Evidence]
    memos: list[tuple[str, str]] = field(default_factory=list)  # (who, memo)


@dataclass
class PlanPart:
    id: str
    title: str
    overall: str
    machine_overall: str
    memos: list[tuple[str, str]]
    entries: list[Entry]


@dataclass
class Appendix:
    rubric: str
    levels: list[str]
    coders: list[str]
    plans: list[PlanPart]


def _memos(
    sources: list[tuple[str, Overrides]], plan: str, criterion: str | None
) -> list[tuple[str, str]]:
    out = []
    for name, overrides in sources:
        memo: Memo | None = overrides.memo(plan, criterion)
        if memo is not None:
            out.append((memo.reviewer or name, memo.note))
    return out


def appendix(
    results: Results, coders: list[Coder] | None = None, consensus: Overrides | None = None
) -> Appendix:
    """The appendix of `results` (with the final ratings applied), the coders' answers and
    the memos of every file given."""
    coders = coders or []
    sources = [(c.name, c.answers) for c in coders]
    if consensus is not None:
        sources.append(("consensus", consensus))
    plans = []
    for plan in results.plans:
        entries = []
        for c in plan.criteria:
            answers = [
                CoderAnswer(
                    coder.name,
                    found.rating if found else None,
                    found.note if found else "",
                    found.blind if found else None,
                )
                for coder in coders
                for found in [coder.answers.get(plan.id, c.id)]
            ]
            entries.append(
                Entry(
                    plan=plan.id,
                    plan_title=plan.title,
                    domain=c.domain,
                    criterion=c.id,
                    title=c.title,
                    final=c.rating,
                    machine=c.machine_rating,
                    reviewed=c.overridden_by is not None,
                    agreed_by=c.overridden_by or "",
                    reason=c.note or "",
                    coders=answers,
                    evidence=list(c.evidence),
                    memos=_memos(sources, plan.id, c.id),
                )
            )
        plans.append(
            PlanPart(
                plan.id,
                plan.title,
                plan.overall.rating,
                plan.overall.machine_rating,
                _memos(sources, plan.id, None),
                entries,
            )
        )
    return Appendix(results.rubric.id, list(results.rubric.levels), [c.name for c in coders], plans)


# --- Markdown -------------------------------------------------------------------------


def _md(text: str) -> str:
    """Inline Markdown: no raw HTML, no table cell break, no line break."""
    return markdown_text(" ".join(text.split())).replace("|", "\\|")


def to_markdown(a: Appendix) -> str:
    lines = [
        f"# Evidence appendix ({a.rubric})",
        "",
        "For each plan and criterion: the final rating (agreed by the coders where they "
        "rated it, else the machine's), the machine's rating"
        + (f", each coder's ({', '.join(map(_md, a.coders))})" if a.coders else "")
        + ", and the machine's counted evidence with where it is; a final rating marked "
        "(machine) was not reviewed. " + NOTE,
        "",
    ]
    for part in a.plans:
        lines += [f"## {_md(part.title)} ({_md(part.id)})", ""]
        overall = f"Overall: **{part.overall}**"
        if part.overall != part.machine_overall:
            overall += f" (machine: {part.machine_overall})"
        lines += [overall, ""]
        for who, memo in part.memos:
            lines.append(f"> Memo ({_md(who)}): {_md(memo)}")
        if part.memos:
            lines.append("")
        head = ["Criterion", "Final", "Machine", *map(_md, a.coders)]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for e in part.entries:
            final = f"**{e.final}**" + ("" if e.reviewed else " (machine)")
            coders = [x.rating or "-" for x in e.coders]
            lines.append(
                f"| {_md(e.title)} (`{_md(e.criterion)}`) | {final} | {e.machine} | "
                + " | ".join(coders)
                + (" |" if coders else "|")
            )
        lines.append("")
        for e in part.entries:
            if not (e.evidence or e.reason or e.memos or any(x.note for x in e.coders)):
                continue
            lines += [f"### {_md(e.title)} (`{_md(e.criterion)}`): {e.final}", ""]
            if e.reviewed:
                said = (
                    f"Agreed by {_md(e.agreed_by)}" if a.coders else f"Rated by {_md(e.agreed_by)}"
                )
                lines.append(said + (f": {_md(e.reason)}" if e.reason else "") + "  ")
            for x in e.coders:
                if x.note:
                    lines.append(f"{_md(x.coder)} ({x.rating or '-'}): {_md(x.note)}  ")
            for who, memo in e.memos:
                lines.append(f"Memo ({_md(who)}): {_md(memo)}  ")
            if e.reviewed or e.memos or any(x.note for x in e.coders):
                lines.append("")
            for ev in e.evidence:
                lines.append(
                    f'- "{_md(ev.quote)}" ({_md(cite(ev.document, ev.page, ev.page_label))})'
                )
            if e.evidence:
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- XLSX ----------------------------------------------------------------------------


def to_xlsx(a: Appendix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from ..coverage.xlsx import workbook_bytes

    bold = Font(bold=True)
    wb = Workbook()
    ratings = wb.active
    assert ratings is not None
    ratings.title = "Ratings"
    coder_columns = [f"{name} {what}" for name in a.coders for what in ("rating", "note", "blind")]
    head = [
        "plan",
        "plan title",
        "domain",
        "criterion",
        "criterion title",
        "final rating",
        "final from",
        "machine rating",
        *coder_columns,
        "agreed by",
        "reason",
        "quotes",
        "memos",
    ]
    ratings.append(head)
    for part in a.plans:
        for e in part.entries:
            coders: list[object] = []
            for x in e.coders:
                blind = "" if x.blind is None else ("yes" if x.blind else "no")
                coders += [x.rating or "", x.note, blind]
            ratings.append(
                [
                    e.plan,
                    e.plan_title,
                    e.domain,
                    e.criterion,
                    e.title,
                    e.final,
                    "reviewers" if e.reviewed else "machine",
                    e.machine,
                    *coders,
                    e.agreed_by,
                    e.reason,
                    len(e.evidence),
                    "\n".join(f"{who}: {memo}" for who, memo in e.memos),
                ]
            )
    evidence = wb.create_sheet("Evidence")
    evidence.append(
        ["plan", "criterion", "final rating", "quote", "citation", "strength", "matched"]
    )
    for part in a.plans:
        for e in part.entries:
            for ev in e.evidence:
                evidence.append(
                    [
                        e.plan,
                        e.criterion,
                        e.final,
                        ev.quote,
                        cite(ev.document, ev.page, ev.page_label),
                        ev.strength,
                        ", ".join(ev.matched),
                    ]
                )
    memos = wb.create_sheet("Memos")
    memos.append(["plan", "criterion", "by", "memo"])
    for part in a.plans:
        for who, memo in part.memos:
            memos.append([part.id, "", who, memo])
        for e in part.entries:
            for who, memo in e.memos:
                memos.append([e.plan, e.criterion, who, memo])
    about = wb.create_sheet("About")
    for line in [
        f"Evidence appendix of rubric {a.rubric}",
        "Ratings: one row per plan and criterion: the final rating (from the reviewers "
        "where they rated it, else the machine's), the machine's, and each coder's with "
        "their note and whether it was given blind.",
        "Evidence: the machine's counted quotes with their citations. " + NOTE,
        "Memos: notes that are not ratings, on a plan or one of its criteria.",
        f"Levels, best first: {', '.join(a.levels)}",
        f"Coders: {', '.join(a.coders) or 'none'}",
    ]:
        about.append([line])
    for sheet in (ratings, evidence, memos):
        for item in sheet[1]:
            item.font = bold
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    for row in evidence.iter_rows(min_row=2, min_col=4, max_col=4):
        for item in row:
            item.alignment = Alignment(wrap_text=True, vertical="top")
    evidence.column_dimensions["D"].width = 90
    evidence.column_dimensions["E"].width = 30
    about.column_dimensions["A"].width = 120
    return workbook_bytes(wb)


__all__ = ["Appendix", "Entry", "appendix", "to_markdown", "to_xlsx"]
