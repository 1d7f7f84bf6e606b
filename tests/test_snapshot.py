"""`score --update/--check`: golden ratings round-trip, and a rubric change fails the check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import MINI
from .conftest import invoke as run


@pytest.fixture
def plans(two_plans: Path) -> Path:
    return two_plans


def test_update_then_check_round_trips(plans: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden.json"
    code, out, err = run("score", str(plans), "-r", str(MINI), "--update", str(golden))
    assert code == 0 and out == ""  # no report unless --output is given
    assert f"wrote {golden}" in err
    assert json.loads(golden.read_text()) == {
        "plans": {
            "keeps": {
                "criteria": {
                    "group-refugees": "Good",
                    "groups-all": "OK",
                    "primary-prevention": "Poor",
                },
                "overall": "OK",
            },
            "moves": {
                "criteria": {
                    "group-refugees": "Good",
                    "groups-all": "OK",
                    "primary-prevention": "Poor",
                },
                "overall": "OK",
            },
        },
        "rubric": {"id": "mini", "version": "1"},
        "snapshot_version": 1,
    }
    text = golden.read_text()
    assert text.endswith("}\n") and text.index('"plans"') < text.index('"rubric"')
    code, out, _ = run("score", str(plans), "-r", str(MINI), "--check", str(golden))
    assert code == 0
    assert out == f"ratings of 2 plan(s) match {golden}\n"
    assert run("score", str(plans), "-r", str(MINI), "--update", str(golden))[0] == 0
    assert golden.read_text() == text  # byte-identical when nothing moved


def test_a_rubric_change_fails_the_check(plans: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden.json"
    assert run("score", str(plans), "-r", str(MINI), "--update", str(golden))[0] == 0
    changed = tmp_path / "changed.yaml"
    changed.write_text(MINI.read_text().replace('sanctuary: ["sanctuary"]', "sanctuary: [haven]"))
    before = golden.read_bytes()
    code, out, _ = run("score", str(plans), "-r", str(changed), "--check", str(golden))
    assert code == 1
    assert out.splitlines() == [
        "moves: group-refugees: Good -> Poor",
        "moves: groups-all: OK -> Poor",
        "moves: overall rating: OK -> Poor",
        f"3 rating(s) differ from {golden}",
    ]
    assert golden.read_bytes() == before  # --check never writes


def test_plans_added_or_missing_are_differences(plans: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden.json"
    assert run("score", str(plans / "keeps.txt"), "-r", str(MINI), "--update", str(golden))[0] == 0
    code, out, _ = run("score", str(plans / "moves.txt"), "-r", str(MINI), "--check", str(golden))
    assert code == 1
    assert out.splitlines()[:2] == [
        "keeps: in the snapshot but not scored now",
        "moves: scored now but not in the snapshot",
    ]


def test_check_with_a_report_file(plans: Path, tmp_path: Path) -> None:
    golden, report = tmp_path / "golden.json", tmp_path / "results.json"
    assert run("score", str(plans), "-r", str(MINI), "--update", str(golden))[0] == 0
    code, out, _ = run(
        "score",
        str(plans),
        "-r",
        str(MINI),
        "--check",
        str(golden),
        "-f",
        "json",
        "-o",
        str(report),
    )
    assert code == 0 and "match" in out
    assert [p["id"] for p in json.loads(report.read_text())["plans"]] == ["keeps", "moves"]


def test_snapshot_usage_errors(plans: Path, tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    code, _, err = run("score", str(plans), "-r", str(MINI), "--check", str(missing))
    assert code == 2
    assert err.strip() == f"error: {missing}: no such snapshot (write one with --update {missing})"
    bad = tmp_path / "bad.json"
    bad.write_text('{"plans": {}}')
    code, _, err = run("score", str(plans), "-r", str(MINI), "--check", str(bad))
    assert code == 2 and "not a ratings snapshot (rubric: Field required)" in err
    code, _, err = run(
        "score", str(plans), "-r", str(MINI), "--check", str(bad), "--update", str(bad)
    )
    assert code == 2 and "use --check or --update, not both" in err
