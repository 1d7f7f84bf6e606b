"""A real plan extract (kept outside the project) gets ratings its text supports."""

from __future__ import annotations

import pytest

from pmh_assess.engine import Scorer
from pmh_assess.plans import PlanSpec
from pmh_assess.rubric import load_rubric, resolve_rubric
from pmh_assess.run import prepare_document

from .conftest import SHARED

SEED = SHARED / "seeds" / "coventry-warwickshire-ics-mental-health.txt"


@pytest.fixture(scope="module")
def seed_result():
    if not SEED.is_file():
        pytest.skip(f"seed plan text not available at {SEED}")
    scorer = Scorer(load_rubric(resolve_rubric("mhf-2024")))
    return scorer.score_plan(PlanSpec("seed", "seed", [SEED]), [prepare_document(SEED)])


@pytest.mark.parametrize(
    ("criterion", "allowed", "why"),
    [
        ("group-asylum-refugees", {"Poor"}, "the text never mentions refugees or asylum seekers"),
        ("racial-inequalities", {"Good"}, "it commits to implementing PCREF"),
        ("measurable-targets", {"OK", "Good"}, "75% within 6 weeks; a 5% rise year on year"),
        ("group-cyp", {"Good"}, "CYP services, CAMHS access up 35%, 18-25 offer"),
        ("group-long-term-conditions", {"OK", "Good"}, "talking therapies for LTCs"),
        ("smi-plan", {"Good"}, "physical health checks for people with serious mental illness"),
        ("suicide-prevention", {"OK", "Good"}, "delivers a suicide prevention strategy"),
        ("mh-needs-assessment", {"Poor"}, "only the JSNA is named, not a specific MH assessment"),
        ("community-wealth-building", {"Poor"}, "no mention"),
        (
            "at-risk-populations",
            {"OK", "Good"},
            "commits mental health support to named groups (CYP)",
        ),
        (
            "group-inclusion-health",
            {"OK", "Good"},
            "one clear item: drug and alcohol use with MH care",
        ),
        ("anchor-institutions", {"Poor"}, "nothing on local jobs, spending or estates"),
        (
            "housing-poverty-greenspace",
            {"Poor"},
            "no local authority housing, poverty or parks action",
        ),
    ],
)
def test_seed_ratings_are_defensible(
    seed_result, criterion: str, allowed: set[str], why: str
) -> None:
    c = seed_result.criterion(criterion)
    assert c.rating in allowed, f"{criterion}: {c.rating} ({c.reason}); expected because {why}"
