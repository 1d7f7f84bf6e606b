#!/usr/bin/env python3
"""Where a cold run's time goes, phase by phase, per 1,000 pages.

    python benchmarks/phases.py CORPUS            # PDFium, the default rubric
    python benchmarks/phases.py CORPUS --engine pdfplumber

Every document of the corpus goes through the steps a worker takes, in one process,
each step timed in CPU seconds of this process: reading (the PDF engine, with line
positions), preparing the text (normalise and segment), the automaton pass, finding
every term list the rubric matches, every criterion's rule checks (context, negation,
exclusion, voice, strength), encoding the evidence as the cache keeps it; then, for the
whole run, rating the plans, marking shared text and writing the JSON. Building the
rubric's automaton and loading the rubric are counted once. Process start-up (imports)
is timed apart, as `python -c "import pmh_assess.cli"` would cost it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

ORDER = (
    ("start", "start-up: importing the command line"),
    ("rubric", "loading the rubric"),
    ("automaton", "building the rubric's automaton (once per run)"),
    ("read", "reading PDFs (the engine, with line positions)"),
    ("prepare", "preparing text (normalise, segment)"),
    ("scan", "the automaton pass over the text"),
    ("find", "every term list's matches (candidates checked and resolved)"),
    ("rules", "rule checks (context, negation, exclusion, voice, strength, hits)"),
    ("encode", "encoding evidence as the cache keeps it"),
    ("rate", "rating the plans"),
    ("shared", "marking text shared across plans"),
    ("write", "writing the JSON"),
)


def start_up() -> float:
    """CPU seconds of a process that imports the command line and ends."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-c", "import pmh_assess.cli"],
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def phases(corpus: Path, engine: str = "pdfium") -> tuple[Counter[str], int, float]:
    """CPU seconds by phase, pages read, and MB of prepared text (UTF-8)."""
    from pmh_assess.engine.automaton import compiled, with_programs
    from pmh_assess.engine.evidence import context_of, criterion_evidence
    from pmh_assess.engine.scoring import PreparedDocument, Scorer, rubric_info, tool_version
    from pmh_assess.extract import extract
    from pmh_assess.plans import discover
    from pmh_assess.results import Results, results_json
    from pmh_assess.rubric import load_rubric, resolve_rubric
    from pmh_assess.run.memo import decode_evidence, encode_evidence
    from pmh_assess.run.shared import SharedText
    from pmh_assess.text import prepare

    spent: Counter[str] = Counter()
    clock = time.process_time()

    def tick(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        spent[name] += now - clock
        clock = now

    rubric = load_rubric(resolve_rubric(None))
    scorer = Scorer(rubric)
    tick("rubric")
    with_programs(scorer.matcher)  # every expression parsed and compiled once, as a run does
    matcher = compiled(scorer.matcher)
    for variant in matcher._variants.values():
        _ = variant.pattern  # each worker makes the patterns it tries from their programs
    tick("automaton")
    specs, _ = discover([corpus])
    criteria = [c for c in rubric.criteria if not c.derived]
    pages = 0
    text_mb = 0.0
    plans = []
    shared = SharedText()
    for spec in specs:
        prepared = []
        for path in spec.documents:
            tick("other")
            document = extract(path, engine=engine)
            pages += len(document.pages)
            tick("read")
            text = prepare(document.pages)
            text_mb += len(text.text.encode()) / 1e6
            tick("prepare")
            doc = PreparedDocument(document, text)
            index = scorer.index(doc, matcher)
            _ = index._scan
            tick("scan")
            for criterion in criteria:
                for rule in criterion.evidence:
                    for terms in (*rule.term_lists(), rule.exclude, rule.exclude_sentence):
                        if terms:
                            index.find(terms, rule.inflect)
                    context = context_of(rule, rubric)
                    if context is not None:
                        index.find(context.terms, context.inflect)
            for name in scorer.cues.lists:
                index._cue(name)
            tick("find")
            found = {c.id: criterion_evidence(c, rubric, index) for c in criteria}
            doc.marginal = scorer.marginal_counts(index)  # as a worker sends it with the evidence
            tick("rules")
            encoded = {cid: encode_evidence(e) for cid, e in found.items()}
            doc.evidence = {cid: decode_evidence(e, str(path)) for cid, e in encoded.items()}
            tick("encode")
            prepared.append(doc)
        plan = scorer.score_plan(spec, prepared)
        tick("rate")
        shared.add(plan)
        plans.append(plan)
        tick("shared")
    shared.settle(None)
    for plan in plans:
        shared.mark(plan)
    tick("shared")
    head = Results(tool_version=tool_version(), rubric=rubric_info(rubric), plans=[])
    size = sum(len(piece) for piece in results_json(head, plans))
    assert size > 0
    tick("write")
    return spent, pages, text_mb


def report(corpus: Path, engine: str) -> list[str]:
    """Markdown rows: each phase's CPU seconds and seconds per 1,000 pages."""
    spent, pages, text_mb = phases(corpus, engine)
    spent["start"] = start_up()
    total = sum(spent[name] for name, _ in ORDER)
    rows = [
        f"{pages} pages, {text_mb:.1f} MB of prepared text; {engine}; one process, CPU seconds.",
        "",
        "| phase | CPU s | per 1,000 pages | share |",
        "|---|---|---|---|",
    ]
    for name, words in ORDER:
        rows.append(
            f"| {words} | {spent[name]:.2f} | {spent[name] * 1000 / pages:.2f} "
            f"| {spent[name] / total:.0%} |"
        )
    rows.append(f"| **all** | {total:.2f} | {total * 1000 / pages:.2f} | 100% |")
    checks = spent["find"] + spent["rules"]
    rows += [
        "",
        f"Matching plus rule checks (term lists found, then every criterion's checks): "
        f"{text_mb / checks:.2f} MB/s of prepared text ({checks:.2f} s CPU).",
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--engine", default="pdfium", choices=("pdfium", "pdfplumber"))
    args = parser.parse_args()
    print("\n".join(report(args.corpus, args.engine)))


if __name__ == "__main__":
    main()
