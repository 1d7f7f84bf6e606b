"""The coverage model: what `coverage --format json` writes and every other format shows.

Shares are fractions of the plans selected (0..1, rounded to 4 places). Population figures
add up the `population` of each plan's metadata; plans without one are left out of them
and listed in `population.unknown`.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

COVERAGE_SCHEMA_VERSION = 1


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(Frozen):
    name: str
    colour: str
    short: str  # the shortest prefix no other level starts with: a matrix cell's text


class RubricSummary(Frozen):
    id: str
    version: str
    title: str
    levels: list[Level]  # best first


class Count(Frozen):
    """How many plans (and people) something applies to, and their shares."""

    plans: int
    share: float
    population: int | None = None  # None when no selected plan has a population
    population_share: float | None = None


class Column(Frozen):
    id: str
    title: str
    domain: str
    tags: list[str]


class Domain(Frozen):
    id: str
    title: str
    criteria: list[str]


class Cell(Frozen):
    rating: str
    hits: int
    reviewer: str | None = None  # set when `rating` is a reviewer's
    machine_rating: str | None = None  # the machine's rating, when a reviewer's replaced it
    note: str | None = None  # the reviewer's reason


class Row(Frozen):
    """One plan: its overall rating and one cell per column, in column order."""

    id: str
    title: str
    population: int | None
    overall: str
    cells: list[Cell]
    # `1 of 3 pages has no text`, when some of the plan's pages have none; else not written
    text_missing: str | None = Field(default=None, exclude_if=lambda v: v is None)


class CriterionCoverage(Frozen):
    id: str
    title: str
    domain: str
    levels: dict[str, Count]  # every level, best first
    covered: Count  # at `Coverage.at_least` or better
    # a criterion rated from others: what its levels need ("Good: 4 of 4 at OK or better,
    # OK: 3"); left out of the JSON for the others
    derived: str | None = Field(default=None, exclude_if=lambda v: v is None)

    def named(self) -> str:
        """The title, with what a derived criterion's levels need."""
        return f"{self.title} ({self.derived})" if self.derived else self.title


class Member(Frozen):
    id: str
    title: str
    covered: Count


class GroupCoverage(Frozen):
    """The criteria sharing a tag: each one covered, any of them, all of them."""

    tag: str
    title: str | None = None
    members: list[Member]
    any: Count
    all: Count

    @property
    def name(self) -> str:
        """What a reader sees: the rubric's title for the group, else its tag."""
        return self.title or self.tag


class Population(Frozen):
    total: int | None  # people in the areas of the plans with a population
    known: int  # plans with a population
    unknown: list[str]  # ids of plans without one


class Filters(Frozen):
    plans: list[str] = []
    criteria: list[str] = []
    tags: list[str] = []
    groups: list[str] = []  # tags to summarise as groups (not a filter on criteria)


class ReferenceRow(Frozen):
    """A published figure beside ours; `difference` is ours minus theirs, in shares."""

    label: str
    kind: Literal["criterion", "group", "overall"]
    key: str  # the criterion id, the tag, or the overall level
    at_least: str | None  # None for `overall`, which is an exact level
    measure: str  # in words, e.g. "group-cyp at OK or better"
    reference_share: float
    reference_plans: int | None
    ours: Count | None  # None when the results do not have what it refers to
    difference: float | None
    note: str | None = None


class Reference(Frozen):
    title: str
    source: str | None
    plans: int | None
    rows: list[ReferenceRow]


class SharedOnly(Frozen):
    """Covered ratings whose every evidence quote other plans of the run also hold."""

    ratings: int  # resting only on shared text
    of: int  # covered ratings with evidence (derived criteria left out)
    cells: list[str]  # "plan/criterion"


class LeftOut(Frozen):
    """A plan left out of every share and count: it is not assessable (`why`: its text is
    mostly missing, e.g. `11 of 12 pages have no text`)."""

    id: str
    title: str
    why: str


class Coverage(Frozen):
    schema_version: int = COVERAGE_SCHEMA_VERSION
    rubric: RubricSummary
    at_least: str  # the level a criterion needs (or better) to count as covered
    plans: int
    filters: Filters
    population: Population
    domains: list[Domain]
    columns: list[Column]
    rows: list[Row]
    criteria: list[CriterionCoverage]
    groups: list[GroupCoverage]
    overall: dict[str, Count]
    reference: Reference | None = None
    # None when no evidence is shared between plans (or the results predate marking)
    shared_only: SharedOnly | None = Field(default=None, exclude_if=lambda v: v is None)
    # plans not assessable, left out of `plans`, `rows` and every figure; none: not written
    left_out: list[LeftOut] = Field(default_factory=list, exclude_if=lambda v: not v)

    def level_names(self) -> list[str]:
        return [lv.name for lv in self.rubric.levels]

    def colours(self) -> dict[str, str]:
        return {lv.name: lv.colour for lv in self.rubric.levels}

    def short(self) -> dict[str, str]:
        return {lv.name: lv.short for lv in self.rubric.levels}

    def to_json(self) -> str:
        """Deterministic JSON, like the results file."""
        return (
            json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False, allow_nan=False)
            + "\n"
        )
