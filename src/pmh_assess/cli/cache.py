"""`pmh-assess cache info|clear`: where scoring keeps what it read, how much, and emptying it."""

from __future__ import annotations

import typer

from ..run.cache import ENV_VAR, CacheInfo, TextCache
from .common import guarded

cache_app = typer.Typer(
    name="cache",
    help="What scoring keeps between runs (extracted text, evidence, plan results, whole "
    "runs), which makes the next run fast.\n\n"
    f"Its location follows the platform's conventions; set {ENV_VAR} to move it.\n\n"
    "Examples:\n\n  pmh-assess cache info\n\n  pmh-assess cache clear",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(cache_app)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def _describe(info: CacheInfo) -> str:
    stale = f" ({info.stale} from older reader versions)" if info.stale else ""
    return f"{info.entries} document(s), {_size(info.bytes)}{stale}"


@cache_app.command(
    "info", help="Show where the cache is and what it holds.\n\nExample: pmh-assess cache info"
)
@guarded
def info() -> None:
    found = TextCache().info()
    typer.echo(f"location: {found.root}")
    typer.echo(f"holds:    {_describe(found)}")


@cache_app.command(
    "clear",
    help="Remove everything kept: text, evidence, plan results and whole runs.\n\n"
    "Example: pmh-assess cache clear",
)
@guarded
def clear() -> None:
    removed = TextCache().clear()
    typer.echo(f"removed {_describe(removed)} from {removed.root}")
