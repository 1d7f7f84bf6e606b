"""A new rule kind takes exactly the steps CONTRIBUTING lists ("Adding a rule kind").

A copy of the package gets a toy kind, step by step as written there; a small program run
with the copy then checks that the loader, `rubric check`, `rubric show`/`explain`, the
matcher and scoring all know it. Leaving out any one step makes that program report it,
so a step the list misses (or no longer needs) shows here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "pmh_assess"
GUIDE = ROOT / "docs" / "writing-rubrics.md"

# Step 1: a module in rules/ with the kind's model, its candidates, its term lists; this
# kind also yields a count, the sentences where the plan capitalises a term.
TOY = '''"""`capitalised`: a term only where the plan writes it with a capital letter.

PASS (words: [sanctuary]): "Sanctuary is offered to everyone."
FAIL: "people seeking sanctuary" (lower case)
"""

from collections.abc import Iterator, Mapping
from typing import ClassVar, Literal

from ..base.vocabulary import Count
from .base import Candidate, DocIndex, EvidenceRule, TermList, describe_terms


class CapitalisedRule(EvidenceRule):
    kind: Literal["capitalised"]
    words: TermList
%(yields)s
    def candidates(self, doc: DocIndex) -> Iterator[Candidate]:
        for match in doc.find(self.words, self.inflect):
            if doc.text.text[match.start].isupper():
                yield Candidate(match.start, match.end, (match.label,))
%(counts)s%(term_lists)s%(own_terms)s%(searched)s'''
YIELDS = """
    yields: ClassVar[tuple[Count, ...]] = (
        Count(
            "capitals",
            one="capitalised sentence",
            many="capitalised sentences",
            description="sentences where a term is capitalised",
        ),
    )
"""
COUNTS = """
    def measures(self, doc: DocIndex, counted: list[Candidate]) -> dict[str, float]:
        return {"capitalised": float(len({doc.text.sentence_index(c.start) for c in counted}))}

    @classmethod
    def counts(cls, measures: Mapping[str, float]) -> dict[str, float]:
        return {"capitals": measures["capitalised"]} if "capitalised" in measures else {}
"""
TERM_LISTS = """
    def term_lists(self) -> list[TermList]:
        return [self.words]
"""
OWN_TERMS = """
    def own_terms(self) -> dict[str, TermList]:
        return {"words": self.words}
"""
SEARCHED = """
    def searched(self) -> dict[str, list[str]]:
        return {"words": describe_terms(self.words)}
"""
# Step 3: its paragraph among the rule kinds of docs/writing-rubrics.md.
GUIDE_PARAGRAPH = """
**`capitalised`**: a term only where the plan writes it with a capital letter.

```yaml
- kind: capitalised
  words: [Sanctuary]
```
"""

RUBRIC = """\
id: toy
version: "1"
title: A rubric with a toy rule kind
levels: [Good, OK, Poor]
language:
  commitment: ["we will"]
  negation: ["there is no"]
domains:
  - id: d
    title: D
    criteria:
      - id: sanctuary
        title: Sanctuary
        evidence:
          - kind: capitalised
            words: [sanctuary, refuge, refuge]
        rating:
          - {level: Good, when: {capitals: 2}}
          - {level: OK, when: {commitments: 1, capitals: 1}}
        examples:
          match: ["Sanctuary is offered to everyone."]
          no_match: ["Help for people seeking sanctuary."]
overall:
  points: {Good: 2, OK: 1, Poor: 0}
  thresholds: {Good: 0.7, OK: 0.3}
"""

# What every part of the tool must make of the kind, once its steps are taken.
PROGRAM = r"""
import json, sys
from pathlib import Path
from pmh_assess.authoring.check import check_file
from pmh_assess.engine.scoring import Scorer, prepare_text, rubric_matcher
from pmh_assess.base.errors import RubricError
from pmh_assess.rubric import load_rubric
from pmh_assess.rules import Rule
from pmh_assess.rubric.schema import rubric_schema_json

rubric_path, guide = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8")
missing = []
try:
    rubric = load_rubric(rubric_path)
except RubricError as exc:
    print(json.dumps(["the loader: " + str(exc.problems[0])]))
    sys.exit()
rule = rubric.criteria[0].evidence[0]
if '"capitalised"' not in rubric_schema_json():
    missing.append("the JSON schema")
found = check_file(rubric_path, coverage=True).findings
if any(f.severity == "error" for f in found):
    missing.append("rubric check: " + "; ".join(str(f) for f in found))
if not any("duplicate-term" in str(f) and "'refuge'" in str(f) for f in found):
    missing.append("rubric check's repeated terms (own_terms)")
if not any("'refuge'" in str(f) and "no must-match example" in str(f) for f in found):
    missing.append("rubric check --coverage (own_terms)")
if "words" not in rule.searched():
    missing.append("rubric show and explain (searched)")
scorer = Scorer(rubric)
if not rubric_matcher(rubric, scorer.cues).knows(scorer.cues.ordered(rule.words, rule.inflect)):
    missing.append("the matcher (term_lists)")
doc = scorer.index(prepare_text("We will offer Sanctuary. Some seek sanctuary.", "plan"))
hits, _, _ = scorer.hits(rubric.criteria[0], [doc])
if [h.labels for h in hits] != [("sanctuary",)]:
    missing.append(f"scoring: {hits}")
if "**`capitalised`**" not in guide:
    missing.append("docs/writing-rubrics.md")
# the count, through the commands: in the results (JSON) and in explain's output
from typer.testing import CliRunner
from pmh_assess.cli import app

plan = rubric_path.parent / "plan.txt"
plan.write_text("We will offer Sanctuary. Some seek sanctuary.", encoding="utf-8")
reading = ["-r", str(rubric_path), "--workers", "0", "--no-cache", "-q"]
said = "OK: 1 commitment (needs 1), 1 capitalised sentence (needs 1)"
needs = "Good needs 1 more capitalised sentence (has 1)"
run = CliRunner().invoke(app, ["score", str(plan), "-f", "json", *reading])
scored = json.loads(run.stdout)["plans"][0]["criteria"][0] if run.exit_code == 0 else {}
if (scored.get("measures"), scored.get("reason"), scored.get("missing")) != (
    {"capitals": 1.0}, said, needs
):
    missing.append(f"the count in results (counts): {run.stdout or run.exception}")
run = CliRunner().invoke(app, ["explain", str(plan), "-f", "json", *reading])
explained = json.loads(run.stdout)["criteria"][0] if run.exit_code == 0 else {}
if explained.get("counts", {}).get("capitals") != 1 or explained.get("reason") != said:
    missing.append(f"the count in explain (counts): {run.stdout or run.exception}")
run = CliRunner().invoke(app, ["explain", str(plan), *reading])
if needs not in run.stdout:
    missing.append(f"the count in explain's text (counts): {run.stdout or run.exception}")
print(json.dumps(missing))
"""

STEPS = {  # each step, and what is missing without it
    "module": "the loader",
    "yields": "the loader",
    "counts": "the count in results (counts)",
    "term_lists": "the matcher (term_lists)",
    "own_terms": "rubric check's repeated terms (own_terms)",
    "searched": "rubric show and explain (searched)",
    "union": "the loader",
    "guide": "docs/writing-rubrics.md",
}


def with_toy(tmp_path: Path, skip: str | None) -> list[str]:
    """What the program finds missing in a copy of the package given the toy kind, with
    every step taken but `skip`."""
    copy = tmp_path / "src" / "pmh_assess"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    rules = copy / "rules"
    parts = {
        "yields": YIELDS,
        "counts": COUNTS,
        "term_lists": TERM_LISTS,
        "own_terms": OWN_TERMS,
        "searched": SEARCHED,
    }
    if skip != "module":
        module = TOY % {k: ("" if k == skip else v) for k, v in parts.items()}
        (rules / "capitalised.py").write_text(module, encoding="utf-8")
    if skip not in ("union", "module"):
        init = (rules / "__init__.py").read_text(encoding="utf-8")
        union = re.search(r"Annotated\[(.*?), Field\(discriminator", init)
        assert union is not None, "the union is no longer one line of rules/__init__.py"
        init = init.replace(union.group(1), union.group(1) + " | CapitalisedRule")
        init = init.replace(
            "from .near import", "from .capitalised import CapitalisedRule\nfrom .near import"
        )
        (rules / "__init__.py").write_text(init, encoding="utf-8")
    guide = tmp_path / "writing-rubrics.md"
    text = GUIDE.read_text(encoding="utf-8")
    if skip != "guide":
        text = text.replace("## Contexts\n", GUIDE_PARAGRAPH + "\n## Contexts\n", 1)
    guide.write_text(text, encoding="utf-8")
    (tmp_path / "toy.yaml").write_text(RUBRIC, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PMH_ASSESS_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path / "toy.yaml"), str(guide)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_the_listed_steps_give_a_kind_everything(tmp_path: Path) -> None:
    assert with_toy(tmp_path, None) == []


@pytest.mark.parametrize("step", STEPS)
def test_each_step_is_needed(tmp_path: Path, step: str) -> None:
    missing = with_toy(tmp_path, step)
    assert missing and STEPS[step] in missing[0], missing


def test_contributing_lists_these_steps() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## Adding a rule kind", 1)[1].split("\n## ", 1)[0]
    for needed in (
        "term_lists()",
        "own_terms()",
        "searched()",
        "`yields`",
        "`measures(doc, counted)`",
        "`counts()`",
        "`Rule` union",
        "docs/writing-rubrics.md",
        "tests/test_rule_kind_steps.py",
    ):
        assert needed in section, needed


def test_every_kind_of_the_union_is_in_the_guide() -> None:
    from typing import get_args

    from pmh_assess.rules import Rule

    kinds = [get_args(m.model_fields["kind"].annotation)[0] for m in get_args(get_args(Rule)[0])]
    text = GUIDE.read_text(encoding="utf-8")
    assert [k for k in kinds if f"**`{k}`**" not in text] == []
