"""Term expressions compiled in one process and used in others.

`re.compile` spends nearly all its time in Python: parsing the expression and generating
the program the regular expression engine runs (half a millisecond for a term's
expression, and a rubric has thousands). The program is plain data (a list of integers),
which the engine turns into a pattern at once, checking it as it does so. So the main
process works out each term's program once, or reads it from the cache, and hands it to
the workers with the automaton: they no longer compile every expression again.

A program is the engine's, not the language's: it is kept only with `VERSION` (this
Python's version and its engine's magic number), and one the engine refuses is compiled
from its expression instead.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

_sre: Any = importlib.import_module("_sre")
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")

Program = tuple[int, list[int], int, dict[str, int]]
"""An expression's flags, code, number of groups (with the whole match) and group names."""

VERSION = f"python{sys.version_info[0]}.{sys.version_info[1]}-sre{_sre.MAGIC}"
"""Programs are valid only for the engine that made them."""

MAX_CODE = 1 << 16
"""Most integers in a kept program: a term's has a few hundred."""


def program(regex: str, parsed: Any = None) -> Program:
    """The program `re.compile(regex)` makes, as plain data; from the expression's parse
    (`re._parser.parse(regex)`) when given."""
    if parsed is None:
        parsed = _parser.parse(regex, 0)
    state = parsed.state
    code = [int(c) for c in _compiler._code(parsed, 0)]  # plain: its opcodes are named ints
    return state.flags, code, state.groups, dict(state.groupdict)


def from_program(regex: str, made: Program) -> re.Pattern[str] | None:
    """The pattern `re.compile(regex)` gives, from its program; None when the engine
    refuses the program."""
    flags, code, groups, names = made
    index_group: list[str | None] = [None] * groups
    for name, index in names.items():
        index_group[index] = name
    try:
        pattern: re.Pattern[str] = _sre.compile(
            regex, flags, code, groups - 1, names, tuple(index_group)
        )
    except (RuntimeError, TypeError, ValueError, IndexError, OverflowError):
        return None
    return pattern


def as_program(item: object) -> Program | None:
    """A program as read back from the cache (lists for tuples), or None when it has not
    the shape `program` gives."""
    if not isinstance(item, list | tuple) or len(item) != 4:
        return None
    flags, code, groups, names = item
    if not (
        isinstance(flags, int)
        and isinstance(code, list)
        and len(code) <= MAX_CODE
        and all(isinstance(c, int) and 0 <= c < 1 << 32 for c in code)
        and isinstance(groups, int)
        and 1 <= groups <= 100
        and isinstance(names, dict)
        and all(
            isinstance(k, str) and isinstance(v, int) and 0 < v < groups for k, v in names.items()
        )
    ):
        return None
    return flags, code, groups, names
