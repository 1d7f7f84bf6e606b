"""`pmh-assess score`: plans in, ratings with quoted evidence out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..base.errors import ExitCode, UserError
from ..base.formats import SCORES, SNAPSHOT
from .common import (
    OutputOption,
    OverridesOption,
    RubricOption,
    check_inputs,
    choose_format,
    emit,
    flag,
    format_option,
    guarded,
    print_errors,
    print_unassessable,
    show,
    width,
)
from .options import Scoring, plan_options

if TYPE_CHECKING:
    from ..results.snapshot import Snapshot


def register(app: typer.Typer) -> None:
    app.command(
        "score",
        help="Score plan documents (PDF, HTML, text, Markdown, Word) against a rubric.\n\n"
        "Folders are read recursively; a plans.yaml manifest groups documents into plans.\n\n"
        "Examples:\n\n"
        "  pmh-assess score plans/\n\n"
        "  pmh-assess score plans/ --detail\n\n"
        "  pmh-assess score plans/ -o results.json\n\n"
        "  cat plan.pdf | pmh-assess score - --stdin-name my-plan\n\n"
        "  pmh-assess score plan.pdf --rubric criteria/my-rubric.yaml --format markdown\n\n"
        "  pmh-assess score plans/ --overrides reviews.yaml -o results.json\n\n"
        "  pmh-assess score plans/ --check tests/golden/sample-plans.json\n\n"
        "  pmh-assess score ~/jfps/ --engine pdfplumber --workers 4 --timeout 300",
    )(guarded(plan_options(evidence=True, discount=True)(score)))


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
    fmt: Annotated[str | None, format_option(SCORES)] = None,
    output: OutputOption = None,
    detail: Annotated[
        bool,
        flag(
            "--detail",
            help="In the table: every plan's criteria with their best evidence "
            "(shown anyway for a single plan); else the summary across plans.",
        ),
    ] = False,
    overrides: OverridesOption = None,
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
            "--update",
            help="Write the ratings to this snapshot file (.json), on purpose.",
            metavar="FILE",
        ),
    ] = None,
    stdin_name: Annotated[
        str | None,
        typer.Option(
            "--stdin-name",
            help="The plan id of the document read from stdin (-), which also names the "
            "document in citations. [default: stdin]",
            metavar="NAME",
        ),
    ] = None,
    *,
    scoring: Scoring,
) -> None:
    from ..run.paths import score_paths
    from .stdin import relabel, stdin_document

    if check and update:
        raise UserError("use --check or --update, not both")
    check_inputs([*paths, *([overrides] if overrides else [])], stdin=True)
    reads = [*paths, rubric, overrides, check]
    chosen = choose_format(fmt, output, SCORES, reads=reads)
    if update is not None:
        choose_format(None, update, SNAPSHOT, "json", reads=reads)
    expected = None
    if check:
        from ..results.snapshot import load_snapshot

        expected = load_snapshot(check)
    with stdin_document(paths, stdin_name) as inputs:
        scored = score_paths(
            inputs,
            rubric=rubric,
            overrides=overrides,
            keep_run=inputs == paths,  # a run from stdin is not kept
            **scoring.options(),
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
    unread = print_unassessable(scored.unassessable())
    if update or check:
        from ..results.snapshot import take_snapshot

        snapshot = take_snapshot(scored.results)
        if update:
            emit(snapshot.to_json(), update, "json")
    if expected is not None and not _matches(expected, snapshot, check):
        raise typer.Exit(ExitCode.INPUT_ERRORS)
    if scored.errors or unread:
        raise typer.Exit(ExitCode.INPUT_ERRORS)


def _matches(expected: Snapshot, actual: Snapshot, path: Path | None) -> bool:
    """Print every rating that differs from the snapshot; True when none does."""
    from ..results.snapshot import compare

    differences = compare(expected, actual)
    for difference in differences:
        sys.stdout.write(f"{difference}\n")
    if differences:
        sys.stdout.write(f"{len(differences)} rating(s) differ from {path}\n")
    else:
        sys.stdout.write(f"ratings of {len(actual.plans)} plan(s) match {path}\n")
    return not differences
