"""Reference files (YAML and CSV) and our figures beside the published ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmh_assess import RubricError, UserError, load_results
from pmh_assess.coverage import compare, coverage_of, load_reference

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "reference-mhf-2024.yaml"

YAML = """\
title: A made-up survey
plans: 50
findings:
  - {label: Rated Good, overall: Good, share: 14%, plans: 7}
  - {label: Young people, criterion: group-cyp, share: 1.0}
  - {label: All four groups, group: at-risk-group, share: 0.14}
  - {label: Refugees (clear actions), criterion: group-refugees, at_least: Good, share: 26%}
  - {label: Something we do not measure, criterion: no-such-criterion, share: 0.5}
"""

CSV = """\
label,criterion,group,overall,at_least,share,plans,note
Rated Good,,,Good,,14%,7,
Young people,group-cyp,,,,1.0,,
All four groups,,at-risk-group,,,0.14,,
Refugees (clear actions),group-refugees,,,Good,26%,,
Something we do not measure,no-such-criterion,,,,0.5,,kept anyway
"""


@pytest.mark.parametrize(("name", "text"), [("ref.yaml", YAML), ("ref.csv", CSV)])
def test_our_shares_beside_the_reference(
    results_file: Path, tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, cov = coverage_of(load_results(results_file))
    rows = compare(cov, load_reference(path)).reference.rows  # type: ignore[union-attr]
    got = [(r.kind, r.key, r.at_least, r.reference_share, r.ours and r.ours.plans, r.difference)
           for r in rows]  # fmt: skip
    assert got == [
        ("overall", "Good", None, 0.14, 1, 0.0267),  # 1 of 6 = 0.1667
        ("criterion", "group-cyp", "OK", 1.0, 5, -0.1667),  # 5 of 6
        ("group", "at-risk-group", "OK", 0.14, 2, 0.1933),  # alpha and delta
        ("criterion", "group-refugees", "Good", 0.26, 0, -0.26),  # none at Good
        ("criterion", "no-such-criterion", "OK", 0.5, None, None),
    ]
    assert rows[0].reference_plans == 7
    assert rows[0].ours is not None and rows[0].ours.population == 1_000_000
    assert rows[3].measure == "group-refugees at Good"
    assert "no criterion 'no-such-criterion'" in (rows[4].note or "")


def test_the_shipped_example_matches_the_published_table() -> None:
    ref = load_reference(EXAMPLE)
    assert ref.plans == 42
    by_label = {f.label: f for f in ref.findings}
    assert by_label["All four at-risk groups"].group == "at-risk-group"
    assert by_label["All four at-risk groups"].share == pytest.approx(0.14)
    shares = [f.share for f in ref.findings if f.criterion and f.criterion.startswith("group-")]
    assert shares == pytest.approx([1.0, 0.88, 0.48, 0.26])
    assert sum(f.plans or 0 for f in ref.findings if f.overall) == 42


def test_the_shipped_example_against_the_sample_plans(sample_results_file: Path) -> None:
    """Every finding names something the default rubric measures."""
    _, cov = coverage_of(load_results(sample_results_file))
    rows = compare(cov, load_reference(EXAMPLE)).reference.rows  # type: ignore[union-attr]
    assert all(r.ours is not None for r in rows), [r.note for r in rows if r.ours is None]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "two.yaml",
            "title: t\nfindings:\n  - label: x\n    overall: Good\n    criterion: a\n"
            "    share: 1\n",
            "two.yaml:3:5: findings.0: a finding names exactly one",
        ),
        (
            "big.yaml",
            "title: t\nfindings:\n  - {label: x, overall: Good, share: 140%}\n",
            "big.yaml:3:",
        ),
        ("bad.csv", "label,share\nfine,0.5\nbroken,lots\n", "bad.csv:3:1: share"),
        ("cols.csv", "label,share,colour\nx,0.5,red\n", "unknown: colour"),
        ("none.csv", "label,share\n", "no findings"),
    ],
)
def test_bad_reference_files_are_located(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_reference(path)
    assert message in str(info.value)


def test_reference_must_be_yaml_or_csv(tmp_path: Path) -> None:
    path = tmp_path / "ref.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match=r"\.yaml, \.yml or \.csv"):
        load_reference(path)
