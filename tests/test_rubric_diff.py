"""`rubric diff`: change one term and exactly the ratings it moves are reported, and why."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pmh_assess.run import documents

from .conftest import MINI, build_pdf
from .conftest import invoke as run

SANCTUARY = 'sanctuary: ["sanctuary"]'


@pytest.fixture
def plans(two_plans: Path) -> Path:
    """The two text plans, and a PDF whose only evidence is the word 'sanctuary'."""
    folder = two_plans
    build_pdf(
        folder / "pdfplan.pdf",
        [[(72, 700, "Sanctuary is offered to people seeking safety.")]],
    )
    return folder


@pytest.fixture
def rubrics(tmp_path: Path) -> tuple[Path, Path]:
    """The test rubric, and the same without the term 'sanctuary'."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    text = MINI.read_text(encoding="utf-8")
    assert SANCTUARY in text
    old.write_text(text)
    new.write_text(text.replace(SANCTUARY, 'sanctuary: ["place of sanctuary"]'))
    return old, new


def moved(data: dict) -> set[tuple[str, str, str | None, str | None]]:
    return {(c["plan"], c["criterion"], c["old"], c["new"]) for c in data["changes"]}


def test_removing_a_term_moves_exactly_the_ratings_that_used_it(
    plans: Path, rubrics: tuple[Path, Path]
) -> None:
    old, new = rubrics
    code, out, _ = run("rubric", "diff", str(old), str(new), str(plans), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert moved(data) == {
        ("moves", "group-refugees", "Good", "Poor"),
        ("moves", "groups-all", "OK", "Poor"),
        ("moves", "overall", "OK", "Poor"),
        ("pdfplan", "group-refugees", "OK", "Poor"),
        ("pdfplan", "groups-all", "OK", "Poor"),
    }
    assert data["plans"] == 3 and data["compared"] == 3 * 4
    change = next(c for c in data["changes"] if c["plan"] == "moves")
    assert change["direction"] == "down"
    assert change["old_reason"] == "Good: 1 commitment (needs 1)"
    assert change["new_reason"].startswith("Poor: no rating rule met")
    assert change["gained"] == []
    assert [q["quote"] for q in change["lost"]] == ["We will welcome people seeking sanctuary."]
    assert change["lost"][0]["strength"] == "commitment"
    pdf_change = next(c for c in data["changes"] if c["plan"] == "pdfplan")
    assert pdf_change["lost"][0]["page"] == 1


def test_the_reverse_change_gains_evidence(plans: Path, rubrics: tuple[Path, Path]) -> None:
    old, new = rubrics
    data = json.loads(run("rubric", "diff", str(new), str(old), str(plans), "-f", "json")[1])
    assert moved(data) == {
        ("moves", "group-refugees", "Poor", "Good"),
        ("moves", "groups-all", "Poor", "OK"),
        ("moves", "overall", "Poor", "OK"),
        ("pdfplan", "group-refugees", "Poor", "OK"),
        ("pdfplan", "groups-all", "Poor", "OK"),
    }
    change = next(c for c in data["changes"] if c["plan"] == "moves")
    assert change["direction"] == "up" and change["lost"] == []
    assert [q["quote"] for q in change["gained"]] == ["We will welcome people seeking sanctuary."]


def test_a_change_of_language_cues_is_scored_with_the_new_cues(
    plans: Path, rubrics: tuple[Path, Path]
) -> None:
    old, _ = rubrics
    new = old.parent / "no-will.yaml"
    text = old.read_text()
    assert '  commitment: ["we will", ' in text
    new.write_text(text.replace('  commitment: ["we will", ', "  commitment: [", 1))
    data = json.loads(run("rubric", "diff", str(old), str(new), str(plans), "-f", "json")[1])
    assert moved(data) == {
        ("keeps", "group-refugees", "Good", "OK"),
        ("keeps", "overall", "OK", "Poor"),
        ("moves", "group-refugees", "Good", "OK"),
        ("moves", "overall", "OK", "Poor"),
    }
    change = next(c for c in data["changes"] if c["plan"] == "keeps")
    assert change["lost"][0]["strength"] == "commitment"
    assert change["gained"][0]["strength"] == "mention"


def test_text_and_markdown_and_summary(plans: Path, rubrics: tuple[Path, Path]) -> None:
    old, new = rubrics
    code, out, _ = run("rubric", "diff", str(old), str(new), str(plans))
    assert code == 0
    assert "moves  group-refugees  Good -> Poor  (down)" in out
    assert "    - moves.txt, p. 1 “We will welcome people seeking sanctuary.” (commitment)" in out
    assert out.rstrip().endswith(
        "4 criterion rating(s) and 1 overall rating(s) changed in 2 of 3 plan(s) (5 down); "
        "12 ratings compared"
    )
    code, out, _ = run("rubric", "diff", str(old), str(new), str(plans), "-f", "markdown")
    assert code == 0
    assert out.startswith("### Rubric diff\n")
    assert "| moves | group-refugees | Good | **Poor** |" in out


def test_no_change_and_fail_on_change(plans: Path, rubrics: tuple[Path, Path]) -> None:
    old, new = rubrics
    code, out, _ = run("rubric", "diff", str(old), str(old), str(plans), "--fail-on-change")
    assert code == 0
    assert "0 criterion rating(s) and 0 overall rating(s) changed in 0 of 3 plan(s)" in out
    code, _, _ = run("rubric", "diff", str(old), str(new), str(plans), "--fail-on-change")
    assert code == 1


def test_each_document_is_extracted_once(
    plans: Path, rubrics: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both rubric versions score the same prepared text: reading happens once, before."""
    from pmh_assess.authoring.diff import diff_rubrics
    from pmh_assess.plans import discover
    from pmh_assess.rubric import load_rubric
    from pmh_assess.run import prepare_plans

    calls: list[str] = []
    real = documents.extract

    def counting(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(Path(path).name)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "extract", counting)
    old, new = rubrics
    specs, _ = discover([plans])
    prepared, errors = prepare_plans(specs, workers=0)  # in this process, so calls are seen
    result = diff_rubrics(
        load_rubric(old),
        load_rubric(new),
        prepared,
        old_label="old",
        new_label="new",
        errors=errors,
    )
    assert sorted(calls) == ["keeps.txt", "moves.txt", "pdfplan.pdf"]
    assert result.changes


def test_base_ref_reads_the_old_rubric_from_git(
    tmp_path: Path, plans: Path, rubrics: tuple[Path, Path]
) -> None:
    repo = tmp_path / "repo"
    (repo / "criteria").mkdir(parents=True)
    rubric = repo / "criteria" / "mini.yaml"
    rubric.write_text(rubrics[0].read_text())

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "rubric")
    rubric.write_text(rubrics[1].read_text())  # the working copy drops the term
    code, out, _ = run(
        "rubric", "diff", "--base-ref", "HEAD", str(rubric), str(plans), "-f", "json"
    )
    assert code == 0, out
    data = json.loads(out)
    assert data["old"] == f"mini 1 (HEAD:{rubric})"
    assert ("moves", "group-refugees", "Good", "Poor") in moved(data) and len(moved(data)) == 5
    code, _, err = run("rubric", "diff", "--base-ref", "no-such-ref", str(rubric), str(plans))
    assert code == 2
    assert err.startswith(f"error: cannot read {rubric} at no-such-ref:")


def test_usage_errors(plans: Path, rubrics: tuple[Path, Path]) -> None:
    old, new = rubrics
    code, _, err = run("rubric", "diff", str(old), str(new))
    assert code == 2 and "rubric diff needs OLD NEW PLANS..." in err
    code, _, err = run("rubric", "diff", "--base-ref", "HEAD", str(old))
    assert code == 2 and "rubric diff needs RUBRIC PLANS..." in err
    broken = plans.parent / "broken.yaml"
    broken.write_text("id: x\n")
    code, _, err = run("rubric", "diff", str(old), str(broken), str(plans))
    assert code == 2 and f"error: {broken}:1:1: missing required key" in err
