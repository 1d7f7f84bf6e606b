"""A derived criterion is read one way (`engine.rating.derived_sources`) wherever it is."""

from __future__ import annotations

from pmh_assess.engine.rating import DerivedSource, derived_sources, reaches
from pmh_assess.rubric import load_rubric
from pmh_assess.vocabulary import NOT_ASSESSABLE

from .conftest import MINI, ROOT

USERS = ("engine/scoring.py", "explain/__init__.py", "serve/workbench.py")


def test_sources_cover_at_their_level_or_better_and_never_when_not_assessable() -> None:
    rubric = load_rubric(MINI)
    derived = rubric.criterion("groups-all")  # from both criteria, at OK or better
    ratings = {"primary-prevention": "OK", "group-refugees": "Poor"}
    assert derived_sources(rubric, derived, ratings) == [
        DerivedSource("primary-prevention", "OK", True),
        DerivedSource("group-refugees", "Poor", False),
    ]
    ratings = {"primary-prevention": "Good", "group-refugees": NOT_ASSESSABLE}
    assert [s.covered for s in derived_sources(rubric, derived, ratings)] == [True, False]
    assert not reaches(rubric, NOT_ASSESSABLE, "Poor") and reaches(rubric, "Poor", "Poor")


def test_scoring_explain_and_the_workbench_read_derived_criteria_alike() -> None:
    for name in USERS:
        text = (ROOT / "src" / "pmh_assess" / name).read_text(encoding="utf-8")
        assert "derived_sources(" in text, name
        assert "rank(criterion.derived.at_least)" not in text, name
