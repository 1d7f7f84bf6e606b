"""The best evidence of each criterion, and its quote cut and marked around what matched.

Every report that shows one quote per criterion (the score table, Markdown, CSV, the
coverage report and workbook) shows the one `best_evidence` picks, cut by `excerpt`
around the words that matched, and marks those words in its own way (`[...]` in plain
text, bold in Markdown, `<mark>` in HTML, a column in CSV and XLSX).

Why a quote is the best: a commitment or a target shows a criterion is acted on, so the
firmest quotes come first; among them, the quote fewest of the plan's other criteria
also cite is the most specific to this one (a long sentence that names seven things is
evidence for seven criteria, and the best evidence of none); then the stronger, then the
engine's order (strongest first, then document order).
"""

from __future__ import annotations

import re
from collections import Counter

from ..base.vocabulary import STRENGTH_RANK, STRENGTHS, is_commitment
from ..results import Evidence, PlanResult

FIRM = frozenset(filter(is_commitment, STRENGTHS))
"""Strengths that show a criterion acted on: commitments and targets."""

ELLIPSIS = "…"


def best_evidence(plan: PlanResult) -> dict[str, Evidence]:
    """Each criterion's best evidence (by criterion id; none for a criterion without)."""
    cited = Counter(
        key for c in plan.criteria for key in {(e.document, e.quote) for e in c.evidence}
    )
    best: dict[str, Evidence] = {}
    for c in plan.criteria:
        if not c.evidence:
            continue
        _, chosen = min(
            enumerate(c.evidence),
            key=lambda item: (
                item[1].strength not in FIRM,
                cited[(item[1].document, item[1].quote)],
                -_rank(item[1].strength),
                item[0],
            ),
        )
        best[c.id] = chosen
    return best


def _rank(strength: str) -> int:
    return STRENGTH_RANK.get(strength, -1)


def matched_words(e: Evidence) -> list[str]:
    """The words of the plan that matched, as written there (results written before
    these were kept have only the terms, `matched`)."""
    return list(e.words) if e.words else list(e.matched)


def spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words stand in the text: every whole-word occurrence (the exact form
    first, else any case), overlapping ones merged, in order."""
    found: list[tuple[int, int]] = []
    for word in dict.fromkeys(w for w in words if w.strip()):
        pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
        exact = [m.span() for m in re.finditer(pattern, text)]
        found += exact or [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def excerpt(text: str, words: list[str], limit: int) -> tuple[str, list[tuple[int, int]]]:
    """At most `limit` characters of the text (and a `…` each side where it was cut), cut
    at words and centred on the words that matched (as many of them as fit, from the
    first); and where the words stand in the excerpt."""
    marks = spans(text, words)
    if len(text) <= limit:
        return text, marks
    room = max(1, limit - 2)
    first, first_end = marks[0] if marks else (0, 0)
    group_end = max((end for _, end in marks if end - first <= room), default=first_end)
    centre = (first + group_end) // 2 if marks else room // 2
    lo = max(0, min(centre - room // 2, len(text) - room))
    hi = min(len(text), lo + room)
    if lo > 0:  # start at a word, not after the first match
        space = text.find(" ", lo, hi)
        if 0 <= space < (first if marks else hi):
            lo = space + 1
    if hi < len(text):  # end at a word, not before the first match ends
        space = text.rfind(" ", lo, hi)
        if space > max(lo, first_end):
            hi = space
    window = text[lo:hi]
    body = window.strip()
    shift = lo + len(window) - len(window.lstrip())
    before = ELLIPSIS if lo > 0 else ""
    after = ELLIPSIS if hi < len(text) else ""
    inside = [
        (start - shift + len(before), end - shift + len(before))
        for start, end in marks
        if start >= shift and end <= shift + len(body)
    ]
    return before + body + after, inside


def pieces(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text in pieces, each with whether it is a marked span (for renderers that
    escape or style each piece their own way)."""
    out: list[tuple[str, bool]] = []
    at = 0
    for start, end in marks:
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def marked(text: str, marks: list[tuple[int, int]], left: str = "[", right: str = "]") -> str:
    """The text with `left` and `right` around each marked span (`[word]` in plain text,
    as `explain` marks a match)."""
    return "".join(
        f"{left}{piece}{right}" if mark else piece for piece, mark in pieces(text, marks)
    )


__all__ = ["FIRM", "best_evidence", "excerpt", "marked", "matched_words", "pieces", "spans"]
