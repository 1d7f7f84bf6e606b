"""`pmh-assess agree`: machine ratings against human raters' (kappa, confusion matrix)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..formats import AGREEMENT
from .common import (
    OutputOption,
    check_inputs,
    choose_format,
    emit,
    format_option,
    guarded,
    show,
    stderr,
    width,
)


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
    fmt: Annotated[str | None, format_option(AGREEMENT)] = None,
    output: OutputOption = None,
) -> None:
    from ..agreement import agreement, load_human
    from ..agreement.render import FORMATS, renderables, to_text
    from ..results import load_results

    check_inputs([results_path, human_path])
    chosen = choose_format(fmt, output, AGREEMENT, reads=[results_path, human_path])
    results = load_results(results_path)
    human, warnings = load_human(human_path, results)
    report = agreement(results, human, warnings)
    for warning in warnings:
        stderr.print(f"[yellow]warning[/yellow]: {escape(warning)}", soft_wrap=True)
    if chosen == "table" and output is None:
        show(renderables(report))
    elif chosen == "table":
        emit(to_text(report, width()), output)
    else:
        emit(FORMATS[chosen](report), output)
