"""Load a rubric from YAML with every problem located at `path:line:col`.

The file is read and validated by `yamlfile` (as manifests and overrides are); cross-
references that only the whole rubric can check are located in the same way.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from ..base.errors import Problem, RubricError
from ..files.yamlfile import locate, read_yaml, validate
from .model import Rubric, reference_problems


def load_rubric(path: Path | str) -> Rubric:
    """Read and validate a rubric file; raise RubricError listing every problem.

    The rubric keeps the SHA-256 of the file's bytes (`Rubric.sha256`), read once with
    its text, so that results name the very file that rated them."""
    path = Path(path)
    try:
        data = path.read_bytes()
        # as read_text would: line ends made \n, so positions are the same whatever the file
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([Problem(str(path), 1, 1, f"cannot read rubric: {exc}")]) from exc
    rubric = parse_rubric(text, str(path))
    rubric._sha256 = hashlib.sha256(data).hexdigest()
    return rubric


def parse_rubric(text: str, path: str = "<rubric>") -> Rubric:
    data, root = read_yaml(text, path)
    rubric = validate(Rubric, data, root, path, context={"defer_references": True})
    problems = [locate(root, loc, path, msg) for loc, msg in reference_problems(rubric)]
    if problems:
        raise RubricError(sorted(set(problems), key=lambda p: (p.line, p.column, p.message)))
    return rubric
