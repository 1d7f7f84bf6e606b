"""Rubrics: the YAML schema, its loader with located errors, and the bundled rubrics.

The loader and the model are imported when first used: finding a rubric's file (the
bundled ones, a manifest's choice) needs neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base.lazy import lazy_exports
from .bundled import DEFAULT_RUBRIC, bundled_rubrics, resolve_rubric

if TYPE_CHECKING:
    from .loader import load_rubric, parse_rubric
    from .model import Criterion, Domain, Rubric

_HOMES = {
    "load_rubric": "loader",
    "parse_rubric": "loader",
    "Criterion": "model",
    "Domain": "model",
    "Rubric": "model",
}


__getattr__ = lazy_exports(__name__, _HOMES, globals())


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
