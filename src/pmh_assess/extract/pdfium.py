"""PDF through pypdfium2 (Google's PDFium), page by page, in reading order: the fast engine.

PDFium lists a page's characters in the order they were written, which reads multi-column
pages column by column, and breaks that list into lines. Each line's first and last
character boxes and font size are enough to find paragraph breaks the way the pdfplumber
reader does (see `pdftext.join_lines`). PDFium joins a word hyphenated across a line break
and marks the join with U+FFFE; it is turned back into a hyphen and a line break so that
the normaliser decides, as it does for pdfplumber, whether the hyphen was a soft one.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..base.errors import DocumentError
from . import Page
from .pdftext import (
    BOLD_NAME,
    BULLET_SIGN,
    CELL_GAP,
    Cell,
    Line,
    cells_of,
    check_text_layer,
    join_lines,
    password_message,
    too_many,
    without_furniture,
    without_raised_marks,
)

LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOLD_WEIGHT = 600
"""A font weight from which a face is bold."""


class _Runs:
    """The page's runs of text as PDFium groups them (a line of one font, broken at wide
    gaps), by the height of their middle: which lines may hold cells, looked up cheaply,
    so that only those have their characters measured."""

    def __init__(self, textpage: Any, height: float) -> None:
        boxes = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        runs = sorted((height - (bottom + top) / 2, x0, x1) for x0, bottom, x1, top in boxes)
        self.middles = [m for m, _, _ in runs]
        self.runs = runs

    def gapped(self, baseline: float, size: float) -> bool:
        """Whether runs on the line with this baseline (measured down) leave a gap wider
        than `CELL_GAP` font sizes between them."""
        lo = bisect_left(self.middles, baseline - size)
        hi = bisect_right(self.middles, baseline)
        if hi - lo < 2:
            return False
        spans = sorted((left, right) for _, left, right in self.runs[lo:hi])
        reach = spans[0][1]
        for left, right in spans[1:]:
            if left - reach > CELL_GAP * size:
                return True
            reach = max(reach, right)
        return False


HYPHEN_JOIN = "\ufffe"
DESCENT = 0.2


def read_pdf(
    path: Path,
    *,
    password: str | None = None,
    max_pages: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> tuple[list[Page], list[str], bool]:
    """Pages, warnings, and whether the file needed a password (then it is not cached)."""
    try:
        pdf = pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise DocumentError(f"{path}: {password_message(password)}") from exc
        raise
    try:
        count = len(pdf)
        if max_pages is not None and count > max_pages:
            raise DocumentError(f"{path}: {too_many(count, max_pages)}")
        protected = bool(password) and pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1
        labels = [_label(pdf, i) for i in range(count)]
        if not any(labels):
            labels = [None] * count
        pages: list[Page] = []
        unreadable: list[int] = []
        for index in range(count):
            try:
                text = page_text(pdf, index, alone=count == 1)
            except pdfium.PdfiumError:
                unreadable.append(index + 1)
                text = ""
            pages.append(Page(number=index + 1, text=text, label=labels[index]))
            if on_page:
                on_page(index + 1, count)
        warnings = check_text_layer(path, pages, lambda: _has_images(pdf, count))
    finally:
        pdf.close()
    if unreadable:
        warnings.insert(0, f"{len(unreadable)} page(s) could not be read and count as empty")
    return pages, warnings, protected


def _has_images(pdf: Any, count: int) -> bool:
    for index in range(min(count, 50)):
        page = pdf[index]
        try:
            if next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4), None):
                return True
        finally:
            page.close()
    return False


def _label(pdf: Any, index: int) -> str | None:
    try:
        return str(pdf.get_page_label(index)) or None
    except Exception:  # a broken /PageLabels tree must not cost the document
        return None


def page_text(pdf: Any, index: int, *, alone: bool = False) -> str:
    """Text of one page in reading order, with blank lines between paragraphs."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            height = page.get_height()
            text = textpage.get_text_range()
            position = _Positions(textpage.raw)
            lines = list(_lines(textpage, text, position, height))
            return join_lines(without_furniture(lines) if alone else lines)
        finally:
            textpage.close()
    finally:
        page.close()


def _lines(textpage: Any, text: str, position: _Positions, height: float) -> Iterator[Line]:
    runs = _Runs(textpage, height)
    start = 0
    previous = Line("", 0.0, 0.0, 0.0)
    for brk in [*LINE_BREAK.finditer(text), None]:
        line_start, end = start, brk.start() if brk else len(text)
        start = brk.end() if brk else len(text)
        line = text[line_start:end]
        first = line_start + len(line) - len(line.lstrip())
        if first >= end:
            continue
        first_char = position.char(first)
        last_char = position.char(line_start + len(line.rstrip()) - 1)
        head = position.baseline(first_char)
        # where the line stands is where its words stand, not a bullet sign set lower or
        # higher in a symbol font ("\u25a0 Recruitment of ...")
        sign = BULLET_SIGN.match(line, first - line_start)
        level = position.baseline(position.char(line_start + sign.end())) if sign else head
        tail = level
        if HYPHEN_JOIN in line:  # two printed lines joined: the bottom is the second one's
            tail = position.baseline(last_char)
        # a line's size is its text's, not a small bullet's or a footnote marker's
        size = max(position.size(head[0]), position.size(last_char)) if head else previous.size
        left = position.edges(first_char)
        right = position.edges(last_char)
        # Boxes as pdfminer draws them, one font size tall with a fifth below the baseline,
        # so that both engines see the same gaps whatever the font's own metrics.
        # A character PDFium made up (no position) keeps the line with the one before it.
        x0 = left[0] if left and right else 0.0
        x1 = right[1] if left and right else 0.0
        words = line.strip()
        if any(c.isdecimal() for c in words):
            words = without_raised_marks(words, position.sizes_from(first), size)
        cells: tuple[Cell, ...] = ()
        if head and HYPHEN_JOIN not in line and runs.gapped(height - head[1], size):
            cells = position.cells(text, first, line_start + len(line.rstrip()), size)
        previous = Line(
            text=words.replace(HYPHEN_JOIN, "-\n"),
            top=height - level[1] - size * (1 - DESCENT) if level else previous.top,
            bottom=height - tail[1] + size * DESCENT if tail else previous.bottom,
            size=size,
            left=x0,
            right=x1,
            cells=cells,
            bold=position.bold(first_char) and position.bold(last_char),
        )
        yield previous


def _unchecked(name: str, restype: Any) -> Any:
    """PDFium's C function `name`, as pypdfium2 loaded it, called by its address without
    ctypes' argument conversion: three to four times faster, for the few calls made for
    each line of every page. Each argument must be given as the C type the function takes
    (a page as a `c_void_p`, an index as an int, an output by reference). The function
    type is the loaded library's own, so that the calling convention is the library's."""
    loaded = getattr(pdfium_c, name)
    address = ctypes.cast(loaded, ctypes.c_void_p).value
    assert address, name
    function = type(loaded)(address)
    function.restype = restype
    return function


_CHAR_INDEX = _unchecked("FPDFText_GetCharIndexFromTextIndex", ctypes.c_int)
_CHAR_ORIGIN = _unchecked("FPDFText_GetCharOrigin", ctypes.c_int)
_CHAR_BOX = _unchecked("FPDFText_GetCharBox", ctypes.c_int)
_FONT_SIZE = _unchecked("FPDFText_GetFontSize", ctypes.c_double)
_MATRIX = _unchecked("FPDFText_GetMatrix", ctypes.c_int)
_FONT_INFO = _unchecked("FPDFText_GetFontInfo", ctypes.c_ulong)
_FONT_WEIGHT = _unchecked("FPDFText_GetFontWeight", ctypes.c_int)


class _Positions:
    """Where a text page's characters sit, read through PDFium's C functions."""

    def __init__(self, raw: Any) -> None:
        self.raw = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.px, self.py = ctypes.byref(self.x), ctypes.byref(self.y)
        self.matrix = pdfium_c.FS_MATRIX()
        self.pmatrix = ctypes.byref(self.matrix)
        self.box = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        self.pbox = [ctypes.byref(b) for b in self.box]

    def char(self, text_index: int) -> int:
        """The character index of a text index (negative when PDFium made the character up)."""
        return int(_CHAR_INDEX(self.raw, text_index))

    def baseline(self, char: int) -> tuple[int, float] | None:
        """The character index and baseline height of a character."""
        if char < 0 or not _CHAR_ORIGIN(self.raw, char, self.px, self.py):
            return None
        return char, self.y.value

    def cells(self, text: str, start: int, end: int, size: float) -> tuple[Cell, ...]:
        """The cells of the line text[start:end] (see `pdftext.cells_of`)."""
        return cells_of(self.words(text, start, end), size)

    def words(self, text: str, start: int, end: int) -> list[tuple[str, float, float]]:
        """The words of the line text[start:end]: runs of characters between spaces, each
        from its first character's left edge to its last one's right edge."""
        words: list[tuple[str, float, float]] = []
        word: list[str] = []
        left = right = 0.0
        for index in range(start, end + 1):
            char = text[index] if index < end else " "
            if char.isspace():
                if word:
                    words.append(("".join(word), left, right))
                    word = []
                continue
            edges = self.edges(self.char(index))
            if edges is not None and edges[1] > edges[0]:
                if not word:
                    left = edges[0]
                right = edges[1]
            elif not word:
                left = right
            word.append(char)
        return words

    def edges(self, char: int) -> tuple[float, float] | None:
        """The left and right edges of a character."""
        if char < 0 or not _CHAR_BOX(self.raw, char, *self.pbox):
            return None
        return self.box[0].value, self.box[1].value

    def bold(self, char: int) -> bool:
        """Whether a character is set in a bold face (by its weight, or its font's name)."""
        if char < 0:
            return False
        weight = int(_FONT_WEIGHT(self.raw, char))
        if weight > 0:
            return weight >= BOLD_WEIGHT
        length = int(_FONT_INFO(self.raw, char, None, 0, None))
        if length <= 0 or length > 256:
            return False
        name = ctypes.create_string_buffer(length)
        _FONT_INFO(self.raw, char, name, length, None)
        return bool(BOLD_NAME.search(name.value.decode("latin-1")))

    def sizes_from(self, start: int) -> Callable[[int], float | None]:
        """The printed size of the text index `start + i`, as a function of i."""

        def size_at(i: int) -> float | None:
            char = self.char(start + i)
            return self.size(char) if char >= 0 else None

        return size_at

    def size(self, char: int) -> float:
        """The font size as printed: the nominal size scaled by the character's matrix."""
        size = float(_FONT_SIZE(self.raw, char))
        if _MATRIX(self.raw, char, self.pmatrix):
            scale = math.hypot(self.matrix.c, self.matrix.d)
            if scale > 0:
                size *= scale
        return size
