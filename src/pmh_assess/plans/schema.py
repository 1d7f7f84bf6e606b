"""`plans.yaml`'s schema, as pydantic models: what a manifest is checked against when it
is not plainly valid (`manifest.read_manifest`), so that every problem is located."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from ..base.schema import Strict
from .metadata import ID, check_metadata


class PlanSchema(Strict):
    id: str = Field(pattern=f"^{ID.pattern}$")
    title: str | None = None
    documents: list[str] = Field(min_length=1)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("metadata")
    @classmethod
    def _numbers(cls, metadata: dict[str, Any]) -> dict[str, Any]:
        return check_metadata(metadata)


class ManifestSchema(Strict):
    rubric: str | None = Field(
        default=None,
        description="Rubric id or path (relative to the manifest) for these plans, used when "
        "no --rubric is given.",
    )
    plans: list[PlanSchema]
