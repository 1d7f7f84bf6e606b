"""Whole runs kept: scoring the same documents with the same rubric and options again
writes the results of last time without loading the rubric or any plan.

A run's results (after shared text is marked and discounted, before reviewers' overrides)
are kept as their JSON, by a key that names everything they depend on: the package's
code, the libraries that read, match and write, the rubric file's path and content, the
read options, the evidence kept, and every plan's id, title, metadata and documents (path
and content hash). Any change is a miss, and the run is scored the usual way, from cached text,
evidence and plan results (`memo.py`). Runs with a password are not kept, nor runs with
errors, except errors of files the reader refused, kept as such (`documents.known_failure`).

This module imports no engine, rubric or result model, so that a run found here costs
little more than hashing its documents.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..base.vocabulary import pages_without_text
from ..extract import file_sha256
from .cache import TextCache, code_version, extractor_version, versions
from .limits import ReadOptions

if TYPE_CHECKING:
    from ..plans import PlanSpec
    from ..results import ErrorItem, PlanResult, Results

KIND = "runs"
RESULT_LIBRARIES = ("pydantic", "pydantic-core", "rapidfuzz", "pyahocorasick", "regex")
"""Libraries whose version may change a run's JSON: its writer, shared-text comparison,
matching (the PDF libraries are in `extractor_version`)."""


class RunMemo:
    """Finished runs' results by everything they depend on (see the module's docstring)."""

    def __init__(
        self,
        cache: TextCache,
        *,
        rubric: Path,
        read: ReadOptions,
        evidence: int,
        discount_shared: int,
    ) -> None:
        self.cache = cache
        options = {**asdict(read), "cache_root": None}
        self.shared = json.dumps(
            {
                "code": code_version(),
                "extractor": extractor_version(read.engine),
                "libraries": versions(RESULT_LIBRARIES),
                "rubric": [str(rubric), file_sha256(rubric)],
                "read": options,
                "evidence": evidence,
                "discount_shared": discount_shared,
            },
            sort_keys=True,
            default=str,
        )

    def key(self, specs: list[PlanSpec]) -> str | None:
        """The run's key, or None when a document cannot be hashed."""
        plans = []
        for spec in specs:
            try:
                documents = [[str(p), file_sha256(p)] for p in spec.documents]
            except OSError:
                return None
            plans.append([spec.id, spec.title, spec.metadata, documents])
        run = json.dumps(plans, sort_keys=True, default=str)
        return hashlib.sha256(f"{self.shared}\0{run}".encode()).hexdigest()

    def load(self, key: str) -> bytes | None:
        """The kept results' JSON (UTF-8, as written: zlib's checksum tells a damaged
        entry), or None."""
        return self.cache.load_blob(KIND, key)

    def store(self, key: str, pieces: Iterable[bytes]) -> bool:
        """Keep the results' JSON; False when the cache cannot be written."""
        return self.cache.store_blob(KIND, key, pieces)

    def open(self, key: str) -> Iterator[bytes] | None:
        """The kept results' JSON, read in pieces (see `TextCache.open_blob`), or None."""
        return self.cache.open_blob(KIND, key)


class FileError(NamedTuple):
    """A kept run's error: what `ErrorItem` says, without loading the result models."""

    path: str
    message: str


ERRORS_AT = b'\n  "errors": '
"""Where a results file's errors begin: the last key of its top level (`results_json`)."""


def kept_errors(text: bytes) -> list[FileError] | None:
    """(path, message) of each error of a kept run's JSON, read from its end; None when
    that part is misshapen (the kept run is then a miss)."""
    at = text.rfind(ERRORS_AT)
    body = text[at + len(ERRORS_AT) :].rstrip()
    if at < 0 or not body.endswith(b"}"):
        return None
    try:
        items = json.loads(body[:-1])
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    out = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"path", "message"}:
            return None
        path, message = item["path"], item["message"]
        if not isinstance(path, str) or not isinstance(message, str):
            return None
        out.append(FileError(path, message))
    return out


class PackedPlans:
    """Plan results held compressed (a few tens of KB each) in the order of their places,
    unpacked one at a time: what a run holds of its plans while it goes on."""

    def __init__(self) -> None:
        self._packed: dict[int, bytes] = {}

    def add(self, place: int, plan: PlanResult) -> None:
        self._packed[place] = zlib.compress(plan.model_dump_json().encode(), 1)

    def __len__(self) -> int:
        return len(self._packed)

    def __iter__(self) -> Iterator[PlanResult]:
        from ..results import PlanResult

        for place in sorted(self._packed):
            yield PlanResult.model_validate_json(zlib.decompress(self._packed[place]))


class Scored:
    """A run's results: `Results` in memory; or a kept run's JSON (`kept`); or the results'
    head with their plans made one at a time (`plans`), written out without ever holding
    them all, and maybe kept too. `json()` gives the JSON in pieces; `results` builds
    `Results` (whole) only when asked for.

    Results are not changed once here: a change (overrides, relabelling) makes a new one.
    """

    def __init__(
        self,
        results: Results | None = None,
        *,
        head: Results | None = None,
        plans: Callable[[], Iterable[PlanResult]] | None = None,
        kept: bytes | str | Callable[[], Iterator[bytes] | None] | None = None,
        errors: Sequence[ErrorItem | FileError] = (),
    ) -> None:
        """`results`; or `head`'s results with the plans `plans()` makes, in order
        (`head.plans` is not read); or a kept run's JSON (`kept`: the text or its UTF-8,
        or a function that reads it in pieces, None when it is gone), alone or beside
        either, which it then stands for when written, with its `errors`."""
        if (head is None) != (plans is None) or (results is not None and head is not None):
            raise ValueError("Scored takes results, or a head and its plans, not both")
        if results is None and head is None and kept is None:
            raise ValueError("Scored takes results, a head and its plans, or a kept run")
        self._results = results
        self._head = head
        self._plans = plans
        self._kept = kept
        given = results if results is not None else head
        self._errors: list[ErrorItem | FileError] = list(
            given.errors if given is not None else errors
        )
        self._unread: list[str] | None = None  # documents not assessable, seen streaming

    def keeping(self, kept: Callable[[], Iterator[bytes] | None]) -> Scored:
        """These results, written from where they are kept (`kept`, as in `__init__`)."""
        return Scored(
            self._results, head=self._head, plans=self._plans, kept=kept, errors=self._errors
        )

    @property
    def errors(self) -> list[ErrorItem | FileError]:
        return self._errors

    @property
    def results(self) -> Results:
        if self._results is not None:
            return self._results
        if self._head is not None and self._plans is not None:
            self._results = self._head.model_copy(update={"plans": list(self._plans())})
            return self._results
        from ..results import Results

        try:
            self._results = Results.model_validate_json(b"".join(self.json()))
        except ValueError as error:
            raise _damaged(type(error).__name__) from None
        return self._results

    def json(self) -> Iterator[bytes]:
        """The results' JSON (`Results.to_json()`'s text, UTF-8) in pieces."""
        if isinstance(self._kept, bytes):
            yield self._kept
            return
        if isinstance(self._kept, str):
            yield self._kept.encode()
            return
        if self._kept is not None and (pieces := self._kept()) is not None:
            try:
                yield from pieces
            except zlib.error:
                raise _damaged("zlib.error") from None
            return
        if self._head is not None and self._plans is not None:
            head, plans = self._head, self._plans()
        elif self._results is not None:
            head, plans = self._results, self._results.plans
        else:
            raise ValueError("the kept run is gone from the cache")
        from ..results import results_json

        unread: list[str] = []

        def seen(plans: Iterable[PlanResult]) -> Iterator[PlanResult]:
            for plan in plans:
                unread.extend(unassessable_documents(plan))
                yield plan

        for piece in results_json(head, seen(plans)):
            yield piece.encode()
        self._unread = unread

    def unassessable(self) -> list[str]:
        """Each document whose text is mostly missing, `path (11 of 12 pages have no
        text)`: from the results, from the plans as they were written, or from a kept
        run's JSON, read whole only when it holds such a document."""
        if self._results is not None:
            return [d for p in self._results.plans for d in unassessable_documents(p)]
        if self._unread is not None:
            return self._unread
        tail = b""
        for piece in self.json():
            if UNASSESSABLE in tail + piece[: len(UNASSESSABLE)] or UNASSESSABLE in piece:
                found = kept_unassessable(b"".join(self.json()))
                if found is None:  # misshapen: the result models say what is wrong
                    return [d for p in self.results.plans for d in unassessable_documents(p)]
                return found
            tail = piece[-len(UNASSESSABLE) :]
        return self._unread or []

    def to_json(self) -> str:
        return b"".join(self.json()).decode()


UNASSESSABLE = b'"assessable": false'
"""How a document not assessable reads in results JSON: within a JSON string its quotes
would be escaped, so these bytes are only ever that key."""


def unassessable_documents(plan: PlanResult) -> list[str]:
    return [f"{d.path} ({d.text_missing()})" for d in plan.documents if not d.assessable]


def kept_unassessable(text: bytes) -> list[str] | None:
    """`unassessable_documents` of every plan of a kept run's JSON, read as plain JSON
    rather than through the result models (which a kept run otherwise never imports);
    None when the JSON is not shaped as results are."""
    try:
        plans = json.loads(text)["plans"]
        found = []
        for plan in plans:
            for document in plan["documents"]:
                if document.get("assessable", True) is not False:
                    continue
                missing, pages = document.get("pages_without_text", []), document["pages"]
                path = document["path"]
                if not isinstance(missing, list) or type(pages) is not int or type(path) is not str:
                    return None
                said = pages_without_text(len(missing), pages) if missing else None
                found.append(f"{path} ({said})")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return found


def _damaged(why: str) -> Exception:
    from ..base.errors import UserError

    return UserError(
        f"a kept run in the cache is damaged or gone ({why}); "
        "clear it with `pmh-assess cache clear` and score again"
    )
