"""From scored results to coverage: pure functions, no I/O.

A criterion *covers* a plan when the plan's rating for it is at `at_least` or better. By
default `at_least` is the rubric's middle level (OK in Good/OK/Poor, Amber in
Green/Amber/Red; with an even number of levels, the better of the two middle ones).
Coverage uses each criterion's `rating`, which a reviewer may have changed, not the
`machine_rating`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..base.errors import UserError
from ..plans.manifest import population
from ..report.colours import level_colours
from ..results import CriterionResult, PlanResult, Results
from . import words
from .model import (
    Cell,
    Column,
    Count,
    Coverage,
    CriterionCoverage,
    Domain,
    Filters,
    GroupCoverage,
    LeftOut,
    Level,
    Member,
    Population,
    Row,
    RubricSummary,
    SharedOnly,
)


def default_at_least(levels: Sequence[str]) -> str:
    """The middle level, or the better of the two middle ones."""
    return levels[(len(levels) - 1) // 2]


def short_names(levels: Sequence[str]) -> dict[str, str]:
    """For each level the shortest prefix that no other level starts with (G, O, P)."""
    out: dict[str, str] = {}
    for level in levels:
        others = [o.lower() for o in levels if o != level]
        for n in range(1, len(level) + 1):
            prefix = level[:n]
            if not any(o.startswith(prefix.lower()) for o in others):
                out[level] = prefix
                break
        else:
            out[level] = level
    return out


def domain_title(domain_id: str) -> str:
    """`social-determinants` -> `Social determinants`, for results without domain titles."""
    words = domain_id.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def population_of(metadata: dict[str, Any]) -> int | None:
    """A plan's population from its metadata: a number, or digits with separators."""
    try:
        return population(metadata.get("population"))
    except ValueError:  # a results file's metadata is checked when read: not from one
        return None


def _split(values: Iterable[str] | None) -> list[str]:
    """Option values, each possibly comma-separated, in order, without repeats."""
    out: list[str] = []
    for value in values or []:
        for part in value.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def _unknown(kind: str, asked: list[str], known: list[str]) -> None:
    missing = [a for a in asked if a not in known]
    if missing:
        hints = [difflib.get_close_matches(m, known, n=1) for m in missing]
        if all(hints):
            said = ", ".join(
                f"{m!r} (did you mean {h[0]!r}?)" for m, h in zip(missing, hints, strict=True)
            )
            raise UserError(f"unknown {kind} {said}")
        raise UserError(
            f"unknown {kind} {', '.join(map(repr, missing))} "
            f"(the results have: {', '.join(known) or 'none'})"
        )


def select(
    results: Results,
    *,
    plans: Iterable[str] | None = None,
    criteria: Iterable[str] | None = None,
    tags: Iterable[str] | None = None,
    groups: Iterable[str] | None = None,
) -> tuple[Results, Filters]:
    """Keep the plans and criteria asked for; unknown ids are user errors.

    `criteria` keeps the named criteria; `tags` keeps criteria carrying any of the tags;
    both together keep criteria matching either. `groups` names the tags to summarise as
    groups; without it, the `tags` given are the groups, and without those, every tag
    that two or more of the kept criteria share. Plans keep their overall rating as
    scored.
    """
    filters = Filters(
        plans=_split(plans), criteria=_split(criteria), tags=_split(tags), groups=_split(groups)
    )
    if not results.plans:
        raise UserError("the results have no scored plans")
    _check_consistent(results)
    first = results.plans[0]
    known_tags = sorted({t for c in first.criteria for t in c.tags})
    _unknown("plan", filters.plans, [p.id for p in results.plans])
    _unknown("criterion", filters.criteria, [c.id for c in first.criteria])
    _unknown("tag", filters.tags, known_tags)
    _unknown("tag", filters.groups, known_tags)
    kept_plans = [p for p in results.plans if not filters.plans or p.id in filters.plans]
    if filters.criteria or filters.tags:
        keep = {
            c.id
            for c in first.criteria
            if c.id in filters.criteria or set(c.tags) & set(filters.tags)
        }
        kept_plans = [
            p.model_copy(update={"criteria": [c for c in p.criteria if c.id in keep]})
            for p in kept_plans
        ]
    kept_tags = {t for c in kept_plans[0].criteria for t in c.tags}
    lost = [g for g in filters.groups if g not in kept_tags]
    if lost:
        raise UserError(f"no criterion tagged {', '.join(map(repr, lost))} is selected")
    return results.model_copy(update={"plans": kept_plans}), filters


def _check_consistent(results: Results) -> None:
    levels = results.rubric.levels
    ids = [c.id for c in results.plans[0].criteria]
    for plan in results.plans:
        if [c.id for c in plan.criteria] != ids:
            raise UserError(
                f"plan {plan.id!r} was scored with different criteria from "
                f"{results.plans[0].id!r}: coverage needs plans scored with one rubric"
            )
        if not plan.assessable:
            continue  # left out of coverage, see `compute`
        for c in plan.criteria:
            if c.rating not in levels:
                raise UserError(
                    f"plan {plan.id!r}, criterion {c.id!r}: rating {c.rating!r} is not one of "
                    f"the rubric's levels ({', '.join(levels)})"
                )
        if plan.overall.rating not in levels:
            raise UserError(f"plan {plan.id!r}: overall rating {plan.overall.rating!r} unknown")


class Tally:
    """Counts plans and people among the selected plans (plan id -> population or None)."""

    def __init__(self, people: dict[str, int | None]) -> None:
        self.n = len(people)
        self.people = people
        known = [v for v in self.people.values() if v is not None]
        self.total = sum(known) if known else None

    def count(self, plan_ids: Iterable[str]) -> Count:
        ids = list(plan_ids)
        share = round(len(ids) / self.n, 4) if self.n else 0.0
        if self.total is None:
            return Count(plans=len(ids), share=share)
        people = sum(self.people[i] or 0 for i in ids)
        return Count(
            plans=len(ids),
            share=share,
            population=people,
            population_share=round(people / self.total, 4) if self.total else 0.0,
        )


def compute(
    results: Results, *, at_least: str | None = None, filters: Filters | None = None
) -> Coverage:
    """The coverage of (already selected) results."""
    levels = list(results.rubric.levels)
    if not results.plans:
        raise UserError("the results have no scored plans")
    _check_consistent(results)
    at_least = at_least or default_at_least(levels)
    if at_least not in levels:
        raise UserError(f"--at-least {at_least!r} is not a level ({', '.join(levels)})")
    rank = {lv: i for i, lv in enumerate(levels)}
    limit = rank[at_least]
    plans = [p for p in results.plans if p.assessable]
    left_out = [
        LeftOut(id=p.id, title=p.title, why=p.text_missing() or p.overall.reason)
        for p in results.plans
        if not p.assessable
    ]
    if not plans:
        raise UserError(
            f"no plan of the results is assessable: {words.left_out_sentence(left_out)}"
        )
    tally = Tally({p.id: population_of(p.metadata) for p in plans})
    first = plans[0].criteria
    colours = level_colours(levels, results.rubric.colours)
    short = short_names(levels)

    columns = [Column(id=c.id, title=c.title, domain=c.domain, tags=list(c.tags)) for c in first]
    runs: list[tuple[str, list[str]]] = []  # consecutive columns of one domain
    for col in columns:
        if runs and runs[-1][0] == col.domain:
            runs[-1][1].append(col.id)
        else:
            runs.append((col.domain, [col.id]))
    titles = {d.id: d.title for d in results.rubric.domains}
    domains = [
        Domain(id=d, title=titles.get(d) or domain_title(d), criteria=ids) for d, ids in runs
    ]

    def covers(plan: PlanResult, index: int) -> bool:
        return rank[plan.criteria[index].rating] <= limit

    derived = {d.id: d.describe() for d in results.rubric.derived}
    criteria = [
        CriterionCoverage(
            id=col.id,
            title=col.title,
            derived=derived.get(col.id),
            domain=col.domain,
            levels={
                lv: tally.count(p.id for p in plans if p.criteria[i].rating == lv) for lv in levels
            },
            covered=tally.count(p.id for p in plans if covers(p, i)),
        )
        for i, col in enumerate(columns)
    ]

    tags = list(dict.fromkeys(t for col in columns for t in col.tags))
    chosen = filters and (filters.groups or filters.tags)
    declared = {g.tag: g.title for g in results.rubric.groups}
    if chosen:
        tags = [t for t in tags if t in chosen]
    elif declared:  # the groups the rubric's author meant to be read together
        tags = [t for t in declared if t in tags]
    else:  # a tag on one criterion is no group: only show it when asked for
        tags = [t for t in tags if sum(t in col.tags for col in columns) > 1]
    groups: list[GroupCoverage] = []
    for tag in tags:
        idx = [i for i, col in enumerate(columns) if tag in col.tags]
        groups.append(
            GroupCoverage(
                tag=tag,
                title=declared.get(tag),
                members=[
                    Member(id=columns[i].id, title=columns[i].title, covered=criteria[i].covered)
                    for i in idx
                ],
                any=tally.count(p.id for p in plans if any(covers(p, i) for i in idx)),
                all=tally.count(p.id for p in plans if all(covers(p, i) for i in idx)),
            )
        )

    return Coverage(
        rubric=RubricSummary(
            id=results.rubric.id,
            version=results.rubric.version,
            title=results.rubric.title,
            levels=[Level(name=lv, colour=colours[lv], short=short[lv]) for lv in levels],
        ),
        at_least=at_least,
        plans=len(plans),
        filters=filters or Filters(),
        population=Population(
            total=tally.total,
            known=sum(1 for v in tally.people.values() if v is not None),
            unknown=[pid for pid, v in tally.people.items() if v is None],
        ),
        domains=domains,
        columns=columns,
        rows=[
            Row(
                id=p.id,
                title=p.title,
                population=tally.people[p.id],
                overall=p.overall.rating,
                text_missing=p.text_missing(),
                cells=[
                    Cell(
                        rating=c.rating,
                        hits=c.hits,
                        reviewer=(c.overridden_by or None),
                        machine_rating=c.machine_rating if c.overridden_by else None,
                        note=(c.note or None) if c.overridden_by else None,
                    )
                    for c in p.criteria
                ],
            )
            for p in plans
        ],
        criteria=criteria,
        groups=groups,
        overall={lv: tally.count(p.id for p in plans if p.overall.rating == lv) for lv in levels},
        shared_only=shared_only(plans, lambda c: rank[c.rating] <= limit),
        left_out=left_out,
    )


def shared_only(
    plans: list[PlanResult], covered: Callable[[CriterionResult], bool]
) -> SharedOnly | None:
    """How many covered ratings rest only on evidence other plans hold; None if none is shared.

    Derived criteria (rated from other criteria, measures `covered` and `of`) are left out.
    Judged from the evidence quotes the results keep (`score --evidence`).
    """
    if not any(e.shared_with for p in plans for c in p.criteria for e in c.evidence):
        return None
    rated = [
        (p, c)
        for p in plans
        for c in p.criteria
        if covered(c) and c.evidence and not {"covered", "of"} <= c.measures.keys()
    ]
    only = [f"{p.id}/{c.id}" for p, c in rated if all(e.shared_with for e in c.evidence)]
    return SharedOnly(ratings=len(only), of=len(rated), cells=only)


def covering(coverage: Coverage, columns: list[int], at_least: str) -> list[str]:
    """Ids of the plans rated `at_least` or better on every one of the columns given."""
    levels = coverage.level_names()
    limit = levels.index(at_least)
    return [
        row.id
        for row in coverage.rows
        if all(levels.index(row.cells[i].rating) <= limit for i in columns)
    ]


def coverage_of(
    results: Results,
    *,
    plans: Iterable[str] | None = None,
    criteria: Iterable[str] | None = None,
    tags: Iterable[str] | None = None,
    groups: Iterable[str] | None = None,
    at_least: str | None = None,
) -> tuple[Results, Coverage]:
    """Select, then compute: the selected results (for evidence) and their coverage."""
    selected, filters = select(results, plans=plans, criteria=criteria, tags=tags, groups=groups)
    return selected, compute(selected, at_least=at_least, filters=filters)
