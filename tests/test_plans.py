"""Finding plans: folders, manifests grouping documents, ids, bad manifest entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmh_assess.base.errors import RubricError
from pmh_assess.plans import discover, load_manifest, rubric_for


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


def _by_schema(data: object) -> object:
    """What the manifest's pydantic schema makes of `data`: the manifest, or "invalid"."""
    from pydantic import ValidationError

    from pmh_assess.plans.manifest import Manifest, ManifestPlan
    from pmh_assess.plans.schema import ManifestSchema

    try:
        checked = ManifestSchema.model_validate(data)
    except ValidationError:
        return "invalid"
    plans = [ManifestPlan(p.id, p.title, p.documents, p.metadata) for p in checked.plans]
    return Manifest(checked.rubric, plans)


PLAN = {"id": "north-1", "title": "North", "documents": ["a.pdf"], "metadata": {"year": 2023}}
AWKWARD: list[dict[str, object]] = [
    {},
    {"title": None},
    {"metadata": {}},
    {"id": "a"},
    {"id": "A.b_c-9"},
    {"id": "-a"},
    {"id": ".a"},
    {"id": "a b"},
    {"id": "a\n"},
    {"id": "é"},
    {"id": ""},
    {"id": 7},
    {"id": None},
    {"title": 3},
    {"title": ["x"]},
    {"documents": []},
    {"documents": "a.pdf"},
    {"documents": ["a.pdf", 2]},
    {"documents": ["a.pdf", "b.pdf", "a.pdf"]},
    {"metadata": None},
    {"metadata": []},
    {"metadata": {1: "x"}},
    {"metadata": {"population": "1,250,000"}},
    {"metadata": {"population": 1.5e6}},
    {"metadata": {"population": "many"}},
    {"metadata": {"population": -1}},
    {"metadata": {"population": True}},
    {"metadata": {"population": None}},
    {"metadata": {"share": float("inf")}},
    {"metadata": {"deep": {"x": [1.0, float("nan")]}}},
    {"metadata": {"when": __import__("datetime").date(2024, 1, 2)}},
    {"extra": 1},
    {"id": ...},
    {"title": ...},
    {"documents": ...},
    {"metadata": ...},
]


@pytest.mark.parametrize("change", AWKWARD, ids=[repr(c) for c in AWKWARD])
@pytest.mark.parametrize("rubric", [None, "mhf-2024", 3, ...], ids=["none", "id", "int", "unset"])
def test_a_plainly_valid_manifest_reads_as_its_schema_reads_it(
    change: dict[str, object], rubric: object
) -> None:
    """A manifest is read without pydantic only when the schema would read it the same."""
    from pmh_assess.plans.manifest import plainly_valid

    plan = {k: v for k, v in {**PLAN, **change}.items() if v is not ...}  # ...: left out
    for data in (
        {"plans": [plan]},
        {"plans": [PLAN, plan]},
        {"plans": plan},
        {"plans": []},
        {"plan": [plan]},
        [plan],
    ):
        if rubric is not ...:
            data = {**data, "rubric": rubric} if isinstance(data, dict) else data
        plain, schema = plainly_valid(data), _by_schema(data)
        assert plain is None or plain == schema, data
        if schema == "invalid":
            assert plain is None, data


def test_most_manifests_are_plainly_valid() -> None:
    from pmh_assess.files.yamlfile import read_yaml
    from pmh_assess.plans.manifest import plainly_valid

    root = Path(__file__).resolve().parent.parent
    found = sorted(root.glob("plans*/**/plans.yaml"))
    assert found  # the sample plans' manifests: the test can fail
    for path in found:
        data, _ = read_yaml(path.read_text(encoding="utf-8"), str(path))
        assert plainly_valid(data) == _by_schema(data), path
    assert plainly_valid({"plans": [PLAN]}) is not None


def test_a_run_reads_its_manifest_once_and_an_edited_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmh_assess.plans import manifest as module

    reads: list[Path] = []
    real = module.read_manifest
    monkeypatch.setattr(module, "read_manifest", lambda p: reads.append(p) or real(p))
    (tmp_path / "a.txt").write_text("We will act.", encoding="utf-8")
    listed = tmp_path / "plans.yaml"
    listed.write_text("plans:\n  - id: one\n    documents: [a.txt]\n", encoding="utf-8")
    rubric_for([tmp_path], None)
    assert [p.id for p in discover([tmp_path])[0]] == ["one"]
    assert reads == [listed]
    listed.write_text("plans:\n  - id: other\n    documents: [a.txt]\n", encoding="utf-8")
    assert [p.id for p in discover([tmp_path])[0]] == ["other"]
    assert len(reads) == 2
