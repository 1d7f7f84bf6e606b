"""A plan as plain text in a drawn layout, as plans reach us as text: copied from a web
page or a PDF, exported from a word processor, or typed.

Headings as short unpunctuated lines, numbered, in capitals or underlined; lists with
one of the bullets people type, numbered, bare, spaced out, or run into one paragraph;
lines hard-wrapped at a width; tables by tabs, aligned spaces or pipes; and, as text
copied out of a PDF, pages split by form feeds with a running title and a page number.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ..render import HEADING_KINDS, LIST_KINDS, Block, Plan
from .features import (
    Headings,
    Lists,
    heading_labels,
    item_marks,
    run_on,
    running_title,
    runs_into_lead_in,
)


@dataclass(frozen=True)
class TextLayout:
    """One way a plan reaches us as text."""

    headings: Headings = field(default_factory=Headings)
    underline: str = ""  # "", "=", "-": a line of it under each heading
    lists: Lists = field(default_factory=Lists)
    spaced_items: bool = False  # a blank line between list items
    wrap: int = 0  # hard-wrap width (0: a paragraph is one line)
    tables: str = "tabs"  # tabs, spaces, pipes
    page_lines: int = 0  # lines a page, then a form feed (0: no pages)
    header: str = ""  # "", title, title-kind, org
    header_kind: str = "Joint Forward Plan 2023-2028"
    page_number: str = "Page {n}"

    suffix = ".txt"

    def describe(self) -> str:
        return f"text {self!r}"

    def write(self, plan: Plan, path: Path) -> None:
        path.write_text(to_text(plan, self), encoding="utf-8")


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    if not width:
        return [text]
    return textwrap.wrap(
        text, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False
    )


def _table(block: Block, style: str) -> list[str]:
    rows = [list(row) for row in block.items]
    if style == "tabs":
        return ["\t".join(row) for row in rows]
    if style == "pipes":
        return ["| " + " | ".join(row) + " |" for row in rows]
    widths = [max(len(row[c]) for row in rows if c < len(row)) for c in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[c]) for c, cell in enumerate(row)).rstrip() for row in rows]


def to_text(plan: Plan, layout: TextLayout) -> str:
    labels = heading_labels(plan, layout.headings)
    chunks: list[list[str]] = []
    for index, block in enumerate(plan.blocks):
        if block.kind in HEADING_KINDS:
            lines = [labels[index]]
            if layout.underline:
                lines.append(layout.underline * len(labels[index]))
            chunks.append(lines)
        elif block.kind in LIST_KINDS:
            if layout.lists.form == "run-on":
                if index and runs_into_lead_in(plan, index - 1, layout.lists):
                    continue
                chunks.append(_wrap(run_on(block, layout.lists), layout.wrap))
                continue
            marks = item_marks(block, layout.lists)
            items = []
            for mark, item in zip(marks, block.items, strict=True):
                lead = f"{mark} " if mark else ""
                items.append(_wrap(f"{lead}{item}", layout.wrap, " " * len(lead)))
            if layout.spaced_items:
                chunks.extend(items)
            else:
                chunks.append([line for item in items for line in item])
        elif block.kind == "table":
            chunks.append(_table(block, layout.tables))
        else:
            text = block.text
            if runs_into_lead_in(plan, index, layout.lists):
                text += " " + run_on(plan.blocks[index + 1], layout.lists)
            chunks.append(_wrap(text, layout.wrap))
    lines: list[str] = []
    for chunk in chunks:
        lines.extend([*chunk, ""])
    if not layout.page_lines:
        return "\n".join(lines).rstrip() + "\n"
    return _paged(plan, layout, lines)


def _paged(plan: Plan, layout: TextLayout, lines: list[str]) -> str:
    """Text as copied from a PDF: a running title at the top of each page, the page number
    at its foot, a form feed between pages."""
    pages = [lines[i : i + layout.page_lines] for i in range(0, len(lines), layout.page_lines)]
    total = len(pages)
    out: list[str] = []
    # no running title on a one-page text: no reader can tell it from the document's title
    head = running_title(plan, layout.header, layout.header_kind) if total > 1 else ""
    for number, page in enumerate(pages, start=1):
        body = [*([head, ""] if head else []), *page]
        foot = layout.page_number.format(n=number, total=total)
        if foot:
            body += ["", foot]
        out.append("\n".join(body).rstrip() + "\n")
    return "\f".join(out)
