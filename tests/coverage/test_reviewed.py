"""A reviewer's rating is marked wherever a rating is shown, with the machine's beside it.

bravo's group-refugees is Poor by the machine; the reviewer rates it OK with a note.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pmh_assess.cli import app

from .conftest import PLANS, RUBRIC

NOTE = "Refugees are named in the needs section."


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.yaml"
    path.write_text(
        "overrides:\n"
        "  - plan: bravo\n"
        "    criterion: group-refugees\n"
        "    rating: OK\n"
        "    reviewer: A. Reviewer\n"
        f"    note: {NOTE}\n"
        "    date: 2024-05-01\n",
        encoding="utf-8",
    )
    return path


def test_score_table_and_markdown_mark_the_reviewed_rating(reviews: Path) -> None:
    base = ["score", PLANS, "-r", RUBRIC, "-q", "--overrides", reviews]
    code, out, _ = run(*base, "--detail")
    assert code == 0
    assert "OK * was Poor" in out
    assert "* a reviewer's rating (by A. Reviewer)" in out
    code, out, _ = run(*base, "-f", "markdown")
    assert f"OK\\* (A. Reviewer; machine: Poor; “{NOTE}”)" in out
    code, out, _ = run(*base, "-f", "csv")
    row = next(
        r
        for r in csv.DictReader(io.StringIO(out))
        if (r["plan"], r["criterion"]) == ("bravo", "group-refugees")
    )
    assert (row["rating"], row["machine_rating"], row["reviewer"], row["note"]) == (
        "OK",
        "Poor",
        "A. Reviewer",
        NOTE,
    )


@pytest.mark.parametrize("scored", [False, True], ids=["plans", "results-file"])
def test_coverage_takes_overrides_and_marks_them(
    reviews: Path, results_file: Path, tmp_path: Path, scored: bool
) -> None:
    source = results_file if scored else PLANS
    extra = ["-r", RUBRIC]  # a results file's rubric, when not bundled, is given too
    base = ["coverage", source, *extra, "-q", "--overrides", reviews]
    code, out, err = run(*base, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    bravo = next(r for r in data["rows"] if r["id"] == "bravo")
    column = [c["id"] for c in data["columns"]].index("group-refugees")
    assert bravo["cells"][column] == {
        "rating": "OK",
        "hits": bravo["cells"][column]["hits"],
        "reviewer": "A. Reviewer",
        "machine_rating": "Poor",
        "note": NOTE,
    }
    refugees = next(c for c in data["criteria"] if c["id"] == "group-refugees")
    assert refugees["covered"]["plans"] == 3  # the reviewed rating counts: 2 + bravo

    code, out, _ = run(*base)
    assert "O*" in out and "* a reviewer's rating" in out

    code, out, _ = run(*base, "-f", "csv")
    row = next(
        r
        for r in csv.DictReader(io.StringIO(out))
        if (r["plan"], r["criterion"]) == ("bravo", "group-refugees")
    )
    assert (row["machine_rating"], row["reviewer"], row["note"]) == ("Poor", "A. Reviewer", NOTE)

    code, _, _ = run(*base, "-o", tmp_path / "c.xlsx")
    sheet = load_workbook(tmp_path / "c.xlsx")["Matrix"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value == "OK*"}
    assert "OK*" in cells
    comment = cells["OK*"].comment
    assert comment is not None and "A. Reviewer" in comment.text and "Poor" in comment.text

    code, _, _ = run(*base, "-o", tmp_path / "c.html")
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "Reviewed by A. Reviewer on 2024-05-01" in page and NOTE in page
    assert "The machine rated it" in page and "* marks a reviewer's rating" in page

    code, out, _ = run(*base, "-f", "markdown")
    assert f"OK by A. Reviewer, the machine's Poor: {NOTE}" in out


def test_plot_takes_overrides(reviews: Path, results_file: Path, tmp_path: Path) -> None:
    plain, reviewed = tmp_path / "plain.svg", tmp_path / "reviewed.svg"
    assert run("plot", results_file, "-o", plain)[0] == 0
    code, _, err = run("plot", results_file, "--overrides", reviews, "-r", RUBRIC, "-o", reviewed)
    assert code == 0, err
    assert plain.read_text() != reviewed.read_text()  # group-refugees: 2 plans -> 3


def test_a_results_file_needs_its_own_rubric_for_overrides(
    reviews: Path, results_file: Path
) -> None:
    code, _, err = run("coverage", results_file, "--overrides", reviews)
    assert code == 2 and "not bundled: give its file with --rubric" in err
    code, _, err = run("coverage", results_file, "--overrides", reviews, "-r", "mhf-2024")
    assert code == 2 and "is not the rubric the results were scored with" in err


def test_explain_shows_the_reviewer_rating_beside_the_machine(reviews: Path) -> None:
    code, out, err = run(
        "explain", PLANS, "-r", RUBRIC, "-p", "bravo", "-c", "group-refugees",
        "--overrides", reviews,
    )  # fmt: skip
    assert code == 0, err
    assert "Reviewed: OK by A. Reviewer on 2024-05-01" in out
    assert "the machine's rating, explained below, is Poor" in out and NOTE in out
    code, out, _ = run("explain", PLANS, "-r", RUBRIC, "-p", "bravo", "--overrides", reviews)
    assert "-> OK*" in out
    code, out, _ = run(
        "explain", PLANS, "-r", RUBRIC, "-p", "bravo", "-f", "json", "--overrides", reviews
    )
    refugees = next(c for c in json.loads(out)["criteria"] if c["id"] == "group-refugees")
    assert refugees["rating"] == "Poor" and refugees["review"]["rating"] == "OK"
