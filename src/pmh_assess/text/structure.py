"""Which headings govern a sentence: its heading path, read from the words alone.

A heading's level is taken from what survives in every container, so that a PDF, its
own plain text, a web page and a Word file of the same words give the same paths:

- numbering gives the depth: "2" and "Section 2" are chapters, "2.1" is under them,
  "2.1.3" under that;
- a heading in capitals, or named as a part of the plan ("Priority 2: ...",
  "Chapter 3", "Part B"), is a chapter;
- a heading followed straight away by another heading, with no text between, is the
  parent of that heading and of the headings after it, until the next such run begins
  (a chapter title followed by its first sub-heading is the common case);
- any other heading is a sibling of the unnumbered heading before it.

Typography (font size, weight, `<h2>` or a Word style) decides which lines are headings'
own paragraphs, never their level: a plan's own text has no typography, and the same
words must give the same ratings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\))?\s+\S")
NAMED_PART = re.compile(
    r"^(?:section|chapter|part|priority|theme|pillar|ambition|objective|goal|outcome|"
    r"aim|appendix|annex|step|principle|commitment)\s+(?:\d{1,2}|[A-Z]|[IVX]{1,4})\b",
    re.I,
)
LETTERS = re.compile(r"[^\W\d_]")
CHAPTER = 1


def heading_rank(title: str) -> int | None:
    """A heading's level from its words (1 is a chapter), or None when they do not say."""
    title = title.strip()
    numbered = NUMBERED.match(title)
    if numbered:
        return numbered.group(1).count(".") + 1
    if NAMED_PART.match(title):
        return CHAPTER
    letters = LETTERS.findall(title)
    if len(letters) >= 6 and all(c.isupper() for c in letters):
        return CHAPTER
    return None


def heading_paths(
    headings: Sequence[tuple[int, str, bool, bool]],
) -> list[tuple[int, ...]]:
    """The path of each heading: the headings above it, outermost first.

    `headings` holds, in document order, each heading's id, its text, whether it comes
    straight after another heading (no text between) and whether another heading comes
    straight after it. The result gives, for each, the ids of its ancestors.

    In a run of headings with no text between them, the last two are a chapter and its
    first section; any before them are sections left empty (a plan's placeholder, or a
    section that is only a table or picture), not chapters.
    """
    heads = [
        before and not (k + 1 < len(headings) and headings[k + 1][3])
        for k, (_, _, _, before) in enumerate(headings)
    ]
    stack: list[_Open] = []
    paths: list[tuple[int, ...]] = []
    for (ident, title, after_heading, _), heads_run in zip(headings, heads, strict=True):
        rank = heading_rank(title)
        top = stack[-1] if stack else None
        if rank is not None:
            if after_heading and top is not None and top.rank is None and top.heads_run:
                top.rank, top.inferred = rank - 1, True  # an unnumbered title over numbers
            while stack and (stack[-1].rank is None or stack[-1].rank >= rank):
                stack.pop()
        elif heads_run:  # a chapter: beside the last unnumbered chapter, if any
            unnumbered = [k for k, o in enumerate(stack) if o.rank is None or o.inferred]
            if unnumbered:
                del stack[unnumbered[0] :]
        elif after_heading and top is not None and top.heads_run:
            pass  # the chapter's first section
        elif top is not None and top.rank is None and not top.heads_run:
            stack.pop()  # the sibling of the unnumbered heading before it
        paths.append(tuple(o.ident for o in stack))
        stack.append(_Open(rank, ident, heads_run and rank is None))
    return paths


class _Open:
    """A heading still open on the path: its level, if known, and how it was placed."""

    __slots__ = ("heads_run", "ident", "inferred", "rank")

    def __init__(self, rank: int | None, ident: int, heads_run: bool) -> None:
        self.rank = rank
        self.ident = ident
        self.heads_run = heads_run
        self.inferred = False
