"""What the main process works out once and hands to the workers: each term expression's
compiled program (the patterns made from them match exactly as the expressions compiled,
a worker compiles none of them, the cache keeps them, and a damaged program is compiled
afresh), and each term list's variants in matching order."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from pmh_assess.engine import automaton, index
from pmh_assess.engine.automaton import TermMatcher, compiled, with_programs
from pmh_assess.engine.programs import as_program, from_program, program
from pmh_assess.engine.scoring import Scorer, rubric_matcher
from pmh_assess.rubric import load_rubric, resolve_rubric
from pmh_assess.rubric.model import Rubric
from pmh_assess.run.documents import Work
from pmh_assess.run.limits import ReadOptions

from .conftest import ROOT

TEXT = (
    (ROOT / "plans" / "westmarsh-jfp-summary.md").read_text()[:4000]
    + " Mental-Health mental  health people's wellbeing refugees A&E CYPs 0-25 years"
    + " co-production preventing prevention behavioural organisations long\u2013term"
)


@pytest.fixture(scope="module")
def default_rubric() -> Rubric:
    return load_rubric(resolve_rubric(None))


def _shape(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


def test_every_term_of_the_default_rubric_matches_the_same_from_its_program(
    default_rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each expression parsed once gives its program and its anchors: the anchors are those
    of a parse of their own, and the pattern matches as the expression compiled."""
    monkeypatch.setattr(automaton, "_ANCHORS", {})
    matcher = Scorer(default_rubric).matcher
    with_programs(matcher)
    compiled(matcher)
    assert len(matcher._variants) > 1000
    from_shared_parse = automaton.known_anchors()
    monkeypatch.setattr(automaton, "_ANCHORS", {})
    for regex, variant in matcher._variants.items():
        assert from_shared_parse[regex] == automaton._anchors_of(regex), regex
        assert variant.program is not None
        made = from_program(regex, variant.program)
        assert made is not None, regex
        expected = re.compile(regex)
        assert (made.pattern, made.flags, made.groups, made.groupindex) == (
            expected.pattern,
            expected.flags,
            expected.groups,
            expected.groupindex,
        )
        assert _shape(made, TEXT) == _shape(expected, TEXT), regex


def test_workers_compile_no_expression_of_the_matcher_handed_to_them(
    default_rubric: Rubric, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = Work(ReadOptions(cache_root=tmp_path), default_rubric)
    sent = pickle.dumps(work.later())
    monkeypatch.setattr(automaton, "compile_once", lambda regex: pytest.fail(f"compiled {regex}"))
    received = pickle.loads(sent)
    assert isinstance(received, TermMatcher)
    for variant in received._variants.values():
        assert variant.pattern.pattern == variant.regex


def test_the_cache_keeps_the_programs_for_the_next_run(
    default_rubric: Rubric, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Work(ReadOptions(cache_root=tmp_path), default_rubric).later()
    monkeypatch.setattr(automaton, "program", lambda regex: pytest.fail(f"made {regex}"))
    matcher = Work(ReadOptions(cache_root=tmp_path), default_rubric).later()
    assert matcher is not None
    assert all(v.program is not None for v in matcher._variants.values())


@pytest.mark.parametrize(
    "kept",
    [
        None,
        "program",
        [0, [1, 2], 1],
        [0, "code", 1, {}],
        [0, [-1], 1, {}],
        [0, [1 << 40], 1, {}],
        [0, [1, 2], 0, {}],
        [0, [1, 2], 1, {"word": 3}],
    ],
)
def test_a_kept_program_of_the_wrong_shape_is_not_taken(kept: object) -> None:
    assert as_program(kept) is None


def test_a_program_the_engine_refuses_is_compiled_from_its_expression() -> None:
    matcher = TermMatcher()
    matcher.add([(r"(?<!\w)(?i:mental)[ \-]*(?i:health)(?!\w)", "mental health")])
    regex = next(iter(matcher._lists))[0][0]
    flags, code, groups, names = program(regex)
    damaged = (flags, [c ^ 0x5A for c in code], groups, names)
    assert from_program(regex, damaged) is None
    with_programs(matcher, {regex: list(damaged)})
    compiled(matcher)
    variant = matcher._variants[regex]
    assert variant.pattern.match("Mental health", 0) is not None


def test_workers_are_handed_every_term_lists_variants_in_order(
    default_rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scorer a worker unpickles holds every list's variants in matching order, by
    the lists it unpickled with them: it works none of them out again."""
    work = Work(ReadOptions(cache_root=None), default_rubric)
    assert work.scorer is not None
    work.scorer.order_terms()
    expected = list(rubric_matcher(work.scorer.rubric, work.scorer.cues)._lists)
    received = pickle.loads(pickle.dumps(work))
    monkeypatch.setattr(index, "ordered_variants", lambda *args: pytest.fail("worked out again"))
    assert list(rubric_matcher(received.scorer.rubric, received.scorer.cues)._lists) == expected


def test_a_matcher_compiled_already_is_given_its_programs_too(default_rubric: Rubric) -> None:
    """A scorer used in this process before (its automaton built) can still be handed to
    workers: its variants get their programs."""
    matcher = compiled(Scorer(default_rubric).matcher)
    with_programs(matcher)
    assert all(v.program is not None for v in matcher._variants.values())
