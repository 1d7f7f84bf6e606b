"""`kind: regex` - raw regular expressions, for what the term language cannot say.

    - kind: regex
      patterns:
        smart-target: "\\\\b\\\\d{1,3}% (?:of|increase|reduction)"

Patterns are checked before use: they must compile, must not match empty text, and must
not nest repetition (which can backtrack catastrophically). Matching is case-sensitive
unless the pattern says `(?i)`, and every match runs under a time budget (`budget.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator

from .base import Candidate, DocIndex, EvidenceRule
from .budget import Budget, compile_pattern
from .firstchar import first_char_first
from .patterns import check_regex

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
        """Matches as one alternation of the patterns would find them, left to right: at
        each place the first pattern (in order) that matches there wins. A match never
        runs from one sentence into the next (a space pattern would reach across the line).

        The patterns are searched one by one and their next matches merged, which finds the
        same and is several times faster: an alternation hides the literal or character
        set each pattern starts with, so it is tried at every character. For the same
        reason each pattern is searched with its first character moved in front of its
        leading assertions (`first_char_first`). A pattern that can match empty text is
        left to the alternation, which decides those as before.
        """
        labels = list(self.patterns)
        text = doc.text.text
        budget = Budget(len(labels), len(text))
        compiled = [compile_pattern(first_char_first(p)) for p in self.patterns.values()]
        following = [budget.search(p, text, 0, labels[i]) for i, p in enumerate(compiled)]
        out: list[Candidate] = []
        pos = 0
        while True:
            best, place = -1, len(text) + 1
            for i, m in enumerate(following):
                if m is not None and m.start() < pos:
                    m = following[i] = budget.search(compiled[i], text, pos, labels[i])
                if m is not None and m.start() < place:
                    best, place = i, m.start()
            if best < 0:
                break
            m = following[best]
            assert m is not None
            if m.end() == m.start():
                yield from self._alternation(text, budget)
                return
            if "\n" not in text[m.start() : m.end()]:  # within one sentence
                out.append(Candidate(m.start(), m.end(), (labels[best],)))
            pos = m.end()
        yield from out

    def _alternation(self, text: str, budget: Budget | None = None) -> Iterator[Candidate]:
        labels = list(self.patterns)
        budget = budget or Budget(len(labels), len(text))
        combined = compile_pattern(
            "|".join(f"(?P<t{i}>{rx})" for i, rx in enumerate(self.patterns.values()))
        )
        for m in budget.finditer(combined, text):
            if m.end() > m.start() and m.lastgroup is not None and "\n" not in m.group(0):
                yield Candidate(m.start(), m.end(), (labels[int(m.lastgroup[1:])],))

    def searched(self) -> dict[str, list[str]]:
        return {"patterns": [f"{label}: /{pattern}/" for label, pattern in self.patterns.items()]}
