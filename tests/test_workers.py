"""Worker processes: limits enforced by killing, crashes contained, Ctrl-C leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pmh_assess.extract import file_sha256
from pmh_assess.plans import discover
from pmh_assess.rubric import load_rubric
from pmh_assess.run import ReadOptions, score_plans
from pmh_assess.run.documents import Work
from pmh_assess.run.workers import Job, WorkerPool

from .conftest import INTERRUPTIBLE, MINI, heavy_pdf

LINUX = sys.platform.startswith("linux")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text("We will support refugees and asylum seekers.", encoding="utf-8")
    return path


def score(paths: list[Path], **kwargs: object):  # type: ignore[no-untyped-def]
    specs, errors = discover(paths)
    return score_plans(specs, load_rubric(MINI), errors=errors, **kwargs)  # type: ignore[arg-type]


def test_slow_document_is_stopped_and_the_rest_still_scores(good: Path, tmp_path: Path) -> None:
    slow = heavy_pdf(tmp_path / "slow.pdf", 300_000)
    started = time.monotonic()
    results = score([slow, good], workers=2, read=ReadOptions(timeout=0.3))
    assert time.monotonic() - started < 10
    assert [p.id for p in results.plans] == ["good"]
    assert [(e.path, e.message) for e in results.errors] == [
        (
            str(slow),
            "reading took longer than the time limit of 0.3 s and was stopped "
            "(raise it with --timeout)",
        )
    ]


@pytest.mark.skipif(not LINUX, reason="memory is watched through /proc")
def test_memory_hungry_document_is_stopped(tmp_path: Path) -> None:
    bomb = heavy_pdf(tmp_path / "bomb.pdf", 1_000_000)
    results = score([bomb], workers=1, read=ReadOptions(timeout=None, max_memory_mb=200))
    assert results.plans == []
    assert results.errors[0].message.startswith(
        "reading used more than the memory limit of 200 MB and was stopped"
    )


def test_a_worker_that_dies_costs_only_its_document(tmp_path: Path) -> None:
    slow = heavy_pdf(tmp_path / "slow.pdf", 1_000_000)
    options = ReadOptions(timeout=None, max_memory_mb=None)
    pool = WorkerPool(1, options, Work(options, None))
    outcomes = pool.run([Job(0, slow, file_sha256(slow))])

    def crash() -> None:
        os.kill(pool.workers[0].process.pid, signal.SIGKILL)

    timer = threading.Timer(0.5, crash)
    timer.start()
    try:
        assert list(outcomes) == [
            (0, f"{slow}: the reader stopped unexpectedly (exit code {-signal.SIGKILL})")
        ]
    finally:
        timer.cancel()
    assert pool.workers == []


def test_same_results_in_workers_and_in_process(good: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text("# Plan\n\nWe will prevent poor mental health.\fMore text.", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    paths = [good, other, broken]
    here = score(paths, workers=0)
    assert here.to_json() == score(paths, workers=2).to_json()
    assert [e.path for e in here.errors] == [str(broken)]


def test_workers_build_the_automaton_where_it_cannot_be_handed_over(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no temporary folder to hand the automaton over in, each worker builds its own,
    and the results are the same."""
    import tempfile

    other = tmp_path / "other.md"
    other.write_text("# Plan\n\nWe will prevent poor mental health.", encoding="utf-8")
    paths = [good, other]
    handed = score(paths, workers=2, cache=None).to_json()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    with pytest.raises(OSError):
        tempfile.TemporaryDirectory()
    assert score(paths, workers=2, cache=None).to_json() == handed


def test_progress_reports_documents_and_pages(good: Path, tmp_path: Path) -> None:
    from pmh_assess.run import ProgressEvent

    pdf = tmp_path / "p.pdf"
    from .conftest import build_pdf

    build_pdf(pdf, [[(72, 700, "One.")], [(72, 700, "Two.")]])
    events: list[ProgressEvent] = []
    score([good, pdf], workers=2, progress=events.append)
    assert events[-1].documents_done == events[-1].documents_total == 2
    assert events[-1].pages == 3


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not LINUX, reason="processes are listed through /proc")
def test_ctrl_c_exits_cleanly_stops_workers_and_writes_nothing(good: Path, tmp_path: Path) -> None:
    slow = heavy_pdf(tmp_path / "slow.pdf", 3_000_000)
    before = slow.read_bytes()
    out = tmp_path / "results.json"
    command = [sys.executable, "-m", "pmh_assess", "score", str(slow), str(good)]
    options = ["-r", str(MINI), "-f", "json", "-o", str(out), "--timeout", "0", "--max-memory", "0"]
    proc = subprocess.Popen(
        [*command, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **INTERRUPTIBLE,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(workers) < 2:  # the fork server and a worker
        time.sleep(0.1)
        workers = descendants(proc.pid)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "Interrupted: nothing was written." in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".results.json*"))
    assert slow.read_bytes() == before
    time.sleep(0.5)
    assert workers and not [pid for pid in workers if alive(pid)]


def test_a_killed_runs_folder_is_removed_by_the_next_run(good: Path, tmp_path: Path) -> None:
    """SIGKILL gives a run no chance to remove its private temporary folder (the compiled
    rubric it hands to workers); the next run that starts workers removes it, and leaves
    alone folders of runs still going and folders named otherwise."""
    from pmh_assess.run.workers import FOLDER_PREFIX

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PMH_ASSESS_CACHE_DIR": str(tmp_path / "cache")}
    slow = heavy_pdf(tmp_path / "slow.pdf", 3_000_000)
    command = [sys.executable, "-m", "pmh_assess", "score", "-r", str(MINI), "-f", "json"]
    limits = ["--timeout", "0", "--max-memory", "0", "-o", str(tmp_path / "a.json")]
    # its own process group, so that killing it takes its fork server and workers too
    # (left alone, they read the slow PDF, with no time limit, long after the test)
    proc = subprocess.Popen(
        [*command, str(slow), str(good), *limits], env=env, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(temp.glob(f"{FOLDER_PREFIX}*/later.pickle")):
        time.sleep(0.05)
    killed = list(temp.glob(f"{FOLDER_PREFIX}{proc.pid}-*"))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=20)
    assert killed and all(folder.exists() for folder in killed)
    running = temp / f"{FOLDER_PREFIX}{os.getpid()}-keep"  # this process is alive
    running.mkdir()
    other = temp / "pmh-assess-notes"
    other.mkdir()

    fresh = tmp_path / "fresh.md"
    fresh.write_text("# Plan\n\nWe will prevent poor mental health.", encoding="utf-8")
    second = [str(fresh), str(tmp_path / "other.md"), "-o", str(tmp_path / "b.json")]
    (tmp_path / "other.md").write_text("# Other\n\nWe will prevent suicide.", encoding="utf-8")
    subprocess.run([*command, *second], env=env, check=True, capture_output=True)
    assert not any(folder.exists() for folder in killed)
    assert running.exists() and other.exists()
    assert not list(temp.glob(f"{FOLDER_PREFIX}[0-9]*-*/later.pickle"))


def test_score_command_takes_the_engine_and_limits(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pmh_assess.cli import app

    from .conftest import build_pdf

    # a line repeated on every page is a running header, dropped: each page says its own
    pages = [[(72, 700, f"We will support refugees in {town}.")] for town in ("Ash", "Elm", "Oak")]
    pdf = build_pdf(tmp_path / "three.pdf", pages)
    runner = CliRunner()
    for engine in ("pdfium", "pdfplumber"):
        args = ["score", str(pdf), "-r", str(MINI), "-f", "json", "--engine", engine]
        result = runner.invoke(app, [*args, "--max-pages", "2"])
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"error: {pdf}: the PDF has 3 pages, more than the limit of 2 "
            "(raise it with --max-pages)"
        )
        assert runner.invoke(app, [*args, "--max-pages", "3", "--workers", "0"]).exit_code == 0
    assert runner.invoke(app, ["score", str(pdf), "--engine", "poppler"]).exit_code == 2
    help_text = runner.invoke(app, ["score", "--help"]).stdout
    for option in ("--engine", "--workers", "--no-cache", "--timeout", "--max-pages"):
        assert option in help_text
    assert "--engine pdfplumber --workers 4 --timeout 300" in help_text


class ModulesReader:
    """A reader that answers with the command-line modules its process has imported."""

    def payload(self, job: Job, on_page: object) -> bytes:
        names = sorted(m for m in sys.modules if m == "typer" or m.startswith("pmh_assess.cli"))
        return " ".join(names).encode()

    def later(self) -> None:
        return None

    def expect(self, fetch: object) -> None:
        pass


class LateReader:
    """A reader whose later part is the main process's id, built once the first jobs are
    out. A job named `slow` sleeps; one named `plain` does not ask for the later part."""

    def __init__(self) -> None:
        self.built = 0
        self.fetch: Callable[[], object | None] | None = None

    def payload(self, job: Job, on_page: object) -> bytes:
        if job.path.name == "slow":
            time.sleep(30)
        if job.path.name == "plain":
            return b"plain"
        assert self.fetch is not None
        return f"{self.fetch()} in {os.getpid()}".encode()

    def later(self) -> int:
        self.built += 1
        return os.getpid()

    def expect(self, fetch: Callable[[], object | None]) -> None:
        self.fetch = fetch


def test_workers_do_not_import_the_command_line(tmp_path: Path) -> None:
    """A run started from a program that imports the CLI (as `pmh-assess` does) gives its
    workers nothing of it: they import only what reading needs."""
    good = tmp_path / "good.txt"
    good.write_text("We will help.", encoding="utf-8")
    main = tmp_path / "main.py"
    main.write_text(
        "import sys\n"
        "import pmh_assess.cli\n"
        "from pathlib import Path\n"
        "from pmh_assess.run.workers import Job, ReadOptions, WorkerPool\n"
        "from tests.test_workers import ModulesReader\n"
        "if __name__ == '__main__':\n"
        "    assert 'typer' in sys.modules\n"
        "    pool = WorkerPool(1, ReadOptions(), ModulesReader())\n"
        f"    print(list(pool.run([Job(0, Path({str(good)!r}), '')])))\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])}
    done = subprocess.run(
        [sys.executable, str(main)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[(0, b'')]"


def test_a_worker_goes_on_with_its_next_job_before_the_outcome_is_used(tmp_path: Path) -> None:
    """When a worker's document is done, it gets its next job before the outcome is handed
    on (decoded, rated): a worker waits for nothing the main process does meanwhile."""
    paths = [tmp_path / name for name in ("plain", "a", "b")]
    pool = WorkerPool(1, ReadOptions(), LateReader())
    outcomes = pool.run([Job(i, p, "") for i, p in enumerate(paths)])
    try:
        assert next(outcomes) == (0, b"plain")
        assert [w.job.index for w in pool.workers if w.job] == [1]  # already at work
        assert next(outcomes)[0] == 1
        assert [w.job.index for w in pool.workers if w.job] == [2]
    finally:
        outcomes.close()
    assert pool.workers == []  # closing the run stops the worker


def test_a_worker_receives_the_rubric_compiled(tmp_path: Path) -> None:
    """The reader goes to workers without the automaton, which follows once built in the
    main process; a worker matches with it as one that built its own would, and builds
    nothing itself."""
    import pickle

    from pmh_assess.engine.automaton import TermMatcher
    from pmh_assess.engine.scoring import prepare_text

    options = ReadOptions()
    sent = Work(options, load_rubric(MINI))
    work = pickle.loads(pickle.dumps(sent))
    automaton = pickle.dumps(sent.later())
    fetched: list[TermMatcher] = []

    def fetch() -> TermMatcher:
        fetched.append(pickle.loads(automaton))
        return fetched[-1]

    work.expect(fetch)
    fresh = Work(options, load_rubric(MINI))
    prepared = prepare_text("We will support refugees and asylum seekers.\n\nNot much else.")
    assert work.complete(prepared, {}) == fresh.complete(prepared, {})
    assert work.complete(prepared, {})  # something was matched
    assert len(fetched) == 1 and fetched[0]._automaton is not None  # fetched once, built
    assert "matcher" not in vars(work.scorer)  # the worker built no automaton of its own
    assert fresh.scorer.matcher._automaton is not None


def test_the_later_part_reaches_every_worker_once_built(tmp_path: Path) -> None:
    """The later part is built once, in the main process, after the first jobs are out; a
    worker takes it when it first needs it, keeps it for its next jobs, and a worker
    started after it was built (in place of one stopped) gets it with the reader."""
    paths = [tmp_path / name for name in ("plain", "a", "b", "slow", "c")]
    reader = LateReader()
    pool = WorkerPool(1, ReadOptions(timeout=3.0), reader)
    outcomes = dict(pool.run([Job(i, p, "") for i, p in enumerate(paths)]))
    main = os.getpid()
    assert outcomes[0] == b"plain"
    said = [outcomes[i].decode().split(" in ") for i in (1, 2, 4)]  # type: ignore[union-attr]
    assert all(built == str(main) for built, _ in said)
    assert said[0][1] == said[1][1] != said[2][1]  # the same worker, then its replacement
    assert "time limit" in str(outcomes[3])
    assert reader.built == 1


def test_scoring_lets_go_of_each_plans_documents(tmp_path: Path) -> None:
    """Memory stays flat in the number of plans: once a plan is rated its documents are
    let go, even while other plans are still being read."""
    import gc

    from pmh_assess.engine.scoring import PreparedDocument

    paths = []
    for n in range(4):
        path = tmp_path / f"plan-{n}.txt"
        path.write_text(f"Plan {n}. We will support refugees and asylum seekers.", encoding="utf-8")
        paths.append(path)
    alive: list[int] = []

    def count(_: object) -> None:
        gc.collect()
        alive.append(sum(isinstance(o, PreparedDocument) for o in gc.get_objects()))

    results = score(paths, workers=0, progress=count)
    assert len(results.plans) == 4
    assert len(alive) >= 4 and max(alive) <= 2  # the one just read, and at most one more


def test_a_scoring_worker_sends_back_no_page_text(tmp_path: Path) -> None:
    """Scoring quotes the prepared text and only counts pages: a worker reading for a
    rubric sends the pages without their text; read for anything else, with it."""
    path = tmp_path / "two.md"
    path.write_text("# Plan\n\nWe will support refugees.\fMore text here.", encoding="utf-8")
    job = Job(0, path, file_sha256(path))
    options = ReadOptions()
    for rubric, texts in ((load_rubric(MINI), ["", ""]), (None, None)):
        payload = Work(options, rubric).payload(job, None)
        back = Work.decode(payload, str(path))
        assert len(back.document.pages) == 2
        if texts is None:
            assert "refugees" in back.document.pages[0].text
        else:
            assert [p.text for p in back.document.pages] == texts
            assert back.evidence is not None
        assert "We will support refugees." in back.text.text


def test_a_scoring_worker_sends_back_only_the_voided_hits_shown(tmp_path: Path) -> None:
    """Of a criterion's voided hits, a worker sends the first the results show (up to
    `--max-evidence`); the rest still count, and the results are those of reading here."""
    from pmh_assess.engine.scoring import Scorer

    path = tmp_path / "voided.txt"
    sentences = [f"There is no prevention plan {n} for mental health." for n in range(12)]
    path.write_text("\n\n".join(sentences), encoding="utf-8")
    rubric = load_rubric(MINI)
    payload = Work(ReadOptions(), rubric, Scorer(rubric, max_evidence=3)).payload(
        Job(0, path, file_sha256(path)), None
    )
    back = Work.decode(payload, str(path))
    assert back.evidence is not None
    voided = back.evidence["primary-prevention"].voided
    assert len(voided) == 12
    assert [h.sentence for h in voided[:3]] == [0, 1, 2]
    assert all(h.sentence == -1 for h in voided[3:])  # counted, not sent
    here = score([path], workers=0, max_evidence=3)
    assert here.to_json() == score([path], workers=1, max_evidence=3).to_json()
    (criterion,) = [c for c in here.plans[0].criteria if c.id == "primary-prevention"]
    assert criterion.voided == 12 and len(criterion.voided_examples) == 3


def test_workers_start_when_the_temporary_folder_path_is_too_long_for_a_socket(
    good: Path, tmp_path: Path
) -> None:
    # the fork server listens on a socket under TMPDIR, and a socket path has at most
    # about 100 bytes: past that, workers are started afresh instead
    temp = tmp_path / ("t" * 110)
    temp.mkdir()
    outputs = []
    for name, tmpdir in (("long", temp), ("usual", tmp_path)):
        env = {**os.environ, "TMPDIR": str(tmpdir)}
        out = tmp_path / f"{name}.json"
        command = [sys.executable, "-m", "pmh_assess", "score", str(good), "-r", str(MINI)]
        done = subprocess.run(
            [*command, "--workers", "2", "--no-cache", "-f", "json", "-o", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
