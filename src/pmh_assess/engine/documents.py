"""Documents for a run: from the text cache, or read and prepared in worker processes.

A document is looked up in the cache by its content hash first; only the ones not found
are read, in parallel worker processes under the run's time and memory limits (or in
this process with `workers=0`, where no limit applies). Each comes back as soon as it is
ready, so that a plan can be scored while others are still being read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..cache import TextCache, decode
from ..errors import DocumentError
from ..extract import DEFAULT_ENGINE, Document, PageCallback, check_size, extract, file_sha256
from ..text import Text, prepare
from .workers import Job, ReadOptions, WorkerPool, describe_failure


@dataclass
class PreparedDocument:
    document: Document
    text: Text


@dataclass(frozen=True)
class ProgressEvent:
    """Where a run stands: documents finished (read, cached or failed) and pages read."""

    documents_done: int
    documents_total: int
    pages: int
    path: str


ProgressCallback = Callable[[ProgressEvent], None]


def prepare_document(
    path: Path,
    *,
    password: str | None = None,
    engine: str = DEFAULT_ENGINE,
    max_pages: int | None = None,
    max_mb: float | None = None,
    on_page: PageCallback | None = None,
    sha256: str | None = None,
    cache: TextCache | None = None,
) -> PreparedDocument:
    """One document's pages and prepared text, from the cache when it has them."""
    if cache is not None:
        sha256 = sha256 or file_sha256(path)
        found = cached(cache, sha256, engine, str(path))
        if found is not None:
            return found
    document = extract(
        path,
        password=password,
        engine=engine,
        max_pages=max_pages,
        max_mb=max_mb,
        on_page=on_page,
        sha256=sha256,
    )
    text = prepare(document.pages)
    if cache is not None:
        cache.store(engine, document, text)
    return PreparedDocument(document, text)


def cached(cache: TextCache, sha256: str, engine: str, display: str) -> PreparedDocument | None:
    """A cached document; text prepared by older code is prepared again from its pages."""
    found = cache.load(sha256, engine, display)
    if found is None:
        return None
    document, text = found
    if text is None:
        text = prepare(document.pages)
        cache.store(engine, document, text)
    return PreparedDocument(document, text)


def read_documents(
    paths: list[Path],
    options: ReadOptions,
    *,
    workers: int | None = None,
    cache: TextCache | None = None,
    progress: ProgressCallback | None = None,
) -> Iterator[tuple[int, PreparedDocument | str]]:
    """(index into `paths`, the document or an error line) for every path, as each is ready.

    `workers`: processes to read in (None: one per core); 0 reads in this process, where
    the time and memory limits cannot be enforced.
    """
    total = len(paths)
    done = 0
    pages: dict[int, int] = {}

    def finished(index: int, outcome: PreparedDocument | str) -> tuple[int, PreparedDocument | str]:
        nonlocal done
        done += 1
        if isinstance(outcome, PreparedDocument):
            pages[index] = len(outcome.document.pages)
        if progress:
            progress(ProgressEvent(done, total, sum(pages.values()), str(paths[index])))
        return index, outcome

    def on_pages(index: int, read: int, _: int) -> None:
        pages[index] = read
        if progress:
            progress(ProgressEvent(done, total, sum(pages.values()), str(paths[index])))

    jobs: list[Job] = []
    for index, path in enumerate(paths):
        try:
            sha256 = _check(path, options)
            found = cached(cache, sha256, options.engine, str(path)) if cache else None
        except DocumentError as exc:
            yield finished(index, str(exc))
            continue
        if found is not None:
            yield finished(index, found)
        else:
            jobs.append(Job(index, path, sha256))
    if not jobs:
        return
    if workers == 0:
        for job in jobs:
            yield finished(job.index, _read_here(job, options, cache, on_pages))
        return
    size = min(workers or os.cpu_count() or 1, len(jobs))
    if cache is not None:
        options = replace(options, cache_root=cache.root)
    with WorkerPool(size, options) as pool:
        for index, result in pool.run(jobs, on_pages):
            if isinstance(result, bytes):
                document, text = decode(result, str(paths[index]))
                assert text is not None  # a worker always sends the prepared text
                yield finished(index, PreparedDocument(document, text))
            else:
                yield finished(index, result)


def _read_here(
    job: Job,
    options: ReadOptions,
    cache: TextCache | None,
    on_pages: Callable[[int, int, int], None],
) -> PreparedDocument | str:
    """Read in this process: no time or memory limit, but no process either."""

    def on_page(read: int, total: int) -> None:
        on_pages(job.index, read, total)

    try:
        return prepare_document(
            job.path,
            password=options.password,
            engine=options.engine,
            max_pages=options.max_pages,
            max_mb=options.max_mb,
            on_page=on_page,
            sha256=job.sha256,
            cache=cache,
        )
    except Exception as exc:  # one document's failure is never the run's
        return describe_failure(exc)


def _check(path: Path, options: ReadOptions) -> str:
    """The file's content hash, after the checks that need no reader."""
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    check_size(path, options.max_mb)
    try:
        return file_sha256(path)
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read the file ({exc.strerror})") from exc
