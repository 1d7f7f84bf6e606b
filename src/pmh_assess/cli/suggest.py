"""`pmh-assess rubric suggest`: sentences closest to a criterion that no rule matched."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..base.errors import ExitCode
from ..base.formats import SUGGESTIONS
from .common import (
    OutputOption,
    RubricOption,
    choose_format,
    emit,
    format_option,
    guarded,
    print_errors,
)
from .options import Scoring, plan_options, read_plans


def register(rubric_app: typer.Typer) -> None:
    rubric_app.command(
        "suggest",
        help="Sentences the rules may have missed: the plan sentences closest in meaning to "
        "a criterion's title, description and must-match examples that none of its rules "
        "matched, ranked, each with the nearest example. For rubric maintainers and "
        "reviewers; suggestions never change a rating.\n\n"
        'Needs the optional model: pip install "pmh-assess[suggest]" (loaded offline).\n\n'
        "Example: pmh-assess rubric suggest group-asylum-refugees plans/ --top 5",
    )(guarded(plan_options()(suggest_command)))


def suggest_command(
    criterion: Annotated[
        str, typer.Argument(metavar="CRITERION", help="The criterion id.", show_default=False)
    ],
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATHS", help="Plan files or folders.", show_default=False),
    ],
    rubric: RubricOption = None,
    top: Annotated[int, typer.Option(help="How many sentences to show.", min=1, metavar="N")] = 10,
    fmt: Annotated[str | None, format_option(SUGGESTIONS, "text")] = None,
    output: OutputOption = None,
    *,
    scoring: Scoring,
) -> None:
    from ..plans import discover, no_documents, rubric_for
    from ..rubric import load_rubric
    from ..suggest import RENDERERS, suggest

    chosen = choose_format(fmt, output, SUGGESTIONS, "text", reads=[*paths, rubric])
    loaded = load_rubric(rubric_for(paths, rubric))
    specs, errors = discover(paths, allow_outside=scoring.allow_outside)
    if not specs and not errors:
        raise no_documents()
    prepared, unreadable = read_plans(specs, scoring)
    found = suggest(loaded, criterion, prepared, top=top)
    emit(RENDERERS[chosen](found), output, chosen)
    print_errors([*errors, *unreadable])
    if errors or unreadable:
        raise typer.Exit(ExitCode.INPUT_ERRORS)
