"""Coverage as CSV, in three shapes (one format each):

- `csv` (long, tidy): one row per plan and criterion. Columns: plan, plan_title,
  population, overall, domain, criterion, criterion_title, tags (`;`-separated), rating,
  rank (0 = best level), covered (1 when at `at_least` or better, else 0), hits, and for a
  reviewer's rating: machine_rating, reviewer, note (empty when the rating is the machine's).
- `csv-wide` (the matrix): one row per plan. Columns: plan, plan_title, population,
  overall, then one column per criterion id holding the rating.
- `csv-summary` (every summary figure, tidy): one row per figure. Columns: section
  (criterion, group, overall, reference), item (criterion id, tag, `overall`, or the
  reference's label), member (for groups: a criterion id, `any` or `all`; for the
  reference: what our figure measures), level (a level, or e.g. `OK or better`), plans,
  of_plans, share, population, population_share, reference_share, reference_plans,
  difference.

A plan that is not assessable (its text mostly missing) is in no figure; in `csv` and
`csv-wide` its rows say "Not assessable", with why in `note` (`rank` and `covered` empty),
and in `csv-summary` it has a row of section `left out`, with why in `member`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from ..base.safe import csv_writer
from ..base.vocabulary import NOT_ASSESSABLE
from ..results import Results
from . import words
from .model import Count, Coverage

LONG = [
    "plan",
    "plan_title",
    "population",
    "overall",
    "domain",
    "criterion",
    "criterion_title",
    "tags",
    "rating",
    "rank",
    "covered",
    "hits",
    "machine_rating",
    "reviewer",
    "note",
]
SUMMARY = [
    "section",
    "item",
    "member",
    "level",
    "plans",
    "of_plans",
    "share",
    "population",
    "population_share",
    "reference_share",
    "reference_plans",
    "difference",
]

Cell = str | int | float | None


def _write(header: list[str], rows: Iterable[list[Cell]]) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # no cell can start a spreadsheet formula
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def render_long(coverage: Coverage, results: Results | None = None) -> str:
    levels = coverage.level_names()
    limit = levels.index(coverage.at_least)

    def rows() -> Iterable[list[Cell]]:
        for row in coverage.rows:
            for col, cell in zip(coverage.columns, row.cells, strict=True):
                rank = levels.index(cell.rating)
                yield [
                    row.id,
                    row.title,
                    row.population,
                    row.overall,
                    col.domain,
                    col.id,
                    col.title,
                    ";".join(col.tags),
                    cell.rating,
                    rank,
                    int(rank <= limit),
                    cell.hits,
                    cell.machine_rating,
                    cell.reviewer,
                    cell.note,
                ]
        for plan in coverage.left_out:
            for col in coverage.columns:
                yield [
                    plan.id,
                    plan.title,
                    None,
                    NOT_ASSESSABLE,
                    col.domain,
                    col.id,
                    col.title,
                    ";".join(col.tags),
                    NOT_ASSESSABLE,
                    *([None] * 5),
                    plan.why,
                ]

    return _write(LONG, rows())


def render_wide(coverage: Coverage, results: Results | None = None) -> str:
    header = ["plan", "plan_title", "population", "overall"] + [c.id for c in coverage.columns]
    rows: list[list[Cell]] = [
        [row.id, row.title, row.population, row.overall, *(c.rating for c in row.cells)]
        for row in coverage.rows
    ]
    rows += [
        [plan.id, plan.title, None, NOT_ASSESSABLE, *([NOT_ASSESSABLE] * len(coverage.columns))]
        for plan in coverage.left_out
    ]
    return _write(header, rows)


def _figure(section: str, item: str, member: str, level: str, c: Count, n: int) -> list[Cell]:
    figure: list[Cell] = [section, item, member, level, c.plans, n, c.share, c.population]
    return [*figure, c.population_share, None, None, None]  # no reference figures


def render_summary(coverage: Coverage, results: Results | None = None) -> str:
    n = coverage.plans
    covered = words.covered_label(coverage)

    def rows() -> Iterable[list[Cell]]:
        for c in coverage.criteria:
            for level, count in c.levels.items():
                yield _figure("criterion", c.id, "", level, count, n)
            yield _figure("criterion", c.id, "", covered, c.covered, n)
        for g in coverage.groups:
            for m in g.members:
                yield _figure("group", g.tag, m.id, covered, m.covered, n)
            yield _figure("group", g.tag, "any", covered, g.any, n)
            yield _figure("group", g.tag, "all", covered, g.all, n)
        for level, count in coverage.overall.items():
            yield _figure("overall", "overall", "", level, count, n)
        if coverage.reference:
            for r in coverage.reference.rows:
                ours: list[Cell] = (
                    [r.ours.plans, n, r.ours.share, r.ours.population, r.ours.population_share]
                    if r.ours
                    else [None] * 5
                )
                yield [
                    "reference",
                    r.label,
                    r.measure,
                    "",
                    *ours,
                    r.reference_share,
                    r.reference_plans,
                    r.difference,
                ]
        for plan in coverage.left_out:
            yield ["left out", plan.id, plan.why, NOT_ASSESSABLE, *([None] * 8)]

    return _write(SUMMARY, rows())
