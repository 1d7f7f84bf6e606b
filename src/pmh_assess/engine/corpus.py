"""Plans read once, for commands that score them more than once (diff) or look inside (audit)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentError
from ..plans import PlanSpec
from ..results import ErrorItem
from .scoring import PreparedDocument, ProgressCallback, _strip_path, prepare_document


@dataclass
class PreparedPlan:
    spec: PlanSpec
    documents: list[PreparedDocument]


def prepare_plans(
    specs: list[PlanSpec],
    *,
    password: str | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[list[PreparedPlan], list[ErrorItem]]:
    """Extract and segment every document once; unreadable ones become error items."""
    plans: list[PreparedPlan] = []
    errors: list[ErrorItem] = []
    for spec in specs:
        documents: list[PreparedDocument] = []
        for path in spec.documents:
            if progress:
                progress(str(path))
            try:
                documents.append(prepare_document(Path(path), password=password))
            except DocumentError as exc:
                errors.append(ErrorItem(path=str(path), message=_strip_path(str(exc), path)))
        if documents:
            plans.append(PreparedPlan(spec, documents))
    return plans, errors
