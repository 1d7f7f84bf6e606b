"""The words of ratings, owned in one place: below every stage, importing nothing of ours.

A rubric declares its own levels (Good / OK / Poor, Green / Amber / Red...); whatever
they are, a plan whose text could not be read is *not assessable*, a state of its own that
is never one of the levels and never counts as the worst of them.
"""

from __future__ import annotations

STRENGTHS = ("mention", "commitment", "target")
"""A hit's strength, weakest first: a mention, a commitment (the plan says it will act),
a measurable target (a commitment with a number or date to check it by)."""
STRENGTH_RANK = {strength: rank for rank, strength in enumerate(STRENGTHS)}

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
