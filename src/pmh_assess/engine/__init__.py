"""The rule engine: match a rubric's evidence rules, rate criteria, rate the plan."""

from .documents import PreparedDocument, ProgressEvent, prepare_document
from .scoring import Scorer, prepare_text, score_plans
from .workers import ReadOptions

__all__ = [
    "PreparedDocument",
    "ProgressEvent",
    "ReadOptions",
    "Scorer",
    "prepare_document",
    "prepare_text",
    "score_plans",
]
