"""`pmh-assess agree` end to end: pairing, statistics in every format, bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.cli import app

from .conftest import MINI

runner = CliRunner()

PLANS = {
    "alpha": "We will invest in the prevention of poor mental health.\f"
    "We will fund prevention of suicide in every school.\fWe will support refugees.",
    "beta": "Prevention of poor mental health matters to us. Refugees live here.",
    "gamma": "Our priority is cardiovascular disease.",
    "delta": "We will support asylum seekers with their wellbeing.",
}


@pytest.fixture
def results(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for name, text in PLANS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "results.json"
    result = runner.invoke(
        app, ["score", str(folder), "--rubric", str(MINI), "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def machine(results: Path) -> dict[tuple[str, str], str]:
    data = json.loads(results.read_text())
    return {(p["id"], c["id"]): c["machine_rating"] for p in data["plans"] for c in p["criteria"]}


def write_human(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "plan,criterion,rating\n" + "".join(f"{p},{c},{r}\n" for p, c, r in rows),
        encoding="utf-8",
    )
    return path


def test_pairs_and_statistics_in_json(results: Path, tmp_path: Path) -> None:
    m = machine(results)
    assert m[("alpha", "primary-prevention")] == "Good"
    assert m[("beta", "primary-prevention")] == "OK"
    assert m[("gamma", "primary-prevention")] == "Poor"
    rows = [
        ("alpha", "primary-prevention", "Good"),
        ("beta", "primary-prevention", "Good"),  # machine OK: a near miss
        ("gamma", "primary-prevention", "Poor"),
        ("delta", "primary-prevention", "Poor"),
        ("alpha", "group-refugees", "good"),  # levels are matched without case
        ("beta", "overall", "OK"),
    ]
    human = write_human(tmp_path / "human.csv", rows)
    out = runner.invoke(app, ["agree", str(results), str(human), "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    prevention = next(r for r in data["criteria"] if r["criterion"] == "primary-prevention")
    assert prevention["pairs"] == 4 and prevention["agreement"] == 0.75
    assert prevention["confusion"]["counts"] == [[1, 0, 0], [1, 0, 0], [0, 0, 2]]
    # machine Good,OK,Poor,Poor vs human Good,Good,Poor,Poor: p_o .75, p_e .375 -> 0.6
    assert prevention["kappa"]["value"] == pytest.approx(0.6)
    assert prevention["weighted_kappa_quadratic"]["value"] > prevention["kappa"]["value"]
    assert data["all_criteria"]["pairs"] == 5
    assert data["overall"]["pairs"] == 1
    worst = data["most_disagreement"][0]
    assert worst["criterion"] == "primary-prevention"
    assert worst["examples"][0]["plan"] == "beta"
    assert worst["examples"][0]["machine"] == "OK" and worst["examples"][0]["human"] == "Good"
    assert data["unpaired_machine_ratings"] == 12 - 5


def test_results_with_overrides_still_compare_the_machine(results: Path, tmp_path: Path) -> None:
    data = json.loads(results.read_text())
    crit = data["plans"][1]["criteria"][0]
    assert (data["plans"][1]["id"], crit["id"], crit["rating"]) == (
        "beta",
        "primary-prevention",
        "OK",
    )
    crit["rating"] = "Good"  # as if a reviewer had overridden it
    results.write_text(json.dumps(data), encoding="utf-8")
    human = write_human(tmp_path / "h.csv", [("beta", "primary-prevention", "Good")])
    out = runner.invoke(app, ["agree", str(results), str(human), "-f", "json"])
    assert json.loads(out.stdout)["criteria"][0]["agreement"] == 0.0


def test_table_csv_and_markdown(results: Path, tmp_path: Path) -> None:
    human = write_human(
        tmp_path / "h.csv",
        [("alpha", "primary-prevention", "Good"), ("gamma", "primary-prevention", "OK")],
    )
    table = runner.invoke(app, ["agree", str(results), str(human)])
    assert table.exit_code == 0
    assert "primary-prevention" in table.stdout and "50.0%" in table.stdout
    assert "gamma: machine Poor, human OK" in table.stdout
    text = runner.invoke(app, ["agree", str(results), str(human), "-f", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["criterion"] for r in rows] == ["primary-prevention", "all criteria"]
    assert rows[0]["pairs"] == "2" and rows[0]["machine_Poor_human_OK"] == "1"
    md = runner.invoke(app, ["agree", str(results), str(human), "-f", "markdown"]).stdout
    assert "| `primary-prevention` | 2 | 50.0% |" in md
    assert "## Where the tool disagrees most" in md


def test_same_inputs_same_bytes(results: Path, tmp_path: Path) -> None:
    human = write_human(tmp_path / "h.csv", [("alpha", "primary-prevention", "OK")])
    outs = [
        runner.invoke(app, ["agree", str(results), str(human), "-f", "json"]).stdout
        for _ in range(2)
    ]
    assert outs[0] == outs[1]


def test_overrides_file_works_as_human_ratings(results: Path, tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.yaml"
    reviews.write_text(
        "overrides:\n  - {plan: gamma, criterion: primary-prevention, rating: OK, reviewer: AB}\n",
        encoding="utf-8",
    )
    out = runner.invoke(app, ["agree", str(results), str(reviews), "-f", "json"])
    assert out.exit_code == 0
    assert json.loads(out.stdout)["criteria"][0]["confusion"]["counts"][2][1] == 1


def test_bad_human_ratings_are_errors_and_unknown_plans_warnings(
    results: Path, tmp_path: Path
) -> None:
    bad = write_human(
        tmp_path / "bad.csv",
        [("alpha", "primary-prevention", "Excellent"), ("alpha", "primary-prevension", "OK")],
    )
    out = runner.invoke(app, ["agree", str(results), str(bad)])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "bad.csv:2:1: rating 'Excellent' is not a level of rubric mini" in out.stderr
    assert "unknown criterion 'primary-prevension' (did you mean 'primary-prevention'?)" in (
        out.stderr
    )
    unknown = write_human(tmp_path / "u.csv", [("omega", "primary-prevention", "OK")])
    out = runner.invoke(app, ["agree", str(results), str(unknown)])
    assert out.exit_code == 0
    assert "no plan 'omega' in the results" in out.stderr
    missing = runner.invoke(app, ["agree", str(tmp_path / "none.json"), str(unknown)])
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
