"""Errors a user can fix, and the exit codes the CLI maps them to."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes shared by every command."""

    OK = 0
    INPUT_ERRORS = 1  # some inputs could not be scored (or a check failed)
    USAGE = 2  # bad arguments, bad rubric, bad manifest


class UserError(Exception):
    """A problem the user can fix (bad path, bad option). Printed as one line, no traceback."""


class DocumentError(UserError):
    """A document could not be read (encrypted, corrupt, no text). Recorded in `errors`."""


@dataclass(frozen=True)
class Problem:
    """One located problem in a YAML file: `path:line:col: message`."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RubricError(UserError):
    """A rubric (or manifest) file is invalid. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known word, or '': how every error about an
    unknown id ends, rather than listing every id there is."""
    hint = difflib.get_close_matches(word, sorted(known), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""
