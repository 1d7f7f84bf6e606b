"""Options' values reach every command as typer would give them, without pydantic when
the value is plain (cli/coerce.py): each parameter of each command, given plain and
awkward values, coerces to what typer's own coercion gives, or fails with its words.
That a kept run imports no pydantic is in test_kept_runs.py."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer

import pmh_assess.cli as cli

coercion = pytest.importorskip("typer._coercion")

NUMBERS = ["0", "5", "007", "120", "2.5", "0.5", "-1", "-0", "+3", " 5", "1e3", "1_000", "inf"]
TEXTS = ["", "x", "plan one", "json", "table", "csv", "markdown", "html", "nope", "[x]"]
PATHS = ["", "-", ".", "plans", "missing/file.pdf", "~/x", " x ", "a\x00b"]


def params() -> list[tuple[str, Any]]:
    """Every parameter of every command, group and the root, by command path."""
    found: list[tuple[str, Any]] = []

    def walk(name: str, command: Any) -> None:
        ctx = typer.Context(command)
        for param in command.get_params(ctx):
            found.append((f"{name} {param.name}", param))
        for sub in getattr(command, "commands", {}).values():
            walk(f"{name} {sub.name}", sub)

    root = typer.main.get_command(cli.app)
    for name in cli.COMMANDS:
        walk(name, cli.load(name))
    ctx = typer.Context(root)
    found += [(f"pmh-assess {p.name}", p) for p in root.get_params(ctx)]
    return found


def samples(param: Any, folder: Path) -> list[Any]:
    annotation = param.type_descriptor.annotation
    values: list[Any] = [param.default] if param.default is not None else []
    values += [True, False, 3, 2.0, Path("plans")]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values += [*(m.value for m in annotation), *(str(m.value).upper() for m in annotation)]
    values += NUMBERS + TEXTS + PATHS + [str(folder), str(folder / "plan.txt")]
    return values + [[v] for v in values if isinstance(v, str)] + [["plans", str(folder)]]


def outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as error:  # the error itself is compared
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        return type(error).__name__, message


def test_every_parameter_coerces_as_typer_does(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text("A plan.", encoding="utf-8")
    checked = quick = 0
    for name, param in params():
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None:
            continue
        ours = param.get_runtime_param()
        theirs = coercion.build_runtime_param(descriptor)
        quick += type(ours).__name__ == "Quick"
        ctx = typer.Context(typer.main.get_command(cli.app))
        for value in samples(param, tmp_path):
            got, expected = outcome(ours, value, param, ctx), outcome(theirs, value, param, ctx)
            assert got == expected, (name, value)
            checked += 1
    assert quick > 50 and checked > 5000  # most parameters are plain: the test can fail
