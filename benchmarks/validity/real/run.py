#!/usr/bin/env python3
"""How the ratings compare with an assessor's on real plan text.

    python benchmarks/validity/real/run.py                     # the dev labels: figures
    python benchmarks/validity/real/run.py --misses            # every disagreement, why
    python benchmarks/validity/real/run.py --criterion smi-plan --misses
    python benchmarks/validity/real/run.py --format markdown   # the table in docs/validity.md
    python benchmarks/validity/real/run.py --part holdout      # once per release, never to choose

Each extract of ../shared/corpus/real-text/ named in the labels is scored as a one-document
plan with the rubric; a criterion counts as credited when rated at or above the rubric's
middle level (OK of Good / OK / Poor). Against the labels (README.md beside this file):

- recall: credited criteria an assessor credits / criteria an assessor credits;
- precision: of what the tool credits, how much an assessor credits (every judged
  criterion: those not listed in the labels are judged not credited);
- trap precision: the same, counting only the labelled traps as wrong credits (criteria
  whose words tempt a matcher);
- agreement: criteria rated the same way (credited or not) / criteria judged.

`unsure` labels are left out of every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from labels import CORPUS, DERIVED, PARTS, load  # noqa: E402

from pmh_assess import Scorer, load_rubric  # noqa: E402
from pmh_assess.engine.scoring import PreparedDocument  # noqa: E402
from pmh_assess.extract import extract  # noqa: E402
from pmh_assess.plans import PlanSpec  # noqa: E402
from pmh_assess.text import prepare  # noqa: E402

DEFAULT_RUBRIC = ROOT / "criteria" / "mhf-2024.yaml"


@dataclass
class Tally:
    credits: int = 0  # labelled credit
    found: int = 0  # labelled credit, credited
    traps: int = 0  # labelled trap
    trapped: int = 0  # labelled trap, credited
    others: int = 0  # judged not credited, not a trap
    stray: int = 0  # judged not credited, not a trap, credited

    def add(self, label: str, credited: bool) -> None:
        if label == "credit":
            self.credits += 1
            self.found += credited
        elif label == "trap":
            self.traps += 1
            self.trapped += credited
        else:
            self.others += 1
            self.stray += credited

    @property
    def recall(self) -> float | None:
        return self.found / self.credits if self.credits else None

    @property
    def precision(self) -> float | None:
        flagged = self.found + self.trapped + self.stray
        return self.found / flagged if flagged else None

    @property
    def trap_precision(self) -> float | None:
        flagged = self.found + self.trapped
        return self.found / flagged if flagged else None

    @property
    def agreement(self) -> float | None:
        judged = self.credits + self.traps + self.others
        right = self.found + (self.traps - self.trapped) + (self.others - self.stray)
        return right / judged if judged else None


@dataclass
class Result:
    overall: Tally = field(default_factory=Tally)
    criteria: dict[str, Tally] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    extracts: int = 0


def score(part: str, rubric_path: Path, only: str | None = None) -> Result:
    rubric = load_rubric(rubric_path)
    scorer = Scorer(rubric, max_evidence=3)
    middle = rubric.levels[len(rubric.levels) // 2]
    limit = rubric.rank(middle)
    judged = [c.id for c in rubric.criteria if not c.derived and c.id not in DERIVED]
    result = Result()
    for entry in load(part):
        name = entry["file"]
        document = extract(CORPUS / name, display_path=name)
        prepared = PreparedDocument(document, prepare(document.pages))
        plan = scorer.score_plan(PlanSpec(Path(name).stem, name, []), [prepared])
        labels: dict[str, str] = {}
        for kind in ("credit", "trap"):
            for criterion in entry.get(kind) or {}:
                labels[criterion] = kind
        unsure = set(entry.get("unsure") or [])
        result.extracts += 1
        for cid in judged:
            if cid in unsure or (only and cid != only):
                continue
            outcome = plan.criterion(cid)
            credited = rubric.rank(outcome.rating) <= limit
            label = labels.get(cid, "no-credit")
            result.overall.add(label, credited)
            result.criteria.setdefault(cid, Tally()).add(label, credited)
            if credited != (label == "credit"):
                why = (entry.get(label) or {}).get(cid, {}).get("why", "")
                result.misses.append(
                    {
                        "file": name,
                        "criterion": cid,
                        "label": label,
                        "rating": outcome.rating,
                        "reason": outcome.reason,
                        "why": why,
                        "evidence": [e.quote for e in outcome.evidence[:2]],
                        "voided": [f"{v.reason}: {v.quote}" for v in outcome.voided_examples[:2]],
                    }
                )
    return result


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(result: Result, markdown: bool) -> str:
    rows = [
        (
            "criterion",
            "credits",
            "found",
            "recall",
            "traps",
            "trapped",
            "stray",
            "precision",
            "trap prec.",
            "agreement",
        ),
    ]
    for cid, t in [*sorted(result.criteria.items()), ("overall", result.overall)]:
        rows.append(
            (
                cid,
                str(t.credits),
                str(t.found),
                fmt(t.recall),
                str(t.traps),
                str(t.trapped),
                str(t.stray),
                fmt(t.precision),
                fmt(t.trap_precision),
                fmt(t.agreement),
            )
        )
    if markdown:
        out = ["| " + " | ".join(rows[0]) + " |", "|---" + "|--:" * (len(rows[0]) - 1) + "|"]
        for row in rows[1:]:
            name = f"**{row[0]}**" if row[0] == "overall" else f"`{row[0]}`"
            out.append("| " + " | ".join([name, *row[1:]]) + " |")
        return "\n".join(out)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=PARTS, default="dev")
    parser.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC)
    parser.add_argument("--criterion", help="only this criterion")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    parser.add_argument("--misses", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    result = score(args.part, args.rubric, args.criterion)
    t = result.overall
    if args.format == "json":
        print(
            json.dumps(
                {
                    "part": args.part,
                    "extracts": result.extracts,
                    "recall": t.recall,
                    "precision": t.precision,
                    "trap_precision": t.trap_precision,
                    "agreement": t.agreement,
                    "criteria": {
                        cid: {
                            "recall": c.recall,
                            "precision": c.precision,
                            "trap_precision": c.trap_precision,
                            "agreement": c.agreement,
                        }
                        for cid, c in sorted(result.criteria.items())
                    },
                    "misses": result.misses,
                },
                indent=2,
            )
        )
        return 0
    if args.misses:
        for m in result.misses:
            print(f"{m['file']}  {m['criterion']}  label {m['label']}, rated {m['rating']}")
            if m["why"]:
                print(f"    label: {m['why']}")
            print(f"    {m['reason']}")
            for q in m["evidence"]:
                print(f"    + {q[:200]}")
            for v in m["voided"]:
                print(f"    - {v[:200]}")
        print()
    print(table(result, args.format == "markdown"))
    print(
        f"\n{args.part}: {result.extracts} extracts; recall {fmt(t.recall)}, precision "
        f"{fmt(t.precision)}, trap precision {fmt(t.trap_precision)}, agreement "
        f"{fmt(t.agreement)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
