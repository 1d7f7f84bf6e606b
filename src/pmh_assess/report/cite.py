"""Citations as researchers write them: document, printed page, and the file's own page
where the two differ (`fenwick-jfp.pdf, p. iv (PDF p. 6)`)."""

from __future__ import annotations

from pathlib import PurePath

NOTE = (
    "Pages are the numbers printed on the page; where a PDF's own page count differs, it "
    "follows in brackets, e.g. p. iv (PDF p. 6)."
)
"""Said once under every report that cites pages."""


def page(number: int, label: str | None, document: str = "") -> str:
    """`p. 3`, or `p. iv (PDF p. 6)` when the printed label differs from the file's page."""
    if not label or label == str(number):
        return f"p. {number}"
    kind = "PDF" if document.lower().endswith(".pdf") else "file"
    return f"p. {label} ({kind} p. {number})"


def cite(document: str, number: int, label: str | None) -> str:
    """`name.pdf, p. iv (PDF p. 6)`: the document's file name and the page."""
    name = PurePath(document).name if document else ""
    where = page(number, label, document)
    return f"{name}, {where}" if name else where


def printed(number: int, label: str | None) -> str:
    """The page number printed on the page (`iv`), as far as it is known: else the file's
    own page number. The `printed_page` column of tables, beside `pdf_page` (`number`)."""
    return label or str(number)


COLUMNS = ("printed_page", "pdf_page")
"""The columns a table cites a page in: the printed page first, the file's own beside it."""
