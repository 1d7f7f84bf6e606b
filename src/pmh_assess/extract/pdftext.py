"""What both PDF readers share: lines to paragraphs, text-layer checks, error wording.

Both engines give lines in reading order with where they sit on the page; a vertical gap
wider than a line or a change of font size (heading to body) starts a new paragraph,
written as a blank line, which the sentence splitter relies on.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from ..base.errors import DocumentError
from . import Page

TABLE_ROW = "| "
"""How a line of cells is written for the segmenter: `| cell | cell`."""
BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
"""How a font's name says it is bold (when the font does not give its weight)."""
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
    (a named tuple: made quickly, for every line of every page). `cells` holds the line's
    parts when gaps wider than a word space set them apart (table cells, tiles of an
    infographic side by side, columns a writer drew line by line)."""

    text: str
    top: float
    bottom: float
    size: float
    left: float = 0.0
    right: float = 0.0
    cells: tuple[Cell, ...] = ()
    bold: bool = False


class Cell(NamedTuple):
    """A part of a line set apart by a wide gap: its words and where it lies across."""

    text: str
    left: float
    right: float


CELL_GAP = 1.2
"""A horizontal gap inside a line wider than this many font sizes may part two cells: a
word space is a quarter of that, a justified one half."""
MARKER = re.compile(
    r"^\s*(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\u2043\uf0b7\uf0a7*\u2013\u2014-]"
    r"|\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivx]{1,4}[.)])\s*$"
)
"""A list item's bullet or number, set apart from its text by an indent: not a cell."""
LEADERS = re.compile(r"(?:\.\s?){4,}|\u2026{2,}")
"""The dots that lead a contents entry's title to its page number."""


CELL_RATIO = 3.0
"""... if it is also this many times the line's narrowest space between words."""


def cells_of(parts: list[tuple[str, float, float]], size: float) -> tuple[Cell, ...]:
    """A line's words or characters (text, left, right, in order) grouped into cells at
    each gap wider than `CELL_GAP` font sizes and than `CELL_RATIO` times the line's
    narrowest gap between words; () when the line is one cell. A justified line spreads
    all its spaces alike, so its wide spaces part nothing."""
    gaps: list[float] = []
    last_right: float | None = None
    for text, left, right in parts:
        if last_right is not None and text.strip() and left > last_right:
            gaps.append(left - last_right)
        last_right = max(right, last_right) if last_right is not None else right
    wide = [g for g in gaps if g > CELL_GAP * size]
    if not wide:
        return ()
    narrow = [g for g in gaps if g <= CELL_GAP * size]
    floor = max(CELL_GAP * size, CELL_RATIO * min(narrow)) if narrow else 3 * CELL_GAP * size
    cells: list[tuple[list[str], float, float]] = []
    last_right = None
    for text, left, right in parts:
        if last_right is None or (text.strip() and left - last_right > floor):
            cells.append(([], left, right))
        words, start, end = cells[-1]
        words.append(text)
        cells[-1] = (words, start, max(end, right))
        last_right = max(right, last_right) if last_right is not None else right
    if len(cells) > 1 and MARKER.match(" ".join(cells[0][0])):  # a bullet or number
        words, _, _ = cells.pop(1)
        cells[0] = (cells[0][0] + words, cells[0][1], cells[0][2])
    found = tuple(Cell(" ".join(" ".join(w).split()), a, b) for w, a, b in cells)
    if (
        len(found) < 2
        or not all(c.text for c in found)
        or any(LEADERS.search(c.text) for c in found)
    ):
        return ()  # one cell, or a contents entry: its title, leader dots and page number
    return found


def _body_size(lines: list[Line]) -> float:
    """The size most of a page's lines are set in (the middle one of their sizes)."""
    sizes = sorted(line.size for line in lines)
    return sizes[len(sizes) // 2]


def without_furniture(lines: Iterable[Line]) -> list[Line]:
    """A lone page's lines without a running header or footer, which nothing repeats to
    give away on a one-page document: the topmost or bottommost line, in a smaller font
    than most lines and set apart from the rest by more than two of its own lines."""
    lines = list(lines)
    if len(lines) < 3:
        return lines
    body = _body_size(lines)
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
    lines = _foot_last(tables(_bullets(list(lines))))
    span = max((line.bottom for line in lines), default=0.0) - min(
        (line.top for line in lines), default=0.0
    )
    usual = _usual_gap(lines)
    out: list[str] = []
    previous: Line | None = None
    column: list[Line] = []
    item: Line | None = None  # the bullet line of the item the paragraph is in, if any
    for line in lines:
        if previous is not None:
            gap = line.top - previous.bottom
            same_column = line.top > previous.top
            jump = line.top < previous.top - span / 2
            new_column = jump and _ends_column(previous, column, line)
            size = max(previous.size, 1.0)
            if (
                (same_column and gap > min(0.9 * size, usual(line.size) + PARAGRAPH_GAP * size))
                or abs(previous.size - line.size) > 1.0
                or previous.bold != line.bold
                or new_column
                or (not jump and _side_by_side(previous, line))
                or (same_column and item is not None and _leaves_item(item, previous, line))
            ):
                out.append("")
                item = None
            if line.top < previous.top - span / 2:
                column = []
        if BULLETED.match(line.text):
            item = line
        out.append(TABLE_ROW + " | ".join(c.text for c in line.cells) if line.cells else line.text)
        column.append(line)
        previous = line
    return "\n".join(out)


BULLET_SIGN = re.compile(
    r"[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\u2043\uf0b7\uf0a7\u25a1\u2756\u25c6"
    r"\u2713\u2714\uf06e\uf0d8\uf0fc]\s+(?=\S)"
)
"""A bullet sign and the space after it, at the start of a line's words."""
BULLET_ALONE = re.compile(
    r"^[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\u2043\uf0b7\uf0a7\u25a1\u2756\u25c6\u2713\u2714]$"
)


RAISED_CANDIDATE = re.compile(
    r"(?<=[^\s\d])\d{1,3}(?:[,\u2013-]\d{1,3})*(?=[\s.,;:)]|$)|(?<=\d[.,;:])\d{1,3}(?:[,\u2013-]\d{1,3})*(?=\s|$)"
)
"""Figures set against what comes before them, which may be a note's raised marker."""
RAISED = 0.85
"""A marker is raised when its figures are smaller than this share of the line's size."""


def without_raised_marks(text: str, size_at: Callable[[int], float | None], size: float) -> str:
    """A line's text without the note and citation markers printed small and raised against
    a word or a figure ("admissions12,13", "from 3.4 to 4.6.2", "in 2022.12 The"); figures
    at the line's own size stay. `size_at(i)` is the printed size of text[i] (None when
    unknown). Only figures already set against something are looked at, so a line costs a
    look-up or two."""
    if not any(c.isdecimal() for c in text):
        return text
    cut: list[tuple[int, int]] = []
    for match in RAISED_CANDIDATE.finditer(text):
        first = size_at(match.start())
        if first is not None and first < RAISED * size:
            cut.append(match.span())
    for start, end in reversed(cut):
        text = text[:start] + text[end:]
    return text


NOTE_MARK_ALONE = re.compile(r"^(?:\d{1,3}|[*\u2020\u2021])$")


def _note_mark(mark: Line, lines: list[Line]) -> bool:
    """A note's number set raised and small, so that readers break it off its note: it
    stands just left of a larger line level with it."""
    return bool(NOTE_MARK_ALONE.match(mark.text.strip())) and any(
        line is not mark
        and mark.size < line.size - 0.5
        and abs(mark.top - line.top) < 0.6 * line.size
        and line.left - 2 * line.size <= mark.right <= line.left + 1
        for line in lines
    )


def _raised_after(mark: Line, lines: list[Line]) -> bool:
    """A note's marker read as a line of its own, set small and raised just after the end
    of a line: dropped, as it is when read with its line."""
    return bool(NOTE_MARK_ALONE.match(mark.text.strip())) and any(
        line is not mark
        and mark.size < RAISED * line.size
        and line.top - line.size < mark.top < line.bottom
        and line.right - 1 <= mark.left <= line.right + line.size
        for line in lines
    )


def _bullets(lines: list[Line]) -> list[Line]:
    """A bullet a writer set as a line of its own (a symbol font at another size, so
    readers break it off) put back at the start of the item it stands level with; so is a
    note's raised number ("1" before "Joint Forward Plan: https://...")."""
    marks = [line for line in lines if BULLET_ALONE.match(line.text.strip())]
    small = [line for line in lines if NOTE_MARK_ALONE.match(line.text.strip())]
    notes = [line for line in small if _note_mark(line, lines)]
    raised = [line for line in small if _raised_after(line, lines)]
    if not marks and not notes and not raised:
        return lines
    out: list[Line] = []
    for line in lines:
        if BULLET_ALONE.match(line.text.strip()) or any(line is n for n in notes + raised):
            continue
        if any(
            abs(mark.top - line.top) < 0.6 * line.size and mark.right <= line.left + line.size
            for mark in marks
        ):
            line = line._replace(text="\u2022 " + line.text)
        for note in notes:
            if (
                abs(note.top - line.top) < 0.6 * line.size
                and line.left - 2 * line.size <= note.right <= line.left + 1
            ):
                line = line._replace(text=f"{note.text.strip()} {line.text}")
                break
        out.append(line)
    return out


ROW_GAP = 0.5
"""Between two rows of a table there is more space than between the lines of one cell:
a vertical gap wider than this many font sizes starts a row."""


def tables(lines: list[Line]) -> list[Line]:
    """Lines with tables rebuilt as rows of cells. A table starts at a line of cells (parts
    set apart by wide gaps) and takes in the lines around it that lie within its width and
    reach, then its pieces are laid on a grid: columns where the cells of its gapped lines
    start, rows where the space between lines is wider than within a cell. Writers draw
    a table cell by cell, so a cell's second line often comes after the next cell's first:
    the grid puts each back in its cell."""
    out: list[Line] = []
    done = 0  # lines before this one are in `out`, as they were or as rows of a table
    i = 0
    while i < len(lines):
        if lines[i].right <= lines[i].left or not (len(lines[i].cells) > 1 or _beside(lines, i)):
            out.append(lines[i])
            i += 1
            continue
        start, end = _table_extent(lines, i)
        start = max(start, done)
        del out[len(out) - (i - start) :]  # the lines before `i` that belong to it
        out.extend(_grid(lines[start:end]))
        i = done = end
    return out


NEARBY = 6
"""How many lines before and after a line, in the order they were written, are looked at
for a line on the same level beside it."""


def _beside(lines: list[Line], index: int) -> bool:
    """Whether a line written close before or after this one stands on the same level
    beside it, in a table's way: the cells of a row drawn one by one, then the next row
    (the lines of two columns of text stand beside each other too, but the writer goes
    down the first column, then down the second)."""
    line = lines[index]
    lo = max(0, index - NEARBY)
    for k, other in enumerate(lines[lo : index + NEARBY + 1], start=lo):
        if other is line or other.right <= other.left or abs(other.size - line.size) > 1.0:
            continue
        if abs(other.top - line.top) < 0.3 * line.size and _side_by_side(other, line):
            first, second = (line, other) if index < k else (other, line)
            if _returns(lines, max(index, k), first, second):
                return True
    return False


def _returns(lines: list[Line], after: int, first: Line, second: Line) -> bool:
    """Whether, after two lines side by side, the writer comes back under the first one:
    a table's next row. Two columns of text never come back (the second column goes on
    to the page's foot)."""
    for line in lines[after + 1 : after + 1 + 2 * NEARBY]:
        if (
            line.top > first.top
            and abs(line.left - first.left) <= first.size
            and (line.right <= second.left)
        ):
            return True
    return False


def _table_extent(lines: list[Line], anchor: int) -> tuple[int, int]:
    """The run of lines around the line `anchor` (gapped, or with a line beside it) that
    belong to its table: the lines near it within its reach, and lines beside those."""
    first = lines[anchor]
    beside = [
        other
        for other in lines[max(0, anchor - NEARBY) : anchor + NEARBY + 1]
        if abs(other.top - first.top) < 0.3 * first.size and other.right > other.left
    ]
    left = min(o.left for o in beside)
    right = max(o.right for o in beside)
    top, bottom = first.top, first.bottom
    size = first.size

    def belongs(line: Line) -> bool:
        if line.right <= line.left or abs(line.size - size) > 1.0:
            return False
        if line.left < left - size or line.left > right + 2.5 * size:
            return False  # it starts outside the table (a cell the row's first line did
            # not reach into may start a little to its right)
        if line.top > bottom + 4 * size or line.bottom < top - 4 * size:
            return False
        return bool(line.cells) or (line.right - line.left) < 0.8 * max(right - left, size)

    end = anchor + 1
    while end < len(lines) and belongs(lines[end]):
        line = lines[end]
        left, right = min(left, line.left), max(right, line.right)
        top, bottom = min(top, line.top), max(bottom, line.bottom)
        end += 1
    start = anchor
    while start > 0 and belongs(lines[start - 1]) and not lines[start - 1].cells:
        start -= 1
        top = min(top, lines[start].top)
    return start, end


def _grid(lines: list[Line]) -> list[Line]:
    """A table's lines as rows of cells (see `tables`): columns start where two pieces or
    more (a line, or a cell of a gapped line) start level with each other."""
    size = max(line.size for line in lines)
    pieces = [
        (line.top, line.bottom, cell)
        for line in lines
        for cell in (line.cells or (Cell(line.text, line.left, line.right),))
    ]
    starts = _columns([cell.left for _, _, cell in pieces], size)
    pieces.sort(key=lambda p: (p[0], p[2].left))
    rows: list[tuple[float, float, list[tuple[float, Cell]]]] = []
    for top, bottom, cell in pieces:
        if rows and top <= rows[-1][1] + ROW_GAP * size:
            rows[-1][2].append((top, cell))
            rows[-1] = (rows[-1][0], max(rows[-1][1], bottom), rows[-1][2])
        else:
            rows.append((top, bottom, [(top, cell)]))
    out: list[Line] = []
    for top, bottom, placed in rows:
        columns: dict[int, list[str]] = {}
        for _, cell in sorted(placed, key=lambda p: (p[0], p[1].left)):
            index = max((k for k, s in enumerate(starts) if s <= cell.left + size), default=0)
            columns.setdefault(index, []).append(cell.text)
        cells = tuple(Cell(" ".join(columns[k]), starts[k], starts[k]) for k in sorted(columns))
        text = " ".join(c.text for c in cells)
        left = min(c.left for c in cells)
        right = max(p[1].right for p in placed)
        out.append(Line(text, top, bottom, size, left, right, cells if len(cells) > 1 else ()))
    return out


def _columns(lefts: list[float], size: float) -> list[float]:
    """Where a table's columns start: the lefts of its pieces, grouped when within a
    font size of each other; a group of one piece only starts a column if it is the
    first (a cell set in from its column's edge belongs to that column)."""
    groups: list[list[float]] = []
    for left in sorted(lefts):
        if groups and left - groups[-1][-1] <= size:
            groups[-1].append(left)
        else:
            groups.append([left])
    starts = [g[0] for k, g in enumerate(groups) if k == 0 or len(g) > 1]
    return starts


PARAGRAPH_GAP = 0.35
"""A paragraph's space above it: this many font sizes more than the page's usual space
between lines (and never more than most of a line)."""


def _foot_last(lines: list[Line]) -> list[Line]:
    """The page's notes (in smaller type, below every line of running text, the first
    opening with its number or sign) and what stands below them read last, after a
    sidebar or box that the page's drawing order puts after them, so that the notes stand
    at the foot of the page's text as they do on the page."""
    if len(lines) < 3:
        return lines
    body = _body_size(lines)
    floor = max(
        (
            line.bottom
            for line in lines
            if line.size >= body - 0.5 and len(line.text.split()) > FURNITURE_WORDS
        ),
        default=0.0,
    )
    foot = [
        line.top >= floor and (line.size < body - 0.5 or len(line.text.split()) <= FURNITURE_WORDS)
        for line in lines
    ]
    if not any(
        flag and NOTE_START.match(line.text) and line.size < body - 0.5
        for line, flag in zip(lines, foot, strict=True)
    ):
        return lines
    body_lines = [i for i, flag in enumerate(foot) if not flag]
    if not body_lines:
        return lines
    first, last = body_lines[0], body_lines[-1]
    # what is read before the text (a page number drawn first) or after it stays there
    moved = [first < i < last and flag for i, flag in enumerate(foot)]
    if not any(moved):
        return lines  # the foot is read last already
    return [line for line, flag in zip(lines, moved, strict=True) if not flag] + [
        line for line, flag in zip(lines, moved, strict=True) if flag
    ]


FURNITURE_WORDS = 3
"""A line of this many words or fewer below the text (a page number, a short footer) is
page furniture, whatever its size."""
NOTE_START = re.compile(r"^\s*(?:\d{1,3}|[*\u2020\u2021])\s?\S")
"""How a note opens: its number or sign."""


def _usual_gap(lines: list[Line]) -> Callable[[float], float]:
    """The space most often left between one line and the next below it on a page (the
    leading), from lines of one size one under the other, for each size of type: a page's
    small body text and its larger spaced-out lines each have their own. A size with too
    few such pairs takes the page's (large when the page has too few)."""
    by_size: dict[float, list[float]] = {}
    for previous, line in itertools.pairwise(lines):
        if (
            line.top > previous.top
            and abs(line.size - previous.size) <= 0.5
            and 0 <= line.top - previous.bottom < 2 * line.size
        ):
            by_size.setdefault(round(line.size * 2) / 2, []).append(line.top - previous.bottom)
    every = sorted(gap for gaps in by_size.values() for gap in gaps)
    page = every[len(every) // 4] if len(every) >= 4 else float("inf")
    usual = {size: sorted(gaps)[len(gaps) // 4] for size, gaps in by_size.items() if len(gaps) >= 4}
    return lambda size: usual.get(round(size * 2) / 2, page)


def _leaves_item(item: Line, previous: Line, line: Line) -> bool:
    """Whether a line after a bulleted item's sentence is text after the list, set
    straight under it: it starts no further in than the item's bullet (the item's own
    lines wrap under its words), with a capital or a figure, and no bullet of its own."""
    return (
        line.left <= item.left + ITEM_INDENT * line.size
        and previous.text.rstrip().endswith(ENDS_ITEM)
        and line.text[:1].isupper()
        and not BULLETED.match(line.text)
    )


BULLETED = re.compile(r"\(cid:127\)\s|" + BULLET_SIGN.pattern)
"""A line that opens with a bullet sign (as pdfminer writes one a font does not name, too)."""
ITEM_START = re.compile(r"\(?\d{1,2}[.)]\s|" + BULLETED.pattern)
"""A line that opens a numbered or bulleted item (or a numbered heading)."""
ITEM_INDENT = 0.25
"""A wrapped line of a list item starts at least this many font sizes right of its bullet
(under the item's words)."""
ENDS_ITEM = (".", "!", "?", ":")


def _side_by_side(previous: Line, line: Line) -> bool:
    """Whether two lines stand apart across the page rather than one under the other: a
    cell or tile beside another, a sidebar beside the text (neither reaches over the
    other by more than a word space)."""
    if previous.right <= previous.left or line.right <= line.left:
        return False  # positions unknown
    room = max(previous.size, line.size)
    return line.left > previous.right + room or line.right < previous.left - room


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
    if text.endswith((".", "!", "?", ":", ";")) or ITEM_START.match(next_line.text):
        return True  # a sentence ended, or the next column opens with a numbered or bulleted line
    known = last.right > last.left  # positions known
    left = min(line.left for line in column) if known else 0.0
    width = max(line.right for line in column) - left if known else 0.0
    if next_line.text[:1].isupper() and not CARRIES_ON.search(text):
        # a capital after a word that can end a sentence: a row or a heading, unless a
        # full line of running text goes on in the same type ("...will extend Mental" /
        # "Health Support Teams to 60% of pupils")
        runs_on = (
            known
            and not last.cells
            and not text[-1:].isdecimal()  # a row ends in its figures or its date
            and last.right >= left + 0.85 * width
            and abs(next_line.size - last.size) < 0.5
            and next_line.bold == last.bold
            and len(next_line.text.split()) >= 6
        )
        if not runs_on:
            return True
    if not known:
        return False
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
