"""Hypothesis strategies: layouts drawn as publishers vary them."""

from __future__ import annotations

from hypothesis import strategies as st

from .features import DOCUMENT_KINDS, FOOTER_TEXTS, PAGE_NUMBERS, Headings, Lists
from .pdf import FONTS, PAGES, PdfLayout
from .text import TextLayout
from .web import FRAMES, MARKUPS, HtmlLayout
from .word import DocxLayout

COLOURS = ("", "#005EB8", "#330072", "#00A499", "#AE2573")
"""Heading colours of NHS and council house styles (black, blues, purple, teal, pink)."""

BULLETS = ("\u2022", "-", "\u2013", "*", "o", "\u25aa", "\u00b7")
"""Bullets people type or fonts draw: •, -, –, *, o, ▪, ·."""

NUMBERS = ("{n}.", "{n})", "({a})")


def headings() -> st.SearchStrategy[Headings]:
    return st.builds(
        Headings,
        size=st.sampled_from(("larger", "body")),
        caps=st.booleans(),
        numbered=st.booleans(),
        colour=st.sampled_from(COLOURS),
    )


def lists(marks: tuple[str, ...] = BULLETS) -> st.SearchStrategy[Lists]:
    return st.builds(
        Lists,
        form=st.sampled_from(("marked", "numbers", "bare", "run-on")),
        mark=st.sampled_from(marks),
        with_lead_in=st.booleans(),
        numbers=st.sampled_from(NUMBERS),
    )


@st.composite
def pdf_layouts(draw: st.DrawFn) -> PdfLayout:
    page = draw(st.sampled_from(PAGES))
    wide = page != "A5"
    columns = draw(st.integers(1, 3 if wide else 2))
    sidebar = draw(st.sampled_from(("", "box", "side") if wide and columns < 3 else ("", "box")))
    return PdfLayout(
        page=page,
        side_mm=draw(st.integers(12, 30 if wide else 20)),
        top_mm=draw(st.integers(12, 28)),
        columns=columns,
        gap_mm=draw(st.integers(4, 10)),
        font=draw(st.sampled_from(FONTS)),
        body_pt=draw(st.sampled_from((8.5, 9.0, 10.0, 10.5, 11.0, 12.0))),
        leading=draw(st.sampled_from((1.15, 1.25, 1.35, 1.5))),
        justify=draw(st.booleans()),
        headings=draw(headings()),
        lists=draw(lists(("\u2022", "-", "\u2013", "o"))),
        bullet_font=draw(st.sampled_from(("", "ZapfDingbats"))),
        table_grid=draw(st.booleans()),
        cover=draw(st.booleans()),
        contents=draw(st.booleans()),
        header=draw(st.sampled_from(("", "title", "title-kind", "org", "section"))),
        header_kind=draw(st.sampled_from(DOCUMENT_KINDS)),
        page_number=draw(st.sampled_from(PAGE_NUMBERS)),
        footer=draw(st.sampled_from(FOOTER_TEXTS)),
        footnotes=draw(st.integers(0, 3)),
        footnote_style=draw(st.sampled_from(("citation", "link"))),
        sidebar=sidebar,
        sidebar_pick=draw(st.integers(0, 20)),
    )


def html_layouts() -> st.SearchStrategy[HtmlLayout]:
    return st.builds(
        HtmlLayout,
        frame=st.sampled_from(FRAMES),
        markup=st.sampled_from(MARKUPS),
        headings=headings(),
        lists=lists(),
        list_markup=st.sampled_from(("tags", "br")),
        tables=st.sampled_from(("tags", "divs")),
        contents=st.booleans(),
        footnotes=st.integers(0, 3),
        footnote_style=st.sampled_from(("citation", "link")),
        sidebar=st.sampled_from(("", "box")),
        sidebar_pick=st.integers(0, 20),
        wrap=st.sampled_from((0, 0, 72, 100)),
        nbsp=st.booleans(),
    )


def docx_layouts() -> st.SearchStrategy[DocxLayout]:
    return st.builds(
        DocxLayout,
        heading_styles=st.sampled_from(("word", "house", "bold")),
        headings=headings(),
        lists=lists(),
        list_markup=st.sampled_from(("numbering", "typed")),
        header=st.sampled_from(("", "title", "title-kind", "org")),
        header_kind=st.sampled_from(DOCUMENT_KINDS),
        page_number=st.sampled_from(("", "Page {n}", "{n}", "Page {n} of {total}", "- {n} -")),
        footnotes=st.integers(0, 3),
        footnote_style=st.sampled_from(("citation", "link")),
        sidebar=st.sampled_from(("", "box")),
        sidebar_pick=st.integers(0, 20),
        line_breaks=st.sampled_from((0, 0, 60, 90)),
        split_runs=st.booleans(),
    )


def text_layouts() -> st.SearchStrategy[TextLayout]:
    return st.builds(
        TextLayout,
        headings=headings(),
        underline=st.sampled_from(("", "", "=", "-")),
        lists=lists(),
        spaced_items=st.booleans(),
        wrap=st.sampled_from((0, 0, 50, 66, 72, 80, 100)),
        tables=st.sampled_from(("tabs", "spaces", "pipes")),
        page_lines=st.sampled_from((0, 0, 40, 55)),
        header=st.sampled_from(("", "title", "title-kind", "org")),
        header_kind=st.sampled_from(DOCUMENT_KINDS),
        page_number=st.sampled_from(tuple(p for p in PAGE_NUMBERS if p)),
    )


def layouts() -> st.SearchStrategy[PdfLayout | HtmlLayout | DocxLayout | TextLayout]:
    """Any container: PDF most often, as most plans are published as PDFs."""
    return st.one_of(pdf_layouts(), pdf_layouts(), html_layouts(), docx_layouts(), text_layouts())
