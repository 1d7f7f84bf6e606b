"""Double coding: several coders' answers side by side, and the ratings they agree.

Each coder rates in their own overrides file (blind: see `review --blind` and
`serve --blind`). Adjudication reads every coder's file, shows per plan and criterion
where the coders disagree with each other and with the machine, and writes the agreed
rating to a consensus file: an overrides file like any other, whose `reviewer` says who
agreed and whose `note` says why, so that `score --overrides`, `coverage` and the
exports use the agreed ratings. Where every coder gave the same rating, that rating can
be written as agreed in one step (`agree_unanimous`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import UserError
from ..results import Results
from ..rubric.model import Rubric
from .overrides import Override, Overrides, check_against_rubric, load_overrides
from .walk import locked, save_answer

UNANIMOUS = "every coder gave this rating"
"""The note of an agreed rating written because the coders all agreed."""


@dataclass
class Coder:
    """One coder's file and answers; `name` is what the pages and exports call them."""

    name: str
    path: Path
    answers: Overrides


@dataclass(frozen=True)
class Cell:
    """One plan's criterion: the machine's rating, each coder's answer, the agreed one."""

    plan: str
    criterion: str
    machine: str
    answers: tuple[Override | None, ...]
    agreed: Override | None

    @property
    def given(self) -> list[str]:
        return [a.rating for a in self.answers if a is not None]

    @property
    def complete(self) -> bool:
        """Every coder has answered."""
        return all(a is not None for a in self.answers)

    @property
    def coders_disagree(self) -> bool:
        return len(set(self.given)) > 1

    @property
    def unanimous(self) -> str | None:
        """The rating every coder gave, when all answered alike."""
        given = self.given
        return given[0] if self.complete and given and len(set(given)) == 1 else None

    @property
    def machine_differs(self) -> bool:
        """Some coder's rating is not the machine's."""
        return any(r != self.machine for r in self.given)


def load_coders(paths: list[Path], rubric: Rubric) -> list[Coder]:
    """Each coder's answers, checked against the rubric; named by their reviewer (or file)."""
    if len(paths) < 2:
        raise UserError("double coding needs two or more coders' files")
    if len({p.resolve() for p in paths}) < len(paths):
        raise UserError("each coder needs a file of their own; a file was named twice")
    coders = []
    for path in paths:
        answers = check_against_rubric(load_overrides(path, missing_ok=True), rubric)
        names = {e.reviewer for e in answers.entries if e.reviewer}
        name = names.pop() if len(names) == 1 else path.stem
        coders.append(Coder(name, path, answers))
    taken = [c.name for c in coders]
    for coder in coders:
        if taken.count(coder.name) > 1:
            coder.name = coder.path.name
    return coders


def cells(
    machine: Results, coders: list[Coder], consensus: Overrides | None
) -> dict[tuple[str, str], Cell]:
    """Every plan's every criterion, with the coders' answers and any agreed rating."""
    out = {}
    for plan in machine.plans:
        for c in plan.criteria:
            key = (plan.id, c.id)
            out[key] = Cell(
                plan.id,
                c.id,
                c.machine_rating,
                tuple(coder.answers.get(*key) for coder in coders),
                consensus.get(*key) if consensus is not None else None,
            )
    return out


def agreers(coders: list[Coder]) -> str:
    """Who agreed a rating, by default: every coder."""
    return " & ".join(c.name for c in coders)


def agree(
    path: Path,
    plan: str,
    criterion: str,
    rating: str,
    *,
    who: str,
    why: str,
    day: dt.date | None = None,
) -> Overrides:
    """Write one agreed rating to the consensus file (saved at once, as `review` saves)."""
    return save_answer(path, _agreed(plan, criterion, rating, who, why, day))


def _agreed(
    plan: str, criterion: str, rating: str, who: str, why: str, day: dt.date | None = None
) -> Override:
    return Override(
        plan=plan,
        criterion=criterion,
        rating=rating,
        reviewer=who,
        note=why.strip()[:2000],
        date=(day or dt.date.today()).isoformat(),
        blind=False,  # agreeing is done with every rating in view
    )


def agree_unanimous(
    path: Path, found: dict[tuple[str, str], Cell], derived: set[str], *, who: str
) -> int:
    """Write every rating all coders gave alike and not yet agreed; how many were written.

    A rating agreed meanwhile (in the file as it is now) is left as it is."""
    with locked(path):
        current = load_overrides(path, missing_ok=True)
        entries = [
            _agreed(cell.plan, cell.criterion, rating, who, UNANIMOUS)
            for cell in found.values()
            if (rating := cell.unanimous) is not None
            and current.get(cell.plan, cell.criterion) is None
            and cell.criterion not in derived
        ]
        for entry in entries:
            current.put(entry)
        if entries:
            current.save()
    return len(entries)


__all__ = [
    "UNANIMOUS",
    "Cell",
    "Coder",
    "agree",
    "agree_unanimous",
    "agreers",
    "cells",
    "load_coders",
]
