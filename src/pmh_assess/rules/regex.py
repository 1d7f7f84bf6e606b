"""`kind: regex` - raw regular expressions, for what the term language cannot say.

    - kind: regex
      patterns:
        smart-target: "\\\\b\\\\d{1,3}% (?:of|increase|reduction)"

Patterns are checked before use: they must compile, must not match empty text, and must
not nest repetition (which can backtrack catastrophically). Matching is case-sensitive
unless the pattern says `(?i)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator

from .base import Candidate, DocIndex, EvidenceRule
from .patterns import check_regex, compile_alternation

GLOBAL_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


def _safe(pattern: str) -> str:
    """Check a pattern; leading global flags such as `(?i)` become a scoped group."""
    check_regex(pattern)
    flags = GLOBAL_FLAGS.match(pattern)
    if flags:
        pattern = f"(?{flags.group(1)}:{pattern[flags.end() :]})"
    return pattern


class RegexRule(EvidenceRule):
    kind: Literal["regex"]
    patterns: dict[str, Annotated[str, AfterValidator(_safe)]]

    def candidates(self, doc: DocIndex) -> Iterator[Candidate]:
        labels = list(self.patterns)
        combined = compile_alternation(tuple(self.patterns.values()))
        for m in combined.finditer(doc.text.text):
            if m.end() > m.start() and m.lastgroup is not None:
                yield Candidate(m.start(), m.end(), (labels[int(m.lastgroup[1:])],))

    def searched(self) -> dict[str, list[str]]:
        return {"patterns": [f"{label}: /{pattern}/" for label, pattern in self.patterns.items()]}
