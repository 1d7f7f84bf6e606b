"""`rubric suggest` and explain's "possibly missed": unmatched sentences closest in meaning."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pmh_assess import suggest

from .conftest import MINI
from .conftest import invoke as run

PARAPHRASE = "People who fled war and persecution abroad will get help to settle in our towns."
MATCHED = "We will support refugees and asylum seekers in every town."
UNRELATED = [
    "The car park on Station Road will be resurfaced in the spring.",
    "Our finance team closed the year within its budget again.",
    "Hospital parking charges are reviewed every April by the estates board.",
]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join([UNRELATED[0], MATCHED, UNRELATED[1], PARAPHRASE, UNRELATED[2]]))
    return path


def test_the_paraphrase_ranks_first_and_the_matched_sentence_is_left_out(plan: Path) -> None:
    code, out, err = run(
        "rubric", "suggest", "group-refugees", str(plan), "-r", str(MINI), "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    sentences = [s["sentence"] for s in data["suggestions"]]
    assert sentences[0] == PARAPHRASE
    assert MATCHED not in sentences
    assert set(sentences) == {PARAPHRASE, *UNRELATED}
    scores = [s["similarity"] for s in data["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    top = data["suggestions"][0]
    assert top["nearest_kind"] in ("title", "example") and top["page"] == 1
    code, out, _ = run(
        "rubric", "suggest", "group-refugees", str(plan), "-r", str(MINI), "--top", "1"
    )
    assert code == 0 and PARAPHRASE in out and "nearest" in out and UNRELATED[0] not in out


def test_suggestions_never_change_a_rating(plan: Path) -> None:
    before = run("score", str(plan), "-r", str(MINI), "-q", "-f", "json")[1]
    run("rubric", "suggest", "group-refugees", str(plan), "-r", str(MINI))
    assert run("score", str(plan), "-r", str(MINI), "-q", "-f", "json")[1] == before


def test_explain_lists_possibly_missed_sentences_at_the_worst_level(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("\n".join([PARAPHRASE, *UNRELATED]))
    code, out, _ = run("explain", str(path), "-r", str(MINI), "-c", "group-refugees", "-f", "json")
    assert code == 0
    (criterion,) = json.loads(out)["criteria"]
    worst = criterion["rating"] == "Poor"  # the mini rubric's worst level
    missed = [m["sentence"] for m in criterion["possibly_missed"]]
    assert missed[:1] == ([PARAPHRASE] if worst else [])
    code, out, _ = run("explain", str(path), "-r", str(MINI), "-c", "group-refugees")
    assert ("Possibly missed" in out) == worst


def test_without_the_extra_the_command_says_how_to_install_it(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suggest.load_model.cache_clear()
    monkeypatch.setitem(sys.modules, "wordllama", None)  # import wordllama now fails
    try:
        code, _, err = run("rubric", "suggest", "group-refugees", str(plan), "-r", str(MINI))
        assert code == 2
        assert 'pip install "pmh-assess[suggest]"' in " ".join(err.split())
        assert "Traceback" not in err
        code, out, err = run("explain", str(plan), "-r", str(MINI), "-c", "primary-prevention")
        assert code == 0 and "Possibly missed" not in out
        assert "pmh-assess[suggest]" in err
    finally:
        suggest.load_model.cache_clear()


def test_unknown_and_derived_criteria_are_usage_errors(plan: Path) -> None:
    code, _, err = run("rubric", "suggest", "nope", str(plan), "-r", str(MINI))
    assert code == 2 and "no criterion 'nope'" in err
    code, _, err = run("rubric", "suggest", "groups-all", str(plan), "-r", str(MINI))
    assert code == 2 and "derived" in err
