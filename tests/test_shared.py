"""Shared text: evidence sentences other plans of a run hold, verbatim or nearly."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zlib
from pathlib import Path

import pytest

from pmh_assess.run.cache import TextCache
from pmh_assess.run.shared import SHARED, near_duplicates, normalise

from .conftest import MINI, ROOT
from .conftest import invoke as run

WESTMARSH = ROOT / "plans" / "westmarsh-jfp-summary.md"
TEMPLATE = "We will prioritise the prevention of mental ill health in all 14 schools by 2026."


def test_normalising_ignores_case_punctuation_and_figures() -> None:
    assert normalise("We will cut waits by 10% by 2026!") == normalise(
        "we will cut waits by 25%, by 2028"
    )
    assert normalise("Mental-health  support") == "mental health support"


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    """Three plans for the test rubric: two copy a template sentence (one with its own
    figures and a changed word), the third is written locally."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "alder.txt").write_text(
        f"{TEMPLATE}\nWe will support refugees and asylum seekers in Alderbury.\n"
    )
    (folder / "birch.txt").write_text(
        "We will prioritise the prevention of mental ill health in all 9 schools by 2027.\n"
    )
    (folder / "cedar.txt").write_text(
        "We will prioritize the prevention of mental ill health in all our schools by 2026.\n"
        "Refugees arriving in Cedarford will get a named mental health link worker.\n"
    )
    (folder / "dale.txt").write_text(
        "Our suicide prevention work with farmers is a mental health priority.\n"
    )
    return folder


def score_json(*args: str) -> dict:
    code, out, err = run("score", *args, "-q", "-f", "json")
    assert code == 0, err
    return json.loads(out)


def evidence_of(data: dict) -> dict[str, list[dict]]:
    return {
        p["id"]: [e for c in p["criteria"] for e in c["evidence"] if c["id"] != "groups-all"]
        for p in data["plans"]
    }


def test_copied_sentences_are_marked_with_the_other_plans(run_folder: Path) -> None:
    data = score_json(str(run_folder), "-r", str(MINI))
    evidence = evidence_of(data)
    template = {
        pid: next(e for e in items if "prevention of mental ill health" in e["quote"])
        for pid, items in evidence.items()
        if pid != "dale"
    }
    assert template["alder"]["shared_with"] == ["birch", "cedar"]
    assert template["birch"]["shared_with"] == ["alder", "cedar"]
    assert template["cedar"]["shared_with"] == ["alder", "birch"]
    local = [e for pid, items in evidence.items() for e in items if "farmers" in e["quote"]]
    assert local and all("shared_with" not in e for e in local)
    refugees = [e for items in evidence.values() for e in items if "efugee" in e["quote"]]
    assert len(refugees) == 2 and all("shared_with" not in e for e in refugees)


def test_a_lone_plan_writes_json_without_the_field(run_folder: Path) -> None:
    out = run("score", str(run_folder / "dale.txt"), "-r", str(MINI), "-q", "-f", "json")[1]
    assert "shared_with" not in out


def test_every_format_shows_the_mark(run_folder: Path) -> None:
    args = (str(run_folder), "-r", str(MINI), "-q")
    rows = list(csv.DictReader(io.StringIO(run("score", *args, "-f", "csv")[1])))
    prevention = {r["plan"]: r for r in rows if r["criterion"] == "primary-prevention"}
    assert prevention["alder"]["shared_with"] == "birch;cedar"
    assert prevention["dale"]["shared_with"] == ""
    assert "(shared: alder, cedar)" in run("score", *args, "-f", "markdown")[1]
    assert "shared: alder, birch" in run("score", *args, "--detail")[1]


def test_coverage_counts_ratings_resting_only_on_shared_text(
    tmp_path: Path, run_folder: Path
) -> None:
    data = score_json(str(run_folder), "-r", str(MINI))
    results = tmp_path / "results.json"
    results.write_text(json.dumps(data))
    code, out, _ = run("coverage", str(results), "-f", "json")
    assert code == 0
    shared = json.loads(out)["shared_only"]
    expected = [
        f"{p['id']}/{c['id']}"
        for p in data["plans"]
        for c in p["criteria"]
        if c["id"] != "groups-all"
        and c["rating"] != "Poor"
        and c["evidence"]
        and all(e.get("shared_with") for e in c["evidence"])
    ]
    assert shared["cells"] == expected and shared["ratings"] == len(expected)
    assert {"birch/primary-prevention", "cedar/primary-prevention"} <= set(expected)
    assert "alder/group-refugees" not in expected
    code, out, _ = run("coverage", str(results))
    assert f"{len(expected)} of {shared['of']} covered ratings rest only on evidence" in out
    code, out, _ = run("coverage", str(results), "-f", "html")
    assert code == 0 and "<small>shared: alder, cedar</small>" in out


def test_discounting_shared_text_rates_without_it(run_folder: Path) -> None:
    plain = {p["id"]: p for p in score_json(str(run_folder), "-r", str(MINI))["plans"]}
    once = {
        p["id"]: p
        for p in score_json(str(run_folder), "-r", str(MINI), "--discount-shared", "1")["plans"]
    }
    twice = score_json(str(run_folder), "-r", str(MINI), "--discount-shared", "3")["plans"]

    def rating(plans: dict, pid: str, cid: str) -> str:
        return next(c for c in plans[pid]["criteria"] if c["id"] == cid)["rating"]

    # birch's only evidence is the template: set aside, nothing is left
    assert rating(plain, "birch", "primary-prevention") != "Poor"
    assert rating(once, "birch", "primary-prevention") == "Poor"
    birch = next(c for c in once["birch"]["criteria"] if c["id"] == "primary-prevention")
    assert birch["evidence"] == [] and "set aside" in birch["reason"]
    # a local sentence is never set aside
    assert rating(once, "dale", "primary-prevention") == rating(plain, "dale", "primary-prevention")
    # derived criteria and the overall rating follow
    groups = next(c for c in once["birch"]["criteria"] if c["id"] == "groups-all")
    assert groups["rating"] == "Poor"
    # shared with two others only: N=3 sets nothing aside
    assert [p["overall"] for p in twice] == [p["overall"] for p in plain.values()]


def test_a_sample_plan_and_a_copy_of_its_text(tmp_path: Path) -> None:
    """The Markdown sample plan and a tmp plan that copies two of its paragraphs."""
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(WESTMARSH, folder / WESTMARSH.name)
    text = WESTMARSH.read_text(encoding="utf-8")
    copied = [p for p in text.split("\n\n") if "trauma" in p or "Talking Therapies" in p]
    assert len(copied) >= 2
    (folder / "copycat.md").write_text(
        "# Copycat plan\n\nOur own words about parks and libraries.\n\n" + "\n\n".join(copied)
    )
    data = score_json(str(folder))
    evidence = evidence_of(data)
    source = "\n".join(copied)
    copycat = [e for e in evidence["copycat"] if e["quote"] in source]
    assert copycat, "the copied paragraphs hold evidence"
    for e in copycat:
        assert e["shared_with"] == ["westmarsh-jfp-summary"], e["quote"]
    own = [e for e in evidence["copycat"] if e["quote"] not in source]
    assert all("shared_with" not in e for e in own)  # e.g. the sentence on parks
    originals = [e for e in evidence["westmarsh-jfp-summary"] if e["quote"] in source]
    assert originals and all(e["shared_with"] == ["copycat"] for e in originals)


def test_alike_sentences_are_found_once_then_read_from_the_cache(tmp_path: Path) -> None:
    users = {
        normalise("We will open three new mental health hubs by 2027 across the area."): {"a"},
        normalise("We will open four new mental health hubs by 2028 across the area!"): {"b"},
        normalise("Our parks and green spaces are open to every resident all year."): {"c"},
        normalise("Every school will have a trained mental health lead in post soon."): {"d"},
    }
    cache = TextCache(tmp_path)
    found = near_duplicates(users, cache)
    assert found == near_duplicates(users)  # the same with or without a cache
    assert len(found) == 2  # the two hub sentences (figures are `#`), each naming the other
    entries = sorted((cache.folder / SHARED).rglob("*.*"))
    assert len(entries) == 1
    keys = sorted(users)
    # A kept answer is what a second run uses: say the parks and school sentences are alike.
    entries[0].write_bytes(zlib.compress(json.dumps([[1, 2]]).encode()))
    assert near_duplicates(users, cache) == {keys[1]: {keys[2]}, keys[2]: {keys[1]}}
    # A misshapen or out-of-range entry is a miss: the pairs are found again.
    for bad in (b"not json", b"[[0, 99]]", b'{"a": 1}', b"[[0, true]]"):
        entries[0].write_bytes(zlib.compress(bad))
        assert near_duplicates(users, cache) == found
