"""The term language: case, plurals, hyphen variants, wildcards, acronyms, regex safety."""

from __future__ import annotations

import re

import pytest

from pmh_assess.rules.patterns import PatternError, check_regex, term_regex


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [
        ("refugee*", "Refugees and asylum seekers", ["Refugees"]),
        ("long-term condition", "people with long term conditions", ["long term conditions"]),
        ("long term condition", "long-term condition", ["long-term condition"]),
        ("community", "our communities", ["communities"]),
        ("programme", "parenting programmes", ["programmes"]),
        ("children's services", "children’s services", ["children’s services"]),
        ("all * will have", "all places will have a plan", ["all places will have"]),
        ("mental health", "MENTAL HEALTH and Mental-Health", ["MENTAL HEALTH", "Mental-Health"]),
        ("prevent", "preventable preventing", []),
        ("*therapy", "psychotherapy", ["psychotherapy"]),
    ],
)
def test_terms_match_tolerantly(term: str, text: str, expected: list[str]) -> None:
    assert re.findall(term_regex(term), text) == expected


def test_acronyms_are_case_sensitive_and_words_are_not() -> None:
    rx = term_regex("CYP")
    assert re.findall(rx, "CYP and CYPs") == ["CYP", "CYPs"]
    assert re.findall(rx, "cyp or Cyp") == []
    assert re.findall(term_regex("SMI"), "smile SMI smi") == ["SMI"]


@pytest.mark.parametrize("bad", ["", "   ", "*", "a**b", "mental (health)", "x" * 201])
def test_bad_terms_are_refused(bad: str) -> None:
    with pytest.raises(PatternError):
        term_regex(bad)


@pytest.mark.parametrize("bad", ["(a+)+", "(a|aa)*b", r"(\w+\s?)+$", "(x*)*y", "a*", r"(a)\1", "("])
def test_dangerous_regex_is_refused(bad: str) -> None:
    with pytest.raises(PatternError):
        check_regex(bad)


@pytest.mark.parametrize("good", [r"\b\d{1,3}% of", r"reduc\w+ by \d+", "a+b+c+"])
def test_linear_regex_is_accepted(good: str) -> None:
    check_regex(good)
