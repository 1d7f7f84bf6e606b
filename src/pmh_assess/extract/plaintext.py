"""Plain text and Markdown: form feeds split pages; otherwise the file is one page."""

from __future__ import annotations

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


def read_text(path: Path) -> tuple[list[Page], list[str]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path}: looks like a binary file, not text")
    return split_pages(decode(data, path)), []
