"""A plan typeset as a PDF in a drawn layout, as publishers lay plans out.

Page sizes (A4, A5, US Letter, landscape), margins, one to three columns, body font and
size, heading styles, lists, tables, an optional cover and contents page, running headers
and page numbers, footnotes at the foot of the page they are cited on, and one paragraph
set in a call-out box in the column or in a sidebar beside it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..render import HEADING_KINDS, LIST_KINDS, Plan
from .features import (
    Headings,
    Lists,
    footer_text,
    footnotes,
    heading_labels,
    pick,
    run_on,
    running_title,
    runs_into_lead_in,
    sidebar_candidates,
    with_markers,
)

PAGES = ("A4", "A5", "Letter", "A4-landscape", "Letter-landscape")
FONTS = ("Helvetica", "Times-Roman")
BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold"}


@dataclass(frozen=True)
class PdfLayout:
    """One way to typeset a plan. Lengths in millimetres, sizes in points."""

    page: str = "A4"
    side_mm: int = 20
    top_mm: int = 20
    columns: int = 1
    gap_mm: int = 6
    font: str = "Helvetica"
    body_pt: float = 10.5
    leading: float = 1.3
    justify: bool = False
    headings: Headings = field(default_factory=Headings)
    lists: Lists = field(default_factory=Lists)
    bullet_font: str = ""  # "" the body font; "ZapfDingbats" a symbol-font bullet
    table_grid: bool = True
    cover: bool = False
    contents: bool = False
    header: str = ""  # "", title, title-kind, org, section
    header_kind: str = "Joint Forward Plan 2023-2028"
    page_number: str = ""  # a form from features.PAGE_NUMBERS
    footer: str = ""  # a form from features.FOOTER_TEXTS
    footnotes: int = 0
    footnote_style: str = "citation"
    sidebar: str = ""  # "", box (in the column), side (a strip beside the columns)
    sidebar_pick: int = 0

    suffix = ".pdf"

    def describe(self) -> str:
        return f"pdf {self!r}"

    def write(self, plan: Plan, path: Path) -> None:
        write_pdf(plan, self, path)


def _size(page: str) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, A5, landscape, letter

    base = {"A4": A4, "A5": A5, "Letter": letter}[page.split("-")[0]]
    return landscape(base) if page.endswith("landscape") else base


class _Mark:
    """Records the page a zero-size flowable is drawn on (a footnote's citing paragraph,
    where a sidebar paragraph belongs)."""

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}


def write_pdf(plan: Plan, layout: PdfLayout, path: Path) -> None:
    """Typeset twice: the first pass finds the page count and each heading's page (for
    "3 of 12" and the contents page), the second writes the file."""
    first = _build(plan, layout, path, total=0, toc=None)
    _build(plan, layout, path, total=first["pages"], toc=first["headings"])


def _build(
    plan: Plan, layout: PdfLayout, path: Path, *, total: int, toc: list[tuple[int, str, int]] | None
) -> dict[str, Any]:
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        ListFlowable,
        ListItem,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.tableofcontents import TableOfContents

    width, height = _size(layout.page)
    side, top = layout.side_mm * mm, layout.top_mm * mm
    body, regular, bold = layout.body_pt, layout.font, BOLD[layout.font]
    colour = colors.HexColor(layout.headings.colour) if layout.headings.colour else colors.black
    at_body = layout.headings.size == "body"
    align = TA_JUSTIFY if layout.justify else TA_LEFT

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, splitLongWords=0, **kw)

    st = {
        "h1": style("h1", fontName=bold, fontSize=body + 8, leading=body + 12, spaceAfter=10,
                    textColor=colour),
        "h2": style("h2", fontName=bold, fontSize=body if at_body else body + 3,
                    leading=(body if at_body else body + 3) * 1.25, spaceBefore=9, spaceAfter=4,
                    textColor=colour),
        "h3": style("h3", fontName=bold, fontSize=body if at_body else body + 1,
                    leading=(body if at_body else body + 1) * 1.25, spaceBefore=6, spaceAfter=3,
                    textColor=colour),
        "p": style("p", fontName=regular, fontSize=body, leading=body * layout.leading,
                   spaceAfter=body * 0.6, alignment=align),
        "cell": style("cell", fontName=regular, fontSize=body - 1.5, leading=(body - 1.5) * 1.2),
        "head": style("head", fontName=bold, fontSize=body - 1.5, leading=(body - 1.5) * 1.2),
        "box": style("box", fontName=regular, fontSize=body, leading=body * layout.leading,
                     backColor=colors.HexColor("#E8EDEE"), borderPadding=6, spaceBefore=8,
                     spaceAfter=12, borderColor=colors.HexColor("#005EB8"), borderWidth=0.8),
        "side": style("side", fontName=regular, fontSize=body - 1, leading=(body - 1) * 1.3),
        "note": style("note", fontName=regular, fontSize=7, leading=8.4),
        "cover": style("cover", fontName=bold, fontSize=body + 16, leading=body + 22,
                       textColor=colour),
    }  # fmt: skip

    # ---- the text area: columns, a sidebar strip, a band for footnotes
    area = width - 2 * side
    strip = area * 0.28 if layout.sidebar == "side" else 0.0
    gap = layout.gap_mm * mm
    text_width = area - strip - (gap if strip else 0)
    column = (text_width - gap * (layout.columns - 1)) / layout.columns
    notes = footnotes(plan, layout.footnotes, layout.footnote_style)
    band = 3 * 2 * 8.4 + 6 if notes else 0.0
    bottom = top + band

    # ---- page furniture
    state: dict[str, Any] = {"section": plan.title, "headings": [], "sidebar_drawn": False}
    marks = _Mark()
    page_notes: dict[int, list[tuple[int, str]]] = {}
    side_index = pick(sidebar_candidates(plan), layout.sidebar_pick) if layout.sidebar else None
    labels = heading_labels(plan, layout.headings)

    # A running header on a document's only furnished page is words the plain text does
    # not have, and no reader can tell it from a title: drawn from two pages on.
    lone = 0 < total - (1 if layout.cover and 0 in labels else 0) < 2

    def furniture(canvas: Any, doc: Any) -> None:
        number = doc.page
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(colors.HexColor("#425563"))
        head = running_title(plan, layout.header, layout.header_kind, state["section"])
        if head and not lone:
            while canvas.stringWidth(head, regular, 7.5) > area and " " in head:
                head = head.rsplit(" ", 1)[0]
            canvas.drawString(side, height - top * 0.55, head)
        foot = layout.page_number.format(n=number, total=total or number)
        if foot:
            canvas.drawRightString(width - side, top * 0.45, foot)
        words = footer_text(plan, layout.footer)
        if words:
            canvas.drawString(side, top * 0.45, words)
        canvas.restoreState()

    def page_end(canvas: Any, doc: Any) -> None:
        number = doc.page
        if notes and page_notes.get(number):
            y = top + band - 4
            canvas.saveState()
            canvas.setLineWidth(0.4)
            canvas.line(side, y, side + min(area * 0.3, 150), y)
            y -= 2
            for label, text in page_notes[number]:
                note = Paragraph(f"<super>{label}</super> {html.escape(text)}", st["note"])
                _, tall = note.wrapOn(canvas, area, band)
                note.drawOn(canvas, side, y - tall)
                y -= tall + 1
            canvas.restoreState()
        here = side_index is not None and marks.pages.get("sidebar") == number
        if here and strip and not state["sidebar_drawn"]:
            state["sidebar_drawn"] = True
            box = Paragraph(html.escape(plan.blocks[side_index].text), st["side"])
            _, tall = box.wrapOn(canvas, strip - 12, height)
            x = width - side - strip
            y = height - top - tall - 12
            canvas.saveState()
            canvas.setFillColor(colors.HexColor("#E8EDEE"))
            canvas.rect(x, y, strip, tall + 12, stroke=0, fill=1)
            canvas.restoreState()
            box.drawOn(canvas, x + 6, y + 6)

    class Anchor(Flowable):  # type: ignore[misc]
        """Zero size: notes the page it lands on."""

        def __init__(self, key: str, note: tuple[int, str] | None = None) -> None:
            super().__init__()
            self.key, self.note = key, note
            self.width = self.height = 0

        def wrap(self, *_: Any) -> tuple[float, float]:
            return (0, 0)

        def draw(self) -> None:
            page = self.canv.getPageNumber()
            marks.pages[self.key] = page
            if self.note:
                page_notes.setdefault(page, []).append(self.note)

    # ---- the flow
    levels = sorted({b.kind for b in plan.blocks[1:] if b.kind in HEADING_KINDS})

    def level(index: int) -> int:
        kind = plan.blocks[index].kind
        return min(levels.index(kind), 1) if index and kind in levels else 0

    flow: list[Any] = []
    start = 0
    titled = (
        0 in labels
    )  # the plan opens with its title (the seed plan opens with a page's furniture)
    cover = layout.cover and titled
    if cover:
        flow += [Spacer(1, height * 0.25), Paragraph(html.escape(labels[0]), st["cover"])]
        flow += [NextPageTemplate("front" if layout.contents else "body"), PageBreak()]
        start = 1
    if layout.contents:
        if not cover and titled:
            flow.append(Paragraph(html.escape(labels[0]), st["h1"]))
            start = 1
        toc_flow = TableOfContents(dotsMinLevel=0)
        toc_flow.levelStyles = [
            style("toc0", fontName=regular, fontSize=body, leading=body * 1.5),
            style("toc1", fontName=regular, fontSize=body - 0.5, leading=body * 1.4,
                  leftIndent=14),
        ]  # fmt: skip
        entries = toc or [(level(i), text, 0) for i, text in labels.items() if i]
        for lvl, text, page in entries:
            toc_flow.addEntry(lvl, html.escape(text), page)
        toc_flow._lastEntries = list(toc_flow._entries)
        flow += [Paragraph("Contents", st["h2"]), toc_flow]
        flow += [NextPageTemplate("body"), PageBreak()]
    notes_in: dict[int, list[tuple[int, str, str]]] = {}
    for number, note in enumerate(notes, start=1):
        notes_in.setdefault(note.block, []).append((note.at, str(number), note.text))

    wide_tables = layout.columns > 1
    for index, block in enumerate(plan.blocks):
        if index < start:
            continue
        if block.kind in HEADING_KINDS:
            para = Paragraph(html.escape(labels[index]), st[block.kind if index else "h1"])
            para._heading = (level(index), labels[index], index)  # type: ignore[attr-defined]
            flow.append(para)
        elif block.kind in LIST_KINDS:
            if layout.lists.form == "run-on":
                if index and runs_into_lead_in(plan, index - 1, layout.lists):
                    continue  # set with its lead-in
                flow.append(Paragraph(html.escape(run_on(block, layout.lists)), st["p"]))
                continue
            items = [ListItem(Paragraph(html.escape(str(i)), st["p"])) for i in block.items]
            if layout.lists.form == "bare":
                flow.extend(Paragraph(html.escape(str(i)), st["p"]) for i in block.items)
            elif layout.lists.form == "numbers" or block.kind == "numbered":
                form = layout.lists.numbers
                shown = form.replace("{n}", "%s").replace("{a}", "%s")
                flow.append(ListFlowable(items, bulletType="a" if "{a}" in form else "1",
                                         bulletFormat=shown,
                                         bulletFontName=regular, bulletFontSize=body,
                                         leftIndent=18))  # fmt: skip
            else:
                symbol = layout.bullet_font == "ZapfDingbats"
                flow.append(ListFlowable(items, bulletType="bullet",
                                         start="l" if symbol else layout.lists.mark,
                                         bulletFontName="ZapfDingbats" if symbol else regular,
                                         bulletFontSize=body * (0.6 if symbol else 1),
                                         leftIndent=14))  # fmt: skip
        elif block.kind == "table":
            ncols = max(len(r) for r in block.items)
            wide = wide_tables and ncols > 2
            across = text_width if wide else column
            rows = [
                [Paragraph(html.escape(c), st["head" if r == 0 else "cell"]) for c in row]
                for r, row in enumerate(block.items)
            ]
            commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E1F2"))]  # fmt: skip
            if layout.table_grid:
                commands.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
            table = Table(rows, colWidths=[across / ncols] * ncols, hAlign="LEFT", repeatRows=1)
            table.setStyle(TableStyle(commands))
            if wide:  # a table wider than a column gets a page of its own, across the columns
                flow += [NextPageTemplate("wide"), PageBreak(), table]
                flow += [NextPageTemplate("body"), PageBreak()]
            else:
                flow += [table, Spacer(1, body)]
        else:
            if index == side_index:
                if layout.sidebar == "side":
                    flow.append(Anchor("sidebar"))
                else:
                    flow.append(Paragraph(html.escape(block.text), st["box"]))
                continue
            text = block.text
            after = ""
            if runs_into_lead_in(plan, index, layout.lists):
                after = " " + run_on(plan.blocks[index + 1], layout.lists)
            pieces = with_markers(text, [(at, label) for at, label, _ in notes_in.get(index, [])])
            markup = "".join(
                html.escape(words) + (f"<super>{label}</super>" if label else "")
                for words, label in pieces
            )
            flow.append(Paragraph(markup + html.escape(after), st["p"]))
            for _, label, note in notes_in.get(index, []):
                flow.append(Anchor(f"note{label}", (int(label), note)))

    # ---- pages
    frames = [
        Frame(side + n * (column + gap), bottom, column, height - top - bottom,
              id=f"col{n}", leftPadding=0, rightPadding=0)
        for n in range(layout.columns)
    ]  # fmt: skip
    full = Frame(side, bottom, area, height - top - bottom, id="full", leftPadding=0,
                 rightPadding=0)  # fmt: skip
    wide = Frame(side, bottom, text_width, height - top - bottom, id="wide", leftPadding=0,
                 rightPadding=0)  # fmt: skip
    templates = [
        PageTemplate(id="body", frames=frames, onPage=furniture, onPageEnd=page_end),
        PageTemplate(id="wide", frames=[wide], onPage=furniture, onPageEnd=page_end),
        PageTemplate(id="front", frames=[full], onPage=furniture, onPageEnd=page_end),
    ]
    if cover:
        templates.insert(0, PageTemplate(id="cover", frames=[full]))
    elif layout.contents:
        templates.insert(0, templates.pop(2))  # the title and contents page comes first

    class Doc(BaseDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Any) -> None:
            heading = getattr(flowable, "_heading", None)
            if heading:
                state["section"] = heading[1]
                if heading[2]:
                    state["headings"].append((heading[0], heading[1], self.page))

    doc = Doc(
        str(path),
        pagesize=(width, height),
        invariant=1,
        title=plan.title,
        leftMargin=side,
        rightMargin=side,
        topMargin=top,
        bottomMargin=bottom,
    )
    doc.addPageTemplates(templates)
    doc.build(flow)
    return {"pages": doc.page, "headings": state["headings"]}
