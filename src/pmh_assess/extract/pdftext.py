"""What both PDF readers share: lines to paragraphs, text-layer checks, error wording.

Both engines give lines in reading order with where they sit on the page; a vertical gap
wider than a line or a change of font size (heading to body) starts a new paragraph,
written as a blank line, which the sentence splitter relies on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from ..errors import DocumentError
from . import Page

SCANNED_WARNING = "no text layer: the document looks scanned (text would need OCR)"
BLANK_WARNING = "no text layer: its pages are blank or their text is drawn as shapes"
NEEDS_PASSWORD = "encrypted PDF: a password is needed (give it with --password)"
WRONG_PASSWORD = "encrypted PDF: the password given is not correct"


def password_message(password: str | None) -> str:
    return WRONG_PASSWORD if password else NEEDS_PASSWORD


def too_many(count: int, limit: int) -> str:
    return f"the PDF has {count} pages, more than the limit of {limit} (raise it with --max-pages)"


def not_readable(path: Path, exc: BaseException | None) -> str:
    """Why a PDF cannot be opened, judged from its first and last bytes: words, not a trace."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 1024))
            tail = fh.read()
    except OSError as err:
        return f"cannot read the file ({err.strerror})"
    if size == 0:
        return "empty file (0 bytes), not a PDF"
    if b"%PDF-" not in head:
        return "not a PDF (the file does not start with a PDF header)"
    if b"obj" not in head + tail:
        return "not a valid PDF: it has a PDF header but no document in it"
    if b"%%EOF" not in tail and b"startxref" not in tail:
        return (
            "truncated PDF: the end of the file is missing or damaged "
            "(an incomplete download or copy?)"
        )
    detail = f" ({_one_line(str(exc))[:80]})" if exc is not None and str(exc).strip() else ""
    return f"corrupt PDF: its structure is damaged and it cannot be read{detail}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class Line(NamedTuple):
    """One line of a page: `top` and `bottom` are measured down from the top of the page
    (a named tuple: made quickly, for every line of every page)."""

    text: str
    top: float
    bottom: float
    size: float
    left: float = 0.0
    right: float = 0.0


def without_furniture(lines: Iterable[Line]) -> list[Line]:
    """A lone page's lines without a running header or footer, which nothing repeats to
    give away on a one-page document: the topmost or bottommost line, in a smaller font
    than most lines and set apart from the rest by more than two of its own lines."""
    lines = list(lines)
    if len(lines) < 3:
        return lines
    sizes = sorted(line.size for line in lines)
    body = sizes[len(sizes) // 2]
    drop: set[int] = set()
    for index in (
        min(range(len(lines)), key=lambda i: lines[i].top),
        max(range(len(lines)), key=lambda i: lines[i].bottom),
    ):
        edge = lines[index]
        others = [line for i, line in enumerate(lines) if i != index]
        gap = min(max(line.top - edge.bottom, edge.top - line.bottom) for line in others)
        if edge.size < body - 0.5 and gap > 2 * edge.size:
            drop.add(index)
    return [line for i, line in enumerate(lines) if i not in drop]


def join_lines(lines: Iterable[Line]) -> str:
    """The page's text, one line per line, with a blank line between paragraphs.

    At the top of a new column a paragraph goes on only if the last line of the column
    before was a line of running text that did not end a sentence: one that ends a
    sentence, stops well short of the column's edge or starts well inside it (the last
    cell of a table row) ends its paragraph, so that the next column does not run on; so
    does one followed by a capital, unless it ends in a word that cannot end a sentence
    (a table row ending "March 2025" before a row starting "NHS Talking Therapies").
    """
    lines = list(lines)
    span = max((line.bottom for line in lines), default=0.0) - min(
        (line.top for line in lines), default=0.0
    )
    out: list[str] = []
    previous: Line | None = None
    column: list[Line] = []
    for line in lines:
        if previous is not None:
            gap = line.top - previous.bottom
            same_column = line.top > previous.top
            new_column = line.top < previous.top - span / 2 and _ends_column(previous, column, line)
            if (
                (same_column and gap > max(previous.size, 1.0) * 0.9)
                or abs(previous.size - line.size) > 1.0
                or new_column
            ):
                out.append("")
            if line.top < previous.top - span / 2:
                column = []
        out.append(line.text)
        column.append(line)
        previous = line
    return "\n".join(out)


CARRIES_ON = re.compile(
    r"(?:,|-|\b(?:and|or|but|of|the|a|an|to|for|in|on|with|by|from|at|as|into|than|that|"
    r"which|who|whose|our|their|its|his|her|this|these|those|is|are|was|were|will|be|been|"
    r"has|have|can|should|must|would|not|all|each|every|more|most|such))$",
    re.I,
)
"""How a line ends when its sentence must go on: a comma, a hyphen, or a word that cannot
end a sentence."""


def _ends_column(last: Line, column: list[Line], next_line: Line) -> bool:
    """Whether the last line of a column ends its paragraph (see `join_lines`)."""
    text = last.text.rstrip()
    if text.endswith((".", "!", "?", ":", ";")):
        return True
    if next_line.text[:1].isupper() and not CARRIES_ON.search(text):
        return True  # a capital after a word that can end a sentence: a row or a heading
    if last.right <= last.left:  # positions unknown
        return False
    left = min(line.left for line in column)
    width = max(line.right for line in column) - left
    return last.right < left + 0.6 * width or last.left > left + 0.25 * width


def check_text_layer(path: Path, pages: list[Page], has_images: Callable[[], bool]) -> list[str]:
    """Warnings about pages without text; an error if there is no text at all.

    `has_images` is asked only then: images without text look like a scan.
    """
    if not pages:
        raise DocumentError(f"{path}: the PDF has no pages")
    empty = [p.number for p in pages if not p.text.strip()]
    if len(empty) == len(pages):
        raise DocumentError(f"{path}: {SCANNED_WARNING if has_images() else BLANK_WARNING}")
    if empty:
        return [f"{len(empty)} page(s) without a text layer: {page_ranges(empty)}"]
    return []


def page_ranges(numbers: list[int]) -> str:
    """Page numbers as short ranges: [1, 2, 3, 7] -> "1-3, 7"."""
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
