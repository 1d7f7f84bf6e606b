"""A criterion's evidence rules applied to one document: counted hits and voided ones.

For each candidate match, in this order: a place that is not evidence (heading, contents,
glossary, references) voids it; an exclusion overlapping it or in its sentence voids it;
a negation cue before it in its sentence (or a `negation_after` cue after it) voids it;
a missing required context (looked for in the hit's scope and, unless the context says
`headings: false`, in the heading that governs its sentence) voids it.
Surviving hits are resolved longest first so that no span is counted twice, then get the
strength of their sentence.
"""

from __future__ import annotations

from bisect import bisect_left

from ..rubric.model import Criterion, Rubric
from ..rules import Candidate, Context, EvidenceRule, Rule
from ..rules.budget import PatternTimeout
from ..text.segment import CONTENTS, GLOSSARY, HEADING, REFERENCES
from .hits import DocEvidence, Hit
from .index import DocIndex

PLACE_REASONS = {
    HEADING: "in a heading",
    CONTENTS: "in a table of contents",
    GLOSSARY: "in a glossary or list of abbreviations",
    REFERENCES: "in a reference list",
}

SCOPE_WORDS = {
    "sentence": "the same sentence",
    "paragraph": "the same paragraph",
    "adjacent": "the same or an adjacent sentence",
}


def rule_name(rule: EvidenceRule, index: int) -> str:
    return rule.id or f"evidence[{index}]:{rule.kind}"  # type: ignore[attr-defined]


def context_of(rule: EvidenceRule, rubric: Rubric) -> Context | None:
    if isinstance(rule.context, str):
        return rubric.contexts[rule.context]
    return rule.context


def void_reason(
    rule: EvidenceRule, rubric: Rubric, doc: DocIndex, c: Candidate, sentence: int | None = None
) -> str | None:
    """Why a candidate does not count, or None when it does. `sentence` is the index of
    the candidate's sentence when the caller knows it."""
    if sentence is None:
        sentence = doc.sentence_of(c.start)
    section = doc.sections[sentence]
    if section in PLACE_REASONS:
        return PLACE_REASONS[section]
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
    context = context_of(rule, rubric)
    if context is not None and doc.context_place(context, c.start, sentence) is None:
        name = rule.context if isinstance(rule.context, str) else "the required context"
        where = SCOPE_WORDS[context.scope]
        if context.headings and doc.heading_of(c.start, sentence) is not None:
            where += " or its heading"
        return f"no {name} context in {where}"
    return None


def criterion_evidence(criterion: Criterion, rubric: Rubric, doc: DocIndex) -> DocEvidence:
    """Counted and voided hits of a criterion's rules in one document."""
    survivors: list[tuple[Candidate, Rule, str, int]] = []
    voided: list[Hit] = []
    for index, rule in enumerate(criterion.evidence):
        name = rule_name(rule, index)
        try:
            for c in rule.candidates(doc):
                sentence = doc.sentence_of(c.start)
                reason = void_reason(rule, rubric, doc, c, sentence)
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
    for c, _, name, sentence in kept:
        strength, cue = doc.strength(sentence)
        hits.append(Hit(doc.document, sentence, c.start, c.end, c.labels, name, strength, cue))
    measures: dict[str, float] = {}
    for rule in criterion.evidence:
        counted = [c for c, r, _, _ in kept if r is rule]
        for key, value in rule.measures(doc, counted).items():
            measures[key] = measures.get(key, 0.0) + value
    voided.sort(key=lambda h: h.start)
    return DocEvidence(hits, voided, measures)
