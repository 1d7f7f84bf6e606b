"""A plan as a Word document in a drawn layout, written as raw OOXML as Word writes it.

Headings by Word's heading styles, by a house style with an outline level, or as plain
bold paragraphs; lists numbered through numbering.xml (the marker is not in the text) or
typed ("•<tab>"), bare or run into one paragraph; tables; a running header and a page
number field in the header and footer parts; real footnotes (footnotes.xml); a call-out
box as a shaded one-cell table; paragraphs hard-wrapped with line breaks; runs split as
Word splits them while editing.
"""

from __future__ import annotations

import html
import textwrap
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..render import HEADING_KINDS, LIST_KINDS, Plan
from .features import (
    Headings,
    Lists,
    footnotes,
    heading_labels,
    item_marks,
    pick,
    run_on,
    running_title,
    runs_into_lead_in,
    sidebar_candidates,
    with_markers,
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class DocxLayout:
    """One way to write a plan in Word. `heading_styles`: word (Heading1-3), house (own
    style names with an outline level), bold (Normal paragraphs in bold runs);
    `list_markup`: numbering (numPr) or typed."""

    heading_styles: str = "word"
    headings: Headings = field(default_factory=Headings)
    lists: Lists = field(default_factory=Lists)
    list_markup: str = "numbering"
    header: str = ""  # "", title, title-kind, org
    header_kind: str = "Joint Forward Plan 2023-2028"
    page_number: str = ""  # "", "Page {n}", "{n}", "Page {n} of {total}"
    footnotes: int = 0
    footnote_style: str = "citation"
    sidebar: str = ""  # "", box
    sidebar_pick: int = 0
    line_breaks: int = 0  # paragraphs hard-wrapped at this width with <w:br/> (0: none)
    split_runs: bool = False

    suffix = ".docx"

    def describe(self) -> str:
        return f"docx {self!r}"

    def write(self, plan: Plan, path: Path) -> None:
        write_docx(plan, self, path)


def _runs(text: str, layout: DocxLayout, props: str = "") -> str:
    """Text as runs: one, or split every few words (sometimes inside a word) as Word
    does; hard-wrapped lines end in <w:br/>."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = textwrap.wrap(text, layout.line_breaks) if layout.line_breaks else [text]
    out: list[str] = []
    for number, line in enumerate(lines):
        pieces = [line]
        if layout.split_runs and len(line) > 20:
            cut = [len(line) // 3, 2 * len(line) // 3 + 1]
            pieces = [line[: cut[0]], line[cut[0] : cut[1]], line[cut[1] :]]
        for piece in pieces:
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{html.escape(piece)}</w:t></w:r>')
        if number < len(lines) - 1:
            out.append(f"<w:r>{rpr}<w:br/></w:r>")
    return "".join(out)


def _para(body: str, style: str = "", numbered: int | None = None, extra: str = "") -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if numbered is not None:
        props += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbered}"/></w:numPr>'
    props += extra
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def _field(instruction: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def write_docx(plan: Plan, layout: DocxLayout, path: Path) -> None:
    labels = heading_labels(plan, layout.headings)
    notes = footnotes(plan, layout.footnotes, layout.footnote_style)
    marks: dict[int, list[tuple[int, str]]] = {}
    for number, note in enumerate(notes, start=1):
        marks.setdefault(note.block, []).append((note.at, str(number)))
    side = pick(sidebar_candidates(plan), layout.sidebar_pick) if layout.sidebar else None
    colour = layout.headings.colour.lstrip("#")
    parts: list[str] = []
    for index, block in enumerate(plan.blocks):
        if block.kind in HEADING_KINDS:
            level = 1 if index == 0 else int(block.kind[1])
            text = labels[index]
            look = f'<w:color w:val="{colour}"/>' if colour else ""
            if layout.heading_styles == "word":
                parts.append(
                    _para(_runs(text, layout, look), "Title" if index == 0 else f"Heading{level}")
                )
            elif layout.heading_styles == "house":
                parts.append(_para(_runs(text, layout, look), f"ICBHeading{level}"))
            else:
                size = 24 if layout.headings.size == "body" else {1: 36, 2: 30, 3: 26}[level]
                look = f'<w:b/>{look}<w:sz w:val="{size}"/>'
                parts.append(_para(_runs(text, layout, look)))
        elif block.kind in LIST_KINDS:
            if layout.lists.form == "run-on":
                if index and runs_into_lead_in(plan, index - 1, layout.lists):
                    continue
                parts.append(_para(_runs(run_on(block, layout.lists), layout)))
                continue
            numbered = layout.lists.form == "numbers" or block.kind == "numbered"
            item_mark = item_marks(block, layout.lists)
            for mark, item in zip(item_mark, block.items, strict=True):
                if layout.lists.form == "bare":
                    parts.append(_para(_runs(str(item), layout)))
                elif layout.list_markup == "typed":
                    tab = "<w:r><w:tab/></w:r>"
                    parts.append(
                        _para(_runs(mark, layout) + tab + _runs(str(item), layout), "ListParagraph")
                    )
                else:
                    parts.append(
                        _para(_runs(str(item), layout), "ListParagraph", 2 if numbered else 1)
                    )
        elif block.kind == "table":
            rows = "".join(
                "<w:tr>"
                + "".join(f"<w:tc>{_para(_runs(c, layout))}</w:tc>" for c in row)
                + "</w:tr>"
                for row in block.items
            )
            parts.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{rows}</w:tbl>')
        else:
            body = ""
            for words, label in with_markers(block.text, marks.get(index, [])):
                body += _runs(words, layout)
                if label:
                    body += (
                        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                        f'<w:footnoteReference w:id="{label}"/></w:r>'
                    )
            if runs_into_lead_in(plan, index, layout.lists):
                body += _runs(" " + run_on(plan.blocks[index + 1], layout.lists), layout)
            if index == side:
                shade = '<w:shd w:val="clear" w:color="auto" w:fill="E8EDEE"/>'
                parts.append(
                    '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tr><w:tc>'
                    f"<w:tcPr>{shade}</w:tcPr>{_para(body)}</w:tc></w:tr></w:tbl>"
                )
            else:
                parts.append(_para(body))

    section = ""
    rels = [
        '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/>',
        '<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/numbering" Target="numbering.xml"/>',
    ]
    files: dict[str, str] = {}
    overrides = ["styles", "numbering"]
    head = running_title(plan, layout.header, layout.header_kind)
    if head:
        files["word/header1.xml"] = (
            f"{XML}<w:hdr {W} {R}>{_para(_runs(head, layout), 'Header')}</w:hdr>"
        )
        rels.append(
            '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/header" Target="header1.xml"/>'
        )
        section += '<w:headerReference w:type="default" r:id="rIdHeader"/>'
        overrides.append("header1")
    if layout.page_number:
        before, _, after = layout.page_number.partition("{n}")
        body = _runs(before, layout) if before else ""
        body += _field("PAGE", "1")
        if "{total}" in after:
            middle, _, rest = after.partition("{total}")
            body += (
                _runs(middle, layout)
                + _field("NUMPAGES", "1")
                + (_runs(rest, layout) if rest else "")
            )
        elif after:
            body += _runs(after, layout)
        files["word/footer1.xml"] = f"{XML}<w:ftr {W} {R}>{_para(body, 'Footer')}</w:ftr>"
        rels.append(
            '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
        )
        section += '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        overrides.append("footer1")
    if notes:
        separators = (
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        )
        bodies = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {html.escape(note.text)}</w:t></w:r></w:p>'
            "</w:footnote>"
            for n, note in enumerate(notes, start=1)
        )
        files["word/footnotes.xml"] = (
            f"{XML}<w:footnotes {W} {R}>{separators}{bodies}</w:footnotes>"
        )
        rels.append(
            '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
        )
        overrides.append("footnotes")
    section = (
        f'<w:sectPr>{section}<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
        'w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    files["word/document.xml"] = (
        f"{XML}<w:document {W} {R}><w:body>{''.join(parts)}{section}</w:body></w:document>"
    )
    files["word/styles.xml"] = _styles()
    files["word/numbering.xml"] = _numbering(layout.lists)
    files["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>'
    )
    kinds = {
        "styles": "styles",
        "numbering": "numbering",
        "header1": "header",
        "footer1": "footer",
        "footnotes": "footnotes",
    }
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
        'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + "".join(
            f'<Override PartName="/word/{name}.xml" ContentType="application/vnd.openxml'
            f'formats-officedocument.wordprocessingml.{kinds[name]}+xml"/>'
            for name in overrides
        )
        + "</Types>"
    )
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), files[name])


def _styles() -> str:
    """Word's built-in heading styles and a house style per level, based on them with an
    outline level, as organisations' templates define theirs."""

    def style(sid: str, name: str, level: int | None, based: str = "Normal", size: int = 22) -> str:
        outline = f'<w:outlineLvl w:val="{level}"/>' if level is not None else ""
        return (
            f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/><w:pPr>{outline}</w:pPr>'
            f'<w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>'
        )

    body = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "</w:style>"
        + style("Title", "Title", None, size=48)
        + "".join(style(f"Heading{n}", f"heading {n}", n - 1, size=36 - 4 * n) for n in (1, 2, 3))
        + "".join(
            style(f"ICBHeading{n}", f"ICB Heading {n}", n - 1, based="Normal", size=36 - 4 * n)
            for n in (1, 2, 3)
        )
        + '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
        "</w:style>"
        '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote '
        'reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>'
    )
    return f"{XML}<w:styles {W}>{body}</w:styles>"


def _numbering(lists: Lists) -> str:
    number = lists.numbers.replace("{n}", "%1").replace("{a}", "%1")
    letters = "lowerLetter" if "{a}" in lists.numbers else "decimal"
    return (
        f"{XML}<w:numbering {W}>"
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{html.escape(lists.mark)}"/></w:lvl></w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="{letters}"/>'
        f'<w:lvlText w:val="{html.escape(number)}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>'
    )
