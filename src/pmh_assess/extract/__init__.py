"""Documents in, pages of raw text out: one module per input format."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import DocumentError
from ..base.safe import terminal_text

HEADING_MARK = "\u2063"
"""Put before a line its container declares a heading (a Word heading style, an HTML
`<h1>`-`<h6>`, a Markdown `#` or underlined title): its number, if it has one, is the
heading's own and not a list's ("2. Why this matters"). Invisible, and dropped when the
text is normalised."""
SUFFIXES = {".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".docx"}
ENGINES = ("pdfium", "pdfplumber")
"""PDF engines: PDFium (fast, the default) and pdfplumber (pdfminer, pure Python)."""
DEFAULT_ENGINE = "pdfium"

READERS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
"""The reader chosen by each suffix other than .pdf (PDFs are read by the chosen engine)."""


def reading(path: Path | str, engine: str = DEFAULT_ENGINE) -> str:
    """How a file is read: its reader, or the PDF engine. The same bytes read another way
    give other pages, so the cache keeps a reading by content hash and this."""
    suffix = Path(path).suffix.lower()
    return READERS.get(suffix, engine)


PageCallback = Callable[[int, int], None]
"""Called after each page is read with (pages read, pages in the document)."""


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
    cacheable: bool = True  # False when it needed a password: its text is not kept on disk


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read in blocks: what names a document (and a rubric) in results."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_size(path: Path, max_mb: float | None) -> None:
    """Refuse a file over the size limit before any reader sees it."""
    size = path.stat().st_size
    if max_mb is not None and size > max_mb * 1024 * 1024:
        raise DocumentError(
            f"{path}: the file is {size / 1024 / 1024:.1f} MB, more than the limit of "
            f"{max_mb:g} MB (raise it with --max-mb)"
        )


def extract(
    path: Path,
    *,
    password: str | None = None,
    display_path: str | None = None,
    engine: str = DEFAULT_ENGINE,
    max_pages: int | None = None,
    max_mb: float | None = None,
    on_page: PageCallback | None = None,
    sha256: str | None = None,
) -> Document:
    """Read one document into pages, choosing the reader by file suffix (PDFs by `engine`)."""
    from . import docx, html, plaintext

    suffix = path.suffix.lower()
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    if suffix not in SUFFIXES:
        raise DocumentError(
            f"unsupported file type {suffix or '(none)'}; expected one of "
            + ", ".join(sorted(SUFFIXES))
        )
    check_size(path, max_mb)
    protected = False
    if suffix == ".pdf":
        pages, warnings, protected = _read_pdf(path, password, engine, max_pages, on_page)
    else:
        readers = {
            ".txt": plaintext.read_text,
            ".md": plaintext.read_text,
            ".markdown": plaintext.read_text,
            ".html": html.read_html,
            ".htm": html.read_html,
            ".docx": docx.read_docx,
        }
        pages, warnings = readers[suffix](path)
        if max_pages is not None and len(pages) > max_pages:
            raise DocumentError(
                f"{path}: the document has {len(pages)} pages, more than the limit of "
                f"{max_pages} (raise it with --max-pages)"
            )
    pages = [_clean(page) for page in pages]
    return Document(
        path=display_path or str(path),
        sha256=sha256 or file_sha256(path),
        pages=pages,
        warnings=warnings,
        cacheable=not protected,
    )


def _clean(page: Page) -> Page:
    """A page without escape sequences and control characters (tab, newline and form
    feed stay): they are never content, and on a terminal they could clear the screen or
    set its title."""
    text = terminal_text(page.text.replace("\f", "\n\n"))
    label = terminal_text(page.label) if page.label is not None else None
    if text == page.text and label == page.label:
        return page
    return Page(number=page.number, text=text, label=label)


def _read_pdf(
    path: Path,
    password: str | None,
    engine: str,
    max_pages: int | None,
    on_page: PageCallback | None,
) -> tuple[list[Page], list[str], bool]:
    """PDFium first (when chosen); pdfminer copes with some structures PDFium refuses."""
    if engine not in ENGINES:
        raise DocumentError(f"unknown PDF engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine == "pdfplumber":
        from . import pdf

        return pdf.read_pdf(path, password=password, max_pages=max_pages, on_page=on_page)
    from . import pdfium

    try:
        return pdfium.read_pdf(path, password=password, max_pages=max_pages, on_page=on_page)
    except DocumentError:
        raise
    except Exception:  # PDFium refused the file's structure: give pdfminer a try
        pass
    from . import pdf

    pages, warnings, protected = pdf.read_pdf(
        path, password=password, max_pages=max_pages, on_page=on_page
    )
    return pages, ["read with pdfplumber: PDFium could not open the file", *warnings], protected
