"""Split normalised pages into paragraphs and sentences that keep their place.

Each sentence knows its page, its paragraph, its region (`section`) and its structure:

- the region is `body`, `table` (a table row, each cell a sentence of its own, so that
  no cell lends its words to another), or one of the places where terms appear without
  being the plan's
  own statement: `heading`, `contents`, `glossary`, `references` (reference lists, works
  cited, endnotes and source lines), `footnote` (notes at a page's foot) and `members`
  (author, member and attendance lists of names and job titles);
- its heading path: the headings that govern it, outermost first (see `structure.py`);
- for a list item, its lead-in: the sentence that introduced the list ("We will:").

Everything is read from the words and lines alone, the same way for every container.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..extract import Page
from .normalise import capitals, glossary_pairs
from .structure import heading_paths

BODY = "body"
HEADING = "heading"
CONTENTS = "contents"
GLOSSARY = "glossary"
REFERENCES = "references"
FOOTNOTE = "footnote"
MEMBERS = "members"
TABLE = "table"
REGIONS = (BODY, HEADING, CONTENTS, GLOSSARY, REFERENCES, FOOTNOTE, MEMBERS, TABLE)
NOT_EVIDENCE = frozenset({HEADING, CONTENTS, GLOSSARY, REFERENCES, FOOTNOTE, MEMBERS})

SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\-])")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|no|nos|dr|mr|mrs|ms|st|cllr|prof|fig|ref|para|"
    r"[A-Z]))\.$",
    re.I,
)
CONTENTS_TITLE = re.compile(r"^(?:\d{1,2}\.?\s+)?(?:table of )?contents$", re.I)
ENTRY_NUMBER = re.compile(r"(?:\s*(?:\.\s?){2,})?\s+(\d{1,3})(?=\s|$)")
LEADER_RUN = re.compile(r"\s*(?:\.\s?){3,}")
"""Leader dots, three or more, and the space before them."""
NUMBER_ONLY = re.compile(r"^(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s*)+$")
"""A heading's or item's number ("3.", "2.1", or a number a renderer set before the
heading's own: "1. 2."), which no sentence ends after."""
ENUMERATOR = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z][.)]?|[ivx]{1,4}[.)])\s+")
PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,3}\s*$")
"""A line that is only a page number."""
LEADER_LINE = re.compile(r"(?:\.\s?){3,}\s*\d{1,3}$|\s\d{1,3}$")
NAMES = "names"
"""A list of the people and organisations who gave evidence or were consulted, or of
members' declared interests (a kind of member list that ends only where running text
comes, as its entries need not name posts)."""
TITLE_NUMBER = (
    r"^(?:(?:appendix|annexe?)\s+(?:\d{1,2}|[A-Z])\s*[:.\u2013\u2014-]?\s*|\d{1,2}\.?\s+)?"
)
"""How a special section's title may be numbered: "4. References", "Appendix 2: Glossary"."""
SPECIAL_TITLES = [
    (
        GLOSSARY,
        re.compile(
            TITLE_NUMBER + r"(?:glossary(?: of terms)?|"
            r"(?:list of )?abbreviations(?: and acronyms)?|acronyms|key terms|definitions)$",
            re.I,
        ),
    ),
    (
        REFERENCES,
        re.compile(
            TITLE_NUMBER + r"(?:references|reference list|bibliography|sources|"
            r"endnotes|notes|notes and references|further reading|works cited|citations|"
            r"sources and references)$",
            re.I,
        ),
    ),
    (CONTENTS, CONTENTS_TITLE),
    (
        MEMBERS,
        re.compile(
            TITLE_NUMBER + r"(?:acknowledg(?:e)?ments|authors?|contributors|"
            r"(?:board |committee |group |partnership )?members(?:hip)?(?: of the \w+)?|"
            r"(?:the )?steering group|(?:the )?working group|attendees|present|"
            r"in attendance|apologies|signatories|about the authors?|"
            r"who (?:wrote|produced) this (?:strategy|plan|report))$",
            re.I,
        ),
    ),
    (
        NAMES,
        re.compile(
            TITLE_NUMBER + r"(?:(?:list of )?witnesses|(?:written|oral) evidence(?: received)?"
            r"(?: in (?:order of receipt|chronological order|alphabetical order))?|"
            r"list of (?:written |oral )?evidence|(?:list of )?(?:consultees|respondents|"
            r"organisations consulted)|organisations (?:that|who) (?:responded|contributed|"
            r"gave evidence)|those consulted|(?:members,? and )?(?:declarations? of interests?|"
            r"declared interests|registers? of interests)|members'? interests)$",
            re.I,
        ),
    ),
]
REFERENCE_LIKE = re.compile(r"\b(?:19|20)\d{2}\b|https?://|www\.")
WORD = re.compile(r"\w+")
CLAUSE = re.compile(
    r"^(?!(?:what|how|why|where|when|who|which)\b)"
    r"(?:.*\b(?:will|shall|must)\s+\w+|(?:we|they|partners|everyone)\s+\w+)",
    re.I,
)
"""A line that reads as a clause: opens with a subject and a verb, or has a modal verb
(not a question such as "What we will do", which is a heading)."""
FIGURE = re.compile(r"\d[\d,]*\.\d|\d{1,3}(?:,\d{3})+|\d\s?%|[£$€]\s?\d|\d{3,}")
NUMBER = re.compile(r"(?<![\w-])\d+(?![\w-])")


def _has_figures(unit: str) -> bool:
    """Whether a line carries figures as a table row does: a decimal, thousands, a share,
    money or a long number, or two numbers; not one number in a name ("Type 2 diabetes",
    "Covid-19", "the 12 recommendations")."""
    return bool(FIGURE.search(unit)) or len(NUMBER.findall(unit)) >= 2


NUMBERED_PART = re.compile(
    r"^(?:chapter|section|part|appendix|annex|module|recommendation|priority|objective|"
    r"ambition|theme|goal|step|pillar|workstream)\s+(?:\d{1,2}|[ivx]{1,4}|[a-z])\b[.:)]?\s*",
    re.I,
)
"""A numbered part's own label ("Chapter 1:", "Priority 3 -"): its number is no figure."""
GLOSSARY_ENTRY = re.compile(r"^\S.{0,40}?\s[-\u2013\u2014:=]\s+\S")


class Sentence(NamedTuple):
    """A sentence's place: offsets into `Text.text`, page, paragraph and section kind (a
    named tuple: made quickly, for every sentence read and every one read back)."""

    start: int
    end: int
    page: int
    page_label: str | None
    paragraph: int
    section: str
    path: int = -1
    """The headings governing the sentence: an index into `Text.paths` (-1: none)."""
    lead: int = -1
    """For a list item, the index of its list's lead-in sentence (-1: none)."""


@dataclass
class Text:
    """A document's normalised text: sentences joined by newlines, with their places."""

    text: str
    sentences: list[Sentence]
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    paths: list[tuple[int, ...]] = field(default_factory=list)
    """Each distinct heading path: heading sentence indices, outermost first."""
    page_sizes: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Each page's characters and letters as read (running heads and page numbers dropped;
    letters counted in its first `LETTERS_COUNTED` characters), by page number: what a
    page holds, wherever its sentences start (a sentence is kept on the page it starts
    on)."""
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing `offset`."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    def heading_path(self, index: int) -> tuple[int, ...]:
        """The heading sentences governing sentence `index`, outermost first."""
        path = self.sentences[index].path
        return self.paths[path] if path >= 0 else ()

    @property
    def page_count(self) -> int:
        return len({s.page for s in self.sentences})


@dataclass
class _Paragraph:
    page: Page
    units: list[str]
    region: str | None = None
    """A region read from the block itself (contents, footnote, references, members), or
    None: body, a heading or a titled region, decided when the document is put together."""
    listed: bool = False
    """Bullet items: never a heading, and a list stays one paragraph with its lead-in."""
    row: bool = False
    """A table row: a paragraph of its own, as PDF readers see one (and, as there, a short
    row without figures reads as a heading: a table's header row)."""
    unit_pages: list[Page] = field(default_factory=list)
    """The page each unit starts on (a paragraph joined across a page break spans two)."""
    items: list[bool] = field(default_factory=list)
    """Which units are list items (the others are its lead-in or running text)."""
    lines: list[str] = field(default_factory=list)
    """The paragraph's lines as read, for reading them again as a list (see `_bare_items`)."""

    def __post_init__(self) -> None:
        if not self.unit_pages:
            self.unit_pages = [self.page] * len(self.units)
        if not self.items:
            self.items = [False] * len(self.units)

    @property
    def contents(self) -> bool:
        return self.region == CONTENTS


TABLE_ROW = "| "
"""How readers mark a table row: the row's cells, `| `-prefixed, on one line."""
ENDS_SENTENCE = (".", "!", "?", ";", ":")


ITEM_END = re.compile(r"(?:;|; and|; or|:)$")
"""How the line before an item of a list set out without bullets ends: the lead-in's colon,
or the semicolon that ends the item before."""
CONTINUED = re.compile(r"(?:[;,]|[;,] (?:and|or))\s*$")
"""How a list item ends when the next goes on with the same sentence."""


def _units(lines: list[str], bare: bool = False) -> tuple[list[str], list[bool]]:
    """Join wrapped lines; a bullet line starts a new unit (a list item). After a lead-in
    ("...:") in the lines, or with `bare` (the lines follow one), a line after one that
    ends an item without a bullet ("...;") starts an item too: a list set out without
    bullets. (Elsewhere a line may end with a semicolon mid-sentence, and so may a line
    of an item with a bullet, which its next line goes on.)"""
    units: list[str] = []
    items: list[bool] = []
    listing = bare
    semicolons = bare or any(line.rstrip().endswith((";", "; and", "; or")) for line in lines)
    marked = False  # the unit being read opened with a bullet
    for line in lines:
        bullet = line.startswith("- ")
        ends = bool(units) and listing and not marked and ITEM_END.search(units[-1]) is not None
        if bullet or not units or ends:
            units.append(line[2:] if bullet else line)
            items.append(bullet or ends or (bare and len(units) == 1))
            marked = bullet
        else:
            units[-1] += " " + line
        listing = listing or (semicolons and units[-1].rstrip().endswith(":"))
    kept = [
        piece
        for unit, item in zip(units, items, strict=True)
        if unit.strip()
        for piece in _run_on(unit.strip(), item)
    ]
    return [u for u, _ in kept], [item for _, item in kept]


RUN_ON_DASH = re.compile(r"\s[-\u2013\u2014]\s(?=\S)")
LEAD_IN_DASH = re.compile(r":\s[-\u2013\u2014]\s(?=\S)")


def _run_on(unit: str, item: bool) -> list[tuple[str, bool]]:
    """A list run together in one paragraph, its items set apart by spaced dashes, as
    items again: an item holding two dashes or more ("a - b - c"), or a lead-in ending in
    a colon with a dash after it ("We will: - a - b"). One spaced dash is a dash."""
    colon = LEAD_IN_DASH.search(unit) if not item else None
    if colon:
        head, rest = unit[: colon.start() + 1], unit[colon.end() :]
        pieces = RUN_ON_DASH.split(rest)
        return [(head, False), *((p.strip(), True) for p in pieces if p.strip())]
    if item and len(RUN_ON_DASH.findall(unit)) >= 2:
        pieces = glossary_pairs(RUN_ON_DASH.split(unit))
        return [(p.strip(), True) for p in pieces if p.strip()]
    return [(unit, item)]


def _cells(row: str) -> list[str]:
    """A table row's cells."""
    return [c.strip() for c in row[len(TABLE_ROW) :].split(" | ") if c.strip()]


def _paragraphs(page: Page) -> list[_Paragraph]:
    lines = _leaders_joined(page.text.split("\n"))
    filled = [line for line in lines if line.strip()]
    head = filled[:5]
    leaders = sum(1 for line in filled if line[-1:].isdecimal() and LEADER_LINE.search(line))
    prose = sum(1 for line in filled if line.rstrip().endswith((".", "!", "?")))
    # a designed contents page may give its column of page numbers apart from the titles
    # (numbers first, the "Contents" title drawn last): bare numbers that never go down
    numbers = [int(line) for line in filled if PAGE_NUMBER_LINE.match(line)]
    number_column = (
        len(numbers) >= 2
        and numbers == sorted(numbers)
        and any(CONTENTS_TITLE.match(line.strip()) for line in filled)
    )
    # a whole page is contents only if hardly any line ends a sentence: a one-page web
    # page or text file with its contents list at the top is not all contents
    contents_page = prose * 10 < len(filled) and (
        any(CONTENTS_TITLE.match(line) for line in head)
        or (len(filled) >= 4 and leaders >= 0.5 * len(filled))
        or number_column
    )
    entries = _contents_lines(lines)
    first_entry = next(
        (
            i
            for i, line in enumerate(lines)
            if i in entries
            or CONTENTS_TITLE.match(line.strip())
            or (line[-1:].isdecimal() and LEADER_LINE.search(line))
            or (number_column and PAGE_NUMBER_LINE.match(line))
        ),
        0,
    )
    blocks: list[tuple[list[str], bool]] = []
    block: list[str] = []
    in_entries = True
    for index, line in enumerate([*lines, ""]):
        if line.strip():
            block.append(line.strip())
            in_entries = in_entries and index in entries
            continue
        if block:
            leader_block = all(map(_led_to_page, block))
            # on a contents page, what comes before its first entry (a title) is not one
            page_entry = contents_page and index > first_entry and not _reads_as_prose(block)
            blocks.append((block, page_entry or leader_block or in_entries))
            block = []
        in_entries = True
    notes = _footnote_blocks([b for b, _ in blocks])
    out: list[_Paragraph] = []
    for index, (block, contents) in enumerate(blocks):
        if contents:
            out.append(_Paragraph(page, [line.removeprefix("- ") for line in block], CONTENTS))
        elif index in notes or all(BACK_LINK.search(line) for line in block):
            out.append(_Paragraph(page, [line.removeprefix("- ") for line in block], FOOTNOTE))
        elif _is_reference_block(block):
            out.append(_Paragraph(page, [line.removeprefix("- ") for line in block], REFERENCES))
        elif _is_member_lines(block):
            out.append(_Paragraph(page, [line.removeprefix("- ") for line in block], MEMBERS))
        else:
            out.extend(_rows_apart(page, block))
    return [_boxed(out, i) for i in range(len(out))] if any(p.row for p in out) else out


def _boxed(paragraphs: list[_Paragraph], index: int) -> _Paragraph:
    """A table of one cell, with no row beside it, is a box round a paragraph (a call-out
    a word processor draws as a table), read as the paragraph."""
    para = paragraphs[index]
    alone = not any(0 <= k < len(paragraphs) and paragraphs[k].row for k in (index - 1, index + 1))
    if para.row and len(para.units) == 1 and alone:
        return _Paragraph(para.page, list(para.units), lines=list(para.units))
    return para


def _reads_as_prose(block: list[str]) -> bool:
    """A block of running text on a contents page (a vision statement above the list, a
    web page's summary): twenty words or more that end a sentence or read as a clause; or,
    where no line ends with a page number, as a statement or on one line (no entry's title
    is that long, but entries run together on one line are)."""
    text = " ".join(block)
    return len(WORD.findall(text)) >= 20 and (
        text.rstrip().endswith((".", "!", "?"))
        or bool(CLAUSE.search(text))
        or (
            not any(line[-1:].isdecimal() for line in block)
            and (
                bool(STATEMENT.search(text)) or any(len(WORD.findall(line)) >= 20 for line in block)
            )
        )
    )


LEADERS_ONLY = re.compile(r"^(?:\.\s?){3,}\s*\d{1,3}$|^(?:\.\s?){3,}$")


def _leaders_joined(lines: list[str]) -> list[str]:
    """A contents entry wrapped in a narrow column, its leader dots and page number on a
    line of their own ("Suicide prevention\n. . . . . . 12"), put back on one line."""
    if not any(LEADERS_ONLY.match(line.strip()) for line in lines):
        return lines
    out: list[str] = []
    for line in lines:
        if LEADERS_ONLY.match(line.strip()) and out and out[-1].strip():
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
            title = out[-1].strip()
            if (
                title[:1].islower()
                and len(out) > 1
                and out[-2].strip()
                and not out[-2].rstrip()[-1:].isdecimal()
            ):  # the entry's title wrapped too
                last = out.pop()
                out[-1] = f"{out[-1].rstrip()} {last.strip()}"
        else:
            out.append(line)
    return out


FOOTNOTE_LINE = re.compile(r"^(?:\d{1,3}|\[\d{1,3}\]|[*\u2020\u2021])\s?[A-Za-z\"'(\[]")
BACK_LINK = re.compile(r"[\u21a9\u2191]\ufe0e?\s*\d{0,3}$")
"""A web page's note ends with a link back to where it is cited: "... 2023. \u21a9"."""
SOURCE_LINE = re.compile(r"^(?:source|sources|note|notes|data source)s?\s?:", re.I)
CITATION_CUE = re.compile(
    r"https?://|www\.|\bdoi\b|\bet al\b|\bibid\b|\bop\.? cit\b|\bavailable (?:at|from|online)\b|"
    r"\baccessed\b|\bretrieved\b|\b(?:19|20)\d\d[a-z]?\)|\((?:19|20)\d\d[a-z]?\b|"
    r"\b(?:vol|pp|no)\.\s?\d|\bjournal\b|\bpress\b|\bpublished\b|\breport\b|\bsee\b|"
    r"\bguidance\b|\bstrategy\b|\bsurvey\b|\bstatistics\b|\bgov\.uk\b|\.pdf\b",
    re.I,
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
AUTHOR = re.compile(r"\b[A-Z][a-z]+,\s(?:[A-Z]\.\s?){1,3}|\bet al\b")


def _footnote_blocks(blocks: list[list[str]]) -> set[int]:
    """The blocks at a page's foot that are its notes: each line opens with a note's
    marker (a number, [n], an asterisk or dagger) or is a source line, and the notes
    cite (a link, a year in brackets, "see", a report...). Found from the foot up."""
    found: set[int] = set()
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        starts = [line for line in block if FOOTNOTE_LINE.match(line) or SOURCE_LINE.match(line)]
        if not starts or not (FOOTNOTE_LINE.match(block[0]) or SOURCE_LINE.match(block[0])):
            break
        if not any(CITATION_CUE.search(line) for line in block) and not SOURCE_LINE.match(block[0]):
            break
        if any(line.rstrip().endswith(":") for line in block):
            break  # a numbered lead-in, not a note
        found.add(index)
    return found


def _is_reference_block(block: list[str]) -> bool:
    """A block of citations with no title over it: a source line, or two or more lines
    most of which give a year and which cite (authors with initials, links, "et al",
    "available at"...)."""
    if len(block) == 1:
        return bool(SOURCE_LINE.match(block[0])) and bool(CITATION_CUE.search(block[0]))
    dated = sum(1 for line in block if YEAR.search(line) or "http" in line or "www." in line)
    if dated * 2 < len(block):
        return False  # most blocks: the citation cues are slow to look for
    cites = sum(1 for line in block if CITATION_CUE.search(line) or AUTHOR.search(line))
    clauses = sum(1 for line in block if CLAUSE.search(line))
    return (
        cites * 2 >= len(block)
        and clauses * 4 < len(block)
        and (any(AUTHOR.search(line) or "http" in line or "www." in line for line in block))
    )


def _entry_pages(line: str) -> list[tuple[str, int]] | None:
    """The titles and page numbers of a contents line: one entry or several run together
    ("1. Introduction ..... 3", "A Our vision 4", "INTRODUCTION 3 OUR VISION 5"), each a
    short title without a full stop that starts with a capital or a figure; else None."""
    entry = line.removeprefix("- ").strip()
    if not entry[-1:].isdecimal():  # an entry ends with its page number (and most lines do not)
        return None
    # leader dots shortened first: the split could otherwise try every dot of a long run
    parts = ENTRY_NUMBER.split(LEADER_RUN.sub(" .. ", entry))
    if len(parts) < 3 or parts[-1].strip():
        return None
    for title in parts[0:-1:2]:
        title = title.strip()
        words = ENUMERATOR.sub("", title)
        if (
            not (title[:1].isupper() or title[:1].isdigit())
            or not words
            or len(WORD.findall(words)) > 12
            or re.search(r"[.!?;:]\s", words + " ")
        ):
            return None
    return [(t.strip().lower(), int(n)) for t, n in zip(parts[0:-1:2], parts[1::2], strict=True)]


def _contents_lines(lines: list[str]) -> set[int]:
    """Lines of a contents list in any of the forms `_entry_pages` reads: a run of entry
    lines (blank lines between them allowed) whose page numbers never go down, with three
    entries or more, or right after a "Contents" title. Numbered names of one kind
    ("Objective 1", "Objective 2") are headings, not entries."""
    found: set[int] = set()
    run: list[int] = []
    numbers: list[int] = []
    titles: set[str] = set()
    titled = False
    for index, line in [*enumerate(lines), (len(lines), "end")]:
        if not line.strip():
            continue
        pages = _entry_pages(line)
        if pages is not None:
            run.append(index)
            numbers += [n for _, n in pages]
            titles.update(t for t, _ in pages)
            continue
        distinct = len(titles) > 1 or len(numbers) == 1
        if run and distinct and numbers == sorted(numbers) and (len(numbers) >= 3 or titled):
            found.update(run)
        run, numbers, titles = [], [], set()
        titled = bool(CONTENTS_TITLE.match(line.strip()))
    return found


def _rows_apart(page: Page, block: list[str]) -> Iterator[_Paragraph]:
    """A block's table rows each a paragraph, the lines between them another."""
    rest: list[str] = []
    for line in [*block, TABLE_ROW]:
        if not line.startswith(TABLE_ROW):
            rest.append(line)
            continue
        if rest:
            units, items = _units(rest)
            yield _Paragraph(page, units, None, any(items), items=items, lines=list(rest))
            rest = []
        if cells := _cells(line):
            yield _Paragraph(page, cells, TABLE, row=True)


def _continues(before: _Paragraph, after: _Paragraph, column: bool = False) -> str:
    """How `after` carries on `before`, if it does: "list" for a list after its lead-in or
    after more of the same list; "sentence" for a sentence a page break cut in two (the
    next page goes on in lower case; a line-start dash there is a dash, not a bullet), or
    that a column's notes (`column`) stand in the middle of, whatever its next word."""
    if before.region or after.region or not before.units or not after.units:
        return ""
    if before.row or after.row:
        return ""
    last, first = before.units[-1].rstrip(), after.units[0]
    follows = last.endswith(":") or (before.listed and last.endswith((";", "; and", "; or")))
    if follows and not after.listed and _bare_items(after):
        return "bare list"  # after its lead-in, or after the item before it
    new_page = after.page.number != before.unit_pages[-1].number
    carried = (
        (new_page or column)
        and not last.endswith(ENDS_SENTENCE)
        and (first[:1].islower() or _runs_on(before, after))
        and not capitals(last)  # a title set in capitals goes on into nothing
    )
    if carried and not (before.listed and after.items[0]):  # a list's next item goes on
        return "sentence"
    return "list" if after.listed and (before.listed or last.endswith(":")) else ""


CARRIED_WORDS = 8
"""A sentence cut by a page or column break, its next page going on with a capital (a
name: "... Homerton University / Hospital Foundation Trust, ..."), has this many words
before the break at least."""


def _runs_on(before: _Paragraph, after: _Paragraph) -> bool:
    """Whether running text cut by a break goes on after it though the next word has a
    capital: neither side is a heading, and the text before the break is a sentence's
    worth of words."""
    return (
        len(WORD.findall(before.units[-1])) >= CARRIED_WORDS
        and after.units[0][:1].isalpha()  # a word goes on; a figure opens something new
        and not _is_heading(before)
        and not _is_heading(after)
    )


def _bare_items(p: _Paragraph) -> bool:
    """Whether a paragraph after a lead-in reads as its list set out without bullets: read
    as items, each but the last ends with a semicolon (and there is more than one), or
    the only one does. If so, its units become those items."""
    if not p.lines:
        return False
    units, _ = _units(p.lines, bare=True)
    ends = [bool(ITEM_END.search(u.rstrip())) for u in units]
    if not ((len(ends) > 1 and all(ends[:-1])) or ends == [True]):
        return False
    p.units, p.items = units, [True] * len(units)
    p.unit_pages = [p.page] * len(units)
    return True


PAGE_FOOT = frozenset({FOOTNOTE, REFERENCES})
SPLIT = frozenset({None, TABLE})
"""Regions whose units are split into sentences (the others keep a line as a unit)."""
"""Regions a page ends with, which a paragraph cut by the page break goes on past."""


def _without_running_heads(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Paragraphs without the running heads that name the current section at the top of a
    page ("SEVERE MENTAL ILLNESS" over every page of that section): a page's first
    paragraph, one short unpunctuated line, that repeats the heading before it, or that
    stands between the two halves of a sentence a page break cut in two."""
    out: list[_Paragraph] = []
    last_heading = ""
    before: _Paragraph | None = None  # the last paragraph kept that is not a page's notes
    for index, para in enumerate(paragraphs):
        line = para.units[0] if len(para.units) == 1 else ""
        key = " ".join(WORD.findall(line.casefold()))
        after = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        heading = _is_heading(para)
        opens_page = (
            before is not None
            and para.page.number != before.unit_pages[-1].number
            and not para.region
            and not para.listed
            and key
        )
        if opens_page and before is not None:
            repeats = key == last_heading
            cut = (
                not before.units[-1].rstrip().endswith(ENDS_SENTENCE)
                and not before.region
                and after is not None
                and after.page.number == para.page.number
                and not after.region
                and after.units[0][:1].islower()
            )
            if (repeats or cut) and heading:
                continue
        if heading:
            last_heading = key
        out.append(para)
        if para.region not in PAGE_FOOT:
            before = para
    return out


def _bare_lines(paragraphs: list[_Paragraph]) -> None:
    """Two or more short one-line paragraphs, one after another straight after a lead-in
    that ends with a colon, are its list set out without bullets, a paragraph an item
    ("... these objectives: / Promote use of parks / Promote volunteering / ..."), as web
    pages set a list in paragraphs. One such line alone (a label over a list) stays what
    it reads as, a title."""
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        index += 1
        if para.region or para.row or not para.units or not para.units[-1].rstrip().endswith(":"):
            continue
        end = index
        while end < len(paragraphs) and _bare_line(paragraphs[end]):
            end += 1
        if end - index >= 2:
            for line in paragraphs[index:end]:
                line.listed, line.items = True, [True]
        index = max(index, end)


BARE_ITEM_WORDS = 25
"""The most words an item of a list set out without bullets has."""


def _bare_line(p: _Paragraph) -> bool:
    """A paragraph that may be an item of a list set out without bullets: one short line
    of one sentence that leads into nothing, no special title."""
    if len(p.units) != 1 or p.listed or p.region or p.row:
        return False
    unit = p.units[0].strip()
    return (
        len(WORD.findall(unit)) <= BARE_ITEM_WORDS
        and not unit.endswith(":")
        and len(split_sentences(unit)) == 1
        and not any(rx.match(unit) for _, rx in SPECIAL_TITLES)
    )


def _joined(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Put a list together with its lead-in and with the rest of it, and a paragraph a page
    break cut in two back together (past the first page's footnotes), so that every
    container gives the same paragraphs."""
    _bare_lines(paragraphs)
    out: list[_Paragraph] = []
    for para in paragraphs:
        at = len(out) - 1
        column = False  # notes at the foot of a column of this page were passed
        if not para.region:
            while at >= 0 and out[at].region in PAGE_FOOT:
                column = column or out[at].page == para.page
                at -= 1
        how = _continues(out[at], para, column) if at >= 0 else ""
        if how and at < len(out) - 1 and how != "sentence":
            how = ""  # only a sentence carries on past the notes
        if not how:
            out.append(para)
            continue
        before = out[at]
        units, pages = list(before.units), list(before.unit_pages)
        items = list(before.items)
        rest, more_pages, more_items = para.units, para.unit_pages, para.items
        if how == "sentence":
            dash = "- " if para.items[0] else ""  # the dash that read as a bullet
            units[-1] = f"{units[-1]} {dash}{para.units[0]}"
            rest, more_pages, more_items = rest[1:], more_pages[1:], more_items[1:]
        listed = before.listed or how in ("list", "bare list")
        out[at] = _Paragraph(
            before.page,
            units + rest,
            None,
            listed,
            unit_pages=pages + more_pages,
            items=items + more_items,
        )
    return out


def split_sentences(unit: str) -> list[str]:
    """Split one paragraph unit into sentences, keeping abbreviations and decimals intact."""
    pieces: list[str] = []
    last = 0
    for m in SENTENCE_END.finditer(unit):
        candidate = unit[last : m.start()].rstrip()
        if ABBREVIATIONS.search(candidate[-8:]) or NUMBER_ONLY.match(candidate):
            continue
        pieces.append(unit[last : m.end()].strip())
        last = m.end()
    pieces.append(unit[last:].strip())
    return [" ".join(p.split()) for p in pieces if p.strip()]


def _is_heading(p: _Paragraph) -> bool:
    """A short unpunctuated line of its own, unless it is a bullet, reads as a clause
    ("We will train 300 staff", "Partners will fund peer support") or a statement ("This
    recommendation is accepted in full by ..."), names a person and post or holds a web
    address."""
    if len(p.units) != 1 or p.listed or p.region:
        return False
    unit = p.units[0]
    count = len(WORD.findall(unit))
    bare = ENUMERATOR.sub("", unit)
    end = unit.rstrip().rstrip("\"')]")  # a stop inside a closing quote or bracket
    return (
        count <= 14
        and not end.endswith((".", "!", ";", ":", ","))
        and not (end.endswith("?") and count > 12)
        and (unit[:1].isupper() or unit[:1].isdigit())
        and not CLAUSE.search(bare)
        and not (count >= 9 and STATEMENT.search(bare))
        and not WEB.search(unit)
        and not _is_person_line(unit)
    )


STATEMENT = re.compile(
    r"^(?!(?:what|how|why|where|when|who|which)\b).*\b(?:is|are|was|were|has been|have been)\s",
    re.I,
)
"""A line that states something ("... is accepted in full by ..."), not a question."""
LETTERS = re.compile(r"[^\W\d_]{2}")
WEB = re.compile(r"https?://|www\.", re.I)
PERSON_LINE = re.compile(
    r"^(?:(?:dr|prof|professor|cllr|sir|dame|mr|mrs|ms)\.?\s+)?"
    r"[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,3}\s*[,\u2013\u2014-]\s+(?P<post>.+)$"
)


PERSON_WORDS = 16
"""The most words a line naming a person and post has."""


def _is_person_line(unit: str) -> bool:
    """A person's name and post on one line ("A. Name - Chief Officer"): the post after
    the name names a job; the name itself does not."""
    match = PERSON_LINE.match(unit.strip())
    return bool(
        match
        and len(WORD.findall(unit)) <= PERSON_WORDS
        and JOB_TITLE.search(match["post"])
        and not JOB_TITLE.search(unit.strip()[: match.start("post")])
    )


def _is_prose(p: _Paragraph) -> bool:
    words = sum(len(WORD.findall(u)) for u in p.units)
    return words >= 25 and not any(REFERENCE_LIKE.search(u) for u in p.units)


def _is_entries(p: _Paragraph) -> bool:
    """Mostly glossary entries such as 'CYP - children and young people'."""
    return sum(1 for u in p.units if GLOSSARY_ENTRY.match(u)) * 2 > len(p.units)


def _headings(paragraphs: list[_Paragraph]) -> list[bool]:
    """Which paragraphs are headings. In a run of three or more unpunctuated one-line
    paragraphs (wherever pages break), most with figures in them, the lines with figures
    are table rows (e.g. key metrics), whatever their length."""
    flags = [_is_heading(p) for p in paragraphs]
    special = [
        f and any(rx.match(p.units[0].strip()) for _, rx in SPECIAL_TITLES)
        for f, p in zip(flags, paragraphs, strict=True)
    ]
    rowlike = [
        p.row
        or (
            len(p.units) == 1
            and not p.listed
            and not p.region  # a contents entry is no table row
            and not p.units[0].endswith(ENDS_SENTENCE)
        )
        for p in paragraphs
    ]
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and rowlike[j] and not special[j]:  # page breaks do not count
            j += 1
        rows = [  # figures besides a heading's own number ("3.2 Racial inequalities")
            k
            for k in range(i, j)
            if _has_figures(NUMBERED_PART.sub("", ENUMERATOR.sub("", paragraphs[k].units[0])))
        ]
        if j - i >= 3 and len(rows) * 2 >= j - i:
            for k in rows:
                flags[k] = False
        i = max(j, i + 1)
    return flags


JOB_TITLE = re.compile(
    r"\b(?:director|chief|officer|head of|lead|manager|chair(?:man|woman|person)?|"
    r"vice[- ]chair|councillor|cllr|consultant|professor|prof|dr|executive|commissioner|"
    r"co-?ordinator|advis[eo]r|analyst|specialist|partner member|non-executive|trustee|"
    r"secretary|governor|mayor|mp|ceo|cfo|coo|dph|clinical lead|portfolio holder|"
    r"representative|healthwatch|principal|associate)\b",
    re.I,
)


def _is_member_lines(block: list[str]) -> bool:
    """A block of three or more lines, each a person or post: a member list set out line
    by line without bullets."""
    return len(block) >= 3 and _people(block)


def _people(units: list[str]) -> bool:
    """Whether most units (six in ten) are short and name a post, and at most one in five
    reads as a clause or ends a sentence. Stops at the first unit that settles it: most
    blocks are running text, and the post names are slow to look for."""
    untitled_allowed = len(units) - -(-len(units) * 6 // 10)  # units that may lack a post
    clauses_allowed = len(units) // 5
    untitled = clauses = 0
    for u in units:
        if u.rstrip().endswith((".", "!", "?")) or CLAUSE.search(u):
            clauses += 1
            if clauses > clauses_allowed:
                return False
        if len(WORD.findall(u)) > PERSON_WORDS or not JOB_TITLE.search(u):
            untitled += 1
            if untitled > untitled_allowed:
                return False
    return True


def _is_member_list(p: _Paragraph) -> bool:
    """A list of people: three or more short units, most naming a job title, none of them
    a clause (author, member, attendance and steering-group lists); or one person and post
    on a line of its own (a foreword's signature)."""
    units = [u for u, item in zip(p.units, p.items, strict=True) if item] or p.units
    return (len(units) >= 3 and _people(units)) or (len(p.units) == 1 and _is_person_line(units[0]))


def segment(pages: list[Page]) -> Text:
    """Turn normalised pages into a `Text` of sentences with their page, paragraph, region,
    heading path and list lead-in."""
    paragraphs = _repeats_split(
        _joined(_without_running_heads([para for page in pages for para in _paragraphs(page)]))
    )
    _quote_sources(paragraphs)
    parts: list[str] = []
    sentences: list[Sentence] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    special: str | None = None
    headings = _headings(paragraphs)
    _heading_lists(paragraphs, headings)
    path_of = _paths(paragraphs, headings)
    paths: dict[tuple[int, ...], int] = {}
    heading_sentence: dict[int, int] = {}  # paragraph index of a heading -> its sentence
    over = -1  # a lead-in that leads the lists after the labels below it
    entries: set[str] = set()  # the titles of the contents list being read
    for index, para in enumerate(paragraphs):
        heading = headings[index]
        title = para.units[0] if heading else ""
        opens = False  # the title of a glossary, reference list or list of people
        if special == CONTENTS and para.region is None:
            # a title the contents listed, again: the document itself has begun
            if _entry_key(para.units[0]) in entries:
                special = None
            else:
                entries.update(map(_entry_key, para.units))
        if heading:
            kind = next((k for k, rx in SPECIAL_TITLES if rx.match(title.strip())), None)
            if kind:
                special, opens = kind, True
                entries.clear()
            elif special == MEMBERS or (
                special == CONTENTS and index > 0 and paragraphs[index - 1].listed
            ):
                special = None  # a list of people, or a contents list, ends at a heading
            elif special == NAMES:  # at a heading over running text (entries may look like one)
                if index + 1 < len(paragraphs) and _runs_text(paragraphs[index + 1]):
                    special = None
            elif special and index + 1 < len(paragraphs) and _is_prose(paragraphs[index + 1]):
                special = None
        elif _ends_special(special, para):
            special = None
        if para.region and para.region != TABLE:
            section = para.region
        elif opens or (heading and not special):
            section = HEADING
        elif special:
            # its entries, however short: "CYP - children and young people"
            section = MEMBERS if special == NAMES else special
        elif para.region:
            section = para.region
        elif _is_member_list(para):
            section = MEMBERS
        else:
            section = BODY
        path = tuple(heading_sentence[k] for k in path_of[index])
        path_id = paths.setdefault(path, len(paths)) if path else -1
        if heading:
            heading_sentence[index] = len(sentences)
        para_start = offset
        lead = -1
        listing = False  # the list has begun: its lead-in, if any, is known
        was_item = False
        for unit, page, item in zip(para.units, para.unit_pages, para.items, strict=True):
            if item and not listing:
                listing = True
                if sentences and sentences[-1].paragraph == len(spans):
                    lead = len(sentences) - 1  # the lead-in: what came before the first item
                else:
                    lead = over  # a lead-in over the labels that head lists ("Islington")
            if (
                (item or was_item)
                and sentences
                and sentences[-1].paragraph == len(spans)
                and not CONTINUED.search(parts[-1])
            ):
                # an item a paragraph of its own, as a web page sets it and as a list set
                # out without bullets reads: the items of a list are other topics, unless
                # they are the parts of one sentence ("We will: - fund hubs; - train staff.")
                spans.append((para_start, offset - 1))
                para_start = offset
            was_item = item
            for sentence in [unit] if para.region not in SPLIT else split_sentences(unit):
                sentences.append(
                    Sentence(
                        offset,
                        offset + len(sentence),
                        page.number,
                        page.label,
                        len(spans),
                        section,
                        path_id,
                        lead if item else -1,
                    )
                )
                parts.append(sentence)
                offset += len(sentence) + 1
        spans.append((para_start, max(para_start, offset - 1)))
        if not heading and not para.items[0]:
            # a lead-in ending with a colon goes on leading the lists after it, past the
            # short labels that head each ("... have different priorities: / Islington /
            # - ... / Camden / - ..."), until running text comes
            ends = sentences and parts[-1].rstrip().endswith(":") and section == BODY
            over = len(sentences) - 1 if ends and not any(para.items) else -1
    return Text(
        text="\n".join(parts),
        sentences=sentences,
        paragraphs=spans,
        paths=sorted(paths, key=paths.__getitem__),
        page_sizes={page.number: _size(page.text) for page in pages},
    )


LETTERS_COUNTED = 100
"""A page's letters are counted in its first this many characters: enough to tell a page
with text (a page that long has text, whatever its characters are)."""


def _size(text: str) -> tuple[int, int]:
    """A page's characters (not counting line breaks) and its letters (in its first
    `LETTERS_COUNTED` characters)."""
    return len(text) - text.count("\n"), sum(map(str.isalpha, text[:LETTERS_COUNTED]))


def _ends_special(special: str | None, para: _Paragraph) -> bool:
    """Whether a body paragraph ends a titled glossary (prose, not entries) or list of
    people (anything but people)."""
    if special == GLOSSARY:
        return _is_prose(para) and not _is_entries(para)
    if special == MEMBERS:
        return not para.region and not _is_member_list(para)
    if special == NAMES:
        return not para.region and _runs_text(para)
    if special == CONTENTS:  # a contents list is its entries, with no running text over them
        lead = [u for u, item in zip(para.units, para.items, strict=True) if not item]
        return not para.region and (not para.listed or (bool(lead) and _reads_as_prose(lead)))
    return False


def quoted_whole(text: str) -> bool:
    """Whether a paragraph is one quotation and nothing else: it opens with a quotation mark
    and ends with the one that closes it, and perhaps the number of a note on its source
    (a testimony or pull quote set out on its own)."""
    text = text.strip()
    return (
        text.count('"') == 2
        and text.startswith('"')
        and CLOSING_QUOTE.search(text) is not None
        and len(WORD.findall(text)) >= 5
    )


CLOSING_QUOTE = re.compile(r'"(?:\d{1,3}(?:[,\u2013-]\d{1,3})*)?$')
"""A quotation's closing mark at the end of a paragraph, with the number of a note after it
('... in Northern Ireland."102', as plain text keeps a raised note number)."""


def _quote_sources(paragraphs: list[_Paragraph]) -> None:
    """The short line under a paragraph quoted whole names who said it ("Parent, focus
    group", "- Young carer, aged 15"): like a signature, it is a person's line, not a heading
    over what follows."""
    for before, para in itertools.pairwise(paragraphs):
        if (
            len(para.units) == 1
            and para.region is None
            and len(WORD.findall(para.units[0])) <= PERSON_WORDS
            and not para.units[0].rstrip().endswith(ENDS_SENTENCE)
            and not CLAUSE.search(para.units[0])
            and before.region is None
            and quoted_whole(" ".join(before.units))
        ):
            para.region = MEMBERS


def _runs_text(para: _Paragraph) -> bool:
    """Whether a paragraph holds running text: a sentence of six words or more (an entry in
    a list of names ends without a stop, and a name may hold any words: "we will if you
    will", "Dr A. Lee PhD.")."""
    return any(
        u.rstrip().endswith((".", "!", "?")) and len(WORD.findall(u)) >= 6 for u in para.units
    )


def _led_to_page(line: str) -> bool:
    """Whether a line ends with leader dots (three or more) and a page number of up to three
    figures ("Our plan . . . . 12"): read from its end, in time linear in its length."""
    text = line.rstrip()
    figures = len(text) - len(text.rstrip("0123456789"))
    if not 1 <= figures <= 3:
        return False
    rest = text[:-figures].rstrip()
    leaders = rest.rstrip(". \t")
    return rest[len(leaders) :].count(".") >= 3


def _entry_key(entry: str) -> str:
    """A contents entry's title words, without its numbering, leader dots or page (worked
    out without a pattern that could backtrack over a long run of dots)."""
    words = entry.split()
    if len(words) > 1 and words[-1].isdecimal() and len(words[-1]) <= 4:
        words.pop()  # its page
    return _title_key(" ".join(words).rstrip(" .\u2026")) or "\0"


def _repeats_split(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """A list whose items come round again ("1. Background / 2. Our plan / Background /
    ..."), as a contents list run into the headings it lists reads: two paragraphs, the
    second from the first item that repeats one before it (and so on)."""
    out: list[_Paragraph] = []
    for para in paragraphs:
        cuts = [0]
        if para.listed and len(para.units) > 2:
            seen: set[str] = set()
            for k, unit in enumerate(para.units):
                key = _entry_key(unit)
                if key in seen and para.items[k]:
                    cuts.append(k)
                    seen = set()
                seen.add(key)
        if len(cuts) == 1:
            out.append(para)
            continue
        for lo, hi in itertools.pairwise([*cuts, len(para.units)]):
            out.append(
                replace(
                    para,
                    units=para.units[lo:hi],
                    items=para.items[lo:hi],
                    unit_pages=para.unit_pages[lo:hi],
                    page=para.unit_pages[lo],
                )
            )
    return out


def _title_key(title: str) -> str:
    """A heading's words for comparing with a list item: no numbering, case or stops."""
    return " ".join(WORD.findall(ENUMERATOR.sub("", title.strip()).lower()))


def _heading_lists(paragraphs: list[_Paragraph], headings: list[bool]) -> None:
    """A list whose items are the document's own headings (a web page's "on this page"
    list, a contents list without page numbers) is contents, not what the plan says."""
    titles = {_title_key(p.units[0]) for p, flag in zip(paragraphs, headings, strict=True) if flag}
    titles.discard("")
    if not titles:
        return
    for para in paragraphs:
        items = [u for u, item in zip(para.units, para.items, strict=True) if item]
        if len(items) >= 2 and para.region is None and all(_title_key(u) in titles for u in items):
            para.region = CONTENTS


PASSED_OVER = frozenset({CONTENTS, FOOTNOTE})
CHAPTER = re.compile(
    r"\s*(?:chapter|part|module)\s+(?:[0-9]{1,2}|[A-Z]|[IVX]{1,4}|one|two|three|four|five|six)"
    r"\b(?!\s*(?:of|in|to|and|per\s?cent|%))",
    re.I,
)
"""How a heading that names itself a chapter opens: "Chapter 2:", "PART A", "Module 1 -"."""
CAPTION = re.compile(
    r"\s*(?:figure|fig\.?|table|chart|graph|box|map|diagram|exhibit|infographic)\s+"
    r"[0-9]{1,3}[a-z]?\b(?!\s*(?:%|per\s?cent))",
    re.I,
)
"""How a figure's or table's caption opens: "Figure 3:", "TABLE 1", "Box 2 -"."""


def _paths(paragraphs: list[_Paragraph], headings: list[bool]) -> list[tuple[int, ...]]:
    """For each paragraph, the paragraph indices of the headings governing it (a heading's
    own path is the headings above it)."""
    # a figure's or table's caption, or a line without words (a chart's scale, a range of
    # pages), governs nothing and parts no headings
    captions = {
        i
        for i, p in enumerate(paragraphs)
        if headings[i] and (CAPTION.match(p.units[0]) or not LETTERS.search(p.units[0]))
    }
    marks = [i for i, flag in enumerate(headings) if flag and i not in captions]
    # what is not text between two headings (a contents list, notes at a page's foot)
    # leaves them side by side, as they would be without it
    seen = [
        i
        for i, p in enumerate(paragraphs)
        if (p.region not in PASSED_OVER or headings[i]) and i not in captions
    ]
    # a document's title block, its first run of three headings or more with no text
    # between (whatever site furniture comes before it): the title, which governs as a
    # chapter would, subtitles, which govern nothing, and the heading of its first section
    subtitles: set[int] = set()
    run: list[int] = []
    for i in [*seen, -1]:
        if i >= 0 and headings[i]:
            run.append(i)
            continue
        if len(run) >= 3:
            subtitles = set(run[1:-1])
            break
        run = []
    seen = [i for i in seen if i not in subtitles]
    marks = [i for i in marks if i not in subtitles]
    place = {i: k for k, i in enumerate(seen)}
    is_heading = {place[i] for i in marks}
    found = heading_paths(
        [(i, place[i] - 1 in is_heading, place[i] + 1 in is_heading) for i in marks],
        {i for i in marks if CHAPTER.match(paragraphs[i].units[0])},
    )
    own = dict(zip(marks, found, strict=True))
    out: list[tuple[int, ...]] = []
    current: tuple[int, ...] = ()
    for index in range(len(paragraphs)):
        if index in own:
            out.append(own[index])
            current = (*own[index], index)
        else:
            out.append(current)
    return out
