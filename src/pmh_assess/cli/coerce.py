"""Options' values turned into their types without importing pydantic, when that is plain.

typer (0.2x) checks every parameter's value with a pydantic TypeAdapter that it builds at
each run, defaults included: importing pydantic and building a score command's twenty
adapters take about 0.15 s, a third of a run whose results are kept (`run/runs.py`).
Each parameter of our commands is given a coercion that does what typer's adapter does for
the plain cases: a value of the type already (a default), a path, a choice, a whole
number or decimal written in digits, a string, a value parsed by the option's own parser,
a list of those. Anything else, and every value that would fail, goes to typer's own
coercion, built on first need: errors read exactly as typer words them.

With a typer that has no such coercion (before 0.2x, click's types), nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:
    from typer import _coercion, _param_types
except ImportError:  # pragma: no cover - an older typer: click's types, no pydantic
    _coercion = _param_types = None  # type: ignore[assignment]

DIGITS = {int: re.compile(r"[0-9]+"), float: re.compile(r"[0-9]+(?:\.[0-9]+)?")}
"""Numbers taken as written: what pydantic reads as the same number (anything else,
signs, exponents, spaces, `inf`, is left to it)."""

Coerce = Callable[[Any, Any, Any], Any]
"""(value, param, ctx) -> the value in its type; raises anything to hand over to typer."""


class _Unplain(Exception):
    """A value this module does not coerce: typer's coercion does."""


def _number(kind: type, info: Any) -> Coerce | None:
    if info.clamp:
        return None

    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and DIGITS[kind].fullmatch(value):
            value = kind(value)
        if type(value) is not kind:
            raise _Unplain
        if (info.min is not None and value < info.min) or (
            info.max is not None and value > info.max
        ):
            raise _Unplain
        return value

    return coerce


def _leaf(annotation: Any, info: Any) -> Coerce | None:
    """What typer's `build_leaf_adapter` does for `annotation`, when it is plain."""
    if info.parser is not None:
        parser = info.parser
        return lambda value, param, ctx: parser(value)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = list(annotation)
        return lambda value, param, ctx: _param_types.coerce_cli_choice(
            value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx
        )
    if annotation is bool:  # a flag's value is a bool already; typer reads any other

        def flag(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, bool):
                raise _Unplain
            return value

        return flag
    if annotation in (int, float):
        return _number(annotation, info)
    if annotation is str:

        def text(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, str):
                raise _Unplain
            return value

        return text
    if (
        isinstance(annotation, type)
        and issubclass(annotation, Path)
        and _param_types.routes_to_path(annotation, info)
    ):
        kind = info.path_type or annotation

        def path(value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, str):
                value = kind(value)  # as pydantic makes a path of a string
            if not isinstance(value, kind):
                raise _Unplain
            return _param_types.coerce_cli_path(value, info, path_type=kind, param=param, ctx=ctx)

        return path
    return None


def _plain(annotation: Any, info: Any) -> Coerce | None:
    """The coercion of typer's `build_adapter` for `annotation`, or None when not plain."""
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        each = _leaf(item, info)
        if each is None:
            return None

        def items(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                value = [value]
            return [each(v, param, ctx) for v in value]

        return items
    if get_origin(annotation) is not None:
        return None
    return _leaf(annotation, info)


if _coercion is not None:

    @dataclass(frozen=True)
    class Quick(_coercion.RuntimeParam):
        """A parameter's coercion: the plain one, else typer's (built once, when needed)."""

        plain: Coerce
        descriptor: Any
        typers: list[Any] = field(default_factory=list)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.plain(value, param, ctx)
            except Exception:  # typer's coercion says what is wrong
                if not self.typers:
                    self.typers.append(_coercion.build_runtime_param(self.descriptor))
                return self.typers[0]._coerce_value(value, param=param, ctx=ctx)


def quick(params: list[Any]) -> None:
    """Give each of `params` (typer's) the plain coercion where its type has one."""
    if _coercion is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if (
            descriptor is None
            or getattr(param, "_runtime_param", False) is not None
            or descriptor.file_annotation is not None
        ):
            continue
        plain = _plain(descriptor.annotation, descriptor.parameter_info)
        if plain is not None:
            param._runtime_param = Quick(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                plain=plain,
                descriptor=descriptor,
            )
