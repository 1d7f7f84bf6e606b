"""A criterion's evidence rules applied to one document: counted hits and voided ones.

For each candidate match, in this order: a place that is not evidence (heading, contents,
glossary, references, footnotes, lists of people) voids it; so do words that are not the
plan's own (someone else's words always; a reported finding or a statement of need when
the criterion reads a plan); an exclusion overlapping it or in its sentence voids it;
a negation cue before it in its sentence (or a `negation_after` cue after it) voids it;
a missing required context (looked for in the hit's scope, its list's lead-in and the
headings that govern its sentence, as the context says) voids it.
Surviving hits are resolved longest first so that no span is counted twice, then get the
strength of their sentence.
"""

from __future__ import annotations

from bisect import bisect_left

from ..rubric.model import Criterion, Rubric
from ..rules import Candidate, Context, EvidenceRule, Rule
from ..rules.budget import PatternTimeout
from ..text.segment import CONTENTS, FOOTNOTE, GLOSSARY, HEADING, MEMBERS, REFERENCES
from .hits import DocEvidence, Hit
from .index import ATTRIBUTED, NEGATION, OWN, QUOTED, VOICE_WORDS, DocIndex, PerSentence

PLACE_REASONS = {
    HEADING: "in a heading",
    CONTENTS: "in a table of contents",
    GLOSSARY: "in a glossary or list of abbreviations",
    REFERENCES: "in a reference list",
    FOOTNOTE: "in a footnote",
    MEMBERS: "in a list of people and posts",
}


def rule_name(rule: EvidenceRule, index: int) -> str:
    return rule.id or f"evidence[{index}]:{rule.kind}"  # type: ignore[attr-defined]


def context_of(rule: EvidenceRule, rubric: Rubric) -> Context | None:
    if isinstance(rule.context, str):
        return rubric.contexts[rule.context]
    return rule.context


def void_reason(
    rule: EvidenceRule,
    rubric: Rubric,
    doc: DocIndex,
    c: Candidate,
    sentence: int | None = None,
    reads: str = "understanding",
) -> str | None:
    """Why a candidate does not count, or None when it does. `sentence` is the index of
    the candidate's sentence when the caller knows it; `reads` is what the criterion asks
    of a plan (statements of need and reported findings are no plan)."""
    if sentence is None:
        sentence = doc.sentence_of(c.start)
    place = _place_or_voice(doc, sentence, reads)
    if place is not None:
        return place
    span = _span_reason(rule, doc, c, sentence)
    if span is not None:
        return span
    context = context_of(rule, rubric)
    if context is not None and doc.context_source(context, c.start, sentence) is None:
        return f"no {context_named(rule, context)} in {doc.context_where(context, sentence)}"
    return None


def context_named(rule: EvidenceRule, context: Context) -> str:
    """A rule's required context as a void reason names it: "mental-health context", or
    for a context written into the rule, a few of its words."""
    if isinstance(rule.context, str):
        return f"{rule.context} context"
    return "context such as " + ", ".join(repr(str(t)) for t in list(context.terms)[:3])


def sentence_void(doc: DocIndex, reads: str) -> PerSentence:
    """By sentence, why no hit in it counts whatever its words (`void_reason`'s checks of
    place and voice), or None."""

    def reason(sentence: int) -> str | None:
        return _place_or_voice(doc, sentence, reads)

    return doc.per_sentence(("void", reads), reason)


def _place_or_voice(doc: DocIndex, sentence: int, reads: str) -> str | None:
    """Why no hit in a sentence counts for where it stands (a heading, contents, notes...)
    or whose words it holds (someone else's; a need or a finding, for a plan criterion)."""
    section = doc.sections[sentence]
    if section in PLACE_REASONS:
        return PLACE_REASONS[section]
    voice = doc.voice(sentence)
    if voice is not None and (voice[0] == ATTRIBUTED or reads == "plan"):
        return f"{VOICE_WORDS[voice[0]]}, not the plan's own: {voice[1]!r}"
    return None


def _span_reason(rule: EvidenceRule, doc: DocIndex, c: Candidate, sentence: int) -> str | None:
    """`void_reason`'s checks of the candidate's own span: quoted words, exclusions and
    negation."""
    for start, end in doc.quoted(sentence):
        if start <= c.start < end:
            return f"{VOICE_WORDS[ATTRIBUTED]}, not the plan's own: 'a quotation'"
    if rule.exclude:
        other = doc.overlapping(rule.exclude, c.start, c.end, rule.inflect)
        if other is not None:
            return f"excluded by {other.label!r}"
    if rule.exclude_sentence:
        other = doc.in_sentence(rule.exclude_sentence, c.start, rule.inflect, sentence)
        if other is not None:
            return f"excluded: sentence mentions {other.label!r}"
    if rule.negation:
        cue = doc.negated_by(c.start, c.end, sentence)
        if cue is not None:
            return f"negated by {cue!r}"
    return None


class SpanChecks:
    """Which of `_span_reason`'s checks a rule makes, as lookups: a candidate inside its
    sentence (starting after a space) needs the checks themselves only when the sentence
    has a bit of `mask` in `DocIndex.span_flags` (quoted words, a negation cue that may
    reach it) or a match of one of the rule's exclusion lists."""

    def __init__(self, rule: EvidenceRule, doc: DocIndex) -> None:
        self.mask = QUOTED | (NEGATION if rule.negation else 0)
        self.flags = doc.span_flags()
        self.excluded: set[int] = set()
        for terms in (rule.exclude, rule.exclude_sentence):
            if terms:
                self.excluded.update(doc.sentences_touched(terms, rule.inflect))
        self.text = doc.text.text
        self.sentences = doc.text.sentences

    def clear(self, c: Candidate, sentence: int) -> bool:
        """Whether no check of the candidate's own span can void it."""
        s = self.sentences[sentence]
        return (
            s.start <= c.start < c.end <= s.end
            and c.start > 0
            and self.text[c.start - 1].isspace()
            and not self.flags[sentence] & self.mask
            and sentence not in self.excluded
        )


def criterion_evidence(criterion: Criterion, rubric: Rubric, doc: DocIndex) -> DocEvidence:
    """Counted and voided hits of a criterion's rules in one document.

    Each candidate is checked as `void_reason` checks it, with what depends only on its
    sentence looked up per sentence: the place and voice (`sentence_void`),
    where a context is found (`DocIndex.context_places`), and whether quoted words,
    exclusions or negation could void it (`SpanChecks`); only then are those checked
    against the candidate's own span."""
    survivors: list[tuple[Candidate, Rule, str, int]] = []
    voided: list[Hit] = []
    sentence_of = doc.sentence_of
    voids = sentence_void(doc, criterion.reads)
    for index, rule in enumerate(criterion.evidence):
        name = rule_name(rule, index)
        context = context_of(rule, rubric)
        places = doc.context_places(context) if context is not None else None
        context_name = context_named(rule, context) if context is not None else ""
        spans = SpanChecks(rule, doc)
        try:
            for c in rule.candidates(doc):
                sentence = sentence_of(c.start)
                reason = voids[sentence]
                if reason is None and not spans.clear(c, sentence):
                    reason = _span_reason(rule, doc, c, sentence)
                if reason is None and places is not None:
                    assert context is not None
                    if places[sentence] is None:
                        where = doc.context_where(context, sentence)
                        reason = f"no {context_name} in {where}"
                if reason is None:
                    survivors.append((c, rule, name, sentence))
                else:
                    voided.append(
                        Hit(doc.document, sentence, c.start, c.end, c.labels, name, void=reason)
                    )
        except PatternTimeout as exc:
            raise PatternTimeout(f"criterion {criterion.id!r}, rule {name}: {exc}") from None
    survivors.sort(key=lambda item: (item[0].start - item[0].end, item[0].start))
    starts: list[int] = []  # the spans kept so far: disjoint, so sorted by start and by end
    ends: list[int] = []
    kept: list[tuple[Candidate, Rule, str, int]] = []
    for item in survivors:
        c = item[0]
        i = bisect_left(starts, c.end)  # spans before i start before this one ends
        if i and ends[i - 1] > c.start:
            continue  # a longer match already counted this text
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(item)
    kept.sort(key=lambda item: item[0].start)
    hits = []
    for c, rule, name, sentence in kept:
        strength, cue = doc.strength(sentence)
        context = context_of(rule, rubric)
        source = doc.context_places(context)[sentence] if context is not None else None
        hits.append(
            Hit(
                doc.document,
                sentence,
                c.start,
                c.end,
                c.labels,
                name,
                strength,
                cue,
                context=source if source is not None else OWN,
            )
        )
    measures: dict[str, float] = {}
    for rule in criterion.evidence:
        counted = [c for c, r, _, _ in kept if r is rule]
        for key, value in rule.measures(doc, counted).items():
            measures[key] = measures.get(key, 0.0) + value
    voided.sort(key=lambda h: h.start)
    return DocEvidence(hits, voided, measures)
