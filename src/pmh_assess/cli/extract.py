"""`pmh-assess extract`: the normalised text the engine matches, with page markers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..base.errors import UserError
from ..base.formats import EXTRACTED
from .common import (
    OutputOption,
    check_inputs,
    choose_format,
    emit,
    format_option,
    guarded,
)
from .options import Scoring, plan_options


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
    )(guarded(plan_options(plans=False)(extract)))


def extract(
    path: Annotated[
        Path,
        typer.Argument(help="A plan document (PDF, HTML, text, Word).", metavar="DOCUMENT"),
    ],
    pages: Annotated[
        str | None,
        typer.Option(
            "--pages", help="Pages to show, e.g. 3-5 or 1,4,7-. [default: all]", metavar="PAGES"
        ),
    ] = None,
    fmt: Annotated[str | None, format_option(EXTRACTED, "text")] = None,
    output: OutputOption = None,
    *,
    scoring: Scoring,
) -> None:
    from ..explain.extracted import FORMATS, extracted_pages, parse_pages
    from ..run.documents import read_limited

    check_inputs([path])
    if path.is_dir():
        raise UserError(
            f"{path} is a folder: extract reads one document; give a file in it "
            f"(e.g. {path / 'plan.pdf'}), or use score or explain for a folder"
        )
    chosen = choose_format(fmt, output, EXTRACTED, default="text", reads=[path])
    (prepared,) = read_limited([path], scoring.read, keep=scoring.cache, workers=scoring.workers)
    wanted = parse_pages(pages, len(prepared.document.pages))
    views = extracted_pages(prepared, wanted)
    emit(FORMATS[chosen](prepared.document.path, views), output, chosen)
