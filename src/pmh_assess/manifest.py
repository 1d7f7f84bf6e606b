"""`plans.yaml`: the manifest that groups a folder's documents into plans, read and
checked (located errors), for `plans.py`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from .errors import Problem, RubricError, UserError
from .schema import Strict
from .yamlfile import read_yaml, validate


class ManifestPlan(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str | None = None
    documents: list[str] = Field(min_length=1)
    metadata: dict[str, Any] = Field(default_factory=dict)


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
