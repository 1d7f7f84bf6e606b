"""pmh-assess: score health and care plans against public mental health criteria.

The library API, in pipeline order:

    from pmh_assess import discover, load_rubric, score_plans
    plans, errors = discover([Path("plans/")])
    results = score_plans(plans, load_rubric("criteria/mhf-2024.yaml"), errors=errors)
    print(results.to_json())

Each name is imported on first use, so that `pmh-assess --help` (which imports this
package) imports none of the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base.lazy import lazy_exports

if TYPE_CHECKING:
    from .base.errors import DocumentError, ExitCode, RubricError, UserError
    from .engine import Scorer, prepare_text
    from .plans import PlanSpec, discover
    from .results import Results, load_results
    from .rubric import Rubric, load_rubric, resolve_rubric
    from .run import prepare_document, score_plans

_HOMES = {
    "DocumentError": "base.errors",
    "ExitCode": "base.errors",
    "PlanSpec": "plans",
    "Results": "results",
    "Rubric": "rubric",
    "RubricError": "base.errors",
    "Scorer": "engine",
    "UserError": "base.errors",
    "discover": "plans",
    "load_results": "results",
    "load_rubric": "rubric",
    "prepare_document": "run",
    "prepare_text": "engine",
    "resolve_rubric": "rubric",
    "score_plans": "run",
}
"""Each public name and the module it comes from."""


__getattr__ = lazy_exports(__name__, _HOMES, globals())


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


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
