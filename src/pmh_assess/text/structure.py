"""Which headings govern a sentence: its heading path, read from the order of headings.

A heading followed straight away by another heading, with no text between, is the parent
of that heading and of the headings after it, until the next such run of headings begins
(a chapter title followed by its first section heading is the common case); any other
heading is a sibling of the heading before it. In a run of three or more, the last two
are the chapter and its first section; those before are sections left empty.

A heading that names itself a chapter, part or module ("Chapter 2: The system", "Part A:
Records", "Module 1") governs every heading after it until the next such heading: runs of
headings under it begin beneath it.

Nothing else is used: not typography (font size, weight, `<h2>`, a Word style), which a
plan's own text does not have, nor numbering or capitals, which the same plan may or may
not print. The same words, in any container and any house style, give the same paths,
and so the same ratings.
"""

from __future__ import annotations

from collections.abc import Sequence, Set


def heading_paths(
    headings: Sequence[tuple[int, bool, bool]],
    chapters: Set[int] = frozenset(),
) -> list[tuple[int, ...]]:
    """The path of each heading: the headings above it, outermost first.

    `headings` holds, in document order, each heading's id, whether it comes straight
    after another heading (no text between) and whether another heading comes straight
    after it; `chapters` the ids of headings that name themselves chapters. The result
    gives, for each, the ids of its ancestors.
    """
    heads = [
        before and not (k + 1 < len(headings) and headings[k + 1][2])
        for k, (_, _, before) in enumerate(headings)
    ]
    stack: list[tuple[int, bool]] = []  # (id, heads a run)
    paths: list[tuple[int, ...]] = []
    chapter: list[tuple[int, bool]] = []  # the named chapter the headings are in
    for (ident, after_heading, _), heads_run in zip(headings, heads, strict=True):
        if ident in chapters:
            stack.clear()
            chapter = [(ident, True)]
            paths.append(())
            stack.append((ident, True))
            continue
        if heads_run:
            stack[:] = chapter  # a chapter: beside the chapter before it
        elif after_heading and stack and stack[-1][1]:
            pass  # the chapter's first section
        elif stack and not stack[-1][1]:
            stack.pop()  # the sibling of the heading before it
        paths.append(tuple(i for i, _ in stack))
        stack.append((ident, heads_run))
    return paths
