"""What changed between two versions of a plan: ratings, and the evidence behind them.

Both versions are results (scored here or read from a results file) under the same rubric.
Plans are paired by id, or taken as one pair when each side holds a single plan. For each
criterion the comparison gives the rating before and after and the evidence sentences
kept, changed (reworded slightly: see `align`), added and removed; for each plan the
overall rating before and after; and a one-line summary first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.errors import UserError
from ..results import CriterionResult, Evidence, PlanResult, Results
from .align import Pair, WordOp, align

__all__ = [
    "Comparison",
    "CriterionChange",
    "EvidenceChange",
    "PlanComparison",
    "WordOp",
    "compare_results",
]


@dataclass(frozen=True)
class EvidenceChange:
    """One evidence sentence of a criterion: kept, changed, added or removed."""

    kind: str
    old: Evidence | None
    new: Evidence | None
    similarity: float = 100.0
    diff: list[WordOp] = field(default_factory=list)


@dataclass
class CriterionChange:
    id: str
    title: str
    old: str | None  # None: the criterion is only in the new results
    new: str | None  # None: only in the old
    direction: str  # up, down, same, added, removed
    old_reason: str | None
    new_reason: str | None
    evidence: list[EvidenceChange] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for e in self.evidence if e.kind == kind)


@dataclass
class PlanComparison:
    id: str
    title: str
    old_id: str
    old_overall: str
    new_overall: str
    overall_direction: str
    old_score: float
    new_score: float
    criteria: list[CriterionChange] = field(default_factory=list)


@dataclass
class Comparison:
    old: str  # labels: the paths compared
    new: str
    rubric: str
    levels: list[str]
    plans: list[PlanComparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def moved(self, direction: str) -> list[tuple[PlanComparison, CriterionChange]]:
        return [(p, c) for p in self.plans for c in p.criteria if c.direction == direction]

    @property
    def fell(self) -> bool:
        """Any criterion or overall rating is worse in the new version."""
        return bool(self.moved("down")) or any(p.overall_direction == "down" for p in self.plans)

    def summary(self) -> str:
        """`2 criteria improved, 1 fell: ...; overall Poor -> OK`: the first line of every view."""
        several = len(self.plans) > 1

        def names(direction: str) -> str:
            found = self.moved(direction)
            shown = [f"{p.id}/{c.id}" if several else c.id for p, c in found[:5]]
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            return ", ".join(shown) + more

        up, down = len(self.moved("up")), len(self.moved("down"))
        parts = [f"{up} {_criteria(up)} improved", f"{down} fell"]
        text = ", ".join(parts)
        details = [f"up {names('up')}" if up else "", f"down {names('down')}" if down else ""]
        details = [d for d in details if d]
        if details:
            text += ": " + "; ".join(details)
        same = len(self.moved("same"))
        text += f"; {same} unchanged"
        for p in self.plans:
            label = f"{p.id} overall" if several else "overall"
            if p.overall_direction == "same":
                text += f"; {label} {p.new_overall} (unchanged)"
            else:
                text += f"; {label} {p.old_overall} -> {p.new_overall}"
        return text


def _criteria(n: int) -> str:
    return "criterion" if n == 1 else "criteria"


def _direction(old: str | None, new: str | None, levels: list[str]) -> str:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if old == new:
        return "same"
    if old in levels and new in levels:
        return "up" if levels.index(new) < levels.index(old) else "down"
    return "changed"


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    """One item per quote: derived criteria may repeat a sentence."""
    seen: set[str] = set()
    out = []
    for e in evidence:
        if e.quote not in seen:
            seen.add(e.quote)
            out.append(e)
    return out


def _evidence(old: CriterionResult | None, new: CriterionResult | None) -> list[EvidenceChange]:
    a = _unique(old.evidence) if old else []
    b = _unique(new.evidence) if new else []
    pairs: list[Pair] = align([e.quote for e in a], [e.quote for e in b])
    return [
        EvidenceChange(
            p.kind,
            a[p.old] if p.old is not None else None,
            b[p.new] if p.new is not None else None,
            p.similarity,
            p.diff,
        )
        for p in pairs
    ]


def compare_plan(old: PlanResult, new: PlanResult, levels: list[str]) -> PlanComparison:
    before = {c.id: c for c in old.criteria}
    after = {c.id: c for c in new.criteria}
    order = [c.id for c in new.criteria] + [cid for cid in before if cid not in after]
    out = PlanComparison(
        id=new.id,
        title=new.title,
        old_id=old.id,
        old_overall=old.overall.rating,
        new_overall=new.overall.rating,
        overall_direction=_direction(old.overall.rating, new.overall.rating, levels),
        old_score=old.overall.score,
        new_score=new.overall.score,
    )
    for cid in order:
        x, y = before.get(cid), after.get(cid)
        out.criteria.append(
            CriterionChange(
                id=cid,
                title=(y or x).title,  # type: ignore[union-attr]
                old=x.rating if x else None,
                new=y.rating if y else None,
                direction=_direction(x.rating if x else None, y.rating if y else None, levels),
                old_reason=x.why() if x else None,
                new_reason=y.why() if y else None,
                evidence=_evidence(x, y),
            )
        )
    return out


def _pairs(old: Results, new: Results, plan: str | None) -> list[tuple[PlanResult, PlanResult]]:
    if plan is not None:
        a = [p for p in old.plans if p.id == plan]
        b = [p for p in new.plans if p.id == plan]
        if not a or not b:
            side = "old" if not a else "new"
            have = ", ".join(p.id for p in (old if not a else new).plans) or "none"
            raise UserError(f"no plan '{plan}' in the {side} version (plans: {have})")
        return [(a[0], b[0])]
    if len(old.plans) == 1 and len(new.plans) == 1:
        return [(old.plans[0], new.plans[0])]
    before = {p.id: p for p in old.plans}
    pairs = [(before[b.id], b) for b in new.plans if b.id in before]
    if not pairs:
        raise UserError(
            "the two versions share no plan id; give one plan on each side, or --plan ID"
        )
    return pairs


def compare_results(
    old: Results,
    new: Results,
    *,
    plan: str | None = None,
    old_label: str = "old",
    new_label: str = "new",
) -> Comparison:
    """Compare every plan the two results share (or the one plan each holds)."""
    if old.rubric.id != new.rubric.id:
        raise UserError(
            f"the versions were scored with different rubrics ({old.rubric.id} and "
            f"{new.rubric.id}); score both with the same --rubric"
        )
    levels = list(new.rubric.levels)
    out = Comparison(old_label, new_label, f"{new.rubric.id} {new.rubric.version}", levels)
    if old.rubric.version != new.rubric.version:
        out.notes.append(
            f"rubric versions differ ({old.rubric.version} and {new.rubric.version}): "
            "some changes may come from the rubric, not the plan"
        )
    pairs = _pairs(old, new, plan)
    for a, b in pairs:
        out.plans.append(compare_plan(a, b, levels))
    if plan is None and (len(old.plans), len(new.plans)) != (1, 1):
        for side, results, used in (
            ("old", old, {a.id for a, _ in pairs}),
            ("new", new, {b.id for _, b in pairs}),
        ):
            alone = [p.id for p in results.plans if p.id not in used]
            if alone:
                out.notes.append(f"only in the {side} version, not compared: {', '.join(alone)}")
    return out
