"""Draw a chart's geometry as PNG with Pillow, at twice the SVG's size for print.

Pillow's own font (a TrueType face it carries) is used, so a PNG looks the same on every
machine with the same Pillow, without system fonts.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from ..base.errors import UserError
from .charts import Figure, Label, Line, Rect

SCALE = 2


@cache
def _font(size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.load_default(size)


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return 0, 0, 0


def render(fig: Figure) -> bytes:
    try:
        from PIL import Image, ImageDraw
    except ImportError as exc:  # pragma: no cover - Pillow is a dependency
        raise UserError("PNG output needs Pillow: pip install pillow") from exc

    s = SCALE
    image = Image.new("RGB", (round(fig.width * s), round(fig.height * s)), "white")
    draw = ImageDraw.Draw(image)
    for item in fig.items:
        if isinstance(item, Rect):
            if item.w <= 0 or item.h <= 0:
                continue
            box = (item.x * s, item.y * s, (item.x + item.w) * s - 1, (item.y + item.h) * s - 1)
            draw.rectangle(
                box, fill=_rgb(item.fill), outline=_rgb(item.stroke) if item.stroke else None
            )
        elif isinstance(item, Line):
            draw.line(
                (item.x1 * s, item.y1 * s, item.x2 * s, item.y2 * s),
                fill=_rgb(item.stroke),
                width=max(1, round(item.width * s)),
            )
        else:
            _text(image, draw, item)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _text(image: Any, draw: Any, label: Label) -> None:
    from PIL import Image, ImageDraw

    s = SCALE
    font = _font(round(label.size * s))
    stroke = 1 if label.bold else 0  # the built-in face has no bold: thicken it
    anchor = {"start": "ls", "middle": "ms", "end": "rs"}[label.anchor]
    if not label.vertical:
        draw.text(
            (label.x * s, label.y * s),
            label.text,
            font=font,
            fill=_rgb(label.fill),
            anchor=anchor,
            stroke_width=stroke,
            stroke_fill=_rgb(label.fill),
        )
        return
    # Upright text drawn on its own image, turned a quarter left, its baseline start at (x, y).
    left, top, right, bottom = font.getbbox(label.text, anchor="ls", stroke_width=stroke)
    w, h = right - left + 2, bottom - top + 2
    tile = Image.new("L", (w, h), 0)
    ImageDraw.Draw(tile).text(
        (-left + 1, -top + 1),
        label.text,
        font=font,
        fill=255,
        anchor="ls",
        stroke_width=stroke,
        stroke_fill=255,
    )
    turned = tile.rotate(90, expand=True)
    # A point (px, py) of the tile lands at (py, w - px) once turned; the baseline start
    # is at (1 - left, 1 - top) on the tile.
    px, py = 1 - left, 1 - top
    x = round(label.x * s - py)
    y = round(label.y * s - (w - px))
    image.paste(Image.new("RGB", turned.size, _rgb(label.fill)), (x, y), turned)
