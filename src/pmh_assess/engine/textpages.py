"""Pages without text, and whether a document or plan has too few to be assessed.

A page counts as *without text* when its prepared text (running headers and footers and
bare page numbers already dropped) holds fewer than `MIN_LETTERS` letters: a scanned
page, a page whose words are drawn as shapes, or one that holds only a logo's caption or a
date. A title page ("Joint Forward Plan 2023-2028, Northmoor ICS") has text. A document of
one page has nothing to compare its page with: a short note is what it says, so its page
is without text only when it holds no letter at all.

A document, or a plan taken as all its documents, is *not assessable* when more than half
of its pages are without text (`MOSTLY`): what it says cannot be told from what was read,
so no rating is given (see `vocabulary.NOT_ASSESSABLE`). Fewer missing pages are reported
("1 of 3 pages has no text") beside an ordinary rating.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text import Text

MIN_LETTERS = 20
MOSTLY = 0.5
_CLEARLY = 4 * MIN_LETTERS  # a page with this many characters is not counted


def pages_without_text(text: Text, pages: int) -> list[int]:
    """The numbers (1-based, physical) of a document's pages without text, from what each
    page holds as read (`Text.page_sizes`), wherever its sentences start."""
    least = MIN_LETTERS if pages > 1 else 1
    held = [text.page_sizes.get(n, (0, 0)) for n in range(1, pages + 1)]
    return [n for n, (size, letters) in enumerate(held, 1) if size < _CLEARLY and letters < least]


def mostly_without_text(counts: Sequence[tuple[int, int]]) -> bool:
    """Whether documents given as (pages without text, pages) have text on too few pages
    between them to be assessed."""
    missing = sum(m for m, _ in counts)
    pages = sum(p for _, p in counts)
    return pages == 0 or missing > MOSTLY * pages
