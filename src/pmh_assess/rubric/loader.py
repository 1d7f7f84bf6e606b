"""Load a rubric from YAML with every problem located at `path:line:col`.

The file is read and validated by `yamlfile` (as manifests and overrides are); cross-
references that only the whole rubric can check are located in the same way.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, RubricError
from ..yamlfile import locate, read_yaml, validate
from .model import Rubric, reference_problems


def load_rubric(path: Path | str) -> Rubric:
    """Read and validate a rubric file; raise RubricError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([Problem(str(path), 1, 1, f"cannot read rubric: {exc}")]) from exc
    return parse_rubric(text, str(path))


def parse_rubric(text: str, path: str = "<rubric>") -> Rubric:
    data, root = read_yaml(text, path)
    rubric = validate(Rubric, data, root, path, context={"defer_references": True})
    problems = [locate(root, loc, path, msg) for loc, msg in reference_problems(rubric)]
    if problems:
        raise RubricError(sorted(set(problems), key=lambda p: (p.line, p.column, p.message)))
    return rubric
