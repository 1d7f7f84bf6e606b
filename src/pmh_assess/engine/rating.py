"""Rating rules applied to a criterion's counts, and the overall plan rating.

A criterion's rating rules are tried in order; the first whose conditions all hold gives
the level; if none holds, the criterion gets the rubric's last (worst) level. Each result
says in words which rule decided it, with the counts, and what the next level up needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..base.vocabulary import COUNTS, TARGET, Count, assessable, is_commitment, or_better
from ..rubric.model import Conditions, Criterion, RatingRule, Rubric
from ..rules import KIND_COUNTS

CONDITION_COUNTS: dict[str, Count] = {**COUNTS, **{k: c for k, (c, _) in KIND_COUNTS.items()}}
"""Every count a rating condition can name (besides `rules`): those every criterion has,
then the rule kinds'."""


def count(key: str) -> Count:
    """A count a rating condition can name, with its words."""
    return CONDITION_COUNTS[key]


@dataclass
class Counts:
    """What a criterion's evidence amounts to in one plan."""

    hits: int = 0
    pages: int = 0
    terms: int = 0
    sentences: int = 0
    commitments: int = 0
    commitment_pages: int = 0
    targets: int = 0
    documents: int = 0
    covered: int | None = None
    rules: set[str] = field(default_factory=set)
    marginal: str | None = None
    """Why the rubric's subject is marginal in the plan's documents (see `Marginal`):
    then every level above the lowest also needs the rubric's `marginal.needs`."""
    yielded: dict[str, float] = field(default_factory=dict)
    """The counts the criterion's rule kinds give (`share`), by key."""

    def get(self, key: str) -> float | None:
        """A count by the key a condition names it with; None if it has none."""
        return self.yielded.get(key) if key in KIND_COUNTS else getattr(self, key)


class Mark(NamedTuple):
    """One counted hit as the counts see it: where it is, how strong, what it matched (a
    named tuple, like `Hit`: a run makes one for each counted hit)."""

    document: str
    sentence: int  # the sentence's number in its document
    page: int
    strength: str
    term: str  # the label it counts under
    rule: str


def tally(marks: list[Mark], *, hits: int | None = None, terms: int | None = None) -> Counts:
    """What counted hits amount to, in the terms rating rules use: commitments and
    targets are sentences with such a hit. `hits` and `terms` replace the counts of the
    marks when the caller knows better."""
    strong = [m for m in marks if is_commitment(m.strength)]
    return Counts(
        hits=len(marks) if hits is None else hits,
        pages=len({(m.document, m.page) for m in marks}),
        terms=len({m.term for m in marks}) if terms is None else terms,
        sentences=len({(m.document, m.sentence) for m in marks}),
        commitments=len({(m.document, m.sentence) for m in strong}),
        commitment_pages=len({(m.document, m.page) for m in strong}),
        targets=len({(m.document, m.sentence) for m in marks if m.strength == TARGET}),
        documents=len({m.document for m in marks}),
        rules={m.rule for m in marks},
    )


@dataclass(frozen=True)
class Check:
    key: str
    actual: float
    needed: float | list[str]
    ok: bool

    def describe(self) -> str:
        if self.key == "rules":
            return f"rules {', '.join(self.needed)} each with a hit"  # type: ignore[arg-type]
        return count(self.key).needs(self.actual, self.needed)  # type: ignore[arg-type]


def checks(when: Conditions, counts: Counts) -> list[Check]:
    out: list[Check] = []
    for key, needed in when.model_dump(exclude_none=True).items():
        if key == "rules":
            ok = all(name in counts.rules for name in needed)
            out.append(Check(key, len(counts.rules & set(needed)), needed, ok))
            continue
        actual = counts.get(key)
        actual = 0 if actual is None else actual
        out.append(Check(key, actual, needed, actual >= needed))
    return out


@dataclass(frozen=True)
class Rating:
    level: str
    reason: str
    rule: int | None  # index of the deciding rating rule; None when no rule held
    missing: str | None  # what the next level up still needs


def rating_rules(criterion: Criterion, counts: Counts, rubric: Rubric) -> list[RatingRule]:
    """The criterion's rating rules as they apply to these counts: where the rubric's
    subject is marginal, every level above the lowest also needs `marginal.needs`."""
    if counts.marginal is None or rubric.marginal is None:
        return criterion.rating
    needs = rubric.marginal.needs.model_dump(exclude_none=True)
    worst = rubric.levels[-1]
    out = []
    for rule in criterion.rating:
        if rule.level == worst:
            out.append(rule)
            continue
        when = rule.when.model_dump(exclude_none=True)
        for key, value in needs.items():
            when[key] = value if key == "rules" else max(value, when.get(key, 0))
        out.append(rule.model_copy(update={"when": Conditions(**when)}))
    return out


def rate(criterion: Criterion, counts: Counts, rubric: Rubric) -> Rating:
    worst = rubric.levels[-1]
    rules = rating_rules(criterion, counts, rubric)
    for index, rule in enumerate(rules):
        results = checks(rule.when, counts)
        if all(c.ok for c in results):
            said = ", ".join(c.describe() for c in results) or "always applies"
            missing = _next_up(rules, index, rule.level, counts, rubric)
            return Rating(rule.level, f"{rule.level}: {said}", index, missing)
    missing = _next_up(rules, len(rules), worst, counts, rubric)
    reason = f"{worst}: no rating rule met" + (f"; {missing}" if missing else "")
    if rules is not criterion.rating and any(
        all(c.ok for c in checks(r.when, counts)) for r in criterion.rating if r.level != worst
    ):
        reason += f" ({counts.marginal}, so a passing mention is not enough)"
    return Rating(worst, reason, None, missing)


def _next_up(
    rules: list[RatingRule], decided: int, level: str, counts: Counts, rubric: Rubric
) -> str | None:
    """The nearest better level's unmet conditions, e.g. 'Good needs 1 more commitment'."""
    nearest = nearest_better(rules, decided, level, counts, rubric)
    if nearest is None:
        return None
    rule, failing = nearest
    return f"{rule.level} needs " + "; ".join(shortfall(c) for c in failing)


def nearest_better(
    rules: list[RatingRule], decided: int, level: str, counts: Counts, rubric: Rubric
) -> tuple[RatingRule, list[Check]] | None:
    """The better rule closest to holding (nearest level, then fewest unmet conditions)."""
    better = [r for r in rules[:decided] if rubric.rank(r.level) < rubric.rank(level)]
    best_gap: tuple[int, RatingRule, list[Check]] | None = None
    for rule in better:
        failing = [c for c in checks(rule.when, counts) if not c.ok]
        gap = rubric.rank(level) - rubric.rank(rule.level)
        if best_gap is None or (gap, len(failing)) < (best_gap[0], len(best_gap[2])):
            best_gap = (gap, rule, failing)
    return None if best_gap is None else (best_gap[1], best_gap[2])


def shortfall(check: Check) -> str:
    """What an unmet condition still needs, e.g. '1 more commitment (has 1)'."""
    if check.key == "rules":
        return f"a hit of rule(s) {', '.join(check.needed)}"  # type: ignore[arg-type]
    return count(check.key).shortfall(check.actual, check.needed)  # type: ignore[arg-type]


def reaches(rubric: Rubric, rating: str, at_least: str) -> bool:
    """Whether a rating is `at_least` or better; a not-assessable rating reaches nothing."""
    return assessable(rating) and rubric.rank(rating) <= rubric.rank(at_least)


class DerivedSource(NamedTuple):
    """A criterion a derived criterion counts: its rating, and whether that covers it."""

    criterion: str
    rating: str
    covered: bool


def derived_sources(
    rubric: Rubric, criterion: Criterion, ratings: Mapping[str, str]
) -> list[DerivedSource]:
    """The sources of a derived criterion, given every criterion's rating (machine or
    reviewed), each covered when rated its `at_least` or better: the one reading of a
    derived criterion, for scoring, explain and the workbench alike."""
    assert criterion.derived is not None
    at_least = criterion.derived.at_least
    return [
        DerivedSource(cid, ratings[cid], reaches(rubric, ratings[cid], at_least))
        for cid in criterion.derived.from_
    ]


@dataclass(frozen=True)
class OverallRating:
    level: str
    score: float
    reason: str


def overall(rubric: Rubric, levels: dict[str, str]) -> OverallRating:
    """Weighted points to a score in 0..1, thresholds to a level, then gating conditions."""
    spec = rubric.overall
    top = max(spec.points.values())
    total = sum(c.weight for c in rubric.criteria) * top
    got = sum(c.weight * spec.points[levels[c.id]] for c in rubric.criteria)
    score = round(got / total, 4) if total else 0.0
    level = next(
        (lv for lv in rubric.levels if lv in spec.thresholds and score >= spec.thresholds[lv]),
        rubric.levels[-1],
    )
    reasons = [f"score {score:.2f}"]
    reached = level
    while True:
        blocked = _blocked(rubric, level, levels)
        if not blocked or level == rubric.levels[-1]:
            break
        reasons.append(f"not {level}: {blocked}")
        level = rubric.levels[rubric.rank(level) + 1]
    if reached == level:
        better = [lv for lv in rubric.levels[: rubric.rank(level)] if lv in spec.thresholds]
        if better:
            reasons.append(f"{better[-1]} needs {spec.thresholds[better[-1]]:.2f}")
    return OverallRating(level, score, f"{level}: " + "; ".join(reasons))


def _blocked(rubric: Rubric, level: str, levels: dict[str, str]) -> str | None:
    for cond in rubric.overall.conditions:
        if cond.level != level:
            continue
        named = list(cond.criteria) + [
            c.id
            for c in rubric.criteria
            if set(c.tags) & set(cond.tags) and c.id not in cond.criteria
        ]
        short = [
            f"{cid} is {levels[cid]}"
            for cid in named
            if rubric.rank(levels[cid]) > rubric.rank(cond.at_least)
        ]
        if short:
            return f"needs {', '.join(named)} at {or_better(cond.at_least)} ({'; '.join(short)})"
    return None
