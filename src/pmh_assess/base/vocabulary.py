"""The words of ratings, owned in one place: below every stage, importing nothing of ours.

A rubric declares its own levels (Good / OK / Poor, Green / Amber / Red...); whatever
they are, a plan whose text could not be read is *not assessable*, a state of its own that
is never one of the levels and never counts as the worst of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

Strength = Literal["mention", "commitment", "target"]
"""A hit's strength, weakest first: a mention, a commitment (the plan says it will act),
a measurable target (a commitment with a number or date to check it by)."""
STRENGTHS: tuple[Strength, ...] = get_args(Strength)
MENTION, COMMITMENT, TARGET = STRENGTHS
STRENGTH_RANK: dict[str, int] = {strength: rank for rank, strength in enumerate(STRENGTHS)}


def is_commitment(strength: str) -> bool:
    """Whether a hit of this strength makes its sentence a commitment (a target does too)."""
    return strength != MENTION


@dataclass(frozen=True)
class Count:
    """A number a rating condition can name, and how it reads: a number of things, `one`
    or `many` of them ("1 commitment", "2 commitments"), or with `fraction` a share from 0
    to 1 that `many` follows ("5.0% of sentences")."""

    key: str
    one: str
    many: str
    fraction: bool = False
    description: str = ""
    """What it counts, for the rubric schema (a rule kind's own counts say it here)."""
    from_hits: bool = False
    """Made from the criterion's hits: above 0 only when it has one."""

    def noun(self, n: float) -> str:
        """`commitment` or `commitments`, as `n` asks."""
        return self.one if n == 1 else self.many

    def figure(self, n: float) -> str:
        """`3`, or for a fraction `5.0%`."""
        return f"{n:.1%}" if self.fraction else str(int(n))

    def amount(self, n: float) -> str:
        """`3 commitments`; `5.0% of sentences`."""
        return f"{n:.1%} {self.many}" if self.fraction else f"{int(n)} {self.noun(n)}"

    def needs(self, actual: float, needed: float) -> str:
        """A condition as it held: `3 commitments (needs 2)`."""
        return f"{self.amount(actual)} (needs {self.figure(needed)})"

    def shortfall(self, actual: float, needed: float) -> str:
        """A condition as it failed: `1 more commitment (has 1)`; for a fraction, what it
        needs: `5.0% of sentences (has 2.0%)`."""
        if self.fraction:
            return f"{self.amount(needed)} (has {self.figure(actual)})"
        more = int(needed) - int(actual)
        return f"{more} more {self.noun(more)} (has {int(actual)})"


COUNTS = {
    count.key: count
    for count in (
        Count("hits", "hit", "hits"),
        Count("pages", "page", "pages"),
        Count("terms", "distinct term", "distinct terms"),
        Count("sentences", "sentence", "sentences"),
        Count("commitments", "commitment", "commitments"),
        Count("commitment_pages", "page with a commitment", "pages with a commitment"),
        Count("targets", "measurable target", "measurable targets"),
        Count("documents", "document", "documents"),
        Count("covered", "criterion covered", "criteria covered"),
    )
}
"""The counts any criterion has, which a rating condition can name (besides `rules`, the
rule ids with a hit, and the counts a rule kind yields: see `EvidenceRule.yields`)."""


def or_better(level: str, levels: Sequence[str] = ()) -> str:
    """`OK or better`: a level or any better one; just `Good` when `levels` (best first)
    are given and it is the best of them."""
    return level if levels and level == levels[0] else f"{level} or better"


NOT_ASSESSABLE = "Not assessable"
"""The rating of a plan (and of each of its criteria) whose documents' text is mostly
missing: pages without a text layer, or with next to no text (see `engine/textpages.py`)."""

NOT_ASSESSABLE_COLOUR = "#d0d0d0"
"""Its colour wherever levels have theirs: a grey that no level's scale uses."""


def assessable(rating: str) -> bool:
    """Whether a rating is one of a rubric's levels rather than the not-assessable state."""
    return rating != NOT_ASSESSABLE


def pages_without_text(missing: int, pages: int) -> str:
    """`11 of 12 pages have no text`; `1 of 3 pages has no text`."""
    noun = "page" if pages == 1 else "pages"
    return f"{missing} of {pages} {noun} {'has' if missing == 1 else 'have'} no text"
