"""pmh-assess: score health and care plans against public mental health criteria.

The library API, in pipeline order:

    from pmh_assess import discover, load_rubric, score_plans
    plans, errors = discover([Path("plans/")])
    results = score_plans(plans, load_rubric("criteria/mhf-2024.yaml"), errors=errors)
    print(results.to_json())
"""

from .engine import Scorer, prepare_text
from .errors import DocumentError, ExitCode, RubricError, UserError
from .plans import PlanSpec, discover
from .results import Results, load_results
from .rubric import Rubric, load_rubric, resolve_rubric
from .run import prepare_document, score_plans

__all__ = [
    "DocumentError",
    "ExitCode",
    "PlanSpec",
    "Results",
    "Rubric",
    "RubricError",
    "Scorer",
    "UserError",
    "discover",
    "load_results",
    "load_rubric",
    "prepare_document",
    "prepare_text",
    "resolve_rubric",
    "score_plans",
]
