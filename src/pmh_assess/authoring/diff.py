"""Which ratings a rubric change moves: score the same plans with both versions and compare.

Each document is extracted and segmented once and scored by both rubrics. A change is a
criterion (or a plan's overall rating) whose rating differs; it carries both reasons and
the evidence sentences the new version gained or lost. The old version can come from git
(`git show REF:path`), so a pull request can be compared with its base.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..base.errors import UserError
from ..engine.automaton import TermMatcher
from ..engine.index import DocIndex
from ..engine.scoring import ALL_EVIDENCE, PreparedDocument, Scorer
from ..report.cite import cite
from ..results import ErrorItem, Evidence, PlanResult
from ..rubric.loader import parse_rubric
from ..rubric.model import Rubric
from ..run.corpus import PreparedPlan

SHOWN = 3  # evidence sentences shown per change in text and Markdown


@dataclass(frozen=True)
class Quote:
    document: str
    page: int
    quote: str
    strength: str
    page_label: str | None = None

    @classmethod
    def of(cls, e: Evidence) -> Quote:
        return cls(e.document, e.page, e.quote, e.strength, e.page_label)

    def short(self) -> str:
        text = self.quote if len(self.quote) <= 140 else self.quote[:139] + "…"
        return f"{cite(self.document, self.page, self.page_label)} “{text}” ({self.strength})"


@dataclass(frozen=True)
class RatingChange:
    plan: str
    criterion: str  # a criterion id, or "overall"
    old: str | None  # None: the criterion is new
    new: str | None  # None: the criterion was removed
    direction: str  # up, down, changed, added, removed
    old_reason: str | None = None
    new_reason: str | None = None
    gained: list[Quote] = field(default_factory=list)
    lost: list[Quote] = field(default_factory=list)


@dataclass
class RubricDiff:
    old: str  # labels: "mini 1 (old.yaml)"
    new: str
    plans: int = 0
    compared: int = 0
    changes: list[RatingChange] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)

    def count(self, direction: str) -> int:
        return sum(1 for c in self.changes if c.direction == direction)

    def summary(self) -> str:
        criteria = [c for c in self.changes if c.criterion != "overall"]
        overall = len(self.changes) - len(criteria)
        moved_plans = len({c.plan for c in self.changes})
        dirs = ", ".join(
            f"{self.count(d)} {d}"
            for d in ("up", "down", "changed", "added", "removed")
            if self.count(d)
        )
        return (
            f"{len(criteria)} criterion rating(s) and {overall} overall rating(s) changed "
            f"in {moved_plans} of {self.plans} plan(s)"
            + (f" ({dirs})" if dirs else "")
            + f"; {self.compared} ratings compared"
        )


def rubric_from_git(ref: str, path: Path) -> Rubric:
    """The rubric file as it was at `ref` (`git show REF:./path`, run in the file's folder)."""
    folder = path.resolve().parent
    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), "show", f"{ref}:./{path.name}"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise UserError(f"cannot run git: {exc}") from exc
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["git show failed"])[-1]
        raise UserError(f"cannot read {path} at {ref}: {reason.removeprefix('fatal: ')}")
    return parse_rubric(proc.stdout, f"{ref}:{path}")


def diff_rubrics(
    old: Rubric,
    new: Rubric,
    plans: list[PreparedPlan],
    *,
    old_label: str = "old",
    new_label: str = "new",
    errors: list[ErrorItem] | None = None,
) -> RubricDiff:
    """Score each prepared plan with both rubrics and list every rating that moved."""
    result = RubricDiff(
        f"{old.id} {old.version} ({old_label})", f"{new.id} {new.version} ({new_label})"
    )
    result.errors = list(errors or [])
    before, after = _SharingScorer(old), _SharingScorer(new)
    if after.cues == before.cues:
        after.indexes = before.indexes
    for plan in plans:
        a = before.score_plan(plan.spec, plan.documents)
        b = after.score_plan(plan.spec, plan.documents)
        result.plans += 1
        result.compared += len({c.id for c in a.criteria} | {c.id for c in b.criteria}) + 1
        result.changes.extend(_changes(a, b, new))
    return result


class _SharingScorer(Scorer):
    """A scorer that can reuse another's document indexes. Term matches are cached per
    term list in an index, so when both rubric versions have the same language cues, the
    term lists a change left alone are matched once, not twice."""

    def __init__(self, rubric: Rubric) -> None:
        super().__init__(rubric, max_evidence=ALL_EVIDENCE)
        self.indexes: dict[int, DocIndex] = {}

    def index(self, prepared: PreparedDocument, matcher: TermMatcher | None = None) -> DocIndex:
        key = id(prepared)
        if key not in self.indexes:
            self.indexes[key] = super().index(prepared, matcher)
        return self.indexes[key]


def _direction(old: str | None, new: str | None, rubric: Rubric) -> str:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if old in rubric.levels and new in rubric.levels:
        return "up" if rubric.rank(new) < rubric.rank(old) else "down"
    return "changed"


def _changes(a: PlanResult, b: PlanResult, rubric: Rubric) -> list[RatingChange]:
    old = {c.id: c for c in a.criteria}
    new = {c.id: c for c in b.criteria}
    order = [c.id for c in b.criteria] + [cid for cid in old if cid not in new]
    out = []
    for cid in order:
        x, y = old.get(cid), new.get(cid)
        if x is not None and y is not None and x.rating == y.rating:
            continue
        was = {Quote.of(e) for e in x.evidence} if x else set()
        now = {Quote.of(e) for e in y.evidence} if y else set()
        out.append(
            RatingChange(
                plan=b.id,
                criterion=cid,
                old=x.rating if x else None,
                new=y.rating if y else None,
                direction=_direction(x.rating if x else None, y.rating if y else None, rubric),
                old_reason=x.why() if x else None,
                new_reason=y.why() if y else None,
                gained=[Quote.of(e) for e in y.evidence if Quote.of(e) not in was] if y else [],
                lost=[Quote.of(e) for e in x.evidence if Quote.of(e) not in now] if x else [],
            )
        )
    if a.overall.rating != b.overall.rating:
        out.append(
            RatingChange(
                plan=b.id,
                criterion="overall",
                old=a.overall.rating,
                new=b.overall.rating,
                direction=_direction(a.overall.rating, b.overall.rating, rubric),
                old_reason=a.overall.reason,
                new_reason=b.overall.reason,
            )
        )
    return out


# --- output -------------------------------------------------------------------------------


def render_json(diff: RubricDiff) -> str:
    data = {
        "old": diff.old,
        "new": diff.new,
        "plans": diff.plans,
        "compared": diff.compared,
        "changed": len(diff.changes),
        "summary": diff.summary(),
        "changes": [asdict(c) for c in diff.changes],
        "errors": [e.model_dump() for e in diff.errors],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _rating(value: str | None) -> str:
    return value or "(none)"


def _evidence_lines(change: RatingChange, prefix: str = "    ") -> list[str]:
    lines = []
    for sign, quotes in (("+", change.gained), ("-", change.lost)):
        for q in quotes[:SHOWN]:
            lines.append(f"{prefix}{sign} {q.short()}")
        if len(quotes) > SHOWN:
            lines.append(f"{prefix}{sign} … and {len(quotes) - SHOWN} more")
    return lines


def render_text(diff: RubricDiff) -> str:
    lines = [f"rubric diff: {diff.old} -> {diff.new}", ""]
    for c in diff.changes:
        lines.append(
            f"{c.plan}  {c.criterion}  {_rating(c.old)} -> {_rating(c.new)}  ({c.direction})"
        )
        if c.old_reason:
            lines.append(f"    was {c.old_reason}")
        if c.new_reason:
            lines.append(f"    now {c.new_reason}")
        lines += _evidence_lines(c)
    if diff.changes:
        lines.append("")
    lines += [f"error: {e.path}: {e.message}" for e in diff.errors]
    lines.append(diff.summary())
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: RubricDiff) -> str:
    lines = [
        "### Rubric diff",
        "",
        f"`{_cell(diff.old)}` → `{_cell(diff.new)}`: **{_cell(diff.summary())}**",
        "",
    ]
    if diff.changes:
        lines += [
            "| Plan | Criterion | Old | New | Why now | Evidence gained / lost |",
            "|---|---|---|---|---|---|",
        ]
        for c in diff.changes:
            evidence = "<br>".join(_cell(line.strip()) for line in _evidence_lines(c, ""))
            lines.append(
                f"| {c.plan} | {c.criterion} | {_rating(c.old)} | **{_rating(c.new)}** | "
                f"{_cell(c.new_reason or '')} | {evidence} |"
            )
        lines.append("")
    else:
        lines += ["No rating changed.", ""]
    if diff.errors:
        lines += ["Documents that could not be read:", ""]
        lines += [f"- `{e.path}`: {_cell(e.message)}" for e in diff.errors]
        lines.append("")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
