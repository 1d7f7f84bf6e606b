"""Inflection: a term written once matches its other forms; acronyms, names and the
stems that join unrelated words stay exact; rules and contexts can turn it off."""

from __future__ import annotations

import textwrap

import pytest

from pmh_assess.engine import Scorer, prepare_text
from pmh_assess.engine.index import find_by_regex, ordered_variants
from pmh_assess.plans import PlanSpec
from pmh_assess.rubric import parse_rubric
from pmh_assess.rules.patterns import EXACT_KEYS, spelling, word_key


def found(term: str, text: str, inflect: bool = True) -> list[str]:
    return [text[m.start : m.end] for m in find_by_regex(ordered_variants([term], inflect), text)]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("prevention", "Harm can be prevented"),
        ("prevention", "preventing crisis"),
        ("prevention", "a preventable death"),
        ("prevent", "our prevention offer"),
        ("suicide", "suicidal thoughts"),
        ("isolation", "people who are isolated"),
        ("deprivation", "our most deprived wards"),
        ("resilience", "resilient communities"),
        ("mental health service", "mental health servicing"),
        ("thrive", "thriving"),
        ("promote", "promoting"),
        ("promote wellbeing", "promoting wellbeing"),
        ("prevent mental ill health", "preventing mental ill-health"),
        ("improve access", "improved access"),
    ],
)
def test_a_term_matches_its_inflected_forms(term: str, text: str) -> None:
    assert len(found(term, text)) == 1, (term, text)
    assert found(term, text, inflect=False) == []


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("organisation", "voluntary organizations"),
        ("organization", "voluntary organisations"),
        ("programme", "a training program"),
        ("behaviour", "behavioral science"),
        ("centre", "the community center"),
        ("center", "the community centre"),
        ("behavior", "behavioural science"),
        ("counselling", "counseling services"),
        ("prioritise", "we prioritized"),
        ("colour", "people of color"),
        ("well-being", "wellbeing"),
        ("well-being", "well being"),
        ("long-term condition", "longterm conditions"),
    ],
)
def test_british_and_american_spellings_and_hyphens_match(term: str, text: str) -> None:
    assert len(found(term, text)) == 1, (term, text)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        # Snowball keeps these apart; checked here so that a new stemmer cannot join them.
        ("universal", "the university"),
        ("general", "the next generation"),
        ("organ", "local organisations"),
        ("community", "communication"),
        ("policy", "the police"),
        ("police", "our policy"),
        # Joined by the stemmer, kept apart by EXACT_KEYS.
        ("person", "personal budgets"),
        ("care", "careful planning"),
        ("business", "a busy clinic"),
        ("experience", "an experiment"),
        ("inform", "information sharing"),
        ("determine", "wider determinants"),
        ("findings", "find out"),
        ("mindfulness", "open minds"),
        ("specialism", "special schools"),
        ("homes", "care closer to home"),
        ("employment", "we will employ staff"),
        ("national", "a nation"),
        ("physical", "physics"),
        ("integration", "integrity"),
        ("general", "generally"),
        ("politics", "polite"),
    ],
)
def test_unrelated_words_that_share_a_stem_do_not_match(term: str, text: str) -> None:
    assert found(term, text) == [], (term, text)


def test_every_exact_key_is_a_real_stem_of_a_tested_pair() -> None:
    tested = {
        "busi": ("business", "busy"),
        "care": ("care", "careful"),
        "determin": ("determine", "determinants"),
        "employ": ("employment", "employ"),
        "experi": ("experience", "experiment"),
        "home": ("homes", "home"),
        "find": ("find", "findings"),
        "general": ("general", "generally"),
        "inform": ("inform", "information"),
        "integr": ("integration", "integrity"),
        "mind": ("mind", "mindfulness"),
        "nation": ("nation", "national"),
        "person": ("person", "personal"),
        "physic": ("physical", "physics"),
        "polit": ("politics", "polite"),
        "special": ("special", "specialism"),
    }
    assert set(tested) == set(EXACT_KEYS)
    for key, (a, b) in tested.items():
        assert word_key(a) == word_key(b) == key
        assert found(a, f"the {a}s") == [f"{a}s"]  # plural endings still match


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("IPS", "ip ips"),  # acronyms: exact and case-sensitive, as before
        ("SMI", "smiling"),
        ("Thrive", "thriving"),  # a word with a capital is a name
        ("Samaritans", "Samaritan"),
        ("=prevention", "prevented"),  # a term marked exact
        ("=prevention", "preventing"),
        ("prevent*", "prevent-ed"),  # wildcards are as written
        ("ill", "illness"),  # words under four letters stay exact
        ("use", "users"),
    ],
)
def test_acronyms_names_marked_terms_wildcards_and_short_words_stay_exact(
    term: str, text: str
) -> None:
    assert [m for m in found(term, text) if m.lower() != term.strip("=*").lower()] == []


def test_a_marked_term_still_takes_plural_endings_and_case() -> None:
    assert found("=prevention", "PREVENTIONS") == ["PREVENTIONS"]
    assert found("illness", "illnesses") == ["illnesses"]
    assert found("illness", "illnesses", inflect=False) == ["illnesses"]


def test_spelling_leaves_short_words_alone() -> None:
    assert spelling("four") == "four"
    assert spelling("hour") == "hour"
    assert spelling("behaviours") == "behaviors"
    assert word_key("four") != word_key("for")


RUBRIC = """\
id: t
version: "1"
title: test
levels: [Good, OK, Poor]
language:
  commitment: ["will deliver"]
  negation: ["there is no"]
contexts:
  mh: {terms: ["suicide"]}
  mh-exact: {terms: ["suicide"], inflect: false}
overall:
  points: {Good: 2, OK: 1, Poor: 0}
  thresholds: {Good: 0.75, OK: 0.4}
domains:
  - id: d
    title: D
    criteria:
"""


def criterion(rule: str) -> str:
    return textwrap.indent(
        textwrap.dedent(
            f"""\
            - id: c
              title: C
              evidence:
                - {rule}
              rating:
                - {{level: Good, when: {{commitments: 1}}}}
                - {{level: OK, when: {{hits: 1}}}}
            """
        ),
        " " * 6,
    )


def score(rule: str, text: str):  # type: ignore[no-untyped-def]
    rubric = parse_rubric(RUBRIC + criterion(rule), "t.yaml")
    result = Scorer(rubric).score_plan(PlanSpec("p", "P", []), [prepare_text(text)])
    return result.criterion("c")


def test_rules_inflect_by_default_and_can_turn_it_off() -> None:
    text = "Harm to young people can be prevented."
    assert score("{kind: terms, terms: [prevention]}", text).hits == 1
    assert score("{kind: terms, terms: [prevention], inflect: false}", text).hits == 0
    assert score("{kind: terms, terms: [=prevention]}", text).hits == 0


def test_exclusions_inflect_with_their_rule() -> None:
    rule = "{kind: terms, terms: [prevention], exclude: [falls prevention]}"
    assert score(rule, "Preventing falls at home.").hits == 1  # word order differs
    assert score(rule, "Falls-prevented homes.").hits == 0


def test_contexts_inflect_unless_they_say_not_to() -> None:
    text = "We will fund debt advice for people with suicidal thoughts."
    assert score("{kind: terms, terms: [debt advice], context: mh}", text).hits == 1
    assert score("{kind: terms, terms: [debt advice], context: mh-exact}", text).hits == 0


def test_near_rules_inflect_both_lists() -> None:
    rule = "{kind: near, terms: [prevention], near: [suicide], within: 4}"
    assert score(rule, "Preventing suicidal crises matters.").hits == 1


def test_cue_lists_are_phrases_and_do_not_inflect() -> None:
    rule = "{kind: terms, terms: [debt advice]}"
    assert score(rule, "We will deliver debt advice.").rating == "Good"
    assert score(rule, "They delivered debt advice.").rating == "OK"  # not 'will deliver'
