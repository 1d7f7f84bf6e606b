"""`pmh-assess compare OLD NEW`: what changed between two versions of a plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..base.errors import ExitCode
from ..base.formats import COMPARISON
from .common import (
    OutputOption,
    RubricOption,
    choose_format,
    emit,
    format_option,
    guarded,
    print_errors,
)
from .options import Scoring, plan_options

if TYPE_CHECKING:
    from ..results import Results


def register(app: typer.Typer) -> None:
    app.command(
        "compare",
        help="What changed between two versions of a plan: each criterion's rating before "
        "and after, the evidence sentences added, removed, kept and changed (a sentence "
        "reworded slightly is shown as a word diff), and the overall rating, with a "
        "summary line first.\n\n"
        "OLD and NEW are plan files, folders (plans are paired by their plans.yaml id) or "
        "results files from `score --format json`. Plan files are scored with every "
        "evidence sentence kept; a results file holds only the quotes it was written "
        "with (see score --evidence).\n\n"
        "Examples:\n\n"
        "  pmh-assess compare plans/ plans-2024/\n\n"
        "  pmh-assess compare old-jfp.pdf new-jfp.pdf -o changes.md\n\n"
        "  pmh-assess compare results-2023.json results-2024.json --plan fenwick-vale "
        "--fail-on-drop",
    )(guarded(plan_options(discount=True)(compare)))


def _side(path: Path, *, rubric: str | None, scoring: Scoring) -> tuple[Results, bool]:
    """A side's results, and whether they came from a results file."""
    from ..engine.scoring import ALL_EVIDENCE
    from ..run.paths import results_or_scored

    # every sentence kept, so that added and removed are complete
    results, found = results_or_scored(
        [path], rubric=rubric, **scoring.options(evidence=ALL_EVIDENCE)
    )
    if found is not None:
        return results, True
    print_errors(results.errors)
    if not results.plans:
        raise typer.Exit(ExitCode.INPUT_ERRORS)
    return results, False


def compare(
    old: Annotated[
        Path, typer.Argument(metavar="OLD", help="The earlier version.", show_default=False)
    ],
    new: Annotated[
        Path, typer.Argument(metavar="NEW", help="The later version.", show_default=False)
    ],
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            "-p",
            help="Compare only this plan id (when a side holds several).",
            metavar="ID",
        ),
    ] = None,
    fmt: Annotated[str | None, format_option(COMPARISON)] = None,
    output: OutputOption = None,
    fail_on_drop: Annotated[
        bool,
        typer.Option(
            "--fail-on-drop",
            help="Exit 1 when any criterion or overall rating fell (for CI).",
            metavar="",
        ),
    ] = False,
    rubric: RubricOption = None,
    *,
    scoring: Scoring,
) -> None:
    from ..compare import compare_results
    from ..compare.render import RENDERERS

    chosen = choose_format(fmt, output, COMPARISON, reads=[old, new, rubric])
    (before, old_file), (after, new_file) = (
        _side(path, rubric=rubric, scoring=scoring) for path in (old, new)
    )
    comparison = compare_results(before, after, plan=plan, old_label=str(old), new_label=str(new))
    if old_file != new_file:
        comparison.notes.append(
            "one side is a results file, which keeps only the quotes it was written with "
            "(score --evidence): sentences beyond them may show as added or removed"
        )
    emit(RENDERERS[chosen](comparison), output, chosen)
    if before.errors or after.errors or (fail_on_drop and comparison.fell):
        raise typer.Exit(ExitCode.INPUT_ERRORS)
