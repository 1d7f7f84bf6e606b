"""`explain` and `extract`: hits in context, voided hits and why, the deciding rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.cli import app
from pmh_assess.explain import Explainer, select_plan
from pmh_assess.extract.quality import page_problems

from .conftest import MINI, build_pdf

runner = CliRunner()

PLAN = (
    "Our plan\n\n"
    "We will prioritise the prevention of mental ill health in young people.\n\n"
    "There is no prevention plan for mental health in the county yet.\n\n"
    "Prevention of heart disease is a priority.\n\n"
    "Suicide prevention\n\n"
    "Falls prevention classes support wellbeing in later life.\f"
    "Prevention of poor mental health matters to every partner.\n"
)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def explain(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["explain", *args, "--rubric", str(MINI)])
    return result.exit_code, result.stdout, result.stderr


def test_counted_and_voided_hits_and_the_deciding_rule(plan: Path) -> None:
    code, out, _ = explain(str(plan), "--criterion", "primary-prevention")
    assert code == 0
    assert "primary-prevention: Primary prevention   OK" in out
    assert "Decided by: rating rule 2 (OK): 2 hits (needs 1)." in out
    assert "1. Good: ✗ 1 commitment (needs 2), ✗ 1 page with a commitment (needs 2)" in out
    assert "2. OK: ✓ 2 hits (needs 1)   <- decided" in out
    assert "otherwise: Poor" in out
    # every counted hit with page, strength, cue, rule, term and the match marked
    assert "Counted hits (2):" in out
    assert "p. 1  commitment (cue 'We will')  rule evidence[0]:terms, term prevention" in out
    assert "We will prioritise the [prevention] of mental ill health in young people." in out
    assert "p. 2  mention  rule evidence[0]:terms, term prevention" in out
    # every voided hit and why
    assert "Voided hits (4), not counted:" in out
    assert "voided: negated by 'There is no'" in out
    assert "There is no [prevention] plan for mental health" in out
    assert "voided: no mental-health context in the same sentence" in out
    assert "voided: in a heading" in out and "Suicide [prevention]" in out
    assert "voided: excluded by 'falls prevention'" in out
    # the nearest miss, in words
    assert "Good needs 1 more commitment (has 1); 1 more page with a commitment (has 1)" in out
    assert "a commitment on 1 more page would make it Good (commitments now on p. 1)" in out
    assert "4 hits voided and not counted: excluded by 'falls prevention' (1)" in out


def test_worst_level_shows_what_was_searched(plan: Path) -> None:
    code, out, _ = explain(str(plan), "-c", "group-refugees")
    assert code == 0
    assert "Decided by: no rating rule held, so the worst level (Poor)." in out
    assert "Counted hits: none." in out
    assert "rule evidence[0]:terms (terms): refugees (refugee*, asylum seeker*), sanctuary" in out


def test_derived_criterion_shows_its_sources(plan: Path) -> None:
    code, out, _ = explain(str(plan), "-c", "groups-all")
    assert code == 0
    assert "✓ primary-prevention: OK" in out and "✗ group-refugees: Poor" in out
    assert "not yet OK or better: group-refugees" in out


def test_json_has_the_same_facts(plan: Path) -> None:
    code, out, _ = explain(str(plan), "-c", "primary-prevention", "--format", "json")
    assert code == 0
    data = json.loads(out)
    c = data["criteria"][0]
    assert c["rating"] == "OK" and [r["decided"] for r in c["rules"]] == [False, True]
    assert c["counts"]["commitments"] == 1
    first = c["hits"][0]
    assert (first["before"], first["match"], first["strength"], first["cue"]) == (
        "We will prioritise the ",
        "prevention",
        "commitment",
        "'We will'",
    )
    assert sorted(v["void"].split(" ")[0] for v in c["voided"]) == [
        "excluded",
        "in",
        "negated",
        "no",
    ]
    assert json.loads(explain(str(plan), "-c", "primary-prevention", "-f", "json")[1]) == data


def test_overview_of_all_criteria(plan: Path) -> None:
    code, out, _ = explain(str(plan))
    assert code == 0
    for cid in ("primary-prevention", "group-refugees", "groups-all"):
        assert cid in out
    assert "Explain one criterion in full with --criterion ID." in out


def test_plan_choice_and_unknown_criterion(tmp_path: Path, plan: Path) -> None:
    (tmp_path / "other.txt").write_text("We support refugees.", encoding="utf-8")
    code, _, err = explain(str(tmp_path))
    assert code == 2 and "holds 2 plans; choose one with --plan (other, plan)" in err
    assert explain(str(tmp_path), "--plan", "other", "-c", "group-refugees")[0] == 0
    code, _, err = explain(str(plan), "-c", "nope")
    assert code == 2 and "no criterion 'nope' in rubric mini" in err


def test_poor_pages_are_flagged(tmp_path: Path, mini_rubric) -> None:
    body = "We will prioritise the prevention of mental ill health in every school."
    pdf = build_pdf(
        tmp_path / "plan.pdf",
        [[(72, 700 - 14 * i, body) for i in range(4)], [(72, 700, "Figure 3")]],
    )
    explanation = Explainer(select_plan(pdf), mini_rubric).plan()
    flags = explanation.documents[0].poor_pages
    assert [(f.page, f.problems) for f in flags] == [(2, ["very little text (7 characters)"])]
    code, out, _ = explain(str(pdf))
    assert code == 0 and "poor text on p. 2: very little text (7 characters)" in out


def test_page_problems() -> None:
    good = "We will fund parenting programmes in every locality by 2025. " * 3
    assert page_problems(good) == []
    assert page_problems("") == ["no text"]
    cid = "(cid:12)(cid:40)(cid:33) " * 10 + good
    assert page_problems(cid)[0] == "30 '(cid:NN)' glyph code(s): the font has no text mapping"
    assert page_problems("§ ¶ • ± 1 2 3 4 % £ $ # " * 10) == ["only 0% of characters are letters"]
    contents = ("Prevention and population health " + ". " * 30 + "4\n") * 4
    assert page_problems(contents) == []  # dot leaders are not garbage
    run = "Wewillfundparentingprogrammesineverylocalityby2025andsupportschools " * 3
    assert page_problems(run)[0].startswith("words run together")


def three_page_pdf(tmp_path: Path) -> Path:
    return build_pdf(
        tmp_path / "three.pdf",
        [
            [(72, 700, "Contents", 16), (72, 670, "Introduction ........ 2")],
            [
                (72, 700, "Our priorities", 16),
                (72, 660, "We will fund parenting programmes in every locality."),
                (72, 646, "Schools will have mental health support teams."),
            ],
            [(72, 700, "References", 16), (72, 670, "Smith J (2020) Healthy minds. London.")],
        ],
    )


def test_extract_shows_pages_sentences_and_kinds(tmp_path: Path) -> None:
    pdf = three_page_pdf(tmp_path)
    result = runner.invoke(app, ["extract", str(pdf), "--pages", "2-3"])
    assert result.exit_code == 0
    out = result.stdout
    assert "p. 1 ===" not in out
    assert f"=== {pdf}, p. 2 ===\n[heading] Our priorities\n\n" in out
    assert "We will fund parenting programmes in every locality.\n" in out
    assert f"=== {pdf}, p. 3 ===" in out and "[references] Smith J (2020)" in out
    data = json.loads(
        runner.invoke(app, ["extract", str(pdf), "--pages", "1", "-f", "json"]).stdout
    )
    assert [p["page"] for p in data["pages"]] == [1]
    assert {s["section"] for s in data["pages"][0]["sentences"]} == {"contents"}


@pytest.mark.parametrize("spec", ["0", "3-1", "x", "9"])
def test_extract_refuses_bad_page_ranges(tmp_path: Path, spec: str) -> None:
    result = runner.invoke(app, ["extract", str(three_page_pdf(tmp_path)), "--pages", spec])
    assert result.exit_code == 2 and "--pages" in result.stderr


def test_what_was_searched_names_a_regex_rule_s_patterns(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Our plan talks about parks and bus routes.\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(path), "-c", "measurable-targets"])
    assert result.exit_code == 0, result.stderr
    assert "rule evidence[0]:regex (regex): percentage: /(?<![\\w.])\\d{1,3}" in result.stdout
