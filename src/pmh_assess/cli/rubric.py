"""`pmh-assess rubric ...`: list, show, check, audit and diff rubrics, and print their schema."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..base.errors import ExitCode, UserError
from ..base.formats import RUBRIC_AUDIT, RUBRIC_CHECK, RUBRIC_DIFF, RUBRIC_LIST, RUBRIC_SCHEMA
from ..base.safe import rich_text
from .common import (
    OutputOption,
    choose_format,
    console,
    emit,
    format_option,
    guarded,
    plain_text,
    stderr,
)
from .options import Scoring, plan_options, read_plans

app = typer.Typer(
    help="Keep rubrics valid and see what a change does: list, show, check, audit, diff, "
    "suggest, schema.\n\nExample: pmh-assess rubric check criteria/",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def is_rubric(path: Path) -> bool:
    """Whether a file in a folder given to `rubric check` is read as a rubric."""
    from ..authoring.check import SUFFIXES

    return path.suffix in SUFFIXES


def register(parent: typer.Typer) -> None:
    from . import suggest  # `rubric suggest` has a module of its own

    if not any(command.name == "suggest" for command in app.registered_commands):
        suggest.register(app)
    parent.add_typer(app, name="rubric")


def _console() -> Console:
    return console()


@app.command("list")
@guarded
def list_(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Local rubric files or folders. [default: ./criteria]"),
    ] = None,
    fmt: Annotated[str | None, format_option(RUBRIC_LIST)] = None,
    output: OutputOption = None,
) -> None:
    """Bundled and local rubrics: id, version, number of criteria.

    Example: pmh-assess rubric list my-rubrics/
    """
    from ..authoring.catalogue import list_rubrics

    local = paths if paths else [p for p in [Path("criteria")] if p.is_dir()]
    chosen = choose_format(fmt, output, RUBRIC_LIST, reads=local, read_in_folders=is_rubric)
    entries = list_rubrics(local)
    if chosen == "json":
        emit(
            json.dumps([asdict(e) for e in entries], indent=2, allow_nan=False) + "\n",
            output,
            "json",
        )
        return
    table = Table(header_style="bold")
    for column in ("Id", "Version", "Criteria", "Source", "Path"):
        table.add_column(column)
    for e in entries:
        criteria = str(e.criteria) if e.id else f"[red]{e.problems} problem(s)[/red]"
        # a bundled rubric by its name (`--format json` gives where it is installed)
        where = Path(e.path).name if e.source == "bundled" else e.path
        table.add_row(e.id or "?", e.version or "", criteria, e.source, rich_text(where))
    if output is None:
        _console().print(table)
    else:
        emit(plain_text(table), output)


@app.command()
@guarded
def show(
    rubric: Annotated[str, typer.Argument(help="A bundled rubric id or a rubric file.")],
) -> None:
    """A rubric's criteria, evidence rules, rating rules and levels, as a tree.

    Example: pmh-assess rubric show mhf-2024
    """
    from ..authoring.show import rubric_tree
    from ..rubric import load_rubric, resolve_rubric

    _console().print(rubric_tree(load_rubric(resolve_rubric(rubric))))


@app.command()
@guarded
def check(
    paths: Annotated[list[Path], typer.Argument(help="Rubric files or folders of them.")],
    strict: Annotated[
        bool, typer.Option(help="Every criterion needs must-match and must-not-match examples.")
    ] = False,
    coverage: Annotated[
        bool, typer.Option(help="Also list rules and terms that no example exercises.")
    ] = False,
    fmt: Annotated[str | None, format_option(RUBRIC_CHECK, "text")] = None,
    output: OutputOption = None,
) -> None:
    """Check rubric files: YAML, schema, references, rating logic, patterns, examples.

    Exits 1 when any error is found (warnings and notices do not fail).

    Examples:

      pmh-assess rubric check criteria/

      pmh-assess rubric check criteria/mhf-2024.yaml --strict --coverage

      pmh-assess rubric check criteria/ --strict --format github

    The github format gives GitHub Actions annotations.
    """
    from ..authoring import findings
    from ..authoring.check import check_paths

    chosen = choose_format(
        fmt, output, RUBRIC_CHECK, "text", reads=paths, read_in_folders=is_rubric
    )
    report = check_paths(paths, strict=strict, coverage=coverage)
    emit(findings.RENDERERS[chosen](report), output, chosen)
    if report.failed:
        raise typer.Exit(ExitCode.INPUT_ERRORS)


@app.command()
@guarded
@plan_options()
def audit(
    rubric: Annotated[str, typer.Argument(help="A bundled rubric id or a rubric file.")],
    plans: Annotated[list[Path], typer.Argument(help="Plan files or folders.")],
    sample: Annotated[int, typer.Option(help="Hits sampled per criterion.", min=0)] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the sample (same seed, same hits).")] = 0,
    fmt: Annotated[str | None, format_option(RUBRIC_AUDIT, "text")] = None,
    output: OutputOption = None,
    *,
    scoring: Scoring,
) -> None:
    """How a rubric behaves on a corpus, to check its precision by hand.

    Per criterion: terms that never match, terms giving most hits, hits voided and why,
    and a seeded random sample of hits.

    Example: pmh-assess rubric audit criteria/mhf-2024.yaml plans/ --sample 10 --seed 7
    """
    from ..authoring import audit as audit_mod
    from ..plans import discover
    from ..rubric import load_rubric, resolve_rubric

    chosen = choose_format(fmt, output, RUBRIC_AUDIT, "text", reads=[rubric, *plans])
    loaded = load_rubric(resolve_rubric(rubric))
    specs, errors = discover(plans, allow_outside=scoring.allow_outside)
    prepared, unreadable = read_plans(specs, scoring)
    report = audit_mod.audit_rubric(
        loaded, prepared, seed=seed, sample=sample, errors=errors + unreadable
    )
    emit(audit_mod.RENDERERS[chosen](report), output, chosen)
    if report.errors:
        raise typer.Exit(ExitCode.INPUT_ERRORS)


@app.command()
@guarded
@plan_options()
def diff(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="OLD NEW PLANS..., or with --base-ref: RUBRIC PLANS...", show_default=False
        ),
    ],
    base_ref: Annotated[
        str | None,
        typer.Option("--base-ref", help="Take the old rubric from git at this ref."),
    ] = None,
    fmt: Annotated[str | None, format_option(RUBRIC_DIFF, "text")] = None,
    fail_on_change: Annotated[
        bool,
        typer.Option("--fail-on-change", help="Exit 1 when any rating changes.", metavar=""),
    ] = False,
    output: OutputOption = None,
    *,
    scoring: Scoring,
) -> None:
    """Which ratings a rubric change moves, with the evidence gained or lost.

    Plans are scored with both versions; each document is read once.

    Exits 0 unless --fail-on-change is given and a rating changed (or a document
    could not be read).

    Examples:

      pmh-assess rubric diff old.yaml new.yaml plans/

      pmh-assess rubric diff --base-ref origin/main criteria/mhf-2024.yaml plans/ -f markdown
    """
    from ..authoring import diff as diff_mod
    from ..plans import discover
    from ..rubric import load_rubric, resolve_rubric

    need = 2 if base_ref else 3
    if len(paths) < need:
        usage = "RUBRIC PLANS..." if base_ref else "OLD NEW PLANS..."
        raise UserError(f"rubric diff needs {usage} (got {len(paths)} argument(s))")
    chosen = choose_format(fmt, output, RUBRIC_DIFF, "text", reads=paths)
    if base_ref:
        new_path = resolve_rubric(paths[0])
        old = diff_mod.rubric_from_git(base_ref, new_path)
        old_label, plan_args = f"{base_ref}:{new_path}", paths[1:]
    else:
        old_path, new_path = resolve_rubric(paths[0]), resolve_rubric(paths[1])
        old, old_label, plan_args = load_rubric(old_path), str(old_path), paths[2:]
    new = load_rubric(new_path)
    specs, errors = discover([Path(p) for p in plan_args], allow_outside=scoring.allow_outside)
    if not specs and not errors:
        raise UserError("no plan documents found")
    prepared, unreadable = read_plans(specs, scoring)
    result = diff_mod.diff_rubrics(
        old,
        new,
        prepared,
        old_label=old_label,
        new_label=str(new_path),
        errors=errors + unreadable,
    )
    emit(diff_mod.RENDERERS[chosen](result), output, chosen)
    if output is not None:
        stderr.print(result.summary())
    if result.errors or (fail_on_change and result.changes):
        raise typer.Exit(ExitCode.INPUT_ERRORS)


@app.command()
@guarded
def schema(output: OutputOption = None) -> None:
    """The JSON Schema of rubric files, for editors that validate and complete YAML.

    Example: pmh-assess rubric schema -o rubric.schema.json
    """
    from ..rubric.schema import rubric_schema_json

    choose_format(None, output, RUBRIC_SCHEMA, "json", has_format=False)
    emit(rubric_schema_json(), output, "json")
