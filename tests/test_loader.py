"""Broken rubrics give located, readable errors: every problem, never a traceback."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pmh_assess.base.errors import RubricError
from pmh_assess.rubric import load_rubric, parse_rubric

from .conftest import MINI


def problems(text: str) -> list[str]:
    with pytest.raises(RubricError) as info:
        parse_rubric(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def mini_with(old: str, new: str) -> str:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_yaml_syntax_error_names_the_line() -> None:
    assert problems("id: x\nlevels: [Good, OK\n") == [
        "r.yaml:3:1: YAML syntax error: while parsing a flow sequence expected ',' or ']', "
        "but got '<stream end>'"
    ]


def test_unknown_key_with_suggestion_at_its_line() -> None:
    text = mini_with("        examples:\n          match:", "        examples:\n          mathces:")
    found = problems(text)
    assert (
        f"r.yaml:{line_of(text, 'mathces')}:11: unknown key 'mathces' (did you mean 'match'?)"
        in found
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("weight: 3", "unknown key 'weight'"),
        ("contxt: x", "unknown key 'contxt' (did you mean 'context'?)"),
        ("inflect: maybe", "domains.0.criteria.0.evidence.0.inflect: Input should be a valid"),
    ],
)
def test_a_rules_problems_are_at_its_own_keys(line: str, expected: str) -> None:
    """The rule's kind is no key of the YAML: a problem is at the rule's line, not inside
    the field that happens to share the kind's name (`terms`)."""
    text = mini_with(
        '          - kind: terms\n            terms: ["prevention"',
        f'          - kind: terms\n            {line}\n            terms: ["prevention"',
    )
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith(f"r.yaml:{line_of(text, line)}:")
    assert expected in found[0]


def test_undeclared_level_and_unknown_references_are_all_reported() -> None:
    text = mini_with(
        "          - level: OK\n            when: {hits: 1}",
        "          - level: Fair\n            when: {hits: 1}",
    )
    text = text.replace(
        "from: [primary-prevention, group-refugees]", "from: [primary-prevention, nope]"
    )
    text = text.replace("context: mental-health", "context: mental")
    found = problems(text)
    assert any(
        f":{line_of(text, 'level: Fair')}:" in p and "level 'Fair' is not declared" in p
        for p in found
    )
    assert any(
        f":{line_of(text, 'nope]')}:" in p and "unknown criterion 'nope'" in p for p in found
    )
    assert any("context 'mental' is not declared in `contexts`" in p for p in found)
    assert len(found) == 3


def test_bad_term_is_located() -> None:
    text = mini_with('"primary prevention"]', '"primary (prevention)"]')
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith(f"r.yaml:{line_of(text, 'primary (prevention)')}:")
    assert "is not a word" in found[0]


def test_unsafe_regex_is_refused() -> None:
    text = mini_with(
        '            terms: {refugees: ["refugee*", "asylum seeker*"], sanctuary: ["sanctuary"]}',
        '            patterns: {bad: "(a+)+b"}',
    )
    text = text.replace(
        "          - kind: terms\n            patterns",
        "          - kind: regex\n            patterns",
    )
    found = problems(text)
    assert any("nests repetition" in p for p in found)


def test_duplicate_ids_and_duplicate_keys() -> None:
    text = mini_with("id: group-refugees", "id: primary-prevention")
    assert any("duplicate criterion id 'primary-prevention'" in p for p in problems(text))
    text = mini_with('version: "1"', 'version: "1"\nversion: "2"')
    assert problems(text) == ["r.yaml:3:1: duplicate key 'version'"]


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="cannot read rubric"):
        load_rubric(tmp_path / "absent.yaml")
    (tmp_path / "empty.yaml").write_text("")
    with pytest.raises(RubricError, match="the file is empty"):
        load_rubric(tmp_path / "empty.yaml")


def test_yaml_tags_cannot_construct_objects() -> None:
    found = problems("id: !!python/object/apply:os.system ['echo hi']\n")
    assert "could not determine a constructor" in found[0]


def test_a_loaded_rubric_names_its_file_by_the_hash_of_its_bytes(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    loaded, windows = load_rubric(MINI), load_rubric(crlf)
    assert loaded.sha256 == hashlib.sha256(MINI.read_bytes()).hexdigest()
    assert windows.sha256 == hashlib.sha256(crlf.read_bytes()).hexdigest() != loaded.sha256
    assert windows.model_dump() == loaded.model_dump()  # the same rubric, read alike
    assert parse_rubric(text).sha256 == ""  # text from no file names none
    assert "sha256" not in loaded.model_dump()
    assert any("sha256" in p for p in problems(text + "sha256: " + "0" * 64 + "\n"))


def test_results_carry_the_loaders_hash_and_the_engine_reads_no_file(tmp_path: Path) -> None:
    from pmh_assess.engine.scoring import rubric_info

    rubric = load_rubric(MINI)
    assert rubric_info(rubric, rubric.sha256).sha256 == rubric.sha256
    assert rubric_info(rubric).sha256 == ""
    scoring = Path(rubric_info.__code__.co_filename).read_text(encoding="utf-8")
    assert "file_sha256" not in scoring and "pathlib" not in scoring
