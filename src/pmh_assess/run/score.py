"""Plans in, results out: reading, matching and rating, in that order, for every plan.

A document that cannot be read becomes one line in `errors` and the rest still score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from ..base.errors import UserError
from ..engine.scoring import PreparedDocument, Scorer, rubric_info, tool_version
from ..extract import ENGINES
from ..plans import PlanSpec
from ..results import ErrorItem, PlanResult, Results
from ..rubric.model import Rubric
from .cache import TextCache
from .corpus import strip_path
from .documents import ProgressCallback, for_plans, read_documents
from .limits import ReadOptions
from .memo import KEPT_VOIDED, PlanMemo


def score_plans(
    specs: list[PlanSpec],
    rubric: Rubric,
    *,
    password: str | None = None,
    max_evidence: int = 10,
    errors: list[ErrorItem] | None = None,
    progress: ProgressCallback | None = None,
    read: ReadOptions | None = None,
    workers: int | None = None,
    cache: TextCache | None = None,
    sink: Callable[[int, PlanResult], None] | None = None,
) -> Results:
    """Score every plan; unreadable documents become error items, never exceptions.

    With `sink`, each plan's result is handed to it (with the plan's place in `specs`) as
    soon as the plan is scored, and not kept: the results returned then hold no plans,
    so that a run's memory need not grow with its plans.

    `read` picks the PDF engine and the limits (time, memory, pages, size) per document;
    `workers` is how many processes read documents (None: one per core; 0: this process,
    with no time or memory limit); `cache` keeps extracted text, each criterion's evidence
    and whole plan results between runs (see `memo.py`).
    """
    read = read or ReadOptions()
    if password is not None:
        read = replace(read, password=password)
    if read.engine not in ENGINES:
        raise UserError(f"unknown PDF engine {read.engine!r}; expected one of {', '.join(ENGINES)}")
    scorer = Scorer(rubric, max_evidence=max_evidence)
    memo = PlanMemo(cache, rubric, read.engine, max_evidence) if cache is not None else None
    scored: dict[int, PlanResult] = {}
    done: set[int] = set()

    def keep(i: int, result: PlanResult) -> None:
        done.add(i)
        if sink is None:
            scored[i] = result
        else:
            sink(i, result)

    for i, spec in enumerate(specs):
        if memo is not None and (found := memo.load(spec)) is not None:
            keep(i, found)
    todo = [i for i in range(len(specs)) if i not in done]
    paths = list(dict.fromkeys(path for i in todo for path in specs[i].documents))
    slot = {path: i for i, path in enumerate(paths)}
    outcomes: dict[int, PreparedDocument | str | None] = {}  # None: used and let go
    waiting = {i: [slot[p] for p in specs[i].documents] for i in todo}
    users = Counter(n for needed in waiting.values() for n in needed)

    def score_ready() -> None:
        """Score each plan whose documents are all in, while others are still being read;
        a document is let go once every plan it belongs to is scored, so that memory does
        not grow with the number of plans."""
        for i, needed in list(waiting.items()):
            if all(n in outcomes for n in needed):
                del waiting[i]
                prepared = [d for n in needed if isinstance(d := outcomes[n], PreparedDocument)]
                if prepared:
                    result = scorer.score_plan(specs[i], prepared)
                    if memo is not None:
                        memo.store(specs[i], result, [d.document for d in prepared])
                    keep(i, result)
                del prepared
                for n in needed:
                    users[n] -= 1
                    if users[n] == 0 and not isinstance(outcomes[n], str):
                        outcomes[n] = None

    # Evidence worked out ahead keeps only the first voided hits (see memo.KEPT_VOIDED).
    ahead = max_evidence <= KEPT_VOIDED
    score_ready()
    owners: dict[str, str] = {}
    for i in todo:
        for path in specs[i].documents:
            owners.setdefault(str(path), specs[i].id)
    for index, outcome in read_documents(
        paths,
        read,
        workers=workers,
        cache=cache,
        progress=for_plans(progress, owners),
        rubric=rubric if ahead else None,
        scorer=scorer if ahead else None,
    ):
        outcomes[index] = outcome
        score_ready()
    errors = list(errors or [])
    for i in todo:
        for path in specs[i].documents:
            if isinstance(failed := outcomes[slot[path]], str):
                errors.append(ErrorItem(path=str(path), message=strip_path(failed, path)))
    return Results(
        tool_version=tool_version(),
        rubric=rubric_info(rubric, rubric.sha256),
        plans=[scored[i] for i in sorted(scored)],
        errors=errors,
    )
