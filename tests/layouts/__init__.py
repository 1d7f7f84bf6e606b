"""The same words in layouts we did not design the reader for.

A plan's blocks (tests/render.py) are written in a layout drawn at random: a PDF typeset
as publishers typeset plans (tests/layouts/pdf.py), a web page (web.py), a Word document
(word.py) or plain text (text.py). Everything a layout adds (heading numbers, list
markers, running headers, page numbers, footnotes, site navigation) is what real
documents add, never plan content, so the rendering must be rated as the plan's plain
text is (`reference_text`). tests/test_same_words_random.py holds the property;
`python -m tests.layouts.survey` measures each layout feature on its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from ..conftest import ROOT, SHARED
from ..render import Plan, plan_from_source, plan_from_text, to_text
from .pdf import PdfLayout
from .text import TextLayout
from .web import HtmlLayout
from .word import DocxLayout

Layout = PdfLayout | HtmlLayout | DocxLayout | TextLayout

SOURCES = sorted((ROOT / "samples" / "sources").glob("*.md"))
SEED = SHARED / "seeds" / "coventry-warwickshire-ics-mental-health.txt"
PLANS = [path.stem for path in SOURCES] + ["seed"]
"""Every sample plan source, and the seed plan (a real plan's text, kept outside)."""


def plan_named(name: str) -> Plan:
    """A sample source's blocks, or the seed plan's (its title named for the running
    headers and citations; its text starts with a web page's furniture, kept as words)."""
    if name == "seed":
        plan = plan_from_text("seed", SEED.read_text(encoding="utf-8"))
        return dataclasses.replace(plan, title="Coventry and Warwickshire Joint Forward Plan")
    return plan_from_source(ROOT / "samples" / "sources" / f"{name}.md")


def reference_text(plan: Plan) -> str:
    """What every layout is held to: the blocks' plain text, a paragraph a block, headings
    on their own lines, list items a line each, no footnotes."""
    return to_text(plan)


def render(plan: Plan, layout: Layout, folder: Path) -> Path:
    """Write `plan` in `layout` into `folder`, named for both (a new layout, a new file)."""
    digest = hashlib.sha256(repr(layout).encode()).hexdigest()[:12]
    path = folder / f"{plan.name}-{digest}{layout.suffix}"
    layout.write(plan, path)
    return path


__all__ = [
    "PLANS",
    "SEED",
    "DocxLayout",
    "HtmlLayout",
    "Layout",
    "PdfLayout",
    "TextLayout",
    "plan_named",
    "reference_text",
    "render",
]
