"""`kind: terms` - any of the listed terms or phrases.

    - kind: terms
      terms: ["primary prevention", "parenting programme*", "anti-bullying"]
      context: mental-health        # optional: needs mental health in the same sentence
      exclude: ["falls prevention"] # a hit overlapping one of these does not count

PASS: "We will fund parenting programmes in every place."
FAIL: "Falls prevention classes" (with the exclusion above)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from .base import Candidate, DocIndex, EvidenceRule, TermList, describe_terms


class TermsRule(EvidenceRule):
    kind: Literal["terms"]
    terms: TermList

    def candidates(self, doc: DocIndex) -> Iterator[Candidate]:
        for match in doc.find(self.terms, self.inflect):
            yield Candidate(match.start, match.end, (match.label,))

    def term_lists(self) -> list[TermList]:
        return [self.terms]

    def own_terms(self) -> dict[str, TermList]:
        return {"terms": self.terms}

    def searched(self) -> dict[str, list[str]]:
        return {"terms": describe_terms(self.terms)}
