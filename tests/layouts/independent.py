"""The independent rendering: a plan's plain text read back as a careless converter reads
it, then published as a plain web page and as a two-column A4 PDF.

From the plain text (`reference_text`): a short paragraph without closing punctuation
is a heading; every other paragraph's lines are joined into one paragraph, so a list
becomes one run-on paragraph ("- a - b - c"), as many PDF exports and web CMSs leave
them. A table stays a table (run into one paragraph, nothing would say where a cell ends).
"""

from __future__ import annotations

import re

from ..render import Block, Plan
from . import reference_text
from .features import Headings, Lists
from .pdf import PdfLayout
from .web import HtmlLayout

HEADING_WORDS = 14
"""At most this many words, on one line, without closing punctuation: a heading."""


def reread(plan: Plan) -> Plan:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", reference_text(plan)):
        if "\t" in chunk:  # a table stays a table, a row to a line, as a web page keeps it
            rows = [tuple(c.strip() for c in line.split("\t")) for line in chunk.splitlines()]
            blocks.append(Block("table", items=tuple(r for r in rows if any(r))))
            continue
        lines = [" ".join(line.split()) for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        text = " ".join(lines)
        short = len(lines) == 1 and len(text.split()) <= HEADING_WORDS
        if short and text[-1] not in ".:;!?,":
            blocks.append(Block("h1" if not blocks else "h2", text))
        else:
            blocks.append(Block("p", text))
    return Plan(plan.name, plan.title, tuple(blocks))


WEB = HtmlLayout(frame="site", markup="tags")
"""Plain HTML: headings and paragraphs, in a site's header, navigation and footer."""

PDF = PdfLayout(
    page="A4",
    columns=2,
    headings=Headings(size="larger"),
    lists=Lists(form="run-on", mark="-"),
    header="title-kind",
    header_kind="Joint Forward Plan 2023-2028",
    page_number="Page {n}",
)
"""Two columns on A4, a running header "Title | Joint Forward Plan 2023-2028", a "Page N"
footer."""
