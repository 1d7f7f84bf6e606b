"""The Red/Amber/Green rubric for integrated NHS/VCS services, end to end through the CLI.

The two sample service plans in `service-plans/` are scored with the bundled rubric
`integrated-services-rag` through the CLI and compared with
`tests/golden/service-plans-rag.json`; the CSV and table views render those same results. When a
rubric change moves ratings on purpose, rewrite the golden file with
`UPDATE_GOLDEN=1 python -m pytest tests/test_rag_rubric.py` and record the change under
"Rubric changes" in CHANGELOG.md.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
from functools import cache

import pytest
from rich.console import Console
from typer.testing import CliRunner

from pmh_assess.cli import app
from pmh_assess.plans import discover
from pmh_assess.report import render
from pmh_assess.report.table import renderables
from pmh_assess.results import Results
from pmh_assess.rubric import load_rubric, resolve_rubric

from .conftest import ROOT

RUBRIC_ID = "integrated-services-rag"
SERVICE_PLANS = ROOT / "service-plans"
GOLDEN = ROOT / "tests" / "golden" / "service-plans-rag.json"
RAG = ["Green", "Amber", "Red"]
COLOURS = {"Green": "#1a9850", "Amber": "#fdae61", "Red": "#d73027"}

runner = CliRunner()


def score(fmt: str) -> str:
    result = runner.invoke(
        app, ["score", str(SERVICE_PLANS), "--rubric", RUBRIC_ID, "--format", fmt, "-q"]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


@cache
def scored_json() -> str:
    return score("json")


def ratings(results: dict) -> dict:
    """The golden shape: plan -> overall rating and criterion -> rating."""
    return {
        "rubric": results["rubric"]["id"],
        "plans": {
            plan["id"]: {
                "overall": plan["overall"]["rating"],
                "criteria": {c["id"]: c["rating"] for c in plan["criteria"]},
            }
            for plan in results["plans"]
        },
    }


def test_both_service_plans_match_the_golden_ratings() -> None:
    got = ratings(json.loads(scored_json()))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {GOLDEN.name}")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == expected


def test_the_golden_file_holds_every_criterion_and_a_mature_and_an_early_plan() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    ids = [c.id for c in load_rubric(resolve_rubric(RUBRIC_ID)).criteria]
    assert len(ids) == 20
    plans = golden["plans"]
    for plan in plans.values():
        assert list(plan["criteria"]) == ids
        assert set(plan["criteria"].values()) <= set(RAG)
    mature = list(plans["carrowby-integrated-cmh"]["criteria"].values())
    early = list(plans["saltmere-oldbury-hub"]["criteria"].values())
    assert mature.count("Green") > len(ids) * 3 / 4
    assert early.count("Green") == 0 and early.count("Red") >= 5
    assert plans["carrowby-integrated-cmh"]["overall"] == "Green"
    assert plans["saltmere-oldbury-hub"]["overall"] == "Red"


def test_the_manifest_states_the_rating_each_plan_was_written_to_earn() -> None:
    results = json.loads(scored_json())
    for plan in results["plans"]:
        assert plan["metadata"]["expected_overall"] == plan["overall"]["rating"], plan["id"]


def test_json_declares_rag_levels_and_colours() -> None:
    results = json.loads(scored_json())
    assert results["rubric"]["id"] == RUBRIC_ID
    assert results["rubric"]["levels"] == RAG
    assert results["rubric"]["colours"] == COLOURS
    for plan in results["plans"]:
        assert plan["overall"]["rating"] in RAG
        for c in plan["criteria"]:
            assert c["rating"] in RAG and c["machine_rating"] == c["rating"]
            assert c["reason"].startswith(f"{c['rating']}:")
            if c["rating"] != "Green":
                assert c["missing"].startswith(("Green needs", "Amber needs"))


def test_reasons_speak_in_rag_levels() -> None:
    plans = {p["id"]: p for p in json.loads(scored_json())["plans"]}
    early = plans["saltmere-oldbury-hub"]
    agreement = next(c for c in early["criteria"] if c["id"] == "partnership-agreement")
    assert agreement["rating"] == "Red" and agreement["hits"] == 0
    assert agreement["voided"] == 2  # "There is no ..." and "... has not been drafted"
    assert early["overall"]["reason"].startswith("Red: score")


def test_markdown_shows_green_amber_red() -> None:
    out = score("markdown")
    assert "| Plan | Overall | Score | Green | Amber | Red |" in out
    rows = re.findall(r"^\| [^|]+ \| (Green|Amber|Red) \| \d+ \|", out, re.M)
    assert set(rows) == set(RAG) and len(rows) == 40
    assert "**Overall: Green**" in out and "**Overall: Red**" in out


def scored_results() -> Results:
    return Results.model_validate_json(scored_json())


def test_csv_shows_green_amber_red() -> None:
    rows = list(csv.DictReader(io.StringIO(render(scored_results(), "csv"))))
    assert len(rows) == 2 * 21  # twenty criteria and the overall row, per plan
    assert {r["rating"] for r in rows} == set(RAG)
    overall = {r["plan"]: r["rating"] for r in rows if r["criterion"] == "overall"}
    assert overall == {"carrowby-integrated-cmh": "Green", "saltmere-oldbury-hub": "Red"}


def test_table_shows_rag_levels_in_rag_colours() -> None:
    text = render(scored_results(), "table")
    assert re.search(r"Overall\s+.*Score\s+.*Green\s+.*Amber\s+.*Red", text)
    console = Console(width=160, force_terminal=True, color_system="truecolor", file=io.StringIO())
    with console.capture() as capture:
        for part in renderables(scored_results(), detail=True):
            console.print(part)
    painted = capture.get()
    for level, colour in COLOURS.items():
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert f"48;2;{r};{g};{b}m" in painted, f"{level} is not painted {colour}"


def test_bundled_rubric_is_found_by_id() -> None:
    found = resolve_rubric(RUBRIC_ID)  # the installed copy, or the source tree's when editable
    source = ROOT / "criteria" / f"{RUBRIC_ID}.yaml"
    assert found.name == source.name and found.read_bytes() == source.read_bytes()
    result = runner.invoke(app, ["score", str(SERVICE_PLANS), "--rubric", "no-such-rubric"])
    assert result.exit_code == 2
    assert RUBRIC_ID in result.stderr


def test_service_plans_live_apart_from_the_ics_plans() -> None:
    ics, errors = discover([ROOT / "plans"])
    services, more = discover([SERVICE_PLANS])
    assert not errors and not more
    assert [p.id for p in services] == ["carrowby-integrated-cmh", "saltmere-oldbury-hub"]
    assert not {p.id for p in services} & {p.id for p in ics}
    assert all(d.is_relative_to(ROOT / "plans") for p in ics for d in p.documents)


LEVEL_WORDS = re.compile(r"\b(?:Good|OK|Poor|Green|Amber|Red)\b")


def _string_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants in code, leaving out docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_code_is_tied_to_one_rubric_s_level_names() -> None:
    """Levels come from the rubric: code never names Good/OK/Poor (or Green/Amber/Red)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for line, text in _string_literals(ast.parse(path.read_text(encoding="utf-8")))
        if LEVEL_WORDS.search(text)
    ]
    assert not found, "level names hard-coded in code:\n" + "\n".join(found)
