"""Running the engine over documents and plans: workers, limits, the cache, memoised evidence.

Every command reads documents through `read_documents` (directly, or through
`prepare_plans` and `score_plans`), so the same limits and cache apply everywhere.

The names below are imported when first used, so that a module of this package that
needs no engine (a kept run, see `runs.py`) can be imported without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base.lazy import lazy_exports
from .limits import ReadOptions

if TYPE_CHECKING:
    from .corpus import PreparedPlan, prepare_plans
    from .documents import ProgressEvent, prepare_document, read_documents
    from .score import score_plans

_HOMES = {
    "PreparedPlan": "corpus",
    "prepare_plans": "corpus",
    "ProgressEvent": "documents",
    "prepare_document": "documents",
    "read_documents": "documents",
    "score_plans": "score",
}


__getattr__ = lazy_exports(__name__, _HOMES, globals())


__all__ = [
    "PreparedPlan",
    "ProgressEvent",
    "ReadOptions",
    "prepare_document",
    "prepare_plans",
    "read_documents",
    "score_plans",
]
