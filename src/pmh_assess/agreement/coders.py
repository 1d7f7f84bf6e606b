"""Agreement between two or more human coders, each with their own ratings file.

Every plan and criterion that any coder rated is an item. Per criterion, pooled over all
criteria, and for the plans' overall rating (criterion `overall`): the items rated by
every coder and the share on which all agree; for two coders Cohen's kappa unweighted and
weighted; Krippendorff's alpha (ordinal) over every item two or more coders rated; each
with a bootstrap interval and n (see `reliability.py`). The items on which the coders
disagree are listed with each coder's rating and note, for the meeting that agrees them.
With a results file, each coder is also compared with the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..results import Results
from ..review.overrides import Override
from . import OVERALL, Agreement, agreement, load_ratings
from .reliability import MISSING, Figures, figures

ALL = "all criteria"


@dataclass(frozen=True)
class Item:
    """One plan's criterion as each coder rated it (None: not rated by that coder)."""

    plan: str
    criterion: str
    ratings: tuple[str | None, ...]
    notes: tuple[str, ...]

    @property
    def disagree(self) -> bool:
        return len({r for r in self.ratings if r is not None}) > 1


@dataclass
class CoderRow:
    criterion: str
    title: str
    items: list[Item]
    figures: Figures
    matrix: list[list[int]] | None  # two coders: rows the first coder, columns the second

    @property
    def disagreements(self) -> list[Item]:
        return [i for i in self.items if i.disagree]


@dataclass
class Reliability:
    rubric: str
    levels: list[str]
    coders: list[str]  # each coder's file name
    criteria: list[CoderRow]
    pooled: CoderRow
    overall: CoderRow | None
    against_machine: list[Agreement] = field(default_factory=list)  # per coder, with results
    warnings: list[str] = field(default_factory=list)

    def rows(self) -> list[CoderRow]:
        return [*self.criteria, self.pooled, *([self.overall] if self.overall else [])]


def load_coders(
    paths: list[Path],
    levels: list[str],
    criteria: dict[str, str],
    rubric: str,
    plans: set[str] | None = None,
) -> tuple[list[list[Override]], list[str], list[str]]:
    """Each coder's ratings (checked as `load_ratings` checks them), the coders' names
    (their files' names) and the warnings."""
    names = [p.name for p in paths]
    if len(set(names)) < len(names):
        names = [str(p) for p in paths]
    out: list[list[Override]] = []
    warnings: list[str] = []
    for path in paths:
        entries, said = load_ratings(path, levels, set(criteria), rubric, plans)
        out.append(entries)
        warnings += said
    return out, names, warnings


def between_coders(
    coders: list[list[Override]],
    names: list[str],
    levels: list[str],
    criteria: dict[str, str],
    rubric: str,
    *,
    results: Results | None = None,
    warnings: list[str] | None = None,
) -> Reliability:
    """The coders' agreement per criterion (in `criteria` order: id -> title), pooled and
    for the overall rating; with `results`, each coder against the machine too."""
    by_key = [{e.key: e for e in entries} for entries in coders]
    keys = sorted({k for ratings in by_key for k in ratings})
    order = {cid: i for i, cid in enumerate([*criteria, OVERALL])}
    keys.sort(key=lambda k: (order.get(k[1], len(order)), k[0]))
    items: dict[str, list[Item]] = {}
    for plan, criterion in keys:
        found = [ratings.get((plan, criterion)) for ratings in by_key]
        items.setdefault(criterion, []).append(
            Item(
                plan,
                criterion,
                tuple(e.rating if e else None for e in found),
                tuple(e.note if e else "" for e in found),
            )
        )
    rows = [
        _row(cid, criteria.get(cid, cid), items[cid], levels, len(names))
        for cid in [*criteria]
        if cid in items
    ]
    pooled = _row(
        ALL, "All criteria pooled", [i for r in rows for i in r.items], levels, len(names)
    )
    overall = (
        _row(OVERALL, "Overall plan rating", items[OVERALL], levels, len(names))
        if OVERALL in items
        else None
    )
    machine = [agreement(results, entries) for entries in coders] if results is not None else []
    return Reliability(rubric, levels, names, rows, pooled, overall, machine, list(warnings or []))


def _row(criterion: str, title: str, items: list[Item], levels: list[str], raters: int) -> CoderRow:
    import numpy as np  # imported on first use, as in kappa.py

    index = {level: i for i, level in enumerate(levels)}
    codes = np.array(
        [[index[r] if r is not None else MISSING for r in item.ratings] for item in items],
        dtype=int,
    ).reshape(len(items), raters)
    matrix = None
    if raters == 2:
        both = codes[(codes != MISSING).all(axis=1)]
        table = np.zeros((len(levels), len(levels)), dtype=int)
        for a, b in both:
            table[a, b] += 1
        matrix = table.tolist()
    return CoderRow(criterion, title, items, figures(codes, len(levels)), matrix)


__all__ = ["CoderRow", "Item", "Reliability", "between_coders", "load_coders"]
