"""Score a rendering through the library's run path and say which ratings moved."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from pmh_assess import Scorer, prepare_document
from pmh_assess.plans import PlanSpec
from pmh_assess.results import PlanResult

ORDER = {"Poor": 0, "OK": 1, "Good": 2}


def score(scorer: Scorer, name: str, path: Path) -> PlanResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a PDF reader's complaints are not the point here
        return scorer.score_plan(PlanSpec(name, name, [path]), [prepare_document(path)])


@dataclass(frozen=True)
class Move:
    """A rating that differs from the plain text's."""

    criterion: str  # a criterion id, or "overall"
    text: str
    layout: str
    text_reason: str
    layout_reason: str

    @property
    def way(self) -> str:
        return "up" if ORDER.get(self.layout, 0) > ORDER.get(self.text, 0) else "down"

    def __str__(self) -> str:
        return (
            f"  {self.criterion}: text {self.text} -> {self.layout} ({self.way})\n"
            f"    text:   {self.text_reason}\n    layout: {self.layout_reason}"
        )


def moves(reference: PlanResult, other: PlanResult) -> list[Move]:
    """Every criterion rating, and the overall rating, that differs."""
    out = [
        Move(mine.id, base.rating, mine.rating, base.reason, mine.reason)
        for mine in other.criteria
        if (base := reference.criterion(mine.id)).rating != mine.rating
    ]
    if reference.overall.rating != other.overall.rating:
        out.append(
            Move(
                "overall",
                reference.overall.rating,
                other.overall.rating,
                reference.overall.reason,
                other.overall.reason,
            )
        )
    return out
