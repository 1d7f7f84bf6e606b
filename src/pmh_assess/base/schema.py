"""The base of every schema read from a user's file: rubrics, manifests, overrides, references."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors, models are immutable, and every number is finite (YAML can
    spell `.inf` and `.nan`, which no count, weight or threshold can mean)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
