"""Property-based tests: arbitrary input never crashes the text, pattern and rubric code,
and what they promise (pages kept, offsets in range, located errors) always holds."""

from __future__ import annotations

import json
import re
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmh_assess.base.errors import RubricError
from pmh_assess.extract import Page
from pmh_assess.results import ErrorItem, Results, RubricInfo
from pmh_assess.rubric.loader import parse_rubric
from pmh_assess.rules.patterns import PatternError, check_regex, term_regex
from pmh_assess.text import prepare
from pmh_assess.text.normalise import normalise_pages, normalise_text
from pmh_assess.text.segment import split_sentences

from .conftest import MINI

PLAN_LIKE = st.text(
    alphabet=st.sampled_from(
        [
            *(string.ascii_letters + string.digits + " .,;:!?-()'\"\n\f\t"),
            *"\u2022\u2013\u2014\u00ad\ufb01\u2019\u00a0\u200bé",
        ]
    ),
    max_size=400,
)
ANY_TEXT = st.text(max_size=300)
PAGES = st.lists(
    st.tuples(st.one_of(PLAN_LIKE, ANY_TEXT), st.one_of(st.none(), st.text(max_size=5))),
    max_size=8,
)
SLOW = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def as_pages(items: list[tuple[str, str | None]]) -> list[Page]:
    return [Page(number=i, text=text, label=label) for i, (text, label) in enumerate(items, 1)]


@SLOW
@given(PAGES)
def test_normaliser_keeps_every_page_number_and_label(items: list[tuple[str, str | None]]) -> None:
    pages = as_pages(items)
    out = normalise_pages(pages)
    assert [(p.number, p.label) for p in out] == [(p.number, p.label) for p in pages]
    for page in out:
        assert "\u00ad" not in page.text and "\u200b" not in page.text and "\r" not in page.text


@given(ANY_TEXT)
def test_normalising_one_page_never_fails(text: str) -> None:
    assert isinstance(normalise_text(text), str)


@SLOW
@given(PAGES)
def test_sentences_keep_their_pages_and_offsets_stay_in_range(
    items: list[tuple[str, str | None]],
) -> None:
    pages = as_pages(items)
    text = prepare(pages)
    labels = {p.number: p.label for p in pages}
    previous_end = -1
    for i, s in enumerate(text.sentences):
        assert 0 <= s.start <= s.end <= len(text.text)
        assert s.start > previous_end  # in order, never overlapping
        previous_end = s.end
        assert s.page in labels and s.page_label == labels[s.page]
        assert "\n" not in text.text[s.start : s.end]
        assert text.sentence_index(s.start) == i
        assert 0 <= s.paragraph < len(text.paragraphs)
        lo, hi = text.paragraphs[s.paragraph]
        assert lo <= s.start and s.end <= hi
    pages_in_order = [s.page for s in text.sentences]
    assert pages_in_order == sorted(pages_in_order)


@given(st.one_of(PLAN_LIKE, ANY_TEXT))
def test_splitting_sentences_keeps_every_word(unit: str) -> None:
    sentences = split_sentences(unit)
    assert " ".join(sentences).split() == unit.split()
    assert all(s and s == s.strip() for s in sentences)


TERMISH = st.text(
    alphabet=st.sampled_from(list(string.ascii_letters + string.digits + " -*'&.+/_é\u2013()[]")),
    max_size=40,
)


@given(st.one_of(TERMISH, ANY_TEXT))
def test_term_compiler_accepts_or_refuses_cleanly(term: str) -> None:
    try:
        pattern = re.compile(term_regex(term))
    except PatternError:
        return
    words = [w for w in re.split(r"[\s\-\u2013\u2014]+", term.strip()) if w]
    if all(w.isalnum() for w in words):
        assert pattern.search(" ".join(words)), term  # a plain term matches itself


@given(st.one_of(st.text(alphabet="ab()[]{}*+?|^$\\.-,0123456789:=!<>", max_size=20), ANY_TEXT))
def test_regex_check_accepts_or_refuses_cleanly(pattern: str) -> None:
    try:
        check_regex(pattern)
    except PatternError:
        return
    assert re.compile(pattern).search("") is None


def test_a_regex_python_would_warn_about_is_checked_without_a_warning() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_regex("[[a]b")


@SLOW
@given(ANY_TEXT)
def test_rubric_loader_refuses_any_text_with_located_problems(text: str) -> None:
    try:
        parse_rubric(text, "r.yaml")
    except RubricError as exc:
        assert exc.problems and all(p.line >= 1 and p.column >= 1 for p in exc.problems)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@SLOW
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "version",
                "title",
                "levels",
                "language",
                "contexts",
                "domains",
                "overall",
                "extra",
            ]
        ),
        YAML_VALUES,
        max_size=8,
    )
)
def test_rubric_loader_refuses_any_structure_with_located_problems(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        parse_rubric(text, "r.yaml")
    except RubricError as exc:
        # YAML also breaks lines at NEL, LS and PS, and numbers lines accordingly.
        lines = len(re.split(r"\r\n|[\n\r\x85\u2028\u2029]", text))
        assert exc.problems and all(1 <= p.line <= lines for p in exc.problems)


@SLOW
@given(st.lists(st.sampled_from(MINI.read_text(encoding="utf-8").splitlines()), max_size=40))
def test_rubric_loader_survives_shuffled_lines_of_a_real_rubric(lines: list[str]) -> None:
    try:
        parse_rubric("\n".join(lines), "r.yaml")
    except RubricError as exc:
        assert exc.problems


def test_yaml_never_builds_objects() -> None:
    text = "id: !!python/object/apply:os.system ['echo hacked']\n"
    try:
        parse_rubric(text, "r.yaml")
    except RubricError as exc:
        assert "r.yaml:1:" in str(exc)
    else:  # pragma: no cover - the loader must refuse it
        raise AssertionError("a python tag was accepted")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)


@SLOW
@given(JSON_VALUES, st.text(), st.floats())
def test_results_json_is_the_standard_librarys_text(extra: object, message: str, x: float) -> None:
    results = Results(
        tool_version="1",
        rubric=RubricInfo(id="r", version="1", title="t", sha256="", levels=["A"], weight=x),
        errors=[ErrorItem(path="p", message=message, detail=extra)],
    )
    try:
        expected = json.dumps(results.model_dump(mode="json"), indent=2, ensure_ascii=False)
    except ValueError:
        return
    assert results.to_json() == expected + "\n"
