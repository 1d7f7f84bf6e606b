"""Whole runs kept: scoring the same documents with the same rubric and options again
writes the results of last time without loading the rubric or any plan.

A run's results (after shared text is marked and discounted, before reviewers' overrides)
are kept as their JSON, by a key that names everything they depend on: the package's
code, the PDF libraries, the rubric file's path and content, the read options, the
evidence kept, and every plan's id, title, metadata and documents (path and content
hash). Any change is a miss, and the run is scored the usual way, from cached text,
evidence and plan results (`memo.py`). Runs with errors, or with a password, are not kept.

This module imports no engine, rubric or result model, so that a run found here costs
little more than hashing its documents.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import TextCache, code_version, extractor_version
from ..extract import file_sha256
from ..limits import ReadOptions

if TYPE_CHECKING:
    from ..plans import PlanSpec
    from ..results import ErrorItem, Results

KIND = "runs"


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

    def load(self, key: str) -> str | None:
        """The kept results' JSON, or None."""
        blob = self.cache.load_blob(KIND, key)
        if blob is None:
            return None
        try:
            return blob.decode()
        except UnicodeDecodeError:
            return None

    def store(self, key: str, text: str) -> None:
        self.cache.store_blob(KIND, key, text.encode())


class Scored:
    """A run's results. When they come from a kept run they are its JSON, parsed into
    `Results` only when asked for; `to_json()` gives the text without parsing.

    Results are not changed once here: a change (overrides, relabelling) makes a new one.
    """

    def __init__(self, results: Results | None = None, text: str | None = None) -> None:
        if results is None and text is None:
            raise ValueError("Scored needs results or their JSON")
        self._results = results
        self._text = text

    @property
    def results(self) -> Results:
        if self._results is None:
            from ..errors import UserError
            from ..results import Results

            assert self._text is not None
            try:
                self._results = Results.model_validate_json(self._text)
            except ValueError as error:
                raise UserError(
                    f"a kept run in the cache is damaged ({type(error).__name__}); "
                    "clear it with `pmh-assess cache clear`"
                ) from None
        return self._results

    @property
    def errors(self) -> list[ErrorItem]:
        """Per-file errors; a kept run has none (runs with errors are never kept)."""
        return [] if self._results is None else self._results.errors

    def to_json(self) -> str:
        if self._text is None:
            assert self._results is not None
            self._text = self._results.to_json()
        return self._text
