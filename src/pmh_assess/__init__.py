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

if TYPE_CHECKING:
    from .engine import Scorer, prepare_text
    from .errors import DocumentError, ExitCode, RubricError, UserError
    from .plans import PlanSpec, discover
    from .results import Results, load_results
    from .rubric import Rubric, load_rubric, resolve_rubric
    from .run import prepare_document, score_plans

_HOMES = {
    "DocumentError": "errors",
    "ExitCode": "errors",
    "PlanSpec": "plans",
    "Results": "results",
    "Rubric": "rubric",
    "RubricError": "errors",
    "Scorer": "engine",
    "UserError": "errors",
    "discover": "plans",
    "load_results": "results",
    "load_rubric": "rubric",
    "prepare_document": "run",
    "prepare_text": "engine",
    "resolve_rubric": "rubric",
    "score_plans": "run",
}
"""Each public name and the module it comes from."""


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # __import__ rather than importlib.import_module, which -X importtime does not list
    value = getattr(__import__(f"{__name__}.{home}", fromlist=[name]), name)
    globals()[name] = value
    return value


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
