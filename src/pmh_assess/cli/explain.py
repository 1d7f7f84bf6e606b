"""`pmh-assess explain`: every hit behind a plan's ratings, and the rule that decided each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..base.formats import EXPLANATION
from ..base.safe import rich_text
from .common import (
    OutputOption,
    OverridesOption,
    RubricOption,
    check_inputs,
    choose_format,
    emit,
    format_option,
    guarded,
    print_errors,
    show,
    stderr,
    width,
)
from .options import Scoring, plan_options


def register(app: typer.Typer) -> None:
    app.command(
        "explain",
        help="Show why a plan got its ratings: every hit in its sentence, the page, rule, "
        "term and strength, the hits voided and why, the rating rule that decided, and "
        "what was missing. Without --criterion: an overview of all criteria.\n\n"
        "Examples:\n\n"
        "  pmh-assess explain plans/fenwick-vale-joint-forward-plan.pdf\n\n"
        "  pmh-assess explain plans/ --plan northmoor-elsdale --criterion primary-prevention\n\n"
        "  pmh-assess explain plans/ plans-2024/fenwick-vale-joint-forward-plan.pdf "
        "--plan fenwick-vale --discount-shared 1",
    )(guarded(plan_options(discount=True)(explain)))


def explain(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATHS",
            help="Plan documents, folders or plans.yaml files: the plan to explain (see "
            "--plan) and, for --discount-shared, the run it is part of.",
            show_default=False,
        ),
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
        typer.Option("--plan", "-p", help="Plan id, when PATHS hold several.", metavar="ID"),
    ] = None,
    rubric: RubricOption = None,
    fmt: Annotated[str | None, format_option(EXPLANATION, "text")] = None,
    output: OutputOption = None,
    overrides: OverridesOption = None,
    *,
    scoring: Scoring,
) -> None:
    from ..explain import Explainer, check_criteria, select_plan, with_discount, with_reviews
    from ..explain.render import renderables, to_json, to_text
    from ..plans import rubric_for
    from ..review.overrides import load_overrides
    from ..rubric import load_rubric
    from ..suggest import SuggestUnavailable, possibly_missed

    check_inputs([*paths, *([overrides] if overrides else [])])
    chosen = choose_format(
        fmt, output, EXPLANATION, default="text", reads=[*paths, overrides, rubric]
    )
    loaded = load_rubric(rubric_for(paths, rubric))
    reviews = load_overrides(overrides, rubric=loaded) if overrides else None
    spec = select_plan(paths, plan, allow_outside=scoring.allow_outside)
    check_criteria(loaded, criterion or [])
    explainer = Explainer(
        spec, loaded, read=scoring.read, keep=scoring.cache, workers=scoring.workers
    )
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
                f"note: no 'possibly missed' sentences: {rich_text(str(exc))}", soft_wrap=True
            )
    if scoring.discount_shared:
        from ..engine.scoring import ALL_EVIDENCE
        from ..run.paths import score_paths

        # the whole run, every evidence sentence kept and shared text marked
        run = score_paths(
            paths, rubric=rubric, **scoring.options(evidence=ALL_EVIDENCE, discount=False)
        ).results
        print_errors(run.errors)
        explanation = with_discount(explanation, run, loaded, scoring.discount_shared)
    if reviews is not None:
        explanation = with_reviews(explanation, reviews)
    overview = not criterion
    if chosen == "json":
        emit(to_json(explanation), output, "json")
    elif output is not None:
        emit(to_text(explanation, overview, width()), output)
    else:
        show(renderables(explanation, overview))
