"""`compare OLD NEW`: ratings before and after, and evidence kept, changed, added, removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmh_assess.compare.align import align, word_diff

from .conftest import MINI, ROOT
from .conftest import invoke as run

OLD_FENWICK = ROOT / "plans" / "fenwick-vale-joint-forward-plan.pdf"
NEW_FENWICK = ROOT / "plans-2024" / "fenwick-vale-joint-forward-plan.pdf"
OLD_TEXT = """We will support refugees and asylum seekers in every town.
We will prioritise the prevention of mental ill health in schools.
We will deliver prevention programmes for mental wellbeing at work.
"""
NEW_TEXT = """We will support refugees and asylum seekers in every town and village.
Some refugees find the services hard to reach.
"""


def test_align_keeps_equal_sentences_and_pairs_rewordings() -> None:
    old = ["We will open family hubs.", "Mental health services are under pressure nationally."]
    new = [
        "Mental health services are under pressure across England.",
        "we will open  family hubs.",
        "Rough sleepers get a new outreach team.",
    ]
    pairs = {(p.kind, p.old, p.new) for p in align(old, new)}
    assert pairs == {("kept", 0, 1), ("changed", 1, 0), ("added", None, 2)}
    assert align(["A sentence about parks."], ["Budgets rose by four percent."])[0].kind in (
        "removed",
        "added",
    )


def test_word_diff_marks_only_the_words_that_changed() -> None:
    ops = word_diff("We will continue to deliver the plan.", "We will keep delivering the plan.")
    assert [(o.op, o.text) for o in ops] == [
        ("=", "We will"),
        ("-", "continue to deliver"),
        ("+", "keep delivering"),
        ("=", "the plan."),
    ]


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "v1" / "plan.txt", tmp_path / "v2" / "plan.txt"
    for path, text in ((old, OLD_TEXT), (new, NEW_TEXT)):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    return old, new


def test_a_dropped_prevention_plan_falls_and_fails_the_ci_option(
    versions: tuple[Path, Path],
) -> None:
    old, new = versions
    code, out, _ = run("compare", str(old), str(new), "-r", str(MINI), "-q", "-f", "json")
    assert code == 0
    data = json.loads(out)
    (plan,) = data["plans"]
    prevention = next(c for c in plan["criteria"] if c["id"] == "primary-prevention")
    # two commitments on one page, then nothing: the mini rubric's OK needs a hit
    assert (prevention["old"], prevention["new"], prevention["direction"]) == ("OK", "Poor", "down")
    assert prevention["counts"] == {"kept": 0, "changed": 0, "added": 0, "removed": 2}
    refugees = next(c for c in plan["criteria"] if c["id"] == "group-refugees")
    changes = {e["change"] for e in refugees["evidence"]}
    assert changes == {"changed", "added"}
    changed = next(e for e in refugees["evidence"] if e["change"] == "changed")
    assert {"op": "+", "text": "and village", "space": True} in changed["diff"]
    assert data["fell"] is True
    assert data["summary"].startswith(
        "0 criteria improved, 2 fell: down primary-prevention, groups-all;"
    )
    code, out, _ = run("compare", str(old), str(new), "-r", str(MINI), "-q", "--fail-on-drop")
    assert code == 1
    assert out.splitlines()[0] == data["summary"]
    code, _, _ = run("compare", str(new), str(old), "-r", str(MINI), "-q", "--fail-on-drop")
    assert code == 0  # the other way round nothing fell


def test_results_files_compare_like_plans(tmp_path: Path, versions: tuple[Path, Path]) -> None:
    old, new = versions
    for name, path in (("old", old), ("new", new)):
        code, _, _ = run(
            "score", str(path), "-r", str(MINI), "-q", "-f", "json", "-o", str(tmp_path / name)
        )
        assert code == 0
        (tmp_path / name).rename(tmp_path / f"{name}.json")
    code, out, _ = run("compare", str(tmp_path / "old.json"), str(tmp_path / "new.json"))
    assert code == 0
    direct = run("compare", str(old), str(new), "-r", str(MINI), "-q")[1]
    assert out.splitlines()[0] == direct.splitlines()[0]


def test_the_refreshed_sample_plan(tmp_path: Path) -> None:
    """The 2024 refresh of a sample plan adds commitments, rewords and drops sentences."""
    code, out, _ = run("compare", str(OLD_FENWICK), str(NEW_FENWICK), "-q", "-f", "json")
    assert code == 0
    data = json.loads(out)
    (plan,) = data["plans"]
    evidence = [(c, e) for c in plan["criteria"] for e in c["evidence"]]

    def quotes(kind: str, side: str) -> set[str]:
        return {e[side]["quote"] for _, e in evidence if e["change"] == kind}

    new_text = (ROOT / "samples" / "sources" / "fenwick-vale-jfp-2024.md").read_text()
    old_text = (ROOT / "samples" / "sources" / "fenwick-vale-jfp.md").read_text()
    added = quotes("added", "new")
    assert any("Race Equality Framework" in q for q in added)
    assert all(q not in old_text for q in added if "\n" not in q and len(q) > 60)
    removed = quotes("removed", "old")
    assert any("rely on the Joint Strategic Needs Assessment" in q for q in removed)
    pressure = [
        e for _, e in evidence if e["change"] == "changed" and "pressure" in e["new"]["quote"]
    ]
    assert pressure, "the reworded sentence on pressure on services is a change"
    ops = [(op["op"], op["text"]) for op in pressure[0]["diff"]]
    assert ("-", "nationally") in ops and ("+", "across England") in ops
    assert "across England" in new_text and "pressure, as they are nationally" in old_text
    # the summary counts what the criteria say
    up = sum(1 for c in plan["criteria"] if c["direction"] == "up")
    down = sum(1 for c in plan["criteria"] if c["direction"] == "down")
    assert data["summary"].startswith(f"{up} criteria improved, {down} fell")
    assert data["fell"] == (down > 0 or plan["overall"]["direction"] == "down")
    for fmt, marker in (("markdown", "~~nationally~~"), ("html", "<del>nationally</del>")):
        code, out, _ = run("compare", str(OLD_FENWICK), str(NEW_FENWICK), "-q", "-f", fmt)
        assert code == 0 and marker in out and data["summary"].split(":")[0] in out


def test_usage_errors_exit_2(tmp_path: Path, versions: tuple[Path, Path]) -> None:
    old, new = versions
    code, _, err = run("compare", str(old), str(tmp_path / "missing.pdf"), "-r", str(MINI))
    assert code == 2 and "missing.pdf" in err and "Traceback" not in err
    code, _, err = run("compare", str(old), str(new), "-r", str(MINI), "-q", "--plan", "nope")
    assert code == 2 and "no plan 'nope'" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    code, _, err = run("compare", str(bad), str(new), "-r", str(MINI))
    assert code == 2 and "not a pmh-assess results file" in err


def test_markup_in_a_plan_is_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    old, new = tmp_path / "a" / "plan.txt", tmp_path / "b" / "plan.txt"
    for path, tail in ((old, "in every town."), (new, "in every town and village.")):
        path.parent.mkdir()
        path.write_text(
            f"We will support <script>x()</script> refugees and asylum seekers {tail}\n"
        )
    for fmt in ("html", "markdown"):
        code, out, _ = run("compare", str(old), str(new), "-r", str(MINI), "-q", "-f", fmt)
        assert code == 0
        assert "<script>" not in out and "&lt;script&gt;" in out


def test_plans_in_one_version_only_are_named(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "alder.txt").write_text(OLD_TEXT)
    (old / "birch.txt").write_text(OLD_TEXT)
    (new / "alder.txt").write_text(NEW_TEXT)
    (new / "cedar.txt").write_text(NEW_TEXT)
    code, out, _ = run("compare", str(old), str(new), "-r", str(MINI), "-q", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert [p["id"] for p in data["plans"]] == ["alder"]
    assert data["notes"] == [
        "only in the old version, not compared: birch",
        "only in the new version, not compared: cedar",
    ]
