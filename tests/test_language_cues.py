"""Language cues that reach a hit from after it: `negation_after`."""

from __future__ import annotations

import pytest

from pmh_assess.base.errors import RubricError
from pmh_assess.engine import Scorer, prepare_text
from pmh_assess.plans import PlanSpec
from pmh_assess.rubric import parse_rubric

RUBRIC = """\
id: cues
version: "1"
title: cues
levels: [Green, Amber, Red]
language:
  commitment: ["we will", "is in place"]
  negation: ["there is no"]
  negation_after: ["is not yet in place", "has not been agreed"]
  negation_window: 4
domains:
  - id: d
    title: D
    criteria:
      - id: agreement
        title: Partnership agreement
        evidence:
          - kind: terms
            terms: ["partnership agreement"]
        rating:
          - {level: Green, when: {commitments: 1}}
          - {level: Amber, when: {hits: 1}}
overall:
  points: {Green: 2, Amber: 1, Red: 0}
  thresholds: {Green: 0.75, Amber: 0.4}
"""


def agreement(text: str):
    scorer = Scorer(parse_rubric(RUBRIC, "cues.yaml"))
    return scorer.score_plan(PlanSpec("p", "P", []), [prepare_text(text)]).criterion("agreement")


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("A partnership agreement is not yet in place.", "is not yet in place"),
        ("The partnership agreement has not been agreed by the boards.", "has not been agreed"),
        ("There is no partnership agreement.", "there is no"),
    ],
)
def test_a_negation_after_the_hit_voids_it(sentence: str, cue: str) -> None:
    c = agreement(sentence)
    assert c.hits == 0 and c.rating == "Red"
    assert c.voided_examples[0].reason.lower() == f"negated by {cue!r}"


def test_negation_after_reaches_only_its_window_and_its_sentence() -> None:
    far = (
        "The partnership agreement signed by both chief executives last spring is not yet in place"
    )
    assert agreement(far).hits == 1  # seven words between: beyond the window of 4
    nxt = "The partnership agreement is in place. The IT system is not yet in place."
    c = agreement(nxt)
    assert c.hits == 1 and c.rating == "Green"


def test_negation_after_is_optional_and_checked_like_any_term() -> None:
    plain = RUBRIC.replace('  negation_after: ["is not yet in place", "has not been agreed"]\n', "")
    scorer = Scorer(parse_rubric(plain, "plain.yaml"))
    plan = scorer.score_plan(
        PlanSpec("p", "P", []), [prepare_text("A partnership agreement is not yet in place.")]
    )
    assert plan.criterion("agreement").hits == 1
    with pytest.raises(RubricError) as err:
        parse_rubric(RUBRIC.replace('"has not been agreed"', '"has (not"'), "bad.yaml")
    assert "negation_after" in str(err.value)


@pytest.mark.parametrize(
    ("sentence", "committed", "target"),
    [
        ("About 9,500 adults to begin talking therapies in 2026/27.", False, True),
        ("In 2022/23 the service saw 4,100 adults.", False, False),
        ("In 2022/23 we will see 4,100 adults.", True, True),
        ("Long corridor waits will be eliminated by March 2027.", False, True),
        ("Long corridor waits are a concern in 2026/27 planning.", False, False),
    ],
)
def test_plan_years_and_end_states_make_targets(
    sentence: str, committed: bool, target: bool
) -> None:
    from pmh_assess.engine.strength import target_cue

    assert (target_cue(sentence, committed=committed) is not None) is target
