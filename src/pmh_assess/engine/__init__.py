"""The rule engine: match a rubric's evidence rules, rate criteria, rate the plan."""

from .scoring import PreparedDocument, Scorer, prepare_document, prepare_text, score_plans

__all__ = ["PreparedDocument", "Scorer", "prepare_document", "prepare_text", "score_plans"]
