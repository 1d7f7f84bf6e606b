"""`pmh-assess agree`: machine ratings against human raters' (kappa, confusion matrix)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.markup import escape

from ..agreement import agreement, load_human
from ..agreement.render import FORMATS, renderables
from ..results import load_results
from .common import OutputOption, emit, guarded, stderr
from .common import ReportFormat as Format


def register(app: typer.Typer) -> None:
    app.command(
        "agree",
        help="Agreement between machine ratings and human ratings: per criterion and pooled, "
        "the number of pairs, percentage agreement, Cohen's kappa and weighted kappa "
        "(linear, quadratic) with 95% confidence intervals, the confusion matrix and "
        "the criteria where the tool disagrees most.\n\n"
        "Human ratings: CSV with columns plan, criterion, rating (criterion `overall` "
        "rates the whole plan), or an overrides file.\n\n"
        "Examples:\n\n"
        "  pmh-assess agree results.json human.csv\n\n"
        "  pmh-assess agree results.json reviews.yaml --format markdown -o agreement.md",
    )(guarded(agree))


def agree(
    results_path: Annotated[
        Path, typer.Argument(metavar="RESULTS", help="Results JSON from `score --format json`.")
    ],
    human_path: Annotated[
        Path, typer.Argument(metavar="HUMAN", help="Human ratings (CSV or overrides YAML).")
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: OutputOption = None,
) -> None:
    results = load_results(results_path)
    human, warnings = load_human(human_path, results)
    report = agreement(results, human, warnings)
    for warning in warnings:
        stderr.print(f"[yellow]warning[/yellow]: {escape(warning)}", soft_wrap=True)
    if fmt is Format.table and output is None:
        console = Console(file=sys.stdout)
        if not console.is_terminal:
            console = Console(file=sys.stdout, width=140)
        console.print(Group(*renderables(report)))
    else:
        emit(FORMATS[fmt.value](report), output)
