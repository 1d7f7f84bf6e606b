"""A long document in which mental health is marginal: a passing mention lifts no
criterion above Poor (the rubric's `marginal` setting), in score, explain and the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ROOT, invoke

RUBRIC = ROOT / "criteria" / "mhf-2024.yaml"
MENTION = "Refugees and people seeking asylum will be helped to register with a GP practice."
ROADS = [
    "The highways team resurfaced {n} metres of the ring road in the {w} ward this spring.",
    "Bus shelters on route {n} in {w} were repaired after the winter storms.",
    "Street lighting in {w} was replaced with {n} low-energy lamps by the contractor.",
]
WARDS = ["Ashby", "Brook", "Castle", "Dale", "Elmwood", "Fairfield", "Grange", "Heath"]


def _filler(sentences: int) -> str:
    """Plain prose on another subject, about 15 words a sentence."""
    lines = [
        ROADS[i % len(ROADS)].format(n=100 + 7 * i, w=WARDS[i % len(WARDS)])
        for i in range(sentences)
    ]
    return "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5))


def _score(folder: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = invoke("score", str(folder), "--format", "json", "--no-cache", "--quiet")
    assert code == 0, err
    return json.loads(out)["plans"][0]  # type: ignore[no-any-return]


def _rating(plan: dict, criterion: str) -> dict:  # type: ignore[type-arg]
    return next(c for c in plan["criteria"] if c["id"] == criterion)  # type: ignore[no-any-return]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "roads.txt").write_text(f"{_filler(200)}\n\n{MENTION}\n\n{_filler(200)}\n")
    return folder


def test_one_mention_in_a_long_document_on_another_subject_is_not_enough(report: Path) -> None:
    plan = _score(report)
    asylum = _rating(plan, "group-asylum-refugees")
    assert asylum["rating"] == "Poor"
    assert "marginal" in asylum["reason"] and "passing mention" in asylum["reason"]
    assert "0 sentence(s) with mental-health terms" in plan["marginal"]

    code, out, err = invoke(
        "explain", str(report), "--criterion", "group-asylum-refugees", "--no-cache"
    )
    assert code == 0, err
    assert "Poor" in out and "marginal" in out


def test_the_same_mention_counts_in_a_short_passage_or_a_plan_about_mental_health(
    tmp_path: Path,
) -> None:
    short = tmp_path / "short"
    short.mkdir()
    (short / "note.txt").write_text(f"{MENTION}\n")
    plan = _score(short)
    assert _rating(plan, "group-asylum-refugees")["rating"] == "OK"
    assert "marginal" not in plan

    plan_folder = tmp_path / "plan"
    plan_folder.mkdir()
    about = "\n\n".join(
        f"Partners in {w} will offer mental health support in every school." for w in WARDS * 5
    )
    (plan_folder / "plan.txt").write_text(f"{_filler(400)}\n\n{about}\n\n{MENTION}\n")
    plan = _score(plan_folder)
    assert _rating(plan, "group-asylum-refugees")["rating"] == "OK"
    assert "marginal" not in plan


def test_a_marginal_setting_names_a_declared_context(tmp_path: Path) -> None:
    text = RUBRIC.read_text(encoding="utf-8").replace(
        "  context: mental-health\n  min_words", "  context: not-declared\n  min_words", 1
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    code, out, err = invoke("rubric", "check", str(bad))
    line = text.splitlines().index("  context: not-declared") + 1
    assert code == 1
    assert f"bad.yaml:{line}:" in out + err and "'not-declared' is not declared" in out + err


def test_marginal_counts_come_with_the_evidence_not_from_a_pass_in_the_main_process(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers find a document's evidence; its marginal counts come with it (and are kept
    in the cache beside it), so rating the plan scans no text in the main process."""
    from pmh_assess.engine.automaton import TermMatcher
    from pmh_assess.plans import discover
    from pmh_assess.rubric import load_rubric
    from pmh_assess.run import ReadOptions, score_plans
    from pmh_assess.run.cache import TextCache

    (report / "plan.txt").write_text(
        "We will invest in mental health support for refugees in every school by 2026.\n"
    )
    rubric = load_rubric(RUBRIC)
    specs, _ = discover([report])
    reference = score_plans(specs, rubric, workers=0).to_json()  # worked out in one process
    assert '"marginal": "the subject is marginal here: 0 sentence(s)' in reference

    scans: list[int] = []
    real = TermMatcher.scan

    def scan(self: TermMatcher, text: str):  # type: ignore[no-untyped-def]
        scans.append(len(text))
        return real(self, text)

    monkeypatch.setattr(TermMatcher, "scan", scan)
    cache = TextCache(tmp_path / "cache")
    cold = score_plans(specs, rubric, workers=1, cache=cache, read=ReadOptions())
    assert cold.to_json() == reference
    assert scans == []
    for kept in (cache.folder / "plans").rglob("*"):
        if kept.is_file():
            kept.unlink()  # the plan is rated again, from the kept text and evidence
    again = score_plans(specs, rubric, workers=1, cache=cache, read=ReadOptions())
    assert again.to_json() == reference
    assert scans == []
