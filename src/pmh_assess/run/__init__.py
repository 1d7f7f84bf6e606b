"""Running the engine over documents and plans: workers, limits, the cache, memoised evidence.

Every command reads documents through `read_documents` (directly, or through
`prepare_plans` and `score_plans`), so the same limits and cache apply everywhere.

The names below are imported when first used, so that a module of this package that
needs no engine (a kept run, see `runs.py`) can be imported without it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..limits import ReadOptions
    from .corpus import PreparedPlan, prepare_plans
    from .documents import ProgressEvent, prepare_document, read_documents
    from .score import score_plans

_HOMES = {
    "PreparedPlan": ".corpus",
    "prepare_plans": ".corpus",
    "ProgressEvent": ".documents",
    "prepare_document": ".documents",
    "read_documents": ".documents",
    "score_plans": ".score",
    "ReadOptions": "..limits",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)


__all__ = [
    "PreparedPlan",
    "ProgressEvent",
    "ReadOptions",
    "prepare_document",
    "prepare_plans",
    "read_documents",
    "score_plans",
]
