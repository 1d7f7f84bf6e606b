"""Split normalised pages into paragraphs and sentences that keep their page.

Each sentence also gets a section kind: `body`, or one of the places where terms appear
without any commitment: `heading`, `contents`, `glossary`, `references`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ..extract import Page

BODY = "body"
HEADING = "heading"
CONTENTS = "contents"
GLOSSARY = "glossary"
REFERENCES = "references"
NOT_EVIDENCE = frozenset({HEADING, CONTENTS, GLOSSARY, REFERENCES})

SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\-])")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|no|nos|dr|mr|mrs|ms|st|cllr|prof|fig|ref|para|"
    r"[A-Z]))\.$",
    re.I,
)
CONTENTS_TITLE = re.compile(r"^(?:table of )?contents$", re.I)
ENTRY_NUMBER = re.compile(r"(?:\s*(?:\.\s?){2,})?\s+(\d{1,3})(?=\s|$)")
ENUMERATOR = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z][.)]?|[ivx]{1,4}[.)])\s+")
LEADER_LINE = re.compile(r"(?:\.\s?){3,}\s*\d{1,3}$|\s\d{1,3}$")
SPECIAL_TITLES = [
    (
        GLOSSARY,
        re.compile(
            r"^(?:glossary(?: of terms)?|(?:list of )?abbreviations(?: and acronyms)?|"
            r"acronyms|key terms|definitions)$",
            re.I,
        ),
    ),
    (
        REFERENCES,
        re.compile(
            r"^(?:references|bibliography|sources|endnotes|notes and references|"
            r"further reading)$",
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
DIGIT = re.compile(r"\d")
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


@dataclass
class Text:
    """A document's normalised text: sentences joined by newlines, with their places."""

    text: str
    sentences: list[Sentence]
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing `offset`."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    @property
    def page_count(self) -> int:
        return len({s.page for s in self.sentences})


@dataclass
class _Paragraph:
    page: Page
    units: list[str]
    contents: bool
    listed: bool = False
    """Bullet items: never a heading, and a list stays one paragraph with its lead-in."""
    row: bool = False
    """A table row: a paragraph of its own, as PDF readers see one (and, as there, a short
    row without figures reads as a heading: a table's header row)."""
    unit_pages: list[Page] = field(default_factory=list)
    """The page each unit starts on (a paragraph joined across a page break spans two)."""

    def __post_init__(self) -> None:
        if not self.unit_pages:
            self.unit_pages = [self.page] * len(self.units)


TABLE_ROW = "| "
"""How readers mark a table row: the row's cells, `| `-prefixed, on one line."""
ENDS_SENTENCE = (".", "!", "?", ";", ":")


def _units(lines: list[str]) -> list[str]:
    """Join wrapped lines; a bullet line starts a new unit."""
    units: list[str] = []
    for line in lines:
        if line.startswith("- ") or not units:
            units.append(line[2:] if line.startswith("- ") else line)
        else:
            units[-1] += " " + line
    return [u.strip() for u in units if u.strip()]


def _cells(row: str) -> str:
    """A table row's cells as the words of one line, as a PDF row reads."""
    return " ".join(c.strip() for c in row[len(TABLE_ROW) :].split(" | ") if c.strip())


def _paragraphs(page: Page) -> list[_Paragraph]:
    lines = page.text.split("\n")
    filled = [line for line in lines if line.strip()]
    head = filled[:5]
    leaders = sum(1 for line in filled if line[-1:].isdecimal() and LEADER_LINE.search(line))
    prose = sum(1 for line in filled if line.rstrip().endswith((".", "!", "?")))
    # a whole page is contents only if hardly any line ends a sentence: a one-page web
    # page or text file with its contents list at the top is not all contents
    contents_page = prose * 10 < len(filled) and (
        any(CONTENTS_TITLE.match(line) for line in head)
        or (len(filled) >= 4 and leaders >= 0.5 * len(filled))
    )
    entries = _contents_lines(lines)
    out: list[_Paragraph] = []
    block: list[str] = []
    in_entries = True
    for index, line in enumerate([*lines, ""]):
        if line.strip():
            block.append(line.strip())
            in_entries = in_entries and index in entries
            continue
        if block:
            leader_block = all(re.search(r"(?:\.\s?){3,}\s*\d{1,3}$", b) for b in block)
            if contents_page or leader_block or in_entries:
                out.append(_Paragraph(page, block, True))
            else:
                out.extend(_rows_apart(page, block))
            block = []
        in_entries = True
    return out


def _entry_pages(line: str) -> list[tuple[str, int]] | None:
    """The titles and page numbers of a contents line: one entry or several run together
    ("1. Introduction ..... 3", "A Our vision 4", "INTRODUCTION 3 OUR VISION 5"), each a
    short title without a full stop that starts with a capital or a figure; else None."""
    entry = line.removeprefix("- ").strip()
    if not entry[-1:].isdecimal():  # an entry ends with its page number (and most lines do not)
        return None
    parts = ENTRY_NUMBER.split(entry)
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
            yield _Paragraph(page, _units(rest), False, rest[0].startswith("- "))
            rest = []
        if cells := _cells(line):
            yield _Paragraph(page, [cells], False, row=True)


def _continues(before: _Paragraph, after: _Paragraph) -> str:
    """How `after` carries on `before`, if it does: "list" for a list after its lead-in or
    after more of the same list; "sentence" for a sentence a page break cut in two (the
    next page goes on in lower case; a line-start dash there is a dash, not a bullet)."""
    if before.contents or after.contents or not before.units or not after.units:
        return ""
    if before.row or after.row:
        return ""
    last, first = before.units[-1].rstrip(), after.units[0]
    new_page = after.page.number != before.unit_pages[-1].number
    carried = new_page and not last.endswith(ENDS_SENTENCE) and first[:1].islower()
    if carried and not (before.listed and after.listed):  # a list's next item is no carry-on
        return "sentence"
    return "list" if after.listed and (before.listed or last.endswith(":")) else ""


def _joined(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Put a list together with its lead-in and with the rest of it, and a paragraph a page
    break cut in two back together, so that every container gives the same paragraphs."""
    out: list[_Paragraph] = []
    for para in paragraphs:
        how = _continues(out[-1], para) if out else ""
        if not how:
            out.append(para)
            continue
        before = out[-1]
        units, pages = list(before.units), list(before.unit_pages)
        rest, more_pages = para.units, para.unit_pages
        if how == "sentence":
            dash = "- " if para.listed else ""  # the dash that read as a bullet
            units[-1] = f"{units[-1]} {dash}{para.units[0]}"
            rest, more_pages = rest[1:], more_pages[1:]
        listed = before.listed or (how == "list")
        out[-1] = _Paragraph(
            before.page, units + rest, False, listed, unit_pages=pages + more_pages
        )
    return out


def split_sentences(unit: str) -> list[str]:
    """Split one paragraph unit into sentences, keeping abbreviations and decimals intact."""
    pieces: list[str] = []
    last = 0
    for m in SENTENCE_END.finditer(unit):
        candidate = unit[last : m.start()].rstrip()
        if ABBREVIATIONS.search(candidate[-8:]):
            continue
        pieces.append(unit[last : m.end()].strip())
        last = m.end()
    pieces.append(unit[last:].strip())
    return [" ".join(p.split()) for p in pieces if p.strip()]


def _is_heading(p: _Paragraph) -> bool:
    """A short unpunctuated line of its own, unless it is a bullet or reads as a clause
    ("We will train 300 staff", "Partners will fund peer support")."""
    if len(p.units) != 1 or p.listed:
        return False
    unit = p.units[0]
    return (
        len(WORD.findall(unit)) <= 14
        and not unit.rstrip().endswith((".", "!", "?", ";", ":", ","))
        and (unit[:1].isupper() or unit[:1].isdigit())
        and not CLAUSE.search(unit)
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
        p.row or (len(p.units) == 1 and not p.listed and not p.units[0].endswith(ENDS_SENTENCE))
        for p in paragraphs
    ]
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and rowlike[j] and not special[j]:  # page breaks do not count
            j += 1
        rows = [k for k in range(i, j) if DIGIT.search(paragraphs[k].units[0])]
        if j - i >= 3 and len(rows) * 2 >= j - i:
            for k in rows:
                flags[k] = False
        i = max(j, i + 1)
    return flags


def segment(pages: list[Page]) -> Text:
    """Turn normalised pages into a `Text` of sentences with page, paragraph and section."""
    paragraphs = _joined([para for page in pages for para in _paragraphs(page)])
    parts: list[str] = []
    sentences: list[Sentence] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    special: str | None = None
    headings = _headings(paragraphs)
    for index, para in enumerate(paragraphs):
        heading = headings[index]
        title = para.units[0] if heading else ""
        if heading:
            kind = next((k for k, rx in SPECIAL_TITLES if rx.match(title.strip())), None)
            if kind:
                special = kind
            elif special and index + 1 < len(paragraphs) and _is_prose(paragraphs[index + 1]):
                special = None
        elif special == GLOSSARY and _is_prose(para) and not _is_entries(para):
            special = None
        section = CONTENTS if para.contents else special or (HEADING if heading else BODY)
        para_start = offset
        for unit, page in zip(para.units, para.unit_pages, strict=True):
            for sentence in [unit] if para.contents else split_sentences(unit):
                sentences.append(
                    Sentence(
                        offset,
                        offset + len(sentence),
                        page.number,
                        page.label,
                        len(spans),
                        section,
                    )
                )
                parts.append(sentence)
                offset += len(sentence) + 1
        spans.append((para_start, max(para_start, offset - 1)))
    return Text(text="\n".join(parts), sentences=sentences, paragraphs=spans)
