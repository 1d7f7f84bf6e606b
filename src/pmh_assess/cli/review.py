"""`pmh-assess review`: confirm or correct machine ratings, saving after every answer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.rule import Rule

from ..base.errors import UserError
from ..base.safe import rich_text, terminal_text
from .common import RubricOption, check_inputs, guarded, stderr, suggest
from .common import console as report_console
from .options import Scoring, plan_options

if TYPE_CHECKING:
    from ..review.overrides import Override


def register(app: typer.Typer) -> None:
    app.command(
        "review",
        help="Walk the criteria you have not yet rated: see the evidence and the machine's "
        "rating, then answer with a level (Enter keeps the machine's), s to skip or q to "
        "quit, and an optional note. Every answer is saved at once to the overrides file; "
        "run the same command again to carry on where you stopped.\n\n"
        "With --blind the machine's rating and reason stay hidden until you answer (the "
        "matched sentences are still shown, as places to read), and each answer is saved "
        "as given blind.\n\n"
        "Examples:\n\n"
        "  pmh-assess review plans/ --overrides reviews.yaml\n\n"
        "  pmh-assess review plans/ --overrides coder-a.yaml --reviewer A --blind\n\n"
        "  pmh-assess review plans/ --overrides reviews.yaml --reviewer 'A. Reviewer' "
        "--criterion primary-prevention",
    )(guarded(plan_options()(review)))


def review(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Plan files or folders.", show_default=False, metavar="PATHS"),
    ],
    overrides: Annotated[
        Path,
        typer.Option(
            "--overrides",
            help="Overrides file to read and add to (YAML or CSV).",
            metavar="FILE",
        ),
    ],
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            help="Your name or initials. [default: the last reviewer in the overrides file, "
            "else asked]",
            metavar="NAME",
        ),
    ] = None,
    criterion: Annotated[
        list[str] | None,
        typer.Option("--criterion", "-c", help="Only these criteria.", metavar="ID"),
    ] = None,
    plan: Annotated[
        list[str] | None, typer.Option("--plan", "-p", help="Only these plans.", metavar="ID")
    ] = None,
    rubric: RubricOption = None,
    show: Annotated[int, typer.Option(help="Hits shown per criterion.", min=1, metavar="N")] = 5,
    blind: Annotated[
        bool,
        typer.Option(
            "--blind",
            help="Hide the machine's rating and reason until you have answered (for "
            "independent coding); answers are saved as given blind.",
        ),
    ] = False,
    *,
    scoring: Scoring,
) -> None:
    from ..explain import Explainer
    from ..explain.render import blind_renderables, criterion_renderables
    from ..plans import discover, rubric_for
    from ..report.colours import level_colours
    from ..review.overrides import load_overrides
    from ..review.walk import QUIT, SKIP, pending, record
    from ..rubric import load_rubric

    check_inputs(paths)
    loaded = load_rubric(rubric_for(paths, rubric))
    reviews = load_overrides(overrides, missing_ok=True, rubric=loaded)
    specs, errors = discover(paths, allow_outside=scoring.allow_outside)
    for error in errors:
        stderr.print(
            f"[red]error[/red]: {rich_text(error.path)}: {rich_text(error.message)}", soft_wrap=True
        )
    if plan:
        known = [s.id for s in specs]
        for wanted in plan:
            if wanted not in known:
                raise UserError(
                    f"no plan {wanted!r} in {', '.join(map(str, paths))}{suggest(wanted, known)}"
                    f" (plans: {', '.join(known) or 'none'})"
                )
        specs = [s for s in specs if s.id in plan]
    items = pending(specs, loaded, reviews, criterion)
    console = report_console()
    if not items:
        console.print(
            f"Nothing left to review: every criterion asked for is rated in {overrides}.",
            soft_wrap=True,
        )
        return
    console.print(
        f"{len(items)} criteria to review; answers are saved to {overrides} as you go.",
        soft_wrap=True,
    )
    name = reviewer or _last_reviewer(reviews.entries)
    if name and not reviewer:
        console.print(f"Reviewer: {name} (as last time; --reviewer to change)", soft_wrap=True)
    name = name or typer.prompt("Reviewer", type=str).strip()
    colours = level_colours(list(loaded.levels), dict(loaded.colours))
    explainer: Explainer | None = None
    saved = skipped = 0
    for number, item in enumerate(items, start=1):
        if explainer is None or explainer.spec is not item.plan:
            explainer = Explainer(
                item.plan, loaded, read=scoring.read, keep=scoring.cache, workers=scoring.workers
            )
        explained = explainer.criterion(item.criterion)
        console.print(Rule(f"{number}/{len(items)}  {item.plan.title} ({item.plan.id})"))
        multi = len(item.plan.documents) > 1
        if blind:
            explained.searched = explainer.searched(item.criterion)
            parts = blind_renderables(explained, multi, show)
        else:
            parts = criterion_renderables(explained, colours, loaded.levels[-1], multi, show)
        for part in parts:
            console.print(part)
        try:
            answer = _ask(None if blind else explained.rating, list(loaded.levels))
        except KeyboardInterrupt:
            stderr.print(
                f"Stopped: {saved} answer(s) are in {rich_text(terminal_text(str(overrides)))}; "
                "run the same command to carry on.",
                soft_wrap=True,
            )
            raise typer.Exit(130) from None
        if answer == QUIT:
            break
        if answer == SKIP:
            skipped += 1
            continue
        try:
            note = _note()
        except KeyboardInterrupt:
            stderr.print(
                f"Cancelled: {rich_text(item.plan.id)} {item.criterion} was not saved; "
                f"{saved} earlier answer(s) are in {rich_text(terminal_text(str(overrides)))}.",
                soft_wrap=True,
            )
            raise typer.Exit(130) from None
        record(reviews, item, answer, name, note, blind=blind)
        saved += 1
        revealed = f" (the machine's: {explained.rating})" if blind else ""
        console.print(f"saved: {item.criterion} = {answer}{revealed}", style="dim")
    left = len(pending(specs, loaded, reviews, criterion))
    console.print(
        f"{saved} answer(s) saved in {overrides}, {skipped} skipped, {left} still to review."
        + (" Run the same command to carry on." if left else ""),
        soft_wrap=True,
    )


def _last_reviewer(entries: list[Override]) -> str:
    """The reviewer of the last answer in the file, so a resumed review keeps the name."""
    return next((e.reviewer for e in reversed(entries) if e.reviewer), "")


def _note() -> str:
    """The optional note; end of input is no note, Ctrl-C cancels the answer (raised)."""
    try:
        return input("Note (optional): ")
    except EOFError:
        return ""


def _ask(machine: str | None, levels: list[str]) -> str:
    """Ask until the answer is a level, skip or quit; end of input means quit, Ctrl-C is
    raised (KeyboardInterrupt). Without the machine's rating (blind), Enter is no answer."""
    from ..review.walk import QUIT, choices, parse_answer

    keeps = f"; Enter keeps {machine}" if machine else ""
    prompt = f"Rating ({choices(levels)}{keeps}): "
    while True:
        try:
            text = input(prompt)
        except EOFError:
            return QUIT
        if machine is None and not text.strip():
            stderr.print(f"[red]give a level: {rich_text(choices(levels))}[/red]")
            continue
        try:
            return parse_answer(text, levels, machine or "")
        except ValueError as exc:
            stderr.print(f"[red]{rich_text(str(exc))}[/red]")
