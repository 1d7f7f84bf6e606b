"""PDF through pdfplumber, page by page, in reading (text-flow) order.

`use_text_flow=True` follows the order text was written, which reads multi-column pages
column by column instead of interleaving lines across columns. Lines are rebuilt from
word positions so that vertical gaps become paragraph breaks (blank lines).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFNoPageLabels, PDFPasswordIncorrect

from ..base.errors import DocumentError
from . import Page
from .pdftext import (
    BOLD_NAME,
    BULLET_SIGN,
    NOTE_MARK_ALONE,
    RAISED,
    Line,
    cells_of,
    check_text_layer,
    join_lines,
    not_readable,
    password_message,
    too_many,
    without_furniture,
    without_raised_marks,
)


def read_pdf(
    path: Path,
    *,
    password: str | None = None,
    max_pages: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> tuple[list[Page], list[str], bool]:
    """Pages, warnings, and whether the file needed a password (then it is not cached)."""
    if path.stat().st_size == 0:
        raise DocumentError(f"{path}: {not_readable(path, None)}")
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            count = len(pdf.pages)
            if count == 0 and (seen := _pdfium_page_count(path, password)):
                raise DocumentError(
                    f"{path}: pdfplumber finds no pages but PDFium finds {seen}: the page tree "
                    "is damaged (read it with --engine pdfium)"
                )
            if max_pages is not None and count > max_pages:
                raise DocumentError(f"{path}: {too_many(count, max_pages)}")
            protected = bool(password) and pdf.doc.encryption is not None
            labels = _page_labels(pdf)
            pages: list[Page] = []
            for i, page in enumerate(pdf.pages, start=1):
                pages.append(
                    Page(
                        number=i,
                        text=page_text(page, alone=count == 1),
                        label=labels[i - 1] if labels else None,
                    )
                )
                page.close()  # drop the page's parsed objects: memory stays flat
                if on_page:
                    on_page(i, count)
            warnings = check_text_layer(path, pages, lambda: any(p.images for p in pdf.pages[:50]))
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on hostile input
        raise DocumentError(f"{path}: {describe_pdf_error(path, exc, password)}") from exc
    seen = _pdfium_page_count(path, password)
    if seen is not None and seen > len(pages):
        warnings.insert(
            0,
            f"pdfplumber read {len(pages)} of the {seen} pages PDFium finds: "
            "the page tree is damaged (try --engine pdfium)",
        )
    return pages, warnings, protected


def describe_pdf_error(path: Path, exc: BaseException, password: str | None) -> str:
    """Turn a parser exception into a sentence a researcher can act on."""
    if any(isinstance(e, PDFPasswordIncorrect) for e in [exc, *_causes(exc)]):
        return password_message(password)
    return not_readable(path, exc)


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


def _pdfium_page_count(path: Path, password: str | None) -> int | None:
    """PDFium's page count, to notice pages pdfminer silently skips."""
    try:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path, password=password)
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:
        return None


def _bold(char: dict[str, Any]) -> bool:
    return bool(BOLD_NAME.search(str(char.get("fontname", ""))))


def _without_raised(line: list[dict[str, Any]]) -> str:
    """A line's text without its small raised note markers (see `without_raised_marks`)."""
    text = " ".join(w["text"] for w in line)
    if not any(c.isdecimal() for c in text):
        return text
    size = max(line[0]["size"], line[-1]["size"])
    line = [  # a marker the reader set apart as a word of its own, against the word before
        word
        for k, word in enumerate(line)
        if not (
            k
            and NOTE_MARK_ALONE.match(word["text"])
            and word["size"] < RAISED * size
            and word["x0"] - line[k - 1]["x1"] < 1
        )
    ]
    text = " ".join(w["text"] for w in line)
    sizes: list[float | None] = []
    for word in line:
        chars = word["chars"]
        if sizes:
            sizes.append(None)  # the space between words
        if len(chars) == len(word["text"]):
            sizes.extend(float(c["size"]) for c in chars)
        else:  # a ligature or a character made of two: sizes are not known one by one
            sizes.extend([None] * len(word["text"]))
    return without_raised_marks(text, lambda i: sizes[i] if i < len(sizes) else None, size)


def _level(line: list[dict[str, Any]]) -> dict[str, Any]:
    """The word that tells where a line stands: its first, or the one after a bullet sign
    set lower or higher in a symbol font (read as its sign, or as the letter the font
    draws it with)."""
    return line[1] if len(line) > 1 and _sign(line[0]) else line[0]


def _sign(word: dict[str, Any]) -> bool:
    """Whether a word is a bullet sign: read as one, or as the letter a symbol font draws
    one with."""
    return bool(
        BULLET_SIGN.match(word["text"] + " x")
        or (len(word["text"]) == 1 and SYMBOL_FONT.search(word["chars"][0].get("fontname", "")))
    )


SYMBOL_FONT = re.compile(r"dingbat|symbol|wingding", re.I)


def page_text(page: Any, *, alone: bool = False) -> str:
    """Text of one page in text-flow order, with blank lines between paragraphs."""
    found_words = page.extract_words(
        use_text_flow=True, keep_blank_chars=False, extra_attrs=["size"], return_chars=True
    )
    lines: list[list[dict[str, Any]]] = []
    for word in found_words:
        if (
            lines
            and (
                abs(word["top"] - lines[-1][-1]["top"]) <= word["size"] * 0.4
                or (  # the words after a bullet sign set higher or lower than they are
                    len(lines[-1]) == 1
                    and _sign(lines[-1][0])
                    and lines[-1][0]["top"] < word["bottom"]
                    and word["top"] < lines[-1][0]["bottom"]
                )
            )
            and (word["x0"] >= lines[-1][-1]["x0"])
        ):
            lines[-1].append(word)
        else:
            lines.append([word])
    words = [[(w["text"], w["x0"], w["x1"]) for w in line] for line in lines]
    found = [
        Line(
            text=_without_raised(line),
            top=_level(line)["top"],
            bottom=_level(line)["bottom"],
            size=max(line[0]["size"], line[-1]["size"]),
            left=line[0]["x0"],
            right=line[-1]["x1"],
            cells=cells_of(places, max(line[0]["size"], line[-1]["size"])),
            bold=_bold(line[0]["chars"][0]) and _bold(line[-1]["chars"][-1]),
        )
        for line, places in zip(lines, words, strict=True)
    ]
    return join_lines(without_furniture(found) if alone else found)
