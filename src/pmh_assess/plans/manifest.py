"""`plans.yaml`: the manifest that groups a folder's documents into plans, read and
checked (located errors), for `plans/`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from ..base.errors import Problem, RubricError, UserError
from ..files.yamlfile import read_yaml, validate
from .metadata import ID, check_metadata, population

__all__ = ["ID", "Manifest", "ManifestPlan", "check_metadata", "plainly_valid", "population"]


class ManifestPlan(NamedTuple):
    id: str
    title: str | None
    documents: list[str]
    metadata: dict[str, Any]


class Manifest(NamedTuple):
    """A manifest as read: the rubric it names (if any) and its plans."""

    rubric: str | None
    plans: list[ManifestPlan]


PLAN_KEYS = frozenset(ManifestPlan._fields)
MANIFEST_KEYS = frozenset(Manifest._fields)


def plainly_valid(data: Any) -> Manifest | None:
    """The manifest `data` holds when it is plainly valid: keys, types and values such
    that the schema (`schema.ManifestSchema`) would give the same without changing any;
    None for anything else, which the schema then checks and locates. Checking a
    manifest this way needs no pydantic, the most of a run whose results are kept."""
    if type(data) is not dict or not data.keys() <= MANIFEST_KEYS or "plans" not in data:
        return None
    rubric, entries = data.get("rubric"), data["plans"]
    if (rubric is not None and type(rubric) is not str) or type(entries) is not list:
        return None
    plans = []
    for entry in entries:
        if type(entry) is not dict or not entry.keys() <= PLAN_KEYS:
            return None
        plan_id, title = entry.get("id"), entry.get("title")
        documents, metadata = entry.get("documents"), entry.get("metadata", {})
        if type(plan_id) is not str or not ID.fullmatch(plan_id):
            return None
        if (title is not None and type(title) is not str) or type(documents) is not list:
            return None
        if not documents or any(type(d) is not str for d in documents):
            return None
        if type(metadata) is not dict or any(type(k) is not str for k in metadata):
            return None
        try:
            check_metadata(metadata)
        except ValueError:
            return None
        plans.append(ManifestPlan(plan_id, title, list(documents), dict(metadata)))
    return Manifest(rubric, plans)


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
    plain = plainly_valid(data)
    if plain is not None:
        return plain
    from .schema import ManifestSchema

    checked = validate(ManifestSchema, data, root, str(path))
    plans = [ManifestPlan(p.id, p.title, p.documents, p.metadata) for p in checked.plans]
    return Manifest(checked.rubric, plans)
