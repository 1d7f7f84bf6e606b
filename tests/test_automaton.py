"""The automaton matcher against the regular expression matcher it replaces: same matches.

The regex matcher (one alternation per term list, `index.find_by_regex`) is the reference:
on the sample plans with the default rubric, and on generated text full of the cases that
could tell them apart (case folding, separators, wildcards, acronyms, apostrophes), every
term list, every cue, every negation and every sentence strength must come out the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmh_assess.engine import Scorer, prepare_text
from pmh_assess.engine.automaton import (
    TermMatcher,
    anchors_of,
    fold,
    inflected_first_anchors,
)
from pmh_assess.engine.index import Cues, DocIndex, cue_order, find_by_regex, ordered_variants
from pmh_assess.plans import discover
from pmh_assess.rubric import load_rubric, resolve_rubric
from pmh_assess.rubric.model import Language
from pmh_assess.rules.patterns import term_regex
from pmh_assess.run import prepare_document

from .conftest import ROOT

TRICKY_TERMS = [
    "mental health",
    "long-term condition",
    "CYP",
    "A&E",
    "refugee*",
    "*therapy",
    "* prevention",
    "all * will have",
    "people's wellbeing",
    "community",
    "i-thrive",
    "in work",
    "co-production",
    "0-25",
    "SMI",
    "ONS4",
    "it's",
    "e.g",
    "suicide prevention strategy",
    "prevent*",
    "prevention",
    "policy",
    "police",
    "policing",
    "behaviour change",
    "organisation",
    "community services",
    "mental health services",
    "=prevented",
    "is not covered",
    "nothing",
]
LANGUAGE = Language(
    commitment=["we will", "will deliver", "all * will have", "we'll"],
    commitment_openers=["deliver", "invest"],
    hedge=["may consider", "explore"],
    negation=["there is no", "no", "not yet", "we have not"],
    negation_after=["is not covered", "not covered", "not yet", "nothing"],
)


def matcher_for(lists: list[tuple[tuple[str, str], ...]]) -> TermMatcher:
    matcher = TermMatcher()
    for ordered in lists:
        matcher.add(ordered)
    return matcher


def test_fold_keeps_length_and_joins_what_ignore_case_joins() -> None:
    text = "İstanbul ſeason KELVIN \u212a Σίσυφος ΣΑΣ people\u2019s long\u2013term a/b"
    assert len(fold(text)) == len(text)
    assert fold("\u017f") == fold("S") == fold("s")  # long s
    assert fold("\u0131") == fold("I")  # dotless i
    assert fold("\u2019") == "'"
    assert fold("long\u2014term/care") == "long term care"


def case_partners(a: str) -> st.SearchStrategy[tuple[str, str]]:
    """A character and one that may match it ignoring case (or, rarely, not)."""
    partners = [a.upper(), a.lower(), a.swapcase(), a.title(), a.casefold()]
    extra = "\u0131\u0130\u017f\u212a\u2126\u03c2\u03c3\u03a3\u1e9e\u00df\u00b5\u03bc"
    singles = [p for p in partners if len(p) == 1] + list(extra)
    return st.tuples(st.just(a), st.sampled_from(singles))


@given(st.characters().flatmap(case_partners))
def test_fold_never_separates_characters_that_match_ignoring_case(pair: tuple[str, str]) -> None:
    a, b = pair
    if re.fullmatch(f"(?i:{re.escape(a)})", b):
        assert fold(a) == fold(b)


def test_anchors_are_the_literal_start_of_each_term() -> None:
    assert anchors_of(term_regex("community")) == [("communit", "start")]
    assert anchors_of(term_regex("long-term condition", inflect=False)) == [
        ("long term", "start"),
        ("longterm", "start"),
        ("long", "run"),
    ]
    assert anchors_of(term_regex("*therapy")) == [("therap", "word")]
    assert anchors_of(term_regex("* prevention")) == []
    assert anchors_of(term_regex("CYP")) == [("cyp", "start")]


def test_an_inflected_word_anchors_on_the_prefix_its_forms_share() -> None:
    assert anchors_of(term_regex("prevention")) == [("prevent", "start")]
    assert anchors_of(term_regex("long-term condition")) == [("long", "start")]
    assert anchors_of(term_regex("behaviour change")) == [("behavio", "start")]
    assert anchors_of(term_regex("*therapy services")) == [("therapy", "word")]


def test_an_inflected_first_word_anchors_as_written_with_the_next_word() -> None:
    # Other forms of the first word are found from its prefix, then filtered per text.
    assert inflected_first_anchors(term_regex("behaviour change")) == [
        ("behaviour chang", "start"),
        ("behaviourchang", "start"),
        ("behaviour", "run"),
        ("behavio", "form:behaviour\0chang"),
    ]
    assert inflected_first_anchors(term_regex("prevention")) == []
    assert inflected_first_anchors(term_regex("long-term condition", inflect=False)) == []
    matcher = matcher_for([ordered_variants(["behaviour change"])])
    text = "behaviours, behavioural change; behaviour  change; behaviourchange; behaviour cost"
    found = [text[a:b] for a, b, _ in matcher.find(next(iter(matcher._lists)), matcher.scan(text))]
    assert found == ["behavioural change", "behaviour  change", "behaviourchange"]


def test_the_rarer_anchors_find_the_same_matches() -> None:
    ordered = ordered_variants(["health inequalities", "promote wellbeing", "mental health"])
    matcher = matcher_for([ordered])
    common = "health " * 50 + "promoting " * 50 + "mental " * 50
    for text in [
        common + "health - inequality; promoted - wellbeing; mentally  health",
        "healthinequalities promotewellbeing mental health " + common,
    ]:
        fast = [tuple(m) for m in matcher.find(ordered, matcher.scan(text))]
        slow = [(m.start, m.end, m.label) for m in find_by_regex(ordered, text)]
        assert fast == slow and len(fast) >= 3


@pytest.fixture(scope="module")
def default_rubric():  # type: ignore[no-untyped-def]
    return load_rubric(resolve_rubric(None))


@pytest.fixture(scope="module")
def sample_documents():  # type: ignore[no-untyped-def]
    specs, _ = discover([ROOT / "plans"])
    return [prepare_document(path) for spec in specs for path in spec.documents]


def test_every_list_of_the_default_rubric_matches_the_same(
    default_rubric, sample_documents
) -> None:
    scorer = Scorer(default_rubric)
    lists = list(scorer.matcher._lists)
    assert len(lists) > 50
    for prepared in sample_documents:
        scan = scorer.matcher.scan(prepared.text.text)
        for ordered in lists:
            fast = [tuple(m) for m in scorer.matcher.find(ordered, scan)]
            slow = [(m.start, m.end, m.label) for m in find_by_regex(ordered, prepared.text.text)]
            assert fast == slow, (prepared.document.path, ordered[:2])


@pytest.mark.slow
def test_sample_plans_score_identically_with_either_matcher(
    default_rubric, sample_documents
) -> None:
    class Reference(Scorer):
        def index(self, prepared):  # type: ignore[no-untyped-def]
            return DocIndex(prepared.text, self.cues, prepared.document.path)

    specs, _ = discover([ROOT / "plans"])
    by_path = {d.document.path: d for d in sample_documents}
    fast, slow = Scorer(default_rubric), Reference(default_rubric)
    for spec in specs:
        documents = [by_path[str(p)] for p in spec.documents]
        assert (
            fast.score_plan(spec, documents).model_dump_json()
            == slow.score_plan(spec, documents).model_dump_json()
        )


FRAGMENTS = st.sampled_from(
    [
        *TRICKY_TERMS,
        " ",
        " ",
        "  ",
        "-",
        " - ",
        "/",
        "\u2013",
        "\u2014",
        "\n",
        ". ",
        ", ",
        "'",
        "\u2019",
        "Mental",
        "HEALTH",
        "health",
        "long",
        "term",
        "conditions",
        "Conditions",
        "cyp",
        "CYPs",
        "A&Es",
        "refugees",
        "Refugee",
        "psychotherapy",
        "therapies",
        "prevention",
        "Prevent",
        "preventing",
        "communities",
        "Community's",
        "mentally",
        "behavioural",
        "changing",
        "services",
        "suicidal",
        "strategies",
        "people",
        "wellbeing",
        "i",
        "in",
        "work",
        "co",
        "production",
        "0",
        "25",
        "x",
        "_",
        "9",
        "\u0130",
        "\u0131",
        "\u017f",
        "S",
        "s",
        "there is no",
        "There is no",
        "not yet",
        "no",
        "we will",
        "We will",
        "We'll",
        "will",
        "deliver",
        "Deliver",
        "invest",
        "all",
        "staff",
        "have",
        "may consider",
        "explore",
        "by 2028",
        "10%",
        "every",
        "prevented",
        "Preventable",
        "policies",
        "police",
        "policy",
        "behavioural",
        "Behavior",
        "changes",
        "organizations",
        "organ",
        "services",
        "servicing",
        "healthy",
        "mentally",
        "communication",
        "communal",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(FRAGMENTS, max_size=60).map("".join))
def test_generated_text_matches_the_same(text: str) -> None:
    lists = [ordered_variants(TRICKY_TERMS), ordered_variants({"a": TRICKY_TERMS[:8]})]
    lists += [ordered_variants(TRICKY_TERMS, inflect=False)]
    lists += [ordered_variants([t]) for t in TRICKY_TERMS]
    cues = Cues.compile(LANGUAGE)
    lists += [o for o in cues.lists.values() if o]
    matcher = matcher_for(lists)
    scan = matcher.scan(text)
    for ordered in lists:
        fast = [tuple(m) for m in matcher.find(ordered, scan)]
        slow = [(m.start, m.end, m.label) for m in find_by_regex(ordered, text)]
        assert fast == slow, ordered[:3]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(FRAGMENTS, max_size=60).map("".join))
def test_negation_and_strength_come_out_the_same(text: str) -> None:
    prepared = prepare_text(text)
    cues = Cues.compile(LANGUAGE)
    matcher = matcher_for([o for o in cues.lists.values() if o] + [ordered_variants(["health"])])
    fast = DocIndex(prepared.text, cues, matcher=matcher)
    slow = DocIndex(prepared.text, cues)
    for offset in range(len(prepared.text.text)):
        assert fast.negated_by(offset) == slow.negated_by(offset), offset
        for end in range(offset + 1, min(offset + 8, len(prepared.text.text)) + 1):
            assert fast.negated_by(offset, end) == slow.negated_by(offset, end), (offset, end)
    for sentence in range(len(prepared.text.sentences)):
        assert fast.strength(sentence) == slow.strength(sentence)


def test_cue_order_is_longest_first_as_written() -> None:
    assert [label for _, label in cue_order(["no", "there is no", "not yet"])] == [
        "there is no",
        "not yet",
        "no",
    ]


def test_unknown_lists_fall_back_to_the_regex_matcher() -> None:
    prepared = prepare_text("We will fund parenting programmes.")
    index = DocIndex(prepared.text, Cues.compile(LANGUAGE), matcher=TermMatcher())
    assert [m.label for m in index.find(["parenting programme*"])] == ["parenting programme*"]


def test_scan_counts_words_not_parts_of_words(tmp_path: Path) -> None:
    lists = [ordered_variants(["IPS", "in work"])]
    matcher = matcher_for(lists)
    text = "relationships within work; IPS in-work support; in  work; in - work"
    found = [text[a:b] for a, b, _ in matcher.find(lists[0], matcher.scan(text))]
    assert found == ["IPS", "in-work", "in  work", "in - work"]
