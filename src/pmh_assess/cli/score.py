"""`pmh-assess score`: plans in, ratings with quoted evidence out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, UserError
from ..extract import DEFAULT_ENGINE, ENGINES
from ..limits import DEFAULT_MAX_MB, DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT
from ..report import FORMATS, SUFFIXES
from .common import (
    AllowOutsideOption,
    OutputOption,
    PasswordOption,
    QuietOption,
    RubricOption,
    check_inputs,
    choose_format,
    emit,
    flag,
    format_option,
    guarded,
    print_errors,
    show,
    told,
    width,
)

if TYPE_CHECKING:
    from ..snapshot import Snapshot

# The library is imported when a command runs, not when its --help is shown.
Engine = StrEnum("Engine", {name: name for name in ENGINES})  # type: ignore[misc]
"""The PDF engines the library has."""
DEFAULT = Engine(DEFAULT_ENGINE)


def register(app: typer.Typer) -> None:
    app.command(
        "score",
        help="Score plan documents (PDF, HTML, text, Markdown, Word) against a rubric.\n\n"
        "Folders are read recursively; a plans.yaml manifest groups documents into plans.\n\n"
        "Examples:\n\n"
        "  pmh-assess score plans/\n\n"
        "  pmh-assess score plans/ --detail\n\n"
        "  cat plan.pdf | pmh-assess score -\n\n"
        "  pmh-assess score ~/jfps/*.pdf --format json -o results.json\n\n"
        "  pmh-assess score plan.pdf --rubric criteria/my-rubric.yaml --format markdown\n\n"
        "  pmh-assess score plans/ --overrides reviews.yaml --format json -o results.json\n\n"
        "  pmh-assess score plans/ --check tests/golden/sample-plans.json\n\n"
        "  pmh-assess score ~/jfps/ --engine pdfplumber --workers 4 --timeout 300",
    )(guarded(score))


def score(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Plan files or folders; - reads one document from stdin.",
            show_default=False,
            metavar="PATHS",
        ),
    ],
    rubric: RubricOption = None,
    fmt: Annotated[str | None, format_option(FORMATS)] = None,
    output: OutputOption = None,
    detail: Annotated[
        bool,
        flag(
            "--detail",
            help="In the table: every plan's criteria with their best evidence "
            "(shown anyway for a single plan); else the summary across plans.",
        ),
    ] = False,
    password: PasswordOption = None,
    evidence: Annotated[
        int, typer.Option(help="Evidence quotes kept per criterion.", min=1, metavar="N")
    ] = 10,
    allow_outside: AllowOutsideOption = False,
    quiet: QuietOption = False,
    engine: Annotated[
        Engine,
        typer.Option(
            help="PDF reader: pdfium (fast) or pdfplumber (pure Python).", metavar="ENGINE"
        ),
    ] = DEFAULT,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes reading documents; 0 reads in this process, without time or "
            "memory limits. [default: one per core]",
            min=0,
            show_default=False,
            metavar="N",
        ),
    ] = None,
    no_cache: Annotated[
        bool, flag("--no-cache", help="Read every document again; keep nothing.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds allowed per document (0: no limit).", min=0, metavar="SECONDS"),
    ] = DEFAULT_TIMEOUT,
    max_pages: Annotated[
        int,
        typer.Option(help="Refuse documents with more pages (0: no limit).", min=0, metavar="N"),
    ] = DEFAULT_MAX_PAGES,
    max_mb: Annotated[
        float,
        typer.Option(
            help="Refuse files larger than this many MB (0: no limit).", min=0, metavar="MB"
        ),
    ] = DEFAULT_MAX_MB,
    max_memory: Annotated[
        int,
        typer.Option(help="MB of memory allowed per document (0: no limit).", min=0, metavar="MB"),
    ] = DEFAULT_MAX_MEMORY_MB,
    overrides: Annotated[
        Path | None,
        typer.Option(
            "--overrides",
            help="Reviewer ratings (YAML or CSV) that replace the machine's; both are kept.",
            metavar="FILE",
        ),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            help="Compare ratings with this snapshot; exit 1 and list what differs. "
            "The report is then written only with --output.",
            metavar="FILE",
        ),
    ] = None,
    update: Annotated[
        Path | None,
        typer.Option(
            "--update", help="Write the ratings to this snapshot file (on purpose).", metavar="FILE"
        ),
    ] = None,
    discount: Annotated[
        int,
        typer.Option(
            "--discount-shared",
            metavar="N",
            help="Rate each criterion without the evidence sentences that N or more other "
            "plans of this run also hold, verbatim or nearly (copied national or template "
            "text); derived criteria and overall ratings follow. Every evidence sentence is "
            "kept while scoring, which is slower. 0: off.",
            min=0,
        ),
    ] = 0,
) -> None:
    from ..limits import ReadOptions
    from ..run.paths import score_paths
    from .stdin import relabel, stdin_document

    if check and update:
        raise UserError("use --check or --update, not both")
    check_inputs(paths, stdin=True)
    chosen = choose_format(fmt, output, SUFFIXES)
    expected = None
    if check:
        from ..snapshot import load_snapshot

        expected = load_snapshot(check)
    read = ReadOptions(
        engine=engine.value,
        password=password,
        timeout=timeout or None,
        max_pages=max_pages or None,
        max_mb=max_mb or None,
        max_memory_mb=max_memory or None,
    )
    with stdin_document(paths) as inputs:
        scored = score_paths(
            inputs,
            rubric=rubric,
            read=read,
            evidence=evidence,
            allow_outside=allow_outside,
            overrides=overrides,
            workers=workers,
            cache=not no_cache,
            keep_run=inputs == paths,  # a run from stdin is not kept
            discount_shared=discount,
            **told(quiet),
        )
        if inputs != paths:
            from ..run.runs import Scored

            results = scored.results
            relabel(results, inputs, paths)
            scored = Scored(results)
    if (check or update) and output is None:
        pass
    elif chosen == "table" and output is None:
        from ..report.table import renderables

        show(renderables(scored.results, detail=detail or None))
    elif chosen == "table":
        from ..report.table import render_text

        emit(render_text(scored.results, width(), detail=detail or None), output)
    elif chosen == "json":
        emit(
            scored.json(), output, "json"
        )  # written in pieces: a kept run as it is, or plan by plan
    else:
        from ..report import render

        emit(render(scored.results, chosen), output, chosen)
    print_errors(scored.errors)
    if update or check:
        from ..snapshot import take_snapshot

        snapshot = take_snapshot(scored.results)
        if update:
            emit(snapshot.to_json(), update, "json")
    if expected is not None and not _matches(expected, snapshot, check):
        raise typer.Exit(ExitCode.INPUT_ERRORS)
    if scored.errors:
        raise typer.Exit(ExitCode.INPUT_ERRORS)


def _matches(expected: Snapshot, actual: Snapshot, path: Path | None) -> bool:
    """Print every rating that differs from the snapshot; True when none does."""
    from ..snapshot import compare

    differences = compare(expected, actual)
    for difference in differences:
        sys.stdout.write(f"{difference}\n")
    if differences:
        sys.stdout.write(f"{len(differences)} rating(s) differ from {path}\n")
    else:
        sys.stdout.write(f"ratings of {len(actual.plans)} plan(s) match {path}\n")
    return not differences
