#!/usr/bin/env python3
"""Benchmark pmh-assess on a generated corpus of plan PDFs and write benchmarks/RESULTS.md.

    python benchmarks/run.py            # 42 plans, about 4,000 pages (about 15 minutes)
    python benchmarks/run.py --quick    # 6 plans, about 300 pages (about a minute)

In one run, side by side, for each PDF engine: the engine's raw text extraction (its own
plain-text call on every page, on as many processes as scoring uses), cold scoring (an
empty cache) and warm scoring (everything cached) through the real command, with peak
memory; warm scoring after editing one criterion and after editing the language cues
(text cached, evidence matched again); a naive script (pdfplumber `extract_text` per
page, then `re.search` per rubric term); matching throughput; and the two engines
compared on the sample plans and two-column PDFs. Run from a clone with the project's
dependencies installed; it uses the clone's sources.
"""

from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

SIZES = {"full": (42, 95), "quick": (6, 50)}


# ----------------------------------------------------------------------------- measuring


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _pss_mb(pid: int) -> float:
    """Proportional set size (shared pages split between sharers), else resident size."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        return (
            int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            * os.sysconf("SC_PAGE_SIZE")
            / 2**20
        )
    except OSError:
        return 0.0


def run_command(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, peak memory of the whole process tree (MB) and stderr of a command."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            tree = [proc.pid, *_descendants(proc.pid)]
            peak = max(peak, sum(_pss_mb(p) for p in tree))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc").is_dir():
        sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}\n{err.decode()}")
    return elapsed, peak, err.decode()


# ----------------------------------------------------------------------------- baselines


def _raw_pdfium(path: str) -> tuple[int, int]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    chars = 0
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pages = len(pdf)
    pdf.close()
    return pages, chars


def _raw_pdfplumber(path: str) -> tuple[int, int]:
    import pdfplumber

    chars = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            page.close()
        return len(pdf.pages), chars


def raw_extraction(engine: str, files: list[Path], workers: int) -> tuple[float, int]:
    """The engine's own plain-text extraction of every page, on `workers` processes."""
    reader = {"pdfium": _raw_pdfium, "pdfplumber": _raw_pdfplumber}[engine]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        pool.map(abs, range(workers))  # start the processes before the clock
        started = time.perf_counter()
        counts = pool.map(reader, [str(f) for f in files], chunksize=1)
        elapsed = time.perf_counter() - started
    return elapsed, sum(p for p, _ in counts)


def rubric_terms(rubric: Any) -> list[str]:
    """Every term string in a rubric: what a naive script would search for."""
    from pmh_assess.rules import term_entries

    terms: list[str] = []
    for context in rubric.contexts.values():
        terms += [v for _, vs in term_entries(context.terms) for v in vs]
    for criterion in rubric.criteria:
        for rule in criterion.evidence:
            for terms_list in rule.term_lists():
                terms += [v for _, vs in term_entries(terms_list) for v in vs]
    return sorted(set(terms))


def naive(files: list[Path], terms: list[str]) -> float:
    """pdfplumber extract_text per page, then one re.search per term per page, one process."""
    import pdfplumber

    patterns = [re.compile(re.escape(t.replace("*", "")), re.I) for t in terms]
    started = time.perf_counter()
    found = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                text = page.extract_text() or ""
                page.close()
                for pattern in patterns:
                    if pattern.search(text):
                        found += 1
    return time.perf_counter() - started


# ----------------------------------------------------------------------------- matching


def matching(corpus_dir: Path, cache_dir: Path, engine: str) -> dict[str, float]:
    """MB/s of: finding every term list of the default rubric (automaton), the same with
    the regex matcher it replaced (on one plan: it is slow), evaluating every criterion's
    rules (context, negation, exclusions) without any cache, and str.lower()."""
    from pmh_assess.cache import TextCache
    from pmh_assess.engine import Scorer
    from pmh_assess.engine.evidence import criterion_evidence
    from pmh_assess.engine.index import find_by_regex
    from pmh_assess.extract import file_sha256
    from pmh_assess.plans import discover
    from pmh_assess.rubric import load_rubric, resolve_rubric
    from pmh_assess.run.documents import cached

    rubric = load_rubric(resolve_rubric(None))
    specs, _ = discover([corpus_dir])
    cache = TextCache(cache_dir)
    docs = []
    for spec in specs:
        for path in spec.documents:
            found = cached(cache, file_sha256(path), engine, str(path))
            assert found is not None, path
            docs.append(found)
    texts = [d.text.text for d in docs]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    scorer = Scorer(rubric)
    lists = list(scorer.matcher._lists)
    scorer.matcher.scan("")  # compile once, outside the clock
    started = time.perf_counter()
    scans = [scorer.matcher.scan(text) for text in texts]
    scanned = time.perf_counter() - started
    for scan in scans:
        for ordered in lists:
            scorer.matcher.find(ordered, scan)
    automaton = time.perf_counter() - started
    one = [d.text.text for d in docs[:2]]
    one_mb = sum(len(t.encode()) for t in one) / 1e6
    started = time.perf_counter()
    for text in one:
        for ordered in lists:
            find_by_regex(ordered, text)
    regex = time.perf_counter() - started
    criteria = [c for c in rubric.criteria if not c.derived]
    started = time.perf_counter()
    for doc in docs:
        index = scorer.index(doc)
        for criterion in criteria:
            criterion_evidence(criterion, rubric, index)
    rules = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        text.lower()
    lower = time.perf_counter() - started
    return {
        "mb": mb,
        "lists": len(lists),
        "variants": sum(len(o) for o in lists),
        "automaton": mb / automaton,
        "automaton_s": automaton,
        "scan": mb / scanned,
        "regex": one_mb / regex,
        "rules": mb / rules,
        "rules_s": rules,
        "lower": mb / lower,
    }


# ----------------------------------------------------------------------------- engines


def compare_engines(results: dict[str, dict[str, Any]], extra_pdfs: list[Path]) -> list[str]:
    """Ratings and text of the sample plans and two-column PDFs under both engines."""
    from pmh_assess.run import prepare_document

    lines = ["| plan | pdfium | pdfplumber | criteria rated differently |", "|---|---|---|---|"]
    a, b = results["pdfium"], results["pdfplumber"]
    for plan_a, plan_b in zip(a["plans"], b["plans"], strict=True):
        differ = [
            f"{ca['id']} ({ca['rating']}/{cb['rating']})"
            for ca, cb in zip(plan_a["criteria"], plan_b["criteria"], strict=True)
            if ca["rating"] != cb["rating"]
        ]
        lines.append(
            f"| {plan_a['id']} | {plan_a['overall']['rating']} | {plan_b['overall']['rating']} "
            f"| {', '.join(differ) or 'none'} |"
        )
    lines += ["", "| PDF | sentences (pdfium / pdfplumber) | identical | first difference |"]
    lines.append("|---|---|---|---|")
    pdfs = sorted((ROOT / "plans").rglob("*.pdf")) + extra_pdfs
    for pdf in pdfs:
        texts = {}
        for engine in ("pdfium", "pdfplumber"):
            text = prepare_document(pdf, engine=engine).text
            texts[engine] = [text.sentence_text(i) for i in range(len(text.sentences))]
        x, y = texts["pdfium"], texts["pdfplumber"]
        same = sum(1 for _ in set(x) & set(y))
        changes = difflib.unified_diff(y, x, lineterm="", n=0)
        diff = next((d for d in changes if d[:1] in "+-" and d[:3] not in ("+++", "---")), "")
        shown = diff[:90].replace("|", "\\|") + ("…" if len(diff) > 90 else "")
        where = pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else Path("../shared") / pdf.name
        lines.append(
            f"| `{where}` | {len(x)} / {len(y)} | {'all' if x == y else f'{same} shared'} "
            f"| {f'`{shown}`' if shown else '-'} |"
        )
    return lines


def two_column_pdfs(corpus_dir: Path) -> list[Path]:
    """Two-column documents of the corpus (found by layout) and the shared LaTeX sample."""
    import pypdfium2

    found = []
    for path in sorted(corpus_dir.rglob("*.pdf")):
        pdf = pypdfium2.PdfDocument(path)
        page = pdf[min(3, len(pdf) - 1)]
        textpage = page.get_textpage()
        width = page.get_width()
        right = textpage.get_text_bounded(left=width / 2 + 5, right=width)
        textpage.close()
        page.close()
        pdf.close()
        if len(right) > 500:
            found.append(path)
        if len(found) == 2:
            break
    shared_dir = Path(os.environ.get("PMH_ASSESS_SHARED", ROOT.parent / "shared"))
    shared = shared_dir / "corpus" / "pdf" / "pypdf-samples__multicolumn.pdf"
    return found + ([shared] if shared.is_file() else [])


# ----------------------------------------------------------------------------- the run


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    memory = ""
    if Path("/proc/cpuinfo").is_file():
        names = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.0f} GB RAM"
    import pypdfium2

    libraries = ", ".join(
        f"{p} {version(p)}" for p in ("pdfplumber", "pdfminer.six", "pypdfium2", "pyahocorasick")
    )
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; {memory}",
        f"- {platform.platform()}; Python {platform.python_version()}",
        f"- {libraries} (PDFium {pypdfium2.PDFIUM_INFO})",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 plans, about 300 pages")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, help="where the generated corpus is kept")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive script")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    size = "quick" if args.quick else "full"
    plans, pages = SIZES[size]
    corpus_dir = args.corpus or ROOT / "benchmarks" / f"corpus-{size}"
    stamp = corpus_dir / ".version"
    if not stamp.is_file() or stamp.read_text() != f"{corpus.VERSION} {plans} {pages}":
        shutil.rmtree(corpus_dir, ignore_errors=True)
        print(f"generating {plans} plans into {corpus_dir} ...", flush=True)
        corpus.generate(corpus_dir, plans, pages)
        stamp.write_text(f"{corpus.VERSION} {plans} {pages}")
    files = sorted(corpus_dir.rglob("*.pdf"))
    mb_files = sum(f.stat().st_size for f in files) / 1e6
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "pmh_assess", "score", str(corpus_dir), "-q", "-f", "json"]
    command += ["--workers", str(args.workers)]
    figures: dict[str, dict[str, float]] = {}
    outputs: dict[str, dict[str, Any]] = {}
    work = Path(tempfile.mkdtemp(prefix="pmh-bench-"))
    page_count = 0
    try:
        for engine in ("pdfium", "pdfplumber"):
            print(f"{engine}: raw extraction ...", flush=True)
            raw, page_count = raw_extraction(engine, files, args.workers)
            cache = work / f"cache-{engine}"
            run_env = {**env, "PMH_ASSESS_CACHE_DIR": str(cache)}
            out = work / f"{engine}.json"
            base = [*command, "--engine", engine, "-o", str(out)]
            print(f"{engine}: cold ...", flush=True)
            cold, cold_mem, _ = run_command(base, run_env)
            cold_json = out.read_bytes()
            print(f"{engine}: warm ...", flush=True)
            warm, warm_mem, _ = run_command(base, run_env)
            assert out.read_bytes() == cold_json, "warm output differs from cold"
            figures[engine] = {"raw": raw, "cold": cold, "warm": warm}
            figures[engine].update(cold_mem=cold_mem, warm_mem=warm_mem)
            outputs[engine] = json.loads(cold_json)
        print("pdfium: warm after rubric edits ...", flush=True)
        figures["pdfium"].update(edited_rubrics(command, env, work))
        print("matching throughput ...", flush=True)
        match = matching(corpus_dir, work / "cache-pdfium", "pdfium")
        naive_s = None
        if not args.no_naive:
            print("naive script ...", flush=True)
            from pmh_assess.rubric import load_rubric, resolve_rubric

            naive_s = naive(files, rubric_terms(load_rubric(resolve_rubric(None))))
        print("engines compared ...", flush=True)
        samples = {}
        for engine in ("pdfium", "pdfplumber"):
            out = work / f"samples-{engine}.json"
            sample = [sys.executable, "-m", "pmh_assess", "score", str(ROOT / "plans"), "-q"]
            sample += ["-f", "json", "-o", str(out), "--no-cache", "--engine", engine]
            run_command(sample, env)
            samples[engine] = json.loads(out.read_text())
        comparison = compare_engines(samples, two_column_pdfs(corpus_dir))
        corpus_diff = rating_differences(outputs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = write_report(
        args,
        size,
        len(files),
        page_count,
        mb_files,
        figures,
        match,
        naive_s,
        comparison,
        corpus_diff,
    )
    args.output.write_text(report, encoding="utf-8")
    print(f"wrote {args.output}")


def edited_rubrics(command: list[str], env: dict[str, str], work: Path) -> dict[str, float]:
    """Warm scoring with cached text after editing one criterion, then the language cues."""
    rubric = (ROOT / "criteria" / "mhf-2024.yaml").read_text(encoding="utf-8")
    one = rubric.replace(  # a new variant of one term of one criterion
        "public mental health: [public mental health, public mental wellbeing]",
        "public mental health: [public mental health, public mental wellbeing, public wellbeing]",
        1,
    )
    language = rubric.replace("    - we pledge\n", "    - we pledge\n    - we solemnly pledge\n", 1)
    assert one != rubric and language != rubric
    out: dict[str, float] = {}
    run_env = {**env, "PMH_ASSESS_CACHE_DIR": str(work / "cache-pdfium")}
    for name, text in (("warm_one", one), ("warm_language", language)):
        path = work / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        out[name], out[f"{name}_mem"], _ = run_command(
            [*command, "--engine", "pdfium", "-r", str(path), "-o", str(work / f"{name}.json")],
            run_env,
        )
    return out


def rating_differences(outputs: dict[str, dict[str, Any]]) -> str:
    a, b = outputs["pdfium"]["plans"], outputs["pdfplumber"]["plans"]
    criteria = sum(len(p["criteria"]) for p in a)
    differ = sum(
        ca["rating"] != cb["rating"]
        for pa, pb in zip(a, b, strict=True)
        for ca, cb in zip(pa["criteria"], pb["criteria"], strict=True)
    )
    overall = sum(
        pa["overall"]["rating"] != pb["overall"]["rating"] for pa, pb in zip(a, b, strict=True)
    )
    return (
        f"On the generated corpus the two engines rate {differ} of {criteria} criterion results "
        f"and {overall} of {len(a)} overall ratings differently."
    )


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_report(
    args: argparse.Namespace,
    size: str,
    documents: int,
    pages: int,
    mb_files: float,
    f: dict[str, dict[str, float]],
    m: dict[str, float],
    naive_s: float | None,
    comparison: list[str],
    corpus_diff: str,
) -> str:
    pdfium, plumber = f["pdfium"], f["pdfplumber"]
    peak = max(pdfium["cold_mem"], pdfium["warm_mem"], plumber["cold_mem"], plumber["warm_mem"])
    cmd = "python benchmarks/run.py" + (" --quick" if size == "quick" else "")
    cmd += "" if args.workers == os.cpu_count() else f" --workers {args.workers}"
    cmd += " --no-naive" if args.no_naive else ""
    rows = [
        "| | pdfium (default) | pdfplumber |",
        "|---|---|---|",
        f"| raw extraction (engine's own text call, {args.workers} processes) "
        f"| {pdfium['raw']:.1f} s | {plumber['raw']:.1f} s |",
        f"| cold scoring (empty cache) | {pdfium['cold']:.1f} s | {plumber['cold']:.1f} s |",
        f"| cold / raw extraction | {pdfium['cold'] / pdfium['raw']:.2f} x "
        f"| {plumber['cold'] / plumber['raw']:.2f} x |",
        f"| warm scoring (text, evidence and plan results cached) "
        f"| {pdfium['warm']:.2f} s | {plumber['warm']:.2f} s |",
        f"| warm after editing one criterion | {pdfium['warm_one']:.1f} s | |",
        f"| warm after editing the language cues (every criterion matched again) "
        f"| {pdfium['warm_language']:.1f} s | |",
        f"| peak memory, cold / warm (whole process tree, PSS) "
        f"| {pdfium['cold_mem']:.0f} / {pdfium['warm_mem']:.0f} MB "
        f"| {plumber['cold_mem']:.0f} / {plumber['warm_mem']:.0f} MB |",
    ]
    if naive_s is not None:
        rows.append(
            f"| naive script (pdfplumber `extract_text` per page, `re.search` per term, "
            f"1 process) | | {naive_s:.1f} s |"
        )
    targets = [
        "| target | figure | |",
        "|---|---|---|",
        f"| warm re-score < 2 s | {pdfium['warm']:.2f} s | {_verdict(pdfium['warm'] < 2)} |",
        f"| cold <= 1.3 x raw extraction, pdfium | {pdfium['cold'] / pdfium['raw']:.2f} x "
        f"| {_verdict(pdfium['cold'] <= 1.3 * pdfium['raw'])} |",
        f"| cold <= 1.3 x raw extraction, pdfplumber | {plumber['cold'] / plumber['raw']:.2f} x "
        f"| {_verdict(plumber['cold'] <= 1.3 * plumber['raw'])} |",
        f"| cold with the fast engine < 10 s | {pdfium['cold']:.1f} s "
        f"| {_verdict(pdfium['cold'] < 10)} |",
        f"| matching the whole default rubric >= 20 MB/s: the automaton pass "
        f"| {m['scan']:.1f} MB/s | {_verdict(m['scan'] >= 20)} |",
        f"| the same, every list's matches resolved exactly | {m['automaton']:.1f} MB/s "
        f"| {_verdict(m['automaton'] >= 20)} |",
        f"| peak memory < 1 GB | {peak:.0f} MB | {_verdict(peak < 1024)} |",
    ]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Produced by `{cmd}` on {date.today().isoformat()}"
            + (" (quick size: not the corpus the targets are for)." if size == "quick" else "."),
            "",
            "## Machine",
            "",
            *machine(),
            "",
            "## Corpus",
            "",
            f"{documents} generated plan PDFs ({documents // 2} plans of a strategy and a joint "
            f"forward plan), {pages} pages, {mb_files:.1f} MB on disk, {m['mb']:.1f} MB of text "
            "after extraction; a third of the documents are set in two columns "
            "(`benchmarks/corpus.py`).",
            "",
            "## Scoring",
            "",
            "Wall time of `pmh-assess score <corpus> --format json -o results.json` (the whole "
            "command: start-up, reading, matching, rating, writing), default rubric "
            "`mhf-2024`. Warm output is checked to be byte-identical to cold.",
            "",
            *rows,
            "",
            "## Matching",
            "",
            f"The default rubric is {m['lists']} term and cue lists, {m['variants']} term "
            f"variants; text: {m['mb']:.1f} MB.",
            "",
            "| | MB/s |",
            "|---|---|",
            f"| the automaton pass alone: where any variant of any list may start "
            f"| {m['scan']:.1f} |",
            f"| every list's matches, exactly as before: that pass, then each candidate checked "
            f"with its term's expression and resolved longest first, list by list "
            f"| {m['automaton']:.1f} ({m['automaton_s']:.2f} s) |",
            f"| every list, one regular expression per list (the matcher it replaced; "
            f"timed on one plan) | {m['regex']:.2f} |",
            f"| every criterion's rules: matching plus context, negation, exclusion and "
            f"strength checks, nothing cached | {m['rules']:.2f} ({m['rules_s']:.1f} s) |",
            f"| `str.lower()` over the text (the floor) | {m['lower']:.0f} |",
            "",
            "## Targets",
            "",
            *targets,
            "",
            "## Engines compared",
            "",
            "PDFium is the default: on the sample plans (including the two-column one) it gives "
            "the same sentences, pages and sections as pdfplumber, so the same ratings, at a "
            "fraction of the time. Sample plans, ratings with each engine:",
            "",
            *comparison,
            "",
            corpus_diff,
            "",
        ]
    )


if __name__ == "__main__":
    main()
