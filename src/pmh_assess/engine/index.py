"""One document's text, ready for matching: cached term matches and sentence cues.

Every term list is matched once per document, longest terms first at each place, and
each sentence's strength is worked out once, whatever asks for it. With a `TermMatcher`
(built once per rubric, see `automaton.py`) every list and cue is found from one pass
over the text; without one, each list is one combined regular expression, the reference
the automaton is tested against.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from ..base.vocabulary import COMMITMENT, MENTION, TARGET
from ..rubric.model import Language
from ..rules import Context, Match, TermList, term_entries
from ..rules.patterns import (
    accepts,
    compile_alternation,
    compile_once,
    term_forms,
    term_keys,
    term_regex,
)
from ..text import Text
from ..text.segment import CLOSING_QUOTE, FOOTNOTE, NOT_EVIDENCE, TABLE, quoted_whole
from .automaton import Scan, TermMatcher
from .hits import DocEvidence
from .strength import target_cue

ATTRIBUTED, REPORTED, NEED = "attributed", "reported", "need"
VOICE_WORDS = {
    ATTRIBUTED: "someone else's words",
    REPORTED: "a finding reported from other work",
    NEED: "a statement of need or prevalence",
}
"""Sentences that are not the plan's own statement of what it does (see `DocIndex.voice`)."""
OWN = -1
"""A context found in the hit's own sentence (see `DocIndex.context_source`)."""
QUOTED, NEGATION = 1, 2
"""Bits of `DocIndex.span_flags`: what in a sentence may void a hit by its own span."""
SCOPE_WORDS = {
    "sentence": "the same sentence",
    "paragraph": "the same paragraph",
    "adjacent": "the same or an adjacent sentence",
}


Ordered = tuple[tuple[str, str], ...]
"""(regex, label) pairs in the order a list's alternation tries them."""


def ordered_variants(terms: TermList, inflect: bool = True) -> Ordered:
    """Every variant of a term list with its label, longest variant first.

    With `inflect`, each variant also matches its inflected forms. Where variants of the
    list are forms of one another (`prevent`, `prevention`), each of them written exactly
    comes first, just before the longest of them, so that the text "prevent" is labelled
    `prevent`, not `prevention`; inflection only adds what no term matches as written.
    """
    variants = sorted(
        ((v, label) for label, vs in term_entries(terms) for v in vs),
        key=lambda item: (-len(item[0]), item[0]),
    )
    if not inflect:
        return tuple((term_regex(v, False), label) for v, label in variants)
    siblings: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for v, label in variants:
        forms = term_forms(v)
        if forms is not None:
            siblings.setdefault(forms, []).append((v, label))
    out: list[tuple[str, str]] = []
    for v, label in variants:
        group = siblings.get(term_forms(v) or (), [])
        if len(group) > 1 and group[0][0] == v:
            out.extend((term_regex(w, False), other) for w, other in group)
        out.append((term_regex(v, True), label))
    return tuple(out)


def cue_order(terms: list[str]) -> Ordered:
    """A cue list's terms, longest first (as written for equal lengths). Cues are phrases
    of the language ("we will", "there is no"), matched without inflection."""
    return tuple((term_regex(t, False), t) for t in sorted(terms, key=len, reverse=True))


def find_by_regex(ordered: Ordered, text: str) -> list[Match]:
    """The reference matcher: one alternation of the variants over the whole text.

    Where the variant the alternation chose has an inflected word that is not a form of
    the term's word (`accepts`), the later variants are tried at the same place, in order,
    and the search goes on after the place if none of them matches either.
    """
    if not ordered:
        return []
    regexes = tuple(rx for rx, _ in ordered)
    pattern = compile_alternation(regexes)
    keys = [term_keys(rx) for rx in regexes]
    labels = [label for _, label in ordered]
    out: list[Match] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        assert m.lastgroup is not None
        rank, start, end = int(m.lastgroup[1:]), m.start(), m.end()
        if not accepts(m, keys[rank], pattern.groupindex[m.lastgroup]):
            for later in range(rank + 1, len(regexes)):
                again = compile_once(regexes[later]).match(text, start)
                if again and again.end() > start and accepts(again, keys[later]):
                    rank, end = later, again.end()
                    break
            else:
                pos = start + 1
                continue
        out.append(Match(start, end, labels[rank]))
        pos = end
    return out


TOPIC_WORDS = 5
"""The most words of a sentence that only names a topic (see `DocIndex._topic_item`)."""
BACK_REFERENCE = re.compile(r"(?:these|this|those|such)\b", re.I)
"""How a list's lead-in opens that refers back to the sentence before it."""


@dataclass(frozen=True)
class Cues:
    """A rubric's language cues, compiled once per rubric."""

    commitment: re.Pattern[str] | None
    opener: re.Pattern[str] | None
    hedge: re.Pattern[str] | None
    negation: re.Pattern[str] | None
    negation_after: re.Pattern[str] | None
    attributed: re.Pattern[str] | None
    reported: re.Pattern[str] | None
    need: re.Pattern[str] | None
    negation_window: int
    lists: dict[str, Ordered]
    variants: dict[tuple[int, bool], tuple[TermList, Ordered]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Each term list's `ordered_variants`, worked out once per rubric, by the list object."""

    def ordered(self, terms: TermList, inflect: bool) -> Ordered:
        """`ordered_variants(terms, inflect)`, remembered for the list object (kept alive
        here, so its id cannot be reused by another list)."""
        key = (id(terms), inflect)
        known = self.variants.get(key)
        if known is None or known[0] is not terms:
            known = self.variants[key] = (terms, ordered_variants(terms, inflect))
        return known[1]

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled (in a worker): the variants worked out before, for the lists they were
        pickled with (one pickle keeps each list one object with its rubric's), by the ids
        the lists have in this process."""
        variants = {
            (id(terms), inflect): (terms, ordered)
            for (_, inflect), (terms, ordered) in state.get("variants", {}).items()
        }
        for name, value in {**state, "variants": variants}.items():
            object.__setattr__(self, name, value)

    @classmethod
    def compile(cls, language: Language) -> Cues:
        lists = {
            "commitment": cue_order(language.commitment),
            "opener": cue_order(language.commitment_openers),
            "hedge": cue_order(language.hedge),
            "negation": cue_order(language.negation),
            "negation_after": cue_order(language.negation_after),
            "attributed": cue_order(language.attributed),
            "reported": cue_order(language.reported),
            "need": cue_order(language.need),
        }

        def alternation(name: str, anchored: bool = False) -> re.Pattern[str] | None:
            if not lists[name]:
                return None
            body = "|".join(rx for rx, _ in lists[name])
            return re.compile(rf"^(?:{body})" if anchored else body)

        return cls(
            commitment=alternation("commitment"),
            opener=alternation("opener", anchored=True),
            hedge=alternation("hedge"),
            negation=alternation("negation"),
            negation_after=alternation("negation_after"),
            attributed=alternation("attributed"),
            reported=alternation("reported"),
            need=alternation("need"),
            negation_window=language.negation_window,
            lists=lists,
        )


WORD = re.compile(r"\w+")
SPEAKING = r"(?:said|says|added|adds|commented|comments|explained|explains|stated|states)"
SPEAKS = re.compile(rf"\b{SPEAKING}\s?[:,]?\s?\"$", re.I)
"""A verb of speaking that opens a quotation: 'said: "'."""
SPOKEN = re.compile(
    rf"(?P<before>\b{SPEAKING}\s?[:,]?\s?\")|\"[^\"]{{12,}}[,.!?]\"\s?(?P<verb>{SPEAKING})\b",
    re.I,
)
"""A quotation beside a verb of speaking, before it or after it."""


_as_match: Callable[[tuple[int, int, str]], Match] = partial(tuple.__new__, Match)
"""A matcher's (start, end, label) as a Match: twice as fast as `Match._make`, and a
document has hundreds of thousands of them."""


class PerSentence(dict[int, Any]):
    """A fact of each sentence, worked out on first lookup (`facts[i]`) and kept: a hit's
    checks that depend only on its sentence cost one dictionary lookup after the first."""

    def __init__(self, work_out: Callable[[int], Any]) -> None:
        super().__init__()
        self.work_out = work_out

    def __missing__(self, sentence: int) -> Any:
        value = self[sentence] = self.work_out(sentence)
        return value


class DocIndex:
    """Matches and per-sentence facts for one document, computed on first use."""

    def __init__(
        self, text: Text, cues: Cues, document: str = "", matcher: TermMatcher | None = None
    ) -> None:
        self.text = text
        self.cues = cues
        self.document = document
        self.matcher = matcher
        self._found: dict[Ordered, list[Match]] = {}
        self._by_id: dict[tuple[int, bool], tuple[TermList, list[Match], list[int]]] = {}
        self._cues: dict[str, tuple[list[Match], list[int]] | None] = {}
        self.known: dict[str, DocEvidence] = {}  # criterion evidence worked out ahead (run/memo.py)
        self.marginal: tuple[int, int] | None = None  # body words and sentences, worked out ahead
        self._sentence_of: dict[int, int] = {}
        self._negated: dict[tuple[int, int | None], str | None] = {}
        self._context: dict[tuple[int, bool, int, int], Match | None] = {}
        self._strength: dict[int, tuple[str, str | None]] = {}
        self._voice: dict[int, tuple[str, str] | None] = {}
        self._quoted_whole: dict[int, bool] = {}  # by paragraph: see `_quoted`
        self._facts: dict[Hashable, PerSentence] = {}  # see `per_sentence`
        self._body_with: dict[tuple[int, bool], int] = {}  # see `body_sentences_with`
        self._first_by_sentence: dict[str, dict[int, Match]] = {}  # see `_firsts`
        self._touched: dict[Hashable, frozenset[int] | None] = {}  # see `sentences_touched`
        self._sentence_ends = [s.end for s in text.sentences]

    @cached_property
    def _scan(self) -> Scan:
        assert self.matcher is not None
        return self.matcher.scan(self.text.text)

    def _matches(self, ordered: Ordered) -> list[Match]:
        found = self._found.get(ordered)
        if found is None:
            if self.matcher is not None and self.matcher.knows(ordered):
                found = list(map(_as_match, self.matcher.find(ordered, self._scan)))
            else:
                found = find_by_regex(ordered, self.text.text)
            self._found[ordered] = found
        return found

    def _indexed(self, terms: TermList, inflect: bool = True) -> tuple[list[Match], list[int]]:
        """A term list's matches and their starts, looked up by the list object itself."""
        key = (id(terms), inflect)
        known = self._by_id.get(key)
        if known is None or known[0] is not terms:
            matches = self._matches(self.cues.ordered(terms, inflect))
            known = self._by_id[key] = (terms, matches, [m.start for m in matches])
        return known[1], known[2]

    def find(self, terms: TermList, inflect: bool = True) -> list[Match]:
        """All non-overlapping matches of a term list, longest term first at each place;
        with `inflect`, words of the terms also match their other forms."""
        return self._indexed(terms, inflect)[0]

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing `offset` (remembered: many rules ask again)."""
        found = self._sentence_of.get(offset)
        if found is None:
            found = self._sentence_of[offset] = self.text.sentence_index(offset)
        return found

    def sentence_span(self, offset: int, sentence: int | None = None) -> tuple[int, int]:
        s = self.text.sentences[self.sentence_of(offset) if sentence is None else sentence]
        return s.start, s.end

    @cached_property
    def sections(self) -> list[str]:
        """Each sentence's section (body, heading, contents...), by sentence index."""
        return [s.section for s in self.text.sentences]

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        """The paragraph around `offset`; in a table, its cell (no cell lends its words to
        another)."""
        s = self.text.sentences[self.sentence_of(offset)]
        if s.section == TABLE:
            return s.start, s.end
        return self.text.paragraphs[s.paragraph]

    @cached_property
    def body_sentence_count(self) -> int:
        return sum(1 for s in self.text.sentences if s.section not in NOT_EVIDENCE)

    @cached_property
    def body_words(self) -> int:
        text = self.text.text
        return sum(
            len(text[s.start : s.end].split())
            for s in self.text.sentences
            if s.section not in NOT_EVIDENCE
        )

    def body_sentences_with(self, terms: TermList, inflect: bool = True) -> int:
        """How many body sentences hold one of the terms (kept by the list's id, as the
        rubric's lists outlive every index of its documents)."""
        key = (id(terms), inflect)
        if key not in self._body_with:
            sentences = self.text.sentences
            found = {self.sentence_of(m.start) for m in self.find(terms, inflect)}
            self._body_with[key] = sum(1 for i in found if sentences[i].section not in NOT_EVIDENCE)
        return self._body_with[key]

    def within(self, matches: list[Match], lo: int, hi: int) -> Match | None:
        """The first match lying inside [lo, hi)."""
        i = bisect_left([m.start for m in matches], lo)
        if i < len(matches) and matches[i].end <= hi:
            return matches[i]
        return None

    def context_spans(
        self, context: Context, offset: int, sentence: int | None = None
    ) -> list[tuple[int, int]]:
        """The spans of text around `offset` that a context's scope looks at, in order.

        `adjacent` reaches one sentence back and one forward: within the paragraph, or into
        a neighbouring paragraph when both are single sentences of the same kind (items of
        a list written one per paragraph), past the notes a page break set between them.
        """
        i = self.sentence_of(offset) if sentence is None else sentence
        sentences = self.text.sentences
        own = (sentences[i].start, sentences[i].end)
        if context.scope == "sentence" or sentences[i].section == TABLE:
            return [own]  # a table's cell: its own scope
        if context.scope == "paragraph":
            return [self.text.paragraphs[sentences[i].paragraph]]
        spans = [own]
        before, after = self._beside(i, -1), self._beside(i, 1)
        if before >= 0 and self._neighbours(before, i):
            spans.insert(0, (sentences[before].start, sentences[before].end))
        if after >= 0 and self._neighbours(i, after):
            spans.append((sentences[after].start, sentences[after].end))
        return spans

    def _beside(self, i: int, step: int) -> int:
        """The sentence before (step -1) or after (1) sentence i in the running text, past
        a page's notes that a page break set between them; -1 at either end."""
        sentences = self.text.sentences
        k = i + step
        if sentences[i].section != FOOTNOTE:
            while 0 <= k < len(sentences) and sentences[k].section == FOOTNOTE:
                k += step
        return k if 0 <= k < len(sentences) else -1

    def _neighbours(self, a: int, b: int) -> bool:
        """Whether two consecutive sentences are next to each other for `adjacent`."""
        first, second = self.text.sentences[a], self.text.sentences[b]
        if TABLE in (first.section, second.section):
            return False
        if first.paragraph == second.paragraph:
            return True
        sizes = self._paragraph_sizes
        return (
            sizes[first.paragraph] == 1
            and sizes[second.paragraph] == 1
            and first.section == second.section
        )

    @cached_property
    def _paragraph_sizes(self) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for s in self.text.sentences:
            sizes[s.paragraph] = sizes.get(s.paragraph, 0) + 1
        return sizes

    def headings_of(self, sentence: int) -> tuple[int, ...]:
        """The heading sentences governing a sentence, nearest first."""
        return self.text.heading_path(sentence)[::-1]

    def first_in(self, terms: TermList, lo: int, hi: int, inflect: bool = True) -> Match | None:
        """The first match of a term list starting in [lo, hi)."""
        key = (id(terms), inflect, lo, hi)
        if key in self._context:
            return self._context[key]
        matches, starts = self._indexed(terms, inflect)
        i = bisect_left(starts, lo)
        found = matches[i] if i < len(matches) and matches[i].start < hi else None
        self._context[key] = found
        return found

    def per_sentence(self, key: Hashable, work_out: Callable[[int], Any]) -> PerSentence:
        """The facts named `key` of this document's sentences, each worked out by
        `work_out(sentence)` on first lookup (the same `key` must mean the same facts)."""
        facts = self._facts.get(key)
        if facts is None:
            facts = self._facts[key] = PerSentence(work_out)
        return facts

    def context_places(self, context: Context) -> PerSentence:
        """By sentence, where a context is found for a hit in it (see `context_source`).
        Kept by the context's id: a rubric's contexts outlive every index of its
        documents (and each one's facts hold it), so ids are not reused meanwhile."""
        return self.per_sentence(("context", id(context)), partial(self._context_source, context))

    def context_source(
        self, context: Context, start: int, sentence: int | None = None
    ) -> int | None:
        """Where a context is found for a hit starting at `start`: OWN (its own sentence),
        the index of the sentence it is found in (a neighbour in the context's scope, the
        list's lead-in, a governing heading), or None when it is found nowhere.

        The answer depends only on the hit's sentence, so it is worked out once per
        sentence and context."""
        i = self.sentence_of(start) if sentence is None else sentence
        return self.context_places(context)[i]  # type: ignore[no-any-return]

    def _context_source(self, context: Context, i: int) -> int | None:
        s = self.text.sentences[i]
        terms, inflect = context.terms, context.inflect
        if self.first_in(terms, s.start, s.end, inflect) is not None:
            return OWN
        if context.scope != "sentence" and not self._topic_item(i):
            for lo, hi in self.context_spans(context, s.start, i):
                found = self.first_in(terms, lo, hi, inflect)
                if found is not None:
                    return self.sentence_of(found.start)
        places: list[int] = []
        if context.lead_in:
            places.extend(self.lead_in(i))
        if context.headings != "none":
            path = self.headings_of(i)
            places.extend(path[:1] if context.headings == "nearest" else path)
        for k in places:
            other = self.text.sentences[k]
            if self.first_in(terms, other.start, other.end, inflect) is not None:
                return k
        return None

    def lead_in(self, sentence: int) -> tuple[int, ...]:
        """The sentences that lead into a list item's list: its lead-in, and the sentence
        before it in its paragraph when the lead-in refers back to it ("We signed the
        concordat for better mental health. These objectives go to the board:"); none for
        a sentence that is no list item."""
        sentences = self.text.sentences
        lead = sentences[sentence].lead
        if lead < 0:
            return ()
        before = lead - 1
        if (
            before >= 0
            and sentences[before].paragraph == sentences[lead].paragraph
            and BACK_REFERENCE.match(self.text.text, sentences[lead].start)
        ):
            return (lead, before)
        return (lead,)

    def _topic_item(self, i: int) -> bool:
        """Whether a sentence only names a topic: a few words that end no sentence ("maternity",
        "severe mental illness"), as the items of a list of areas do. Its neighbours and
        paragraph name other topics, and lend it no context; its own words, its list's
        lead-in and its headings still do."""
        s = self.text.sentences[i]
        words = self.text.text[s.start : s.end].split()
        return 0 < len(words) <= TOPIC_WORDS and not words[-1].endswith((".", "!", "?"))

    def context_where(self, context: Context, sentence: int) -> str:
        """Where a context is looked for around a sentence, in words (for void reasons)."""
        places = [SCOPE_WORDS[context.scope]]
        if context.lead_in and self.text.sentences[sentence].lead >= 0:
            places.append("its list's lead-in")
        if context.headings != "none" and self.text.heading_path(sentence):
            places.append("its heading" if context.headings == "nearest" else "its headings")
        return ", ".join(places[:-1]) + " or " + places[-1] if len(places) > 1 else places[0]

    def overlapping(
        self, terms: TermList, start: int, end: int, inflect: bool = True
    ) -> Match | None:
        """A match of `terms` that overlaps [start, end)."""
        matches, starts = self._indexed(terms, inflect)
        i = bisect_right(starts, end) - 1
        while i >= 0 and matches[i].end > start:
            if matches[i].start < end:
                return matches[i]
            i -= 1
        return None

    def in_sentence(
        self, terms: TermList, offset: int, inflect: bool = True, sentence: int | None = None
    ) -> Match | None:
        lo, hi = self.sentence_span(offset, sentence)
        matches, starts = self._indexed(terms, inflect)
        i = bisect_left(starts, lo)
        return matches[i] if i < len(matches) and matches[i].start < hi else None

    def _cue(self, name: str) -> tuple[list[Match], list[int]] | None:
        """A cue list's matches over the whole text, when the matcher has the list."""
        if name in self._cues:
            return self._cues[name]
        ordered = self.cues.lists[name]
        known = None
        if self.matcher is not None and ordered and self.matcher.knows(ordered):
            matches = self._matches(ordered)
            known = (matches, [m.start for m in matches])
        self._cues[name] = known
        return known

    def _first_cue(self, name: str, lo: int, hi: int) -> Match | None:
        """The first match of a cue list in [lo, hi). For a sentence's span that is what a
        search of the sentence alone finds: no match crosses the line break between two
        sentences, so the whole-text scan starts afresh at each sentence."""
        found = self._cue(name)
        assert found is not None
        matches, starts = found
        i = bisect_left(starts, lo)
        return matches[i] if i < len(matches) and matches[i].start < hi else None

    def _negation_before(self, lo: int, start: int) -> tuple[bool, tuple[int, int] | None]:
        """(known, the last negation cue in [lo, start)) from the whole-text matches.

        They are the matches of a search that stops at `start`, unless one runs across
        `start`, or one could end there: a term never ends in a space, so when a space comes
        before `start`, none can. Otherwise it is not known and the span is searched.
        """
        found = self._cue("negation")
        if found is None or start == 0 or not self.text.text[start - 1].isspace():
            return False, None
        matches, starts = found
        i = bisect_left(starts, start) - 1
        if i >= 0 and matches[i].end > start:
            return False, None
        if i >= 0 and starts[i] >= lo:
            return True, (starts[i], matches[i].end)
        return True, None

    def negated_by(
        self, start: int, end: int | None = None, sentence: int | None = None
    ) -> str | None:
        """The negation cue that reaches the hit at [start, end) in its sentence.

        A `negation` cue reaches forward from before the hit ("there is no ..."); a
        `negation_after` cue reaches back from after it ("... is not yet in place").
        """
        key = (start, end)
        if key not in self._negated:
            found = self._negation(start, sentence) if self.cues.negation is not None else None
            if found is None and end is not None:
                same = sentence is not None and start < end <= self._sentence_ends[sentence]
                found = self._negation_after(end, sentence if same else None)
            self._negated[key] = found
        return self._negated[key]

    def _negation_after(self, end: int, sentence: int | None = None) -> str | None:
        if self.cues.negation_after is None:
            return None
        text = self.text.text
        _, hi = self.sentence_span(end - 1 if end else end, sentence)
        known, cue = self._first_after(end, hi)
        if not known:
            found = self.cues.negation_after.search(text, end, hi)
            cue = found.span() if found else None
        if cue is not None and len(WORD.findall(text, end, cue[0])) <= self.cues.negation_window:
            return text[cue[0] : cue[1]]
        return None

    def _first_after(self, end: int, hi: int) -> tuple[bool, tuple[int, int] | None]:
        """(known, the first `negation_after` cue in [end, hi)) from the whole-text matches.

        A search from `end` finds what the whole-text scan found after `end`, unless a
        whole-text match runs across `end` (the scan resumed after it) or across `hi`, or
        the sentence is not followed by a space or the end of the text (a cue cut at `hi`
        could then match in the sentence alone). Otherwise it is not known.
        """
        found = self._cue("negation_after")
        text = self.text.text
        if found is None or (hi < len(text) and not text[hi].isspace()):
            return False, None
        matches, starts = found
        i = bisect_left(starts, end)
        if i > 0 and matches[i - 1].end > end:
            return False, None
        if i < len(matches) and matches[i].start < hi:
            if matches[i].end > hi:
                return False, None
            return True, (matches[i].start, matches[i].end)
        return True, None

    def _negation(self, start: int, sentence: int | None = None) -> str | None:
        assert self.cues.negation is not None
        lo, _ = self.sentence_span(start, sentence)
        text = self.text.text
        known, cue = self._negation_before(lo, start)
        if not known:
            for m in self.cues.negation.finditer(text, lo, start):
                cue = m.span()
        if cue is None:
            return None
        words_between = len(WORD.findall(text, cue[1], start))
        return text[cue[0] : cue[1]] if words_between <= self.cues.negation_window else None

    def _firsts(self, name: str) -> dict[int, Match]:
        """The first match of a cue list in each sentence that has one, from one walk over
        the list's whole-text matches: what `_first_cue` finds in the sentence's span."""
        found = self._first_by_sentence.get(name)
        if found is None:
            cue = self._cue(name)
            assert cue is not None
            found = self._first_by_sentence[name] = {}
            index, ends = self.text.sentence_index, self._sentence_ends
            for m in cue[0]:
                i = index(m.start)
                if m.start < ends[i] and m.start >= self.text.sentences[i].start:
                    found.setdefault(i, m)
        return found

    def _search(self, name: str, sentence: int) -> str | None:
        """The text of the first match of a cue list in a sentence (for `opener`: only at its
        start), or None."""
        s = self.text.sentences[sentence]
        if self._cue(name) is not None:
            m = self._firsts(name).get(sentence)
            if m is None or (name == "opener" and m.start != s.start):
                return None
            return self.text.text[m.start : m.end]
        pattern = getattr(self.cues, name)
        found = pattern.search(self.text.text[s.start : s.end]) if pattern else None
        return found.group(0) if found else None

    def _committed(self, sentence: int) -> str | None:
        """The commitment cue of a sentence (a phrase, or an action word opening it)."""
        found = self._search("commitment", sentence)
        return found if found is not None else self._search("opener", sentence)

    def voice(self, sentence: int) -> tuple[str, str] | None:
        """Whose words a sentence is, when not the plan's own: (ATTRIBUTED, cue) for words
        of respondents and others ("people told us") in a sentence, or under a list lead-in
        or nearest heading that says so, unless the sentence commits the plan ("people told
        us ..., so we will ...");
        (REPORTED, cue) for another study's findings ("research shows"); (NEED, cue) for a
        statement of prevalence or need with no commitment ("rates of ... are higher")."""
        if sentence in self._voice:
            return self._voice[sentence]
        found: tuple[str, str] | None = None
        s = self.text.sentences[sentence]
        path = self.text.heading_path(sentence)
        uncommitted = self._committed(sentence) is None
        heard = [
            cue
            for k in (sentence, s.lead, path[-1] if path else -1)
            if k >= 0 and (cue := self._search("attributed", k)) is not None
        ]
        if heard and uncommitted:
            found = (ATTRIBUTED, heard[0])
        elif (cue := self._search("reported", sentence)) is not None:
            found = (REPORTED, cue)
        elif (
            uncommitted
            and (cue := self._search("need", sentence)) is not None
            and target_cue(self.text.sentence_text(sentence), committed=False) is None
        ):
            found = (NEED, cue)
        self._voice[sentence] = found
        return found

    def quoted(self, sentence: int) -> tuple[tuple[int, int], ...]:
        """The spans of a sentence that quote someone's words: a quotation beside a verb
        of speaking ('..., Chair of the Board, said: "..."'; '"...," she added'), or the
        rest of one so introduced earlier in the paragraph. The words that introduce a
        quotation (who said it, in what post) are the document's own."""
        return self.per_sentence("quoted", self._quoted)[sentence]  # type: ignore[no-any-return]

    def _quoted(self, sentence: int) -> tuple[tuple[int, int], ...]:
        text = self.text.text
        s = self.text.sentences[sentence]
        spans: list[tuple[int, int]] = []
        start, end = self.text.paragraphs[s.paragraph]
        whole = (
            text[start : start + 1] == '"' and CLOSING_QUOTE.search(text, start, end) is not None
        )
        if whole:  # a testimony or pull quote set out on its own, whoever said it
            known = self._quoted_whole.get(s.paragraph)
            if known is None:
                known = self._quoted_whole[s.paragraph] = quoted_whole(text[start:end])
            if known:
                return ((s.start, s.end),)
        if text.find('"', min(start, s.start), s.end) < 0:
            return ()  # no quotation mark: nothing below can find one
        if text.count('"', start, s.start) % 2:  # a quotation goes on from before
            opened = text.rfind('"', start, s.start)
            if SPEAKS.search(text, max(start, opened - 14), opened + 1):
                close = text.find('"', s.start, s.end)
                spans.append((s.start, s.end if close < 0 else close))
        for m in SPOKEN.finditer(text, s.start, s.end):
            if m["before"] is not None:  # 'said: "...'
                close = text.find('"', m.end(), s.end)
                spans.append((m.end(), s.end if close < 0 else close))
            else:  # '"...," she said'
                spans.append((m.start(), m.start("verb")))
        return tuple(spans)

    def span_flags(self) -> PerSentence:
        """By sentence, a bit set of what in it may void a hit by the hit's own span:
        QUOTED when it quotes someone (`quoted`), NEGATION when a negation cue may reach a
        hit in it (`negated_by`). A hit lying inside a sentence with neither bit, starting
        after a space, is neither quoted nor negated: the lookup stands for both checks."""
        return self.per_sentence("span flags", self._span_flags)

    def _span_flags(self, sentence: int) -> int:
        flags = QUOTED if self.quoted(sentence) else 0
        if self._may_negate(sentence):
            flags |= NEGATION
        return flags

    def _may_negate(self, sentence: int) -> bool:
        """Whether `negated_by` may find a cue for a hit inside the sentence (that starts
        after a space). No: when each cue list the rubric has is matched over the whole
        text, none of its matches overlaps the sentence, and (for `negation_after`) the
        sentence ends at a space or the end of the text, since then both of its searches
        take the whole-text matches as they are (`_negation_before`, `_first_after`)."""
        text = self.text.text
        end = self.text.sentences[sentence].end
        for name in ("negation", "negation_after"):
            if getattr(self.cues, name) is None:
                continue
            touched = self.cue_sentences(name)
            if touched is None or sentence in touched:
                return True
            if name == "negation_after" and end < len(text) and not text[end].isspace():
                return True
        return False

    def cue_sentences(self, name: str) -> frozenset[int] | None:
        """The sentences a cue list's whole-text matches overlap (None: the matcher does
        not have the list)."""
        key = ("cue sentences", name)
        if key not in self._touched:
            found = self._cue(name)
            self._touched[key] = None if found is None else self._overlapped(found[0])
        return self._touched[key]

    def sentences_touched(self, terms: TermList, inflect: bool = True) -> frozenset[int]:
        """The sentences that a match of the term list overlaps (kept by the list's id, as
        the rubric's lists outlive every index of its documents)."""
        key = (id(terms), inflect)
        found = self._touched.get(key)
        if found is None:
            found = self._touched[key] = self._overlapped(self.find(terms, inflect))
        return found

    def _overlapped(self, matches: list[Match]) -> frozenset[int]:
        sentences, ends = self.text.sentences, self._sentence_ends
        touched: set[int] = set()
        for m in matches:
            i = bisect_right(ends, m.start)  # the first sentence ending after the start
            while i < len(sentences) and sentences[i].start < m.end:
                if sentences[i].end > m.start:
                    touched.add(i)
                i += 1
        return frozenset(touched)

    def _row_strength(self, sentence: int) -> tuple[str, str | None]:
        """A table cell's strength is its row's, read across the row as one line (a row of
        a targets table gives the measure, the figure and the date in cells of their own):
        cells lend each other strength, never terms or context."""
        sentences = self.text.sentences
        paragraph = sentences[sentence].paragraph
        first = self.text.sentence_index(self.text.paragraphs[paragraph][0])
        cells = list(
            itertools.takewhile(
                lambda k: sentences[k].paragraph == paragraph, range(first, len(sentences))
            )
        )
        hedge = next((h for k in cells if (h := self._search("hedge", k)) is not None), None)
        commitment = next(
            (c for k in cells if (c := self._search("commitment", k)) is not None),
            self._search("opener", cells[0]),
        )
        row = " ".join(self.text.sentence_text(k) for k in cells)
        target = target_cue(row, committed=commitment is not None) if hedge is None else None
        result: tuple[str, str | None]
        if hedge is not None:
            result = (MENTION, f"hedged: {hedge!r}")
        elif target:
            result = (TARGET, target)
        elif commitment is not None:
            result = (COMMITMENT, repr(commitment))
        else:
            result = (MENTION, None)
        for k in cells:
            self._strength[k] = result
        return result

    def strength(self, sentence: int) -> tuple[str, str | None]:
        """A sentence's strength (mention, commitment or target) and the cue that set it."""
        known = self._strength.get(sentence)
        if known is not None:
            return known
        if self.text.sentences[sentence].section == TABLE:
            return self._row_strength(sentence)
        text = self.text.sentence_text(sentence)
        result: tuple[str, str | None]
        hedge = self._search("hedge", sentence)
        voice = self.voice(sentence)
        if hedge is not None:
            result = (MENTION, f"hedged: {hedge!r}")
        elif voice is not None:
            result = (MENTION, f"{VOICE_WORDS[voice[0]]}: {voice[1]!r}")
        else:
            commitment = self._committed(sentence)
            target = target_cue(text, committed=commitment is not None)
            if target:
                result = (TARGET, target)
            elif commitment is not None:
                result = (COMMITMENT, repr(commitment))
            else:
                result = (MENTION, None)
        self._strength[sentence] = result
        return result
