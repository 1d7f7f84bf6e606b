"""`kind: regex`: the patterns' matches are the ones one alternation of them would find."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmh_assess.engine import prepare_text
from pmh_assess.engine.index import Cues, DocIndex
from pmh_assess.rubric.model import Language
from pmh_assess.rules.regex import RegexRule

CUES = Cues.compile(Language(commitment=["we will"], hedge=[], negation=["no"]))
PATTERNS = [
    r"(?<![\w.])\d{1,3}(?:\.\d+)?\s?(?i:%|per\s?cent\b)",
    r"\d+ (?i:people|staff)\b",
    r"\b[A-Z][a-z]+ Mind\b(?! Matters)",
    r"(?i:mind)",
    r"\d\d",
    r"(?i:per cent of)",
    r"x*y",
    r"y?(?=x)",
]
TEXT = st.lists(
    st.sampled_from(
        [
            "10",
            "5.5",
            "%",
            " per cent",
            " percent",
            " of",
            " people",
            " staff",
            " Mind",
            " Matters",
            "Leeds",
            " ",
            ".",
            "\n",
            "x",
            "y",
            "xy",
            "2",
        ]
    ),
    max_size=40,
).map("".join)


def _rule(patterns: list[str]) -> RegexRule:
    return RegexRule.model_validate(
        {"kind": "regex", "patterns": {f"p{i}": p for i, p in enumerate(patterns)}}
    )


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4, unique=True), TEXT)
def test_patterns_searched_one_by_one_match_as_their_alternation(
    patterns: list[str], text: str
) -> None:
    rule = _rule(patterns)
    doc = DocIndex(prepare_text(text).text, CUES)
    assert list(rule.candidates(doc)) == list(rule._alternation(doc.text.text))
    # matched under a time budget by the regex package, as the standard library matches them
    combined = re.compile(
        "|".join(f"(?P<t{i}>{rx})" for i, rx in enumerate(rule.patterns.values()))
    )
    spans = [
        (m.start(), m.end(), (f"p{m.lastgroup[1:]}",))
        for m in combined.finditer(doc.text.text)
        if m.end() > m.start() and m.lastgroup is not None
    ]
    assert [(c.start, c.end, c.labels) for c in rule._alternation(doc.text.text)] == spans


def test_the_first_pattern_in_order_wins_where_two_start_together() -> None:
    rule = _rule([r"(?i:mind)", r"\b[A-Z][a-z]+ Mind\b", r"Leeds Mind and more"])
    doc = DocIndex(prepare_text("Leeds Mind and more; Mind").text, CUES)
    assert [(c.start, c.end, c.labels) for c in rule.candidates(doc)] == [
        (0, 10, ("p1",)),
        (21, 25, ("p0",)),
    ]


def test_a_match_never_runs_from_one_sentence_into_the_next() -> None:
    from pmh_assess import Scorer, prepare_text
    from pmh_assess.plans import PlanSpec
    from pmh_assess.rubric import parse_rubric

    rubric = parse_rubric(
        "id: t\nversion: '1'\ntitle: t\nlevels: [Good, OK, Poor]\n"
        "language: {commitment: ['we will']}\n"
        "overall: {points: {Good: 2, OK: 1, Poor: 0}, thresholds: {Good: 0.75, OK: 0.4}}\n"
        "domains:\n  - id: d\n    title: D\n    criteria:\n"
        "      - id: c\n        title: C\n        evidence:\n"
        "          - kind: regex\n            patterns: {people: '\\d+\\s+people'}\n"
        "        rating: [{level: OK, when: {hits: 1}}]\n",
        "t.yaml",
    )
    text = "The plan ends in 2026.\n\nPeople will be asked. We will reach 400 people."
    plan = Scorer(rubric).score_plan(PlanSpec("p", "P", []), [prepare_text(text)])
    assert [e.quote for e in plan.criterion("c").evidence] == ["We will reach 400 people."]
