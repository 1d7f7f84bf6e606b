"""What a layout adds to a plan's words, and the choices every container shares.

Everything here is what published plans add around their text: heading numbers and
capitals, list markers (or none, or a list run into one paragraph), footnotes citing a
document the text names, running titles and page numbers. None of it is plan content,
so none of it may move a rating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..conftest import ROOT
from ..render import HEADING_KINDS, LIST_KINDS, Block, Plan

# ------------------------------------------------------------------ headings


@dataclass(frozen=True)
class Headings:
    """How headings look. `size`: "body" (bold at body size) or "larger"; `caps`: set in
    capitals; `numbered`: "2" and "2.1" before the words; `colour`: "" (black) or a hex."""

    size: str = "larger"
    caps: bool = False
    numbered: bool = False
    colour: str = ""


def heading_labels(plan: Plan, style: Headings) -> dict[int, str]:
    """Block index -> the words a heading shows (numbered, capitals). The title (the first
    block) is never numbered; section numbers count the heading levels the body uses."""
    levels = sorted({b.kind for b in plan.blocks[1:] if b.kind in HEADING_KINDS})
    counters = [0] * len(levels)
    out: dict[int, str] = {}
    for index, block in enumerate(plan.blocks):
        if block.kind not in HEADING_KINDS:
            continue
        text = block.text.upper() if style.caps else block.text
        if style.numbered and index > 0:
            depth = levels.index(block.kind)
            counters[depth] += 1
            counters[depth + 1 :] = [0] * (len(levels) - depth - 1)
            shown = [str(max(n, 1)) for n in counters[: depth + 1]]
            number = shown[0] + "." if depth == 0 else ".".join(shown)
            text = f"{number} {text}"
        out[index] = text
    return out


# ------------------------------------------------------------------ lists


@dataclass(frozen=True)
class Lists:
    """How lists look. `form`: "marked" (bullets stay bullets, numbers numbers),
    "numbers" (every list numbered), "bare" (items on their own lines, no marker) or
    "run-on" (the whole list one paragraph, "- a - b - c"); `mark`: the bullet;
    `with_lead_in`: a run-on list joins the paragraph that leads into it ("We will: - a");
    `numbers`: how a numbered item is marked where the container types it."""

    form: str = "marked"
    mark: str = "\u2022"
    with_lead_in: bool = False
    numbers: str = "{n}."  # or "{n})", "({a})"


def item_marks(block: Block, lists: Lists) -> list[str]:
    """The marker before each item ("" for none)."""
    if lists.form == "bare":
        return [""] * len(block.items)
    if lists.form == "numbers" or (block.kind == "numbered" and lists.form != "run-on"):
        return [
            lists.numbers.format(n=n, a="abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26])
            for n in range(1, len(block.items) + 1)
        ]
    return [lists.mark] * len(block.items)


def run_on(block: Block, lists: Lists) -> str:
    """A list as one paragraph: "- a - b - c" or "• a • b"."""
    marks = item_marks(block, lists)
    return " ".join(f"{mark} {item}".strip() for mark, item in zip(marks, block.items, strict=True))


def runs_into_lead_in(plan: Plan, index: int, lists: Lists) -> bool:
    """Whether paragraph `index` is a lead-in that a run-on list joins."""
    if lists.form != "run-on" or not lists.with_lead_in or index + 1 >= len(plan.blocks):
        return False
    block, after = plan.blocks[index], plan.blocks[index + 1]
    return block.kind == "p" and after.kind in LIST_KINDS and block.text.rstrip().endswith(":")


# ------------------------------------------------------------------ footnotes

DOCUMENT = re.compile(
    r"\b(?:(?:The|This|Our|A|An|the|our) )?"
    r"((?:NHS |[A-Z][\w'\u2019&+-]* )(?:(?:[A-Z][\w'\u2019&+-]*|and|of|for|the|in|on|to) )*?"
    r"(?:Strategy|Plan|Assessment|Framework|Review|Charter|Standard|Report|Survey|Act)"
    r"(?: \d{4}(?:/\d{2,4})?)?)\b"
)
"""A document the text names ("Mental Health Needs Assessment 2022"): what plans cite."""


@dataclass(frozen=True)
class Note:
    """A footnote: its marker goes after character `at` of block `block`'s text."""

    block: int
    at: int
    text: str


AREAS = {"seed": "Coventry and Warwickshire"}
"""The area of a plan that is not a sample source (whose front matter names its area)."""


def area(plan: Plan) -> str:
    """The plan's area: its sample source's `ics`, else from AREAS, else the first word of
    its name."""
    source = ROOT / "samples" / "sources" / f"{plan.name}.md"
    if source.is_file():
        meta = source.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        found = re.search(r"^ics:\s*(.+)$", meta, re.M)
        if found:
            return found.group(1).strip().strip('"')
    # a real extract's file name leads with its place and goes on with its topic
    # ("devon-suicide-prevention-..."): a publisher's name is the place alone, never topic
    # words the document may not hold
    return AREAS.get(plan.name, plan.name.split("-")[0].title())


def organisation(plan: Plan) -> str:
    """Who publishes the plan, as a footer or citation names it."""
    return f"NHS {area(plan)} Integrated Care Board"


def year(plan: Plan) -> str:
    found = re.search(r"\b(20\d\d)\b", plan.title)
    return found.group(1) if found else "2023"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def footnotes(plan: Plan, count: int, style: str) -> list[Note]:
    """Up to `count` footnotes as published plans write them: citing a document the text
    names ("citation": publisher, year, title; "link": title and a web address), else a
    cross-reference to a section ("See 'Communities first', section 2."). Their words
    repeat the plan's own."""
    notes: list[Note] = []
    seen: set[str] = set()
    for index, block in enumerate(plan.blocks[1:], start=1):
        if len(notes) >= count:
            break
        if block.kind != "p":
            continue
        for match in DOCUMENT.finditer(block.text):
            name = match.group(1)
            if name in seen or len(name.split()) < 2:
                continue
            seen.add(name)
            publisher = "NHS England" if name.startswith("NHS ") else organisation(plan)
            if style == "link":
                site = _slug(area(plan)).replace("-", "")
                text = f"{name}: https://www.{site}.icb.nhs.uk/publications/{_slug(name)}"
            else:
                text = f"{publisher} ({year(plan)}) {name}."
            notes.append(Note(index, match.end(1), text))
            break
    headings = [(i, b.text) for i, b in enumerate(plan.blocks) if i and b.kind in HEADING_KINDS]
    paragraphs = [i for i, b in enumerate(plan.blocks) if i > 1 and b.kind == "p"]
    used = {note.block for note in notes}
    for number, (heading, words) in enumerate(headings, start=1):
        if len(notes) >= count:
            break
        later = [i for i in paragraphs if i > heading + 1 and i not in used]
        if not later:
            continue
        where = later[0]
        used.add(where)
        text = plan.blocks[where].text
        notes.append(Note(where, len(text), f"See '{words}', section {number}."))
    return sorted(notes, key=lambda n: (n.block, n.at))


def with_markers(text: str, marks: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """Split `text` at footnote positions: [(words, marker after them)], the last marker
    "" (so a writer sets each marker as its container does: superscript, <sup>, a run)."""
    out: list[tuple[str, str]] = []
    start = 0
    for at, label in sorted(marks):
        out.append((text[start:at], label))
        start = at
    out.append((text[start:], ""))
    return out


# ------------------------------------------------------------------ call-outs and furniture


def sidebar_candidates(plan: Plan) -> list[int]:
    """Paragraphs a designer could set in a call-out box or a sidebar: whole sentences of
    some length, after another paragraph of their section (a section keeps some text in
    the column), that lead into nothing (not "We will:" before a list)."""
    out: list[int] = []
    for index, block in enumerate(plan.blocks):
        if index < 2 or block.kind != "p":
            continue
        after = plan.blocks[index + 1] if index + 1 < len(plan.blocks) else None
        words = len(block.text.split())
        if (
            plan.blocks[index - 1].kind == "p"
            and 15 <= words <= 90
            and block.text.rstrip()[-1:] in ".!?"
            and not (after and after.kind in (*LIST_KINDS, "table"))
        ):
            out.append(index)
    return out


def pick(options: list[int], draw: int) -> int | None:
    return options[draw % len(options)] if options else None


DOCUMENT_KINDS = (
    "Joint Forward Plan 2023-2028",
    "Integrated Care Strategy 2023-2028",
    "Mental Health and Wellbeing Strategy 2024-2029",
)
"""What a running header calls the document, beside its title."""


def running_title(plan: Plan, form: str, kind: str, section: str = "") -> str:
    """A running header: "title", "title-kind" ("Title | Joint Forward Plan 2023-2028"),
    "org" (the publisher) or "section" (the section the page is in)."""
    if form == "title":
        return plan.title
    if form == "title-kind":
        return f"{plan.title} | {kind}"
    if form == "org":
        return organisation(plan)
    if form == "section":
        return section or plan.title
    return ""


PAGE_NUMBERS = ("", "{n}", "Page {n}", "{n} of {total}", "Page {n} of {total}", "- {n} -")
"""Page-number forms printed plans use."""

FOOTER_TEXTS = ("", "org", "OFFICIAL", "Version 1.2 | Approved March 2024")
"""What sits in a footer beside the page number: nothing, the publisher, a protective
marking, a version line."""


def footer_text(plan: Plan, form: str) -> str:
    return organisation(plan) if form == "org" else form
