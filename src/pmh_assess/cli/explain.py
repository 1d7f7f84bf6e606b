"""`pmh-assess explain`: every hit behind a plan's ratings, and the rule that decided each."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.markup import escape

from ..explain import Explainer, select_plan
from ..explain.render import renderables, to_json, to_text
from ..plans import rubric_for
from ..rubric import load_rubric
from ..suggest import SuggestUnavailable, possibly_missed
from .common import OutputOption, PasswordOption, RubricOption, emit, guarded, stderr


class Format(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(
        "explain",
        help="Show why a plan got its ratings: every hit in its sentence, the page, rule, "
        "term and strength, the hits voided and why, the rating rule that decided, and "
        "what was missing. Without --criterion: an overview of all criteria.\n\n"
        "Examples:\n\n"
        "  pmh-assess explain plans/fenwick-vale-joint-forward-plan.pdf\n\n"
        "  pmh-assess explain plans/ --plan northmoor-elsdale --criterion primary-prevention",
    )(guarded(explain))


def explain(
    path: Annotated[
        Path, typer.Argument(metavar="PLAN_PATH", help="A plan document, folder or plans.yaml.")
    ],
    criterion: Annotated[
        list[str] | None,
        typer.Option("--criterion", "-c", help="Criterion id to explain in full (repeatable)."),
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", "-p", help="Plan id, when PLAN_PATH holds several.")
    ] = None,
    rubric: RubricOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: OutputOption = None,
    password: PasswordOption = None,
) -> None:
    loaded = load_rubric(rubric_for([path], rubric))
    spec = select_plan(path, plan)
    explainer = Explainer(spec, loaded, password=password)
    explanation = explainer.plan(criterion or None)
    worst = [
        c for c in explanation.criteria if c.rating == loaded.levels[-1] and not c.derived_from
    ]
    if criterion and worst:
        try:
            for c in worst:
                c.possibly_missed = possibly_missed(
                    loaded, c.id, spec.id, explainer.scorer, explainer.indexes
                )
        except SuggestUnavailable as exc:
            stderr.print(
                f"note: no 'possibly missed' sentences: {escape(str(exc))}", soft_wrap=True
            )
    overview = not criterion
    if fmt is Format.json:
        emit(to_json(explanation), output)
    elif output is not None:
        emit(to_text(explanation, overview), output)
    else:
        console = Console(file=sys.stdout)
        if not console.is_terminal:
            console = Console(file=sys.stdout, width=120)
        console.print(Group(*renderables(explanation, overview)))
