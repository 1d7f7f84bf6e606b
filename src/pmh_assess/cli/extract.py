"""`pmh-assess extract`: the normalised text the engine matches, with page markers."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..explain.extracted import extracted_pages, parse_pages, to_json, to_text
from ..run import ReadOptions
from ..run.documents import read_limited
from .common import OutputOption, PasswordOption, emit, guarded


class Format(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(
        "extract",
        help="Print a document's normalised text as the engine sees it: one sentence a "
        "line, page markers, blank lines between paragraphs, and the kind of sentences "
        "that never count as evidence ([heading], [contents], [glossary], [references]). "
        "Pages whose text extraction looks poor are flagged.\n\n"
        "Examples:\n\n"
        "  pmh-assess extract plans/fenwick-vale-joint-forward-plan.pdf --pages 3-5\n\n"
        "  pmh-assess extract plan.pdf --format json -o plan-text.json",
    )(guarded(extract))


def extract(
    path: Annotated[Path, typer.Argument(help="A plan document (PDF, HTML, text, Word).")],
    pages: Annotated[
        str | None,
        typer.Option("--pages", help="Pages to show, e.g. 3-5 or 1,4,7-. [default: all]"),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: OutputOption = None,
    password: PasswordOption = None,
) -> None:
    (prepared,) = read_limited([path], ReadOptions(password=password))
    chosen = parse_pages(pages, len(prepared.document.pages))
    views = extracted_pages(prepared, chosen)
    render = to_json if fmt is Format.json else to_text
    emit(render(prepared.document.path, views), output)
