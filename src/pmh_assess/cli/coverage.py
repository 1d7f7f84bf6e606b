"""`pmh-assess coverage` and `pmh-assess plot`: figures across plans, from scored results."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..coverage import compare, coverage_of, load_reference, render, render_chart
from ..coverage.model import Coverage
from ..coverage.table import renderables
from ..errors import ExitCode, UserError
from ..results import Results, load_results
from ..run import ReadOptions
from .common import OutputOption, emit, guarded, show, stderr
from .score import score_paths


class CoverageFormat(StrEnum):
    """The names of `coverage.FORMATS` (a test keeps them in step)."""

    table = "table"
    json = "json"
    csv = "csv"
    csv_wide = "csv-wide"
    csv_summary = "csv-summary"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"


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
    ),
]
Reference = Annotated[
    Path | None,
    typer.Option(
        "--reference",
        help="Published figures (YAML or CSV) to print beside ours, "
        "e.g. examples/reference-mhf-2024.yaml.",
    ),
]
Criteria = Annotated[
    list[str] | None,
    typer.Option(
        "--criteria", "-c", help="Only these criteria (ids; repeat or separate with commas)."
    ),
]
Tags = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Only criteria with this tag, shown as a group (repeatable)."),
]
Groups = Annotated[
    list[str] | None,
    typer.Option(
        "--group",
        "-g",
        help="Summarise the criteria with this tag as a group (repeatable). "
        "Default: the --tag values, else every tag two or more criteria share.",
    ),
]
Plans = Annotated[
    list[str] | None,
    typer.Option("--plans", "-p", help="Only these plans (ids; repeat or separate with commas)."),
]
AtLeast = Annotated[
    str | None,
    typer.Option(
        "--at-least",
        help="The level a criterion needs, or better, to count as covered. "
        "Default: the rubric's middle level (of three, the second).",
    ),
]
Rubric = Annotated[
    str | None,
    typer.Option(
        "--rubric", "-r", help="When scoring plans: rubric file or bundled id (default: mhf-2024)."
    ),
]
Password = Annotated[str | None, typer.Option(help="When scoring plans: password for PDFs.")]
AllowOutside = Annotated[
    bool,
    typer.Option("--allow-outside", help="When scoring plans: let plans.yaml name outside files."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def register(app: typer.Typer) -> None:
    app.command(
        "coverage",
        help="Coverage across plans: the plans x criteria matrix, shares of plans per "
        "criterion, tag group and overall rating, and population-weighted figures.\n\n"
        "Formats: table (terminal), json, csv (long: a row per plan and criterion), csv-wide "
        "(the matrix), csv-summary (a row per figure), markdown, html (one offline file with "
        "charts and evidence), xlsx (needs -o).\n\n"
        "Examples:\n\n"
        "  pmh-assess coverage results.json\n\n"
        "  pmh-assess coverage results.json --format html -o report.html\n\n"
        "  pmh-assess coverage results.json --tag at-risk-group "
        "--reference examples/reference-mhf-2024.yaml\n\n"
        "  pmh-assess coverage plans/ --format xlsx -o coverage.xlsx",
    )(guarded(coverage))
    app.command(
        "plot",
        help="Draw one chart as SVG or PNG (by the output's suffix) for papers and slides: "
        "groups (share of plans covering each criterion of each tag group), overall "
        "(overall ratings of plans and people) or matrix (the heat map).\n\n"
        "Examples:\n\n"
        "  pmh-assess plot results.json --chart groups -o groups.svg\n\n"
        "  pmh-assess plot results.json --chart overall -o overall.png",
    )(guarded(plot))


def results_from(
    inputs: list[Path],
    *,
    rubric: str | None,
    password: str | None,
    allow_outside: bool,
    quiet: bool,
) -> Results:
    """Load a results file, or score plan files and folders (printing their errors)."""
    json_inputs = [p for p in inputs if p.suffix.lower() == ".json"]
    if json_inputs:
        if len(inputs) > 1:
            raise UserError("give one results .json file, or plan files and folders, not both")
        if rubric is not None:
            raise UserError("--rubric is for scoring plans; a results file names its own rubric")
        return load_results(json_inputs[0])
    results = score_paths(
        inputs,
        rubric=rubric,
        read=ReadOptions(password=password),
        allow_outside=allow_outside,
        quiet=quiet,
    )
    for error in results.errors:
        stderr.print(
            f"[red]error[/red]: {escape(f'{error.path}: {error.message}')}", soft_wrap=True
        )
    return results


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
    password: str | None,
    allow_outside: bool,
    quiet: bool,
) -> tuple[Results, Results, Coverage]:
    """All results, the selected ones (for their evidence) and their coverage."""
    results = results_from(
        inputs, rubric=rubric, password=password, allow_outside=allow_outside, quiet=quiet
    )
    selected, coverage = coverage_of(
        results, plans=plans, criteria=criteria, tags=tags, groups=groups, at_least=at_least
    )
    if reference is not None:
        coverage = compare(coverage, load_reference(reference))
    return results, selected, coverage


def coverage(
    inputs: Inputs,
    fmt: Annotated[
        CoverageFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CoverageFormat.table,
    output: OutputOption = None,
    reference: Reference = None,
    criteria: Criteria = None,
    tag: Tags = None,
    group: Groups = None,
    plans: Plans = None,
    at_least: AtLeast = None,
    rubric: Rubric = None,
    password: Password = None,
    allow_outside: AllowOutside = False,
    quiet: Quiet = False,
) -> None:
    if fmt is CoverageFormat.xlsx and output is None:
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
        password=password,
        allow_outside=allow_outside,
        quiet=quiet,
    )
    if fmt is CoverageFormat.table and output is None:
        show(renderables(cov))
    else:
        emit(render(cov, selected, fmt.value), output)
    if results.errors:
        raise typer.Exit(ExitCode.INPUT_ERRORS)


def plot(
    inputs: Inputs,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The chart file: .svg or .png.", show_default=False),
    ],
    chart: Annotated[Chart, typer.Option("--chart", help="Which chart.")] = Chart.groups,
    reference: Reference = None,
    criteria: Criteria = None,
    tag: Tags = None,
    group: Groups = None,
    plans: Plans = None,
    at_least: AtLeast = None,
    rubric: Rubric = None,
    password: Password = None,
    allow_outside: AllowOutside = False,
    quiet: Quiet = False,
) -> None:
    suffix = output.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UserError(f"{output}: a chart is written as .svg or .png")
    results, _, cov = figures(
        inputs,
        reference=reference,
        criteria=criteria,
        tags=tag,
        groups=group,
        plans=plans,
        at_least=at_least,
        rubric=rubric,
        password=password,
        allow_outside=allow_outside,
        quiet=quiet,
    )
    emit(render_chart(cov, chart.value, suffix), output)
    if results.errors:
        raise typer.Exit(ExitCode.INPUT_ERRORS)
