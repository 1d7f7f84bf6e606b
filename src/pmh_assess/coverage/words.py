"""Numbers and sentences every coverage format shares, so they all say the same thing."""

from __future__ import annotations

from ..base.vocabulary import or_better
from .model import Count, Coverage, LeftOut, ReferenceRow


def pct(share: float | None) -> str:
    """0.1428 -> '14%'; None -> ''."""
    if share is None:
        return ""
    return f"{share * 100:.0f}%"


def people(n: int | None) -> str:
    """1650000 -> '1.65 million'; None -> ''."""
    if n is None:
        return ""
    return f"{n / 1_000_000:.2f} million"


def count(c: Count) -> str:
    """'4 (67%)'."""
    return f"{c.plans} ({pct(c.share)})"


def covered_label(coverage: Coverage) -> str:
    """The heading for the covered column: 'OK or better'."""
    return or_better(coverage.at_least, coverage.level_names())


def headline(coverage: Coverage) -> str:
    r = coverage.rubric
    plans = f"{coverage.plans} plan{'s' if coverage.plans != 1 else ''}"
    said = (
        f"{plans} scored with {r.title} ({r.id} {r.version}); "
        f"a criterion counts as covered at {covered_label(coverage)}."
    )
    if coverage.left_out:
        said += " " + left_out_sentence(coverage.left_out)
    return said


def left_out_sentence(left_out: list[LeftOut]) -> str:
    """'1 more plan is left out as not assessable, its text mostly missing: x (11 of 12
    pages have no text).'"""
    many = len(left_out) != 1
    return (
        f"{len(left_out)} more plan{'s are' if many else ' is'} left out of every figure as not "
        f"assessable, {'their' if many else 'its'} text mostly missing: "
        + "; ".join(f"{p.id} ({p.why})" for p in left_out)
        + "."
    )


def population_sentences(coverage: Coverage) -> list[str]:
    """'1.25 million people live in areas whose plan is rated Poor (2 of 6 plans, 17% ...)'."""
    pop = coverage.population
    if pop.total is None:
        return ["No plan has a population in its metadata, so there are no population figures."]
    lines = []
    for level, c in coverage.overall.items():
        lines.append(
            f"{people(c.population)} people ({pct(c.population_share)} of {people(pop.total)}) "
            f"live in areas whose plan is rated {level} ({c.plans} of {coverage.plans} plans)."
        )
    if pop.unknown:
        lines.append(
            f"{len(pop.unknown)} plan{'s' if len(pop.unknown) != 1 else ''} without a population "
            f"{'are' if len(pop.unknown) != 1 else 'is'} left out of these figures: "
            + ", ".join(pop.unknown)
            + "."
        )
    return lines


def shared_sentences(coverage: Coverage) -> list[str]:
    """'3 of 120 covered ratings rest only on text other plans also hold: ...'."""
    shared = coverage.shared_only
    if shared is None:
        return []
    line = (
        f"{shared.ratings} of {shared.of} covered ratings rest only on evidence that other "
        "plans also hold (copied or template text; criteria rated from other criteria are "
        "left out)"
    )
    if shared.cells:
        more = f" and {len(shared.cells) - 10} more" if len(shared.cells) > 10 else ""
        line += ": " + ", ".join(shared.cells[:10]) + more
    return [line + "."]


def difference(row: ReferenceRow) -> str:
    """'+5 points' / '-12 points' / '0 points', in percentage points."""
    if row.difference is None:
        return ""
    points = round(row.difference * 100)
    return f"{points:+d} points" if points else "0 points"


def published(row: ReferenceRow) -> str:
    return (
        f"{row.reference_plans} ({pct(row.reference_share)})"
        if row.reference_plans is not None
        else pct(row.reference_share)
    )


def ours(row: ReferenceRow) -> str:
    return count(row.ours) if row.ours else "n/a"


def filters_line(coverage: Coverage) -> str | None:
    f = coverage.filters
    parts = [
        f"{name}: {', '.join(values)}"
        for name, values in (
            ("plans", f.plans),
            ("criteria", f.criteria),
            ("tags", f.tags),
            ("groups", f.groups),
        )
        if values
    ]
    return "Selected " + "; ".join(parts) + "." if parts else None


def text_missing_sentences(coverage: Coverage) -> list[str]:
    """'Text missing: carrowby (1 of 3 pages has no text).' for plans rated all the same."""
    partial = [f"{row.id} ({row.text_missing})" for row in coverage.rows if row.text_missing]
    if not partial:
        return []
    return [
        "Rated from the text there is, though some pages have none: " + "; ".join(partial) + "."
    ]
