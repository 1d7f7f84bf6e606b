"""Same words, same ratings, in a rendering made without our reader in mind.

Every sample plan and the seed plan is read back from its plain text as a careless
converter reads it (a short unpunctuated paragraph is a heading; every other paragraph's
lines are joined, so lists and tables run on as one paragraph: tests/layouts/
independent.py) and published as a plain web page with a site's navigation and footer,
and as a two-column A4 PDF with a running header "Title | Joint Forward Plan 2023-2028"
and "Page N" footers. Each must be rated as the plain text is: no criterion rating and
not the overall rating may differ.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmh_assess import Scorer
from pmh_assess.results import PlanResult
from pmh_assess.rubric import load_rubric, resolve_rubric

from .layouts import PLANS, SEED, plan_named, reference_text, render
from .layouts.compare import moves, score
from .layouts.independent import PDF, WEB, reread

RUBRIC = os.environ.get("PMH_ASSESS_SAME_WORDS_RUBRIC", "mhf-2024")
RENDERINGS = {"html": WEB, "pdf": PDF}


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(load_rubric(resolve_rubric(RUBRIC)))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("independent")


_REFERENCES: dict[str, PlanResult] = {}


def _reference(scorer: Scorer, name: str, folder: Path) -> PlanResult:
    if name not in _REFERENCES:
        path = folder / f"{name}.reference.txt"
        path.write_text(reference_text(plan_named(name)), encoding="utf-8")
        _REFERENCES[name] = score(scorer, name, path)
    return _REFERENCES[name]


@pytest.mark.parametrize("container", sorted(RENDERINGS))
@pytest.mark.parametrize("name", PLANS)
def test_independent_rendering_rates_as_the_plain_text(
    scorer: Scorer, folder: Path, name: str, container: str
) -> None:
    if name == "seed" and not SEED.is_file():
        pytest.skip(f"SKIPPED: seed plan text not available at {SEED}")
    layout = RENDERINGS[container]
    path = render(reread(plan_named(name)), layout, folder)
    diff = moves(_reference(scorer, name, folder), score(scorer, name, path))
    assert not diff, (
        f"{name}, rendered independently as {container}, rates differently from its plain "
        f"text ({len(diff)} ratings):\n" + "\n".join(map(str, diff))
    )


def test_the_independent_reading_keeps_every_word() -> None:
    """Reading back the plain text joins lines but loses and adds no word, so a failure
    above is the scorer's reading, not the rendering's."""
    for name in PLANS:
        if name == "seed" and not SEED.is_file():
            continue
        plan = plan_named(name)
        again = reread(plan)
        before = reference_text(plan).split()
        after = " ".join(
            " ".join(" ".join(row) for row in b.items) if b.kind == "table" else b.text
            for b in again.blocks
        ).split()
        assert before == after, name
