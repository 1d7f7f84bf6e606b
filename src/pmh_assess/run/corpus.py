"""Plans read once, for commands that score them more than once (diff) or look inside (audit).

Documents are read the way `score` reads them: from the text cache when it has them,
otherwise in worker processes under the same limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..engine.scoring import PreparedDocument
from ..plans import PlanSpec
from ..results import ErrorItem
from .cache import TextCache
from .documents import ProgressCallback, for_plans, read_documents
from .limits import ReadOptions


@dataclass
class PreparedPlan:
    spec: PlanSpec
    documents: list[PreparedDocument]


def strip_path(message: str, path: Path) -> str:
    """An error line without the path it starts with (the error item names the path)."""
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def prepare_plans(
    specs: list[PlanSpec],
    *,
    read: ReadOptions | None = None,
    workers: int | None = None,
    cache: TextCache | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[list[PreparedPlan], list[ErrorItem]]:
    """Extract and segment every document once; unreadable ones become error items."""
    paths = list(dict.fromkeys(path for spec in specs for path in spec.documents))
    owners: dict[str, str] = {}
    for spec in specs:
        for path in spec.documents:
            owners.setdefault(str(path), spec.id)
    outcomes = dict(
        read_documents(
            paths,
            read or ReadOptions(),
            workers=workers,
            cache=cache,
            progress=for_plans(progress, owners),
        )
    )
    slot = {path: i for i, path in enumerate(paths)}
    errors = [
        ErrorItem(path=str(path), message=strip_path(outcome, path))
        for path, outcome in ((p, outcomes[slot[p]]) for p in paths)
        if isinstance(outcome, str)
    ]
    plans: list[PreparedPlan] = []
    for spec in specs:
        documents = [
            d for p in spec.documents if isinstance(d := outcomes[slot[p]], PreparedDocument)
        ]
        if documents:
            plans.append(PreparedPlan(spec, documents))
    return plans, errors
