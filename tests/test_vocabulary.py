"""The words of ratings have one owner, `base/vocabulary.py`: strengths, counts, 'or better'."""

from __future__ import annotations

import ast

from pmh_assess.base.vocabulary import COUNTS, STRENGTH_RANK, STRENGTHS, is_commitment, or_better
from pmh_assess.engine.rating import CONDITION_COUNTS, Check, count, shortfall
from pmh_assess.rubric.model import Conditions, Rubric
from pmh_assess.rules import KIND_COUNTS

from .conftest import ROOT

PACKAGE = ROOT / "src" / "pmh_assess"
OWNERS = {"base/vocabulary.py", "engine/index.py"}  # the index names a cue list "commitment"
# the counts' words that say nothing else (a bare 'page' or 'hits' may be about anything)
NOUNS = {noun for c in COUNTS.values() for noun in (c.one, c.many) if " " in noun}


def test_strengths_weakest_first_and_what_makes_a_commitment() -> None:
    assert STRENGTHS == ("mention", "commitment", "target")
    assert [STRENGTH_RANK[s] for s in STRENGTHS] == [0, 1, 2]
    assert [is_commitment(s) for s in STRENGTHS] == [False, True, True]
    schema = Rubric.model_json_schema()["$defs"]["Example"]["properties"]["strength"]
    assert schema["anyOf"][0]["enum"] == list(STRENGTHS)


def test_every_count_a_condition_names_has_its_words() -> None:
    assert set(CONDITION_COUNTS) | {"rules"} == set(Conditions.model_fields)
    assert count("commitment_pages").noun(1) == "page with a commitment"
    assert count("commitment_pages").noun(2) == "pages with a commitment"
    assert shortfall(Check("targets", 1, 3, False)) == "2 more measurable targets (has 1)"
    assert Check("covered", 1, 2, False).describe() == "1 criterion covered (needs 2)"
    assert Check("share", 0.05, 0.04, True).describe() == "5.0% of sentences (needs 4.0%)"
    assert shortfall(Check("share", 0.02, 0.05, False)) == "5.0% of sentences (has 2.0%)"


def test_the_counts_of_rule_kinds_are_theirs_alone() -> None:
    assert list(KIND_COUNTS) == ["share"]  # the share is a fraction, not a number of things
    assert not set(KIND_COUNTS) & set(COUNTS)
    assert KIND_COUNTS["share"][1] == "share" and KIND_COUNTS["share"][0].fraction


def test_or_better_names_the_best_level_alone_only_when_told_the_levels() -> None:
    assert or_better("OK") == "OK or better"
    assert or_better("OK", ["Good", "OK", "Poor"]) == "OK or better"
    assert or_better("Good", ["Good", "OK", "Poor"]) == "Good"
    assert or_better("Good") == "Good or better"


def strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string constant, with its line (f-strings' literal parts included)."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_module_spells_the_words_of_ratings_itself() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in OWNERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{name}:{line}: {text!r}"
            for line, text in strings(tree)
            if text in STRENGTHS or text.startswith(" or better") or text in NOUNS
        ]
    assert found == []
