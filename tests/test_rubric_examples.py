"""Every example sentence of every shipped rubric is a test case of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmh_assess.authoring.examples import run_examples
from pmh_assess.rubric import load_rubric

from .conftest import MINI, ROOT

RUBRICS = [*sorted((ROOT / "criteria").glob("*.yaml")), MINI]


def _cases() -> list:
    cases = []
    for path in RUBRICS:
        for outcome in run_examples(load_rubric(path)):
            cases.append(pytest.param(outcome, id=outcome.test_id))
    return cases


@pytest.mark.parametrize("outcome", _cases())
def test_example(outcome) -> None:
    assert outcome.passed, f"{outcome.text!r}: {outcome.detail}"


@pytest.mark.parametrize("path", RUBRICS, ids=lambda p: Path(p).name)
def test_every_evidence_criterion_has_examples(path: Path) -> None:
    rubric = load_rubric(path)
    if path == MINI:
        pytest.skip("the test rubric is deliberately small")
    for c in rubric.criteria:
        if c.derived:
            continue
        assert len(c.examples.match) >= 3, f"{c.id}: needs 3 must-match examples"
        assert len(c.examples.no_match) >= 2, f"{c.id}: needs 2 must-not-match examples"
