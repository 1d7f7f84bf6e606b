"""Finding plans: folders, manifests grouping documents, ids, bad manifest entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmh_assess.base.errors import RubricError
from pmh_assess.plans import discover, load_manifest


def write(path: Path, text: str = "Some text.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_is_read_recursively_one_plan_per_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    write(tmp_path / "sub" / "b.md")
    write(tmp_path / "sub" / "notes.csv")
    write(tmp_path / ".hidden" / "c.txt")
    plans, errors = discover([tmp_path])
    assert [p.id for p in plans] == ["a", "b"] and errors == []


def test_manifest_groups_documents_and_keeps_metadata(tmp_path: Path) -> None:
    write(tmp_path / "x" / "strategy.txt")
    write(tmp_path / "x" / "jfp.txt")
    write(tmp_path / "loose.txt")
    write(
        tmp_path / "plans.yaml",
        """
plans:
  - id: x-ics
    title: X ICS
    documents: [x/strategy.txt, x/jfp.txt]
    metadata: {population: 1200000, year: 2023}
""",
    )
    plans, errors = discover([tmp_path])
    assert [(p.id, len(p.documents)) for p in plans] == [("x-ics", 2), ("loose", 1)]
    assert plans[0].metadata == {"population": 1200000, "year": 2023}
    assert errors == []


def test_manifest_paths_cannot_escape_and_missing_documents_are_errors(tmp_path: Path) -> None:
    write(tmp_path / "outside.txt")
    write(
        tmp_path / "m" / "plans.yaml",
        """
plans:
  - id: a
    documents: [../outside.txt, missing.txt]
""",
    )
    plans, errors = discover([tmp_path / "m"])
    assert plans[0].documents == []
    assert [e.message for e in errors] == [
        "plan 'a': document path leaves the manifest's folder (allow it with --allow-outside)",
        "plan 'a': document not found",
    ]
    plans, _ = discover([tmp_path / "m"], allow_outside=True)
    assert len(plans[0].documents) == 1


def test_invalid_manifest_is_located(tmp_path: Path) -> None:
    write(tmp_path / "plans.yaml", "plans:\n  - id: a\n    docs: [x.txt]\n")
    plans, errors = discover([tmp_path])  # one bad manifest is one error, not the run's end
    assert plans == []
    assert [(e.path, e.message) for e in errors] == [
        (
            f"{tmp_path / 'plans.yaml'}:2:5",
            "missing required key 'documents' in plans.0 (and 1 more problem(s))",
        )
    ]
    with pytest.raises(RubricError) as info:
        load_manifest(tmp_path / "plans.yaml")
    messages = [str(p) for p in info.value.problems]
    assert any(":3:5: unknown key 'docs'" in m for m in messages)


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path / "a" / "plan.txt")
    write(tmp_path / "b" / "plan.txt")
    plans, _ = discover([tmp_path])
    assert len({p.id for p in plans}) == 2


def test_manifest_names_the_rubric_unless_the_option_does(tmp_path: Path) -> None:
    from pmh_assess.plans import rubric_for
    from pmh_assess.rubric import bundled_rubrics

    write(tmp_path / "a" / "x.txt")
    write(
        tmp_path / "a" / "plans.yaml",
        "rubric: integrated-services-rag\nplans:\n  - {id: x, documents: [x.txt]}\n",
    )
    assert rubric_for([tmp_path / "a"], None) == bundled_rubrics()["integrated-services-rag"]
    assert rubric_for([tmp_path / "a"], "mhf-2024") == bundled_rubrics()["mhf-2024"]
    assert rubric_for([tmp_path / "a" / "x.txt"], None) == bundled_rubrics()["mhf-2024"]
    write(
        tmp_path / "b" / "plans.yaml", "rubric: mhf-2024\nplans:\n  - {id: y, documents: [y.txt]}\n"
    )
    with pytest.raises(Exception, match="need different rubrics"):
        rubric_for([tmp_path / "a", tmp_path / "b"], None)
