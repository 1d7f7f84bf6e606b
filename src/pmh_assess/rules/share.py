"""`kind: share` - how much of the plan is about something: a share of its sentences.

    - kind: share
      terms: ["mental health", "wellbeing", "suicide"]

Yields the count `share` (sentences with a counted hit / body sentences), which a rating
condition uses: `when: {share: 0.05}` means at least 5% of sentences. Headings, contents,
glossaries and references are left out of both counts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar, Literal

from ..base.vocabulary import Count
from .base import Candidate, DocIndex, EvidenceRule, TermList, describe_terms


class ShareRule(EvidenceRule):
    kind: Literal["share"]
    terms: TermList

    yields: ClassVar[tuple[Count, ...]] = (
        Count(
            "share",
            one="of sentences",
            many="of sentences",
            fraction=True,
            description="share of sentences",
            from_hits=True,
        ),
    )

    def candidates(self, doc: DocIndex) -> Iterator[Candidate]:
        for match in doc.find(self.terms, self.inflect):
            yield Candidate(match.start, match.end, (match.label,))

    def measures(self, doc: DocIndex, counted: list[Candidate]) -> dict[str, float]:
        """Sentences with a counted hit and body sentences: `counts` divides their sums."""
        sentences = {doc.text.sentence_index(c.start) for c in counted}
        return {
            "share_sentences": float(len(sentences)),
            "body_sentences": float(doc.body_sentence_count),
        }

    @classmethod
    def counts(cls, measures: Mapping[str, float]) -> dict[str, float]:
        if "body_sentences" not in measures:
            return {}
        body = measures["body_sentences"]
        return {"share": measures["share_sentences"] / body if body else 0.0}

    def term_lists(self) -> list[TermList]:
        return [self.terms]

    def own_terms(self) -> dict[str, TermList]:
        return {"terms": self.terms}

    def searched(self) -> dict[str, list[str]]:
        return {"terms": describe_terms(self.terms)}
