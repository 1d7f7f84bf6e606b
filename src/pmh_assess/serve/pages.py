"""A PDF page as a PNG image with passages highlighted where they stand on the page.

PDFium renders the page and gives every character's box. A passage is found in the
page's characters by comparing both without spaces, case or hyphens (the extracted text
is normalised, the page's characters are not), and its characters' boxes, merged line by
line, are painted over the image: the sentence in a light colour, the matched terms in a
stronger one.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw

SCALE = 1.5  # 72 dpi points to pixels: an A4 page is about 890 pixels wide
MAX_PIXELS = 3000 * 3000  # a huge page is drawn smaller, never bigger than this
SENTENCE = (255, 236, 140)  # the colours a highlight leaves on white paper
TERM = (255, 170, 60)
PDFIUM = threading.Lock()  # PDFium is not thread-safe: one call into it at a time
SKIPPED = {"-", "\u00ad", "\u2010", "\u2011", "\ufffe", "\ufeff"}


Boxes = list[tuple[float, ...]]


@dataclass(frozen=True)
class Passage:
    """A sentence to find on the page and the matched terms inside it."""

    sentence: str
    terms: tuple[str, ...] = ()


def _compact(text: str) -> tuple[str, list[int]]:
    """Text without spaces and hyphens, folded, and where each kept character came from."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if char.isspace() or char in SKIPPED:
            continue
        for part in unicodedata.normalize("NFKC", char).casefold():
            if part.isspace() or part in SKIPPED:
                continue
            out.append(part)
            where.append(i)
    return "".join(out), where


def find(page: str, needle: str) -> list[int]:
    """Indexes of the page's characters that spell `needle` (first occurrence), or none.

    A long sentence whose whole text is not found (extraction joined or split it
    differently) is looked for by its first and last 40 characters.
    """
    text, where = _compact(page)
    wanted, _ = _compact(needle)
    if not wanted:
        return []
    at = text.find(wanted)
    if at >= 0:
        return where[at : at + len(wanted)]
    if len(wanted) > 80:
        head = text.find(wanted[:40])
        tail = text.find(wanted[-40:], head + 40) if head >= 0 else -1
        if head >= 0 and tail >= 0 and tail - head < 2 * len(wanted):
            return where[head : tail + 40]
    return []


def _boxes(
    textpage: Any, indexes: list[int], height: float, scale: float
) -> list[tuple[float, ...]]:
    """Pixel rectangles covering the characters, one per run of characters on a line."""
    rects: list[list[float]] = []
    for i in indexes:
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        if right <= left or top <= bottom:
            continue
        box = [left * scale, (height - top) * scale, right * scale, (height - bottom) * scale]
        last = rects[-1] if rects else None
        same_line = (
            last is not None
            and min(last[3], box[3]) - max(last[1], box[1]) > 0.5 * (box[3] - box[1])
            and -2 * scale <= box[0] - last[2] <= 12 * scale
        )
        if last is not None and same_line:
            last[0], last[1] = min(last[0], box[0]), min(last[1], box[1])
            last[2], last[3] = max(last[2], box[2]), max(last[3], box[3])
        else:
            rects.append(box)
    return [tuple(r) for r in rects]


def render_page(
    path: Path, number: int, passages: list[Passage], *, password: str | None = None
) -> tuple[bytes, int]:
    """The page (1-based) as PNG bytes, and how many passages were found and highlighted."""
    with PDFIUM:
        image, sentence_boxes, term_boxes, found = _draw(path, number, passages, password)
    terms = _mask(image.size, term_boxes)
    _paint(image, ImageChops.subtract(_mask(image.size, sentence_boxes), terms), SENTENCE)
    _paint(image, terms, TERM)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue(), found


def _draw(
    path: Path, number: int, passages: list[Passage], password: str | None
) -> tuple[Image.Image, Boxes, Boxes, int]:
    pdf = pdfium.PdfDocument(path, password=password)
    try:
        if not 1 <= number <= len(pdf):
            raise IndexError(number)
        page = pdf[number - 1]
        try:
            width, height = page.get_size()
            scale = min(SCALE, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
            image = page.render(scale=scale).to_pil().convert("RGB")
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                found = 0
                sentence_boxes: Boxes = []
                term_boxes: Boxes = []
                for passage in passages:
                    chars = find(text, passage.sentence)
                    if not chars:
                        continue
                    found += 1
                    sentence_boxes += _boxes(textpage, chars, height, scale)
                    inside = "".join(text[i] for i in chars)
                    for term in passage.terms:
                        at = find(inside, term)
                        term_boxes += _boxes(textpage, [chars[i] for i in at], height, scale)
            finally:
                textpage.close()
        finally:
            page.close()
    finally:
        pdf.close()
    return image, sentence_boxes, term_boxes, found


def _mask(size: tuple[int, int], boxes: Boxes) -> Image.Image:
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for left, top, right, bottom in boxes:
        draw.rectangle((left - 1, top - 1, right + 1, bottom + 1), fill=255)
    return mask


def _paint(image: Image.Image, mask: Image.Image, colour: tuple[int, int, int]) -> None:
    """Colour the masked part as a highlighter pen does: paper takes the colour, ink stays."""
    tint = Image.new("RGB", image.size, colour)
    image.paste(ImageChops.multiply(image, tint), (0, 0), mask)


class PageCache:
    """The last rendered pages, kept in memory (least recently used goes first)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def page_sizes(path: Path, *, password: str | None = None) -> list[tuple[float, float]]:
    """Every page's width and height in points, for placing pages before they are drawn."""
    with PDFIUM:
        pdf = pdfium.PdfDocument(path, password=password)
        try:
            sizes = []
            for index in range(len(pdf)):
                width, height = pdf.get_page_size(index)
                sizes.append((float(width), float(height)))
            return sizes
        finally:
            pdf.close()


def locate(
    path: Path, number: int, sentence: str, *, password: str | None = None
) -> list[tuple[float, float, float, float]]:
    """Where a sentence stands on a page (1-based): its boxes, line by line, as shares of
    the page's width and height (left, top, right, bottom); none when it is not found."""
    with PDFIUM:
        pdf = pdfium.PdfDocument(path, password=password)
        try:
            if not 1 <= number <= len(pdf):
                raise IndexError(number)
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    chars = find(textpage.get_text_range(), sentence)
                    boxes = _boxes(textpage, chars, height, 1.0) if chars else []
                finally:
                    textpage.close()
            finally:
                page.close()
        finally:
            pdf.close()
    return [
        (left / width, top / height, right / width, bottom / height)
        for left, top, right, bottom in boxes
    ]
