"""`pmh-assess rubric suggest`: sentences closest to a criterion that no rule matched."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode
from .common import (
    AllowOutsideOption,
    OutputOption,
    PasswordOption,
    RubricOption,
    emit,
    guarded,
    stderr,
)

if TYPE_CHECKING:
    from ..suggest import Suggestion


class Format(StrEnum):
    text = "text"
    json = "json"


def register(rubric_app: typer.Typer) -> None:
    rubric_app.command(
        "suggest",
        help="Sentences the rules may have missed: the plan sentences closest in meaning to "
        "a criterion's title, description and must-match examples that none of its rules "
        "matched, ranked, each with the nearest example. For rubric maintainers and "
        "reviewers; suggestions never change a rating.\n\n"
        'Needs the optional model: pip install "pmh-assess[suggest]" (loaded offline).\n\n'
        "Example: pmh-assess rubric suggest group-asylum-refugees plans/ --top 5",
    )(guarded(suggest_command))


def render_text(criterion: str, found: list[Suggestion]) -> str:
    if not found:
        return f"{criterion}: no unmatched sentence to suggest\n"
    lines = [f"{criterion}: {len(found)} sentence(s) no rule matched, closest first", ""]
    for n, s in enumerate(found, 1):
        page = s.page_label or str(s.page)
        lines.append(f"{n:>2}. {s.similarity:.2f}  {s.plan}  {Path(s.document).name} p.{page}")
        lines.append(f"    {s.sentence}")
        lines.append(f"    nearest {s.nearest_kind}: {s.nearest}")
    return "\n".join(lines) + "\n"


def suggest_command(
    criterion: Annotated[
        str, typer.Argument(metavar="CRITERION", help="The criterion id.", show_default=False)
    ],
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATHS", help="Plan files or folders.", show_default=False),
    ],
    rubric: RubricOption = None,
    top: Annotated[int, typer.Option(help="How many sentences to show.", min=1)] = 10,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: OutputOption = None,
    password: PasswordOption = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    from ..cache import TextCache
    from ..plans import discover, no_documents, rubric_for
    from ..rubric import load_rubric
    from ..run import ReadOptions, prepare_plans
    from ..suggest import suggest

    loaded = load_rubric(rubric_for(paths, rubric))
    specs, errors = discover(paths, allow_outside=allow_outside)
    if not specs and not errors:
        raise no_documents()
    prepared, unreadable = prepare_plans(
        specs, read=ReadOptions(password=password), cache=TextCache()
    )
    found = suggest(loaded, criterion, prepared, top=top)
    if fmt is Format.json:
        data = {"criterion": criterion, "suggestions": [asdict(s) for s in found]}
        emit(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n", output, "json")
    else:
        emit(render_text(criterion, found), output)
    for error in [*errors, *unreadable]:
        stderr.print(f"[red]error[/red]: {error.path}: {error.message}", soft_wrap=True)
    if errors or unreadable:
        raise typer.Exit(ExitCode.INPUT_ERRORS)
