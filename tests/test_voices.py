"""Words that are not the plan's own: someone else's, other work's findings, statements of need.

The sentences below were written and labelled before the engine ran on them, modelled on
how consultation reports, board minutes and strategies put things.
"""

from __future__ import annotations

from functools import cache

import pytest

from pmh_assess import Rubric, Scorer, load_rubric, prepare_text
from pmh_assess.extract import Page
from pmh_assess.plans import PlanSpec
from pmh_assess.rubric import parse_rubric
from pmh_assess.text import prepare

from .conftest import MINI, ROOT


@cache
def rubric() -> Rubric:
    return load_rubric(ROOT / "criteria" / "mhf-2024.yaml")


def rating(criterion: str, text: str) -> str:
    plan = Scorer(rubric()).score_plan(PlanSpec("p", "P", []), [prepare_text(text)])
    return plan.criterion(criterion).rating


def reasons(criterion: str, text: str) -> list[str]:
    plan = Scorer(rubric()).score_plan(PlanSpec("p", "P", []), [prepare_text(text)])
    return [v.reason for v in plan.criterion(criterion).voided_examples]


@pytest.mark.parametrize(
    "text",
    [
        "Parents told us that waits for CAMHS are too long and schools need more support.",
        "What you told us\n\nMore counselling in schools for pupils with anxiety.",
        "Residents said:\n- more counselling for young people in schools\n- shorter CAMHS waits",
        "Members noted that children's mental health services in schools were under strain.",
    ],
)
def test_someone_elses_words_are_never_evidence(text: str) -> None:
    assert rating("group-cyp", text) == "Poor"
    assert any("someone else's words" in r for r in reasons("group-cyp", text))


def test_a_sentence_that_commits_the_plan_is_its_own_whoever_asked_for_it() -> None:
    text = "Parents told us waits were too long, so we will fund counselling in every school."
    assert rating("cyp-mh-plan", text) != "Poor"


def test_a_statement_of_need_shows_understanding_but_is_no_plan() -> None:
    text = (
        "Rates of self-harm among girls aged 12 to 17 are higher than the England average, "
        "and referrals to CAMHS have doubled."
    )
    assert rating("cyp-mh-plan", text) == "Poor"
    assert any("statement of need" in r for r in reasons("cyp-mh-plan", text))
    assert rating("population-inequalities", text) == "OK"


def test_a_finding_of_other_work_is_no_plan() -> None:
    text = "Research shows that parenting programmes prevent conduct disorder in later childhood."
    assert rating("mh-prevention-plan", text) == "Poor"
    assert any("finding reported" in r for r in reasons("pmh-interventions", text))


def test_a_target_is_not_a_statement_of_need() -> None:
    assert rating("measurable-targets", "We will reduce the rate of suicide by 10% by 2027.") in (
        "OK",
        "Good",
    )


@pytest.mark.parametrize(
    "text",
    [
        'Jo Pike, Head of Community Services, said: "Young people in our schools tell us they '
        'struggle with anxiety. Counselling for pupils makes a real difference."',
        '"Counselling for pupils with anxiety has helped so many families," said one head.',
    ],
)
def test_quoted_words_are_someone_elses_but_who_said_them_is_the_documents(text: str) -> None:
    assert rating("group-cyp", text) == "Poor"
    assert any("'a quotation'" in r for r in reasons("group-cyp", text))


@pytest.mark.parametrize(
    "source", ["Parent of a pupil, focus group", "- Young carer, aged 15", "Resident, survey"]
)
def test_a_paragraph_quoted_whole_is_someone_elses_and_its_source_line_governs_nothing(
    source: str,
) -> None:
    # a testimony set out as a paragraph of its own in quotation marks, with a line naming
    # who said it (no verb of speaking); the plan's own text goes on after it
    text = (
        "We asked families about support for children.\n\n"
        '"My son waited a year for counselling at school. The school nurse was kind but '
        'could not help with his anxiety."\n\n'
        f"{source}\n\n"
        "Waiting times for the service are published every month."
    )
    assert rating("group-cyp", text) == "Poor"
    assert any("'a quotation'" in r for r in reasons("group-cyp", text))
    prepared = prepare([Page(1, text)])
    last = len(prepared.sentences) - 1
    assert prepared.heading_path(last) == ()
    assert prepared.sentences[last - 1].section == "members"  # who said it, like a signature


def test_a_paragraph_quoted_whole_may_end_with_the_number_of_its_note() -> None:
    # plain text keeps a raised note number as a figure after the closing mark
    text = (
        "The review found the same:\n\n"
        '"Our children waited too long for counselling at school and nobody explained why. '
        'It should not have been so."12\n\n'
        "Waiting times for the service are published every month."
    )
    assert rating("group-cyp", text) == "Poor"
    assert any("'a quotation'" in r for r in reasons("group-cyp", text))


def test_a_quotation_inside_the_plans_own_paragraph_is_not_a_paragraph_quoted_whole() -> None:
    text = (
        'Our vision, "Healthy minds for every child", guides this plan. We will fund counselling '
        'in every school so that pupils with anxiety get help within "four weeks, not four months".'
    )
    assert rating("group-cyp", text) != "Poor"


def test_the_post_of_whoever_is_quoted_is_the_documents_own_words() -> None:
    text = (
        'Cllr Sam Reid, cabinet member for public health, said: "This is good news for the county."'
    )
    assert not any("'a quotation'" in r for r in reasons("board-prevention-expertise", text))
    assert rating("board-prevention-expertise", text) == rating(
        "board-prevention-expertise", "Cllr Sam Reid, cabinet member for public health."
    )


def test_a_title_in_quotation_marks_is_not_a_quotation() -> None:
    text = 'Every school will take part in the "Healthy Minds" programme for pupils with anxiety.'
    assert not any("'a quotation'" in r for r in reasons("group-cyp", text))
    assert rating("group-cyp", text) != "Poor"


def test_quoted_words_are_voided_by_every_rule_as_explain_says() -> None:
    """A rule that does not look for negation still sets quoted words aside, in the score
    as in explain's reasons."""
    text = MINI.read_text(encoding="utf-8").replace(
        '            terms: {refugees: ["refugee*", "asylum seeker*"], sanctuary: ["sanctuary"]}\n',
        '            terms: {refugees: ["refugee*", "asylum seeker*"], sanctuary: ["sanctuary"]}\n'
        "            negation: false\n",
    )
    assert "negation: false" in text
    mini = parse_rubric(text)
    quoted = (
        'The chair of the partnership board, Jo Pike, said: "Refugees in the county have '
        'waited far too long for the help they need."'
    )
    plan = Scorer(mini).score_plan(PlanSpec("p", "P", []), [prepare_text(quoted)])
    result = plan.criterion("group-refugees")
    assert result.rating == "Poor"
    assert [v.reason for v in result.voided_examples] == [
        "someone else's words, not the plan's own: 'a quotation'"
    ]
