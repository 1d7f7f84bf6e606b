#!/usr/bin/env python3
"""Benchmark pmh-assess on a generated corpus of plan PDFs and write a report of the figures.

    python benchmarks/run.py            # 42 plans, about 4,000 pages (about 15 minutes)
    python benchmarks/run.py --quick    # 6 plans, about 300 pages (a few minutes)
    python benchmarks/run.py --output benchmarks/RESULTS.md   # the figures the README cites

The report goes to benchmarks/latest-full.md or benchmarks/latest-quick.md (not tracked);
benchmarks/RESULTS.md, the full corpus's figures that the README cites, is rewritten only
when named with --output, and never by a quick run.
    python benchmarks/run.py --engines pdfium --no-naive   # PDFium only: a few minutes
    python benchmarks/run.py --engines pdfium --no-naive --against main --pairs 3

In one run, side by side, for each PDF engine asked for: the engine's raw text extraction
(its own plain-text call on every page, on as many processes as scoring uses), cold scoring
(an empty cache) and warm scoring (everything cached) through the real command, each in
wall and CPU seconds of the whole process tree, with peak memory of the tree and of the
main process alone; with PDFium, warm scoring after editing one criterion and after editing
the language cues (text cached, evidence matched again) and the main process's memory on
the quick and the full corpus; `pmh-assess --help`; matching throughput; a naive script
(pdfplumber `extract_text` per page, then `re.search` per rubric term; `--no-naive` skips
it); and, with both engines, the two compared on the sample plans and two-column PDFs.
Progress is printed as it goes; the report is written at the end and says which parts
were not run. With `--against REV`, cold and warm PDFium scoring of another revision of
this repository (its `src`, exported from git) and of this clone are also run in turns,
`--pairs` times each, and reported side by side with whether their JSON is the same: on
a busy or shared machine single runs vary by a fifth, and only runs side by side show a
change of a few percent. A corpus is generated under `--corpus-root` (default `benchmarks/`) unless
one of the same generator version is already there. Run from a clone with the project's
dependencies installed; it uses the clone's sources. CPU time of worker processes is
counted on Linux, where the benchmark adopts them as a subreaper.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import difflib
import io
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

SIZES = {"full": (42, 95), "quick": (6, 50)}
ENGINES = ("pdfium", "pdfplumber")
HELP_RUNS = 10  # `pmh-assess --help` is timed as the median of this many runs
FLAT = 1.25  # main-process memory is flat when the full corpus needs <= this x the quick one
PR_SET_CHILD_SUBREAPER = 36
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
STARTED = time.perf_counter()


# ----------------------------------------------------------------------------- measuring


@dataclass
class Measured:
    """One command's run: wall and CPU time, memory, and how the CPU time was checked."""

    wall: float  # seconds from start until the command's own process ended
    cpu: float  # user + system seconds of the whole process tree (getrusage of children)
    cpu_sampled: float  # the same summed from /proc samples: a lower bound, as a check
    tree_mb: float  # peak PSS of the whole process tree, sampled
    main_mb: float  # peak resident memory of the command's own process (VmHWM, not the tree)
    main_rusage_mb: float  # its ru_maxrss: includes this process's size at the start (below)


def become_subreaper() -> bool:
    """Adopt this process's orphaned descendants (Linux prctl PR_SET_CHILD_SUBREAPER).

    Workers are the children of a fork server, itself a child of the command: when the
    command ends first they would be adopted by init and their CPU time lost to
    getrusage(RUSAGE_CHILDREN). As a subreaper they are adopted, and reaped, here.
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)


def _parents() -> dict[int, int]:
    """Every process's parent, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents[int(entry.name)] = parent
    return parents


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _own_children() -> set[int]:
    return {child for child, parent in _parents().items() if parent == os.getpid()}


def reap_orphans(known: set[int], patience: float = 60.0) -> None:
    """Wait for every child of this process not in `known`: the command's adopted orphans.

    Children started before the command (a pool's resource tracker) live on and are
    left alone. An orphan still running after `patience` seconds is killed.
    """
    deadline = time.monotonic() + patience
    while orphans := _own_children() - known:
        for pid in orphans:
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _cpu_seconds(pid: int) -> float | None:
    """User + system seconds of one process so far (not its children), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


def _peak_rss_mb(pid: int) -> float | None:
    """A process's peak resident memory so far (VmHWM), from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


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


class TreeSampler:
    """Samples a process tree every 50 ms: peak PSS, each process's CPU, the main peak RSS."""

    def __init__(self, pid: int, *, enabled: bool = True) -> None:
        self.pid = pid
        self.enabled = enabled and Path("/proc").is_dir()
        self.tree_mb = 0.0
        self.main_mb = 0.0
        self.cpu: dict[int, float] = {}  # last CPU seconds seen, per process
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._done.is_set():
            tree = [self.pid, *_descendants(self.pid)]
            self.tree_mb = max(self.tree_mb, sum(_pss_mb(p) for p in tree))
            self.main_mb = max(self.main_mb, _peak_rss_mb(self.pid) or 0.0)
            for pid in tree:
                seconds = _cpu_seconds(pid)
                if seconds is not None:
                    self.cpu[pid] = max(seconds, self.cpu.get(pid, 0.0))
            self._done.wait(0.05)


def run_command(args: list[str], env: dict[str, str], *, sample: bool = True) -> Measured:
    """Run a command; measure it and every process it starts, down to the last orphan.

    Wall time runs until the command's own process ends. CPU time is the change in
    getrusage(RUSAGE_CHILDREN) once the command and all its descendants have been reaped
    (this process is their subreaper). The main process's peak memory is its own
    VmHWM read from /proc while it runs (a high-water mark: the last reading holds the
    peak). Its ru_maxrss from wait4 is kept only for the log: Python starts children with
    vfork, and exec carries the parent's high-water mark into the child's, so ru_maxrss
    is never below this benchmark's own size at the time (over 100 MB late in a run).
    """
    known = _own_children()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        with TreeSampler(proc.pid, enabled=sample) as sampler:
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        reap_orphans(known)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}\n{stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(
        wall=wall,
        cpu=cpu,
        cpu_sampled=sum(sampler.cpu.values()),
        tree_mb=sampler.tree_mb,
        main_mb=sampler.main_mb if sampler.enabled else usage.ru_maxrss / 1024,
        main_rusage_mb=usage.ru_maxrss / 1024,
    )


def median_wall(args: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of `runs` runs of a short command."""
    return statistics.median([run_command(args, env, sample=False).wall for _ in range(runs)])


# ----------------------------------------------------------------------------- baselines


def _raw_pdfium(path: str) -> tuple[int, float]:
    """Pages of one PDF and the CPU seconds PDFium's own text call took on them."""
    import pypdfium2

    started = time.process_time()
    pdf = pypdfium2.PdfDocument(path)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pages = len(pdf)
    pdf.close()
    return pages, time.process_time() - started


def _raw_pdfplumber(path: str) -> tuple[int, float]:
    """Pages of one PDF and the CPU seconds pdfplumber's `extract_text` took on them."""
    import pdfplumber

    started = time.process_time()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        pages = len(pdf.pages)
    return pages, time.process_time() - started


def _load_engines() -> None:
    """Import both engines in a pool's process before the clock starts."""
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401


def _pid_after_pause(_: int) -> int:
    time.sleep(0.1)
    return os.getpid()


@dataclass
class Raw:
    """The baseline: an engine's own plain-text call on every page of the corpus."""

    wall: float  # from the first document handed out to the last one read
    cpu: float  # user + system seconds of the text calls, summed over the processes
    pages: int


def raw_extraction(engine: str, files: list[Path], workers: int) -> Raw:
    """The engine's own plain-text extraction of every page, on `workers` processes.

    Processes are started and the engines imported before the clock starts; CPU time is
    what each process spent in the text calls, summed.
    """
    reader = {"pdfium": _raw_pdfium, "pdfplumber": _raw_pdfplumber}[engine]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_load_engines) as pool:
        while len(set(pool.map(_pid_after_pause, range(workers), chunksize=1))) < workers:
            pass  # until every process has started and answered
        started = time.perf_counter()
        counts = pool.map(reader, [str(f) for f in files], chunksize=1)
        elapsed = time.perf_counter() - started
    return Raw(wall=elapsed, cpu=sum(c for _, c in counts), pages=sum(p for p, _ in counts))


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
    rules (context, negation, exclusions) without any cache, and str.lower(). In CPU time
    of this process: on a busy machine wall time would count other work too."""
    from pmh_assess.engine import Scorer
    from pmh_assess.engine.evidence import criterion_evidence
    from pmh_assess.engine.index import find_by_regex
    from pmh_assess.extract import file_sha256
    from pmh_assess.plans import discover
    from pmh_assess.rubric import load_rubric, resolve_rubric
    from pmh_assess.run.cache import TextCache
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
    started = time.process_time()
    scans = [scorer.matcher.scan(text) for text in texts]
    scanned = time.process_time() - started
    for scan in scans:
        for ordered in lists:
            scorer.matcher.find(ordered, scan)
    automaton = time.process_time() - started
    one = [d.text.text for d in docs[:2]]
    one_mb = sum(len(t.encode()) for t in one) / 1e6
    started = time.process_time()
    for text in one:
        for ordered in lists:
            find_by_regex(ordered, text)
    regex = time.process_time() - started
    criteria = [c for c in rubric.criteria if not c.derived]
    started = time.process_time()
    for doc in docs:
        index = scorer.index(doc)
        for criterion in criteria:
            criterion_evidence(criterion, rubric, index)
    rules = time.process_time() - started
    started = time.process_time()
    for text in texts:
        text.lower()
    lower = time.process_time() - started
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


def compare_engines(
    results: dict[str, dict[str, Any]], extra_pdfs: list[Path], corpus_dir: Path
) -> list[str]:
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
        where = _shown_path(pdf, corpus_dir)
        lines.append(
            f"| `{where}` | {len(x)} / {len(y)} | {'all' if x == y else f'{same} shared'} "
            f"| {f'`{shown}`' if shown else '-'} |"
        )
    return lines


def _shown_path(pdf: Path, corpus_dir: Path) -> Path:
    """A PDF's path as the report shows it: never this machine's own directories."""
    if pdf.is_relative_to(corpus_dir):
        return Path(corpus_dir.name) / pdf.relative_to(corpus_dir)
    if pdf.is_relative_to(ROOT):
        return pdf.relative_to(ROOT)
    return Path("../shared") / pdf.name


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


def cpu_ticks() -> tuple[int, int] | None:
    """(idle, total) clock ticks of every core since boot, from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(f) for f in fields]
    return ticks[3] + ticks[4], sum(ticks)  # idle + iowait


def idleness(seconds: float = 10.0) -> str:
    """How idle the machine is before the benchmark starts: its cores' idle share over
    `seconds`, and the load averages."""
    before = cpu_ticks()
    time.sleep(seconds)
    after = cpu_ticks()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    if before is None or after is None or after[1] == before[1]:
        return f"load average {load}"
    idle = (after[0] - before[0]) / (after[1] - before[1])
    return f"cores {idle:.0%} idle over {seconds:.0f} s; load average (1, 5, 15 min) {load}"


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


@dataclass
class Results:
    """Everything one run measured; a part that was not run stays empty."""

    size: str
    engines: list[str]
    workers: int
    documents: int = 0
    pages: int = 0
    mb_files: float = 0.0
    raw: dict[str, Raw] = field(default_factory=dict)
    cold: dict[str, Measured] = field(default_factory=dict)
    warm: dict[str, Measured] = field(default_factory=dict)
    edited: dict[str, Measured] = field(default_factory=dict)  # "one", "language"
    help_s: float | None = None
    main_quick: tuple[int, float] | None = None  # pages, main-process peak MB (cold)
    main_full: tuple[int, float] | None = None
    match: dict[str, float] | None = None
    naive_s: float | None = None
    comparison: list[str] | None = None
    corpus_diff: str | None = None
    against: Against | None = None
    floor: Measured | None = None  # cold PDFium scoring with a one-term rubric
    real_warm: list[Measured] = field(default_factory=list)  # warm runs on --real-pdf
    real_pdf: str = ""
    phases: list[str] = field(default_factory=list)  # benchmarks/phases.py's report
    idle: list[str] = field(default_factory=list)  # how idle the machine was
    skipped: list[str] = field(default_factory=list)


def say(message: str) -> None:
    """A progress line, with the time since the run began."""
    print(f"[{time.perf_counter() - STARTED:7.1f} s] {message}", flush=True)


def ensure_corpus(corpus_dir: Path, size: str) -> list[Path]:
    """The corpus's PDFs, generating it first when missing or of another generator version."""
    plans, pages = SIZES[size]
    stamp = corpus_dir / ".version"
    if not stamp.is_file() or stamp.read_text() != f"{corpus.VERSION} {plans} {pages}":
        shutil.rmtree(corpus_dir, ignore_errors=True)
        say(f"generating {plans} plans into {corpus_dir} ...")
        corpus.generate(corpus_dir, plans, pages)
        stamp.write_text(f"{corpus.VERSION} {plans} {pages}")
    return sorted(corpus_dir.rglob("*.pdf"))


def count_pages(files: list[Path]) -> int:
    import pypdfium2

    total = 0
    for path in files:
        pdf = pypdfium2.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


def score_command(corpus_dir: Path, engine: str, workers: int, out: Path) -> list[str]:
    """`pmh-assess score <corpus> -f json -o <out>` with this clone's sources."""
    return [
        *[sys.executable, "-m", "pmh_assess", "score", str(corpus_dir), "-q", "-f", "json"],
        *["--workers", str(workers), "--engine", engine, "-o", str(out)],
    ]


def _seconds(m: Measured) -> str:
    return f"wall {m.wall:.2f} s, CPU {m.cpu:.2f} s"


def measure_engine(
    engine: str, corpus_dir: Path, files: list[Path], res: Results, env: dict[str, str], work: Path
) -> dict[str, Any]:
    """Raw extraction, then cold and warm scoring with one engine; the cold JSON output."""
    say(f"{engine}: raw extraction ...")
    raw = res.raw[engine] = raw_extraction(engine, files, res.workers)
    res.pages = raw.pages
    say(f"{engine}: raw extraction: wall {raw.wall:.2f} s, CPU {raw.cpu:.2f} s")
    run_env = {**env, "PMH_ASSESS_CACHE_DIR": str(work / f"cache-{engine}")}
    out = work / f"{engine}.json"
    command = score_command(corpus_dir, engine, res.workers, out)
    say(f"{engine}: cold scoring ...")
    cold = res.cold[engine] = run_command(command, run_env)
    say(
        f"{engine}: cold: {_seconds(cold)} ({cold.cpu_sampled:.2f} s by /proc samples); "
        f"{cold.wall / raw.wall:.2f} x raw wall, {cold.cpu / raw.cpu:.2f} x raw CPU; "
        f"main process {cold.main_mb:.0f} MB ({cold.main_rusage_mb:.0f} MB ru_maxrss), "
        f"tree {cold.tree_mb:.0f} MB"
    )
    cold_json = out.read_bytes()
    say(f"{engine}: warm scoring ...")
    warm = res.warm[engine] = run_command(command, run_env)
    assert out.read_bytes() == cold_json, "warm output differs from cold"
    say(f"{engine}: warm: {_seconds(warm)}; main process {warm.main_mb:.0f} MB")
    result: dict[str, Any] = json.loads(cold_json)
    return result


FLOOR_RUBRIC = """\
id: reading-floor
version: "1"
title: One term no plan uses, so that a run costs what reading alone costs
levels: [OK, Poor]
language:
  commitment: ["we will"]
domains:
  - id: floor
    title: Floor
    criteria:
      - id: absent
        title: A word no plan uses
        evidence:
          - kind: terms
            terms: ["qqxqq"]
        rating:
          - level: OK
            when: {hits: 1}
        examples:
          match: ["The qqxqq is here."]
          no_match: ["Nothing is here."]
overall:
  points: {OK: 1, Poor: 0}
  thresholds: {OK: 0.5}
"""


def reading_floor(corpus_dir: Path, res: Results, env: dict[str, str], work: Path) -> Measured:
    """Cold PDFium scoring with a rubric of one term found nowhere: the same command, workers,
    limits, cache and output, with next to nothing to match or rate. What the default
    rubric's cold run costs beyond this is matching and rating."""
    rubric = work / "floor.yaml"
    rubric.write_text(FLOOR_RUBRIC, encoding="utf-8")
    run_env = {**env, "PMH_ASSESS_CACHE_DIR": str(work / "cache-floor")}
    command = score_command(corpus_dir, "pdfium", res.workers, work / "floor.json")
    return run_command([*command, "-r", str(rubric)], run_env)


def main_memory_on(
    corpus_dir: Path, files: list[Path], res: Results, env: dict[str, str], work: Path
) -> tuple[int, float]:
    """Pages and the main process's peak memory of cold PDFium scoring of another corpus."""
    run_env = {**env, "PMH_ASSESS_CACHE_DIR": str(work / "cache-other")}
    command = score_command(corpus_dir, "pdfium", res.workers, work / "other.json")
    measured = run_command(command, run_env)
    return count_pages(files), measured.main_mb


@dataclass
class Against:
    """Cold and warm scoring of another revision and of this clone, run in turns."""

    revision: str
    cold: dict[str, list[Measured]] = field(default_factory=dict)  # "baseline", "this code"
    warm: dict[str, list[Measured]] = field(default_factory=dict)
    same: bool = True  # every run's JSON was byte-identical to the baseline's


def revision_sources(revision: str, work: Path) -> Path:
    """The `src` folder of another revision of this repository, exported from git with its
    bundled rubrics (`criteria/`, which a source tree finds beside `src`)."""
    exported = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "src", "criteria"],
        capture_output=True,
        check=False,
    )
    if exported.returncode != 0:
        raise SystemExit(f"--against {revision}: {exported.stderr.decode().strip()}")
    into = work / "against"
    with tarfile.open(fileobj=io.BytesIO(exported.stdout)) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(into, filter="data")
        else:  # Python before 3.11.4: this repository's own files
            archive.extractall(into)
    compiled(into / "src")
    return into / "src"


def compiled(sources: Path) -> None:
    """Compile a source tree's modules to bytecode, as `pip install` does: a command
    timed here must not compile its modules on every run (which it does when the
    environment says not to write bytecode, or when the tree is fresh)."""
    import compileall

    if not compileall.compile_dir(sources, quiet=1, workers=1):
        raise SystemExit(f"{sources}: a module does not compile")


def against(
    revision: str, corpus_dir: Path, workers: int, env: dict[str, str], work: Path, pairs: int
) -> Against:
    """Cold then warm PDFium scoring of `revision` and of this clone, in turns: each pair
    runs one right after the other, so both meet the machine in the same state."""
    sources = revision_sources(revision, work)
    runs = {"baseline": {**env, "PYTHONPATH": str(sources)}, "this code": env}
    found = Against(revision)
    outputs: dict[str, bytes] = {}
    for kind in ("cold", "warm"):
        for turn in range(pairs):
            for name, run_env in runs.items():
                cache = work / f"against-cache-{name.replace(' ', '-')}"
                if kind == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                out = work / f"against-{name.replace(' ', '-')}.json"
                command = score_command(corpus_dir, "pdfium", workers, out)
                measured = run_command(command, {**run_env, "PMH_ASSESS_CACHE_DIR": str(cache)})
                getattr(found, kind).setdefault(name, []).append(measured)
                outputs[name] = out.read_bytes()
                say(f"against {revision}, {kind} {turn + 1}/{pairs}, {name}: {_seconds(measured)}")
            found.same = found.same and outputs["baseline"] == outputs["this code"]
    return found


def _spread(values: list[float]) -> str:
    """`min-max (median)`, or the one value."""
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{min(values):.2f}-{max(values):.2f} ({statistics.median(values):.2f})"


def against_rows(found: Against) -> list[str]:
    rows = [
        "| seconds: min-max (median) | baseline | this code |",
        "|---|---|---|",
    ]
    for kind in ("cold", "warm"):
        runs = getattr(found, kind)
        for what in ("wall", "cpu"):
            cells = [_spread([getattr(m, what) for m in runs[name]]) for name in runs]
            rows.append(f"| {kind}, {'wall' if what == 'wall' else 'CPU'} | {' | '.join(cells)} |")
    return rows


TRACKED = ROOT / "benchmarks" / "RESULTS.md"
"""The full corpus's figures, cited by the README: rewritten only when asked."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 plans, about 300 pages")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--corpus-root",
        type=Path,
        default=ROOT / "benchmarks",
        help="where corpus-full and corpus-quick are kept (generated there when missing)",
    )
    parser.add_argument("--corpus", type=Path, help="the corpus of this size, anywhere")
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help="comma-separated PDF engines to measure (default: pdfium,pdfplumber)",
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the naive script")
    parser.add_argument(
        "--output",
        type=Path,
        help="where the report goes (default: benchmarks/latest-full.md, or latest-quick.md "
        "with --quick); benchmarks/RESULTS.md only when named here, and not with --quick",
    )
    parser.add_argument(
        "--against",
        metavar="REV",
        help="also score with another git revision's sources, in turns with this clone's "
        "(PDFium, cold and warm)",
    )
    parser.add_argument(
        "--pairs", type=int, default=3, help="runs of each side with --against (default 3)"
    )
    parser.add_argument(
        "--real-pdf",
        type=Path,
        metavar="DIR",
        help="also time warm scoring of this folder of PDFs (scored cold first, to fill a cache)",
    )
    parser.add_argument(
        "--no-phases", action="store_true", help="skip the cold run's time by phase (one process)"
    )
    args = parser.parse_args(argv)
    if args.pairs < 1:
        parser.error("--pairs: at least 1")
    size = "quick" if args.quick else "full"
    args.output = args.output or ROOT / "benchmarks" / f"latest-{size}.md"
    if args.quick and args.output.resolve() == TRACKED.resolve():
        parser.error(
            f"--quick --output {args.output}: a quick run does not replace the full corpus's "
            "figures that the README cites; write it elsewhere (the default is "
            "benchmarks/latest-quick.md)"
        )
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown or not engines:
        parser.error(f"--engines: choose from {', '.join(ENGINES)} (got {args.engines!r})")
    args.engines = [e for e in ENGINES if e in engines]
    return args


def main() -> None:
    args = parse_args()
    if not become_subreaper():
        say("warning: not a subreaper here; CPU time of orphaned workers may be missed")
    size = "quick" if args.quick else "full"
    res = Results(size=size, engines=args.engines, workers=args.workers)
    say("how idle the machine is ...")
    res.idle.append(f"before the run: {idleness()}")
    say(res.idle[-1])
    corpus_dir = args.corpus or args.corpus_root / f"corpus-{size}"
    files = ensure_corpus(corpus_dir, size)
    res.documents = len(files)
    res.mb_files = sum(f.stat().st_size for f in files) / 1e6
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # commands run as installed: bytecode kept
    compiled(ROOT / "src")
    outputs: dict[str, dict[str, Any]] = {}
    work = Path(tempfile.mkdtemp(prefix="pmh-bench-"))
    try:
        for engine in res.engines:
            outputs[engine] = measure_engine(engine, corpus_dir, files, res, env, work)
        if "pdfium" in res.engines:
            say("pdfium: cold scoring with a one-term rubric (the reading floor) ...")
            res.floor = reading_floor(corpus_dir, res, env, work)
            say(f"pdfium: reading floor: {_seconds(res.floor)}")
            say("pdfium: warm after rubric edits ...")
            res.edited = edited_rubrics(corpus_dir, res.workers, env, work)
            cold = res.cold["pdfium"]
            if size == "quick":
                res.main_quick = (res.pages, cold.main_mb)
                res.skipped.append("main-process memory on the full corpus (a quick run)")
            else:
                res.main_full = (res.pages, cold.main_mb)
                say("pdfium: main-process memory on the quick corpus ...")
                quick_dir = args.corpus_root / "corpus-quick"
                res.main_quick = main_memory_on(
                    quick_dir, ensure_corpus(quick_dir, "quick"), res, env, work
                )
            for name, got in (("quick", res.main_quick), ("full", res.main_full)):
                if got:
                    say(f"main process, {name} corpus ({got[0]} pages): {got[1]:.0f} MB")
        else:
            res.skipped += ["warm after rubric edits", "main-process memory (needs pdfium)"]
        if args.against:
            say(f"against {args.against} ...")
            res.against = against(args.against, corpus_dir, res.workers, env, work, args.pairs)
        if args.real_pdf:
            say(f"warm scoring of {args.real_pdf} ...")
            res.real_pdf = args.real_pdf.name
            res.real_warm = real_pdf_warm(args.real_pdf, res.workers, env, work)
            say("real PDFs, warm: " + "; ".join(_seconds(m) for m in res.real_warm))
        say("pmh-assess --help ...")
        res.help_s = median_wall([sys.executable, "-m", "pmh_assess", "--help"], env, HELP_RUNS)
        say(f"pmh-assess --help: median {res.help_s:.3f} s of {HELP_RUNS} runs")
        engine = res.engines[0]
        say(f"matching throughput ({engine} text) ...")
        res.match = matching(corpus_dir, work / f"cache-{engine}", engine)
        scan, rules = res.match["scan"], res.match["rules"]
        say(f"matching: automaton pass {scan:.1f} MB/s, every rule {rules:.2f} MB/s")
        if args.no_phases:
            res.skipped.append("time by phase (--no-phases)")
        else:
            say("a cold run's time by phase, one process ...")
            import phases

            res.phases = phases.report(corpus_dir, "pdfium")
            say(res.phases[-1])
        if args.no_naive:
            res.skipped.append("naive script (--no-naive)")
        else:
            say("naive script ...")
            from pmh_assess.rubric import load_rubric, resolve_rubric

            res.naive_s = naive(files, rubric_terms(load_rubric(resolve_rubric(None))))
            say(f"naive script: {res.naive_s:.1f} s")
        if len(res.engines) == len(ENGINES):
            say("engines compared ...")
            res.comparison = compare_engines(
                sample_plans(env, work), two_column_pdfs(corpus_dir), corpus_dir
            )
            res.corpus_diff = rating_differences(outputs)
        else:
            res.skipped.append("engines compared (needs both engines)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res.idle.append(f"after the run: {idleness(5.0)}")
    args.output.write_text(write_report(args, res), encoding="utf-8")
    say(f"wrote {args.output}")


def real_pdf_warm(folder: Path, workers: int, env: dict[str, str], work: Path) -> list[Measured]:
    """Warm PDFium scoring of a folder of real PDFs, three times, after a cold run filled
    the cache; each warm output is checked against the cold one."""
    run_env = {**env, "PMH_ASSESS_CACHE_DIR": str(work / "cache-real")}
    out = work / "real.json"
    command = [
        *[sys.executable, "-m", "pmh_assess", "score", str(folder), "-q", "-f", "json"],
        *["--workers", str(workers), "-o", str(out)],
    ]
    run_command(command, run_env, sample=False)
    cold = out.read_bytes()
    runs = []
    for _ in range(3):
        runs.append(run_command(command, run_env, sample=False))
        assert out.read_bytes() == cold, "warm output of the real PDFs differs from cold"
    return runs


def sample_plans(env: dict[str, str], work: Path) -> dict[str, dict[str, Any]]:
    """The sample plans' JSON results under each engine, read afresh."""
    samples = {}
    for engine in ENGINES:
        out = work / f"samples-{engine}.json"
        sample = [sys.executable, "-m", "pmh_assess", "score", str(ROOT / "plans"), "-q"]
        sample += ["-f", "json", "-o", str(out), "--no-cache", "--engine", engine]
        run_command(sample, env)
        samples[engine] = json.loads(out.read_text())
    return samples


def edited_rubrics(
    corpus_dir: Path, workers: int, env: dict[str, str], work: Path
) -> dict[str, Measured]:
    """Warm scoring with cached text after editing one criterion, then the language cues."""
    rubric = (ROOT / "criteria" / "mhf-2024.yaml").read_text(encoding="utf-8")
    one = rubric.replace(  # a new variant of one term of one criterion
        "public mental health: [public mental health, public mental wellbeing]",
        "public mental health: [public mental health, public mental wellbeing, public wellbeing]",
        1,
    )
    language = rubric.replace("    - we pledge\n", "    - we pledge\n    - we solemnly pledge\n", 1)
    assert one != rubric and language != rubric
    out: dict[str, Measured] = {}
    run_env = {**env, "PMH_ASSESS_CACHE_DIR": str(work / "cache-pdfium")}
    for name, text in (("one", one), ("language", language)):
        path = work / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        command = score_command(corpus_dir, "pdfium", workers, work / f"{name}.json")
        out[name] = run_command([*command, "-r", str(path)], run_env)
        say(f"pdfium: warm after editing {name}: {_seconds(out[name])}")
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


# ----------------------------------------------------------------------------- the report


def _verdict(ok: bool | None) -> str:
    return "not run" if ok is None else "met" if ok else "**missed**"


def _command_line(args: argparse.Namespace) -> str:
    """How this run was started (a corpus's place is not shown: it is this machine's)."""
    cmd = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    cmd += "" if args.workers == os.cpu_count() else f" --workers {args.workers}"
    cmd += "" if args.engines == list(ENGINES) else f" --engines {','.join(args.engines)}"
    cmd += " --no-naive" if args.no_naive else ""
    cmd += f" --real-pdf {args.real_pdf.name}" if args.real_pdf else ""
    if args.corpus or args.corpus_root != ROOT / "benchmarks":
        cmd += " --corpus-root DIR"
    return cmd


def scoring_rows(res: Results) -> list[str]:
    """The side-by-side table: raw extraction, cold, warm and edited, wall and CPU."""

    def row(label: str, cell: Any) -> str:
        return f"| {label} | " + " | ".join(cell(e) for e in res.engines) + " |"

    def both(m: Measured | None) -> str:
        return f"{m.wall:.2f} s / {m.cpu:.2f} s" if m else ""

    raw, cold, warm = res.raw, res.cold, res.warm
    rows = [
        "| wall / CPU | "
        + " | ".join(f"{e} (default)" if e == "pdfium" else e for e in res.engines)
        + " |",
        "|---|" + "---|" * len(res.engines),
        row(
            f"raw extraction (the engine's own text call, {res.workers} processes)",
            lambda e: f"{raw[e].wall:.2f} s / {raw[e].cpu:.2f} s",
        ),
        row("cold scoring (empty cache)", lambda e: both(cold[e])),
        row(
            "cold / raw extraction",
            lambda e: f"{cold[e].wall / raw[e].wall:.2f} x / {cold[e].cpu / raw[e].cpu:.2f} x",
        ),
        row("warm scoring (the same run again: everything cached)", lambda e: both(warm[e])),
    ]
    floor, raw_pdfium = res.floor, raw.get("pdfium")
    if floor and raw_pdfium:
        ratio = f"{floor.wall / raw_pdfium.wall:.2f} x / {floor.cpu / raw_pdfium.cpu:.2f} x"
        rows += [
            row(
                "cold scoring with a one-term rubric (reading, preparing, caching and writing; "
                "next to no matching)",
                lambda e: both(floor) if e == "pdfium" else "",
            ),
            row(
                "one-term rubric / raw extraction",
                lambda e: ratio if e == "pdfium" else "",
            ),
        ]
    if res.edited:
        rows += [
            row(
                "warm after editing one criterion",
                lambda e: both(res.edited.get("one")) if e == "pdfium" else "",
            ),
            row(
                "warm after editing the language cues (every criterion matched again)",
                lambda e: both(res.edited.get("language")) if e == "pdfium" else "",
            ),
        ]
    rows += [
        row(
            "peak memory, cold / warm: whole process tree (PSS)",
            lambda e: f"{cold[e].tree_mb:.0f} / {warm[e].tree_mb:.0f} MB",
        ),
        row(
            "peak memory, cold / warm: the main process alone (RSS)",
            lambda e: f"{cold[e].main_mb:.0f} / {warm[e].main_mb:.0f} MB",
        ),
    ]
    return rows


def target_rows(res: Results) -> list[str]:
    """The targets, for PDFium on the full corpus."""
    rows = ["| target | figure | |", "|---|---|---|"]
    raw, cold, warm = res.raw.get("pdfium"), res.cold.get("pdfium"), res.warm.get("pdfium")
    if raw and cold and warm:
        rows += [
            f"| cold <= 3.5 x raw PDFium extraction, CPU | {cold.cpu / raw.cpu:.2f} x "
            f"({cold.cpu:.2f} s / {raw.cpu:.2f} s) | {_verdict(cold.cpu <= 3.5 * raw.cpu)} |",
            f"| cold <= 3.5 x raw PDFium extraction, wall | {cold.wall / raw.wall:.2f} x "
            f"({cold.wall:.2f} s / {raw.wall:.2f} s) | {_verdict(cold.wall <= 3.5 * raw.wall)} |",
            f"| cold < 10 s wall | {cold.wall:.2f} s | {_verdict(cold.wall < 10)} |",
            f"| warm < 0.5 s wall | {warm.wall:.2f} s | {_verdict(warm.wall < 0.5)} |",
        ]
    else:
        rows.append("| cold and warm against raw PDFium extraction | not run | not run |")
    if res.real_warm:
        best = min(m.wall for m in res.real_warm)
        rows.append(
            f"| warm < 0.5 s wall on {res.real_pdf} (best of {len(res.real_warm)}) "
            f"| {best:.2f} s ({', '.join(f'{m.wall:.2f}' for m in res.real_warm)}) "
            f"| {_verdict(best < 0.5)} |"
        )
    if res.match:
        rate = res.match["rules"]
        rows.append(
            f"| matching plus rule checks >= 5 MB/s of prepared text (CPU) | {rate:.2f} MB/s "
            f"| {_verdict(rate >= 5)} |"
        )
    if res.help_s is not None:
        rows.append(
            f"| `pmh-assess --help` < 0.2 s (median of {HELP_RUNS} runs) | {res.help_s:.3f} s "
            f"| {_verdict(res.help_s < 0.2)} |"
        )
    quick, full = res.main_quick, res.main_full
    measured = [(name, got) for name, got in (("quick", quick), ("full", full)) if got]
    shown = "; ".join(
        f"{name} corpus ({pages} pages): {mb:.0f} MB" for name, (pages, mb) in measured
    )
    flat = None if not (quick and full) else full[1] <= FLAT * quick[1]
    rows.append(
        f"| main-process memory flat in corpus size (cold PDFium, peak RSS of the main process "
        f"alone; flat: full <= {FLAT} x quick) | {shown or 'not run'} | {_verdict(flat)} |"
    )
    runs = [*res.cold.values(), *res.warm.values(), *res.edited.values()]
    if runs:
        peak = max(m.tree_mb for m in runs)
        rows.append(
            f"| peak < 1 GB (whole process tree, PSS, any run) | {peak:.0f} MB "
            f"| {_verdict(peak < 1024)} |"
        )
    return rows


def write_report(args: argparse.Namespace, res: Results) -> str:
    """RESULTS.md: the parts that were run, and which were not."""
    m = res.match or {}
    text_mb = f", {m['mb']:.1f} MB of text after extraction" if m else ""
    quick_note = " (quick size: not the corpus the targets are for)" if res.size == "quick" else ""
    cpu_check = ""
    if "pdfium" in res.cold:
        cold = res.cold["pdfium"]
        cpu_check = (
            f" Checked against a sum of each process's own CPU time sampled from /proc every "
            f"50 ms (a lower bound: it misses each process's last moments): cold PDFium "
            f"{cold.cpu:.2f} s by getrusage, {cold.cpu_sampled:.2f} s sampled."
        )
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{_command_line(args)}` on {date.today().isoformat()}{quick_note}. "
        f"Engines: {', '.join(res.engines)}."
        + (f" Not run: {'; '.join(res.skipped)}." if res.skipped else " Every part was run."),
        "",
        "## Machine",
        "",
        *machine(),
        *[f"- how idle: {line}" for line in res.idle],
        "",
        "## Corpus",
        "",
        f"{res.documents} generated plan PDFs ({res.documents // 2} plans of a strategy and a "
        f"joint forward plan), {res.pages} pages, {res.mb_files:.1f} MB on disk{text_mb}; a "
        "third of the documents are set in two columns (`benchmarks/corpus.py`).",
        "",
        "## Scoring",
        "",
        "`pmh-assess score <corpus> --format json -o results.json` (the whole command: "
        "start-up, reading, matching, rating, writing), default rubric `mhf-2024`, its "
        "modules compiled to bytecode beforehand as `pip install` leaves them, measured "
        "side by side with the engine's raw text extraction in one run. Warm output is "
        "checked to be byte-identical to cold. Wall time runs until the command's own "
        "process ends. CPU time is user + system time of the whole process tree (the "
        "command, its fork server and every worker): the benchmark adopts orphaned "
        "processes as a subreaper and reaps them all before reading getrusage of its "
        f"children.{cpu_check} Raw extraction's CPU time is the time spent in the engine's "
        "text calls, summed over its processes; its processes are started before the clock.",
        "",
        *scoring_rows(res),
        "",
    ]
    if res.naive_s is not None:
        lines += [
            f"A naive script (pdfplumber `extract_text` per page, then `re.search` per rubric "
            f"term, one process) takes {res.naive_s:.1f} s wall on the same corpus.",
            "",
        ]
    if m:
        lines += [
            "## Matching",
            "",
            f"The default rubric is {m['lists']} term and cue lists, {m['variants']:.0f} term "
            f"variants; text: {m['mb']:.1f} MB ({res.engines[0]}).",
            "",
            "| | MB/s |",
            "|---|---|",
            f"| the automaton pass alone: where any variant of any list may start "
            f"| {m['scan']:.1f} |",
            f"| every list's matches, exactly as before: that pass, then each candidate checked "
            f"with its term's expression and resolved longest first, list by list "
            f"| {m['automaton']:.1f} ({m['automaton_s']:.2f} s) |",
            f"| every list, one regular expression per list (the matcher it replaced; "
            f"timed on one plan) | {m['regex']:.3g} |",
            f"| every criterion's rules: matching plus context, negation, exclusion and "
            f"strength checks, nothing cached | {m['rules']:.2f} ({m['rules_s']:.1f} s) |",
            f"| `str.lower()` over the text (the floor) | {m['lower']:.0f} |",
            "",
        ]
    if res.against:
        found = res.against
        pairs = len(found.cold["baseline"])
        same = "the same" if found.same else "**not** the same"
        lines += [
            f"## Against `{found.revision}`",
            "",
            f"Cold (an empty cache each time) and warm PDFium scoring of revision "
            f"`{found.revision}` (its `src`, exported from git) and of this code, run in turns, "
            f"{pairs} of each; their JSON was {same} byte for byte.",
            "",
            *against_rows(found),
            "",
        ]
    if res.phases:
        lines += [
            "## Where a cold run's time goes",
            "",
            "`python benchmarks/phases.py <corpus>`: every document through a worker's steps "
            "in one process, each step timed in CPU seconds (so other work on the machine "
            "counts little); plans rated, shared text marked and JSON written as the command "
            "does. A run with workers adds their start-up and the passing of documents "
            "between processes, and builds the automaton in the main process while workers "
            "read.",
            "",
            *res.phases,
            "",
        ]
    lines += ["## Targets", "", *target_rows(res), ""]
    if res.comparison:
        lines += [
            "## Engines compared",
            "",
            "PDFium is the default: on the sample plans (including the two-column one) it gives "
            "the same sentences, pages and sections as pdfplumber, so the same ratings, at a "
            "fraction of the time. Sample plans, ratings with each engine:",
            "",
            *res.comparison,
            "",
            res.corpus_diff or "",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
