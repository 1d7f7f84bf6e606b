"""The options of every command that reads and scores plans, declared once.

`@plan_options()` gives a command the reading options (PDF engine, password, workers,
cache, the limits that protect a run, manifests' outside documents, the progress bar);
`evidence=True` and `discount=True` add `--evidence` and `--discount-shared` where the
command's output has evidence lists to cut or ratings to work out without shared text.
The command receives them as one `Scoring` value, `scoring`, and hands `options()` to
the library's `score_paths` (or its `read`, `cache` and `workers` to what reads
documents): the same options mean the same in every command.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from ..extract import DEFAULT_ENGINE, ENGINES
from ..run.limits import (
    DEFAULT_MAX_MB,
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    ReadOptions,
)
from .common import told

if TYPE_CHECKING:
    from ..plans import PlanSpec
    from ..results import ErrorItem
    from ..run import PreparedPlan
    from ..run.paths import ScoreOptions, Told

Engine = StrEnum("Engine", {name: name for name in ENGINES})  # type: ignore[misc]
"""The PDF engines the library has."""

PANEL = "Reading and scoring plans"
"""Where --help lists these options, apart from the command's own."""

DEFAULT_EVIDENCE = 10


@dataclass(frozen=True)
class Scoring:
    """How a command reads and scores plans, from the options below."""

    engine: str = DEFAULT_ENGINE
    password: str | None = None
    workers: int | None = None
    no_cache: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_pages: int = DEFAULT_MAX_PAGES
    max_mb: float = DEFAULT_MAX_MB
    max_memory: int = DEFAULT_MAX_MEMORY_MB
    allow_outside: bool = False
    quiet: bool = False
    evidence: int = DEFAULT_EVIDENCE
    discount_shared: int = 0

    @property
    def read(self) -> ReadOptions:
        """The reading options: engine, password and limits (0 switches a limit off)."""
        return ReadOptions(
            engine=self.engine,
            password=self.password,
            timeout=self.timeout or None,
            max_pages=self.max_pages or None,
            max_mb=self.max_mb or None,
            max_memory_mb=self.max_memory or None,
        )

    @property
    def cache(self) -> bool:
        return not self.no_cache

    def told(self) -> Told:
        """The progress bar and the notes on stderr that `score_paths` takes."""
        return told(self.quiet)

    def options(self, *, evidence: int | None = None, discount: bool = True) -> ScoreOptions:
        """The keywords of the library's `score_paths` and `results_or_scored` that these
        options give, the same for every command: `evidence` in place of --evidence (to
        keep every sentence), and without the shared-text discount where the command
        works it out itself (`discount=False`)."""
        return {
            "read": self.read,
            "evidence": self.evidence if evidence is None else evidence,
            "allow_outside": self.allow_outside,
            "workers": self.workers,
            "cache": self.cache,
            "discount_shared": self.discount_shared if discount else 0,
            **self.told(),
        }


def _engine(value: Any) -> str:
    return str(value.value if isinstance(value, Engine) else value)


READING: dict[str, tuple[Any, Any]] = {
    "password": (
        Annotated[
            str | None,
            typer.Option(
                help="Password for encrypted PDFs.", metavar="TEXT", rich_help_panel=PANEL
            ),
        ],
        None,
    ),
    "engine": (
        Annotated[
            Engine,
            typer.Option(
                help="PDF reader: pdfium (fast) or pdfplumber (pure Python).",
                metavar="ENGINE",
                rich_help_panel=PANEL,
            ),
        ],
        Engine(DEFAULT_ENGINE),
    ),
    "workers": (
        Annotated[
            int | None,
            typer.Option(
                help="Processes reading documents; 0 reads in this process, without time or "
                "memory limits. [default: one per core]",
                min=0,
                show_default=False,
                metavar="N",
                rich_help_panel=PANEL,
            ),
        ],
        None,
    ),
    "no_cache": (
        Annotated[
            bool,
            typer.Option(
                "--no-cache",
                help="Read every document again; keep nothing.",
                metavar="",
                rich_help_panel=PANEL,
            ),
        ],
        False,
    ),
    "timeout": (
        Annotated[
            float,
            typer.Option(
                help="Seconds allowed per document (0: no limit).",
                min=0,
                metavar="SECONDS",
                rich_help_panel=PANEL,
            ),
        ],
        DEFAULT_TIMEOUT,
    ),
    "max_pages": (
        Annotated[
            int,
            typer.Option(
                help="Refuse documents with more pages (0: no limit).",
                min=0,
                metavar="N",
                rich_help_panel=PANEL,
            ),
        ],
        DEFAULT_MAX_PAGES,
    ),
    "max_mb": (
        Annotated[
            float,
            typer.Option(
                help="Refuse files larger than this many MB (0: no limit).",
                min=0,
                metavar="MB",
                rich_help_panel=PANEL,
            ),
        ],
        DEFAULT_MAX_MB,
    ),
    "max_memory": (
        Annotated[
            int,
            typer.Option(
                help="MB of memory allowed per document (0: no limit).",
                min=0,
                metavar="MB",
                rich_help_panel=PANEL,
            ),
        ],
        DEFAULT_MAX_MEMORY_MB,
    ),
    "allow_outside": (
        Annotated[
            bool,
            typer.Option(
                "--allow-outside",
                help="Let a plans.yaml name documents outside its folder.",
                metavar="",
                rich_help_panel=PANEL,
            ),
        ],
        False,
    ),
    "quiet": (
        Annotated[
            bool,
            typer.Option(
                "--quiet", "-q", help="No progress bar.", metavar="", rich_help_panel=PANEL
            ),
        ],
        False,
    ),
}
"""Every command that reads plans takes these."""

EVIDENCE: dict[str, tuple[Any, Any]] = {
    "evidence": (
        Annotated[
            int,
            typer.Option(
                help="Evidence quotes kept per criterion (and compared across plans for "
                "shared text).",
                min=1,
                metavar="N",
                rich_help_panel=PANEL,
            ),
        ],
        DEFAULT_EVIDENCE,
    ),
}
"""Where the output lists each criterion's evidence."""

DISCOUNT: dict[str, tuple[Any, Any]] = {
    "discount_shared": (
        Annotated[
            int,
            typer.Option(
                "--discount-shared",
                metavar="N",
                help="Rate each criterion without the evidence sentences that N or more other "
                "plans of this run also hold, verbatim or nearly (copied national or template "
                "text); derived criteria and overall ratings follow. Every evidence sentence "
                "is kept while scoring, which is slower. 0: off.",
                min=0,
                rich_help_panel=PANEL,
            ),
        ],
        0,
    ),
}
"""Where the output gives ratings of a run of plans."""

P = ParamSpec("P")
R = TypeVar("R")


PLANS = ("allow_outside", "quiet")
"""The reading options that concern plans (manifests, a run's progress), not a document."""


def plan_options(
    *, evidence: bool = False, discount: bool = False, plans: bool = True
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Give a command the reading options (and `--evidence`, `--discount-shared`), handed
    to it as one keyword argument, `scoring: Scoring`. A command that reads one document
    (`plans=False`) leaves out the options about plans."""
    reading = {k: v for k, v in READING.items() if plans or k not in PLANS}
    taken = {**reading, **(EVIDENCE if evidence else {}), **(DISCOUNT if discount else {})}

    def decorate(command: Callable[..., R]) -> Callable[..., R]:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "scoring"]
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=value)
            for name, (kind, value) in taken.items()
        ]

        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> R:
            values = {name: kwargs.pop(name) for name in taken if name in kwargs}
            if "engine" in values:
                values["engine"] = _engine(values["engine"])
            return command(*args, scoring=Scoring(**values), **kwargs)

        parameters = own + added
        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper

    return decorate


def read_plans(
    specs: list[PlanSpec], scoring: Scoring
) -> tuple[list[PreparedPlan], list[ErrorItem]]:
    """The plans' documents read as `score` reads them, with the reading options, for the
    commands that look inside plans rather than score them (`rubric audit`, `diff`, ...)."""
    from ..run import prepare_plans
    from ..run.cache import TextCache
    from .common import stderr
    from .progress import progress_bar

    documents = len({path for spec in specs for path in spec.documents})
    with progress_bar(stderr.console, documents, quiet=scoring.quiet) as advance:
        return prepare_plans(
            specs,
            read=scoring.read,
            workers=scoring.workers,
            cache=TextCache() if scoring.cache else None,
            progress=advance,
        )


__all__ = ["PANEL", "Engine", "Scoring", "plan_options", "read_plans"]
