"""The rule engine, pure: match a rubric's evidence rules, rate criteria, rate the plan.

No processes, files or cache here: reading documents and scoring sets of plans is `run/`.
"""

from .scoring import PreparedDocument, Scorer, prepare_text

__all__ = ["PreparedDocument", "Scorer", "prepare_text"]
