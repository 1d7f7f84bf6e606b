"""Rubrics: the YAML schema, its loader with located errors, and the bundled rubrics."""

from .bundled import DEFAULT_RUBRIC, bundled_rubrics, resolve_rubric
from .loader import load_rubric, parse_rubric
from .model import Criterion, Domain, Rubric

__all__ = [
    "DEFAULT_RUBRIC",
    "Criterion",
    "Domain",
    "Rubric",
    "bundled_rubrics",
    "load_rubric",
    "parse_rubric",
    "resolve_rubric",
]
