"""Pages whose extracted text looks poor, so that a missing hit is not taken at face value.

Checks on a page's raw text: very little text (a scanned page, a full-page chart),
`(cid:NN)` codes (a font without a text mapping), a low share of letters (symbols or
mis-decoded glyphs), and words run together (text without spaces). Dot leaders are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import Page

MIN_CHARACTERS = 80
MIN_LETTER_SHARE = 0.6
MAX_RUN_TOGETHER_SHARE = 0.3
LONG_WORD = 25
CID = re.compile(r"\(cid:\d+\)")
TOKEN = re.compile(r"\S+")
LEADERS = re.compile(r"(?:[.·_]\s?){3,}")  # dot leaders of a contents page are not garbage


@dataclass(frozen=True)
class PageFlag:
    """One page's extraction problems, in words."""

    page: int
    label: str | None
    problems: list[str]


def page_problems(text: str) -> list[str]:
    """What looks wrong with one page's extracted text (nothing, for a normal page)."""
    cids = len(CID.findall(text))
    text = LEADERS.sub(" ", CID.sub("", text))
    visible = [ch for ch in text if not ch.isspace()]
    problems: list[str] = []
    if cids:
        problems.append(f"{cids} '(cid:NN)' glyph code(s): the font has no text mapping")
    if len(visible) < MIN_CHARACTERS:
        problems.append(
            "no text" if not visible else f"very little text ({len(visible)} characters)"
        )
        return problems
    letters = sum(1 for ch in visible if ch.isalpha())
    if letters / len(visible) < MIN_LETTER_SHARE:
        problems.append(f"only {letters / len(visible):.0%} of characters are letters")
    long = sum(len(t) for t in TOKEN.findall(text) if len(t) >= LONG_WORD and "/" not in t)
    if long / len(visible) > MAX_RUN_TOGETHER_SHARE:
        problems.append(f"words run together ({long / len(visible):.0%} in very long 'words')")
    return problems


def poor_pages(pages: list[Page]) -> list[PageFlag]:
    """Flags for every page whose text looks poorly extracted."""
    flags = []
    for page in pages:
        problems = page_problems(page.text)
        if problems:
            flags.append(PageFlag(page.number, page.label, problems))
    return flags
