"""A derived criterion is read one way (`engine.rating.derived_sources`) wherever it is."""

from __future__ import annotations

from pmh_assess.base.vocabulary import NOT_ASSESSABLE
from pmh_assess.engine.rating import DerivedSource, derived_sources, reaches
from pmh_assess.rubric import load_rubric

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


def test_rating_again_is_the_engines_for_shared_text_and_overrides() -> None:
    from pmh_assess.engine import Scorer
    from pmh_assess.engine.rating import Counts
    from pmh_assess.results import CriterionResult

    rubric = load_rubric(MINI)
    criterion = rubric.criterion("group-refugees")
    was = CriterionResult.model_validate(
        {
            **{"id": criterion.id, "title": "t", "domain": "d", "reason": "r"},
            **{"rating": "Good", "machine_rating": "Good", "hits": 3, "pages": 2},
        }
    )
    again = Scorer(rubric).rerated(was, criterion, Counts(hits=1, pages=1), " (set aside)")
    assert (again.rating, again.machine_rating, again.hits) == ("OK", "OK", 1)
    assert again.reason.endswith(" (set aside)") and was.rating == "Good"
    for name in ("run/shared.py", "review/overrides.py"):
        text = (ROOT / "src" / "pmh_assess" / name).read_text(encoding="utf-8")
        assert " rate(" not in text and "overall(" not in text, name
        assert "scorer.rederived(" in text and "scorer.overall_result(" in text, name
