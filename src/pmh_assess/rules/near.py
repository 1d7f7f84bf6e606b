"""`kind: near` - a term with another term close by.

    - kind: near
      terms: ["prevent*", "prevention"]
      near: ["mental health", "wellbeing", "suicide"]
      within: 8          # words between them, in one sentence; or `sentence` / `paragraph`

PASS: "Prevention of poor mental health is our first priority."
FAIL: "Prevention of heart disease is our first priority."
The hit is the `terms` match; both matched terms are recorded.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from .base import Candidate, DocIndex, EvidenceRule, Match, TermList, describe_terms

WORD = re.compile(r"\w+")
CHARS_PER_WORD = 25  # generous bound on characters a word can span, to limit the search


class NearRule(EvidenceRule):
    kind: Literal["near"]
    terms: TermList
    near: TermList
    within: int | Literal["sentence", "paragraph"] = Field(default="sentence")

    def candidates(self, doc: DocIndex) -> Iterator[Candidate]:
        partners = doc.find(self.near, self.inflect)
        if not partners:
            return
        starts = [p.start for p in partners]
        for match in doc.find(self.terms, self.inflect):
            lo, hi = self._window(doc, match.start, match.end)
            i = bisect_left(starts, lo)
            while i < len(partners) and partners[i].start <= hi:
                other = partners[i]
                i += 1
                if other.end > hi or (other.start < match.end and other.end > match.start):
                    continue
                if isinstance(self.within, int) and not self._close(doc.text.text, match, other):
                    continue
                yield Candidate(match.start, match.end, (match.label, other.label))
                break

    def _window(self, doc: DocIndex, start: int, end: int) -> tuple[int, int]:
        if self.within == "sentence":
            return doc.sentence_span(start)
        if self.within == "paragraph":
            return doc.paragraph_span(start)
        # N words apart, and never across a sentence's end: "...mental wellbeing. In
        # delivering the strategy..." does not put the strategy near mental wellbeing
        lo, hi = doc.sentence_span(start)
        reach = (self.within + 1) * CHARS_PER_WORD
        return max(lo, start - reach), min(hi, end + reach)

    def _close(self, text: str, a: Match, b: Match) -> bool:
        first, second = (a, b) if a.start <= b.start else (b, a)
        assert isinstance(self.within, int)
        return len(WORD.findall(text, first.end, second.start)) <= self.within

    def term_lists(self) -> list[TermList]:
        return [self.terms, self.near]

    def own_terms(self) -> dict[str, TermList]:
        return {"terms": self.terms}

    def searched(self) -> dict[str, list[str]]:
        return {
            "terms": describe_terms(self.terms),
            f"near ({self.within})": describe_terms(self.near),
        }
