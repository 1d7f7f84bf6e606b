"""`plans.yaml`: the manifest that groups a folder's documents into plans, read and
checked (located errors), for `plans/`."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from ..base.errors import Problem, RubricError, UserError
from ..base.schema import Strict
from ..files.yamlfile import read_yaml, validate

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


class ManifestPlan(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str | None = None
    documents: list[str] = Field(min_length=1)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("metadata")
    @classmethod
    def _numbers(cls, metadata: dict[str, Any]) -> dict[str, Any]:
        return check_metadata(metadata)


class Manifest(Strict):
    rubric: str | None = Field(
        default=None,
        description="Rubric id or path (relative to the manifest) for these plans, used when "
        "no --rubric is given.",
    )
    plans: list[ManifestPlan]


def read_manifest(path: Path) -> Manifest:
    """The manifest at `path`; any problem is a UserError (located where it can be)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RubricError(
            [Problem(str(path), 1, 1, f"not UTF-8 text (byte {exc.start}): save it as UTF-8")]
        ) from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read manifest ({exc.strerror or exc})") from exc
    data, root = read_yaml(text, str(path))
    return validate(Manifest, data, root, str(path))
