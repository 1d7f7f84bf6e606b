"""Plans found under files and folders, scored: the rubric, reviewers' overrides and
shared text handled as every command that scores plans from paths needs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from ..base.errors import UserError
from ..plans import discover, no_documents, rubric_for, unread_files
from .cache import TextCache
from .limits import ReadOptions
from .runs import FileError, PackedPlans, RunMemo, Scored, kept_errors

if TYPE_CHECKING:
    from ..plans import PlanSpec
    from ..results import ErrorItem, PlanResult, Results
    from ..rubric.model import Rubric
    from .documents import ProgressCallback

if TYPE_CHECKING:
    Progress = Callable[[int], AbstractContextManager[ProgressCallback | None]]
    """Given the number of documents to read, a context giving the progress callback."""


class Told(TypedDict, total=False):
    """How `score_paths` tells its caller what happens: a progress display for the
    documents read, each file in the folders that is not read (and why), each warning."""

    progress: Progress
    skipped: Callable[[Path, str], None]
    warn: Callable[[str], None]


class ScoreOptions(Told, total=False):
    """The keywords of `score_paths` (and `results_or_scored`) that say how plans are read
    and scored, as a command's reading and scoring options give them, with how it is told
    what happens."""

    read: ReadOptions
    evidence: int
    allow_outside: bool
    workers: int | None
    cache: bool
    discount_shared: int


def _no_progress(documents: int) -> AbstractContextManager[ProgressCallback | None]:
    return nullcontext()


def load_rubric(path: Path) -> Rubric:
    """The rubric, loaded only when it is needed: a kept run does not need it."""
    from ..rubric.loader import load_rubric as load

    return load(path)


def results_file(paths: list[Path]) -> Path | None:
    """The results file `paths` name (a `.json` file, from `score --format json`), or None
    when they name plan files and folders; one results file is given alone, never beside
    plans or another. A folder is plans whatever its name."""
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
    found = [p for p in paths if p.suffix.lower() == ".json" and p.is_file()]
    if found and len(paths) > 1:
        raise UserError("give one results .json file, or plan files and folders, not both")
    return found[0] if found else None


def results_or_scored(paths: list[Path], **options: Any) -> tuple[Results, Path | None]:
    """The results a results file holds, or the plans under `paths` scored (`options` are
    `score_paths`'): what every command that takes either reads, with the results file
    read (None when plans were scored). Options are for scoring: a results file is as it
    was scored."""
    from ..results import load_results

    found = results_file(paths)
    if found is not None:
        return load_results(found), found
    return score_paths(paths, **options).results, None


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
    keep_run: bool = True,
    discount_shared: int = 0,
    progress: Progress = _no_progress,
    skipped: Callable[[Path, str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> Scored:
    """Discover the plans under `paths` and score them with `rubric` (a file or bundled
    id; else the one the manifests name, else the default).

    Evidence sentences other plans of the run also hold are marked (`shared_with`); with
    `discount_shared`, criteria are rated without those shared with that many plans.
    `overrides` (a reviewers' file) replaces machine ratings, keeping both. `skipped` is
    told of each file in the folders that is not read, and why; `warn` of each override
    that does not apply. With `cache`, what was read and matched is kept, and with
    `keep_run` the whole run too (see `runs.py`): the same run again loads nothing else.
    """
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
    read = read or ReadOptions()
    rubric_path = rubric_for(paths, rubric)
    loaded = None
    reviews = None
    if overrides:
        from ..review.overrides import load_overrides

        loaded = load_rubric(rubric_path)
        reviews = load_overrides(overrides, rubric=loaded)
    specs, errors = discover(paths, allow_outside=allow_outside)
    if skipped is not None:
        for path, why in unread_files(paths):
            skipped(path, why)
    if not specs and not errors:
        load_rubric(rubric_path)  # a broken rubric is told first, as when there are plans
        raise no_documents()
    kept = TextCache() if cache else None
    memo = key = None
    if kept is not None and keep_run and not errors and read.password is None:
        memo = RunMemo(
            kept, rubric=rubric_path, read=read, evidence=evidence, discount_shared=discount_shared
        )
        key = memo.key(specs)
    text = memo.load(key) if memo is not None and key is not None else None
    failed = kept_errors(text) if text is not None else None
    if text is not None and failed is not None:
        scored = Scored(kept=text, errors=failed)
    else:
        scored = _score(
            specs,
            errors,
            loaded or load_rubric(rubric_path),
            read=read,
            evidence=evidence,
            discount_shared=discount_shared,
            workers=workers,
            cache=kept,
            progress=progress,
        )
        if memo is not None and key is not None and _refused(scored.errors, kept, read):
            run_memo, run_key = memo, key
            if run_memo.store(run_key, scored.json()):
                # written out from the kept entry: the plans are not made again
                scored = scored.keeping(lambda: run_memo.open(run_key))
    if reviews is not None:
        from ..review.overrides import apply_overrides

        assert loaded is not None
        results, warnings = apply_overrides(scored.results, reviews, loaded, max_evidence=evidence)
        scored = Scored(results)
        for warning in warnings:
            if warn is not None:
                warn(warning)
    return scored


def _refused(
    errors: Sequence[ErrorItem | FileError], cache: TextCache | None, read: ReadOptions
) -> bool:
    """Whether every error of a run is a file the reader refused, kept as such in the
    cache: the same run again gives the same errors (a run without errors: True)."""
    if not errors:
        return True
    if cache is None:
        return False
    from ..extract import file_sha256
    from .corpus import strip_path
    from .documents import known_failure

    for error in errors:
        path = Path(error.path)
        try:
            sha256 = file_sha256(path)
        except OSError:
            return False
        found = known_failure(cache, read, sha256, path)
        if found is None or strip_path(found, path) != error.message:
            return False
    return True


def _score(
    specs: list[PlanSpec],
    errors: list[ErrorItem],
    rubric: Rubric,
    *,
    read: ReadOptions,
    evidence: int,
    discount_shared: int,
    workers: int | None,
    cache: TextCache | None,
    progress: Progress,
) -> Scored:
    """Score the plans, holding each plan's result packed once it is rated, and their
    evidence sentences for marking shared text; the results are made plan by plan as
    they are written (with `discount_shared`, they are made whole)."""
    from ..engine.scoring import ALL_EVIDENCE
    from .score import score_plans
    from .shared import SharedText
    from .shared import discount_shared as discount_shared_text

    packed = PackedPlans()
    shared = SharedText()

    def sink(place: int, plan: PlanResult) -> None:
        shared.add(plan)
        packed.add(place, plan)

    documents = len({path for spec in specs for path in spec.documents})
    with progress(documents) as advance:
        head = score_plans(
            specs,
            rubric,
            max_evidence=ALL_EVIDENCE if discount_shared else evidence,
            errors=errors,
            progress=advance,
            read=read,
            workers=workers,
            cache=cache,
            sink=sink,
        )
    shared.settle(cache)

    def plans() -> Iterator[PlanResult]:
        for plan in packed:
            shared.mark(plan)
            yield plan

    scored = Scored(head=head, plans=plans)
    if discount_shared:
        return Scored(
            discount_shared_text(
                scored.results, rubric, others=discount_shared, max_evidence=evidence
            )
        )
    return scored
