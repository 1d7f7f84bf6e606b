"""Coverage numbers checked against hand-computed expectations.

The six test plans were written to get these ratings (OK-or-better marked *):

    plan     population  prevention cyp   families refugees ltc   all-four overall
    alpha    1,000,000   Good*      Good* Good*    OK*      OK*   Good     Good
    bravo    2,000,000   OK*        Good* OK*      Poor     OK*   OK       OK
    charlie    500,000   Poor       OK*   Poor     Poor     Poor  Poor     Poor
    delta    1,500,000   Good*      OK*   OK*      OK*      OK*   Good     OK
    echo     (none)      Poor       Poor  Poor     Poor     Poor  Poor     Poor
    foxtrot    250,000   OK*        Good* Good*    Poor     Poor  Poor     OK

Known populations add up to 5,250,000; echo has none and counts in no population figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmh_assess import UserError, load_results
from pmh_assess.coverage import coverage_of
from pmh_assess.coverage.compute import default_at_least, population_of, short_names
from pmh_assess.coverage.model import Count, Coverage

from ..conftest import ROOT
from .conftest import RAG_COLOURS

TOTAL = 5_250_000


def count(plans: int, people: int, n: int = 6, total: int = TOTAL) -> Count:
    return Count(
        plans=plans,
        share=round(plans / n, 4),
        population=people,
        population_share=round(people / total, 4),
    )


@pytest.fixture
def cov(results_file: Path) -> Coverage:
    return coverage_of(load_results(results_file))[1]


def criterion(cov: Coverage, cid: str):  # type: ignore[no-untyped-def]
    return next(c for c in cov.criteria if c.id == cid)


def test_plans_population_and_default_level(cov: Coverage) -> None:
    assert cov.plans == 6
    assert cov.at_least == "OK"
    assert cov.population.total == TOTAL
    assert cov.population.known == 5
    assert cov.population.unknown == ["echo"]
    assert [r.population for r in cov.rows] == [
        1_000_000,
        2_000_000,
        500_000,
        1_500_000,
        None,
        250_000,
    ]


def test_each_criterion_at_each_level_and_covered(cov: Coverage) -> None:
    prevention = criterion(cov, "primary-prevention")
    assert prevention.levels == {
        "Good": count(2, 2_500_000),  # alpha, delta
        "OK": count(2, 2_250_000),  # bravo, foxtrot
        "Poor": count(2, 500_000),  # charlie, echo (no population)
    }
    assert prevention.covered == count(4, 4_750_000)
    assert criterion(cov, "group-cyp").covered == count(5, TOTAL)  # all but echo
    assert criterion(cov, "group-families").covered == count(4, 4_750_000)
    assert criterion(cov, "group-refugees").covered == count(2, 2_500_000)
    assert criterion(cov, "group-ltc").covered == count(3, 4_500_000)
    assert criterion(cov, "group-refugees").levels["Good"] == count(0, 0)


def test_tag_group_each_member_any_and_all(cov: Coverage) -> None:
    assert [g.tag for g in cov.groups] == ["at-risk-group"]  # `prevention` tags one criterion
    group = cov.groups[0]
    assert [(m.id, m.covered.plans) for m in group.members] == [
        ("group-cyp", 5),
        ("group-families", 4),
        ("group-refugees", 2),
        ("group-ltc", 3),
    ]
    assert group.all == count(2, 2_500_000)  # alpha and delta
    assert group.any == count(5, TOTAL)


def test_overall_ratings_weighted_by_population(cov: Coverage) -> None:
    assert cov.overall == {
        "Good": count(1, 1_000_000),
        "OK": count(3, 3_750_000),
        "Poor": count(2, 500_000),
    }
    assert cov.overall["Poor"].population_share == 0.0952


def test_at_least_good_counts_only_the_best_level(results_file: Path) -> None:
    _, cov = coverage_of(load_results(results_file), at_least="Good")
    assert criterion(cov, "group-cyp").covered == count(3, 3_250_000)  # alpha, bravo, foxtrot
    assert cov.groups[0].all == count(0, 0)


def test_filters_select_plans_criteria_and_groups(results_file: Path) -> None:
    results = load_results(results_file)
    selected, cov = coverage_of(results, plans=["alpha,delta"])
    assert [p.id for p in selected.plans] == ["alpha", "delta"]
    assert cov.groups[0].all == count(2, 2_500_000, n=2, total=2_500_000)

    _, cov = coverage_of(results, criteria=["group-cyp", "group-ltc"])
    assert [c.id for c in cov.columns] == ["group-cyp", "group-ltc"]
    # the group is recomputed over the kept members: alpha, bravo and delta cover both
    assert [m.id for m in cov.groups[0].members] == ["group-cyp", "group-ltc"]
    assert cov.groups[0].all == count(3, 4_500_000)
    assert cov.overall["Good"].plans == 1  # overall ratings stay as scored

    _, cov = coverage_of(results, tags=["at-risk-group"])
    assert len(cov.columns) == 4 and cov.filters.tags == ["at-risk-group"]

    _, cov = coverage_of(results, groups=["prevention"])  # a one-criterion tag, when asked
    assert [(g.tag, g.all.plans) for g in cov.groups] == [("prevention", 4)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"plans": ["zulu"]}, "unknown plan 'zulu'"),
        ({"criteria": ["nope"]}, "unknown criterion 'nope'"),
        ({"tags": ["nope"]}, "unknown tag 'nope'"),
        ({"at_least": "Great"}, "--at-least 'Great' is not a level"),
        ({"criteria": ["primary-prevention"], "groups": ["at-risk-group"]}, "no criterion tagged"),
    ],
)
def test_bad_selections_are_user_errors(results_file: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(UserError, match=message):
        coverage_of(load_results(results_file), **kwargs)


def test_reviewer_ratings_are_used_not_machine_ratings(results_file: Path) -> None:
    results = load_results(results_file)
    echo = results.plans[4]
    echo.criteria[3] = echo.criteria[3].model_copy(update={"rating": "OK"})  # refugees
    _, cov = coverage_of(results)
    assert criterion(cov, "group-refugees").covered.plans == 3
    assert echo.criteria[3].machine_rating == "Poor"


def test_rag_levels_work_the_same(rag_results_file: Path) -> None:
    _, cov = coverage_of(load_results(rag_results_file))
    assert cov.at_least == "Amber"
    assert [(lv.name, lv.colour, lv.short) for lv in cov.rubric.levels] == [
        ("Green", RAG_COLOURS["Green"], "G"),
        ("Amber", RAG_COLOURS["Amber"], "A"),
        ("Red", RAG_COLOURS["Red"], "R"),
    ]
    assert cov.groups[0].all == count(2, 2_500_000)
    assert cov.overall == {
        "Green": count(1, 1_000_000),
        "Amber": count(3, 3_750_000),
        "Red": count(2, 500_000),
    }


def test_bundled_sample_plans_with_the_default_rubric(sample_results_file: Path) -> None:
    """Population figures by hand from plans/plans.yaml; group figures from the golden file."""
    import json

    import yaml

    _, cov = coverage_of(load_results(sample_results_file))
    manifest = yaml.safe_load((ROOT / "plans" / "plans.yaml").read_text(encoding="utf-8"))
    assert sum(p["metadata"]["population"] for p in manifest["plans"]) == 7_430_000
    assert cov.population.total == 7_430_000
    # Northmoor is Good; Brackenmere, Silverholme and Kestrelford OK; Fenwick and Westmarsh Poor.
    assert cov.overall["Good"].population == 1_650_000
    assert cov.overall["OK"].population == 2_300_000 + 720_000 + 1_240_000
    assert cov.overall["Poor"].population == 980_000 + 540_000
    assert cov.overall["Poor"].population_share == round(1_520_000 / 7_430_000, 4)

    golden = json.loads((ROOT / "tests" / "golden" / "sample-plans.json").read_text())["plans"]
    members = ["group-cyp", "group-vulnerable-families", "group-asylum-refugees",
               "group-long-term-conditions"]  # fmt: skip
    group = next(g for g in cov.groups if g.tag == "at-risk-group")
    assert [m.id for m in group.members] == members
    for m in group.members:
        assert m.covered.plans == sum(p["criteria"][m.id] != "Poor" for p in golden.values())
    assert group.all.plans == sum(
        all(p["criteria"][m] != "Poor" for m in members) for p in golden.values()
    )
    # Only the tag groups the rubric declares are summarised, under their titles.
    assert [(g.tag, g.name) for g in cov.groups][:2] == [
        ("at-risk-group", "The four priority at-risk groups"),
        ("prevention", "Prevention tiers"),
    ]
    assert "appendix" not in {g.tag for g in cov.groups}


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (["Yes", "No"], "Yes"),
        (["Good", "OK", "Poor"], "OK"),
        (["Green", "Amber", "Red"], "Amber"),
        (["A", "B", "C", "D"], "B"),
        (["1", "2", "3", "4", "5"], "3"),
    ],
)
def test_default_level_is_the_middle_one(levels: list[str], expected: str) -> None:
    assert default_at_least(levels) == expected


def test_short_names_are_unique_prefixes() -> None:
    assert short_names(["Good", "OK", "Poor"]) == {"Good": "G", "OK": "O", "Poor": "P"}
    assert short_names(["Good", "Green", "Red"]) == {"Good": "Go", "Green": "Gr", "Red": "R"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1650000, 1650000), (1.65e6, 1650000), ("1,650,000", 1650000), ("about a million", None),
     (True, None), (-5, None), (None, None)],
)  # fmt: skip
def test_population_from_metadata(value: object, expected: int | None) -> None:
    assert population_of({"population": value}) == expected
