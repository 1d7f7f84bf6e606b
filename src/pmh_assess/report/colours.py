"""Colours for rating levels: the rubric's own, else green to red by position."""

from __future__ import annotations

from ..base.safe import hex_colour
from ..base.vocabulary import NOT_ASSESSABLE, NOT_ASSESSABLE_COLOUR

PALETTE = ["#1a9850", "#91cf60", "#fdae61", "#f46d43", "#d73027"]


def level_colours(levels: list[str], declared: dict[str, str] | None = None) -> dict[str, str]:
    """A colour per level: best green, worst red, the ones between spread over the palette."""
    declared = declared or {}
    out: dict[str, str] = {}
    last = max(len(levels) - 1, 1)
    for i, level in enumerate(levels):
        own = hex_colour(declared.get(level))  # a results file may carry anything
        out[level] = own or PALETTE[round(i * (len(PALETTE) - 1) / last)]
    out.setdefault(NOT_ASSESSABLE, NOT_ASSESSABLE_COLOUR)
    return out
