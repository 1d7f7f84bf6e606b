"""One document's text, ready for matching: cached term matches and sentence cues.

Every term list is matched once per document (one combined pattern per list, longest
terms first), and each sentence's strength is worked out once, whatever asks for it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..rubric.model import Language
from ..rules import Context, TermList, term_entries
from ..rules.patterns import compile_alternation, term_regex
from ..text import Text
from ..text.segment import NOT_EVIDENCE
from .strength import target_cue

MENTION, COMMITMENT, TARGET = "mention", "commitment", "target"
STRENGTH_RANK = {MENTION: 0, COMMITMENT: 1, TARGET: 2}


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Cues:
    """A rubric's language cues, compiled once per rubric."""

    commitment: re.Pattern[str] | None
    opener: re.Pattern[str] | None
    hedge: re.Pattern[str] | None
    negation: re.Pattern[str] | None
    negation_window: int

    @classmethod
    def compile(cls, language: Language) -> Cues:
        def alternation(terms: list[str], anchored: bool = False) -> re.Pattern[str] | None:
            if not terms:
                return None
            body = "|".join(term_regex(t) for t in sorted(terms, key=len, reverse=True))
            return re.compile(rf"^(?:{body})" if anchored else body)

        return cls(
            commitment=alternation(language.commitment),
            opener=alternation(language.commitment_openers, anchored=True),
            hedge=alternation(language.hedge),
            negation=alternation(language.negation),
            negation_window=language.negation_window,
        )


WORD = re.compile(r"\w+")


class DocIndex:
    """Matches and per-sentence facts for one document, computed on first use."""

    def __init__(self, text: Text, cues: Cues, document: str = "") -> None:
        self.text = text
        self.cues = cues
        self.document = document
        self._found: dict[tuple[tuple[str, tuple[str, ...]], ...], list[Match]] = {}
        self._strength: dict[int, tuple[str, str | None]] = {}
        self._sentence_ends = [s.end for s in text.sentences]

    def find(self, terms: TermList) -> list[Match]:
        """All non-overlapping matches of a term list, longest term first at each place."""
        entries = term_entries(terms)
        cached = self._found.get(entries)
        if cached is not None:
            return cached
        variants = sorted(
            ((v, label) for label, vs in entries for v in vs),
            key=lambda item: (-len(item[0]), item[0]),
        )
        if not variants:
            self._found[entries] = []
            return []
        pattern = compile_alternation(tuple(term_regex(v) for v, _ in variants))
        labels = [label for _, label in variants]
        found = [
            Match(m.start(), m.end(), labels[int(m.lastgroup[1:])])
            for m in pattern.finditer(self.text.text)
            if m.lastgroup
        ]
        self._found[entries] = found
        return found

    def sentence_span(self, offset: int) -> tuple[int, int]:
        s = self.text.sentences[self.text.sentence_index(offset)]
        return s.start, s.end

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        s = self.text.sentences[self.text.sentence_index(offset)]
        return self.text.paragraphs[s.paragraph]

    @cached_property
    def body_sentence_count(self) -> int:
        return sum(1 for s in self.text.sentences if s.section not in NOT_EVIDENCE)

    def within(self, matches: list[Match], lo: int, hi: int) -> Match | None:
        """The first match lying inside [lo, hi)."""
        i = bisect_left([m.start for m in matches], lo)
        if i < len(matches) and matches[i].end <= hi:
            return matches[i]
        return None

    def has_context(self, context: Context, start: int, end: int) -> bool:
        lo, hi = (
            self.sentence_span(start) if context.scope == "sentence" else self.paragraph_span(start)
        )
        matches = self.find(context.terms)
        starts = [m.start for m in matches]
        i = bisect_left(starts, lo)
        return i < len(matches) and matches[i].start < hi

    def overlapping(self, terms: TermList, start: int, end: int) -> Match | None:
        """A match of `terms` that overlaps [start, end)."""
        matches = self.find(terms)
        i = bisect_right([m.start for m in matches], end) - 1
        while i >= 0 and matches[i].end > start:
            if matches[i].start < end:
                return matches[i]
            i -= 1
        return None

    def in_sentence(self, terms: TermList, offset: int) -> Match | None:
        lo, hi = self.sentence_span(offset)
        matches = self.find(terms)
        i = bisect_left([m.start for m in matches], lo)
        return matches[i] if i < len(matches) and matches[i].start < hi else None

    def negated_by(self, start: int) -> str | None:
        """The negation cue that reaches the hit at `start` from earlier in its sentence."""
        if self.cues.negation is None:
            return None
        lo, _ = self.sentence_span(start)
        cue = None
        for m in self.cues.negation.finditer(self.text.text, lo, start):
            cue = m
        if cue is None:
            return None
        words_between = len(WORD.findall(self.text.text, cue.end(), start))
        return cue.group(0) if words_between <= self.cues.negation_window else None

    def strength(self, sentence: int) -> tuple[str, str | None]:
        """A sentence's strength (mention, commitment or target) and the cue that set it."""
        known = self._strength.get(sentence)
        if known is not None:
            return known
        text = self.text.sentence_text(sentence)
        result: tuple[str, str | None]
        hedge = self.cues.hedge.search(text) if self.cues.hedge else None
        if hedge:
            result = (MENTION, f"hedged: {hedge.group(0)!r}")
        else:
            commitment = (self.cues.commitment.search(text) if self.cues.commitment else None) or (
                self.cues.opener.search(text) if self.cues.opener else None
            )
            target = target_cue(text, committed=commitment is not None)
            if target:
                result = (TARGET, target)
            elif commitment:
                result = (COMMITMENT, repr(commitment.group(0)))
            else:
                result = (MENTION, None)
        self._strength[sentence] = result
        return result
