"""What every command shares: errors as one line, output to stdout or an atomic file."""

from __future__ import annotations

import functools
import signal
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console, Group, RenderableType
from rich.markup import escape

from ..errors import ExitCode, RubricError, UserError
from ..report import write_atomic

stderr = Console(stderr=True, highlight=False)


# Options several commands share, declared once so they read the same everywhere.
class ReportFormat(StrEnum):
    """Formats of a report that is a table on the terminal."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


RubricOption = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        help="Rubric file or bundled rubric id. [default: the one plans.yaml names, else mhf-2024]",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
PasswordOption = Annotated[str | None, typer.Option(help="Password for encrypted PDFs.")]
AllowOutsideOption = Annotated[
    bool,
    typer.Option("--allow-outside", help="Let a plans.yaml name documents outside its folder."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
P = ParamSpec("P")
R = TypeVar("R")


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a user-fixable error into one line per problem and exit code 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except RubricError as exc:
            for problem in exc.problems:
                stderr.print(f"[red]error[/red]: {escape(str(problem))}", soft_wrap=True)
            raise typer.Exit(ExitCode.USAGE) from None
        except UserError as exc:
            stderr.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(ExitCode.USAGE) from None
        except KeyboardInterrupt:
            stderr.print("Interrupted: nothing was written.")
            raise typer.Exit(130) from None

    return wrapper


def stop_on_sigterm() -> None:
    """Stop on SIGTERM as on Ctrl-C: workers are stopped and no partial file is left."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def show(parts: list[RenderableType]) -> None:
    """Print rich renderables to stdout: the terminal's width, or 160 columns in a pipe."""
    console = Console(file=sys.stdout)
    if not console.is_terminal:
        console = Console(file=sys.stdout, width=160)
    console.print(Group(*parts))


def emit(text: str | bytes, output: Path | None) -> None:
    """Write to a file atomically, or to stdout."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
        stderr.print(f"wrote {output}", style="dim")
