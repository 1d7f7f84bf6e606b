"""What a manifest's plans may say of themselves: their ids and metadata, checked without
any schema library (for `manifest.py`, `schema.py`, results and coverage)."""

from __future__ import annotations

import math
import re
from typing import Any

POPULATION = re.compile(r"\s*\d[\d,_ ]*\s*")
MAX_POPULATION = 10**10  # more people than live on Earth is a typo


def population(value: object) -> int | None:
    """A plan's population as its metadata gives it: a whole number of people, or digits
    with separators ("1,250,000"); None when not given. ValueError for anything else."""
    if value is None:
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and POPULATION.fullmatch(value):
        number = int(re.sub(r"[^\d]", "", value))
    if number is None or not math.isfinite(number) or not 0 <= number <= MAX_POPULATION:
        raise ValueError(
            f"population must be a number of people from 0 to {MAX_POPULATION:,} "
            f'(like 1250000 or "1,250,000"), not {value!r}'
        )
    return round(number)


def check_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Metadata whose numbers are all finite and whose population (if any) is one."""
    population(metadata.get("population"))
    for key, value in metadata.items():
        if not _finite(value):
            raise ValueError(f"{key}: numbers must be finite (not .inf or .nan)")
    return metadata


def _finite(value: object, depth: int = 0) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if depth > 64:
        return True
    if isinstance(value, dict):
        return all(_finite(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v, depth + 1) for v in value)
    return True


ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""What a plan id may be (it names files): a letter or digit, then those, `.`, `_`, `-`."""
