"""HTML plans: keep the main content, drop navigation, scripts and styles.

Web pages have no pages, so each top-level section (an h1 or h2 heading) becomes a page
whose label is the heading, which gives evidence a place a reader can find.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from . import Page
from .plaintext import decode

SKIP = {
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
TABLE_ROW = "| "
"""A table row is one line, its cells apart: `| cell | cell` (as the .docx reader gives)."""
SKIP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str | None, list[str]]] = [(None, [])]
        self.stack: list[str] = []
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
        self.stack.append(tag)
        role = dict(attrs).get("role") or ""
        if self.skip_depth or tag in SKIP or role in SKIP_ROLES:
            self.skip_depth += 1
            return
        if tag == "main" or role == "main":
            self.in_main = self.saw_main = True
        if tag in ("h1", "h2"):
            self.heading = []
            self.sections.append((None, []))
        if tag == "tr":
            self._text("\n\n" + TABLE_ROW)
            self.cells = 0
        elif tag in ("td", "th"):
            self._text(" | " if self.cells else "")
            self.cells += 1
        elif tag == "li":
            self._text("\n- ")
        elif tag in BLOCK:
            self._text("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            elif open_tag in ("h1", "h2") and self.heading is not None:
                label = " ".join("".join(self.heading).split())[:80]
                _, parts = self.sections[-1]
                self.sections[-1] = (label or None, parts)
                self.heading = None
            if open_tag in BLOCK:
                self._text("\n\n")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.heading is not None:
            self.heading.append(data)
        self._text(data)

    def _text(self, text: str) -> None:
        self.sections[-1][1].append(text)


def html_to_sections(source: str) -> list[tuple[str | None, str]]:
    """Split an HTML page into (heading, text) sections, dropping boilerplate."""
    reader = _Reader()
    main_only = "<main" in source.lower() or 'role="main"' in source.lower()
    if main_only:
        start = _find_main(source)
        source = source[start:]
    reader.feed(source)
    reader.close()
    sections = [(label, "".join(parts).strip()) for label, parts in reader.sections]
    return [(label, text) for label, text in sections if text]


def _find_main(source: str) -> int:
    lower = source.lower()
    for marker in ("<main", 'role="main"'):
        at = lower.find(marker)
        if at >= 0:
            return lower.rfind("<", 0, at + 1)
    return 0


def read_html(path: Path) -> tuple[list[Page], list[str]]:
    sections = html_to_sections(decode(path.read_bytes(), path))
    pages = [
        Page(number=i, text=text, label=label) for i, (label, text) in enumerate(sections, start=1)
    ]
    warnings = ["web page: no printed pages, so each section is cited as a page"] if pages else []
    return pages, warnings
