"""The command line: a thin shell over the library. One module per command (group)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..engine.scoring import tool_version
from . import (
    agree,
    cache,
    compare,
    coverage,
    explain,
    extract,
    review,
    rubric,
    score,
    serve,
    suggest,
)
from .common import stop_on_sigterm
from .helptext import conventional

app = typer.Typer(
    name="pmh-assess",
    help="Score health and care plans against public mental health criteria, "
    "with quoted evidence and page numbers.\n\nExample: pmh-assess score plans/",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
score.register(app)
coverage.register(app)
compare.register(app)
cache.register(app)
agree.register(app)
explain.register(app)
extract.register(app)
review.register(app)
rubric.register(app)
serve.register(app)
suggest.register(rubric.app)
conventional(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pmh-assess {tool_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_version,
            is_eager=True,
            metavar="",
        ),
    ] = False,
) -> None:
    """Score health and care plans against public mental health criteria."""


def main() -> None:
    stop_on_sigterm()
    app()
