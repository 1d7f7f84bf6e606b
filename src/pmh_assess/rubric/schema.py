"""The rubric file format as JSON Schema, generated from the models, for editors and CI."""

from __future__ import annotations

import json
from typing import Any

from .model import Rubric

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def rubric_schema() -> dict[str, Any]:
    """JSON Schema of a rubric file (validation mode: what a YAML file may contain)."""
    schema = Rubric.model_json_schema(by_alias=True, mode="validation")
    schema["title"] = "pmh-assess rubric"
    schema["description"] = (
        "A YAML rubric for pmh-assess: levels, language cues, contexts, domains of criteria "
        "with evidence rules, rating rules and examples, and the overall rating."
    )
    return {"$schema": DIALECT, **schema}


def rubric_schema_json() -> str:
    return json.dumps(rubric_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
