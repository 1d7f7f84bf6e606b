"""The words of ratings, owned in one place: below every stage, importing nothing of ours.

A rubric declares its own levels (Good / OK / Poor, Green / Amber / Red...); whatever
they are, a plan whose text could not be read is *not assessable*, a state of its own that
is never one of the levels and never counts as the worst of them.
"""

from __future__ import annotations

from collections.abc import Sequence
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


COUNT_NAMES = {
    "hits": ("hit", "hits"),
    "pages": ("page", "pages"),
    "terms": ("distinct term", "distinct terms"),
    "sentences": ("sentence", "sentences"),
    "commitments": ("commitment", "commitments"),
    "commitment_pages": ("page with a commitment", "pages with a commitment"),
    "targets": ("measurable target", "measurable targets"),
    "documents": ("document", "documents"),
    "covered": ("criterion covered", "criteria covered"),
}
"""The whole-number counts a rating condition can name, each in words (one, many)."""

SHARE = "share"
"""The count that is a fraction: the share of a plan's sentences a `share` rule hits."""

COUNTS = (*COUNT_NAMES, SHARE)
"""Every count a rating condition can name (besides `rules`, the rule ids with a hit)."""


def count_noun(key: str, n: float) -> str:
    """`commitment` or `commitments`, as `n` asks."""
    one, many = COUNT_NAMES[key]
    return one if n == 1 else many


def share_words(share: float) -> str:
    """`5.0% of sentences`."""
    return f"{share:.1%} of sentences"


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
