"""Results written plan by plan: a run holds its plans packed and never needs them all at
once, and the JSON is the same text, byte for byte, as the whole results'."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from pmh_assess.files.atomic import replace_atomic
from pmh_assess.plans import discover
from pmh_assess.results import Results, results_json
from pmh_assess.rubric import load_rubric
from pmh_assess.run import score_plans
from pmh_assess.run.cache import TextCache
from pmh_assess.run.paths import score_paths
from pmh_assess.run.runs import PackedPlans, Scored
from pmh_assess.run.shared import mark_shared

from .conftest import MINI, text_plans

PLANS = {
    "alpha": "We will invest in the prevention of poor mental health in every school.\f"
    "We will support refugees and asylum seekers with mental health services.",
    "beta": "We will invest in the prevention of poor mental health in every school.",
    "gamma": "Prevention of poor mental health matters to us. Café staff will be trained.",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return text_plans(tmp_path / "plans", PLANS)


@pytest.fixture
def whole(folder: Path) -> Results:
    specs, errors = discover([folder])
    results = score_plans(specs, load_rubric(MINI), errors=errors, workers=0)
    mark_shared(results)
    return results


def standard(results: Results) -> str:
    return json.dumps(results.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def test_json_in_pieces_is_the_standard_librarys_text(whole: Results) -> None:
    assert len(whole.plans) == 3
    assert "".join(results_json(whole, whole.plans)) == standard(whole) == whole.to_json()
    # A float pydantic writes its own way, in one plan only; and no plans at all.
    whole.plans[1].metadata["share"] = 0.00001
    whole.plans[2].metadata["tiny"] = 1e-7
    assert "".join(results_json(whole, whole.plans)) == standard(whole)
    empty = whole.model_copy(update={"plans": []})
    assert "".join(results_json(empty, [])) == standard(empty)
    assert '"plans": [],' in standard(empty)


def test_a_run_writes_its_plans_one_by_one_as_the_whole_results_would(
    folder: Path, whole: Results
) -> None:
    scored = score_paths([folder], rubric=str(MINI), workers=0, cache=False)
    pieces = list(scored.json())
    assert len(pieces) == len(whole.plans) + 2  # the head, each plan, the tail
    assert b"".join(pieces).decode() == whole.to_json()
    shared = scored.results.plans[0].criteria[0].evidence[0]
    assert shared.shared_with == ["beta"]  # marked as the plans were made
    assert scored.results.to_json() == whole.to_json()


def test_plans_are_handed_over_as_scored_and_kept_packed_in_order(
    folder: Path, whole: Results
) -> None:
    specs, _ = discover([folder])
    packed = PackedPlans()
    places: list[int] = []

    def sink(place: int, plan) -> None:  # type: ignore[no-untyped-def]
        places.append(place)
        packed.add(place, plan)

    head = score_plans(specs[::-1], load_rubric(MINI), workers=0, sink=sink)
    assert head.plans == [] and sorted(places) == [0, 1, 2] and len(packed) == 3
    assert [plan.id for plan in packed] == ["gamma", "beta", "alpha"]


def test_a_file_written_from_pieces_that_fail_is_not_written(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("before", encoding="utf-8")

    def pieces():  # type: ignore[no-untyped-def]
        yield b"half of "
        raise RuntimeError("the run stopped")

    with pytest.raises(RuntimeError):
        replace_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    replace_atomic(target, iter(["one ", "two"]))
    assert target.read_text(encoding="utf-8") == "one two"


def test_a_kept_entry_is_read_in_pieces_and_a_damaged_one_fails_loudly(tmp_path: Path) -> None:
    cache = TextCache(tmp_path / "c")
    data = b"".join(b"%d " % n for n in range(300_000))
    assert cache.store_blob("runs", "k" * 64, iter([data[:1000], data[1000:]]))
    pieces = cache.open_blob("runs", "k" * 64)
    assert pieces is not None and b"".join(pieces) == data
    assert cache.open_blob("runs", "x" * 64) is None
    path = cache.blob_path("runs", "k" * 64)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(zlib.error):
        b"".join(cache.open_blob("runs", "k" * 64) or [])
    gone = Scored(kept=lambda: cache.open_blob("runs", "k" * 64))
    with pytest.raises(Exception, match="damaged or gone"):
        _ = gone.results


def test_scored_takes_one_source() -> None:
    with pytest.raises(ValueError):
        Scored()
    with pytest.raises(ValueError):
        Scored(head=None, plans=lambda: [])
