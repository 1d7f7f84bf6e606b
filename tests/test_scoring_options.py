"""Every command that reads and scores plans takes the same options, declared once, and
they do the same in each: a limit refuses the same document, --no-cache keeps nothing,
--discount-shared moves the same ratings.

Each test runs the real command line on real files.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import MINI, ROOT, build_pdf, invoke

READING = [
    "--password",
    "--engine",
    "--workers",
    "--no-cache",
    "--timeout",
    "--max-pages",
    "--max-mb",
    "--max-memory",
    "--allow-outside",
    "--quiet",
]
DOCUMENT = [o for o in READING if o not in ("--allow-outside", "--quiet")]
COMMANDS = {
    ("score",): [*READING, "--evidence", "--discount-shared"],
    ("coverage",): [*READING, "--evidence", "--discount-shared"],
    ("plot",): [*READING, "--evidence", "--discount-shared"],
    ("compare",): [*READING, "--discount-shared"],
    ("explain",): [*READING, "--discount-shared"],
    ("review",): READING,
    ("extract",): DOCUMENT,
    ("rubric", "audit"): READING,
    ("rubric", "diff"): READING,
    ("rubric", "suggest"): READING,
}


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(*map(str, args))


def click_command(names: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from pmh_assess.cli import load

    command = load(names[0])
    for name in names[1:]:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("command", list(COMMANDS), ids=[" ".join(c) for c in COMMANDS])
def test_every_command_that_reads_plans_takes_the_same_options(command: tuple[str, ...]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Reading and scoring plans" in out
    for option in COMMANDS[command]:
        assert option in out, (command, option)
    # one declaration: the same help, default and panel in every command
    params = {p.opts[0]: p for p in click_command(command).params if p.opts}
    reference = {p.opts[0]: p for p in click_command(("score",)).params if p.opts}
    for option in COMMANDS[command]:
        mine, theirs = params[option], reference[option]
        assert (mine.help, mine.default, mine.rich_help_panel) == (
            theirs.help,
            theirs.default,
            theirs.rich_help_panel,
        ), (command, option)


@pytest.fixture
def two_pages(tmp_path: Path) -> Path:
    """A plan of two pages, and a plan of one line."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "short.txt").write_text("We will support refugees.\n")
    build_pdf(
        folder / "long.pdf",
        [
            [(72, 700, "We will support refugees and asylum seekers.")],
            [(72, 700, "We will invest in the prevention of poor mental health.")],
        ],
    )
    return folder


LIMITED = "the PDF has 2 pages, more than the limit of 1"


@pytest.mark.parametrize(
    "command",
    [
        ["score", "{plans}"],
        ["coverage", "{plans}"],
        ["compare", "{plans}/long.pdf", "{plans}/long.pdf"],
        ["rubric", "audit", str(MINI), "{plans}"],
        ["rubric", "diff", str(MINI), str(MINI), "{plans}"],
    ],
    ids=["score", "coverage", "compare", "audit", "diff"],
)
def test_a_limit_refuses_the_same_document_in_every_command(
    two_pages: Path, command: list[str]
) -> None:
    args = [a.format(plans=two_pages) for a in command]
    rubric = ["-r", str(MINI)] if command[0] != "rubric" else []
    code, out, err = run(*args, *rubric, "--max-pages", "1", "-q")
    assert code == 1, err
    said = out + err  # the rubric tools also list them in their report
    assert LIMITED in said and "raise it with --max-pages" in said


def test_explain_and_extract_refuse_it_too(two_pages: Path) -> None:
    for command in (["explain", "-r", str(MINI)], ["extract"]):
        code, _, err = run(command[0], two_pages / "long.pdf", *command[1:], "--max-pages", "1")
        assert code == 2 and LIMITED in err, (command, err)


def test_no_cache_keeps_nothing_in_every_command(two_pages: Path, cache_dir: Path) -> None:
    pdf = two_pages / "long.pdf"
    for command in (
        ["coverage", two_pages, "-r", MINI],
        ["compare", pdf, pdf, "-r", MINI],
        ["explain", pdf, "-r", MINI],
        ["extract", pdf],
        ["rubric", "audit", MINI, two_pages],
    ):
        code, _, err = run(*command, "--no-cache")
        assert code == 0, (command, err)
        assert not any(p.is_file() for p in cache_dir.rglob("*")), command
    assert run("score", two_pages, "-r", MINI, "-q")[0] == 0
    assert any(p.is_file() for p in cache_dir.rglob("*"))  # the test can fail


def test_discount_shared_moves_the_same_ratings_in_score_and_coverage(tmp_path: Path) -> None:
    paths = [ROOT / "plans", ROOT / "plans-2024" / "fenwick-vale-joint-forward-plan.pdf"]

    def ratings(command: str, *extra: str) -> dict[tuple[str, str], str]:
        code, out, err = run(command, *paths, "-q", "-f", "csv", *extra)
        assert code == 0, err
        return {(r["plan"], r["criterion"]): r["rating"] for r in csv.DictReader(io.StringIO(out))}

    before = ratings("score")
    scored = ratings("score", "--discount-shared", "1")
    covered = ratings("coverage", "--discount-shared", "1")
    moved = {k for k in before if k[1] != "overall" and before[k] != scored[k]}
    assert moved and {k: scored[k] for k in moved} == {k: covered[k] for k in moved}
    code, out, _ = run(
        "explain", *paths, "--plan", "fenwick-vale", "--discount-shared", "1", "-q", "-f", "json"
    )
    assert code == 0
    shown = {
        c["id"]: c["discounted"]["rating"]
        for c in json.loads(out)["criteria"]
        if c["discounted"] is not None
    }
    for plan, criterion in moved:
        if plan == "fenwick-vale":
            assert shown[criterion] == scored[(plan, criterion)]
