"""Every number read from a user's file is finite and in range, or a located error; every
JSON output is strict JSON (no NaN or Infinity, which JSON does not have)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import MINI, invoke

PLAN = "We will invest in the prevention of poor mental health in every school.\n"


def strict_json(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def manifest_folder(tmp_path: Path, population: str) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, encoding="utf-8")
    (folder / "b.txt").write_text(PLAN, encoding="utf-8")
    (folder / "plans.yaml").write_text(
        "plans:\n"
        "  - id: a\n    documents: [a.txt]\n    metadata:\n"
        f"      population: {population}\n"
        "  - id: b\n    documents: [b.txt]\n    metadata:\n      population: 1000\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("population", [".inf", "-.inf", ".nan", "-5", "lots", "true", "1e12"])
def test_a_population_that_is_not_a_number_of_people_is_located(
    tmp_path: Path, population: str
) -> None:
    folder = manifest_folder(tmp_path, population)
    code, _out, err = invoke("coverage", str(folder), "-r", str(MINI), "-f", "json")
    assert "Traceback" not in err
    assert "plans.yaml:" in err and "population must be a number of people" in err
    assert code != 0


def test_a_finite_population_in_words_with_separators_is_read(tmp_path: Path) -> None:
    folder = manifest_folder(tmp_path, '"1,250,000"')
    code, out, err = invoke("coverage", str(folder), "-r", str(MINI), "-f", "json", "-q")
    assert code == 0, err
    assert strict_json(out)["population"]["total"] == 1_251_000


def test_other_metadata_numbers_must_be_finite(tmp_path: Path) -> None:
    folder = manifest_folder(tmp_path, "10")
    manifest = folder / "plans.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("population: 10", "year: .nan"),
        encoding="utf-8",
    )
    _code, out, err = invoke("score", str(folder), "-r", str(MINI), "-f", "json", "-q")
    assert "numbers must be finite" in err and "plans.yaml:" in err
    strict_json(out)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("thresholds: {Good: 0.7, OK: 0.3}", "thresholds: {Good: .nan, OK: 0.3}"),
        ("thresholds: {Good: 0.7, OK: 0.3}", "thresholds: {Good: .inf, OK: 0.3}"),
        ("thresholds: {Good: 0.7, OK: 0.3}", "thresholds: {Good: 0.7, OK: -0.3}"),
        ("points: {Good: 2, OK: 1, Poor: 0}", "points: {Good: .inf, OK: 1, Poor: 0}"),
        ("points: {Good: 2, OK: 1, Poor: 0}", "points: {Good: 2, OK: -1, Poor: 0}"),
        ("weight: 2", "weight: .inf"),
    ],
)
def test_rubric_check_refuses_numbers_out_of_range(tmp_path: Path, old: str, new: str) -> None:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "numbers.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, out, _err = invoke("rubric", "check", str(path), "--format", "json")
    assert code == 1
    findings = strict_json(out)
    line = next(i + 1 for i, x in enumerate(text.splitlines()) if old in x)
    assert any(f["line"] == line and f["severity"] == "error" for f in findings["findings"]), out


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "results.json"
    code, _, err = invoke("score", str(tmp_path / "plan.txt"), "-r", str(MINI), "-o", str(out))
    assert code == 0, err
    strict_json(out.read_text(encoding="utf-8"))
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema_version=2), "schema version 2"),
        (lambda d: d["plans"][0]["overall"].update(score="NaN"), "finite"),
        (lambda d: d["plans"][0]["criteria"][0].update(weight="Infinity"), "finite"),
        (lambda d: d["plans"][0]["metadata"].update(population=-3), "population"),
    ],
    ids=["schema-version", "nan-score", "infinite-weight", "negative-population"],
)
@pytest.mark.parametrize("command", ["coverage", "compare"])
def test_a_results_file_out_of_range_is_refused(
    results_file: Path, command: str, change: Any, message: str
) -> None:
    data = json.loads(results_file.read_text(encoding="utf-8"))
    change(data)
    text = json.dumps(data).replace('"NaN"', "NaN").replace('"Infinity"', "Infinity")
    results_file.write_text(text, encoding="utf-8")
    args = [command, str(results_file)] + ([str(results_file)] if command == "compare" else [])
    code, out, err = invoke(*args)
    assert code == 2, out + err
    assert "Traceback" not in err and str(results_file) in err and message in err
