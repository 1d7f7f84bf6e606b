"""Draw a chart's geometry as SVG: one standalone file, or an element to inline in HTML."""

from __future__ import annotations

from html import escape

from .charts import Figure, Label, Line, Rect

FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"


def _n(v: float) -> str:
    """Coordinates with at most one decimal, without trailing zeros (stable output)."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _item(item: Rect | Line | Label) -> str:
    if isinstance(item, Rect):
        stroke = f' stroke="{item.stroke}"' if item.stroke else ""
        body = f"<title>{escape(item.tip)}</title>" if item.tip else ""
        attrs = (
            f'x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" height="{_n(item.h)}" '
            f'fill="{escape(item.fill)}"{stroke}'
        )
        return f"<rect {attrs}>{body}</rect>" if body else f"<rect {attrs}/>"
    if isinstance(item, Line):
        dash = ' stroke-dasharray="3 3"' if item.dash else ""
        return (
            f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" y2="{_n(item.y2)}" '
            f'stroke="{item.stroke}" stroke-width="{_n(item.width)}"{dash}/>'
        )
    weight = ' font-weight="bold"' if item.bold else ""
    anchor = f' text-anchor="{item.anchor}"' if item.anchor != "start" else ""
    turn = f' transform="rotate(-90 {_n(item.x)} {_n(item.y)})"' if item.vertical else ""
    tip = f"<title>{escape(item.tip)}</title>" if item.tip else ""
    return (
        f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" '
        f'fill="{escape(item.fill)}"{anchor}{weight}{turn}>{tip}{escape(item.text)}</text>'
    )


def render(fig: Figure, *, standalone: bool = True) -> str:
    """The SVG text; `standalone` adds the XML declaration for a file of its own."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(fig.width)}" '
        f'height="{_n(fig.height)}" viewBox="0 0 {_n(fig.width)} {_n(fig.height)}" '
        f'font-family="{FONT}" role="img" aria-label="{escape(fig.title)}">'
    )
    body = [
        head,
        f"<title>{escape(fig.title)}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    body += [_item(item) for item in fig.items]
    body.append("</svg>")
    text = "\n".join(body) + "\n"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text if standalone else text
