"""Small traps a new user meets: what the progress bar names, a README among the plans,
counts that leave things out without saying so, a level said twice, a legend with no
mark, a criterion whose levels mean something else than the group beside it.

Every test runs the real command line (or the library the command calls) on real files.
"""

from __future__ import annotations

import json
from pathlib import Path

from pmh_assess.cli.progress import named
from pmh_assess.plans import discover
from pmh_assess.rubric import load_rubric
from pmh_assess.run import ProgressEvent, score_plans

from .conftest import MINI, ROOT, TWO_PLANS, invoke, text_plans


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(*map(str, args))


def test_the_progress_bar_names_the_plan_not_only_its_file(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    for plan in ("north", "south"):
        (plans / plan).mkdir(parents=True)
        (plans / plan / "joint-forward-plan.txt").write_text("We will support refugees.\n")
    heard: list[ProgressEvent] = []
    specs, _ = discover([plans])
    score_plans(specs, load_rubric(MINI), workers=0, progress=heard.append)
    assert len(heard) == 2
    names = {named(event) for event in heard}
    assert names == {f"{spec.id}: joint-forward-plan.txt" for spec in specs}
    assert len(names) == 2  # the two plans told apart, not two 'joint-forward-plan.txt'


def test_a_readme_in_a_folder_of_plans_is_not_a_plan(tmp_path: Path) -> None:
    plans = text_plans(tmp_path / "plans", TWO_PLANS)
    (plans / "README.md").write_text("# Plans downloaded in May\nWe will support refugees.\n")
    code, out, err = run("score", plans, "-r", MINI, "-q", "-f", "json")
    assert code == 0, err
    assert [p["id"] for p in json.loads(out)["plans"]] == ["alpha", "beta"]
    assert "skipped: " in err and "README.md: a folder's README is not read as a plan" in err
    code, out, _ = run("score", plans / "README.md", "-r", MINI, "-q", "-f", "json")
    assert code == 0 and json.loads(out)["plans"][0]["id"] == "README"  # named: scored


def test_the_overall_level_is_said_once(tmp_path: Path) -> None:
    plans = text_plans(tmp_path / "plans", TWO_PLANS)
    _, out, _ = run("score", plans / "alpha.txt", "-r", MINI, "-q")
    line = next(line for line in out.splitlines() if line.startswith("Overall:"))
    assert line.split().count("Good") == 1, line
    _, out, _ = run("score", plans / "alpha.txt", "-r", MINI, "-q", "-f", "markdown")
    assert "**Overall: Good**: score" in out and "Good: score" not in out
    _, out, _ = run("explain", plans / "alpha.txt", "-r", MINI)
    assert out.splitlines()[0].count("Good") == 1


def test_the_summary_says_what_reviews_changed(tmp_path: Path) -> None:
    plans = text_plans(tmp_path / "plans", TWO_PLANS)
    reviews = tmp_path / "reviews.yaml"
    reviews.write_text(
        "overrides:\n  - {plan: beta, criterion: group-refugees, rating: Good, reviewer: AB}\n"
    )
    code, out, err = run("score", plans, "-r", MINI, "-q", "--overrides", reviews)
    assert code == 0, err
    assert "Reviewed*" in out  # the column the legend's mark refers to
    beta = next(line for line in out.splitlines() if "beta" in line)
    assert "was" in beta  # the machine's score beside the reviewed one
    assert "scores use them" in out


def test_suggest_says_how_many_sentences_it_chose_from(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.txt").write_text(
        "We will support refugees. Families who fled war arrive with nothing at all. "
        "Our parks are open every day of the year. Buses run to every village twice a "
        "day. People seeking sanctuary deserve a warm welcome here. The council meets "
        "in public every month of the year.\n"
    )
    code, out, err = run("rubric", "suggest", "group-refugees", plans, "-r", MINI, "--top", "2")
    assert code == 0, err
    assert out.startswith("group-refugees: the 2 closest of 4 sentences no rule matched")
    code, out, _ = run("rubric", "suggest", "group-refugees", plans, "-r", MINI, "-f", "json")
    assert json.loads(out)["unmatched"] == 4


def test_coverage_says_what_its_counts_leave_out_and_what_derived_levels_mean(
    tmp_path: Path,
) -> None:
    results = tmp_path / "r.json"
    code, _, err = run("score", ROOT / "plans", "-q", "-o", results)
    assert code == 0, err
    _, out, _ = run("coverage", results, "-f", "markdown")
    assert "All four priority groups covered (Good: 4 of 4 at OK or better, OK: 3)" in out
    data = json.loads(run("coverage", results, "-f", "json")[1])
    derived = {c["id"]: c.get("derived") for c in data["criteria"]}
    assert derived["groups-all-four"] == "Good: 4 of 4 at OK or better, OK: 3"
    assert derived["group-cyp"] is None
    fenwick_2024 = ROOT / "plans-2024" / "fenwick-vale-joint-forward-plan.pdf"
    _, out, _ = run("coverage", ROOT / "plans", fenwick_2024, "-q")
    assert "covered ratings rest only on evidence that other plans also hold" in out
    assert "criteria rated from other criteria are left out" in out


def test_rubric_help_lists_every_subcommand() -> None:
    code, out, _ = run("rubric", "--help")
    assert code == 0
    for sub in ("list", "show", "check", "audit", "diff", "suggest", "schema"):
        assert sub in out, sub
    code, out, _ = run("--help")
    assert "list, show, check, audit, diff, suggest, schema" in " ".join(out.split())


def test_a_plan_read_from_stdin_can_be_named(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pmh_assess",
            "score",
            "-",
            "-r",
            str(MINI),
            "-f",
            "json",
            "--stdin-name",
            "northway-2025",
        ],
        input=b"We will support refugees and asylum seekers.\n",
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)["plans"][0]
    assert plan["id"] == "northway-2025" and plan["documents"][0]["path"] == "northway-2025"
    code, _, err = run("score", tmp_path, "--stdin-name", "x")
    assert code == 2 and "give - as a path" in err
    code, _, err = run("score", "-", "--stdin-name", "../x")
    assert code == 2 and "--stdin-name '../x'" in err


def test_explain_answers_a_typo_with_the_nearest_id_not_every_id() -> None:
    code, _, err = run("explain", ROOT / "plans", "--plan", "fenwik-vale")
    assert code == 2 and "did you mean 'fenwick-vale'?" in err
    code, _, err = run(
        "explain", ROOT / "plans", "--plan", "fenwick-vale", "-c", "primary-prevension"
    )
    assert code == 2 and "did you mean 'primary-prevention'?" in err
    assert "trauma-informed" not in err  # not a dump of the rubric's 44 ids
