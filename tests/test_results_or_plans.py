"""Every command that takes a results file or plans reads them one way (`run/paths.py`)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from pmh_assess.base.errors import UserError
from pmh_assess.run.paths import results_file, results_or_scored

from .conftest import MINI, ROOT
from .conftest import invoke as run

CLI = ROOT / "src" / "pmh_assess" / "cli"
EITHER = ("compare.py", "coverage.py", "serve.py")  # the commands that take either


@pytest.fixture
def scored(tmp_path: Path, two_plans: Path) -> Path:
    out = tmp_path / "results.json"
    code, _, _ = run("score", str(two_plans), "-r", str(MINI), "-q", "-f", "json", "-o", str(out))
    assert code == 0
    return out


def test_a_results_file_reads_as_the_plans_it_was_scored_from(
    two_plans: Path, scored: Path
) -> None:
    read, found = results_or_scored([scored])
    again, none = results_or_scored([two_plans], rubric=str(MINI), workers=0, cache=False)
    assert (found, none) == (scored, None)
    assert read.to_json() == again.to_json() == scored.read_text(encoding="utf-8")


def test_a_folder_is_plans_whatever_its_name(tmp_path: Path, two_plans: Path) -> None:
    named = two_plans.rename(tmp_path / "plans.json")
    assert results_file([named]) is None
    results, found = results_or_scored([named], rubric=str(MINI), workers=0, cache=False)
    assert found is None and len(results.plans) == 2
    code, out, err = run("coverage", str(named), "-r", str(MINI), "-q", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["plans"] == 2


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["results.json", "plans"], "give one results .json file, or plan files and folders"),
        (["results.json", "results.json"], "give one results .json file"),
        (["missing.json"], "missing.json: no such file or folder"),
    ],
)
def test_results_and_plans_are_not_mixed(
    tmp_path: Path, scored: Path, names: list[str], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        results_file([tmp_path / name for name in names])


def test_the_commands_that_take_either_read_them_through_the_library() -> None:
    for name in EITHER:
        tree = ast.parse((CLI / name).read_text(encoding="utf-8"))
        called = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert "results_or_scored" in called, name
        assert not called & {"load_results", "score_paths"}, name
