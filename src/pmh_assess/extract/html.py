"""HTML plans: keep the main content, drop navigation, scripts and styles.

Web pages have no pages, so each top-level section (an h1 or h2 heading) becomes a page
whose label is the heading, which gives evidence a place a reader can find.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from . import HEADING_MARK, Page
from .plaintext import decode_text

SKIP = {
    "head",
    "title",
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "template",
    "svg",
    "button",
    "select",
    "iframe",
}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "pre",
    "figcaption",
    "br",
}
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SOURCE_SPACE = re.compile(r"[ \t\r\n\f]+")
"""White space in a page's source, which a browser shows as one space (but in `<pre>`)."""
TABLE_ROW = "| "
"""A table row is one line, its cells apart: `| cell | cell` (as the .docx reader gives)."""
SKIP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}


GRID_ROW = re.compile(r"(?:^|[\s_-])(?:row|tr|table-row)(?:$|[\s_-])", re.I)
GRID_CELL = re.compile(r"(?:^|[\s_-])(?:cell|td|th|table-cell|gridcell)(?:$|[\s_-])", re.I)


def _grid_part(tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
    """A table drawn with `<div>`s: a row or a cell, by its ARIA role or its class name
    (`role="row"`, `class="grid__cell"`); None for anything else."""
    if tag not in ("div", "span", "li", "p"):
        return None
    found = dict(attrs)
    role = (found.get("role") or "").lower()
    if role == "row":
        return "row"
    if role in ("cell", "gridcell", "columnheader", "rowheader"):
        return "cell"
    names = found.get("class") or ""
    if GRID_CELL.search(names):
        return "cell"
    if GRID_ROW.search(names):
        return "row"
    return None


class _Reader(HTMLParser):
    """Text by section. Text is kept with whether a `<main>` element had begun, so that
    a page with one keeps only what follows it; the parser decides where elements are
    (a "<main>" inside a script or comment is not one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str | None, list[tuple[str, bool]]]] = [(None, [])]
        self.stack: list[str] = []
        self.cell_tags: list[bool] = []  # beside `stack`: whether each is a <div> grid's cell
        self.open: Counter[str] = Counter()  # tags in `stack`: membership without a scan
        self.skip_depth = 0
        self.in_main = False
        self.saw_main = False
        self.heading: list[str] | None = None
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if tag == "br" and not self.skip_depth:
                self._text("\n")
            return
        grid = _grid_part(tag, attrs)
        self.stack.append(tag)
        self.cell_tags.append(grid == "cell")
        self.open[tag] += 1
        role = dict(attrs).get("role") or ""
        if self.skip_depth or tag in SKIP or role in SKIP_ROLES:
            self.skip_depth += 1
            return
        if (tag == "main" or role == "main") and not self.saw_main:
            self.in_main = self.saw_main = True
            self.sections.append((None, []))  # what came before is not the page's content
        if tag in ("h1", "h2"):
            self.heading = []
            self.sections.append((None, []))
        if tag == "tr" or grid == "row":
            self._text("\n\n" + TABLE_ROW)
            self.cells = 0
        elif tag in ("td", "th") or grid == "cell":
            self._text(" | " if self.cells else "")
            self.cells += 1
        elif tag == "li":
            self._text("\n- ")
        elif tag in BLOCK:
            self._text("\n\n")
        if tag in HEADINGS:
            self._text(HEADING_MARK)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.open[tag]:
            return
        while self.stack:
            open_tag = self.stack.pop()
            cell = self.cell_tags.pop()
            self.open[open_tag] -= 1
            if self.skip_depth:
                self.skip_depth -= 1
            elif open_tag in ("h1", "h2") and self.heading is not None:
                label = " ".join("".join(self.heading).split())[:80]
                _, parts = self.sections[-1]
                self.sections[-1] = (label or None, parts)
                self.heading = None
            if open_tag in BLOCK and not cell:  # a grid's cell goes on in its row
                self._text("\n\n")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.open["pre"]:  # as a browser shows it: the source's line breaks are spaces
            data = SOURCE_SPACE.sub(" ", data)
        if self.heading is not None:
            self.heading.append(data)
        self._text(data)

    def _text(self, text: str) -> None:
        self.sections[-1][1].append((text, self.in_main))


def html_to_sections(source: str) -> list[tuple[str | None, str]]:
    """Split an HTML page into (heading, text) sections, dropping boilerplate."""
    reader = _Reader()
    reader.feed(source)
    reader.close()
    sections = [
        (label, "".join(text for text, in_main in parts if in_main or not reader.saw_main).strip())
        for label, parts in reader.sections
    ]
    return [(label, text) for label, text in sections if text]


def read_html(path: Path) -> tuple[list[Page], list[str]]:
    source, warnings = decode_text(path.read_bytes(), path)
    sections = html_to_sections(source)
    pages = [
        Page(number=i, text=text, label=label) for i, (label, text) in enumerate(sections, start=1)
    ]
    if pages:
        warnings.append("web page: no printed pages, so each section is cited as a page")
    return pages, warnings
