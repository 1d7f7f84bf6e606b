"""Rubrics that ship with the tool, found by id (`mhf-2024`) or by path."""

from __future__ import annotations

from pathlib import Path

from ..base.errors import UserError

DEFAULT_RUBRIC = "mhf-2024"


def bundled_dir() -> Path:
    """The installed package's `criteria/`, or the source tree's in a development checkout."""
    installed = Path(__file__).resolve().parent.parent / "criteria"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "criteria"


def bundled_rubrics() -> dict[str, Path]:
    folder = bundled_dir()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def resolve_rubric(spec: str | Path | None) -> Path:
    """A rubric path from a path, a bundled id, or nothing (the default rubric)."""
    spec = DEFAULT_RUBRIC if spec is None else spec
    path = Path(spec)
    if path.is_file():
        return path
    bundled = bundled_rubrics()
    if str(spec) in bundled:
        return bundled[str(spec)]
    known = ", ".join(bundled) or "none installed"
    raise UserError(f"rubric {str(spec)!r} is neither a file nor a bundled rubric id ({known})")
