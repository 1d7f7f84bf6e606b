"""Documents in, pages of raw text out: one module per input format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError

SUFFIXES = {".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".docx"}


@dataclass(frozen=True)
class Page:
    """One page of a document: `number` is the 1-based physical page, `label` the printed one."""

    number: int
    text: str
    label: str | None = None


@dataclass
class Document:
    """A document's pages as extracted, before normalisation."""

    path: str
    sha256: str
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract(
    path: Path, *, password: str | None = None, display_path: str | None = None
) -> Document:
    """Read one document into pages, choosing the reader by file suffix."""
    from . import docx, html, pdf, plaintext

    suffix = path.suffix.lower()
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    readers = {
        ".pdf": lambda p: pdf.read_pdf(p, password=password),
        ".txt": plaintext.read_text,
        ".md": plaintext.read_text,
        ".markdown": plaintext.read_text,
        ".html": html.read_html,
        ".htm": html.read_html,
        ".docx": docx.read_docx,
    }
    reader = readers.get(suffix)
    if reader is None:
        raise DocumentError(
            f"unsupported file type {suffix or '(none)'}; expected one of "
            + ", ".join(sorted(SUFFIXES))
        )
    pages, warnings = reader(path)
    return Document(
        path=display_path or str(path),
        sha256=file_sha256(path),
        pages=pages,
        warnings=warnings,
    )
