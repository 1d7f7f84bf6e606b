"""Text from documents and rubrics made safe for where it is written.

Quotes, titles and notes come from other people's files, so every writer passes them
through here: spreadsheet cells cannot start a formula (OWASP's advice: a leading `'`),
CSS colours are checked before they reach a style, Markdown keeps raw HTML as text, and
terminal output loses control and escape sequences (which could clear the screen or set
the window title). Terminal and Markdown output also lose bidirectional controls, with
which a document could reorder how its own quoted evidence reads on screen; data formats
(JSON, CSV, HTML, XLSX) keep the text as it was read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (or may)."""
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def cell(value: Any) -> Any:
    """A spreadsheet cell value that cannot be read as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


def uncell(value: str) -> str:
    """Inverse of `cell` for text read back from a CSV this program wrote."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


class _SafeWriter:
    """A csv writer whose every cell goes through `cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, lineterminator: str = "\n") -> _SafeWriter:
    """`csv.writer` for outputs a spreadsheet may open: no cell can start a formula."""
    return _SafeWriter(out, lineterminator=lineterminator)


def no_formulas(workbook: Any) -> None:
    """Store every cell of an openpyxl workbook that would be a formula as text instead
    (openpyxl takes any string starting with `=` as one): the text stays as written."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                if item.data_type == "f":
                    item.data_type = "s"


HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def hex_colour(value: object) -> str | None:
    """`#rrggbb` for a colour written `#rrggbb` or `#rgb`, else None. Only these work in
    every output (HTML, SVG, PNG, XLSX), and nothing else can reach a style attribute."""
    if not isinstance(value, str) or not HEX_COLOUR.match(value):
        return None
    return value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])


BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Unicode's bidirectional formatting characters (embeddings, overrides, isolates, marks):
invisible, they change the order in which the text around them is shown."""


def no_bidi(text: str) -> str:
    """Text without bidirectional controls, shown in the order it is stored."""
    return BIDI_CONTROLS.sub("", text) if BIDI_CONTROLS.search(text) else text


def markdown_text(text: str) -> str:
    """Text for Markdown output with every `<` as `&lt;`: no tag can start, so no raw HTML
    (a script, an image loaded from elsewhere) from a document is passed through; and no
    bidirectional controls."""
    return no_bidi(text).replace("<", "&lt;")


ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b.?"  # any other escape
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # other C0 and C1 controls (tab and newline stay)
)


def terminal_text(text: str) -> str:
    """Text for a terminal: escape sequences and control characters removed."""
    return ESCAPE_SEQUENCE.sub("", text)


MARKUP_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")
"""What rich reads as a markup tag, with the backslashes before it."""


def rich_text(text: str) -> str:
    """Text that rich prints as it is, never as markup ("[bold]" in a file name or a quote):
    rich's own escape (`rich.markup.escape`, which the tests hold it to), without importing
    rich's markup parser and all it brings (about 0.04 s), which a command that prints
    nothing through rich never needs."""
    if "[" not in text and not text.endswith("\\"):
        return text
    text = MARKUP_TAG.sub(lambda m: f"{m[1]}{m[1]}\\{m[2]}", text)
    if text.endswith("\\") and not text.endswith("\\\\"):
        return text + "\\"
    return text
