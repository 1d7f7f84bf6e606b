"""`pmh-assess coverage` and `pmh-assess plot`: figures across plans, from scored results."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..base.errors import ExitCode, UserError
from ..base.formats import CHARTS, COVERAGE
from ..base.safe import rich_text
from .common import (
    OutputOption,
    OverridesOption,
    check_inputs,
    choose_format,
    emit,
    format_option,
    guarded,
    print_errors,
    show,
    stderr,
    width,
)
from .options import Scoring, plan_options

if TYPE_CHECKING:
    from ..coverage.model import Coverage
    from ..results import Results


class Chart(StrEnum):
    """The names of `coverage.charts.CHARTS`."""

    groups = "groups"
    overall = "overall"
    matrix = "matrix"


Inputs = Annotated[
    list[Path],
    typer.Argument(
        help="A results file from `score --format json`, or plan files and folders to score first.",
        show_default=False,
        metavar="RESULTS|PATHS...",
    ),
]
Reference = Annotated[
    Path | None,
    typer.Option(
        "--reference",
        help="Published figures (YAML or CSV) to print beside ours, "
        "e.g. examples/reference-mhf-2024.yaml.",
        metavar="FILE",
    ),
]
Criteria = Annotated[
    list[str] | None,
    typer.Option(
        "--criteria",
        "-c",
        help="Only these criteria (ids; repeat or separate with commas).",
        metavar="IDS",
    ),
]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="Only criteria with this tag, shown as a group (repeatable).",
        metavar="TAG",
    ),
]
Groups = Annotated[
    list[str] | None,
    typer.Option(
        "--group",
        "-g",
        help="Summarise the criteria with this tag as a group (repeatable). "
        "Default: the --tag values, else every tag two or more criteria share.",
        metavar="TAG",
    ),
]
Plans = Annotated[
    list[str] | None,
    typer.Option(
        "--plans",
        "-p",
        help="Only these plans (ids; repeat or separate with commas).",
        metavar="IDS",
    ),
]
AtLeast = Annotated[
    str | None,
    typer.Option(
        "--at-least",
        help="The level a criterion needs, or better, to count as covered. "
        "Default: the rubric's middle level (of three, the second).",
        metavar="LEVEL",
    ),
]
Rubric = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        help="When scoring plans: rubric file or bundled id (default: mhf-2024); with a "
        "results file and --overrides, the rubric it was scored with.",
        metavar="RUBRIC",
    ),
]


def register(app: typer.Typer) -> None:
    app.command(
        "coverage",
        help="Coverage across plans: the plans x criteria matrix, shares of plans per "
        "criterion, tag group and overall rating, and population-weighted figures.\n\n"
        "Formats: table (terminal), json, csv (long: a row per plan and criterion), csv-wide "
        "(the matrix), csv-summary (a row per figure), markdown, html (one offline file with "
        "charts and evidence), xlsx (needs -o). Without --format, -o FILE's suffix picks "
        "it.\n\n"
        "Examples:\n\n"
        "  pmh-assess coverage results.json\n\n"
        "  pmh-assess coverage results.json -o report.html\n\n"
        "  pmh-assess coverage results.json --tag at-risk-group "
        "--reference examples/reference-mhf-2024.yaml\n\n"
        "  pmh-assess coverage plans/ --format xlsx -o coverage.xlsx",
    )(guarded(plan_options(evidence=True, discount=True)(coverage)))
    app.command(
        "plot",
        help="Draw one chart as SVG or PNG (by the output's suffix) for papers and slides: "
        "groups (share of plans covering each criterion of each tag group), overall "
        "(overall ratings of plans and people) or matrix (the heat map).\n\n"
        "Examples:\n\n"
        "  pmh-assess plot results.json --chart groups -o groups.svg\n\n"
        "  pmh-assess plot results.json --chart overall -o overall.png",
    )(guarded(plan_options(evidence=True, discount=True)(plot)))


def results_from(
    inputs: list[Path],
    *,
    rubric: str | None,
    scoring: Scoring,
    overrides: Path | None = None,
) -> Results:
    """Load a results file, or score plan files and folders (printing their errors)."""
    from ..run.paths import results_file, results_or_scored

    check_inputs([*inputs, *([overrides] if overrides else [])])
    if results_file(inputs) is not None:
        if rubric is not None and overrides is None:
            raise UserError("--rubric is for scoring plans; a results file names its own rubric")
        if replace(scoring, quiet=False) != Scoring():
            stderr.print(
                "[yellow]warning[/yellow]: the reading and scoring options apply to plan "
                "files and folders; a results file is used as it was scored",
                soft_wrap=True,
            )
    results, found = results_or_scored(
        inputs, rubric=rubric, overrides=overrides, **scoring.options()
    )
    if found is not None:
        return reviewed(results, overrides, rubric) if overrides else results
    print_errors(results.errors)
    return results


def reviewed(results: Results, overrides: Path, rubric: str | None = None) -> Results:
    """A results file with reviewer ratings applied, by the rubric it was scored with
    (bundled, or the file --rubric names)."""
    from ..extract import file_sha256
    from ..review.overrides import apply_overrides, load_overrides
    from ..rubric import load_rubric
    from ..rubric.bundled import resolve_rubric

    try:
        path = resolve_rubric(rubric or results.rubric.id)
    except UserError:
        raise UserError(
            f"the results were scored with rubric {results.rubric.id!r}, which is not bundled: "
            "give its file with --rubric to apply --overrides"
        ) from None
    if results.rubric.sha256 and file_sha256(path) != results.rubric.sha256:
        raise UserError(
            f"{path} is not the rubric the results were scored with ({results.rubric.id} "
            f"{results.rubric.version}): give that file with --rubric, or score the plans again"
        )
    loaded = load_rubric(path)
    reviews = load_overrides(overrides, rubric=loaded)
    applied, warnings = apply_overrides(results, reviews, loaded)
    for warning in warnings:
        stderr.print(f"[yellow]warning[/yellow]: {rich_text(warning)}", soft_wrap=True)
    return applied


def figures(
    inputs: list[Path],
    *,
    reference: Path | None,
    criteria: list[str] | None,
    tags: list[str] | None,
    groups: list[str] | None,
    plans: list[str] | None,
    at_least: str | None,
    rubric: str | None,
    scoring: Scoring,
    overrides: Path | None = None,
) -> tuple[Results, Results, Coverage]:
    """All results, the selected ones (for their evidence) and their coverage."""
    from ..coverage import compare, coverage_of, load_reference

    results = results_from(inputs, rubric=rubric, scoring=scoring, overrides=overrides)
    selected, coverage = coverage_of(
        results, plans=plans, criteria=criteria, tags=tags, groups=groups, at_least=at_least
    )
    if reference is not None:
        coverage = compare(coverage, load_reference(reference))
    return results, selected, coverage


def coverage(
    inputs: Inputs,
    fmt: Annotated[str | None, format_option(COVERAGE)] = None,
    output: OutputOption = None,
    reference: Reference = None,
    criteria: Criteria = None,
    tag: Tags = None,
    group: Groups = None,
    plans: Plans = None,
    at_least: AtLeast = None,
    rubric: Rubric = None,
    overrides: OverridesOption = None,
    *,
    scoring: Scoring,
) -> None:
    from ..coverage import render
    from ..coverage.table import render_text, renderables

    chosen = choose_format(fmt, output, COVERAGE, reads=[*inputs, reference, overrides, rubric])
    if chosen == "xlsx" and output is None:
        raise UserError("xlsx is a binary format: give a file with -o, e.g. -o coverage.xlsx")
    results, selected, cov = figures(
        inputs,
        reference=reference,
        criteria=criteria,
        tags=tag,
        groups=group,
        plans=plans,
        at_least=at_least,
        rubric=rubric,
        scoring=scoring,
        overrides=overrides,
    )
    if chosen == "table" and output is None:
        show(renderables(cov, width()))
    elif chosen == "table":
        emit(render_text(cov, selected, width()), output)
    else:
        emit(render(cov, selected, chosen), output, chosen)
    if results.errors:
        raise typer.Exit(ExitCode.INPUT_ERRORS)


def plot(
    inputs: Inputs,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The chart file: .svg or .png.",
            show_default=False,
            metavar="FILE",
        ),
    ],
    chart: Annotated[
        Chart, typer.Option("--chart", help="Which chart.", metavar="CHART")
    ] = Chart.groups,
    reference: Reference = None,
    criteria: Criteria = None,
    tag: Tags = None,
    group: Groups = None,
    plans: Plans = None,
    at_least: AtLeast = None,
    rubric: Rubric = None,
    overrides: OverridesOption = None,
    *,
    scoring: Scoring,
) -> None:
    from ..coverage import render_chart

    kind = choose_format(
        None, output, CHARTS, reads=[*inputs, reference, overrides, rubric], has_format=False
    )
    results, _, cov = figures(
        inputs,
        reference=reference,
        criteria=criteria,
        tags=tag,
        groups=group,
        plans=plans,
        at_least=at_least,
        rubric=rubric,
        scoring=scoring,
        overrides=overrides,
    )
    emit(render_chart(cov, chart.value, kind), output)
    if results.errors:
        raise typer.Exit(ExitCode.INPUT_ERRORS)
