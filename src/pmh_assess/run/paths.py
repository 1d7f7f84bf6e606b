"""Plans found under files and folders, scored: the rubric, reviewers' overrides and
shared text handled as every command that scores plans from paths needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from ..cache import TextCache
from ..errors import UserError
from ..plans import discover, no_documents, rubric_for, unread_files
from ..results import Results
from ..rubric import load_rubric
from ..shared import discount_shared as discount_shared_text
from ..shared import mark_shared
from .documents import ProgressCallback
from .score import score_plans
from .workers import ReadOptions

ALL_EVIDENCE = 1_000_000
"""Evidence sentences kept per criterion while shared ones are set aside: every one."""

Progress = Callable[[int], AbstractContextManager[ProgressCallback | None]]
"""Given the number of documents to read, a context giving the progress callback."""


def _no_progress(documents: int) -> AbstractContextManager[ProgressCallback | None]:
    return nullcontext()


def score_paths(
    paths: list[Path],
    *,
    rubric: str | None = None,
    read: ReadOptions | None = None,
    evidence: int = 10,
    allow_outside: bool = False,
    overrides: Path | None = None,
    workers: int | None = None,
    cache: bool = True,
    discount_shared: int = 0,
    progress: Progress = _no_progress,
    skipped: Callable[[Path, str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> Results:
    """Discover the plans under `paths` and score them with `rubric` (a file or bundled
    id; else the one the manifests name, else the default).

    Evidence sentences other plans of the run also hold are marked (`shared_with`); with
    `discount_shared`, criteria are rated without those shared with that many plans.
    `overrides` (a reviewers' file) replaces machine ratings, keeping both. `skipped` is
    told of each file in the folders that is not read, and why; `warn` of each override
    that does not apply.
    """
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
    rubric_path = rubric_for(paths, rubric)
    loaded = load_rubric(rubric_path)
    reviews = None
    if overrides:
        from ..overrides import check_against_rubric, load_overrides

        reviews = check_against_rubric(load_overrides(overrides), loaded)
    specs, errors = discover(paths, allow_outside=allow_outside)
    if skipped is not None:
        for path, why in unread_files(paths):
            skipped(path, why)
    if not specs and not errors:
        raise no_documents()
    documents = len({path for spec in specs for path in spec.documents})
    kept = TextCache() if cache else None
    with progress(documents) as advance:
        results = score_plans(
            specs,
            loaded,
            rubric_path=rubric_path,
            max_evidence=ALL_EVIDENCE if discount_shared else evidence,
            errors=errors,
            progress=advance,
            read=read or ReadOptions(),
            workers=workers,
            cache=kept,
        )
    mark_shared(results, kept)
    if discount_shared:
        results = discount_shared_text(
            results, loaded, others=discount_shared, max_evidence=evidence
        )
    if reviews is not None:
        from ..overrides import apply_overrides

        results, warnings = apply_overrides(results, reviews, loaded, max_evidence=evidence)
        for warning in warnings:
            if warn is not None:
                warn(warning)
    return results
