"""Documents for a run: from the cache, or read, prepared and matched in worker processes.

A document is looked up in the cache by its content hash first, with the evidence each
criterion found in it (see `memo.py`); only what is missing is worked out, in parallel
worker processes under the run's time and memory limits (or in this process with
`workers=0`, where no limit applies). Each document comes back as soon as it is ready,
so that a plan can be scored while others are still being read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..base.errors import DocumentError
from ..engine.automaton import (
    TermMatcher,
    compiled,
    known_anchors,
    learn_anchors,
    with_programs,
)
from ..engine.evidence import criterion_evidence
from ..engine.programs import VERSION as PROGRAM_VERSION
from ..engine.scoring import PreparedDocument, Scorer, rubric_matcher
from ..extract import (
    DEFAULT_ENGINE,
    Document,
    Page,
    PageCallback,
    check_size,
    extract,
    file_sha256,
    reading,
)
from ..extract.pdftext import BLANK_WARNING, SCANNED_WARNING
from ..rubric.model import Criterion, Rubric
from ..text import prepare
from .cache import (
    ANCHORS,
    PROGRAMS,
    TextCache,
    decode,
    dumps,
    encode,
    extractor_version,
    loads,
)
from .limits import ReadOptions
from .memo import (
    MARGINAL,
    decode_evidence,
    encode_evidence,
    engine_version,
    fingerprints,
    marginal_print,
    valid_evidence,
    valid_marginal,
    with_voided,
)
from .workers import Job, WorkerPool, describe_failure

FAILED = "failed"
"""The cache's kind of entry for a file the reader refused (see `Work.known_failure`)."""


@dataclass(frozen=True)
class ProgressEvent:
    """Where a run stands: documents finished (read, cached or failed) and pages read;
    the document last heard of, and the plan it belongs to (when reading for plans)."""

    documents_done: int
    documents_total: int
    pages: int
    path: str
    plan: str = ""


def for_plans(progress: ProgressCallback | None, owners: dict[str, str]) -> ProgressCallback | None:
    """`progress`, told the plan of each document too (`owners`: path -> plan id)."""
    if progress is None:
        return None
    told = progress

    def tell(event: ProgressEvent) -> None:
        told(replace(event, plan=owners.get(event.path, "")))

    return tell


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
    key = reading(path, engine)  # the same bytes read another way are another entry
    if cache is not None:
        sha256 = sha256 or file_sha256(path)
        found = cached(cache, sha256, key, str(path))
        if found is not None:
            return found
    seen = [0]

    def counted(read: int, total: int) -> None:
        seen[0] = total
        if on_page is not None:
            on_page(read, total)

    try:
        document = extract(
            path,
            password=password,
            engine=engine,
            max_pages=max_pages,
            max_mb=max_mb,
            on_page=counted,
            sha256=sha256,
        )
    except DocumentError as exc:
        document = without_text_layer(path, exc, seen[0], sha256, password)
    text = prepare(document.pages)
    if cache is not None:
        cache.store(key, document, text)
    return PreparedDocument(document, text)


def without_text_layer(
    path: Path, error: DocumentError, pages: int, sha256: str | None, password: str | None
) -> Document:
    """A PDF read to its end with no text on any page, as a document of empty pages (to be
    rated not assessable, see `engine/textpages.py`); any other error is raised again."""
    said = str(error)
    if not pages or not said.endswith((SCANNED_WARNING, BLANK_WARNING)):
        raise error
    return Document(
        path=str(path),
        sha256=sha256 or file_sha256(path),
        pages=[Page(number=n, text="") for n in range(1, pages + 1)],
        warnings=[said.removeprefix(f"{path}: ")],
        cacheable=not password,
    )


def cached(cache: TextCache, sha256: str, engine: str, display: str) -> PreparedDocument | None:
    """A cached document; text prepared by older code is prepared again from its pages.
    `engine` is how the file is read (`extract.reading`)."""
    found = cache.load(sha256, engine, display)
    if found is None:
        return None
    document, text = found
    if text is None:
        text = prepare(document.pages)
        cache.store(engine, document, text)
    return PreparedDocument(document, text)


class Work:
    """What is done for each document: its text, then (with a rubric) its evidence."""

    def __init__(
        self, options: ReadOptions, rubric: Rubric | None, scorer: Scorer | None = None
    ) -> None:
        self.options = options
        self.cache = TextCache(options.cache_root) if options.cache_root else None
        self.scorer = scorer or (Scorer(rubric) if rubric else None)
        self.prints = fingerprints(self.scorer.rubric) if self.scorer else {}
        if self.scorer and (counts := marginal_print(self.scorer.rubric)) is not None:
            self.prints[MARGINAL] = counts  # kept beside the evidence, worked out with it
        self._matchers: dict[tuple[str, ...], TermMatcher] = {}
        self.whole = True
        """Whether some document may need every criterion matched: then the rubric's
        automaton is built in the main process and handed to workers (see `later`)."""
        self._fetch: Callable[[], object | None] | None = None
        self._whole: TermMatcher | None = None

    def read(
        self, job: Job, on_page: PageCallback | None
    ) -> tuple[PreparedDocument, dict[str, Any] | None]:
        """The document, and (with a rubric) every criterion's evidence in it, encoded.
        A document the reader refuses (no text layer, damaged, too many pages) is kept as
        such, so that the next run need not read it again (see `known_failure`)."""
        o = self.options
        try:
            prepared = prepare_document(
                job.path,
                password=o.password,
                engine=o.engine,
                max_pages=o.max_pages,
                max_mb=o.max_mb,
                on_page=on_page,
                sha256=job.sha256 or None,
                cache=self.cache,
            )
        except DocumentError as exc:
            self._keep_failure(job, str(exc))
            raise
        if self.scorer is None:
            return prepared, None
        document = prepared.document
        return prepared, self.complete(
            prepared, self.stored_evidence(document.sha256, document.path)
        )

    def missing(self, stored: dict[str, Any]) -> list[str]:
        """Criteria (ids) whose evidence is not among the stored."""
        return [cid for cid, fp in self.prints.items() if fp not in stored]

    def complete(self, prepared: PreparedDocument, stored: dict[str, Any]) -> dict[str, Any]:
        """Every criterion's evidence by id: the stored, and the missing matched now (and
        stored in turn)."""
        assert self.scorer is not None
        missing = set(self.missing(stored))
        if missing:
            criteria = [c for c in self.scorer.rubric.criteria if c.id in missing]
            if len(missing) < len(self.prints):  # an automaton of only what is needed
                index = self.scorer.index(prepared, self._matcher(criteria))
            else:
                index = self.scorer.index(prepared, self._whole_matcher())
            for criterion in criteria:
                stored[self.prints[criterion.id]] = encode_evidence(
                    criterion_evidence(criterion, self.scorer.rubric, index)
                )
            if MARGINAL in missing:
                stored[self.prints[MARGINAL]] = list(self.scorer.marginal_counts(index) or ())
            if self.cache is not None and prepared.document.cacheable:
                current = {fp: stored[fp] for fp in self.prints.values()}
                self.cache.store_evidence(
                    prepared.document.sha256, self._reading(prepared.document.path), current
                )
        if MARGINAL in self.prints:
            words, sentences = stored[self.prints[MARGINAL]]
            prepared.marginal = (words, sentences)
        return {cid: stored[fp] for cid, fp in self.prints.items() if cid != MARGINAL}

    def later(self) -> TermMatcher | None:
        """The rubric's automaton, built here once for every worker (see `workers.Reader`),
        when some document may need every criterion: otherwise each worker builds the
        smaller automaton of the few criteria its documents miss."""
        if self.scorer is None or not self.whole:
            return None
        matcher = self.scorer.matcher
        if self.cache is None:
            with_programs(matcher)
            return compiled(matcher)
        learned = learn_anchors(self.cache.load_table(ANCHORS, engine_version()))
        version = f"{engine_version()}-{PROGRAM_VERSION}"
        kept = self.cache.load_table(PROGRAMS, version)
        made = with_programs(matcher, kept)
        compiled(matcher)
        if len(table := known_anchors()) > learned:  # new variants: keep them too
            self.cache.store_table(ANCHORS, engine_version(), table)
        if not isinstance(kept, dict) or any(regex not in kept for regex in made):
            self.cache.store_table(PROGRAMS, version, made)
        return matcher

    def expect(self, fetch: Callable[[], object | None]) -> None:
        """In a worker: `fetch` waits for the automaton the main process built."""
        self._fetch = fetch

    def _whole_matcher(self) -> TermMatcher:
        """The whole rubric's automaton: the main process's, once it has come to this
        worker, else (in the main process, or where it sent none) built here."""
        assert self.scorer is not None
        if self._fetch is not None:
            fetched, self._fetch = self._fetch(), None
            if isinstance(fetched, TermMatcher):
                self._whole = fetched
        return self._whole or self.scorer.matcher

    def __getstate__(self) -> dict[str, Any]:
        """Pickled for worker processes without what only one of them can use."""
        return {**self.__dict__, "_fetch": None, "_whole": None}

    def _matcher(self, criteria: list[Criterion]) -> TermMatcher:
        assert self.scorer is not None
        key = tuple(c.id for c in criteria)
        if key not in self._matchers:
            self._matchers[key] = rubric_matcher(self.scorer.rubric, self.scorer.cues, criteria)
        return self._matchers[key]

    def _reading(self, path: str) -> str:
        return reading(path, self.options.engine)

    def _keep_failure(self, job: Job, message: str) -> None:
        key = failure_key(self.options, job.sha256, job.path) if self.cache else None
        if key is None or self.cache is None:
            return
        prefix = f"{job.path}: "
        named = message.startswith(prefix)  # kept without the path: the file may move
        kept = {"named": named, "message": message[len(prefix) :] if named else message}
        self.cache.store_blob(FAILED, key, json.dumps(kept).encode())

    def known_failure(self, sha256: str, path: Path) -> str | None:
        """The error line of a file the reader refused in an earlier run, or None."""
        return known_failure(self.cache, self.options, sha256, path) if self.cache else None

    def stored_evidence(self, sha256: str, path: str) -> dict[str, Any]:
        """Encoded evidence kept for a document; entries of the wrong shape are left out
        (a misshapen cache entry is a miss, never an error)."""
        return self.valid(self.kept_evidence(sha256, path))

    def kept_evidence(self, sha256: str, path: str) -> dict[str, Any]:
        """Encoded evidence kept for a document, as read: not yet checked (see `valid`)."""
        if self.cache is None:
            return {}
        return self.cache.load_evidence(sha256, self._reading(path))

    def valid(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The stored evidence of this rubric's criteria that has the right shape."""
        wanted = set(self.prints.values())
        counts = self.prints.get(MARGINAL)
        return {
            fp: e
            for fp, e in stored.items()
            if fp in wanted and (valid_marginal(e) if fp == counts else valid_evidence(e))
        }

    def payload(self, job: Job, on_page: PageCallback | None) -> bytes:
        """What a worker sends back for a job (see `workers.Reader`): of the voided hits,
        only the ones the results show."""
        prepared, encoded = self.read(job, on_page)
        if encoded is not None and self.scorer is not None:
            kept = self.scorer.max_evidence
            encoded = {cid: with_voided(e, kept) for cid, e in encoded.items()}
        return self.encode(prepared, encoded)

    @staticmethod
    def attach(prepared: PreparedDocument, encoded: dict[str, Any] | None) -> PreparedDocument:
        if encoded is not None:
            path = prepared.document.path
            prepared.evidence = {cid: decode_evidence(e, path) for cid, e in encoded.items()}
        return prepared

    @staticmethod
    def encode(prepared: PreparedDocument, encoded: dict[str, Any] | None) -> bytes:
        """What a worker sends back: text and evidence, encoded as in the cache. With the
        evidence, the pages go without their text: scoring quotes the prepared text, and
        only counts the pages (see `PreparedDocument`)."""
        document = prepared.document
        if encoded is not None:
            document = replace(document, pages=[replace(p, text="") for p in document.pages])
        blob = encode(document, prepared.text)
        evidence = [encoded, prepared.marginal]
        return len(blob).to_bytes(8, "little") + blob + dumps(evidence)

    @staticmethod
    def decode(payload: bytes, path: str) -> PreparedDocument:
        size = int.from_bytes(payload[:8], "little")
        document, text = decode(payload[8 : 8 + size], path)
        assert text is not None  # a worker always sends the prepared text
        encoded, marginal = loads(payload[8 + size :])
        prepared = PreparedDocument(document, text)
        if marginal is not None:
            words, sentences = marginal
            prepared.marginal = (words, sentences)
        return Work.attach(prepared, encoded)


def failure_key(options: ReadOptions, sha256: str, path: Path) -> str | None:
    """What a reader's refusal of a file depends on: its content, how it is read (the
    reader and its code) and the page and size limits. None when not kept: with a
    password (the next run may give another), or without a hash."""
    if options.password is not None or not sha256:
        return None
    how = reading(path, options.engine)
    parts = [sha256, how, extractor_version(how), options.max_pages, options.max_mb]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def known_failure(cache: TextCache, options: ReadOptions, sha256: str, path: Path) -> str | None:
    """The error line of a file the reader refused in an earlier run (see `Work.read`), or
    None: not refused, refused for a reason that may pass (time, memory), or not kept."""
    key = failure_key(options, sha256, path)
    blob = cache.load_blob(FAILED, key) if key is not None else None
    if blob is None:
        return None
    try:
        kept = json.loads(blob)
        named, message = kept["named"], kept["message"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(named, bool) or not isinstance(message, str):
        return None
    return f"{path}: {message}" if named else message


def read_documents(
    paths: list[Path],
    options: ReadOptions,
    *,
    workers: int | None = None,
    cache: TextCache | None = None,
    progress: ProgressCallback | None = None,
    rubric: Rubric | None = None,
    scorer: Scorer | None = None,
) -> Iterator[tuple[int, PreparedDocument | str]]:
    """(index into `paths`, the document or an error line) for every path, as each is ready.

    With a `rubric`, each document comes with the evidence of every criterion in it (a
    `scorer` for that rubric saves compiling it again here).
    `workers`: processes to read in (None: one per core); 0 reads in this process, where
    the time and memory limits cannot be enforced.
    """
    if cache is not None:
        options = replace(options, cache_root=cache.root)
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

    here = Work(options, rubric, scorer) if workers == 0 or cache is not None else None
    jobs: list[Job] = []
    whole = False  # whether a document to read misses every criterion's evidence
    for index, path in enumerate(paths):
        try:
            sha256 = _check(path, options)
            failed = here.known_failure(sha256, path) if cache and here else None
            if failed is not None:
                yield finished(index, failed)
                continue
            found, missing = (
                _from_cache(here, sha256, str(path), limited=workers != 0)
                if cache and here
                else (None, -1)
            )
        except DocumentError as exc:
            yield finished(index, str(exc))
            continue
        if found is not None:
            yield finished(index, found)
        else:
            jobs.append(Job(index, path, sha256))
            whole = whole or missing < 0 or here is None or missing >= len(here.prints)
    if not jobs:
        return
    if here is not None:
        here.whole = whole
    if workers == 0:
        assert here is not None
        for job in jobs:
            yield finished(job.index, _read_here(here, job, on_pages))
        return
    size = min(workers or os.cpu_count() or 1, len(jobs))
    work = here or Work(options, rubric, scorer)
    if work.scorer is not None and work.whole:
        work.scorer.order_terms()  # once here, rather than in every worker
    with WorkerPool(size, options, work) as pool:
        for index, result in pool.run(jobs, on_pages):
            if isinstance(result, bytes):
                yield finished(index, Work.decode(result, str(paths[index])))
            else:
                yield finished(index, result)


def read_limited(
    paths: list[Path],
    options: ReadOptions | None = None,
    *,
    cache: TextCache | None = None,
    keep: bool = True,
    workers: int | None = None,
    scorer: Scorer | None = None,
) -> list[PreparedDocument]:
    """Documents read as `score` reads them: from the cache (`cache`, else the user's;
    none without `keep`), else in a worker under the time and memory limits (`workers`
    as `read_documents` takes them). The first document that cannot be read is a
    DocumentError.

    With a `scorer`, each comes with its rubric's evidence, as kept in the cache (where
    only the first voided hits of a criterion are kept: the others stand as `ELIDED`)."""
    found: dict[int, PreparedDocument] = {}
    kept = (cache if cache is not None else TextCache()) if keep else None
    for index, outcome in read_documents(
        paths,
        options or ReadOptions(),
        cache=kept,
        workers=workers,
        rubric=scorer.rubric if scorer is not None else None,
        scorer=scorer,
    ):
        if isinstance(outcome, str):
            path = str(paths[index])
            raise DocumentError(outcome if outcome.startswith(path) else f"{path}: {outcome}")
        found[index] = outcome
    return [found[i] for i in range(len(paths))]


def _from_cache(
    work: Work, sha256: str, path: str, *, limited: bool = True
) -> tuple[PreparedDocument | None, int]:
    """A document whose text is cached, with every criterion's evidence: cached too, or
    (when the run has no limits to keep, `limited=False`) matched here when only a few
    criteria are missing. Matching is never done here under limits: a slow rule would
    escape the time and memory limits that only a worker process can enforce.

    Also how many criteria's evidence is missing, whether the document is found or left
    to a worker: the evidence kept is only checked when it would be used."""
    assert work.cache is not None
    allowed = 0 if limited else len(work.prints) // 8
    stored = work.kept_evidence(sha256, path) if work.scorer else {}
    missing = len(work.missing(stored))
    if missing > allowed:
        return None, missing
    stored = work.valid(stored)
    missing = len(work.missing(stored))
    if missing > allowed:
        return None, missing
    found = cached(work.cache, sha256, reading(path, work.options.engine), path)
    if found is None or work.scorer is None:
        return found, missing
    return Work.attach(found, work.complete(found, stored)), missing


def _read_here(
    work: Work, job: Job, on_pages: Callable[[int, int, int], None]
) -> PreparedDocument | str:
    """Read in this process: no time or memory limit, but no process either."""

    def on_page(read: int, total: int) -> None:
        on_pages(job.index, read, total)

    try:
        return Work.attach(*work.read(job, on_page))
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
