"""The term language: case, plurals, hyphen variants, wildcards, acronyms, regex safety."""

from __future__ import annotations

import pytest

from pmh_assess.engine.index import find_by_regex, ordered_variants
from pmh_assess.rules.patterns import PatternError, check_regex, term_regex


def found(term: str, text: str, inflect: bool = True) -> list[str]:
    """What a term matches in a text, as the engine's reference matcher finds it."""
    return [text[m.start : m.end] for m in find_by_regex(ordered_variants([term], inflect), text)]


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
        ("*therapy", "psychotherapy", ["psychotherapy"]),
    ],
)
def test_terms_match_tolerantly(term: str, text: str, expected: list[str]) -> None:
    assert found(term, text) == expected
    assert found(term, text, inflect=False) == expected


def test_without_inflection_only_plural_endings_are_added() -> None:
    assert found("prevent", "preventable preventing prevents", inflect=False) == ["prevents"]
    assert found("prevent", "preventable preventing prevents") == [
        "preventable",
        "preventing",
        "prevents",
    ]


def test_acronyms_are_case_sensitive_and_words_are_not() -> None:
    assert found("CYP", "CYP and CYPs") == ["CYP", "CYPs"]
    assert found("CYP", "cyp or Cyp") == []
    assert found("SMI", "smile SMI smi") == ["SMI"]


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
