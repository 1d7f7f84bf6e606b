#!/usr/bin/env python3
"""How whole real published PDFs are rated against an assessor's labels for them.

    python benchmarks/validity/real_pdf.py              # agreement, wrong credits, misses
    python benchmarks/validity/real_pdf.py --list       # every disagreement, by document

Each PDF of ../shared/corpus/real-pdf/ is scored as it is (one plan per document) with
the default rubric, and the criteria it rates at the middle level or better are compared
with the criteria its labels credit (tests/data/real-pdf/<name>.yaml, `criteria`, read
from the rendered pages before the tool ran): agreement is the share of judged criteria
rated the same way (credited or not). `unsure` labels and derived criteria are left out.
A document the reader refuses, or rates not assessable, credits nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from pmh_assess.engine.rating import reaches  # noqa: E402
from pmh_assess.rubric import load_rubric  # noqa: E402

LABELS = ROOT / "tests" / "data" / "real-pdf"
CORPUS = ROOT.parent / "shared" / "corpus" / "real-pdf"
RUBRIC = ROOT / "criteria" / "mhf-2024.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--list", action="store_true", help="every disagreement, by document")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: {args.corpus} is not a folder of the real PDFs", file=sys.stderr)
        return 2
    rubric = load_rubric(RUBRIC)
    middle = rubric.levels[(len(rubric.levels) - 1) // 2]  # OK of Good / OK / Poor
    command = [sys.executable, "-m", "pmh_assess", "score", str(args.corpus)]
    command += ["-r", str(RUBRIC), "--format", "json", "--no-cache", "--quiet"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):  # 1: some documents not readable or not assessable
        print(f"error: scoring failed: {run.stderr.strip()}", file=sys.stderr)
        return 2
    rated = {
        plan["id"]: {c["id"]: c["rating"] for c in plan["criteria"]}
        for plan in json.loads(run.stdout)["plans"]
    }
    judged = agree = 0
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for path in sorted(LABELS.glob("*.yaml")):
        labels = yaml.safe_load(path.read_text(encoding="utf-8"))["criteria"]
        credit, unsure = set(labels["credit"]), set(labels["unsure"])
        plan = rated.get(path.stem, {})
        for criterion in rubric.criteria:
            if criterion.derived is not None or criterion.id in unsure:
                continue
            given = plan.get(criterion.id, rubric.levels[-1])
            tool = reaches(rubric, given, middle)
            judged += 1
            if tool == (criterion.id in credit):
                agree += 1
                continue
            (wrong if tool else missed)[criterion.id] += 1
            if args.list:
                said = "credited, not in the labels" if tool else "labelled, not credited"
                print(f"{path.stem}  {criterion.id}  {given}: {said}")
    print(
        f"{len(list(LABELS.glob('*.yaml')))} documents, {judged} criteria judged: agreement "
        f"{agree / judged:.3f}; {sum(wrong.values())} wrong credits, "
        f"{sum(missed.values())} misses"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
