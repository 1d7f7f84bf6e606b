"""Plain text and Markdown: form feeds split pages; otherwise the file is one page.

Markdown markup is reduced to the text a reader sees: `#` headings become heading
paragraphs, links keep their words, emphasis marks and HTML comments go.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DocumentError
from . import Page


def decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{path}: not a text file (cannot decode as UTF-8 or Windows-1252)")


def split_pages(text: str) -> list[Page]:
    chunks = text.split("\f")
    return [Page(number=i, text=chunk) for i, chunk in enumerate(chunks, start=1)]


MD_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
MD_COMMENT = re.compile(r"<!--.*?-->", re.S)


def markdown_to_text(text: str) -> str:
    """The reader's text of a Markdown document, each heading a paragraph of its own."""
    text = MD_COMMENT.sub("", text)
    text = MD_HEADING.sub(lambda m: f"\n{m.group(1)}\n", text)
    text = MD_LINK.sub(r"\1", text)
    return MD_EMPHASIS.sub("", text)


def read_text(path: Path) -> tuple[list[Page], list[str]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path}: looks like a binary file, not text")
    text = decode(data, path)
    if path.suffix.lower() in (".md", ".markdown"):
        text = markdown_to_text(text)
    return split_pages(text), []
