"""PDF through pdfplumber, page by page, in reading (text-flow) order.

`use_text_flow=True` follows the order text was written, which reads multi-column pages
column by column instead of interleaving lines across columns. Lines are rebuilt from
word positions so that vertical gaps become paragraph breaks (blank lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFNoPageLabels, PDFPasswordIncorrect

from ..errors import DocumentError
from . import Page

SCANNED_WARNING = "no text layer: the document looks scanned (text would need OCR)"


def read_pdf(path: Path, *, password: str | None = None) -> tuple[list[Page], list[str]]:
    if path.stat().st_size == 0:
        raise DocumentError(f"{path}: empty file (0 bytes), not a PDF")
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            labels = _page_labels(pdf)
            pages = [
                Page(number=i, text=page_text(page), label=labels[i - 1] if labels else None)
                for i, page in enumerate(pdf.pages, start=1)
            ]
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on hostile input
        raise DocumentError(f"{path}: {describe_pdf_error(exc, password)}") from exc
    warnings: list[str] = []
    empty = [p.number for p in pages if not p.text.strip()]
    if pages and len(empty) == len(pages):
        raise DocumentError(f"{path}: {SCANNED_WARNING}")
    if empty:
        warnings.append(f"{len(empty)} page(s) without a text layer: {_ranges(empty)}")
    if not pages:
        raise DocumentError(f"{path}: the PDF has no pages")
    return pages, warnings


def describe_pdf_error(exc: BaseException, password: str | None) -> str:
    """Turn a parser exception into a sentence a researcher can act on."""
    chain = [exc, *(_causes(exc))]
    if any(isinstance(e, PDFPasswordIncorrect) for e in chain):
        if password:
            return "encrypted PDF: the password given is not correct"
        return "encrypted PDF: a password is needed (give it with --password)"
    text = " ".join(f"{type(e).__name__}: {e}" for e in chain)
    if "No /Root object" in text or "not a PDF" in text.lower():
        return "not a valid PDF (no document structure found; truncated, empty or not a PDF)"
    return f"corrupt or truncated PDF that cannot be read ({type(exc).__name__}: {str(exc)[:120]})"


def _causes(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    seen = {id(exc)}
    current: BaseException | None = exc.__cause__ or exc.__context__
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found.append(current)
        current = current.__cause__ or current.__context__
    found.extend(a for a in getattr(exc, "args", ()) if isinstance(a, BaseException))
    return found


def _page_labels(pdf: Any) -> list[str] | None:
    try:
        labels = []
        for label, _ in zip(pdf.doc.get_page_labels(), pdf.pages, strict=False):
            labels.append(str(label))
        return labels if len(labels) == len(pdf.pages) else None
    except PDFNoPageLabels:
        return None
    except Exception:  # a broken /PageLabels tree must not cost the document
        return None


def page_text(page: Any) -> str:
    """Text of one page in text-flow order, with blank lines between paragraphs."""
    words = page.extract_words(use_text_flow=True, keep_blank_chars=False, extra_attrs=["size"])
    lines: list[list[dict[str, Any]]] = []
    for word in words:
        if (
            lines
            and abs(word["top"] - lines[-1][-1]["top"]) <= word["size"] * 0.4
            and (word["x0"] >= lines[-1][-1]["x0"])
        ):
            lines[-1].append(word)
        else:
            lines.append([word])
    out: list[str] = []
    previous: list[dict[str, Any]] | None = None
    for line in lines:
        if previous is not None:
            gap = line[0]["top"] - previous[0]["bottom"]
            size = max(previous[0]["size"], 1.0)
            same_column = line[0]["top"] > previous[0]["top"]
            if (same_column and gap > size * 0.9) or _size_change(previous, line):
                out.append("")
        out.append(" ".join(w["text"] for w in line))
        previous = line
    return "\n".join(out)


def _size_change(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> bool:
    """A change of font size (heading to body) starts a new paragraph."""
    return bool(abs(before[0]["size"] - after[0]["size"]) > 1.0)


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
