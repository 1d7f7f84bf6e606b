"""The validity set: its cases are well formed and cover the rubric, and its script measures
and enforces bars. The recall and precision figures themselves are not asserted here."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from pmh_assess import Scorer, load_rubric, prepare_text
from pmh_assess.plans import PlanSpec

from .conftest import ROOT

VALIDITY = ROOT / "benchmarks" / "validity"
SCRIPT = VALIDITY / "run.py"
RUBRIC = ROOT / "criteria" / "mhf-2024.yaml"
MIN_POSITIVES = 5


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validity_run", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


run = _script()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The script as a user runs it, in a process of its own."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300
    )


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """The script's entry point in this process (quicker; same code as `_run`)."""
    code = run.main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["run.py", *args], code, out, err)


@pytest.fixture(scope="module")
def cases() -> list[Any]:
    return run.load_cases(run.CASES)


@pytest.fixture(scope="module")
def uncovered() -> dict[str, str]:
    data = yaml.safe_load((VALIDITY / "uncovered.yaml").read_text(encoding="utf-8"))
    return dict(data["uncovered"])


# ----------------------------------------------------------------------------- the set


def test_ids_are_unique_and_labels_known(cases: list[Any]) -> None:
    ids = Counter(c.id for c in cases)
    assert [i for i, n in ids.items() if n > 1] == []
    assert {c.expect for c in cases} == {"credit", "no-credit"}
    assert all(c.why.strip() and c.text.strip() for c in cases)


def test_totals(cases: list[Any]) -> None:
    positives = sum(c.expect == "credit" for c in cases)
    traps = sum(c.expect == "no-credit" for c in cases)
    assert positives >= 240, positives
    assert traps >= 100, traps


def test_every_criterion_named_exists_in_the_rubric(cases: list[Any]) -> None:
    known = {c.id for c in load_rubric(RUBRIC).criteria}
    assert sorted({c.criterion for c in cases} - known) == []


def test_every_testable_criterion_has_positives_and_the_rest_say_why(
    cases: list[Any],
    uncovered: dict[str, str],
) -> None:
    rubric = load_rubric(RUBRIC)
    positives = Counter(c.criterion for c in cases if c.expect == "credit")
    thin = {
        c.id: positives[c.id]
        for c in rubric.criteria
        if c.id not in uncovered and positives[c.id] < MIN_POSITIVES
    }
    assert thin == {}, f"criteria with fewer than {MIN_POSITIVES} positive cases: {thin}"
    by_id = {c.id: c for c in rubric.criteria}
    for cid, why in uncovered.items():
        criterion = by_id[cid]
        whole_plan = bool(criterion.evidence) and all(r.kind == "share" for r in criterion.evidence)
        assert criterion.derived or whole_plan, f"{cid} can be tested passage by passage"
        assert why.strip()
        assert positives[cid] == 0


def test_traps_are_spread_over_criteria(cases: list[Any]) -> None:
    traps = Counter(c.criterion for c in cases if c.expect == "no-credit")
    positives = {c.criterion for c in cases if c.expect == "credit"}
    assert positives - set(traps) == set()


def test_cases_are_kept_apart_from_the_rubric_examples(cases: list[Any]) -> None:
    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    examples = set()
    for criterion in load_rubric(RUBRIC).criteria:
        for item in [*criterion.examples.match, *criterion.examples.no_match]:
            examples.add(norm(item if isinstance(item, str) else item.text))
    assert [c.id for c in cases if norm(c.text) in examples] == []


# ----------------------------------------------------------------------------- the loader


def _write_cases(path: Path, items: list[dict[str, str]]) -> Path:
    path.write_text(yaml.safe_dump({"cases": items}, sort_keys=False), encoding="utf-8")
    return path


def _case(cid: str, criterion: str, text: str, expect: str = "credit") -> dict[str, str]:
    return {"id": cid, "criterion": criterion, "text": text, "expect": expect, "why": "test"}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([_case("a", "x", "t"), _case("a", "x", "u")], "id already used"),
        ([_case("a", "x", "t", expect="maybe")], "expect must be one of"),
        ([{"id": "a", "criterion": "x", "text": "t", "expect": "credit"}], "missing why"),
        ([{**_case("a", "x", "t"), "label": "credit"}], "unknown label"),
        ([_case("a", "x", "")], "text must be non-empty"),
    ],
)
def test_bad_case_files_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, items: list[dict[str, str]], message: str
) -> None:
    path = _write_cases(tmp_path / "bad.yaml", items)
    done = _main(capsys, "--cases", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and message in done.stderr
    assert "Traceback" not in done.stderr


# ----------------------------------------------------------------------------- the script


def test_runs_through_on_a_slice_of_the_set(
    capsys: pytest.CaptureFixture[str], cases: list[Any], tmp_path: Path
) -> None:
    chosen = [c for c in cases if c.criterion == "suicide-prevention"]
    items = [_case(c.id, c.criterion, c.text, c.expect) for c in chosen]
    path = _write_cases(tmp_path / "slice.yaml", items)
    done = _run("--cases", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    figures = data["criteria"]["suicide-prevention"]
    assert figures["positives"] == sum(c.expect == "credit" for c in chosen)
    assert figures["traps"] == sum(c.expect == "no-credit" for c in chosen)
    assert data["overall"] == figures
    assert data["credit_level"] == "OK"

    table = _main(capsys, "--cases", str(path), "--format", "markdown")
    assert table.returncode == 0
    assert "| `suicide-prevention` |" in table.stdout and "| **overall** |" in table.stdout


def test_one_criterion_path_rates_as_the_whole_plan_does(
    cases: list[Any],
) -> None:
    rubric = load_rubric(RUBRIC)
    scorer = Scorer(rubric)
    criteria = {c.id: c for c in rubric.criteria}
    for case in cases[::9]:
        level, _, _, _ = run.score_case(scorer, criteria[case.criterion], case)
        plan = scorer.score_plan(
            PlanSpec(id=case.id, title=case.id, documents=[]), [prepare_text(case.text)]
        )
        whole = next(r for r in plan.criteria if r.id == case.criterion)
        assert level == whole.rating, case.id


FAKE_RUBRIC = """\
id: fake
version: "1"
title: One criterion for checking the validity script
levels: [Good, OK, Poor]
language:
  commitment: ["we will"]
domains:
  - id: groups
    title: Groups
    criteria:
      - id: befriending
        title: Befriending
        evidence:
          - kind: terms
            terms: ["befriending"]
        rating:
          - level: Good
            when: {commitments: 1}
          - level: OK
            when: {hits: 1}
overall:
  points: {Good: 2, OK: 1, Poor: 0}
  thresholds: {Good: 0.7, OK: 0.3}
"""


@pytest.fixture
def fake(tmp_path: Path) -> tuple[Path, Path]:
    rubric = tmp_path / "fake.yaml"
    rubric.write_text(FAKE_RUBRIC, encoding="utf-8")
    items = [
        _case("hit", "befriending", "Volunteers offer befriending to older people."),
        _case("miss", "befriending", "Volunteers phone older people who live alone."),
        _case("trap", "befriending", "The befriending van is parked outside.", "no-credit"),
        _case("quiet", "befriending", "The car park reopens in May.", "no-credit"),
        _case("other", "not-in-this-rubric", "Anything at all."),
    ]
    return rubric, _write_cases(tmp_path / "cases.yaml", items)


def test_figures_on_a_fake_rubric(
    capsys: pytest.CaptureFixture[str], fake: tuple[Path, Path]
) -> None:
    rubric, cases = fake
    done = _main(capsys, "--rubric", str(rubric), "--cases", str(cases), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["overall"] == {
        "positives": 2,
        "credited": 1,
        "recall": 0.5,
        "traps": 2,
        "false_positives": 1,
        "precision": 0.5,
    }
    assert {w["id"] for w in data["wrong"]} == {"miss", "trap"}
    assert "1 case(s) skipped" in done.stderr and "not-in-this-rubric" in done.stderr


@pytest.mark.parametrize(
    ("bars", "code", "said"),
    [
        (["--min-recall", "0.5", "--min-precision", "0.5"], 0, ""),
        (["--min-recall", "0.9"], 1, "overall recall 0.50 is below 0.90"),
        (["--min-precision", "0.97"], 1, "overall precision 0.50 is below 0.97"),
        (["--min-criterion-recall", "0.75"], 1, "befriending: recall 0.50 is below 0.75"),
    ],
)
def test_bars_set_the_exit_code(
    capsys: pytest.CaptureFixture[str],
    fake: tuple[Path, Path],
    bars: list[str],
    code: int,
    said: str,
) -> None:
    rubric, cases = fake
    done = _main(capsys, "--rubric", str(rubric), "--cases", str(cases), *bars)
    assert done.returncode == code, done.stderr
    assert said in done.stderr
    if code == 0:
        assert "below the bar" not in done.stderr


def test_misses_name_every_wrong_case_with_its_reason(
    capsys: pytest.CaptureFixture[str], fake: tuple[Path, Path]
) -> None:
    rubric, cases = fake
    done = _main(capsys, "--rubric", str(rubric), "--cases", str(cases), "--misses")
    assert done.returncode == 0
    assert "## missed (1)" in done.stdout and "## false positive (1)" in done.stdout
    assert "- miss [befriending] rated Poor: Poor: no rating rule met" in done.stdout
    assert "- trap [befriending] rated OK: OK: 1 hit" in done.stdout
    assert "counted: befriending (mention" in done.stdout


def test_the_command_exits_1_below_a_bar(fake: tuple[Path, Path]) -> None:
    rubric, cases = fake
    done = _run("--rubric", str(rubric), "--cases", str(cases), "--min-recall", "0.9")
    assert done.returncode == 1
    assert "below the bar: overall recall 0.50 is below 0.90" in done.stderr
    assert "| befriending" not in done.stdout and "befriending" in done.stdout


def test_a_bad_rubric_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rubric = tmp_path / "broken.yaml"
    rubric.write_text("id: [unclosed\n", encoding="utf-8")
    done = _main(capsys, "--rubric", str(rubric))
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr
