"""The reasoning behind dead rating rules agrees with how the engine applies rating rules."""

from __future__ import annotations

from typing import Literal

from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field

from pmh_assess.authoring.semantics import duplicate_terms, implies, rule_labels, unconditional
from pmh_assess.engine.rating import Counts, checks
from pmh_assess.rubric import load_rubric
from pmh_assess.rubric.model import Conditions, Rubric
from pmh_assess.rules import EvidenceRule, NearRule, TermList

from .conftest import MINI

RULE_IDS = ["a", "b", "c"]


def share(value: float | None) -> dict[str, float]:
    """The counts a `share` rule yields: none without one."""
    return {} if value is None else {"share": value}


@st.composite
def counts(draw: st.DrawFn) -> Counts:
    """Counts a real plan can have: targets are commitments, commitments are hits, ..."""
    hits = draw(st.integers(0, 6))
    some = 1 if hits else 0
    commitments = draw(st.integers(0, hits))
    pages = draw(st.integers(some, hits))
    rules = draw(st.sets(st.sampled_from(RULE_IDS), max_size=min(hits, 3)))
    return Counts(
        hits=hits,
        pages=pages,
        terms=draw(st.integers(some, hits)),
        commitments=commitments,
        commitment_pages=draw(st.integers(1 if commitments else 0, min(commitments, pages))),
        targets=draw(st.integers(0, commitments)),
        documents=draw(st.integers(some, pages)),
        yielded=share(draw(st.floats(0, 1)) if hits else draw(st.sampled_from([0.0, None]))),
        rules=rules | ({"a"} if hits and not rules else set()),
    )


def maybe(values: st.SearchStrategy[int]) -> st.SearchStrategy[int | None]:
    return st.none() | values


conditions = st.builds(
    Conditions,
    hits=maybe(st.integers(0, 6)),
    pages=maybe(st.integers(0, 6)),
    terms=maybe(st.integers(0, 6)),
    commitments=maybe(st.integers(0, 6)),
    commitment_pages=maybe(st.integers(0, 6)),
    targets=maybe(st.integers(0, 6)),
    documents=maybe(st.integers(0, 6)),
    share=st.none() | st.floats(0, 1),
    rules=st.none() | st.lists(st.sampled_from(RULE_IDS), max_size=2, unique=True),
)


def holds(when: Conditions, c: Counts) -> bool:
    return all(check.ok for check in checks(when, c))


@given(conditions, conditions, counts())
def test_implied_conditions_hold_whenever_the_stronger_ones_do(
    stronger: Conditions, weaker: Conditions, c: Counts
) -> None:
    if implies(stronger, weaker) and holds(stronger, c):
        assert holds(weaker, c)


@given(conditions, counts())
def test_unconditional_rules_always_hold(when: Conditions, c: Counts) -> None:
    if unconditional(when):
        assert holds(when, c)


def test_implication_follows_how_counts_bound_each_other() -> None:
    assert implies(Conditions(commitment_pages=2), Conditions(hits=2, commitments=2, pages=2))
    assert implies(Conditions(targets=1), Conditions(commitments=1))
    assert implies(Conditions(rules=["a", "b"]), Conditions(hits=2, rules=["a"]))
    assert implies(Conditions(share=0.1), Conditions(hits=1))
    assert not implies(Conditions(hits=2), Conditions(commitments=1))
    assert not implies(Conditions(pages=3), Conditions(documents=2))
    assert not implies(Conditions(rules=["a"]), Conditions(rules=["b"]))
    assert unconditional(Conditions()) and unconditional(Conditions(hits=0))
    assert not unconditional(Conditions(share=0.01))


class Listed(EvidenceRule):
    """A kind whose own terms sit under another key than `terms`."""

    kind: Literal["listed"] = "listed"
    words: TermList
    also: TermList = Field(default_factory=list)

    def own_terms(self) -> dict[str, TermList]:
        return {"words": self.words}


def with_evidence(rubric: Rubric, evidence: list[EvidenceRule]) -> Rubric:
    """The rubric with its first criterion's evidence rules replaced."""
    domain = rubric.domains[0]
    first = domain.criteria[0].model_copy(update={"evidence": evidence})
    domain = domain.model_copy(update={"criteria": [first, *domain.criteria[1:]]})
    return rubric.model_copy(update={"domains": [domain, *rubric.domains[1:]]})


def test_checks_ask_each_rule_for_its_own_terms() -> None:
    rule = Listed(words={"calm": ["calm", "Calm", "calmness"]}, also=["calm", "calm"])
    assert rule_labels(rule) == [("calm", ("words", "calm"))]
    repeats = [
        issue.loc[-3:] for issue in duplicate_terms(with_evidence(load_rubric(MINI), [rule]))
    ]
    assert repeats == [("words", "calm", 1)]  # `also` is not the rule's own
    near = NearRule(kind="near", terms=["walk", "walk"], near=["park", "park"])
    assert near.own_terms() == {"terms": ["walk", "walk"]}
    issues = list(duplicate_terms(with_evidence(load_rubric(MINI), [near])))
    assert [issue.loc[-3:] for issue in issues] == [(0, "terms", 1)]
