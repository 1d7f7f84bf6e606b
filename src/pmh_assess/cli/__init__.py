"""The command line: a thin shell over the library. One module per command (group).

A command's module, and the library it uses, is imported only when that command runs or
shows its own help: the list of commands in `pmh-assess --help` (and in shell completion)
comes from COMMANDS below, so that it imports nothing but typer.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import typer
import typer.main

from .helptext import Command, Group, conventional


@dataclass(frozen=True)
class Lazy:
    """A command (or group) listed before its module is imported."""

    module: str
    """The module under `pmh_assess.cli` whose `register(app)` adds the command."""
    summary: str
    """The first paragraph of the command's help, as the list of commands shows it (a test
    keeps it equal to the command's own)."""


COMMANDS: dict[str, Lazy] = {
    "score": Lazy(
        "score", "Score plan documents (PDF, HTML, text, Markdown, Word) against a rubric."
    ),
    "coverage": Lazy(
        "coverage",
        "Coverage across plans: the plans x criteria matrix, shares of plans per criterion, "
        "tag group and overall rating, and population-weighted figures.",
    ),
    "plot": Lazy(
        "coverage",
        "Draw one chart as SVG or PNG (by the output's suffix) for papers and slides: groups "
        "(share of plans covering each criterion of each tag group), overall (overall "
        "ratings of plans and people) or matrix (the heat map).",
    ),
    "compare": Lazy(
        "compare",
        "What changed between two versions of a plan: each criterion's rating before and "
        "after, the evidence sentences added, removed, kept and changed (a sentence reworded "
        "slightly is shown as a word diff), and the overall rating, with a summary line first.",
    ),
    "agree": Lazy(
        "agree",
        "Agreement between machine ratings and human ratings: per criterion and pooled, the "
        "number of pairs, percentage agreement, Cohen's kappa and weighted kappa (linear, "
        "quadratic) with 95% confidence intervals, the confusion matrix and the criteria "
        "where the tool disagrees most.",
    ),
    "explain": Lazy(
        "explain",
        "Show why a plan got its ratings: every hit in its sentence, the page, rule, term and "
        "strength, the hits voided and why, the rating rule that decided, and what was "
        "missing. Without --criterion: an overview of all criteria.",
    ),
    "extract": Lazy(
        "extract",
        "Print a document's normalised text as the engine sees it: one sentence a line, page "
        "markers, blank lines between paragraphs, and the kind of sentences that never count "
        "as evidence ([heading], [contents], [glossary], [references]). Pages whose text "
        "extraction looks poor are flagged.",
    ),
    "review": Lazy(
        "review",
        "Walk the criteria you have not yet rated: see the evidence and the machine's rating, "
        "then answer with a level (Enter keeps the machine's), s to skip or q to quit, and an "
        "optional note. Every answer is saved at once to the overrides file; run the same "
        "command again to carry on where you stopped.",
    ),
    "serve": Lazy(
        "serve",
        "Review ratings in the browser: a plans x criteria grid, each criterion with its "
        "evidence highlighted on the page, rated from the keyboard. Every answer is saved at "
        "once to the overrides file that `review` and `score --overrides` use.",
    ),
    "cache": Lazy(
        "cache",
        "What scoring keeps between runs (extracted text, evidence, plan results, whole runs), "
        "which makes the next run fast.",
    ),
    "rubric": Lazy(
        "rubric",
        "Keep rubrics valid and see what a change does: list, show, check, audit, diff, "
        "suggest, schema.",
    ),
}
"""Every command in the order `--help` lists them."""

_loaded: dict[str, Any] = {}
"""The click commands of each module imported so far, by command name."""


def load(name: str) -> Any:
    """The click command `name`, importing its module (once per process)."""
    if name not in _loaded:
        # __import__ rather than importlib.import_module, which -X importtime does not list
        module = __import__(f"{__name__}.{COMMANDS[name].module}", fromlist=["register"])
        commands = typer.Typer(rich_markup_mode="rich")
        module.register(commands)
        conventional(commands)
        for loaded_name, command in typer.main.get_group(commands).commands.items():
            if loaded_name in COMMANDS:  # listed whole, as the stand-ins list it
                command.short_help = COMMANDS[loaded_name].summary
            _loaded[loaded_name] = command
    return _loaded[name]


class _Commands(MutableMapping[str, Any]):
    """A group's commands: every name of COMMANDS, each imported when first looked up."""

    def __init__(self, added: Mapping[str, Any]) -> None:
        self._added = dict(added)

    def __getitem__(self, name: str) -> Any:
        if name in self._added:
            return self._added[name]
        if name in COMMANDS:
            return load(name)
        raise KeyError(name)

    def __setitem__(self, name: str, command: Any) -> None:
        self._added[name] = command

    def __delitem__(self, name: str) -> None:
        del self._added[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._added if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._added.keys())


class LazyGroup(Group):
    """The top-level group: lists COMMANDS without importing them; imports the one run."""

    _listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)

    @contextmanager
    def _summaries(self) -> Iterator[None]:
        """While commands are listed, get_command gives a stand-in holding the summary."""
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: typer's own looks at every command

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing and cmd_name in COMMANDS and cmd_name not in _loaded:
            summary = COMMANDS[cmd_name].summary
            return Command(name=cmd_name, short_help=summary)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._summaries():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        with self._summaries():
            return super().shell_complete(ctx, incomplete)


app = typer.Typer(
    name="pmh-assess",
    cls=LazyGroup,
    help="Score health and care plans against public mental health criteria, "
    "with quoted evidence and page numbers.\n\nExample: pmh-assess score plans/",
    no_args_is_help=True,
    add_completion=True,
    # The list of commands is plain text: typer's rich help imports a Markdown parser and
    # rich's traceback and syntax modules (about 0.1 s) before printing anything.
    # Each command's own help is rich (see `load`).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from ..engine.scoring import tool_version

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


def stop_on_sigterm() -> None:
    """Stop on SIGTERM as on Ctrl-C: workers are stopped and no partial file is left."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main() -> None:
    stop_on_sigterm()
    app()


__all__ = ["COMMANDS", "app", "load", "main"]
