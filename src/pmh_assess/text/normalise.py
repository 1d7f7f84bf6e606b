"""Text normalisation that real plan PDFs need.

Unicode NFKC (which also expands ligatures such as U+FB01), soft hyphens and zero-width
characters removed, typographic quotes and hyphens unified, words hyphenated across a line
break re-joined, bullets turned into line starts, and running headers, footers and page
numbers that repeat on most pages removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..extract import HEADING_MARK, Page

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_TRANSLATE = {
    **_INVISIBLE,
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2043"), "-"),
    ord("\t"): " ",
    ord("\r"): None,
}
_TO_TRANSLATE = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")
BULLET = re.compile(
    r"^[ \t]*(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\u2043"
    r"\uf0b7\uf0a7*\u2013\u2014-]|\(cid:127\)"
    r"|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])[ \t]+",
    re.M,
)
NUMBERED = re.compile(r"^[ \t]*\(?[0-9]{1,2}[.)][ \t]+", re.M)
WRAPPED_TITLE = re.compile(r"^[A-Za-z][^.!?;:,]{0,90}\??$")
"""The second line of a title that wrapped: words, no stop or comma (a question's mark may
end it)."""
HEADING_WORDS = re.compile(r"^[A-Z0-9][^.!?;:,]{0,90}(?::\s+[^.!?;:,]{1,80})?\??$")
"""A line that may be a heading: a capital first, short, with no stop or comma (a question
mark may end it: "What have people told us?"; one colon may part it: "Key priority:
stronger communities")."""


def _underlined(text: str) -> str:
    """The lines a rule line is drawn straight under ("Why this matters" over "-----"),
    the headings of plain text set out as Markdown does, marked as headings."""
    lines = text.split("\n")
    for k in range(1, len(lines)):
        if lines[k - 1].strip() and RULE_LINE.match(lines[k]):
            lines[k - 1] = HEADING_MARK + lines[k - 1].lstrip()
    return "\n".join(lines)


def _bullets(text: str) -> str:
    """Bullets and list numbers made line starts ("- "), except the number of a numbered
    heading ("1. Introduction" between paragraphs), which stays as written so that it is
    not read as a list item: a title, alone (no numbered line beside it, no lead-in with a
    colon over it), or a line its container declares a heading (`HEADING_MARK`)."""
    if not NUMBERED.search(text):
        return BULLET.sub("- ", text)
    original = text.split("\n")
    lines = list(original)
    full = _full_lines(original)
    filled = [i for i, line in enumerate(original) if line.strip()]
    for k, i in enumerate(filled):
        marker = NUMBERED.match(original[i])
        rest = original[i][marker.end() :].strip() if marker else ""
        before = original[filled[k - 1]] if k > 0 else ""
        gap = k > 0 and filled[k - 1] < i - 1
        opening = before  # where the item before has its number, if it wrapped
        if marker and gap:
            first = filled[k - 1]
            while first > 0 and original[first - 1].strip():
                first -= 1
            opening = original[first]
        after = original[filled[k + 1]] if k + 1 < len(filled) else ""
        if marker and _wrapped_number(original, i, marker, full):
            continue
        wrapped = _heading_wrap(original, i)  # a title set large enough to wrap
        title = " ".join([rest, *(original[i + j].strip() for j in range(1, 1 + wrapped))])
        if wrapped:
            after = next((line for line in original[i + 1 + wrapped :] if line.strip()), "")
        if (
            marker
            and HEADING_WORDS.match(NUMBERED.sub("", rest, count=1))  # its own number too
            and len(title.split()) <= (14 if capitals(title) else 12)
            # a lead-in over it; an item of a list before it that ends with a colon (a
            # contents entry "2. We want:") leads into nothing across a blank line; a
            # title set in capitals is one whatever stands beside it
            and (
                capitals(title)
                or not (
                    (before.rstrip().endswith(":") and not (BULLET.match(before) and gap))
                    or _next_number(opening, marker, -1)
                    or _next_number(after, marker, 1)
                )
            )
            # a paragraph alone
            and (i + 1 + wrapped == len(original) or not original[i + 1 + wrapped].strip())
        ):
            lines[i] = f"{marker.group(0).strip().strip('()')} {rest}"
        else:
            lines[i] = BULLET.sub("- ", lines[i])
    return "\n".join(lines)


def capitals(words: str) -> bool:
    """Words set in capitals, two or more ("WINTER PLAN", "ANNUAL REPORT 2021/22"): a
    title, not a list's item, and not a sentence that goes on after a break."""
    return len(words.split()) >= 2 and words.upper() == words and words.lower() != words


def _heading_wrap(lines: list[str], i: int) -> int:
    """How many lines a numbered title at line i wraps onto: up to four more lines that read
    as the rest of a title (a capital or lower case word first, no stop, no number), as a
    title of a dozen words does in a narrow column; a title in capitals up to ten lines in
    capitals (commas too). The title's words are counted by the caller."""
    first = NUMBERED.sub("", lines[i]).strip()
    upper = first.upper() == first and first.lower() != first
    j = i + 1
    while j < len(lines) and j <= i + (10 if upper else 4) and lines[j].strip():
        line = lines[j].strip()
        title = WRAPPED_TITLE.match(line) or (
            upper and line.upper() == line and not line.endswith((".", ":", ";"))
        )
        if NUMBERED.match(line) or BULLET.match(line) or not title:
            return 0
        j += 1
    if j < len(lines) and lines[j].strip():
        return 0  # more lines than a title has
    return j - i - 1


def _number(marker: re.Match[str]) -> int:
    return int(re.sub(r"\D", "", marker.group(0)))


def _next_number(line: str, marker: re.Match[str], step: int) -> bool:
    """Whether `line` is numbered as the item just after (step 1) or before (step -1) the
    one `marker` numbers: "7. Glossary" followed by a list that starts again at "1." is a
    numbered heading over a list, not item 7 of it."""
    other = NUMBERED.match(line)
    return other is not None and _number(other) == _number(marker) + step


def _wrapped_number(lines: list[str], i: int, marker: re.Match[str], full: list[bool]) -> bool:
    """Whether a number at a line start is a sentence's number wrapped onto a new line
    ("...start by the age of / 14. Prevention..."), not a list item: the line before runs
    on into it (same paragraph, no stop or colon), no numbered line comes earlier in the
    paragraph, and the number is not 1, where lists start, unless the line before is as
    full as the paragraph's longest: text wrapped there ("... in the discussion: Priority
    One / 1. The Director ..."), where a list's first item would start a line of its own
    (`full`: see `_full_lines`)."""
    k = i - 1
    if k < 0 or not lines[k].strip() or lines[k].rstrip().endswith((".", ":", ";", "!", "?")):
        return False
    if _number(marker) == 1 and not full[k]:
        return False
    while k >= 0 and lines[k].strip():
        if NUMBERED.match(lines[k]) or BULLET.match(lines[k]):
            return False
        k -= 1
    return True


def _full_lines(lines: list[str]) -> list[bool]:
    """Which lines run as far as the longest line of their paragraph (of three lines or
    more, the longest a line of running text): worked out for all lines at once."""
    full = [False] * len(lines)
    lo = 0
    while lo < len(lines):
        if not lines[lo].strip():
            lo += 1
            continue
        hi = lo
        while hi + 1 < len(lines) and lines[hi + 1].strip():
            hi += 1
        sizes = [len(line.strip()) for line in lines[lo : hi + 1]]
        longest = max(sizes)
        if hi - lo >= 2 and longest >= FULL_LINE:
            full[lo : hi + 1] = [size >= FULL_SHARE * longest for size in sizes]
        lo = hi + 1
    return full


FULL_LINE = 50
"""The fewest characters of a paragraph's longest line for its lines to be told full."""
FULL_SHARE = 0.85
"""A line this share of its paragraph's longest as long or longer is full."""
DASH_LINE = re.compile(r"^[ \t]*[\u2013\u2014][ \t]+[a-z]")
SPACED_DASH = re.compile(r"^[ \t]*[-\u2013\u2014][ \t]+\S")
HYPHEN_BREAK = re.compile(r"(?<=\w)-\n[ \t]*(?=[a-z])")
WORD_BEFORE = re.compile(r"\w+$")
WORD_AFTER = re.compile(r"\w+")
COMPOUND = re.compile(r"\b[^\W\d_]+-[a-z]+\b")
"""A word made of two with a hyphen, set on one line ("self-harm")."""
COMPOUND_HEADS = frozenset(
    {
        "self",
        "co",
        "well",
        "non",
        "socio",
        "anti",
        "evidence",
        "community",
        "long",
        "cross",
        "whole",
    }
)
"""Words that open compounds (self-harm, co-production, well-being, long-term) and that a
typesetter's hyphenation does not leave at a line's end: a hyphen after one of them at a
line break is the compound's own."""
PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-\u2013(]?\s*"
    r"(?:\d{1,4}|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))"
    r"\s*[-\u2013)]?(?:\s+of\s+\d{1,4})?\s*$",
    re.I,
)
EDGE_NUMBER = re.compile(
    r"^[-\u2013(\s]*\d+(?:\s+of\s+\d+)?\b[\s\-\u2013)]*"
    r"|\b\d+(?:\s+of\s+\d+)?[\s\-\u2013)]*$"
    r"|\bpage\s+\d+(?:\s+of\s+\d+)?\b",
    re.I,
)
"""A page number at a line's end (also "- 3 -", "(3)", "3 of 12") or as "page 3"."""
EDGE_LINES = 5
"""How many lines at the top and at the bottom of a page a running header or footer may be
among (a footer of three lines with a running title above it is common)."""
RUNNING_CHARS = 200
"""The longest line read as a running header or footer (a copyright line with the
publisher's terms and their web address runs to 130 characters)."""
DIGIT = re.compile(r"\d")  # a decimal digit, as str.isdecimal() has it (category Nd)
SPACES = re.compile(r"[ \u00a0]{2,}")
TABLE_LINE = re.compile(r"^[ \t]*(?:\|.*\|[ \t]*|\S[^\t\n]*(?:\t+[^\t\n]*\S)+)$", re.M)
RULE_CELL = re.compile(r":?-{2,}:?")
NUMBERED_AFTER_STOP = re.compile(r"[.;!?][ \t]+\(?2[.)][ \t]+\S")
"""A list's second number after the end of its first item, on one line."""
FLAT_LIST_SIGN = re.compile(
    r"\S[ \t]+[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\uf0b7\uf0a7][ \t]|"
    r"\S[ \t]+[-\u2013\u2014][ \t]+\S.*[ \t][-\u2013\u2014][ \t]|:[ \t]+[-\u2013\u2014][ \t]|"
    r"(?:^|:)[ \t]*o[ \t]+\S.*[ \t]o[ \t]+\S|^[ \t]*[-\u2022][ \t].*[.;:!?][ \t]+o[ \t]+\S|"
    + NUMBERED_AFTER_STOP.pattern,
    re.M,
)
"""What a list run together on one line shows (see `_unflatten`): a test that most pages
fail at once."""
TABLE_ROW = "| "
"""A table row as the segmenter reads it: its cells on one line, `| cell | cell`."""


def _dash_carries_on(text: str) -> str:
    """A line that starts with a dash and goes on in lower case, after a line of prose that
    did not end a sentence, carries that sentence on ("Our priorities\n\u2013 the new plan"):
    it is not a bullet (a column or page break fell just before the dash). So does one
    that starts with a spaced dash after a line as full as its paragraph's longest
    ("... Rob Moran\n- Chief Executive"): a wrapped line, where a list's item would start
    a line of its own."""
    out: list[str] = []
    in_list = False
    lines = text.split("\n")
    full = _full_lines(lines)
    for k, line in enumerate(lines):
        previous = out[-1].rstrip() if out else ""
        if (
            previous
            and not in_list
            and (DASH_LINE.match(line) or (SPACED_DASH.match(line) and full[k - 1]))
            and not previous.endswith((".", "!", "?", ":", ";"))
        ):
            out[-1] = f"{previous} {line.strip()}"
            continue
        in_list = bool(BULLET.match(line)) or (in_list and bool(line.strip()))
        out.append(line)
    return "\n".join(out)


INLINE_BULLET = re.compile(
    r"[ \t]+[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\uf0b7\uf0a7][ \t]+"
)
TRAILING_BULLET = re.compile(
    r"[ \t]+([\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\uf0b7\uf0a7])"
    r"[ \t]*\n(?=[ \t]*\S)"
)
"""A bullet sign a line ends with, in a list run together and wrapped ("... and
environment. \u2022 / Supporting ..."): it opens the next line's item."""
INLINE_DASH = re.compile(r"[ \t]+[-\u2013\u2014][ \t]+(?=\S)")
LEAD_IN_DASH = re.compile(r":[ \t]+[-\u2013\u2014][ \t]+\S")
INLINE_O = re.compile(r"[ \t]+o[ \t]+(?=\S)")
O_AFTER_STOP = re.compile(r"(?<=[.;:!?])[ \t]+o[ \t]+(?=\S)")
"""The letter o as a list's bullet, run together with the other items ("o a o b"): a word
processor's second-level bullet once the list is flattened."""


ACRONYM = re.compile(r"^[A-Z0-9][A-Za-z0-9&+/.'-]{0,11}$")


def glossary_pairs(pieces: list[str]) -> list[str]:
    """Pieces of a list run together on dashes, each entry of a glossary put back whole: a
    run that goes acronym, meaning, acronym, meaning ("A&E - accident and emergency -
    CAMHS - Child and Adolescent ...") is a glossary's entries, not one item a piece."""
    if len(pieces) >= 4 and len(pieces) % 2 == 0:
        terms = [p.strip() for p in pieces[0::2]]
        if all(ACRONYM.match(t) and sum(c.isupper() for c in t) >= 2 for t in terms):
            return [f"{t} - {m.strip()}" for t, m in zip(terms, pieces[1::2], strict=True)]
    return pieces


O_LINE_END = re.compile(r"[.;:!?\u2019'\")][ \t]+o[ \t]*\n")
"""An item's end and the letter o that opens the next item, at a line's end."""
O_LEAD_IN = re.compile(r":[ \t]+o[ \t]")
"""A lead-in and the letter o that opens its first item ("By March we will: o publish")."""
BLOCK_GAP = re.compile(r"(\n[ \t]*\n)")
"""A blank line, kept when text is split at it."""


STAR_BETWEEN = re.compile(r"(?<=[^\s|]) \* (?=\S)")
"""An asterisk between two items of a run-together list (after words, not a table's
cell mark or a line's first sign, which marks an entry: "* (BC 6) Professor ...")."""
STAR_LINE_END = re.compile(r"(?<=[^\s|]) \*\n")


def _star_run(line: str) -> str:
    """A list run together with asterisks between its items ("a * b * c", "We aim to: a *
    b * c"): two spaced asterisks or more on a line make every piece an item, the first
    one too (after its lead-in's colon, if it has one)."""
    if len(STAR_BETWEEN.findall(line)) < 2:
        return line
    first, *rest = STAR_BETWEEN.split(line)
    first = first.removeprefix("* ")
    lead, colon, item = first.rpartition(": ")
    opening = f"{lead}{colon}\u2022 {item}" if colon else f"\u2022 {first.lstrip()}"
    return " \u2022 ".join([opening, *rest])


def _star_block(block: str) -> str:
    """A paragraph whose lines run a list together with asterisks, wrapped ("* a ... *
    / b ... * c"): its wrapped lines put back together, then read as `_star_run` does."""
    between = len(STAR_BETWEEN.findall(block)) + len(STAR_LINE_END.findall(block))
    if between + block.lstrip().startswith("* ") < 2 or not between:
        return block
    return "\n".join(_star_run(line) for line in _unwrapped(block).split("\n"))


def _unwrapped(block: str) -> str:
    """A list's wrapped lines put back on the line they go on from: a line that does not
    open with a bullet (the letter o, a dash or an asterisk) goes on the one before it."""
    lines: list[str] = []
    for line in block.split("\n"):
        if lines and line.strip() and line.lstrip()[:2] not in ("o ", "- ", "* "):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return "\n".join(lines)


def _o_run(block: str) -> str:
    """A list set with the letter o as its bullet, run together and wrapped in a narrow
    column ("o Up the ambition ... we serve. o / Move away ..."; its first o may already
    be a line-start bullet, or follow its lead-in's colon): each wrapped line put back on
    the line it goes on from, so that the items are found as on any run-together list."""
    opens = block.lstrip()[:2] in ("o ", "- ") or O_LEAD_IN.search(block)
    if not opens or not (O_LINE_END.search(block) or O_AFTER_STOP.search(block)):
        return block
    return _unwrapped(block)


def _unflatten(text: str) -> str:
    """A list run together on one line, as web pages and PDF exports often leave it, back
    on lines of its own: items set apart by bullet signs ("Our aims: \u2022 a \u2022 b"), or
    by spaced dashes on a line that opens with one or after a colon ("- a - b - c",
    "We will: - a - b"), or numbered in turn from 1 (see `_numbered_run`)."""
    if NUMBERED_AFTER_STOP.search(text):
        text = "".join(_numbered_block(part) for part in BLOCK_GAP.split(text))
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped[:2] in ("o ", "- ", "\u2022 ") or re.search(r":[ \t]+o[ \t]", line):
            rest = stripped[2:] if stripped[:2] in ("o ", "- ", "\u2022 ") else line
            o_bullets = stripped.startswith("o ") or bool(re.search(r":[ \t]+o[ \t]", line))
            if (o_bullets and INLINE_O.search(rest)) or O_AFTER_STOP.search(rest):
                line = re.sub(r"^[ \t]*o[ \t]+", "\u2022 ", line)
                line = (INLINE_O if o_bullets else O_AFTER_STOP).sub(" \u2022 ", line)
        if INLINE_BULLET.search(line):
            head, *items = INLINE_BULLET.split(line)
            if head.strip():
                out.append(head)
            out.extend(f"- {item}" for item in items)
            continue
        stripped = line.lstrip()
        opens = stripped[:2] in ("- ", "\u2013 ", "\u2014 ")
        lead_in = LEAD_IN_DASH.search(line)
        if opens or lead_in:
            body = stripped[2:] if opens else line
            pieces = glossary_pairs(INLINE_DASH.split(body)) if opens else INLINE_DASH.split(body)
            if len(pieces) >= (3 if opens else 2) and all(p.strip() for p in pieces):
                first, *items = pieces
                if opens:
                    out.append(f"- {first}")
                else:  # the lead-in kept its colon: "We will:" then the items
                    out.append(first)
                out.extend(f"- {item}" for item in items)
                continue
        out.append(line)
    return "\n".join(out)


def _numbered_block(block: str) -> str:
    """A paragraph that runs a numbered list together, wrapped or not: its items on lines
    of their own."""
    if not NUMBERED_AFTER_STOP.search(block):
        return block
    items = _numbered_run(" ".join(line.strip() for line in block.split("\n")))
    return "\n".join(items) if items else block


RUN_NUMBER = re.compile(r"(?:^[ \t]*|(?<=[.;:!?])[ \t]+)\(?(\d{1,2})[.)][ \t]+(?=\S)")


def _numbered_run(line: str) -> list[str]:
    """A numbered list run together on one line ("1. Ageing well. 2. Mental health. 3.
    Carers."), after its lead-in or at the start of the line: its items on lines of their
    own, numbered as written. The numbers must count up from 1, each after the end of the
    item before (a stop, colon or semicolon). Nothing for any other line."""
    marks = list(RUN_NUMBER.finditer(line))
    start = next((k for k, m in enumerate(marks) if m[1] == "1"), None)
    if start is None:
        return []
    run = [marks[start]]
    for m in marks[start + 1 :]:
        if int(m[1]) == int(run[-1][1]) + 1:
            run.append(m)
    first = run[0]
    head = line[: first.start()].rstrip()
    if len(run) < 2 or (head and not head.endswith(":")):
        return []
    ends = [m.start() for m in run[1:]] + [len(line)]
    items = [f"{m[1]}. {line[m.end() : end].strip()}" for m, end in zip(run, ends, strict=True)]
    return [head, *items] if head else items


MARKS = "\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7\u27a2\u2043\uf0b7\uf0a7*\u2013\u2014-"
TAB_MARK = re.compile(rf"^[ \t]*(?:[{MARKS}]|\(?[0-9]{{1,2}}[.)]|\(?[a-z][.)]|o)\t+(?=\S)", re.M)
O_BULLET = re.compile(r"^[ \t]*o[ \t]+(?=\S)", re.M)
"""A list set with the letter o as its bullet (a word processor's second level, or a
plain text copy of one): two such lines or more."""
RULE_LINE = re.compile(r"^[ \t]*(?:[=_~*#]{3,}|-{3,})[ \t]*$", re.M)
"""A line drawn under a heading or across the page with characters: nothing to read."""
ALIGNED = re.compile(r"(?<=\S) {3,}(?=\S)")


def _aligned_tables(text: str) -> str:
    """A table laid out with spaces (as a PDF's text copied with its layout gives it):
    two lines or more running together, each with columns three spaces or more apart and
    short cells, written as table rows."""
    lines = text.split("\n")
    out: list[str] = []
    run: list[list[str]] = []

    def flush() -> None:
        if len(run) >= 2:
            out.extend(TABLE_ROW + " | ".join(cells) for cells in run)
        else:
            out.extend("   ".join(cells) for cells in run)
        run.clear()

    for line in lines:
        cells = [c.strip() for c in ALIGNED.split(line.strip())] if ALIGNED.search(line) else []
        if len(cells) >= 2 and all(len(c.split()) <= 12 for c in cells):
            run.append(cells)
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out)


def _table_row(match: re.Match[str]) -> str:
    """A Markdown (`| a | b |`) or tab-separated table line as `| a | b`; rule lines go."""
    line = match.group(0).strip()
    cells = [
        c.strip() for c in (line.strip("|").split("|") if line[:1] == "|" else line.split("\t"))
    ]
    cells = [c for c in cells if c]
    if not cells or all(RULE_CELL.fullmatch(c) for c in cells):
        return ""
    return TABLE_ROW + " | ".join(cells)


SUPERSCRIPT_MARK = re.compile(
    r"(?:(?<=[^\W\d_]{3})|(?<=[^\W\d_][.,;:)\"']))"
    r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+(?:[,\u2013-][\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+)*"
)
NOTE_MARK = re.compile(
    r"([a-z]{3})\d{1,3}(?:,\d{1,3})*(?=[\s.,;:)\]]|$)"
    r"|([a-z][.,;:)])\d{1,3}(?:,\d{1,3})*(?=[ \t]+[A-Z(\"']|[ \t]*$)",
    re.M,
)
"""A footnote or citation marker set as a figure against a word ("admissions12,13",
"services.4 The"): printed raised, read flat. Codes in capitals (Core20PLUS5, CO2) and
numbers with a space before them are left alone. What comes before the marker is matched
(and kept, see `_before_mark`) rather than looked behind at, which is slow."""
SUPERSCRIPT = re.compile(r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]")


def _before_mark(match: re.Match[str]) -> str:
    """What `NOTE_MARK` matched before the marker: the marker itself goes."""
    return match[1] or match[2]


def _unbroken(match: re.Match[str], compounds: frozenset[str]) -> str:
    """A word a line break cut at a hyphen, put back together: with its hyphen when it is
    one of the document's compounds, else without (a typesetter's hyphenation: "preven- /
    tion")."""
    before = WORD_BEFORE.search(match.string, max(0, match.start() - 40), match.start())
    after = WORD_AFTER.match(match.string, match.end())
    whole = f"{before[0] if before else ''}-{after[0] if after else ''}".lower()
    return "-" if whole in compounds else ""


BROKEN_WORD = re.compile(r"(\w+)-\n[ \t]*([a-z]\w*)")


def compounds_of(texts: list[str]) -> frozenset[str]:
    """The compounds a line break may cut at their hyphen in these texts (one document's
    pages), lower case: those it writes whole on one line ("self-harm"), and those cut
    whose first part opens compounds ("co- / production") unless the document writes the
    word without its hyphen elsewhere ("wellbeing", cut by a typesetter as "well- / being")."""
    broken = [t for t in texts if "-\n" in t]
    if not broken:
        return frozenset()
    whole = {w.lower() for t in texts for w in COMPOUND.findall(t)}
    cut = {(h.lower(), t.lower()) for text in broken for h, t in BROKEN_WORD.findall(text)}
    heads = [(h, t) for h, t in cut if h in COMPOUND_HEADS and f"{h}-{t}" not in whole]
    if heads:
        lower = "\n".join(texts).lower()
        whole |= {f"{h}-{t}" for h, t in heads if not re.search(rf"\b{h}{t}\b", lower)}
    return frozenset(whole)


def normalise_text(text: str, compounds: frozenset[str] | None = None) -> str:
    """Normalise one page's characters and line structure (not headers: see normalise_pages).
    `compounds` are the document's compounds (see `compounds_of`), which keep their hyphen
    where a line break cuts them; the page's own when not given."""
    if SUPERSCRIPT.search(text):  # a plain class first: the marks' look-behinds are slow
        text = SUPERSCRIPT_MARK.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = NOTE_MARK.sub(_before_mark, text)
    if "\t" in text:
        text = TAB_MARK.sub("- ", text)  # a typed bullet and a tab start an item, not a cell
    if "   " in text:
        text = _aligned_tables(text)
    if "|" in text or "\t" in text:
        text = TABLE_LINE.sub(_table_row, text)
    if RULE_LINE.search(text):
        text = RULE_LINE.sub("", _underlined(text))
    if len(O_BULLET.findall(text)) >= 2:
        text = O_BULLET.sub("- ", text)
    if _TO_TRANSLATE.search(text):  # translate() is slow, and most pages need nothing
        text = text.translate(_TRANSLATE)
    # An expression that starts with a class is tried at every character: a page without
    # the text it needs skips it.
    if "-\n" in text:
        known = compounds_of([text]) if compounds is None else compounds
        text = HYPHEN_BREAK.sub(lambda m: _unbroken(m, known), text)
    if "\u2013" in text or "\u2014" in text or "\n- " in text:
        text = _dash_carries_on(text)
    if "\n" in text and TRAILING_BULLET.search(text):
        text = TRAILING_BULLET.sub(r"\n\1 ", text)
    if " *" in text:
        text = "".join(_star_block(part) for part in BLOCK_GAP.split(text))
    if O_LINE_END.search(text) or O_AFTER_STOP.search(text):
        text = "".join(_o_run(part) for part in BLOCK_GAP.split(text))
    if FLAT_LIST_SIGN.search(text):
        text = _unflatten(text)
    text = _bullets(text)
    if "  " in text or "\u00a0" in text:
        text = SPACES.sub(" ", text)
    if HEADING_MARK in text:
        text = text.replace(HEADING_MARK, "")
    return "\n".join(line.strip() for line in text.split("\n"))


def _edge_key(line: str) -> str:
    """A header/footer line with its page number made generic: at either end, or anywhere
    as "page 3" or "page 3 of 12". Its case is kept: a running head repeats as printed, and
    the cover's title in capitals ("ANNUAL PLAN") is not the running head "Annual plan"."""
    key = line.strip()
    if not DIGIT.search(key):
        return key
    generic = EDGE_NUMBER.sub("#", key)
    if generic[:1] == "#" or generic[-1:] == "#":  # odd and even pages mirror the number
        return "#" + generic.strip("# ")
    return generic


def _own_number(line: str, page: Page) -> bool:
    """Whether a line starts or ends with its page's own number or printed label."""
    words = line.split()
    ends = {words[0], words[-1]} if words else set()
    return str(page.number) in ends or (page.label is not None and page.label in ends)


def _numbered_line(page: Page) -> re.Pattern[str] | None:
    """In a document too short to show what repeats, a footer or header is a line of a few
    words (three or more), without a full stop, that starts or ends with the page's own
    number or label."""
    numbers = {str(page.number), *([page.label] if page.label else [])}
    number = "(?:" + "|".join(re.escape(n) for n in sorted(numbers)) + ")"
    words = r"[^.!?;:]{2,100}?"
    return re.compile(
        rf"^(?:{words}\s[|\u2013-]?\s*{number}|{number}\s*[|\u2013-]?\s{words})$", re.I
    )


def normalise_pages(pages: list[Page]) -> list[Page]:
    """Normalise every page and drop running headers/footers and bare page numbers."""
    compounds = compounds_of([page.text for page in pages])
    texts = [normalise_text(p.text, compounds) for p in pages]
    repeated = _running_lines(pages, texts)
    anywhere = len(pages) >= 3
    out: list[Page] = []
    for page, text in zip(pages, texts, strict=True):
        lines = text.split("\n")
        content = [i for i, line in enumerate(lines) if line.strip()]
        edges = set(content[:EDGE_LINES] + content[-EDGE_LINES:])
        numbered = _numbered_line(page) if len(pages) < 3 else None
        kept = [
            line
            for i, line in enumerate(lines)
            # a running line of several words in a longer document is dropped wherever a
            # reader put it (text-flow order can place a footer after the first paragraph)
            if not (
                (anywhere and len(line.split()) >= 3 and _edge_key(line) in repeated)
                or (
                    i in edges
                    and (
                        PAGE_NUMBER.match(line)
                        or _edge_key(line) in repeated
                        or (numbered and len(line.split()) >= 3 and numbered.match(line))
                    )
                )
            )
        ]
        out.append(Page(number=page.number, text="\n".join(kept).strip(), label=page.label))
    return out


def _running_lines(pages: list[Page], texts: list[str]) -> set[str]:
    """Lines found at the top or bottom of at least half the pages (and at least 3; in a
    document of two or three pages, two: a cover page has no running head); and, in a
    longer document, lines at the top or bottom of 3 pages or more that carry each page's
    own number (a chapter's running head)."""
    if len(texts) < 2:
        return set()
    counts: Counter[str] = Counter()
    numbered: Counter[str] = Counter()
    for page, text in zip(pages, texts, strict=True):
        lines = [line for line in text.split("\n") if line.strip()]
        edges = {
            _edge_key(line): line
            for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]
            if not line.startswith("| ")  # a table's header row, repeated on each page
        }
        counts.update(edges.keys())
        numbered.update(k for k, line in edges.items() if k[:1] == "#" and _own_number(line, page))
    threshold = 2 if len(texts) <= 3 else max(3, len(texts) // 2)  # a cover page has none
    common = {key for key, n in counts.items() if n >= threshold and len(key) <= RUNNING_CHARS}
    if len(texts) < 3:
        return common
    return common | {key for key, n in numbered.items() if n >= 3 and len(key) <= RUNNING_CHARS}
