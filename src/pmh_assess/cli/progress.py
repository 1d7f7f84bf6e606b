"""A progress bar on stderr for long runs: documents done, pages read, the current file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.safe import rich_text, terminal_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..run import ProgressEvent


def named(event: ProgressEvent) -> str:
    """What the bar names: the plan and its document (`fenwick-vale: plan.pdf`), as many
    plans have documents of the same name (`joint-forward-plan.pdf`)."""
    name = rich_text(terminal_text(Path(event.path).name))
    return f"{rich_text(terminal_text(event.plan))}: {name}" if event.plan else name


@contextmanager
def progress_bar(
    console: Console, documents: int, *, quiet: bool = False
) -> Iterator[Callable[[ProgressEvent], None]]:
    """A callback for `score_plans`; the bar shows only on a terminal, and not when quiet.

    Entered only when documents are to be read: a run found whole in the cache shows none.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    show = not quiet and console.is_terminal and documents > 1
    with Progress(
        TextColumn("[bold]scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents · {task.fields[pages]:,} pages · {task.description}"),
        TimeElapsedColumn(),
        console=console,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=documents, pages=0)

        def update(event: ProgressEvent) -> None:
            bar.update(
                task, completed=event.documents_done, pages=event.pages, description=named(event)
            )

        yield update
