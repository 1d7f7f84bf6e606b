#!/usr/bin/env python3
"""Labels on real plan text: which part an extract is in, quotes turned into spans, checks.

    python benchmarks/validity/real/labels.py split                  # dev or holdout, per file
    python benchmarks/validity/real/labels.py build SCRATCH... -o dev.yaml
    python benchmarks/validity/real/labels.py check                  # spans still on their text

The extracts live beside the clone in ../shared/corpus/real-text/ (or PMH_ASSESS_SHARED);
only spans, hashes and reasons are kept here (see README.md beside this file).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SHARED = Path(os.environ.get("PMH_ASSESS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "real-text"
PARTS = ("dev", "holdout")
KINDS = ("credit", "trap")
DERIVED = {"five-ingredients", "groups-all-four"}


def part_of(name: str) -> str:
    """The part a file belongs to, fixed by a hash of its name before any labelling: one
    file in three is held out."""
    return "holdout" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def extracts() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("*.txt"))


def file_text(name: str) -> tuple[str, str]:
    """An extract's text (UTF-8) and the SHA-256 of its bytes."""
    data = (CORPUS / name).read_bytes()
    return data.decode("utf-8"), hashlib.sha256(data).hexdigest()


def locate(text: str, quote: str) -> tuple[int, int]:
    """The span of `quote` in `text`, matching any run of white space for any other."""
    words = quote.split()
    if not words:
        raise ValueError("empty quote")
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = [m.span() for m in re.finditer(pattern, text)]
    if not found:
        raise ValueError(f"quote not found: {quote[:60]!r}")
    return found[0]


def criterion_ids() -> set[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from pmh_assess.rubric import load_rubric

    rubric = load_rubric(ROOT / "criteria" / "mhf-2024.yaml")
    return {c.id for d in rubric.domains for c in d.criteria if c.evidence}


def build_entry(raw: dict[str, Any], known: set[str]) -> dict[str, Any]:
    name = raw["file"]
    text, sha = file_text(name)
    entry: dict[str, Any] = {"file": name, "sha256": sha}
    seen: set[str] = set()
    for kind in KINDS:
        out: dict[str, Any] = {}
        for criterion, label in sorted((raw.get(kind) or {}).items()):
            if criterion not in known:
                raise ValueError(f"{name}: unknown criterion {criterion!r}")
            if criterion in seen:
                raise ValueError(f"{name}: {criterion} labelled twice")
            seen.add(criterion)
            start, end = locate(text, str(label["quote"]))
            out[criterion] = {"at": [start, end], "why": str(label["why"]).strip()}
        if out:
            entry[kind] = out
    unsure = sorted(raw.get("unsure") or [])
    for criterion in unsure:
        if criterion not in known or criterion in seen:
            raise ValueError(f"{name}: unsure {criterion!r} unknown or labelled twice")
    if unsure:
        entry["unsure"] = unsure
    return entry


def build(scratches: list[Path], output: Path) -> int:
    known = criterion_ids()
    raws: list[dict[str, Any]] = []
    for path in sorted(p for scratch in scratches for p in scratch.glob("*.yaml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        raws.extend(loaded if isinstance(loaded, list) else [loaded])
    entries, errors = [], []
    for raw in sorted(raws, key=lambda r: r["file"]):
        try:
            entries.append(build_entry(raw, known))
        except (ValueError, KeyError, OSError) as exc:
            errors.append(f"{raw.get('file', '?')}: {exc}")
    parts = {part_of(e["file"]) for e in entries}
    if len(parts) > 1:
        errors.append("the scratch files mix dev and holdout extracts")
    for line in errors:
        print(line, file=sys.stderr)
    if errors:
        return 1
    output.write_text(
        yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    print(f"{len(entries)} extracts labelled -> {output}")
    return 0


def load(part: str) -> list[dict[str, Any]]:
    path = HERE / f"{part}.yaml"
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def check() -> int:
    known = criterion_ids()
    problems = []
    for part in PARTS:
        for entry in load(part):
            name = entry["file"]
            if part_of(name) != part:
                problems.append(f"{part}: {name} belongs to {part_of(name)}")
            _, sha = file_text(name)
            if sha != entry["sha256"]:
                problems.append(f"{part}: {name} has changed since it was labelled")
            for kind in KINDS:
                for criterion in entry.get(kind) or {}:
                    if criterion not in known:
                        problems.append(f"{part}: {name}: unknown criterion {criterion}")
    for line in problems:
        print(line)
    print("labels check:", "ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("split", help="which part each extract is in")
    b = sub.add_parser("build", help="turn scratch labels (quotes) into spans")
    b.add_argument("scratch", type=Path, nargs="+", help="folders of scratch label files")
    b.add_argument("-o", "--output", type=Path, required=True)
    sub.add_parser("check", help="every label still points at the text it was given on")
    args = parser.parse_args(argv)
    if args.command == "split":
        for name in extracts():
            print(f"{part_of(name)}\t{name}")
        return 0
    if args.command == "build":
        return build(args.scratch, args.output)
    return check()


if __name__ == "__main__":
    sys.exit(main())
