"""A candidate's span checks (quoted words, exclusions, negation) as per-sentence lookups:
whenever the lookup says no check can void a candidate, the checks themselves agree, on
generated text full of quotations, cues and exclusions, with and without the automaton."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmh_assess.engine import prepare_text
from pmh_assess.engine.automaton import TermMatcher
from pmh_assess.engine.evidence import SpanChecks, _span_reason
from pmh_assess.engine.index import QUOTED, Cues, DocIndex, ordered_variants
from pmh_assess.rubric.model import Language
from pmh_assess.rules import Candidate
from pmh_assess.rules.terms import TermsRule

LANGUAGE = Language(
    commitment=["we will"],
    negation=["there is no", "no", "not yet"],
    negation_after=["is not covered", "not yet", "nothing"],
    negation_window=3,
)
RULE = TermsRule(
    kind="terms",
    terms=["mental health", "wellbeing", "crisis care"],
    exclude=["mental health act"],
    exclude_sentence=["physical"],
)
FRAGMENTS = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        ". ",
        ", ",
        "-",
        '"',
        '."',
        ': "',
        "said",
        "She said",
        "added",
        "mental health",
        "Mental Health Act",
        "mental healthy",
        "wellbeing",
        "crisis care",
        "physical",
        "there is no",
        "no",
        "Not yet",
        "is not covered",
        "nothing",
        "we will",
        "fund",
        "the",
        "support",
        "in every place",
        "x",
    ]
)
TEXTS = st.lists(FRAGMENTS, max_size=50).map("".join)


def _index(text: str, automaton: bool) -> DocIndex:
    prepared = prepare_text(text)
    cues = Cues.compile(LANGUAGE)
    matcher = None
    if automaton:
        matcher = TermMatcher()
        for ordered in cues.lists.values():
            if ordered:
                matcher.add(ordered)
        for terms in (RULE.terms, RULE.exclude, RULE.exclude_sentence):
            matcher.add(ordered_variants(terms))
    return DocIndex(prepared.text, cues, matcher=matcher)


def _spans(doc: DocIndex) -> list[Candidate]:
    """The rule's candidates, and every short span of the text, as candidates."""
    found = list(RULE.candidates(doc))
    size = len(doc.text.text)
    found += [
        Candidate(start, end, ("x",))
        for start in range(size)
        for end in range(start + 1, min(start + 6, size) + 1)
    ]
    return found


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS, st.booleans())
def test_a_clear_lookup_means_no_span_check_voids_the_candidate(text: str, automaton: bool) -> None:
    doc = _index(text, automaton)
    checks = SpanChecks(RULE, doc)
    for c in _spans(doc):
        sentence = doc.sentence_of(c.start)
        if checks.clear(c, sentence):
            assert _span_reason(RULE, doc, c, sentence) is None, (c, text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS)
def test_the_quoted_bit_and_the_touched_sentences_are_what_they_say(text: str) -> None:
    doc = _index(text, automaton=True)
    flags = doc.span_flags()
    sentences = doc.text.sentences
    for i in range(len(sentences)):
        assert bool(flags[i] & QUOTED) == bool(doc.quoted(i))
    for terms in (RULE.terms, RULE.exclude, RULE.exclude_sentence):
        touched = {
            i
            for m in doc.find(terms)
            for i, s in enumerate(sentences)
            if s.start < m.end and s.end > m.start
        }
        assert doc.sentences_touched(terms) == touched


def test_most_candidates_of_plain_prose_need_no_span_check() -> None:
    doc = _index(
        "We will fund crisis care in every place.\n\n"
        "There is no mental health support in the town.\n\n"
        'The chair said: "wellbeing matters."\n\n'
        "Physical and mental health are linked.\n\n"
        "Wellbeing hubs open in May.\n",
        automaton=True,
    )
    checks = SpanChecks(RULE, doc)
    clear = {
        doc.text.text[c.start : c.end]: checks.clear(c, doc.sentence_of(c.start))
        for c in RULE.candidates(doc)
    }
    assert clear == {
        "crisis care": True,
        "mental health": False,  # negated, then excluded by its sentence's "physical"
        "wellbeing": False,  # quoted
        "Wellbeing": True,
    }
