"""How well machine ratings agree with human raters', and human coders with each other.

Machine ratings are each criterion's `machine_rating` in a results file (so results made
with overrides still compare the machine's own judgement). Human ratings come from a CSV
of plan, criterion, rating (or an overrides file); a row with criterion `overall` rates
the plan as a whole and is compared with the machine's overall rating. Two or more coders'
files are compared with each other in `coders.py`. Every figure has a bootstrap interval
and its n (`reliability.py`). A rating given with the machine's rating in view is not an
independent rating: `blind_warnings` says how many there are.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import Problem, RubricError
from ..results import Results
from ..review.overrides import Override, load_overrides
from .kappa import Kappa, cohen_kappa
from .reliability import INTERVAL, MISSING, Figures, Stat, figures

OVERALL = "overall"
ALL = "all criteria"
EXAMPLES = 3
WORST = 5


@dataclass(frozen=True)
class Pair:
    """One item rated by both: the machine's level and the human's."""

    plan: str
    criterion: str
    machine: str
    human: str
    note: str = ""
    reason: str = ""  # the machine's reason
    quote: str = ""  # the machine's best evidence
    page: int | None = None


@dataclass
class Row:
    """Agreement statistics for one criterion (or the pooled or overall rows)."""

    criterion: str
    title: str
    pairs: list[Pair]
    matrix: list[list[int]]  # rows: machine level, columns: human level (best first)
    agreement: float | None  # share of exact agreement, 0..1
    kappa: Kappa
    linear: Kappa
    quadratic: Kappa
    agreement_interval: Stat  # the agreement with its bootstrap interval
    alpha: Stat  # Krippendorff's alpha, ordinal

    @property
    def disagreements(self) -> list[Pair]:
        return [p for p in self.pairs if p.machine != p.human]


@dataclass
class Agreement:
    rubric: str
    levels: list[str]
    criteria: list[Row]
    pooled: Row
    overall: Row | None
    unpaired: int  # machine ratings with no human rating
    warnings: list[str] = field(default_factory=list)

    def worst(self, limit: int = WORST) -> list[Row]:
        """Criteria with the most disagreement (share, then count), disagreements only."""
        rows = [r for r in self.criteria if r.disagreements]
        rows.sort(key=lambda r: (-len(r.disagreements) / len(r.pairs), -len(r.disagreements)))
        return rows[:limit]


def row(criterion: str, title: str, pairs: list[Pair], levels: list[str]) -> Row:
    import numpy as np  # imported on first use (see kappa.py)

    index = {level: i for i, level in enumerate(levels)}
    matrix = np.zeros((len(levels), len(levels)), dtype=int)
    for p in pairs:
        matrix[index[p.machine], index[p.human]] += 1
    codes = np.array([[index[p.machine], index[p.human]] for p in pairs], dtype=int)
    found = figures(codes.reshape(len(pairs), 2), len(levels))
    assert found.kappa is not None and found.linear is not None and found.quadratic is not None
    return Row(
        criterion=criterion,
        title=title,
        pairs=pairs,
        matrix=matrix.tolist(),
        agreement=found.agreement.value,
        kappa=found.kappa,
        linear=found.linear,
        quadratic=found.quadratic,
        agreement_interval=found.agreement,
        alpha=found.alpha,
    )


def load_human(path: Path, results: Results) -> tuple[list[Override], list[str]]:
    """Human ratings checked against the results: bad levels or criteria are errors."""
    criteria = {c.id for p in results.plans for c in p.criteria}
    plans = {p.id for p in results.plans}
    return load_ratings(path, list(results.rubric.levels), criteria, results.rubric.id, plans)


def load_ratings(
    path: Path,
    levels_in_order: list[str],
    criterion_ids: set[str],
    rubric: str,
    plans: set[str] | None = None,
) -> tuple[list[Override], list[str]]:
    """One rater's ratings checked against the rubric's levels and criteria (and the plans
    of a results file, when given): bad levels or criteria are errors, unknown plans
    warnings, and so are ratings given with the machine's rating in view."""
    ratings = load_overrides(path, require_reviewer=False)
    levels = {level.lower(): level for level in levels_in_order}
    criteria = criterion_ids | {OVERALL}
    problems: list[Problem] = []
    warnings: list[str] = []
    kept: list[Override] = []
    for entry in ratings.entries:
        where, line = ratings.where(entry)
        level = levels.get(entry.rating.lower())
        if level is None:
            problems.append(
                Problem(
                    where,
                    line,
                    1,
                    f"rating {entry.rating!r} is not a level of rubric {rubric} "
                    f"({', '.join(levels_in_order)})",
                )
            )
        elif entry.criterion not in criteria:
            hint = difflib.get_close_matches(entry.criterion, sorted(criteria), n=1)
            problems.append(
                Problem(
                    where,
                    line,
                    1,
                    f"unknown criterion {entry.criterion!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else ""),
                )
            )
        elif plans is not None and entry.plan not in plans:
            warnings.append(f"{where}:{line}: no plan {entry.plan!r} in the results; row skipped")
        else:
            kept.append(entry.model_copy(update={"rating": level}))
    if problems:
        raise RubricError(problems)
    return kept, warnings + blind_warnings(str(path), kept)


def blind_warnings(name: str, entries: list[Override]) -> list[str]:
    """How many ratings were given with the machine's rating in view, or do not say."""
    seen = sum(1 for e in entries if e.blind is False)
    unknown = sum(1 for e in entries if e.blind is None)
    out = []
    if seen:
        out.append(
            f"{name}: {seen} of {len(entries)} rating(s) were given with the machine's rating "
            "in view (not blind): they are not independent of it, so agreement with the "
            "machine (and between coders who all saw it) is overstated; code with --blind"
        )
    if unknown:
        out.append(
            f"{name}: {unknown} of {len(entries)} rating(s) do not say whether they were given "
            "blind (no `blind` field); if the machine's rating was in view, agreement with it "
            "is overstated"
        )
    return out


def agreement(
    results: Results, human: list[Override], warnings: list[str] | None = None
) -> Agreement:
    """Pair every human rating with the machine's and compute the statistics."""
    levels = list(results.rubric.levels)
    wanted = {e.key: e for e in human}
    by_criterion: dict[str, list[Pair]] = {}
    titles: dict[str, str] = {}
    overall: list[Pair] = []
    unpaired = 0
    left_out = [p.id for p in results.plans if not p.assessable]
    warnings = list(warnings or [])
    if left_out:
        warnings.append(
            f"{len(left_out)} plan(s) left out, not assessable (their text is mostly "
            f"missing, so the machine gave no rating): {', '.join(left_out)}"
        )
    for plan in results.plans:
        if not plan.assessable:
            continue
        for c in plan.criteria:
            titles.setdefault(c.id, c.title)
            entry = wanted.get((plan.id, c.id))
            if entry is None:
                unpaired += 1
                continue
            best = c.evidence[0] if c.evidence else None
            by_criterion.setdefault(c.id, []).append(
                Pair(
                    plan.id,
                    c.id,
                    c.machine_rating,
                    entry.rating,
                    entry.note,
                    c.reason,
                    best.quote if best else "",
                    best.page if best else None,
                )
            )
        entry = wanted.get((plan.id, OVERALL))
        if entry is not None:
            machine = plan.overall.machine_rating or plan.overall.rating
            overall.append(
                Pair(plan.id, OVERALL, machine, entry.rating, entry.note, plan.overall.reason)
            )
    order = [cid for cid in titles if cid in by_criterion]
    rows = [row(cid, titles[cid], by_criterion[cid], levels) for cid in order]
    pooled = row(ALL, "All criteria pooled", [p for r in rows for p in r.pairs], levels)
    return Agreement(
        rubric=results.rubric.id,
        levels=levels,
        criteria=rows,
        pooled=pooled,
        overall=row(OVERALL, "Overall plan rating", overall, levels) if overall else None,
        unpaired=unpaired,
        warnings=warnings,
    )


__all__ = [
    "INTERVAL",
    "MISSING",
    "Agreement",
    "Figures",
    "Kappa",
    "Pair",
    "Row",
    "Stat",
    "agreement",
    "blind_warnings",
    "cohen_kappa",
    "figures",
    "load_human",
    "load_ratings",
]
