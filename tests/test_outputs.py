"""One rule for every file a command writes: the suffix picks the format, a suffix the
command cannot write is refused, and no command writes over one of its inputs.

Every test runs the real command line on real files, and checks what is on disk after.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import MINI, invoke

RUBRIC_FILE = Path(__file__).resolve().parent.parent / "criteria" / "mhf-2024.yaml"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder of two text plans, their results, a reviewer's file and a human rating."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "alpha.txt").write_text("We will support refugees and asylum seekers.\n")
    (plans / "beta.md").write_text("We will invest in the prevention of poor mental health.\n")
    code, _, err = invoke(
        "score", str(plans), "-r", str(MINI), "-q", "-o", str(tmp_path / "r.json")
    )
    assert code == 0, err
    shutil.copy(tmp_path / "r.json", tmp_path / "r2.json")
    (tmp_path / "human.csv").write_text("plan,criterion,rating\nalpha,group-refugees,Good\n")
    (tmp_path / "reviews.csv").write_text(
        "plan,criterion,rating,reviewer\nalpha,group-refugees,OK,A. Reviewer\n"
    )
    shutil.copy(MINI, tmp_path / "mini.yaml")
    return tmp_path


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(*map(str, args))


# -- the suffix picks the format, in every command that writes a file ------------------------

SUFFIX_PICKS: list[tuple[str, Callable[[Path], list[str | Path]], Callable[[str], bool]]] = [
    (
        "compare.html",
        lambda w: ["compare", w / "r.json", w / "r2.json"],
        lambda text: text.startswith("<!DOCTYPE html>"),
    ),
    (
        "compare.json",
        lambda w: ["compare", w / "r.json", w / "r2.json"],
        lambda text: "plans" in json.loads(text),
    ),
    (
        "compare.md",
        lambda w: ["compare", w / "r.json", w / "r2.json"],
        lambda text: text.startswith("# "),
    ),
    (
        "check.json",
        lambda w: ["rubric", "check", w / "mini.yaml"],
        lambda text: isinstance(json.loads(text), dict),
    ),
    (
        "audit.json",
        lambda w: ["rubric", "audit", w / "mini.yaml", w / "plans", "-q"],
        lambda text: "criteria" in json.loads(text),
    ),
    (
        "diff.md",
        lambda w: ["rubric", "diff", w / "mini.yaml", w / "mini.yaml", w / "plans", "-q"],
        lambda text: text.startswith("#") or text.startswith("**") or "rating" in text,
    ),
    (
        "diff.json",
        lambda w: ["rubric", "diff", w / "mini.yaml", w / "mini.yaml", w / "plans", "-q"],
        lambda text: "changes" in json.loads(text),
    ),
    (
        "schema.json",
        lambda w: ["rubric", "schema"],
        lambda text: "properties" in json.loads(text),
    ),
    (
        "list.json",
        lambda w: ["rubric", "list", w],
        lambda text: any(e["id"] == "mini" for e in json.loads(text)),
    ),
    (
        "explain.json",
        lambda w: ["explain", w / "plans" / "alpha.txt", "-r", MINI],
        lambda text: json.loads(text)["plan"] == "alpha",
    ),
    (
        "agree.md",
        lambda w: ["agree", w / "r.json", w / "human.csv"],
        lambda text: text.startswith("# Agreement"),
    ),
]


@pytest.mark.parametrize(
    ("name", "command", "check"), SUFFIX_PICKS, ids=[name for name, _, _ in SUFFIX_PICKS]
)
def test_the_suffix_picks_the_format(
    work: Path,
    name: str,
    command: Callable[[Path], list[str | Path]],
    check: Callable[[str], bool],
) -> None:
    out = work / name
    code, _, err = run(*command(work), "-o", out)
    assert code == 0, err
    assert check(out.read_text(encoding="utf-8")), out.read_text(encoding="utf-8")[:500]


REFUSED: list[tuple[str, Callable[[Path], list[str | Path]]]] = [
    ("changes.csv", lambda w: ["compare", w / "r.json", w / "r2.json"]),
    ("changes.xlsx", lambda w: ["compare", w / "r.json", w / "r2.json"]),
    ("audit.html", lambda w: ["rubric", "audit", w / "mini.yaml", w / "plans", "-q"]),
    ("audit.png", lambda w: ["rubric", "audit", w / "mini.yaml", w / "plans", "-q"]),
    ("diff.html", lambda w: ["rubric", "diff", w / "mini.yaml", w / "mini.yaml", w / "plans"]),
    ("check.png", lambda w: ["rubric", "check", w / "mini.yaml"]),
    ("schema.yaml", lambda w: ["rubric", "schema"]),
    ("ratings", lambda w: ["score", w / "plans", "-r", MINI]),
    ("plan.pdf", lambda w: ["extract", w / "plans" / "alpha.txt"]),
    ("chart.jpg", lambda w: ["plot", w / "r.json"]),
]


@pytest.mark.parametrize(("name", "command"), REFUSED, ids=[name for name, _ in REFUSED])
def test_a_suffix_the_command_cannot_write_is_refused(
    work: Path, name: str, command: Callable[[Path], list[str | Path]]
) -> None:
    out = work / name
    code, _, err = run(*command(work), "-o", out)
    assert code == 2, err
    assert "this command does not write" in err and "name the file" in err
    assert "files without a suffix files" not in err
    assert not out.exists()


def test_a_format_that_contradicts_the_suffix_is_refused_in_compare(work: Path) -> None:
    out = work / "changes.json"
    code, _, err = run("compare", work / "r.json", work / "r2.json", "-f", "html", "-o", out)
    assert code == 2 and "--format html does not match" in err and not out.exists()
    code, _, err = run("compare", work / "r.json", work / "r2.json", "-f", "csv")
    assert code == 2 and "is not a format here; choose one of: table, json" in err
    assert "pydantic" not in err and "Traceback" not in err


def test_github_annotations_are_chosen_by_format_only(work: Path) -> None:
    out = work / "annotations.txt"
    code, _, err = run("rubric", "check", work / "mini.yaml", "-f", "github", "-o", out)
    assert code == 0, err
    code, _, err = run("rubric", "check", work / "mini.yaml", "-o", out)
    assert code == 0, err
    assert not out.read_text().startswith("::")  # .txt is the text format


# -- no command writes over one of its inputs ------------------------------------------------

ONTO_INPUTS: list[tuple[str, Callable[[Path], tuple[list[str | Path], Path]]]] = [
    ("extract", lambda w: (["extract", w / "plans/alpha.txt"], w / "plans/alpha.txt")),
    ("score-file", lambda w: (["score", w / "plans/beta.md", "-r", MINI], w / "plans/beta.md")),
    ("score-folder", lambda w: (["score", w / "plans", "-r", MINI], w / "plans/beta.md")),
    (
        "score-overrides",
        lambda w: (
            ["score", w / "plans", "-r", MINI, "--overrides", w / "reviews.csv", "-f", "csv"],
            w / "reviews.csv",
        ),
    ),
    ("coverage", lambda w: (["coverage", w / "r.json"], w / "r.json")),
    (
        "coverage-plans",
        lambda w: (["coverage", w / "plans", "-r", MINI, "-q"], w / "plans/beta.md"),
    ),
    ("agree", lambda w: (["agree", w / "r.json", w / "human.csv"], w / "human.csv")),
    ("compare", lambda w: (["compare", w / "r.json", w / "r2.json"], w / "r2.json")),
    (
        "explain",
        lambda w: (
            ["explain", w / "plans/alpha.txt", "-r", MINI, "-f", "text"],
            w / "plans/alpha.txt",
        ),
    ),
    (
        "rubric-check",
        lambda w: (["rubric", "check", w / "mini.yaml", "-f", "json"], w / "mini.yaml"),
    ),
    (
        "rubric-check-folder",
        lambda w: (["rubric", "check", w, "-f", "json"], w / "mini.yaml"),
    ),
    (
        "rubric-audit",
        lambda w: (["rubric", "audit", w / "mini.yaml", w / "plans", "-q"], w / "plans/beta.md"),
    ),
    (
        "rubric-diff",
        lambda w: (
            ["rubric", "diff", w / "mini.yaml", w / "mini.yaml", w / "plans", "-f", "json"],
            w / "mini.yaml",
        ),
    ),
    (
        "rubric-suggest",
        lambda w: (
            ["rubric", "suggest", "group-refugees", w / "plans", "-r", MINI],
            w / "plans/alpha.txt",
        ),
    ),
]


@pytest.mark.parametrize(("name", "case"), ONTO_INPUTS, ids=[name for name, _ in ONTO_INPUTS])
def test_no_command_writes_over_one_of_its_inputs(
    work: Path, name: str, case: Callable[[Path], tuple[list[str | Path], Path]]
) -> None:
    command, victim = case(work)
    before = victim.read_bytes()
    code, _, err = run(*command, "-o", victim)
    assert code == 2, err
    assert f"cannot write {victim}" in err and "inputs" in err, err
    assert "Traceback" not in err
    assert victim.read_bytes() == before


def test_another_name_for_an_input_is_still_the_input(work: Path) -> None:
    plan = work / "plans" / "alpha.txt"
    before = plan.read_bytes()
    link = work / "link.txt"
    link.symlink_to(plan)
    hard = work / "hard.txt"
    os.link(plan, hard)
    dotted = work / "plans" / ".." / "plans" / "alpha.txt"
    for other in (link, hard, dotted):
        code, _, err = run("extract", plan, "-o", other)
        assert code == 2 and "one of the inputs" in err, (other, err)
    assert plan.read_bytes() == before


def test_a_new_file_that_an_input_folder_would_read_is_refused(work: Path) -> None:
    out = work / "plans" / "report.md"
    code, _, err = run("score", work / "plans", "-r", MINI, "-q", "-o", out)
    assert code == 2 and "is an input folder" in err and not out.exists()
    # a file the folder's plans are not read from is fine: results beside the plans, a
    # hidden file (plans are found without them)
    for name in ("results.json", ".draft.md"):
        out = work / "plans" / name
        code, _, err = run("score", work / "plans", "-r", MINI, "-q", "-o", out)
        assert code == 0, err
        assert out.read_text().strip()


def test_score_update_onto_an_input_is_refused(work: Path) -> None:
    victim = work / "r.json"
    before = victim.read_bytes()
    code, _, err = run("score", work / "plans", "-r", MINI, "--check", victim, "--update", victim)
    assert code == 2  # either refusal is right; the file is untouched
    code, _, err = run("score", work / "plans" / "beta.md", "-r", MINI, "--update", work / "x.md")
    assert code == 2 and "does not write .md files" in err
    assert victim.read_bytes() == before
