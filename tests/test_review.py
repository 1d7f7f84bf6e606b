"""`pmh-assess review` driven through its prompts, and killed mid-way without loss."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.cli import app
from pmh_assess.review.overrides import load_overrides
from pmh_assess.review.walk import QUIT, SKIP, parse_answer, shortcuts

from .conftest import INTERRUPTIBLE, MINI, ROOT, TWO_PLANS, text_plans

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two plans x two rated criteria (the derived one is never asked): four items."""
    return text_plans(tmp_path / "plans", TWO_PLANS)


def review(folder: Path, reviews: Path, answers: str, *extra: str):
    args = ["review", str(folder), "--rubric", str(MINI), "--overrides", str(reviews), *extra]
    return runner.invoke(app, args, input=answers)


def saved(reviews: Path) -> dict[tuple[str, str], tuple[str, str]]:
    return {e.key: (e.rating, e.note) for e in load_overrides(reviews).entries}


def test_answers_skip_quit_and_resume(folder: Path, tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.yaml"
    # alpha/prevention: Good with a note; alpha/refugees: skip;
    # beta/prevention: a wrong answer, then Poor with no note; beta/refugees: quit.
    first = review(
        folder, reviews, "g\nclear commitments\ns\nexcellent\np\n\nq\n", "--reviewer", "AB"
    )
    assert first.exit_code == 0, first.output
    out = first.stdout
    assert "4 criteria to review" in out
    assert "1/4  alpha (alpha)" in out and "primary-prevention: Primary prevention" in out
    assert "Counted hits (2):" in out  # the evidence is shown before the question
    assert "'excellent' is not one of: 1/g=Good, 2/o=OK, 3/p=Poor, s=skip, q=quit" in (first.stderr)
    assert "2 answer(s) saved" in out and "1 skipped, 2 still to review" in out
    assert saved(reviews) == {
        ("alpha", "primary-prevention"): ("Good", "clear commitments"),
        ("beta", "primary-prevention"): ("Poor", ""),
    }
    entry = load_overrides(reviews).get("alpha", "primary-prevention")
    assert entry is not None and entry.reviewer == "AB"
    assert entry.date is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.date)

    # A re-run asks only what is left, the skipped one first; Enter keeps the machine's.
    second = review(folder, reviews, "\n\n2\nnamed on page 1\n", "--reviewer", "AB")
    assert second.exit_code == 0, second.output
    assert "2 criteria to review" in second.stdout
    assert "1/2  alpha (alpha)" in second.stdout and "2/2  beta (beta)" in second.stdout
    assert saved(reviews) == {
        ("alpha", "primary-prevention"): ("Good", "clear commitments"),
        ("beta", "primary-prevention"): ("Poor", ""),
        ("alpha", "group-refugees"): ("Good", ""),  # the machine's rating, confirmed
        ("beta", "group-refugees"): ("OK", "named on page 1"),
    }
    third = review(folder, reviews, "", "--reviewer", "AB")
    assert third.exit_code == 0 and "Nothing left to review" in third.stdout


def test_end_of_input_stops_cleanly_and_keeps_answers(folder: Path, tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.csv"
    result = review(folder, reviews, "AB\np\n")  # reviewer asked first; input then ends
    assert result.exit_code == 0, result.output
    assert "1 answer(s) saved" in result.stdout
    entries = load_overrides(reviews).entries
    assert [(e.plan, e.criterion, e.rating, e.reviewer) for e in entries] == [
        ("alpha", "primary-prevention", "Poor", "AB")
    ]
    assert reviews.read_text(encoding="utf-8").startswith("plan,criterion,rating,reviewer")


def test_only_some_criteria_and_plans(folder: Path, tmp_path: Path) -> None:
    reviews = tmp_path / "r.yaml"
    result = review(
        folder, reviews, "o\n\n", "--reviewer", "AB", "-c", "group-refugees", "-p", "beta"
    )
    assert result.exit_code == 0
    assert saved(reviews) == {("beta", "group-refugees"): ("OK", "")}
    bad = review(folder, reviews, "", "--reviewer", "AB", "-c", "nope")
    assert bad.exit_code == 2 and "no criterion 'nope'" in bad.stderr


def test_answer_parsing() -> None:
    levels = ["Good", "OK", "Poor"]
    assert [parse_answer(a, levels, "OK") for a in ("g", "Good", "1", " p ", "", "s", "Q")] == [
        "Good",
        "Good",
        "Good",
        "Poor",
        "OK",
        SKIP,
        QUIT,
    ]
    with pytest.raises(ValueError):
        parse_answer("4", levels, "OK")
    # no letter shortcut when two levels share it, or when it would mean skip or quit
    keys = shortcuts(["Strong", "Some", "Quiet", "None"])
    assert "s" not in keys and "q" not in keys and keys["n"] == "None" and keys["2"] == "Some"


def _wait_for(path: Path, count: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists() and len(load_overrides(path).entries) == count:
            return
        assert proc.poll() is None, "review ended before it was killed"
        time.sleep(0.05)
    raise AssertionError(f"{path} never reached {count} entries")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_mid_way_loses_nothing(folder: Path, tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.yaml"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pmh_assess",
            "review",
            str(folder),
            "--rubric",
            str(MINI),
            "--overrides",
            str(reviews),
            "--reviewer",
            "AB",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdin is not None
    try:
        for count, answer in enumerate([b"o\nfirst\n", b"p\nsecond\n"], start=1):
            proc.stdin.write(answer)
            proc.stdin.flush()
            _wait_for(reviews, count, proc)
        proc.send_signal(signal.SIGKILL)  # waiting at the third question
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert saved(reviews) == {
        ("alpha", "primary-prevention"): ("OK", "first"),
        ("alpha", "group-refugees"): ("Poor", "second"),
    }
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    resumed = review(folder, reviews, "g\n\ng\n\n", "--reviewer", "AB")
    assert resumed.exit_code == 0
    assert "1/2  beta (beta)" in resumed.stdout
    assert len(saved(reviews)) == 4


def test_an_unknown_plan_is_an_error_with_a_suggestion(folder: Path, tmp_path: Path) -> None:
    result = review(folder, tmp_path / "reviews.yaml", "", "--reviewer", "AB", "-p", "alpah")
    assert result.exit_code == 2
    assert "no plan 'alpah'" in result.stderr and "did you mean 'alpha'?" in result.stderr


def test_a_resumed_review_keeps_the_reviewer_and_empty_notes_are_not_written(
    folder: Path, tmp_path: Path
) -> None:
    reviews = tmp_path / "reviews.yaml"
    first = review(folder, reviews, "g\n\nq\n", "--reviewer", "A. Reviewer")
    assert first.exit_code == 0, first.output
    assert "note:" not in reviews.read_text(encoding="utf-8")
    second = review(folder, reviews, "p\nthin evidence\nq\n")  # no name given, none asked
    assert second.exit_code == 0, second.output
    assert "Reviewer: A. Reviewer (as last time" in second.stdout
    assert "Reviewer:" not in second.stdout.replace("Reviewer: A. Reviewer (as last", "")
    entries = load_overrides(reviews).entries
    assert [(e.rating, e.reviewer, e.note) for e in entries] == [
        ("Good", "A. Reviewer", ""),
        ("Poor", "A. Reviewer", "thin evidence"),
    ]


def interrupted(folder: Path, tmp_path: Path, typed: bytes, prompt: bytes) -> tuple[int, bytes]:
    """Run `review` in a process, type `typed`, and press Ctrl-C (SIGINT) at the second
    `prompt`; its exit code and stderr."""
    import select

    reviews = tmp_path / "reviews.yaml"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    args = ["review", str(folder), "--rubric", str(MINI), "--overrides", str(reviews)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pmh_assess", *args, "--reviewer", "AB"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        **INTERRUPTIBLE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(typed)
        proc.stdin.flush()
        seen = b""
        deadline = time.monotonic() + 60
        while seen.count(prompt) < 2:
            assert time.monotonic() < deadline, seen.decode(errors="replace")
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                assert chunk, "review ended before the second prompt"
                seen += chunk
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_ctrl_c_at_the_note_cancels_that_answer_and_exits_130(folder: Path, tmp_path: Path) -> None:
    # one whole answer, then a rating without a note
    code, err = interrupted(folder, tmp_path, b"o\nfirst\np\n", b"Note (optional)")
    assert code == 130
    assert b"was not saved" in err and b"Traceback" not in err
    assert saved(tmp_path / "reviews.yaml") == {("alpha", "primary-prevention"): ("OK", "first")}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_ctrl_c_at_a_rating_stops_with_the_answers_kept_and_exits_130(
    folder: Path, tmp_path: Path
) -> None:
    """Ctrl-C is not end of input: the review stops with 130, saying what is kept."""
    code, err = interrupted(folder, tmp_path, b"o\nfirst\n", b"Rating (")
    assert code == 130
    assert b"Stopped: 1 answer(s) are in" in err and b"Traceback" not in err
    assert saved(tmp_path / "reviews.yaml") == {("alpha", "primary-prevention"): ("OK", "first")}


def test_no_lock_file_is_left_and_waiting_writers_keep_every_answer(tmp_path: Path) -> None:
    import threading

    from pmh_assess.review.overrides import Override
    from pmh_assess.review.walk import save_answer

    path = tmp_path / "reviews.yaml"

    def write(plan: str) -> None:
        for i in range(15):
            save_answer(path, Override(plan=plan, criterion=f"c{i}", rating="OK", reviewer=plan))

    threads = [threading.Thread(target=write, args=(f"p{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(load_overrides(path).entries) == 60  # none lost to a removed lock file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.yaml"]


def test_blind_review_hides_the_machine_until_answered(folder: Path, tmp_path: Path) -> None:
    reviews = tmp_path / "coder-a.yaml"
    # alpha/prevention: Enter is no answer when blind, then OK; then quit
    out = review(folder, reviews, "\no\nread it all\nq\n", "--reviewer", "A", "--blind")
    assert out.exit_code == 0, out.output
    first = out.stdout.split("saved:")[0].split("Rating (")[0]
    assert "Blind: the machine's rating" in first
    assert "primary-prevention: Primary prevention" in first
    for given_away in ("Decided by", "Rating rules", "Good", "What was missing", "Enter keeps"):
        assert given_away not in first, given_away
    assert "Matched sentences (2):" in first and "Searched for:" in first
    assert "give a level" in out.stderr
    assert "saved: primary-prevention = OK (the machine's: Good)" in out.stdout
    entry = load_overrides(reviews).get("alpha", "primary-prevention")
    assert entry is not None and (entry.rating, entry.blind) == ("OK", True)
    seen = review(folder, tmp_path / "coder-b.yaml", "g\n\nq\n", "--reviewer", "B")
    assert seen.exit_code == 0, seen.output
    entry = load_overrides(tmp_path / "coder-b.yaml").get("alpha", "primary-prevention")
    assert entry is not None and entry.blind is False  # the machine's rating was in view
