"""The bundled sample plans, scored with the default rubric, give the committed ratings.

The golden file records what each sample plan was written to show (see samples/README.md).
When a deliberate rubric change moves ratings, regenerate it with
`PMH_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and record the change in
CHANGELOG.md under "Rubric changes".
"""

from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from pmh_assess.cli import app

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "sample-plans.json"


def ratings(results: dict) -> dict:
    return {
        "rubric": {"id": results["rubric"]["id"], "version": results["rubric"]["version"]},
        "plans": {
            p["id"]: {
                "overall": p["overall"]["rating"],
                "criteria": {c["id"]: c["rating"] for c in p["criteria"]},
            }
            for p in results["plans"]
        },
    }


def test_sample_plans_match_the_golden_ratings() -> None:
    result = CliRunner().invoke(app, ["score", str(ROOT / "plans"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    got = ratings(json.loads(result.stdout))
    if os.environ.get("PMH_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == expected


def test_golden_overall_ratings_are_what_the_plans_were_written_to_show() -> None:
    import yaml

    manifest = yaml.safe_load((ROOT / "plans" / "plans.yaml").read_text(encoding="utf-8"))
    intended = {p["id"]: p["metadata"]["expected_overall"] for p in manifest["plans"]}
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert {pid: p["overall"] for pid, p in golden["plans"].items()} == intended
