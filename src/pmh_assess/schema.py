"""The base of every schema read from a user's file: rubrics, manifests, overrides, references."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors and models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
