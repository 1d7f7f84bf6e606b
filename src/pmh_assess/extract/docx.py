"""Word .docx: paragraphs from the document XML; explicit and rendered page breaks split pages."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ..errors import DocumentError
from . import Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    for para in root.iter(f"{W}p"):
        parts: list[str] = []
        for node in para.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif (node.tag == f"{W}br" and node.get(f"{W}type") == "page") or (
                node.tag == f"{W}lastRenderedPageBreak"
            ):
                pages[-1].append("".join(parts))
                parts = []
                pages.append([])
        pages[-1].append("".join(parts))
    texts = ["\n\n".join(p for p in page if p.strip()) for page in pages]
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    return [Page(number=i, text=t) for i, t in enumerate(texts, start=1)], []
