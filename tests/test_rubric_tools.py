"""`rubric list`, `show`, `schema` and `audit`, and the CI and pre-commit definitions."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from textwrap import indent

import jsonschema
import pytest
import yaml

from pmh_assess.rubric import bundled_rubrics

from .conftest import MINI, ROOT
from .conftest import invoke as run

# --- list and show ------------------------------------------------------------------------------


def test_list_names_bundled_and_local_rubrics(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI.read_text())
    (tmp_path / "broken.yaml").write_text("id: [\n")
    code, out, _ = run("rubric", "list", str(tmp_path), "--format", "json")
    assert code == 0
    entries = json.loads(out)
    bundled = [e for e in entries if e["source"] == "bundled"]
    assert [Path(e["path"]) for e in bundled] == list(bundled_rubrics().values())
    assert all(e["id"] and e["version"] and e["criteria"] > 0 for e in bundled)
    local = {Path(e["path"]).name: e for e in entries if e["source"] == "local"}
    assert local["mini.yaml"]["id"] == "mini" and local["mini.yaml"]["criteria"] == 3
    assert local["mini.yaml"]["version"] == "1"
    assert local["broken.yaml"]["id"] is None and local["broken.yaml"]["problems"] == 1
    code, out, _ = run("rubric", "list", str(tmp_path))
    assert code == 0
    assert "│ mini " in out and "1 problem(s)" in out


def test_list_does_not_repeat_the_bundled_folder() -> None:
    code, out, _ = run("rubric", "list", str(ROOT / "criteria"), "-f", "json")
    assert code == 0
    paths = [Path(e["path"]).resolve() for e in json.loads(out)]
    assert len(paths) == len(set(paths))


def test_show_prints_criteria_rules_and_levels() -> None:
    code, out, _ = run("rubric", "show", str(MINI))
    assert code == 0
    for line in [
        "A small rubric for tests mini 1",
        "levels (best first): Good, OK, Poor",
        "Primary prevention primary-prevention (weight 2; tags prevention)",
        "terms evidence[0]:terms",
        "terms: prevention; prevent; primary prevention",
        "needs context: mental-health",
        "except overlapping: falls prevention",
        "Good when at least 2 commitments and 2 pages with a commitment",
        "OK when at least 1 hit",
        "Poor otherwise",
        "terms: refugees (refugee*, asylum seeker*); sanctuary",
        "derived: counts criteria at OK or better among primary-prevention, group-refugees",
        "Good when at least 2 criteria covered",
        "examples: 2 must match, 2 must not",
        "thresholds (weighted score 0..1): Good 0.7, OK 0.3",
        "Good only if primary-prevention at OK or better",
    ]:
        assert line in out, line


def test_show_by_bundled_id_and_unknown_id() -> None:
    bundled = bundled_rubrics()
    if bundled:
        rubric_id = next(iter(bundled))
        code, out, _ = run("rubric", "show", rubric_id)
        assert code == 0 and "levels (best first)" in out
    code, _, err = run("rubric", "show", "no-such-rubric")
    assert code == 2 and "is neither a file nor a bundled rubric id" in err


# --- schema -------------------------------------------------------------------------------------


def schema() -> dict:
    code, out, _ = run("rubric", "schema")
    assert code == 0
    return json.loads(out)


def test_schema_is_valid_json_schema_and_accepts_the_shipped_rubrics() -> None:
    spec = schema()
    jsonschema.Draft202012Validator.check_schema(spec)
    for path in [*bundled_rubrics().values(), MINI]:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), spec)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("          match:\n", "          mathces:\n"),  # unknown key
        (
            "          - kind: terms\n            terms: {refugees",
            "          - kind: termz\n            terms: {refugees",
        ),
        ("weight: 2", "weight: heavy"),
    ],
    ids=["unknown-key", "unknown-kind", "wrong-type"],
)
def test_schema_rejects_what_the_loader_rejects(old: str, new: str) -> None:
    data = yaml.safe_load(MINI.read_text().replace(old, new, 1))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_schema_to_a_file_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("rubric", "schema", "-o", str(a))[0] == 0
    assert run("rubric", "schema", "-o", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text())["title"] == "pmh-assess rubric"


# --- audit --------------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "We will prevent poor mental health in schools. "
        "There is no prevention plan for mental health yet. "
        "Prevention of heart disease is a priority. "
        "We will welcome refugees. Refugees and asylum seekers face barriers.\f"
        "Our prevention work on wellbeing continues. We support refugees in every town.",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Support for refugees is a priority. We will deliver wellbeing prevention with "
        "schools. Refugee families are supported by councils.",
        encoding="utf-8",
    )
    return folder


def audit(corpus: Path, *args: str) -> dict:
    code, out, _ = run("rubric", "audit", str(MINI), str(corpus), "-f", "json", *args)
    assert code == 0
    return json.loads(out)


def test_audit_reports_terms_voids_and_a_sample(corpus: Path) -> None:
    data = audit(corpus, "--sample", "2")
    assert data["plans"] == 2 and data["seed"] == 0 and data["sample_size"] == 2
    assert [c["id"] for c in data["criteria"]] == ["primary-prevention", "group-refugees"]
    prevention, refugees = data["criteria"]
    assert prevention["hits"] == 3 and prevention["voided"] == 2
    assert prevention["unmatched"] == ["primary prevention (evidence[0]:terms)"]
    assert prevention["top_terms"][0] == {
        "term": "prevention",
        "rule": "evidence[0]:terms",
        "hits": 2,
        "share": 0.6667,
    }
    assert {r["reason"]: r["count"] for r in prevention["void_reasons"]} == {
        "negated by 'There is no'": 1,
        "no mental-health context in the same sentence": 1,
    }
    negated = next(r for r in prevention["void_reasons"] if r["reason"].startswith("negated"))
    assert negated["example"] == (
        "a a.txt, p. 1: 'prevention' in: There is no prevention plan for mental health yet."
    )  # the plan, its document and page as every command cites them, and the words
    assert refugees["unmatched"] == ["sanctuary (evidence[0]:terms)"]
    assert refugees["hits"] == 6 and refugees["top_terms"][0]["term"] == "refugees"
    assert len(prevention["sample"]) == 2 and len(refugees["sample"]) == 2
    sampled = refugees["sample"][0]
    assert set(sampled) == {
        *("plan", "document", "page", "page_label", "rule", "matched", "words"),
        *("strength", "quote"),
    }
    assert "efugee" in sampled["quote"]
    assert {w for c in data["criteria"] for h in c["sample"] for w in h["words"]} >= {"Refugees"}


def test_audit_sample_is_reproducible_and_seeded(corpus: Path) -> None:
    first = audit(corpus, "--sample", "3", "--seed", "11")
    again = audit(corpus, "--sample", "3", "--seed", "11")
    assert first == again
    seeds = {
        tuple(
            h["quote"]
            for h in audit(corpus, "--sample", "3", "--seed", str(s))["criteria"][1]["sample"]
        )
        for s in range(8)
    }
    assert len(seeds) > 1  # different seeds draw different hits out of six
    everything = audit(corpus, "--sample", "50")["criteria"][1]["sample"]
    assert len(everything) == 6  # never more than there are


def test_audit_lists_the_other_forms_a_term_matched(tmp_path: Path) -> None:
    """A stem can join unrelated words: the audit names each form a term matched that is
    not the term as written (nor its plural or singular), in the rule's own terms, its
    near partners and its exclusions, with how often."""
    rubric = tmp_path / "stems.yaml"
    rubric.write_text(
        MINI.read_text(encoding="utf-8").replace(
            """          - kind: terms
            terms: ["prevention", "prevent", "primary prevention"]""",
            """          - kind: near
            terms: ["prevention"]
            near: [consultant, long-term]""",
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Prevention of poor mental health was the subject of a public consultation. "
        "Two consultants in public health lead our prevention work on mental health. "
        "Preventing mental ill health in the long term matters.",
        encoding="utf-8",
    )
    code, out, err = run("rubric", "audit", str(rubric), str(folder), "-f", "json")
    assert code == 0, err
    forms = next(c for c in json.loads(out)["criteria"] if c["id"] == "primary-prevention")
    assert forms["other_forms"] == [
        {"form": "consultation", "term": "consultant", "rule": "evidence[0]:near", "count": 1},
        {"form": "preventing", "term": "prevention", "rule": "evidence[0]:near", "count": 1},
    ]
    code, out, _ = run("rubric", "audit", str(rubric), str(folder), "--sample", "0")
    assert "   other forms matched: consultation (consultant, evidence[0]:near) 1, " in out


def test_audit_text_output(corpus: Path) -> None:
    code, out, _ = run("rubric", "audit", str(MINI), str(corpus), "--sample", "1")
    assert code == 0
    assert out.startswith("rubric audit: mini 1 over 2 plan(s); sample of 1 hit(s) per criterion")
    assert "== primary-prevention: Primary prevention" in out
    assert "   never matched: primary prevention (evidence[0]:terms)" in out
    assert (
        "   voided 1x negated by 'There is no'; e.g. a a.txt, p. 1: 'prevention' in: There" in out
    )
    assert "   [ ] " in out


# --- CI workflow and pre-commit hook ------------------------------------------------------------


def test_pre_commit_hook_runs_rubric_check(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "pmh-assess-rubric-check")
    program, *args = shlex.split(hook["entry"])
    assert program == "pmh-assess"
    code, out, _ = run(*args, str(MINI))  # pre-commit appends the changed files
    assert code == 0 and out.splitlines()[-1].startswith("ok: 1 rubric file checked")
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text().replace("weight: 2", "wieght: 2"))
    code, out, _ = run(*args, str(MINI), str(broken))
    assert code == 1 and "unknown key 'wieght'" in out


def test_github_workflow_checks_changed_rubrics_with_annotations() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "rubric-check.yml").read_text())
    steps = workflow["jobs"]["rubric"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("pmh-assess rubric check --strict --format github" in r for r in runs)
    assert any("pmh-assess rubric diff --base-ref" in r for r in runs)
    assert workflow[True]["pull_request"]["paths"]  # YAML reads the key `on` as True


def test_the_guide_example_criterion_passes_a_strict_check(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "writing-rubrics.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    criterion = next(b for b in blocks if "id: parenting-support" in b)
    rubric = tmp_path / "guide.yaml"
    mini = MINI.read_text().replace(  # the test rubric's one page-based condition warns
        "{commitments: 2, commitment_pages: 2}", "{commitments: 2}"
    )
    rubric.write_text(
        mini.replace("    criteria:\n", "    criteria:\n" + indent(criterion, " " * 6), 1)
    )
    code, out, _ = run("rubric", "check", "--strict", str(rubric))
    assert code == 0, out
    assert "11 examples run (0 failed); 0 errors, 0 warnings" in out


@pytest.mark.parametrize("command", ["list", "show", "check", "audit", "diff", "schema"])
def test_every_rubric_command_has_an_example_in_its_help(command: str) -> None:
    code, out, _ = run("rubric", command, "--help")
    assert code == 0 and f"pmh-assess rubric {command}" in out
