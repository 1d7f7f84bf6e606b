"""What the engine sees: a document's normalised sentences, page by page, with their kind.

Each sentence is shown on its own line; paragraphs are separated by a blank line; the
section kind of sentences that cannot be evidence (heading, contents, glossary,
references) is shown before them, and pages whose extracted text looks poor are flagged.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from ..base.errors import UserError
from ..base.formats import EXTRACTED
from ..engine import PreparedDocument
from ..extract.quality import page_problems
from ..report.cite import page
from ..text.segment import BODY

RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d*)\s*)?$")


@dataclass(frozen=True)
class SentenceView:
    text: str
    section: str
    paragraph: int


@dataclass
class PageView:
    page: int
    label: str | None
    problems: list[str]
    sentences: list[SentenceView] = field(default_factory=list)


def parse_pages(spec: str | None, last: int) -> set[int]:
    """'3-5,8,10-' as page numbers (1-based, inclusive); None means every page."""
    if not spec:
        return set(range(1, last + 1))
    pages: set[int] = set()
    for part in spec.split(","):
        m = RANGE.match(part)
        if not m:
            raise UserError(f"--pages: {part.strip()!r} is not a page or range (e.g. 3-5,8)")
        lo = int(m.group(1))
        hi = lo if m.group(2) is None else int(m.group(2) or last)
        if lo < 1 or hi < lo:
            raise UserError(f"--pages: {part.strip()!r} is not a valid range")
        pages.update(range(lo, min(hi, last) + 1))
    if not pages:
        raise UserError(f"--pages {spec}: the document has {last} page(s)")
    return pages


def extracted_pages(prepared: PreparedDocument, pages: set[int]) -> list[PageView]:
    """The chosen pages' sentences as the engine sees them, and their extraction problems."""
    views = {
        p.number: PageView(p.number, p.label, page_problems(p.text))
        for p in prepared.document.pages
        if p.number in pages
    }
    text = prepared.text
    for s in text.sentences:
        if s.page in views:
            views[s.page].sentences.append(
                SentenceView(text.text[s.start : s.end], s.section, s.paragraph)
            )
    return [views[n] for n in sorted(views)]


def to_text(path: str, views: list[PageView]) -> str:
    lines: list[str] = []
    for view in views:
        lines.append(f"=== {path}, {page(view.page, view.label, path)} ===")
        if view.problems:
            lines.append(f"!!! poor text: {'; '.join(view.problems)}")
        paragraph = None
        for s in view.sentences:
            if paragraph is not None and s.paragraph != paragraph:
                lines.append("")
            paragraph = s.paragraph
            lines.append(s.text if s.section == BODY else f"[{s.section}] {s.text}")
        lines.append("")
    return "\n".join(lines)


def to_json(path: str, views: list[PageView]) -> str:
    data = {"document": path, "pages": [asdict(v) for v in views]}
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


FORMATS = {"text": to_text, "json": to_json}
SUFFIXES = EXTRACTED
"""The file suffixes each format suits: `-o plan.json` picks json."""
