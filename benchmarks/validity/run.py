#!/usr/bin/env python3
"""Measure how far a rubric's ratings can be trusted, on the validity set.

    python benchmarks/validity/run.py                      # per-criterion recall and precision
    python benchmarks/validity/run.py --format markdown    # the table published in the docs
    python benchmarks/validity/run.py --misses             # every miss and false positive, why
    python benchmarks/validity/run.py --min-recall 0.90 --min-precision 0.97 \\
        --min-criterion-recall 0.75                        # exit 1 when below these bars

Each case of `benchmarks/validity/cases/` is a short passage of plan text labelled `credit`
(an assessor would rate the criterion OK or better from it) or `no-credit` (a trap), written
and labelled before it was ever scored. Every passage is scored as a one-document plan of its
own; a criterion counts as credited when it is rated at or above the rubric's middle level
(OK for Good/OK/Poor). Recall is credited positives over positives; precision is credited
positives over everything credited, traps included. Run from a clone: it uses the clone's
sources.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pmh_assess import Rubric, Scorer, UserError, load_rubric, prepare_text  # noqa: E402
from pmh_assess.engine.rating import rate  # noqa: E402
from pmh_assess.plans import PlanSpec  # noqa: E402
from pmh_assess.rubric.model import Criterion  # noqa: E402

CASES = HERE / "cases"
DEFAULT_RUBRIC = ROOT / "criteria" / "mhf-2024.yaml"
EXPECT = ("credit", "no-credit")
FIELDS = ("id", "criterion", "text", "expect", "why")
MAX_TEXT = 2000  # characters: a passage is a sentence or three, never a document


class CaseError(Exception):
    """A case file that cannot be used; the message names the file and the case."""


@dataclass(frozen=True)
class Case:
    id: str
    criterion: str
    text: str
    expect: str
    why: str
    source: str

    @property
    def positive(self) -> bool:
        return self.expect == "credit"


@dataclass(frozen=True)
class Outcome:
    case: Case
    rating: str
    credited: bool
    reason: str
    counted: tuple[str, ...] = ()  # "terms (strength, rule)" of each counted hit
    voided: tuple[str, ...] = ()  # "terms (why voided)" of each voided hit

    @property
    def correct(self) -> bool:
        return self.credited == self.case.positive


@dataclass
class Tally:
    """Counts for one criterion, or for the whole set."""

    positives: int = 0
    credited: int = 0  # positives rated at or above the middle level (true positives)
    traps: int = 0
    false_positives: int = 0  # traps rated at or above the middle level
    cases: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.cases.append(outcome.case.id)
        if outcome.case.positive:
            self.positives += 1
            self.credited += outcome.credited
        else:
            self.traps += 1
            self.false_positives += outcome.credited

    @property
    def recall(self) -> float | None:
        return self.credited / self.positives if self.positives else None

    @property
    def precision(self) -> float | None:
        flagged = self.credited + self.false_positives
        return self.credited / flagged if flagged else None


# ----------------------------------------------------------------------------- cases


def case_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            raise CaseError(f"{path}: no .yaml case files in this folder")
        return files
    if not path.is_file():
        raise CaseError(f"{path}: no such file or folder")
    return [path]


def load_cases(path: Path) -> list[Case]:
    """Every case of a case file, or of every case file in a folder, checked."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for file in case_files(path):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise CaseError(f"{file}: cannot read the cases: {_one_line(exc)}") from None
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            raise CaseError(f"{file}: expected a mapping with a `cases` list")
        for index, item in enumerate(data["cases"]):
            where = f"{file}: case {index + 1}"
            if not isinstance(item, dict):
                raise CaseError(f"{where}: expected a mapping")
            missing = [k for k in FIELDS if k not in item]
            extra = sorted(str(k) for k in item if k not in FIELDS)
            if missing or extra:
                said = [f"missing {', '.join(missing)}"] if missing else []
                said += [f"unknown {', '.join(extra)}"] if extra else []
                raise CaseError(f"{where}: {'; '.join(said)}")
            bad = [k for k in FIELDS if not isinstance(item[k], str) or not item[k].strip()]
            if bad:
                raise CaseError(f"{where}: {', '.join(bad)} must be non-empty text")
            case = Case(**{k: item[k] for k in FIELDS}, source=str(file))
            where = f"{file}: case {case.id!r}"
            if case.expect not in EXPECT:
                raise CaseError(f"{where}: expect must be one of {', '.join(EXPECT)}")
            if len(case.text) > MAX_TEXT:
                raise CaseError(f"{where}: text is longer than {MAX_TEXT} characters")
            if case.id in seen:
                raise CaseError(f"{where}: id already used in {seen[case.id]}")
            seen[case.id] = str(file)
            cases.append(case)
    return cases


# ----------------------------------------------------------------------------- scoring


def credit_level(rubric: Rubric) -> str:
    """The rubric's middle level (OK of Good/OK/Poor, Amber of Green/Amber/Red)."""
    return rubric.levels[(len(rubric.levels) - 1) // 2]


def score_case(
    scorer: Scorer, criterion: Criterion, case: Case
) -> tuple[str, str, list[str], list[str]]:
    """The rating of one criterion for a case's text scored as a plan of one document.

    Matching, counting and rating are the engine's own steps for a criterion (what
    `Scorer.score_plan` does for each one), without rating the other criteria: a derived
    criterion, which needs them, is rated through the whole plan."""
    prepared = prepare_text(case.text, name=f"{case.id}.txt")
    if criterion.derived:
        plan = scorer.score_plan(PlanSpec(id=case.id, title=case.id, documents=[]), [prepared])
        result = next(r for r in plan.criteria if r.id == criterion.id)
        counted = [f"{', '.join(e.matched)} ({e.strength}, {e.rule})" for e in result.evidence]
        return result.rating, result.reason, counted, []
    doc = scorer.index(prepared)
    hits, voided, measures = scorer.hits(criterion, [doc])
    rating = rate(criterion, scorer.counts(hits, measures, {doc.document: doc}), scorer.rubric)
    return (
        rating.level,
        rating.reason,
        [f"{'/'.join(h.labels)} ({h.strength}, {h.rule})" for h in hits],
        [f"{'/'.join(h.labels)} ({h.void})" for h in voided],
    )


def score_cases(cases: Sequence[Case], rubric: Rubric) -> tuple[list[Outcome], list[Case]]:
    """Each case scored as a plan of one document; cases whose criterion the rubric lacks
    are returned apart."""
    criteria = {c.id: c for c in rubric.criteria}
    scorer = Scorer(rubric)
    limit = rubric.rank(credit_level(rubric))
    outcomes: list[Outcome] = []
    skipped: list[Case] = []
    for case in cases:
        criterion = criteria.get(case.criterion)
        if criterion is None:
            skipped.append(case)
            continue
        level, reason, counted, voided = score_case(scorer, criterion, case)
        credited = rubric.rank(level) <= limit
        outcomes.append(Outcome(case, level, credited, reason, tuple(counted), tuple(voided)))
    return outcomes, skipped


def tally(outcomes: Sequence[Outcome], rubric: Rubric) -> tuple[dict[str, Tally], Tally]:
    """Per criterion (rubric order, criteria with cases only) and overall."""
    per: dict[str, Tally] = {c.id: Tally() for c in rubric.criteria}
    total = Tally()
    for outcome in outcomes:
        per[outcome.case.criterion].add(outcome)
        total.add(outcome)
    return {cid: t for cid, t in per.items() if t.cases}, total


# ----------------------------------------------------------------------------- output


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


HEAD = ("criterion", "positives", "credited", "recall", "traps", "false pos.", "precision")


def rows(per: dict[str, Tally], total: Tally) -> list[tuple[str, ...]]:
    def row(name: str, t: Tally) -> tuple[str, ...]:
        return (
            name,
            str(t.positives),
            str(t.credited),
            _fmt(t.recall),
            str(t.traps),
            str(t.false_positives),
            _fmt(t.precision),
        )

    return [row(cid, t) for cid, t in per.items()] + [row("overall", total)]


def table(per: dict[str, Tally], total: Tally) -> str:
    body = rows(per, total)
    widths = [max(len(r[i]) for r in [HEAD, *body]) for i in range(len(HEAD))]

    def line(r: tuple[str, ...]) -> str:
        cells = [r[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(HEAD), rule, *map(line, body[:-1]), rule, line(body[-1])])


def markdown(per: dict[str, Tally], total: Tally) -> str:
    body = rows(per, total)
    body[-1] = tuple(f"**{c}**" for c in body[-1])
    out = ["| " + " | ".join(HEAD) + " |", "|---" + "|--:" * (len(HEAD) - 1) + "|"]
    out += [
        "| " + " | ".join((f"`{r[0]}`" if i < len(body) - 1 else r[0], *r[1:])) + " |"
        for i, r in enumerate(body)
    ]
    return "\n".join(out)


def as_json(
    per: dict[str, Tally], total: Tally, outcomes: Sequence[Outcome], rubric: Rubric
) -> str:
    def figures(t: Tally) -> dict[str, Any]:
        return {
            "positives": t.positives,
            "credited": t.credited,
            "recall": t.recall,
            "traps": t.traps,
            "false_positives": t.false_positives,
            "precision": t.precision,
        }

    data = {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "credit_level": credit_level(rubric),
        "overall": figures(total),
        "criteria": {cid: figures(t) for cid, t in per.items()},
        "wrong": [
            {
                "id": o.case.id,
                "criterion": o.case.criterion,
                "expect": o.case.expect,
                "rating": o.rating,
                "reason": o.reason,
            }
            for o in outcomes
            if not o.correct
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def misses(outcomes: Sequence[Outcome]) -> str:
    """Every positive not credited and every trap credited, with what the engine saw."""
    out: list[str] = []
    for kind, want in (("missed", True), ("false positive", False)):
        wrong = [o for o in outcomes if o.case.positive == want and not o.correct]
        out.append(f"## {kind} ({len(wrong)})")
        for o in wrong:
            out.append(f"- {o.case.id} [{o.case.criterion}] rated {o.rating}: {o.reason}")
            out.append(f"    text: {' / '.join(o.case.text.splitlines())}")
            out.append(f"    label: {o.case.expect} ({o.case.why})")
            out += [f"    counted: {c}" for c in o.counted[:3]]
            out += [f"    voided: {v}" for v in o.voided[:3]]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def below_bars(
    per: dict[str, Tally],
    total: Tally,
    min_recall: float | None,
    min_precision: float | None,
    min_criterion_recall: float | None,
) -> list[str]:
    failed: list[str] = []
    if min_recall is not None and (total.recall or 0.0) < min_recall:
        failed.append(f"overall recall {_fmt(total.recall)} is below {min_recall:.2f}")
    if min_precision is not None and (total.precision or 0.0) < min_precision:
        failed.append(f"overall precision {_fmt(total.precision)} is below {min_precision:.2f}")
    if min_criterion_recall is not None:
        for cid, t in per.items():
            if t.recall is not None and t.recall < min_criterion_recall:
                failed.append(f"{cid}: recall {_fmt(t.recall)} is below {min_criterion_recall:.2f}")
    return failed


# ----------------------------------------------------------------------------- command


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Recall and precision of a rubric on the validity set.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC, help="rubric YAML")
    p.add_argument("--cases", type=Path, default=CASES, help="case file or folder of them")
    p.add_argument(
        "--criterion",
        action="append",
        default=[],
        metavar="ID",
        help="only the cases of this criterion (repeatable)",
    )
    p.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    p.add_argument(
        "--misses",
        action="store_true",
        help="list every miss and false positive with the rating's reason",
    )
    p.add_argument("--min-recall", type=_fraction, metavar="X")
    p.add_argument("--min-precision", type=_fraction, metavar="X")
    p.add_argument("--min-criterion-recall", type=_fraction, metavar="X")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    try:
        rubric = load_rubric(args.rubric)
        cases = load_cases(args.cases)
    except (UserError, CaseError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if args.criterion:
        unknown = sorted(set(args.criterion) - {c.criterion for c in cases})
        if unknown:
            print(f"Error: no cases for criterion {', '.join(unknown)}", file=sys.stderr)
            return 2
        cases = [c for c in cases if c.criterion in args.criterion]
    outcomes, skipped = score_cases(cases, rubric)
    if skipped:
        names = sorted({c.criterion for c in skipped})
        print(
            f"note: {len(skipped)} case(s) skipped, criteria not in rubric {rubric.id}: "
            + ", ".join(names),
            file=sys.stderr,
        )
    if not outcomes:
        print(f"Error: no case names a criterion of rubric {rubric.id}", file=sys.stderr)
        return 2
    per, total = tally(outcomes, rubric)
    if args.format == "json":
        print(as_json(per, total, outcomes, rubric))
    elif args.format == "markdown":
        print(markdown(per, total))
    else:
        print(
            f"rubric {rubric.id} {rubric.version}: credited = rated {credit_level(rubric)} "
            f"or better; {total.positives} positives, {total.traps} traps\n"
        )
        print(table(per, total))
    if args.misses:
        print()
        print(misses(outcomes), end="")
    failed = below_bars(per, total, args.min_recall, args.min_precision, args.min_criterion_recall)
    for line in failed:
        print(f"below the bar: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
