#!/usr/bin/env python3
"""Build the fictional sample plans from the sources in samples/sources/.

ICS plans go to plans/; a source whose front matter says `folder: service-plans` goes to
that top-level folder instead (the integrated service plans, scored with another rubric).

Usage:
    pip install reportlab          # dev-only dependency
    python samples/build_plans.py  # writes plans/**.pdf, plans/**.html, service-plans/**.pdf

Every source is a Markdown file with a small YAML front matter (format described in
samples/README.md). The output is deterministic: reportlab runs in invariant mode
(fixed creation date and document id), so rebuilding gives byte-identical files.
"""
from __future__ import annotations

import html
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reportlab import rl_config

rl_config.invariant = 1  # fixed dates and ids: byte-identical rebuilds

import reportlab  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Frame,
    KeepTogether,
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
from reportlab.platypus.tableofcontents import TableOfContents  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "samples" / "sources"
PLANS = ROOT / "plans"
PAGE_MARK = "=== page ==="

# --------------------------------------------------------------------------- parsing


@dataclass
class Block:
    kind: str  # h1 h2 h3 p bullets numbered table callout
    text: str = ""
    items: list = field(default_factory=list)  # bullets / numbered / table rows


@dataclass
class Source:
    path: Path
    meta: dict
    pages: list  # list of pages, each a list of Block


def parse_source(path: Path) -> Source:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if not m:
        raise SystemExit(f"{path}: missing front matter")
    meta = yaml.safe_load(m.group(1))
    for key in ("title", "ics", "document_type", "output"):
        if key not in meta:
            raise SystemExit(f"{path}: front matter needs '{key}'")
    pages = []
    for chunk in m.group(2).split(PAGE_MARK):
        blocks = parse_blocks(chunk)
        if blocks:
            pages.append(blocks)
    return Source(path, meta, pages)


def parse_blocks(text: str) -> list:
    blocks: list[Block] = []
    para: list[str] = []

    def flush():
        if para:
            blocks.append(Block("p", " ".join(s.strip() for s in para)))
            para.clear()

    for line in text.splitlines():
        s = line.rstrip()
        if not s.strip():
            flush()
            continue
        hm = re.match(r"^(#{1,3})\s+(.*)$", s)
        if hm:
            flush()
            blocks.append(Block("h%d" % len(hm.group(1)), hm.group(2).strip()))
            continue
        kind = None
        if re.match(r"^\s*[-*]\s+", s):
            kind, item = "bullets", re.sub(r"^\s*[-*]\s+", "", s)
        elif re.match(r"^\s*\d+\.\s+", s):
            kind, item = "numbered", re.sub(r"^\s*\d+\.\s+", "", s)
        elif s.lstrip().startswith("|"):
            kind = "table"
            cells = [c.strip() for c in s.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue  # markdown separator row
            item = cells
        elif s.startswith(">"):
            kind, item = "callout", s.lstrip(">").strip()
        if kind:
            flush()
            if blocks and blocks[-1].kind == kind:
                blocks[-1].items.append(item)
            else:
                blocks.append(Block(kind, items=[item]))
            continue
        # continuation line of a bullet (indented) or ordinary paragraph line
        if line.startswith("  ") and blocks and blocks[-1].kind in ("bullets", "numbered") and not para:
            blocks[-1].items[-1] += " " + s.strip()
            continue
        para.append(s)
    flush()
    return blocks


def inline(text: str) -> str:
    """Escape text for reportlab/HTML markup and turn **bold** / *italic* into tags."""
    t = html.escape(text, quote=False)
    t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)
    t = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", t)
    return t


# --------------------------------------------------------------------------- PDF styles

NAVY = colors.HexColor("#1f3a5f")
TEAL = colors.HexColor("#1b6f6a")
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#e8eef4")


def styles(base_font="Helvetica", bold_font="Helvetica-Bold", size=10.5, hyphenate=False):
    lead = size * 1.35
    s = {
        "title": ParagraphStyle("title", fontName=bold_font, fontSize=26, leading=32, textColor=NAVY, spaceAfter=14),
        "subtitle": ParagraphStyle("subtitle", fontName=base_font, fontSize=15, leading=20, textColor=TEAL, spaceAfter=10),
        "meta": ParagraphStyle("meta", fontName=base_font, fontSize=11, leading=15, textColor=GREY),
        "h1": ParagraphStyle("h1", fontName=bold_font, fontSize=size + 6, leading=size + 10, textColor=NAVY, spaceBefore=6, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold_font, fontSize=size + 2.5, leading=size + 6, textColor=TEAL, spaceBefore=8, spaceAfter=5),
        "h3": ParagraphStyle("h3", fontName=bold_font, fontSize=size + 0.5, leading=size + 4, textColor=colors.black, spaceBefore=6, spaceAfter=3),
        "p": ParagraphStyle("p", fontName=base_font, fontSize=size, leading=lead, spaceAfter=6,
                            alignment=TA_JUSTIFY if hyphenate else TA_LEFT, embeddedHyphenation=1 if hyphenate else 0),
        "li": ParagraphStyle("li", fontName=base_font, fontSize=size, leading=lead,
                             alignment=TA_JUSTIFY if hyphenate else TA_LEFT, embeddedHyphenation=1 if hyphenate else 0),
        "cell": ParagraphStyle("cell", fontName=base_font, fontSize=size - 1.5, leading=(size - 1.5) * 1.25),
        "cellh": ParagraphStyle("cellh", fontName=bold_font, fontSize=size - 1.5, leading=(size - 1.5) * 1.25, textColor=colors.white),
        "callout": ParagraphStyle("callout", fontName=base_font, fontSize=size, leading=lead, backColor=LIGHT,
                                  borderPadding=(6, 6, 6, 6), spaceBefore=6, spaceAfter=12, borderColor=TEAL, borderWidth=0.5),
        "toc_h": ParagraphStyle("toc_h", fontName=bold_font, fontSize=20, leading=26, textColor=NAVY, spaceAfter=16),
    }
    return s


class PlanDoc(BaseDocTemplate):
    """Doc template that feeds h1/h2 headings to the contents page."""

    toc_levels = 2

    def afterFlowable(self, flowable):
        level = getattr(flowable, "_toc_level", None)
        if level is not None and level < self.toc_levels:
            key = "h%d" % self.seq
            self.seq += 1
            self.canv.bookmarkPage(key)
            self.notify("TOCEntry", (level, flowable._toc_text, self.page, key))

    def handle_documentBegin(self):
        self.seq = 0
        super().handle_documentBegin()


class ContentsTable(TableOfContents):
    """Contents page: one row per heading, "Heading . . . . . 12" (dotted leader, page label).

    Unlike reportlab's default, the page number is a separate table cell, so text extraction
    reads each entry as title, leader dots, then page number."""

    def __init__(self, formatter=str):
        super().__init__()
        self.formatter = formatter
        self.styles_ = [
            ParagraphStyle("toc0", fontName="Helvetica-Bold", fontSize=11, leading=17, endDots=" ."),
            ParagraphStyle("toc1", fontName="Helvetica", fontSize=10, leading=15, leftIndent=16, endDots=" ."),
        ]

    def wrap(self, availWidth, availHeight):
        entries = self._lastEntries or [(0, "Placeholder for table of contents", 0, None)]
        rows = []
        for level, text, page, key in entries:
            style = self.styles_[min(level, 1)]
            if key:
                text = '<a href="#%s">%s</a>' % (key, text)
            num = Paragraph(self.formatter(page), ParagraphStyle("tocn", parent=style, endDots=None, alignment=2))
            rows.append([Paragraph(text, style), num])
        self._table = Table(rows, colWidths=(availWidth - 40, 40))
        self._table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                         ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height


def heading(text, style, level):
    p = Paragraph(inline(text), style)
    p._toc_level = level
    p._toc_text = inline(text)
    return p


def block_flowables(blocks, st, text_filter=lambda t: t):
    out = []
    f = lambda t: inline(text_filter(t))  # noqa: E731
    pending_heads = []
    for b in blocks:
        if b.kind in ("h1", "h2", "h3"):
            level = {"h1": 0, "h2": 1, "h3": 2}[b.kind]
            pending_heads.append(heading(b.text, st[b.kind], level))
            continue
        if b.kind == "p":
            fl = [Paragraph(f(b.text), st["p"])]
        elif b.kind in ("bullets", "numbered"):
            items = [ListItem(Paragraph(f(i), st["li"]), leftIndent=14) for i in b.items]
            # Helvetica's bullet glyph extracts as "(cid:127)" with pdfminer, so standard-font documents
            # use an en dash; TrueType documents (two-column) use a real bullet.
            mark = "\u2022" if st["li"].fontName == "Vera" else "\u2013"
            kw = dict(bulletType="bullet", start=mark) if b.kind == "bullets" else dict(bulletType="1")
            fl = [ListFlowable(items, leftIndent=14, bulletFontName=st["li"].fontName,
                               bulletFontSize=st["li"].fontSize, spaceAfter=6, **kw), Spacer(1, 4)]
        elif b.kind == "table":
            rows = b.items
            ncols = max(len(r) for r in rows)
            data = []
            for i, r in enumerate(rows):
                r = r + [""] * (ncols - len(r))
                data.append([Paragraph(f(c), st["cellh" if i == 0 else "cell"]) for c in r])
            t = Table(data, repeatRows=1, hAlign="LEFT")
            t.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa8b5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT]),
            ]))
            fl = [t, Spacer(1, 10)]
        elif b.kind == "callout":
            fl = [Paragraph("<br/>".join(f(i) for i in b.items), st["callout"])]
        else:
            raise ValueError(b.kind)
        if pending_heads:
            out.append(KeepTogether(pending_heads + fl[:1]))
            out.extend(fl[1:])
            pending_heads = []
        else:
            out.extend(fl)
    out.extend(pending_heads)  # headings with nothing under them (deliberate trap)
    return out


def to_roman(n: int) -> str:
    vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, r in vals:
        while n >= v:
            out += r
            n -= v
    return out


# --------------------------------------------------------------------------- single column


def build_single(src: Source, out: Path) -> None:
    meta = src.meta
    st = styles(size=10)
    W, H = A4
    margin = 20 * mm
    roman_front = meta.get("page_labels") == "roman-front"
    front = 2  # title page + contents page

    def label(page: int) -> str:
        if roman_front:
            return to_roman(page) if page <= front else str(page - front)
        return str(page)

    footer_text = meta.get("footer", f"{meta['ics']} | {meta['document_type']}")

    def on_page(canv, doc):
        if doc.page == 1:
            return
        canv.saveState()
        canv.setFont("Helvetica", 8)
        canv.setFillColor(GREY)
        canv.setStrokeColor(colors.HexColor("#9aa8b5"))
        canv.line(margin, 15 * mm, W - margin, 15 * mm)
        canv.drawString(margin, 10 * mm, footer_text)
        canv.drawRightString(W - margin, 10 * mm, label(doc.page))
        canv.restoreState()

    doc = PlanDoc(str(out), pagesize=A4, leftMargin=margin, rightMargin=margin,
                  topMargin=margin, bottomMargin=margin + 4 * mm, invariant=1,
                  title=meta["title"], author=meta.get("author", f"{meta['ics']} ICS"),
                  subject=meta["document_type"], creator="pmh-assess samples/build_plans.py")
    doc.toc_levels = int(meta.get("toc_levels", 2))
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=on_page)])

    story = [Spacer(1, 50 * mm), Paragraph(inline(meta["title"]), st["title"])]
    if meta.get("subtitle"):
        story.append(Paragraph(inline(meta["subtitle"]), st["subtitle"]))
    story += [Spacer(1, 20 * mm),
              Paragraph(inline(f"{meta['ics']} Integrated Care System"), st["meta"]),
              Paragraph(inline(meta["document_type"]), st["meta"])]
    if meta.get("date"):
        story.append(Paragraph(inline(str(meta["date"])), st["meta"]))
    if meta.get("title_note"):
        story += [Spacer(1, 30 * mm), Paragraph(inline(meta["title_note"]), st["meta"])]
    story.append(PageBreak())

    toc = ContentsTable(formatter=label)
    story += [Paragraph("Contents", st["toc_h"]), toc, PageBreak()]

    for i, page in enumerate(src.pages):
        story += block_flowables(page, st)
        if i < len(src.pages) - 1:
            story.append(PageBreak())

    def canvasmaker(*a, **kw):
        from reportlab.pdfgen.canvas import Canvas

        c = Canvas(*a, **kw)
        if roman_front:
            c.addPageLabel(0, "ROMAN_LOWER", 1)
            c.addPageLabel(front, "ARABIC", 1)
        return c

    doc.multiBuild(story, canvasmaker=canvasmaker)


# --------------------------------------------------------------------------- two column

SOFT = "\u00ad"
# hyphenation points offered to the line breaker (only used where a line actually breaks)
HYPHENATION = {
    "prevention": "preven-tion", "preventative": "preven-tative", "community": "commun-ity",
    "communities": "commun-ities", "organisations": "organ-isations", "partnerships": "partner-ships",
    "inequalities": "in-equalities", "development": "develop-ment", "interventions": "inter-ventions",
    "neighbourhood": "neighbour-hood", "neighbourhoods": "neighbour-hoods", "particularly": "partic-ularly",
    "professionals": "profes-sionals", "wellbeing": "well-being", "resilience": "resil-ience",
    "emotional": "emo-tional", "adolescents": "adoles-cents", "programmes": "pro-grammes",
    "education": "edu-cation", "environment": "environ-ment", "assessment": "assess-ment",
    "understanding": "under-standing", "discrimination": "discrim-ination", "transformation": "trans-formation",
    "experience": "experi-ence", "experiences": "experi-ences", "perinatal": "peri-natal",
    "children": "chil-dren", "families": "fam-ilies", "integrated": "inte-grated", "voluntary": "volun-tary",
    "commissioning": "commis-sioning", "deprivation": "depriv-ation", "practitioners": "prac-titioners",
    "relationships": "relation-ships", "improvement": "improve-ment", "population": "popu-lation",
    "approaches": "ap-proaches", "employment": "employ-ment", "safeguarding": "safe-guarding",
}
LIGATURES = (("ffi", "ffi"), ("fi", "\ufb01"), ("fl", "\ufb02"))


def typeset_text(t: str) -> str:
    """Add soft hyphens and fi/fl ligatures, as a typesetting program would."""
    def hyph(m):
        w = m.group(0)
        h = HYPHENATION.get(w.lower())
        if not h:
            return w
        i = h.index("-")
        return w[:i] + SOFT + w[i:]

    t = re.sub(r"[A-Za-z]+", hyph, t)
    t = t.replace("ffi", "\x00")  # leave 'ffi' alone (no glyph), then restore
    t = t.replace("fi", "\ufb01").replace("fl", "\ufb02").replace("\x00", "ffi")
    return t


def find_font() -> tuple[str, str]:
    """A TrueType font with fi/fl ligature glyphs: reportlab ships Bitstream Vera."""
    d = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("Vera", str(d / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Vera-Bold", str(d / "VeraBd.ttf")))
    return "Vera", "Vera-Bold"


def build_two_column(src: Source, out: Path) -> None:
    meta = src.meta
    base, bold = find_font()
    st = styles(base, bold, size=10.2, hyphenate=True)
    st["h1"].fontSize, st["h1"].leading = 14, 18
    W, H = A4
    margin = 16 * mm
    gap = 7 * mm
    header_text = meta.get("running_header", meta["title"])
    colw = (W - 2 * margin - gap) / 2
    top = H - margin - 10 * mm  # below the running header
    bottom = margin + 8 * mm  # above the footer
    title_h = 70 * mm

    def on_page(canv, doc):  # drawn before the page content: the header comes first in the stream
        canv.saveState()
        canv.setFont("Helvetica", 8.5)
        canv.setFillColor(GREY)
        canv.drawString(margin, H - margin, header_text)
        canv.setStrokeColor(TEAL)
        canv.line(margin, H - margin - 3 * mm, W - margin, H - margin - 3 * mm)
        canv.restoreState()

    def on_page_end(canv, doc):  # drawn after the content: the footer comes last
        canv.saveState()
        canv.setFont("Helvetica", 8.5)
        canv.setFillColor(GREY)
        canv.drawCentredString(W / 2, margin - 2 * mm, f"Page {doc.page}")
        canv.restoreState()

    doc = BaseDocTemplate(str(out), pagesize=A4, invariant=1, title=meta["title"],
                          author=meta.get("author", f"{meta['ics']} ICS"), subject=meta["document_type"],
                          creator="pmh-assess samples/build_plans.py")
    first = PageTemplate("first", [
        Frame(margin, top - title_h, W - 2 * margin, title_h, id="title"),
        Frame(margin, bottom, colw, top - title_h - bottom, id="l1"),
        Frame(margin + colw + gap, bottom, colw, top - title_h - bottom, id="r1"),
    ], onPage=on_page, onPageEnd=on_page_end)
    later = PageTemplate("later", [
        Frame(margin, bottom, colw, top - bottom, id="l"),
        Frame(margin + colw + gap, bottom, colw, top - bottom, id="r"),
    ], onPage=on_page, onPageEnd=on_page_end)
    doc.addPageTemplates([first, later])

    from reportlab.platypus import FrameBreak

    story = [Paragraph(inline(meta["title"]), ParagraphStyle("t2", parent=st["title"], fontName=bold, fontSize=20, leading=25))]
    if meta.get("subtitle"):
        story.append(Paragraph(inline(meta["subtitle"]), ParagraphStyle("s2", parent=st["subtitle"], fontName=base, fontSize=12, leading=15)))
    story.append(Paragraph(inline(f"{meta['ics']} Integrated Care System | {meta['document_type']} | {meta.get('date', '')}"),
                           ParagraphStyle("m2", parent=st["meta"], fontName=base, fontSize=9)))
    story += [FrameBreak(), NextPageTemplate("later")]
    for i, page in enumerate(src.pages):
        story += block_flowables(page, st, text_filter=typeset_text)
        if i < len(src.pages) - 1:
            story.append(PageBreak())
    doc.build(story)


# --------------------------------------------------------------------------- HTML

HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {ics} Integrated Care Board</title>
<meta name="description" content="{ics} ICB: our joint forward plan for mental health, physical health and care.">
<style>
  /* site styles: mental health pages use the teal accent */
  body {{ font-family: Arial, Helvetica, sans-serif; margin: 0; color: #222; }}
  .skip-link {{ position: absolute; left: -999px; }}
  .skip-link:focus {{ left: 8px; top: 8px; }}
  header, footer {{ background: #1f3a5f; color: #fff; padding: 12px 24px; }}
  nav ul {{ list-style: none; display: flex; gap: 16px; padding: 0; }}
  nav a {{ color: #fff; }}
  main {{ max-width: 60em; margin: 0 auto; padding: 16px 24px; }}
  table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #999; padding: 4px 8px; }}
  .cookie-banner {{ background: #fffbe6; padding: 8px 24px; }}
</style>
<script>
  // Cookie consent and analytics. Tracks visits to "mental health" and "children and young people" pages.
  window.dataLayer = window.dataLayer || [];
  function trackPage(section) {{ window.dataLayer.push({{event: "pageview", section: section || "mental health"}}); }}
  document.addEventListener("DOMContentLoaded", function () {{ trackPage("mental health prevention"); }});
</script>
</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<div class="cookie-banner" role="region" aria-label="Cookie banner">
  <p>We use cookies to improve our website, including our mental health and wellbeing pages.
  <button type="button">Accept additional cookies</button> <button type="button">Reject additional cookies</button></p>
</div>
<header>
  <p class="site-name">{ics} Integrated Care Board</p>
  <p>Language translation requires additional cookies enabled</p>
  <nav aria-label="Main navigation">
    <ul>
      <li><a href="/">Home</a></li>
      <li><a href="/about-us">About us</a></li>
      <li><a href="/our-plans">Our plans</a></li>
      <li><a href="/mental-health">Mental health and wellbeing</a></li>
      <li><a href="/children-and-young-people">Children and young people</a></li>
      <li><a href="/suicide-prevention">Suicide prevention support</a></li>
      <li><a href="/public-mental-health">Public mental health</a></li>
      <li><a href="/contact">Contact us</a></li>
    </ul>
  </nav>
  <nav aria-label="Breadcrumb"><a href="/">Home</a> &gt; <a href="/our-plans">Our plans</a> &gt; {title}</nav>
</header>
<main id="main-content">
<h1>{title}</h1>
{subtitle}
{body}
</main>
<footer>
  <nav aria-label="Footer">
    <ul>
      <li><a href="/accessibility">Accessibility</a></li>
      <li><a href="/cookies">Cookies</a></li>
      <li><a href="/privacy">Privacy notice</a></li>
      <li><a href="/mental-health/urgent-help">Urgent mental health help</a></li>
    </ul>
  </nav>
  <p>In a mental health crisis? Call NHS 111 and choose the mental health option, 24 hours a day. Need to talk about
  suicide or self-harm? Samaritans are free to call on 116 123.</p>
  <p>&copy; {year} {ics} Integrated Care Board. Working together for better mental health, wellbeing and prevention
  for children and young people, families, refugees and people with long-term conditions.</p>
</footer>
<script>
  // Feedback widget: "Was this page about mental health useful?"
  var feedback = {{ question: "Was this page useful?", topics: ["mental health", "public mental health", "suicide prevention"] }};
</script>
</body>
</html>
"""


def html_blocks(blocks) -> str:
    out = []
    for b in blocks:
        if b.kind in ("h1", "h2", "h3"):
            lvl = int(b.kind[1]) + 1  # the page title is the only <h1>
            out.append(f"<h{lvl}>{inline(b.text)}</h{lvl}>")
        elif b.kind == "p":
            out.append(f"<p>{inline(b.text)}</p>")
        elif b.kind in ("bullets", "numbered"):
            tag = "ul" if b.kind == "bullets" else "ol"
            out.append(f"<{tag}>\n" + "\n".join(f"  <li>{inline(i)}</li>" for i in b.items) + f"\n</{tag}>")
        elif b.kind == "table":
            rows = []
            for i, r in enumerate(b.items):
                c = "th" if i == 0 else "td"
                rows.append("  <tr>" + "".join(f"<{c}>{inline(x)}</{c}>" for x in r) + "</tr>")
            out.append("<table>\n" + "\n".join(rows) + "\n</table>")
        elif b.kind == "callout":
            out.append('<aside class="callout"><p>' + "<br>".join(inline(i) for i in b.items) + "</p></aside>")
    return "\n".join(out)


def build_html(src: Source, out: Path) -> None:
    meta = src.meta
    body = "\n".join(f'<section id="section-{i + 1}">\n{html_blocks(p)}\n</section>' for i, p in enumerate(src.pages))
    sub = f"<p class=\"lead\">{inline(meta['subtitle'])}</p>" if meta.get("subtitle") else ""
    text = HTML_TEMPLATE.format(title=inline(meta["title"]), ics=inline(meta["ics"]), subtitle=sub, body=body,
                                year=meta.get("year", 2023))
    out.write_text(text, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- main

def build_markdown(src: Source, out: Path) -> None:
    """Plain Markdown plan: the source body without front matter or page markers."""
    body = src.path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    body = re.sub(r"\n*" + re.escape(PAGE_MARK) + r"\n*", "\n\n", body).strip()
    out.write_text(f"# {src.meta['title']}\n\n{src.meta['ics']} Integrated Care System | {src.meta['document_type']}"
                   f" | {src.meta.get('date', '')}\n\n{body}\n", encoding="utf-8", newline="\n")


BUILDERS = {"single": build_single, "two-column": build_two_column, "html": build_html, "markdown": build_markdown}


def pdf_pages(path: Path) -> int:
    data = path.read_bytes()
    return len(re.findall(rb"/Type /Page\b", data))


def main(argv: list[str]) -> int:
    sources = sorted(SOURCES.glob("*.md"))
    if not sources:
        print("no sources in", SOURCES, file=sys.stderr)
        return 1
    outputs: dict[Path, list[Path]] = {}  # top-level folder -> documents built into it
    for path in sources:
        src = parse_source(path)
        layout = src.meta.get("layout", "single")
        folder = ROOT / src.meta.get("folder", PLANS.name)
        out = folder / src.meta["output"]
        out.parent.mkdir(parents=True, exist_ok=True)
        BUILDERS[layout](src, out)
        outputs.setdefault(folder, []).append(out)
        extra = f", {pdf_pages(out)} pages" if out.suffix == ".pdf" else ""
        print(f"{path.relative_to(ROOT)} -> {out.relative_to(ROOT)} ({layout}{extra}, {out.stat().st_size // 1024} KB)")

    # every built document must be declared in its folder's manifest
    for folder, built in outputs.items():
        manifest = folder / "plans.yaml"
        if not manifest.exists():
            print(f"warning: {manifest.relative_to(ROOT)} does not exist", file=sys.stderr)
            continue
        declared = set()
        for plan in yaml.safe_load(manifest.read_text(encoding="utf-8"))["plans"]:
            declared.update(os.path.normpath(d) for d in plan["documents"])
        for o in built:
            if os.path.normpath(str(o.relative_to(folder))) not in declared:
                print(f"warning: {o.relative_to(ROOT)} is not listed in {manifest.relative_to(ROOT)}",
                      file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
