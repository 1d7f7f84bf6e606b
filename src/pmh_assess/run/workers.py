"""Documents read, prepared and matched in worker processes, under a time and memory limit.

One bad file must never cost the rest of a run. Each worker reads one document at a time;
a worker that runs past the per-document time limit, or whose memory grows past the
limit (a decompression bomb), is killed and replaced, and its document becomes one error
line. A worker that dies (a crash inside a PDF library) costs only its document too.
Workers ignore Ctrl-C: the parent stops them all, so an interrupted run leaves no
process behind. Results come back in the order documents finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import pickle
import re
import signal
import sys
import tempfile
import time
import types
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any, Protocol

from ..base.errors import DocumentError
from .limits import ReadOptions

POLL = 0.2  # seconds between checks of running workers' time and memory
PAGE_REPORT = 0.1  # seconds between a worker's page-progress messages


@dataclass(frozen=True)
class Job:
    index: int
    path: Path
    sha256: str


class Reader(Protocol):
    """What a worker does with each job: the document read (and matched), encoded.

    Built once in the main process and pickled once, and handed to every worker. What takes
    long to build (a rubric's automaton) it may hold back as `later()`: the pool builds that
    once, while the workers start and read their first documents, and hands it over when
    built; a worker takes it (`expect`) only when it needs it. So a worker compiles nothing
    and waits for nothing it could be reading meanwhile. Its class must live in an
    importable module (not the main script: see `_bare_main`)."""

    def payload(self, job: Job, on_page: Callable[[int, int], None] | None) -> bytes: ...

    def later(self) -> object | None:
        """Built in the main process after the reader was sent (None: nothing to send)."""
        ...

    def expect(self, fetch: Callable[[], object | None]) -> None:
        """In a worker: how to get `later()`'s object, which waits until it arrives (None:
        the worker builds it)."""
        ...


@dataclass(frozen=True)
class Later:
    """A reader's `later()` as sent to its workers: the file the pool wrote it to. A short
    message never fills the pipe, so sending it cannot wait on a busy worker. Without a
    file (no temporary folder could be written) the workers build it themselves."""

    path: str | None

    def load(self) -> object | None:
        if self.path is None:
            return None
        with open(self.path, "rb") as fh:
            part: object = pickle.load(fh)
        return part


Message = tuple[Any, ...]
"""("start", index) | ("pages", index, done, total) | ("done", index, payload bytes) |
("error", index, text)."""

STARTUP_GRACE = 60.0
"""Seconds a new worker may take to start (import, receive its reader) before its first job
starts: its job's time limit counts from the job's start, so a busy machine cannot make a
small document miss its limit, but a worker that never starts is still stopped."""


def describe_failure(exc: BaseException) -> str:
    """An exception from reading a document as one line for `errors`."""
    if isinstance(exc, DocumentError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "ran out of memory while reading the document"
    if isinstance(exc, RecursionError):
        return "the document's structure is nested too deeply to read"
    text = " ".join(str(exc).split())[:120]
    return f"unexpected error while reading the document ({type(exc).__name__}: {text})"


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends, however it ends (SIGKILL too).

    A worker's parent is the fork server, which ends as soon as the run's main process
    does, so no worker outlives a killed run with no limit over it.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent had already gone before the request
        os._exit(1)


PR_SET_PDEATHSIG = 1


def _worker_main(conn: Connection) -> None:
    """A worker's life: receive its reader, then read jobs until told to stop; every outcome
    goes back as a message. When the run has gone (the pipe is closed) the worker ends
    quietly."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not ours to show
    try:
        reader: Reader | None = conn.recv()
        if reader is not None:  # None: the run ended before this worker was needed
            _serve(conn, reader)
    except (BrokenPipeError, EOFError, ConnectionError):
        return  # the run stopped while this worker was answering: nothing to tell anyone


def _serve(conn: Connection, work: Reader) -> None:
    held: list[Later] = []  # the reader's later part, once it has come

    def fetch() -> object | None:
        while not held:  # it comes after the job this worker is busy with, nothing else can
            message = conn.recv()
            if not isinstance(message, Later):
                raise RuntimeError(f"expected the reader's later part, got {message!r}")
            held.append(message)
        return held[0].load()

    work.expect(fetch)
    while True:
        try:
            job: Job | Later | None = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(job, Later):  # came after a job that did not need it
            held.append(job)
            continue
        if job is None:
            return
        conn.send(("start", job.index))
        last = 0.0

        def on_page(done: int, total: int, index: int = job.index) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PAGE_REPORT or done == total:
                last = now
                conn.send(("pages", index, done, total))

        try:
            conn.send(("done", job.index, work.payload(job, on_page)))
        except (BrokenPipeError, ConnectionError):
            raise
        except BaseException as exc:  # every failure is the document's, never the run's
            conn.send(("error", job.index, describe_failure(exc)))


def _context() -> Any:
    """Fork a clean server process once and workers from it where possible, else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods and sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pmh_assess.run.workers", "pmh_assess.run.documents"])
        return ctx
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """Start processes that do not import the program's main module.

    A new process imports the parent's `__main__` again (as `__mp_main__`) before it runs
    its target; for the command line that is the whole CLI (typer, rich, every command),
    which a worker never uses. Workers need nothing from `__main__`: their target and
    reader are named by module. So while a process starts, `__main__` is an empty module.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


@contextlib.contextmanager
def _safe_path() -> Iterator[None]:
    """Start processes that import nothing from the working folder.

    A fork server, a spawned worker and multiprocessing's resource tracker each start as
    `python -c ...`, which puts the working folder first on `sys.path`: a `random.py` or
    `inspect.py` in the folder of plans the command runs from would be imported, and run,
    by every one of them. PYTHONSAFEPATH (Python 3.11's `-P`) leaves that entry out; the
    processes started meanwhile inherit it (a forked worker has this process's `sys.path`).
    """
    before = os.environ.get(SAFE_PATH)
    os.environ[SAFE_PATH] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SAFE_PATH, None)
        else:
            os.environ[SAFE_PATH] = before


SAFE_PATH = "PYTHONSAFEPATH"


def rss_mb(pid: int) -> float | None:
    """A process's resident memory in MB (Linux /proc), or None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            resident = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return resident * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    primed: bool = False  # the worker was sent its reader
    job: Job | None = None
    started: float = 0.0
    begun: bool = False  # the worker said it started the job (its clock runs from then)


FOLDER_PREFIX = "pmh-assess-"
"""A pool's private temporary folder is named this, its process id, a dash, then random."""
_FOLDER = re.compile(re.escape(FOLDER_PREFIX) + r"(\d{1,10})-\w+")


def sweep_folders() -> None:
    """Remove the temporary folders of pools whose process is gone: a run ended by SIGKILL
    cannot remove its own. Only folders of this user, named as a pool names them, whose
    process id no process has."""
    import shutil

    if os.name != "posix":  # no owner ids, and os.kill would end the process
        return
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        found = _FOLDER.fullmatch(entry.name)
        if found is None or int(found[1]) == os.getpid():
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or info.st_uid != os.getuid():
                continue
            os.kill(int(found[1]), 0)
        except ProcessLookupError:  # its run is gone
            shutil.rmtree(entry.path, ignore_errors=True)
        except (OSError, OverflowError):  # alive but another user's, or unreadable
            continue


class WorkerPool:
    """Up to `size` worker processes reading documents under the options' limits."""

    def __init__(self, size: int, options: ReadOptions, reader: Reader) -> None:
        self.size = max(1, size)
        self.reader = reader
        self.options = options
        self._reader_bytes: bytes | None = None
        self._later: Later | None = None
        self._later_done = False
        self._failed_starts = 0  # in a row: a third gives up the job
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.ctx = _context()
        self.workers: list[_Worker] = []

    def run(
        self, jobs: list[Job], on_pages: Callable[[int, int, int], None] | None = None
    ) -> Iterator[tuple[int, bytes | str]]:
        """(index, encoded document) or (index, error line) for every job, as each ends."""
        pending = deque(jobs)
        self._failed_starts = 0
        try:
            while len(self.workers) < min(self.size, len(jobs)):
                self._start()  # workers start up while the reader is pickled
            while pending or any(w.job for w in self.workers):
                outcomes: list[tuple[int, bytes | str]] = list(self._dispatch(pending))
                self._send_later()
                outcomes += self._collect(on_pages)
                # Workers that finished go on with their next jobs before the outcomes are
                # used (decoded, rated): otherwise they would wait for that.
                outcomes += self._dispatch(pending)
                yield from outcomes
        finally:
            self.close()

    def _dispatch(self, pending: deque[Job]) -> Iterator[tuple[int, str]]:
        """Give each idle worker its next job; (index, error line) for a job no worker
        could be started for."""
        while pending and (idle := self._idle()) is not None:
            job = pending.popleft()
            try:
                if not idle.primed:
                    idle.conn.send_bytes(self._pickled_reader())
                    if self._later is not None:
                        idle.conn.send(self._later)
                    idle.primed = True
                idle.conn.send(job)
            except OSError:  # the worker died while idle: give the job to another
                self._retire(idle)
                self._failed_starts += 1
                if self._failed_starts >= 3:
                    yield job.index, f"{job.path}: no worker process could be started"
                else:
                    pending.appendleft(job)
                continue
            self._failed_starts = 0
            idle.job, idle.started, idle.begun = job, time.monotonic(), False

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _idle(self) -> _Worker | None:
        for worker in self.workers:
            if worker.job is None and worker.process.is_alive():
                return worker
        self.workers = [w for w in self.workers if w.process.is_alive() or w.job is not None]
        return self._start() if len(self.workers) < self.size else None

    def _start(self) -> _Worker:
        try:
            return self._started()
        except OSError:
            if self.ctx.get_start_method() != "forkserver":
                raise
            # the fork server listens on a socket in the temporary folder, whose path may
            # be too long for one (a long TMPDIR): start workers afresh instead
            self.ctx = multiprocessing.get_context("spawn")
            return self._started()

    def _started(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, args=(child,), daemon=True)
        with _bare_main(), _safe_path():
            process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _pickled_reader(self) -> bytes:
        """The reader as sent to each worker, pickled once."""
        if self._reader_bytes is None:
            self._reader_bytes = bytes(ForkingPickler.dumps(self.reader))
        return self._reader_bytes

    def _send_later(self) -> None:
        """Build the reader's later part (once the first jobs are out, so that workers read
        meanwhile) and send it to every worker that has the reader."""
        if self._later_done:
            return
        self._later_done = True
        part = self.reader.later()
        if part is None:
            return
        try:
            sweep_folders()
            self._folder = tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-")
            path = os.path.join(self._folder.name, "later.pickle")
            with open(path, "wb") as fh:
                ForkingPickler(fh).dump(part)
            self._later = Later(path)
        except OSError:  # no temporary folder: each worker builds it
            self._later = Later(None)
        for worker in self.workers:
            if worker.primed:
                with contextlib.suppress(OSError):  # it died: collecting it says so
                    worker.conn.send(self._later)

    def _collect(
        self, on_pages: Callable[[int, int, int], None] | None
    ) -> Iterator[tuple[int, bytes | str]]:
        busy = [w for w in self.workers if w.job is not None]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], POLL))
        for worker in busy:
            assert worker.job is not None
            job = worker.job
            if worker.conn in ready:
                try:
                    while worker.conn.poll():
                        message: Message = worker.conn.recv()
                        if message[0] == "start":
                            worker.started, worker.begun = time.monotonic(), True
                            continue
                        if message[0] == "pages":
                            if on_pages:
                                on_pages(job.index, message[2], message[3])
                            continue
                        worker.job = None
                        yield job.index, message[2]
                        break
                except (EOFError, OSError):
                    pass
                if worker.job is None:
                    continue
            if not worker.process.is_alive():
                code = worker.process.exitcode
                self._retire(worker)
                yield job.index, f"{job.path}: the reader stopped unexpectedly (exit code {code})"
            elif reason := self._over_limit(worker):
                self._retire(worker)
                yield job.index, f"{job.path}: {reason}"

    def _over_limit(self, worker: _Worker) -> str | None:
        limit = self.options.timeout
        allowed = None if limit is None else limit + (0.0 if worker.begun else STARTUP_GRACE)
        if allowed is not None and time.monotonic() - worker.started > allowed:
            return (
                f"reading took longer than the time limit of {limit:g} s and was stopped "
                "(raise it with --timeout)"
            )
        cap = self.options.max_memory_mb
        used = rss_mb(worker.process.pid) if cap is not None else None
        if cap is not None and used is not None and used > cap:
            return (
                f"reading used more than the memory limit of {cap} MB and was stopped "
                "(a decompression bomb? raise it with --max-memory)"
            )
        return None

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (over a limit, or already dead) and forget it."""
        worker.job = None
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.workers.remove(worker)

    def close(self) -> None:
        """Stop every worker: politely when idle, by force when busy or on Ctrl-C."""
        for worker in self.workers:
            try:
                if worker.job is None and worker.process.is_alive():
                    worker.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2
        for worker in self.workers:
            if worker.job is not None:
                worker.process.kill()
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
