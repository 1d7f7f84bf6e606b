"""The rule engine on small texts: each rule kind, voiding, strength, ratings."""

from __future__ import annotations

import textwrap

import pytest

from pmh_assess.engine import Scorer, prepare_text
from pmh_assess.plans import PlanSpec
from pmh_assess.rubric import parse_rubric

HEADER = """\
id: t
version: "1"
title: test
levels: [Good, OK, Poor]
language:
  commitment: ["we will", "we are investing"]
  commitment_openers: ["deliver*"]
  hedge: ["explore", "may consider"]
  negation: ["there is no", "there is currently no", "we have not"]
contexts:
  mh: {terms: ["mental health", "wellbeing", "suicide"]}
  mh-para: {terms: ["mental health"], scope: paragraph}
overall:
  points: {Good: 2, OK: 1, Poor: 0}
  thresholds: {Good: 0.75, OK: 0.4}
domains:
  - id: d
    title: D
    criteria:
"""


def rubric_with(criteria: str, overall_extra: str = ""):
    text = HEADER + textwrap.indent(textwrap.dedent(criteria), " " * 6)
    if overall_extra:
        text = text.replace(
            "  thresholds: {Good: 0.75, OK: 0.4}\n",
            "  thresholds: {Good: 0.75, OK: 0.4}\n" + overall_extra,
        )
    return parse_rubric(text, "test.yaml")


def score(rubric, *texts: str):
    scorer = Scorer(rubric)
    docs = [prepare_text(t, name=f"doc{i}") for i, t in enumerate(texts)]
    return scorer.score_plan(PlanSpec("p", "P", []), docs)


ONE = """\
- id: c
  title: C
  evidence:
    - kind: terms
      terms: {prevention: ["prevention", "prevent"], parenting: "parenting programme*"}
      context: mh
      exclude: ["falls prevention"]
  rating:
    - {level: Good, when: {commitments: 2}}
    - {level: OK, when: {hits: 1}}
"""


def test_terms_count_hits_and_distinct_terms() -> None:
    result = score(
        rubric_with(ONE),
        "Prevention of poor mental health matters. Parenting programmes help wellbeing.",
    )
    c = result.criterion("c")
    assert (c.hits, c.terms, c.rating) == (2, ["parenting", "prevention"], "OK")
    assert c.reason == "OK: 2 hits (needs 1)"
    assert c.missing == "Good needs 2 more commitments (has 0)"


def test_context_is_required() -> None:
    c = score(rubric_with(ONE), "Prevention of heart disease is a priority.").criterion("c")
    assert c.hits == 0 and c.voided == 1
    assert c.voided_examples[0].reason == "no mh context in the same sentence"


def test_paragraph_context_reaches_the_next_sentence() -> None:
    crit = ONE.replace("context: mh\n", "context: mh-para\n")
    text = "Our focus is mental health. Prevention comes first.\n\nPrevention of falls matters."
    c = score(rubric_with(crit), text).criterion("c")
    assert c.hits == 1
    assert c.evidence[0].quote == "Prevention comes first."


def test_negative_label_cancels_overlapping_hit() -> None:
    c = score(rubric_with(ONE), "Falls prevention supports wellbeing.").criterion("c")
    assert c.hits == 0
    assert c.voided_examples[0].reason == "excluded by 'falls prevention'"


def test_negation_voids_and_hedge_weakens() -> None:
    r = rubric_with(ONE)
    c = score(r, "There is currently no plan for prevention of mental ill health.").criterion("c")
    assert c.hits == 0 and "negated by" in c.voided_examples[0].reason
    c = score(r, "We will explore the prevention of mental health problems.").criterion("c")
    assert c.hits == 1 and c.evidence[0].strength == "mention"
    assert c.evidence[0].cue == "hedged: 'explore'"


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("Mental health prevention is important.", "mention"),
        ("We will fund prevention for mental health.", "commitment"),
        ("We are investing in suicide prevention.", "commitment"),
        ("Delivering the suicide prevention strategy.", "commitment"),
        ("We will reduce suicide by 10% by 2028 through prevention.", "target"),
        ("Prevention: 75% of people with mental health needs seen within 6 weeks.", "target"),
        ("In 2021, 25% of adults had poor mental health despite prevention.", "mention"),
    ],
)
def test_strength(sentence: str, strength: str) -> None:
    c = score(rubric_with(ONE), sentence).criterion("c")
    assert c.evidence[0].strength == strength


def test_longest_match_first_and_no_span_counted_twice() -> None:
    crit = """\
    - id: c
      title: C
      evidence:
        - kind: terms
          terms: ["health", "mental health", "mental health support team"]
        - kind: terms
          terms: ["support team"]
      rating:
        - {level: OK, when: {hits: 1}}
    """
    c = score(rubric_with(crit), "A mental health support team in each school.").criterion("c")
    assert c.hits == 1
    assert c.terms == ["mental health support team"]


def test_headings_contents_and_glossaries_are_not_evidence() -> None:
    crit = """\
    - id: c
      title: C
      evidence:
        - {kind: terms, terms: ["suicide prevention"]}
      rating:
        - {level: OK, when: {hits: 1}}
    """
    text = (
        "Contents\nSuicide prevention ........ 4\fSuicide Prevention\n\n"
        "Glossary\n\nSuicide prevention - work to stop suicide"
    )
    c = score(rubric_with(crit), text).criterion("c")
    assert c.hits == 0
    reasons = {v.reason for v in c.voided_examples}
    assert reasons == {
        "in a table of contents",
        "in a heading",
        "in a glossary or list of abbreviations",
    }


def test_near_rule_within_words_and_sentence() -> None:
    crit = """\
    - id: c
      title: C
      evidence:
        - kind: near
          terms: ["prevention"]
          near: ["mental health"]
          within: 3
      rating:
        - {level: OK, when: {hits: 1}}
    """
    r = rubric_with(crit)
    assert score(r, "Prevention of poor mental health.").criterion("c").hits == 1
    assert (
        score(r, "Prevention of heart disease, stroke, diabetes and mental health.")
        .criterion("c")
        .hits
        == 0
    )
    c = score(r, "Mental health and prevention.").criterion("c")
    assert c.evidence[0].matched == ["prevention", "mental health"]
    # a word count stops at the sentence's end, whichever side the other term is on
    assert score(r, "We value mental health. Prevention comes first.").criterion("c").hits == 0
    assert score(r, "Prevention comes first. Mental health matters.").criterion("c").hits == 0
    assert score(r, "Prevention, then mental health.").criterion("c").hits == 1


def test_share_rule_measures_prominence() -> None:
    crit = """\
    - id: c
      title: C
      evidence:
        - {kind: share, terms: ["mental health"]}
      rating:
        - {level: Good, when: {share: 0.5}}
        - {level: OK, when: {share: 0.2}}
    """
    r = rubric_with(crit)
    c = score(r, "Mental health first. Then housing. Then roads. Then mental health.").criterion(
        "c"
    )
    assert c.measures["share"] == 0.5 and c.rating == "Good"
    c = score(r, "Mental health. Alpha. Beta. Gamma. Delta.").criterion("c")
    assert c.measures["share"] == 0.2 and c.rating == "OK"


def test_regex_rule() -> None:
    crit = """\
    - id: c
      title: C
      evidence:
        - kind: regex
          patterns: {percent: "\\\\b\\\\d{1,3}% of"}
      rating:
        - {level: OK, when: {hits: 1}}
    """
    c = score(rubric_with(crit), "We expect 40% of referrals to recover.").criterion("c")
    assert c.hits == 1 and c.terms == ["percent"]


def test_pages_and_commitment_pages_across_documents() -> None:
    r = rubric_with(ONE.replace("{commitments: 2}", "{commitment_pages: 2}"))
    one_doc = score(r, "We will fund prevention for mental health. We will prevent suicide.")
    assert one_doc.criterion("c").rating == "OK"
    two_docs = score(r, "We will fund prevention for mental health.", "We will prevent suicide.")
    assert two_docs.criterion("c").rating == "Good"
    assert two_docs.criterion("c").reason == "Good: 2 pages with a commitment (needs 2)"


def test_rules_condition_names_evidence_rules() -> None:
    crit = """\
    - id: c
      title: C
      evidence:
        - {id: exists, kind: terms, terms: ["needs assessment"]}
        - {id: monitors, kind: terms, terms: ["monitor*"]}
      rating:
        - {level: Good, when: {rules: [exists, monitors]}}
        - {level: OK, when: {rules: [exists]}}
    """
    r = rubric_with(crit)
    assert score(r, "A needs assessment.").criterion("c").rating == "OK"
    assert score(r, "A needs assessment. We monitor it.").criterion("c").rating == "Good"


DERIVED = (
    ONE
    + """\
- id: g1
  title: G1
  evidence: [{kind: terms, terms: ["refugee*"]}]
  rating: [{level: Good, when: {commitments: 1}}, {level: OK, when: {hits: 1}}]
- id: all
  title: All
  derived: {from: [c, g1], at_least: OK}
  rating: [{level: Good, when: {covered: 2}}, {level: OK, when: {covered: 1}}]
"""
)


def test_derived_criteria_count_covered() -> None:
    r = rubric_with(DERIVED)
    result = score(r, "We will help refugees. Prevention of poor mental health.")
    d = result.criterion("all")
    assert (d.rating, d.terms, d.reason) == (
        "Good",
        ["c", "g1"],
        "Good: 2 criteria covered (needs 2)",
    )
    assert score(r, "Refugees.").criterion("all").rating == "OK"


def test_overall_score_thresholds_and_conditions() -> None:
    r = rubric_with(DERIVED, "  conditions:\n    - {level: Good, criteria: [c], at_least: Good}\n")
    # c OK (1), g1 Good (2), all Good (2): 5 of 6 points = 0.83 -> Good, but c must be Good.
    result = score(r, "We will help refugees. Prevention of poor mental health.")
    assert result.overall.score == pytest.approx(0.8333, abs=1e-4)
    assert result.overall.rating == "OK"
    assert "not Good: needs c at Good or better (c is OK)" in result.overall.reason
    assert score(r, "Nothing relevant.").overall.rating == "Poor"


def test_every_criterion_appears_even_when_poor() -> None:
    result = score(rubric_with(DERIVED), "Nothing relevant here.")
    assert [c.id for c in result.criteria] == ["c", "g1", "all"]
    assert {c.rating for c in result.criteria} == {"Poor"}


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("Suicide prevention rates have risen every year since 2017, by 12 in total.", "mention"),
        ("Mental health prevention plan published by end of quarter 1 2023/24.", "mention"),
        ("We will cut suicide prevention waits by 5% each year.", "target"),
        ("Mental health prevention: 1,200 families supported by March 2025.", "target"),
    ],
)
def test_targets_need_an_amount_and_a_due_time(sentence: str, strength: str) -> None:
    c = score(rubric_with(ONE), sentence).criterion("c")
    assert c.evidence[0].strength == strength


def test_one_sentence_is_one_commitment_however_many_terms_it_matches() -> None:
    text = "We will fund prevention and parenting programmes for mental health."
    crit = score(rubric_with(ONE), text).criterion("c")
    assert crit.hits == 2 and crit.commitments == 1 and crit.rating == "OK"


def test_case_insensitive_regex_flag_is_accepted() -> None:
    crit = """\
    - id: c
      title: C
      evidence:
        - kind: regex
          patterns: {pmh: "(?i)public mental health"}
      rating:
        - {level: OK, when: {hits: 1}}
    """
    assert score(rubric_with(crit), "PUBLIC MENTAL HEALTH matters.").criterion("c").hits == 1


def test_per_sentence_checks_void_exactly_what_void_reason_voids() -> None:
    """`criterion_evidence` looks a hit's sentence-level checks up per sentence; every
    hit it counts or voids is what `void_reason`, checking each candidate afresh, says."""
    from pmh_assess.engine.evidence import criterion_evidence, void_reason
    from pmh_assess.engine.index import DocIndex
    from pmh_assess.rubric import load_rubric, resolve_rubric
    from pmh_assess.run import prepare_document

    from .conftest import ROOT

    rubric = load_rubric(resolve_rubric(None))
    scorer = Scorer(rubric)
    checked = voided = 0
    for path in sorted((ROOT / "plans").rglob("*.pdf"))[:3]:
        prepared = prepare_document(path)
        for criterion in rubric.criteria:
            if criterion.derived:
                continue
            found = criterion_evidence(criterion, rubric, scorer.index(prepared))
            fresh = DocIndex(prepared.text, scorer.cues, str(path), scorer.matcher)
            by_span = {(h.start, h.end, h.rule): h.void for h in found.hits + found.voided}
            for index, rule in enumerate(criterion.evidence):
                name = rule.id or f"evidence[{index}]:{rule.kind}"  # type: ignore[attr-defined]
                for c in rule.candidates(fresh):
                    reason = void_reason(rule, rubric, fresh, c, reads=criterion.reads)
                    if reason is not None:
                        assert by_span[(c.start, c.end, name)] == reason
                        voided += 1
                    checked += 1
            assert all(h.void is None for h in found.hits)
    assert checked > 500 and voided > 50, (checked, voided)
