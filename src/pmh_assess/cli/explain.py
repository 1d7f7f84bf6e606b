"""`pmh-assess explain`: every hit behind a plan's ratings, and the rule that decided each."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ..formats import EXPLANATION
from .common import (
    OutputOption,
    PasswordOption,
    RubricOption,
    check_inputs,
    choose_format,
    emit,
    format_option,
    guarded,
    show,
    stderr,
    width,
)

if TYPE_CHECKING:
    from ..explain import PlanExplanation
    from ..overrides import Overrides


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
        typer.Option(
            "--criterion",
            "-c",
            help="Criterion id to explain in full (repeatable).",
            metavar="ID",
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", "-p", help="Plan id, when PLAN_PATH holds several.", metavar="ID"),
    ] = None,
    rubric: RubricOption = None,
    fmt: Annotated[str | None, format_option(EXPLANATION, "text")] = None,
    output: OutputOption = None,
    password: PasswordOption = None,
    overrides: Annotated[
        Path | None,
        typer.Option(
            "--overrides",
            help="Reviewer ratings (YAML or CSV): each is shown beside the machine's.",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    from ..explain import Explainer, select_plan
    from ..explain.render import renderables, to_json, to_text
    from ..overrides import check_against_rubric, load_overrides
    from ..plans import rubric_for
    from ..rubric import load_rubric
    from ..suggest import SuggestUnavailable, possibly_missed

    check_inputs([path, *([overrides] if overrides else [])])
    chosen = choose_format(fmt, output, EXPLANATION, default="text")
    loaded = load_rubric(rubric_for([path], rubric))
    reviews = check_against_rubric(load_overrides(overrides), loaded) if overrides else None
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
    if reviews is not None:
        explanation = with_reviews(explanation, reviews)
    overview = not criterion
    if chosen == "json":
        emit(to_json(explanation), output, "json")
    elif output is not None:
        emit(to_text(explanation, overview, width()), output)
    else:
        show(renderables(explanation, overview))


def with_reviews(explanation: PlanExplanation, reviews: Overrides) -> PlanExplanation:
    """The explanation with each criterion's reviewer rating, if any, beside the machine's."""
    criteria = []
    for c in explanation.criteria:
        entry = reviews.get(explanation.plan, c.id)
        review = None
        if entry is not None:
            review = {"rating": entry.rating, "reviewer": entry.reviewer or "", "note": entry.note}
            review["date"] = entry.date or ""
        criteria.append(dataclasses.replace(c, review=review))
    return dataclasses.replace(explanation, criteria=criteria)
