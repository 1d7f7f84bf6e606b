"""Render the same plan text into every container a plan is published in.

A plan is a list of blocks (headings, paragraphs, bullet and numbered lists, small tables).
`render_all` writes it as plain text, Markdown, a web page with site furniture, a Word
.docx (raw OOXML), and PDFs in one and two columns, each on A4 and A5, with running
headers and page footers as published plans have. The same words in every container
should give the same ratings (tests/test_same_words.py).
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HEADING_KINDS = ("h1", "h2", "h3")
LIST_KINDS = ("bullets", "numbered")


@dataclass(frozen=True)
class Block:
    """One block of a plan: `text` for headings and paragraphs, `items` for lists and
    tables (a table's items are rows of cells, the first row its header)."""

    kind: str  # h1 h2 h3 p bullets numbered table
    text: str = ""
    items: tuple[str | tuple[str, ...], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Plan:
    name: str
    title: str
    blocks: tuple[Block, ...]


# ------------------------------------------------------------------ sources of blocks

PAGE_MARK = "=== page ==="
EMPHASIS = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def _plain(text: str) -> str:
    return EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text).strip()


def plan_from_source(path: Path) -> Plan:
    """A sample source (samples/sources/*.md: front matter, then Markdown-like blocks)."""
    raw = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    assert match, f"{path}: no front matter"
    meta = yaml.safe_load(match.group(1))
    blocks: list[Block] = [Block("h1", str(meta["title"]))]
    if meta.get("subtitle"):
        blocks.append(Block("p", str(meta["subtitle"])))
    body = match.group(2).replace(PAGE_MARK, "\n")
    blocks.extend(_markdown_blocks(body))
    return Plan(path.stem, str(meta["title"]), tuple(blocks))


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str | tuple[str, ...]] = []
    kind = ""

    def flush() -> None:
        nonlocal kind
        if para:
            blocks.append(Block("p", _plain(" ".join(para))))
            para.clear()
        if items:
            blocks.append(Block(kind, items=tuple(items)))
            items.clear()
        kind = ""

    for line in text.splitlines():
        s = line.rstrip()
        heading = re.match(r"^(#{1,3})\s+(.*)$", s)
        bullet = re.match(r"^\s*[-*]\s+(.*)$", s)
        number = re.match(r"^\s*\d+\.\s+(.*)$", s)
        if not s.strip():
            flush()
        elif heading:
            flush()
            blocks.append(Block(f"h{len(heading.group(1))}", _plain(heading.group(2))))
        elif bullet or number:
            new = "bullets" if bullet else "numbered"
            if kind != new:
                flush()
            kind = new
            items.append(_plain((bullet or number).group(1)))  # type: ignore[union-attr]
        elif s.lstrip().startswith("|"):
            cells = tuple(_plain(c) for c in s.strip().strip("|").split("|"))
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue
            if kind != "table":
                flush()
            kind = "table"
            items.append(cells)
        elif s.startswith(">"):
            flush()
            blocks.append(Block("p", _plain(s.lstrip(">"))))
        elif line.startswith("  ") and kind in LIST_KINDS and items:
            items[-1] = f"{items[-1]} {_plain(s)}"
        else:
            if kind:
                flush()
            para.append(s.strip())
    flush()
    return blocks


ITEM_SIGN = re.compile(r"^[\u2022\u25aa\u25cf\u25e6\u2023\u00b7*o-]\s+(?=\S)")
"""The sign a list item of plain text opens with."""


def plan_from_text(name: str, text: str) -> Plan:
    """Plain text: blank lines end paragraphs; lines that each open with a bullet sign are
    a list; a short line on its own without a full stop (a web page's section title, often
    a question) is a heading."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [" ".join(line.split()) for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        joined = " ".join(lines)
        if all(ITEM_SIGN.match(line) for line in lines):  # a list: never a heading
            blocks.append(Block("bullets", items=tuple(ITEM_SIGN.sub("", line) for line in lines)))
        elif len(lines) == 1 and len(joined.split()) <= 14 and not joined.endswith("."):
            blocks.append(Block("h2", joined))
        else:
            blocks.append(Block("p", joined))
    # the title is the first line when it reads as one; a running header never repeats a
    # whole opening paragraph, so without one it is the place the file name leads with
    title = blocks[0].text if blocks and blocks[0].kind == "h2" else name.split("-")[0].title()
    return Plan(name, title, tuple(blocks))


# ------------------------------------------------------------------ containers


def to_text(plan: Plan) -> str:
    out: list[str] = []
    for block in plan.blocks:
        if block.kind in LIST_KINDS:
            out.append(
                "\n".join(
                    f"- {item}" if block.kind == "bullets" else f"{n}. {item}"
                    for n, item in enumerate(block.items, start=1)
                )
            )
        elif block.kind == "table":
            out.append("\n".join("\t".join(row) for row in block.items))
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def to_markdown(plan: Plan) -> str:
    out: list[str] = []
    for block in plan.blocks:
        if block.kind in HEADING_KINDS:
            out.append("#" * int(block.kind[1]) + " " + block.text)
        elif block.kind in LIST_KINDS:
            out.append(
                "\n".join(
                    f"- {item}" if block.kind == "bullets" else f"{n}. {item}"
                    for n, item in enumerate(block.items, start=1)
                )
            )
        elif block.kind == "table":
            rows = [f"| {' | '.join(row)} |" for row in block.items]
            width = len(block.items[0])
            rows.insert(1, "|" + "---|" * width)
            out.append("\n".join(rows))
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def to_html(plan: Plan) -> str:
    """A council-style web page: the plan in <main>, site furniture around it (the furniture
    names mental health on purpose: a reader that keeps it would over-score)."""
    e = html.escape
    body: list[str] = []
    for block in plan.blocks:
        if block.kind in HEADING_KINDS:
            body.append(f"<{block.kind}>{e(block.text)}</{block.kind}>")
        elif block.kind in LIST_KINDS:
            tag = "ul" if block.kind == "bullets" else "ol"
            lis = "".join(f"<li>{e(str(item))}</li>" for item in block.items)
            body.append(f"<{tag}>{lis}</{tag}>")
        elif block.kind == "table":
            head, *rows = block.items
            cells = "".join(f"<th>{e(c)}</th>" for c in head)
            trs = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            body.append(f"<table><thead><tr>{cells}</tr></thead><tbody>{trs}</tbody></table>")
        else:
            body.append(f"<p>{e(block.text)}</p>")
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{e(plan.title)}</title><style>body{{font-family:sans-serif}}</style></head>"
        "<body><a href='#main'>Skip to main content</a>"
        "<div class='cookies' role='banner'>We use cookies to improve your visit.</div>"
        "<header><p>Integrated Care Board</p><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/mh'>Mental health and wellbeing</a></li>"
        "<li><a href='/sp'>Suicide prevention</a></li></ul></nav></header>"
        f"<main id='main'>{''.join(body)}</main>"
        "<footer><p>Contact us. Accessibility. Mental health crisis line: call 111.</p>"
        "</footer><script>var x = 'mental health';</script></body></html>\n"
    )


def to_docx(plan: Plan, path: Path) -> None:
    """A Word document as Word writes one: heading styles, list paragraphs numbered
    through numbering.xml (the bullet is not in the text), tables as w:tbl."""
    e = html.escape

    def para(text: str, style: str | None = None, numbered: int | None = None) -> str:
        props = ""
        if style or numbered is not None:
            props = "<w:pPr>"
            if style:
                props += f'<w:pStyle w:val="{style}"/>'
            if numbered is not None:
                props += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbered}"/></w:numPr>'
            props += "</w:pPr>"
        return f'<w:p>{props}<w:r><w:t xml:space="preserve">{e(text)}</w:t></w:r></w:p>'

    parts: list[str] = []
    for block in plan.blocks:
        if block.kind in HEADING_KINDS:
            parts.append(para(block.text, f"Heading{block.kind[1]}"))
        elif block.kind in LIST_KINDS:
            num = 1 if block.kind == "bullets" else 2
            parts.extend(para(str(item), "ListParagraph", num) for item in block.items)
        elif block.kind == "table":
            rows = "".join(
                "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>"
                for row in block.items
            )
            parts.append(f"<w:tbl>{rows}</w:tbl>")
        else:
            parts.append(para(block.text))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {ns}>'
        f"<w:body>{''.join(parts)}</w:body></w:document>"
    )
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {ns}>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>'
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/numbering.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/numbering" Target="numbering.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [
            ("[Content_Types].xml", types),
            ("_rels/.rels", rels),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", doc_rels),
            ("word/numbering.xml", numbering),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            archive.writestr(info, data)


def to_pdf(plan: Plan, path: Path, *, size: str = "A4", columns: int = 1) -> None:
    """A typeset PDF: one column with a document-name footer and page number, or two
    columns with a running header and a "Page N" footer."""
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.lib.pagesizes import A4, A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        ListFlowable,
        ListItem,
        PageTemplate,
        Paragraph,
        Table,
    )

    width, height = A4 if size == "A4" else A5
    small = size == "A5"
    body = 9.0 if small else 10.5
    margin = (14 if small else 20) * mm
    st = {
        "h1": ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=body + 6, leading=body + 10,
                             spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=body + 2.5,
                             leading=body + 6, spaceBefore=8, spaceAfter=5),
        "h3": ParagraphStyle("h3", fontName="Helvetica-Bold", fontSize=body + 0.5,
                             leading=body + 4, spaceBefore=6, spaceAfter=3),
        "p": ParagraphStyle("p", fontName="Helvetica", fontSize=body, leading=body * 1.35,
                            spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=body - 1.5,
                               leading=(body - 1.5) * 1.25, splitLongWords=0),
    }  # fmt: skip
    gap = 6 * mm
    column = (width - 2 * margin) if columns == 1 else (width - 2 * margin - gap) / 2
    flow: list[Flowable] = []
    for block in plan.blocks:
        if block.kind in HEADING_KINDS:
            flow.append(Paragraph(html.escape(block.text), st[block.kind]))
        elif block.kind in LIST_KINDS:
            items = [ListItem(Paragraph(html.escape(str(i)), st["p"])) for i in block.items]
            if block.kind == "bullets":
                flow.append(ListFlowable(items, bulletType="bullet", start="\u2022",
                                         bulletFontSize=body, leftIndent=14))  # fmt: skip
            else:
                flow.append(ListFlowable(items, bulletType="1", bulletFormat="%s.",
                                         bulletFontSize=body, leftIndent=14))  # fmt: skip
        elif block.kind == "table":
            rows = [[Paragraph(html.escape(c), st["cell"]) for c in row] for row in block.items]
            ncols = max(len(r) for r in rows)
            flow.append(Table(rows, colWidths=[column / ncols] * ncols, hAlign="LEFT"))
        else:
            flow.append(Paragraph(html.escape(block.text), st["p"]))

    frame_height = height - 2 * margin
    if columns == 1:
        frames = [Frame(margin, margin, width - 2 * margin, frame_height, id="body")]
    else:
        frames = [
            Frame(margin, margin, column, frame_height, id="left"),
            Frame(margin + column + gap, margin, column, frame_height, id="right"),
        ]

    footer = ParagraphStyle("footer", fontName="Helvetica", fontSize=7, leading=8.5)

    def furniture(canvas: object, doc: BaseDocTemplate) -> None:
        c = canvas
        number = doc.page
        c.saveState()  # type: ignore[attr-defined]
        c.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        if columns == 1:
            # the document name in a box that is narrow on A5, where a long name wraps
            name = Paragraph(html.escape(f"{plan.title} | {plan.name} | {number}"), footer)
            box = (width - 2 * margin) * (0.55 if small else 0.9)
            _, tall = name.wrapOn(c, box, margin)
            name.drawOn(c, margin, margin * 0.75 - tall)
        else:
            c.drawString(margin, height - margin / 2, f"{plan.title} | Joint Forward Plan")  # type: ignore[attr-defined]
            c.drawCentredString(width / 2, margin / 2, f"Page {number}")  # type: ignore[attr-defined]
        c.restoreState()  # type: ignore[attr-defined]

    doc = BaseDocTemplate(str(path), pagesize=(width, height), invariant=1, title=plan.title)
    doc.addPageTemplates([PageTemplate(id="page", frames=frames, onPage=furniture)])
    doc.build(flow)


CONTAINERS: dict[str, tuple[str, Callable[[Plan, Path], None]]] = {
    "text": (".txt", lambda p, f: f.write_text(to_text(p), encoding="utf-8")),
    "markdown": (".md", lambda p, f: f.write_text(to_markdown(p), encoding="utf-8")),
    "html": (".html", lambda p, f: f.write_text(to_html(p), encoding="utf-8")),
    "docx": (".docx", to_docx),
    "pdf-1col-a4": (".pdf", lambda p, f: to_pdf(p, f, size="A4", columns=1)),
    "pdf-1col-a5": (".pdf", lambda p, f: to_pdf(p, f, size="A5", columns=1)),
    "pdf-2col-a4": (".pdf", lambda p, f: to_pdf(p, f, size="A4", columns=2)),
    "pdf-2col-a5": (".pdf", lambda p, f: to_pdf(p, f, size="A5", columns=2)),
}
"""Container name -> (file suffix, writer). "text" is the reference the others match."""


def render_all(plan: Plan, folder: Path) -> dict[str, Path]:
    """Write the plan in every container; container name -> file."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for name, (suffix, write) in CONTAINERS.items():
        path = folder / f"{plan.name}.{name}{suffix}"
        write(plan, path)
        out[name] = path
    return out
