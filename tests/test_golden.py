"""The bundled sample plans, scored with the default rubric, give the committed ratings.

The golden file is a ratings snapshot (see `pmh_assess.results.snapshot`) and records what each
sample plan was written to show (see samples/README.md). When a deliberate rubric change
moves ratings, regenerate it with `pmh-assess score plans/ --update
tests/golden/sample-plans.json` and record the change in CHANGELOG.md under "Rubric
changes".
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pmh_assess.cli import app

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "sample-plans.json"


def test_sample_plans_match_the_golden_ratings() -> None:
    result = CliRunner().invoke(app, ["score", str(ROOT / "plans"), "--check", str(GOLDEN)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == f"ratings of 6 plan(s) match {GOLDEN}\n"


def test_golden_overall_ratings_are_what_the_plans_were_written_to_show() -> None:
    import yaml

    manifest = yaml.safe_load((ROOT / "plans" / "plans.yaml").read_text(encoding="utf-8"))
    intended = {p["id"]: p["metadata"]["expected_overall"] for p in manifest["plans"]}
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert {pid: p["overall"] for pid, p in golden["plans"].items()} == intended
