"""Which rubrics are at hand: the bundled ones and local files, each with its id and size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import RubricError
from ..rubric.bundled import bundled_rubrics
from ..rubric.loader import load_rubric
from .check import rubric_files


@dataclass(frozen=True)
class RubricEntry:
    path: str
    source: str  # "bundled" or "local"
    id: str | None = None
    version: str | None = None
    title: str | None = None
    criteria: int = 0
    problems: int = 0  # > 0: the file does not load (see `rubric check`)


def _entry(path: Path, source: str) -> RubricEntry:
    try:
        rubric = load_rubric(path)
    except RubricError as exc:
        return RubricEntry(str(path), source, problems=len(exc.problems))
    return RubricEntry(
        str(path), source, rubric.id, rubric.version, rubric.title, len(rubric.criteria)
    )


def list_rubrics(local: Iterable[Path] = ()) -> list[RubricEntry]:
    """Bundled rubrics, then rubric files in `local` (files or folders) not already listed."""
    seen: set[Path] = set()
    entries = []
    for path in bundled_rubrics().values():
        seen.add(path.resolve())
        entries.append(_entry(path, "bundled"))
    files, _ = rubric_files(local)
    for path in files:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            entries.append(_entry(path, "local"))
    return entries
