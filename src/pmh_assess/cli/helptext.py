"""Help that reads as command-line conventions go: `PATHS...`, `FILE`, no types on flags."""

from __future__ import annotations

import types
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from ..base.safe import rich_text
from .coerce import quick


def _no_type(self: Any, ctx: Any) -> None:
    return None


PLACEHOLDERS = {"str": "TEXT", "path": "PATH", "int": "N", "float": "NUMBER"}
"""Conventional placeholders for the types typer would show as `<str>`, `<path>`, ..."""


def _placeholder(original: Any) -> Any:
    def display(self: Any, ctx: Any) -> str | None:
        shown: str | None = original(ctx)
        if not shown or not (shown.startswith("<") and ">" in shown):
            return shown
        inner, _, rest = shown[1:].partition(">")
        return PLACEHOLDERS.get(inner, inner) + rest

    return display


def _plain(params: list[Any]) -> None:
    """Arguments show their name only; flags (and --help) show no value placeholder; help
    text is shown as written (`[default: ...]`, `[heading]` are not markup)."""
    for param in params:
        if getattr(param, "help", None) and not getattr(param, "_escaped", False):
            param.help = rich_text(param.help)
            param._escaped = True
        if isinstance(param, TyperArgument):
            param.display_type_rich = types.MethodType(_no_type, param)  # type: ignore[method-assign]
        elif isinstance(param, TyperOption) and param.is_flag:
            param.metavar = ""
        elif (
            isinstance(param, TyperOption)
            and param.metavar is None
            and not getattr(param, "_placeholder", False)
        ):
            shown = _placeholder(param.display_type_rich)
            param.display_type_rich = types.MethodType(shown, param)  # type: ignore[method-assign]
            setattr(param, "_placeholder", True)  # noqa: B010


class Command(TyperCommand):
    """A command whose --help shows placeholders only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = rich_text(self.help) if self.help else self.help
        _plain(self.params)
        quick(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        _plain([option])
        quick([option])
        return option


class Group(TyperGroup):
    """A group of commands whose --help shows placeholders only."""

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        _plain(params)  # including the completion options, added after construction
        quick(params)
        return params

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        _plain([option])
        quick([option])
        return option


def conventional(app: typer.Typer) -> None:
    """Give every command of `app` and its groups the conventional help."""
    if not isinstance(app.info.cls, type) or app.info.cls is TyperGroup:
        app.info.cls = Group
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            conventional(group.typer_instance)
