"""`kind: share` - how much of the plan is about something: a share of its sentences.

    - kind: share
      terms: ["mental health", "wellbeing", "suicide"]

Gives the measure `share` (sentences with a counted hit / body sentences), which a rating
condition uses: `when: {share: 0.05}` means at least 5% of sentences. Headings, contents,
glossaries and references are left out of both counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from .base import Candidate, DocIndex, EvidenceRule, TermList, describe_terms


class ShareRule(EvidenceRule):
    kind: Literal["share"]
    terms: TermList

    def candidates(self, doc: DocIndex) -> Iterator[Candidate]:
        for match in doc.find(self.terms, self.inflect):
            yield Candidate(match.start, match.end, (match.label,))

    def measures(self, doc: DocIndex, counted: list[Candidate]) -> dict[str, float]:
        """Counts summed over a plan's documents; the share is their ratio."""
        sentences = {doc.text.sentence_index(c.start) for c in counted}
        return {
            "share_sentences": float(len(sentences)),
            "body_sentences": float(doc.body_sentence_count),
        }

    def term_lists(self) -> list[TermList]:
        return [self.terms]

    def own_terms(self) -> dict[str, TermList]:
        return {"terms": self.terms}

    def searched(self) -> dict[str, list[str]]:
        return {"terms": describe_terms(self.terms)}
