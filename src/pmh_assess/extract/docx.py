"""Word .docx: paragraphs from the document XML; explicit and rendered page breaks split pages."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ..base.errors import DocumentError
from . import HEADING_MARK, Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE_ROW = "| "
HEADING_STYLE = re.compile(r"^(?:Heading\d|Title|Subtitle)$", re.I)
"""Word's own style names for headings and titles."""


def read_docx(path: Path) -> tuple[list[Page], list[str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise DocumentError(f"{path}: not a readable Word .docx file ({exc})") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DocumentError(f"{path}: corrupt Word document XML ({exc})") from exc
    pages: list[list[str]] = [[]]
    body = root.find(f"{W}body")
    for block in body if body is not None else [root]:
        if block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                cells = [
                    " ".join(
                        "".join(_runs(p, pages)).replace("\n", " ") for p in cell.iter(f"{W}p")
                    )
                    for cell in row.iter(f"{W}tc")
                ]
                row_text = " | ".join(c.strip() for c in cells if c.strip())
                pages[-1].append(TABLE_ROW + row_text)
            continue
        for para in [block] if block.tag == f"{W}p" else block.iter(f"{W}p"):
            bullet = para.find(f"{W}pPr/{W}numPr") is not None  # a list item: Word's bullet
            style = para.find(f"{W}pPr/{W}pStyle")
            named = style.get(f"{W}val", "") if style is not None else ""
            text = "".join(_runs(para, pages))  # first: it may start a new page
            if HEADING_STYLE.match(named) and text.strip():
                pages[-1].append(HEADING_MARK + text.strip())
            else:
                pages[-1].append(("- " if bullet else "") + text)
    texts = ["\n\n".join(p for p in page if p.strip(" -|")) for page in pages]
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    return [Page(number=i, text=t) for i, t in enumerate(texts, start=1)], []


def _runs(element: ElementTree.Element, pages: list[list[str]]) -> list[str]:
    """A paragraph's text (or a table cell's); a page break inside it starts a new page."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag == f"{W}cr" or (
            node.tag == f"{W}br" and node.get(f"{W}type") in (None, "textWrapping")
        ):
            parts.append("\n")  # a line break inside the paragraph: a space between words
        elif (node.tag == f"{W}br" and node.get(f"{W}type") == "page") or (
            node.tag == f"{W}lastRenderedPageBreak"
        ):
            pages[-1].append("".join(parts))
            parts = []
            pages.append([])
    return parts
