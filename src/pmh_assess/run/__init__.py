"""Running the engine over documents and plans: workers, limits, the cache, memoised evidence.

Every command reads documents through `read_documents` (directly, or through
`prepare_plans` and `score_plans`), so the same limits and cache apply everywhere.
"""

from .corpus import PreparedPlan, prepare_plans
from .documents import ProgressEvent, prepare_document, read_documents
from .score import score_plans
from .workers import ReadOptions

__all__ = [
    "PreparedPlan",
    "ProgressEvent",
    "ReadOptions",
    "prepare_document",
    "prepare_plans",
    "read_documents",
    "score_plans",
]
