"""How well machine ratings agree with human raters', per criterion and over all criteria.

Machine ratings are each criterion's `machine_rating` in a results file (so results made
with overrides still compare the machine's own judgement). Human ratings come from a CSV
of plan, criterion, rating (or an overrides file); a row with criterion `overall` rates
the plan as a whole and is compared with the machine's overall rating.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, RubricError
from ..overrides import Override, load_overrides
from ..results import Results
from .kappa import Kappa, cohen_kappa

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
    agree = sum(1 for p in pairs if p.machine == p.human) / len(pairs) if pairs else None
    return Row(
        criterion=criterion,
        title=title,
        pairs=pairs,
        matrix=matrix.tolist(),
        agreement=agree,
        kappa=cohen_kappa(matrix, "none"),
        linear=cohen_kappa(matrix, "linear"),
        quadratic=cohen_kappa(matrix, "quadratic"),
    )


def load_human(path: Path, results: Results) -> tuple[list[Override], list[str]]:
    """Human ratings checked against the results: bad levels or criteria are errors."""
    ratings = load_overrides(path, require_reviewer=False)
    levels = {level.lower(): level for level in results.rubric.levels}
    criteria = {c.id for p in results.plans for c in p.criteria} | {OVERALL}
    plans = {p.id for p in results.plans}
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
                    f"rating {entry.rating!r} is not a level of rubric {results.rubric.id} "
                    f"({', '.join(results.rubric.levels)})",
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
        elif entry.plan not in plans:
            warnings.append(f"{where}:{line}: no plan {entry.plan!r} in the results; row skipped")
        else:
            kept.append(entry.model_copy(update={"rating": level}))
    if problems:
        raise RubricError(problems)
    return kept, warnings


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
    for plan in results.plans:
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
        warnings=list(warnings or []),
    )


__all__ = ["Agreement", "Kappa", "Pair", "Row", "agreement", "cohen_kappa", "load_human"]
