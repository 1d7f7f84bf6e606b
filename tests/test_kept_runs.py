"""Whole runs kept in the cache: the same run again gives the same bytes without loading the
rubric, and any change to what the results depend on scores again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.base.errors import UserError
from pmh_assess.cli import app
from pmh_assess.run.runs import KIND, Scored

from .conftest import MINI, TWO_PLANS, build_pdf, heavy_pdf, text_plans
from .test_cli_startup import imported, unneeded

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = text_plans(tmp_path / "plans", TWO_PLANS)
    build_pdf(folder / "gamma.pdf", [[(72, 700, "We will support asylum seekers.")]])
    return folder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every rubric the run loads (a kept run loads none)."""
    from pmh_assess.rubric import loader

    calls: list[Path] = []
    real = loader.load_rubric

    def spy(path: Path):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path)

    monkeypatch.setattr(loader, "load_rubric", spy)
    return calls


def kept(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "v1" / KIND).rglob("*.z")) if (cache_dir / "v1").is_dir() else []


def score(*args: str, rubric: Path = MINI) -> str:
    result = runner.invoke(app, ["score", *args, "--rubric", str(rubric), "--workers", "0"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_same_run_again_is_the_same_bytes_and_loads_no_rubric(
    folder: Path, cache_dir: Path, loads: list[Path]
) -> None:
    first = score(str(folder), "-f", "json")
    assert len(loads) == 1 and len(kept(cache_dir)) == 1
    again = score(str(folder), "-f", "json")
    assert again == first and len(loads) == 1
    # Other formats parse the kept JSON: the same as scoring afresh.
    for fmt in ("csv", "markdown", "table"):
        assert score(str(folder), "-f", fmt) == score(str(folder), "-f", fmt, "--no-cache")
    assert len(loads) == 1 + 3  # only the three --no-cache runs loaded it
    assert json.loads(first)["plans"][0]["criteria"][0]["rating"] == "Good"


def test_any_change_to_what_results_depend_on_scores_again(
    folder: Path, tmp_path: Path, cache_dir: Path, loads: list[Path]
) -> None:
    first = score(str(folder), "-f", "json")
    # A document's content.
    (folder / "beta.txt").write_text("We will prevent poor mental health.", encoding="utf-8")
    changed = score(str(folder), "-f", "json")
    assert changed != first and len(loads) == 2
    # The rubric's content, under the same path.
    rubric = tmp_path / "mine.yaml"
    rubric.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    score(str(folder), "-f", "json", rubric=rubric)
    assert len(loads) == 3
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(text.replace('"asylum seeker*"]', '"sanctuary seeker*"]'), encoding="utf-8")
    edited = json.loads(score(str(folder), "-f", "json", rubric=rubric))
    assert len(loads) == 4
    gamma = {p["id"]: p for p in edited["plans"]}["gamma"]
    assert {c["id"]: c["rating"] for c in gamma["criteria"]}["group-refugees"] == "Poor"
    # The evidence kept, and the engine.
    score(str(folder), "-f", "json", "--evidence", "1")
    score(str(folder), "-f", "json", "--engine", "pdfplumber")
    assert len(loads) == 6
    # A plan's title, from a manifest.
    (folder / "plans.yaml").write_text(
        "plans:\n  - {id: alpha, title: The alpha plan, documents: [alpha.txt]}\n"
        "  - {id: beta, documents: [beta.txt]}\n  - {id: gamma, documents: [gamma.pdf]}\n",
        encoding="utf-8",
    )
    titled = json.loads(score(str(folder), "-f", "json"))
    assert titled["plans"][0]["title"] == "The alpha plan" and len(loads) == 7
    assert len(kept(cache_dir)) == 7


def test_runs_with_errors_or_from_stdin_are_not_kept(
    folder: Path, cache_dir: Path, loads: list[Path]
) -> None:
    slow = heavy_pdf(folder / "slow.pdf", 300_000)  # stopped by the time limit: may pass later
    args = ["score", str(folder), "-r", str(MINI), "-f", "json", "--timeout", "0.3"]
    for _ in range(2):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and "slow.pdf: reading took longer" in result.stderr
    assert kept(cache_dir) == [] and len(loads) == 2
    slow.unlink()
    piped = (folder / "alpha.txt").read_bytes()
    for _ in range(2):
        result = runner.invoke(app, ["score", "-", "-r", str(MINI), "-f", "json"], input=piped)
        assert result.exit_code == 0 and '"path": "stdin"' in result.stdout
    assert kept(cache_dir) == []


def test_runs_whose_errors_are_refused_files_are_kept_with_them(
    folder: Path, cache_dir: Path, loads: list[Path]
) -> None:
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 this is not a PDF")
    args = ["score", str(folder), "-r", str(MINI), "-f", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 1 and "broken.pdf" in first.stderr
    again = runner.invoke(app, args)
    assert (again.exit_code, again.stdout, again.stderr) == (1, first.stdout, first.stderr)
    assert len(kept(cache_dir)) == 1 and len(loads) == 1


def test_overrides_apply_to_a_kept_run(folder: Path, tmp_path: Path, loads: list[Path]) -> None:
    score(str(folder), "-f", "json")
    reviews = tmp_path / "reviews.yaml"
    reviews.write_text(
        "overrides:\n"
        "  - {plan: alpha, criterion: primary-prevention, rating: Poor, reviewer: CD}\n",
        encoding="utf-8",
    )
    data = json.loads(score(str(folder), "-f", "json", "--overrides", str(reviews)))
    criterion = data["plans"][0]["criteria"][0]
    assert criterion["rating"] == "Poor" and criterion["machine_rating"] == "Good"
    assert (
        json.loads(score(str(folder), "-f", "json"))["plans"][0]["criteria"][0]["rating"] == "Good"
    )


def test_a_damaged_kept_run_is_a_miss(folder: Path, cache_dir: Path, loads: list[Path]) -> None:
    first = score(str(folder), "-f", "json")
    (entry,) = kept(cache_dir)
    entry.write_bytes(entry.read_bytes()[:-20])
    assert score(str(folder), "-f", "json") == first and len(loads) == 2
    assert zlib.decompress(entry.read_bytes()).decode() == first  # written again whole


def test_kept_json_that_is_not_results_is_one_clear_error() -> None:
    scored = Scored(kept='{"plans": "not a list"}')
    assert scored.to_json() == '{"plans": "not a list"}' and scored.errors == []
    with pytest.raises(UserError, match="cache clear"):
        _ = scored.results


def test_a_kept_run_imports_no_engine_rules_or_rubric_loader(folder: Path, cache_dir: Path) -> None:
    args = ("score", str(folder), "-r", str(MINI), "-f", "json", "-o", str(folder / "out.json"))
    first = imported(*args)
    assert "pmh_assess.engine.scoring" in first  # the listing is there: the test can fail
    again = imported(*args)
    heavy = ["pmh_assess.engine", "pmh_assess.rules", "pmh_assess.rubric.loader"]
    # and, as the folder has no manifest, neither the results' models nor YAML
    heavy += [
        "pmh_assess.results",
        "pmh_assess.plans.manifest",
        "pmh_assess.files.yamlfile",
        "yaml",
    ]
    assert unneeded(again, heavy) == [] and len(kept(cache_dir)) == 1
    # nor pydantic: the options given are read without typer's pydantic adapters
    assert "pydantic" in first
    assert unneeded(again, ["pydantic", "pydantic_core"]) == []


def test_a_kept_run_of_plans_in_a_manifest_imports_no_pydantic(
    folder: Path, cache_dir: Path
) -> None:
    (folder / "plans.yaml").write_text(
        "plans:\n  - id: both\n    title: Both plans\n    documents: [alpha.txt, beta.txt]\n"
        "    metadata: {population: '1,250,000'}\n  - id: gamma\n    documents: [gamma.pdf]\n",
        encoding="utf-8",
    )
    args = (
        "score",
        str(folder),
        "-r",
        str(MINI),
        "-f",
        "json",
        "-o",
        str(folder.parent / "o.json"),
    )
    first = imported(*args)
    assert "pmh_assess.plans.manifest" in first and "pydantic" in first
    again = imported(*args)
    assert "pmh_assess.plans.manifest" in again and len(kept(cache_dir)) == 1
    assert unneeded(again, ["pydantic", "pydantic_core", "pmh_assess.plans.schema"]) == []


def test_a_kept_run_with_a_document_not_assessable_warns_as_before_without_the_models(
    folder: Path, cache_dir: Path
) -> None:
    from .test_not_assessable import one_of_twelve

    one_of_twelve(folder)
    out = folder.parent / "out.json"
    env = {**os.environ, "COLUMNS": "400"}
    args = ("score", str(folder), "-r", str(MINI), "-f", "json", "-o", str(out), "-q")
    first = subprocess.run(
        [sys.executable, "-m", "pmh_assess", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    written = out.read_bytes()
    assert first.returncode == 1 and "scanned-plan.pdf (11 of 12 pages have no text)" in (
        first.stderr
    )
    again = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pmh_assess", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert again.returncode == 1 and out.read_bytes() == written
    told = [line for line in again.stderr.splitlines() if not line.startswith("import time:")]
    assert told == first.stderr.splitlines()
    modules = {line.rpartition("|")[2].strip() for line in again.stderr.splitlines()[1:]}
    assert "pmh_assess.run.runs" in modules and len(kept(cache_dir)) == 1
    assert unneeded(modules, ["pmh_assess.results", "pydantic"]) == []


def test_a_new_version_of_a_library_that_writes_or_compares_is_a_miss(
    folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, loads: list[Path]
) -> None:
    from pmh_assess.run import runs

    assert "pydantic" in runs.RESULT_LIBRARIES and "rapidfuzz" in runs.RESULT_LIBRARIES
    score(str(folder), "-f", "json")
    score(str(folder), "-f", "json")
    assert len(loads) == 1
    real = runs.versions
    monkeypatch.setattr(runs, "versions", lambda p: [f"{v}.1" for v in real(p)])
    score(str(folder), "-f", "json")
    assert len(loads) == 2 and len(kept(cache_dir)) == 2


def test_misshapen_kept_json_with_a_document_not_assessable_is_one_clear_error() -> None:
    from pmh_assess.run.runs import kept_unassessable

    good = {"path": "a.pdf", "pages": 12, "pages_without_text": [2, 3], "assessable": False}
    plans = {"plans": [{"documents": [good, {"path": "b.pdf", "pages": 3}]}]}
    assert kept_unassessable(json.dumps(plans).encode()) == ["a.pdf (2 of 12 pages have no text)"]
    for bad in ({"path": 3}, {"pages": "12"}, {"pages_without_text": "2"}):
        shaped = {"plans": [{"documents": [{**good, **bad}]}]}
        assert kept_unassessable(json.dumps(shaped).encode()) is None
        with pytest.raises(UserError, match="cache clear"):
            Scored(kept=json.dumps(shaped)).unassessable()


def test_a_kept_run_written_to_a_file_imports_no_rich(folder: Path, cache_dir: Path) -> None:
    # it tells only the file it wrote, a plain line; rich is for tables, bars and notes
    out = folder.parent / "o.json"
    args = ("score", str(folder), "-r", str(MINI), "-f", "json", "-o", str(out))
    imported(*args)
    again = imported(*args)
    assert len(kept(cache_dir)) == 1
    assert unneeded(again, ["rich"]) == []
