#!/usr/bin/env python3
"""How quickly the review workbench opens a criterion and jumps to its evidence.

    python benchmarks/workbench.py            # the 42-plan corpus (generated when missing)
    python benchmarks/workbench.py --quick    # 6 plans

Scores the corpus once (into a cache of its own, kept between runs in
benchmarks/corpus-full-workbench/), then drives the real web application in this
process, as the browser would: for plans in turn, opening a criterion whose plan was
not read yet (its documents come from the cache, with their evidence) and one whose
plan was, and jumping to the first counted sentence (finding it on its page, and
drawing that page with the highlights).
Prints the median and the slowest of each, in seconds of wall clock, and the CPU time
the process spent on each (which the load of other programs on the machine hardly
changes). The target is under 1 s for opening a criterion and for a jump.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

CRITERIA = ["primary-prevention", "group-asylum-refugees", "pmh-explicit", "suicide-prevention"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 plans instead of 42")
    parser.add_argument("--plans", type=int, default=12, help="plans opened (default 12)")
    args = parser.parse_args()

    import run  # the benchmark's corpus generator

    size = "quick" if args.quick else "full"
    corpus = HERE / f"corpus-{size}"
    run.ensure_corpus(corpus, size)
    kept = HERE / f"corpus-{size}-workbench"  # beside the corpus, ignored by git
    kept.mkdir(exist_ok=True)
    os.environ["PMH_ASSESS_CACHE_DIR"] = str(kept / "cache")
    results = kept / "results.json"
    if not results.is_file():
        print("scoring the corpus once ...", flush=True)
        command = [sys.executable, "-m", "pmh_assess", "score", str(corpus), "-q"]
        subprocess.run(
            [*command, "-f", "json", "-o", str(results)],
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from pmh_assess.plans import discover
    from pmh_assess.results import load_results
    from pmh_assess.rubric import load_rubric
    from pmh_assess.rubric.bundled import resolve_rubric
    from pmh_assess.run.cache import TextCache
    from pmh_assess.serve import Workbench, create_app

    started = time.perf_counter()
    machine = load_results(results)
    rubric = load_rubric(resolve_rubric(machine.rubric.id))
    specs, _ = discover([corpus])
    answers = Path(tempfile.mkdtemp(prefix="pmh-bench-")) / "reviews.yaml"
    bench = Workbench(
        machine, rubric, answers, specs, reviewer="bench", cache=TextCache(), blind=False
    )
    client = TestClient(create_app(bench, "t"), base_url="http://127.0.0.1")
    client.get("/?token=t", follow_redirects=False)
    ready = time.perf_counter() - started
    bench.warming.join()  # the rubric's matcher, compiled while the grid is first read
    warmed = time.perf_counter() - started
    pages = sum(d.pages for p in machine.plans for d in p.documents)
    print(
        f"{len(machine.plans)} plans, {pages:,} pages; workbench ready in {ready:.2f} s, "
        f"its matcher compiled in the background by {warmed:.2f} s"
    )

    cpu: dict[str, list[float]] = {}

    def timed(path: str, kind: str = "") -> tuple[float, str]:
        t, c = time.perf_counter(), time.process_time()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        cpu.setdefault(kind, []).append(time.process_time() - c)
        return time.perf_counter() - t, response.text if "png" not in path else ""

    grid, _ = timed("/")
    cold: list[float] = []
    warm: list[float] = []
    locate: list[float] = []
    image: list[float] = []
    for plan in machine.plans[: args.plans]:
        for n, criterion in enumerate(CRITERIA):
            took, html = timed(f"/c/{plan.id}/{criterion}", "cold" if n == 0 else "warm")
            (cold if n == 0 else warm).append(took)
            marker = 'data-first="'
            first = html.split(marker, 1)[1].split('"', 1)[0] if marker in html else ""
            if not first:
                continue
            doc, page, sentence = first.split("/")
            took, _ = timed(f"/api/locate/{plan.id}/{doc}/{sentence}", "locate")
            locate.append(took)
            took, _ = timed(f"/page/{plan.id}/{doc}/{page}.png?c={criterion}", "image")
            image.append(took)

    def line(name: str, values: list[float], kind: str = "") -> str:
        if not values:
            return f"{name:<52} (none)"
        spent = cpu.get(kind, [])
        said = (
            f"; CPU median {statistics.median(spent):.3f} s, most {max(spent):.3f} s"
            if spent
            else ""
        )
        return (
            f"{name:<52} wall median {statistics.median(values):.3f} s, "
            f"slowest {max(values):.3f} s ({len(values)}){said}"
        )

    print(f"{'the grid (' + str(len(machine.plans)) + ' plans x 44 criteria)':<52} {grid:.3f} s")
    print(line("open a criterion, its plan not read yet", cold, "cold"))
    print(" " * 4 + "in turn: " + ", ".join(f"{t:.2f}" for t in cold))
    print(line("open a criterion, its plan read", warm, "warm"))
    print(line("jump: find the first counted sentence on its page", locate, "locate"))
    print(line("jump: draw that page with the highlights", image, "image"))
    jumps = [a + b for a, b in zip(locate, image, strict=True)]
    cpu["jump"] = [a + b for a, b in zip(cpu.get("locate", []), cpu.get("image", []), strict=True)]
    print(line("jump, both together", jumps, "jump"))


if __name__ == "__main__":
    main()
