"""Plain text and Markdown: form feeds split pages; otherwise the file is one page.

Markdown markup is reduced to the text a reader sees: `#` headings become heading
paragraphs, links keep their words, emphasis marks and HTML comments go.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..base.errors import DocumentError
from . import HEADING_MARK, Page

BINARY_SHARE = 0.02
"""Above this share of control characters (or undecodable bytes), a file is not text."""


def decode(data: bytes, path: Path) -> str:
    """The text of a file (see `decode_text`), without its warnings."""
    return decode_text(data, path)[0]


BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
"""Byte-order marks of the encodings whose text holds NUL bytes (Windows saves web pages
and text as UTF-16 with one), longest first."""


def bom_encoding(data: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte-order mark at the start names, if any."""
    return next((name for mark, name in BOMS if data.startswith(mark)), None)


def decode_text(data: bytes, path: Path) -> tuple[str, list[str]]:
    """A file's text and warnings: UTF-16 or UTF-32 when a byte-order mark says so, else
    UTF-8, else Windows-1252 with a warning; line endings made `\\n` (old Macintosh files
    end lines with a lone CR). Binary content is an error, not a plan of hundreds of pages
    of noise."""
    warnings: list[str] = []
    marked = bom_encoding(data)
    if marked is not None:
        try:
            text = data.decode(marked)
        except UnicodeDecodeError as exc:
            raise DocumentError(
                f"{path}: starts with a {marked.upper()} byte-order mark but is not valid "
                f"{marked.upper()} (byte {exc.start})"
            ) from None
        if _looks_binary(text):
            raise DocumentError(f"{path}: not a text file (it holds binary data)")
        return text.replace("\r\n", "\n").replace("\r", "\n"), warnings
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        warnings.append(
            f"not valid UTF-8 (byte {exc.start}): read as Windows-1252, so some characters "
            "may be wrong; save the file as UTF-8"
        )
    if _looks_binary(text):
        raise DocumentError(f"{path}: not a text file (it holds binary data)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _looks_binary(text: str) -> bool:
    sample = text[: 1 << 16]
    odd = sum(
        1
        for c in sample
        if (c < " " and c not in "\t\n\r\f\v") or "\x7f" <= c < "\xa0" or c == "\ufffd"
    )
    return odd > max(8, len(sample) * BINARY_SHARE)


def split_pages(text: str) -> list[Page]:
    chunks = text.split("\f")
    return [Page(number=i, text=chunk) for i, chunk in enumerate(chunks, start=1)]


MD_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
MD_COMMENT = re.compile(r"<!--.*?-->", re.S)


def markdown_to_text(text: str) -> str:
    """The reader's text of a Markdown document, each heading a paragraph of its own."""
    text = MD_COMMENT.sub("", text)
    text = MD_HEADING.sub(lambda m: f"\n{HEADING_MARK}{m.group(1)}\n", text)
    text = MD_LINK.sub(r"\1", text)
    return MD_EMPHASIS.sub("", text)


def read_text(path: Path) -> tuple[list[Page], list[str]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and bom_encoding(data) is None:
        raise DocumentError(f"{path}: looks like a binary file, not text")
    text, warnings = decode_text(data, path)
    if path.suffix.lower() in (".md", ".markdown"):
        text = markdown_to_text(text)
    return split_pages(text), warnings
