"""A rubric's example sentences, run through the engine: its own tests.

Each `match` example must give the criterion at least one counted hit (of the given
strength, if it names one); each `no_match` example must give none. An example on which
one of the criterion's patterns runs past its time budget fails, and the criterion's
other examples are not run: each would cost the budget again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..base.vocabulary import STRENGTH_RANK
from ..engine.scoring import Scorer, prepare_text
from ..rubric.model import Criterion, Example, Rubric
from ..rules.budget import PatternTimeout


@dataclass(frozen=True)
class ExampleOutcome:
    rubric: str
    criterion: str
    expect: str  # "match" or "no_match"
    index: int
    text: str
    passed: bool
    detail: str
    stopped: bool = False  # a pattern ran past its time budget (or an earlier one did)

    @property
    def test_id(self) -> str:
        return f"{self.rubric}::{self.criterion}::{self.expect}[{self.index}]"


def run_examples(
    rubric: Rubric, criteria: list[Criterion] | None = None
) -> Iterator[ExampleOutcome]:
    scorer = Scorer(rubric)
    for criterion in criteria or rubric.criteria:
        stopped: str | None = None
        for expect, items in (
            ("match", criterion.examples.match),
            ("no_match", criterion.examples.no_match),
        ):
            for index, item in enumerate(items):
                example = item if isinstance(item, Example) else Example(text=item)
                if stopped is not None:
                    yield ExampleOutcome(
                        rubric.id, criterion.id, expect, index, example.text, False, stopped, True
                    )
                    continue
                try:
                    yield _run(scorer, rubric, criterion, expect, index, example)
                except PatternTimeout as exc:
                    stopped = (
                        "not run: a pattern of this criterion was stopped on an earlier example"
                    )
                    yield ExampleOutcome(
                        rubric.id, criterion.id, expect, index, example.text, False, str(exc), True
                    )


def _run(
    scorer: Scorer, rubric: Rubric, criterion: Criterion, expect: str, index: int, example: Example
) -> ExampleOutcome:
    prepared = prepare_text(example.text, name="example")
    doc = scorer.index(prepared)
    hits, voided, _ = scorer.hits(criterion, [doc])
    found = ", ".join(f"{h.rule} matched {'/'.join(h.labels)!r} ({h.strength})" for h in hits)
    void = ", ".join(f"{h.rule} {'/'.join(h.labels)!r} voided: {h.void}" for h in voided)
    if expect == "match":
        passed = bool(hits)
        detail = found or f"no counted hit{'; ' + void if void else ''}"
        if passed and example.strength:
            best = max(hits, key=lambda h: STRENGTH_RANK[h.strength])
            passed = best.strength == example.strength
            if not passed:
                detail = f"strength is {best.strength}, expected {example.strength} ({found})"
    else:
        passed = not hits
        detail = found if hits else (void or "no hit")
    return ExampleOutcome(rubric.id, criterion.id, expect, index, example.text, passed, detail)
