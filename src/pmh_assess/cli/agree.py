"""`pmh-assess agree`: machine ratings against human raters', or coders against each other."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..base.errors import UserError
from ..base.formats import AGREEMENT
from ..base.safe import rich_text
from .common import (
    OutputOption,
    RubricOption,
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
        "rates the whole plan), or an overrides file. Give two or more coders' files "
        "(with or without a results file first) to measure how far the coders agree with "
        "each other: percent agreement, Cohen's kappa for two coders, Krippendorff's alpha "
        "(ordinal) for any number, each with a bootstrap 95% interval and n, and the items "
        "they disagree on. A warning says how many ratings were given with the machine's "
        "rating in view.\n\n"
        "Examples:\n\n"
        "  pmh-assess agree results.json human.csv\n\n"
        "  pmh-assess agree results.json reviews.yaml --format markdown -o agreement.md\n\n"
        "  pmh-assess agree coder-a.yaml coder-b.yaml coder-c.yaml --rubric mhf-2024",
    )(guarded(agree))


def agree(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="[RESULTS] HUMAN...",
            help="Results JSON from `score --format json` (optional with two or more human "
            "files), then one or more human ratings files (CSV or overrides YAML).",
            show_default=False,
        ),
    ],
    rubric: RubricOption = None,
    fmt: Annotated[str | None, format_option(AGREEMENT)] = None,
    output: OutputOption = None,
) -> None:
    check_inputs(paths)
    chosen = choose_format(fmt, output, AGREEMENT, reads=paths)
    found = [p for p in paths if p.suffix.lower() == ".json"]
    if len(found) > 1 or (found and found[0] != paths[0]):
        raise UserError("give at most one results .json file, first, then the human ratings")
    results_path = found[0] if found else None
    humans = paths[1:] if results_path else paths
    if not humans:
        raise UserError("give a human ratings file after the results file")
    if results_path is None and len(humans) < 2:
        raise UserError(
            "give a results .json file and a human ratings file, or two or more coders' files"
        )
    if len(humans) == 1:
        assert results_path is not None
        _machine_against_human(results_path, humans[0], chosen, output)
    else:
        _between_coders(results_path, humans, rubric, chosen, output)


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        stderr.print(f"[yellow]warning[/yellow]: {rich_text(warning)}", soft_wrap=True)


def _machine_against_human(
    results_path: Path, human_path: Path, chosen: str, output: Path | None
) -> None:
    from ..agreement import agreement, load_human
    from ..agreement.render import FORMATS, renderables, to_text
    from ..results import load_results

    results = load_results(results_path)
    human, warnings = load_human(human_path, results)
    report = agreement(results, human, warnings)
    _warn(warnings)
    if chosen == "table" and output is None:
        show(renderables(report))
    elif chosen == "table":
        emit(to_text(report, width()), output)
    else:
        emit(FORMATS[chosen](report), output, chosen)


def _between_coders(
    results_path: Path | None,
    humans: list[Path],
    rubric: str | None,
    chosen: str,
    output: Path | None,
) -> None:
    from ..agreement.coders import between_coders, load_coders
    from ..agreement.render import CODER_FORMATS, coders_renderables, coders_text
    from ..results import load_results
    from ..rubric import load_rubric
    from ..rubric.bundled import DEFAULT_RUBRIC, resolve_rubric

    results = load_results(results_path) if results_path else None
    if results is not None:
        levels = list(results.rubric.levels)
        rubric_id = results.rubric.id
        first = results.plans[0].criteria if results.plans else []
        criteria = {c.id: c.title for c in first}
        plans: set[str] | None = {p.id for p in results.plans}
    else:
        loaded = load_rubric(resolve_rubric(rubric or DEFAULT_RUBRIC))
        levels, rubric_id, plans = list(loaded.levels), loaded.id, None
        criteria = {c.id: c.title for c in loaded.criteria}
    coders, names, warnings = load_coders(humans, levels, criteria, rubric_id, plans)
    report = between_coders(
        coders, names, levels, criteria, rubric_id, results=results, warnings=warnings
    )
    _warn(warnings)
    if chosen == "table" and output is None:
        show(coders_renderables(report))
    elif chosen == "table":
        emit(coders_text(report, width()), output)
    else:
        emit(CODER_FORMATS[chosen](report), output, chosen)
