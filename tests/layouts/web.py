"""A plan published as a web page in a drawn layout, as council and NHS sites publish them.

The page frame (bare, a site with header, navigation, breadcrumbs and footer around
<main> or around a plain div, or an old layout table), the markup (semantic tags, or div
soup: divs and spans with classes, headings as bold spans), lists (tags, one paragraph
with a line break per item, run into one paragraph), tables (tags or divs), a contents
list of the page's sections, footnotes, a call-out box, and how the source is wrapped.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ..render import HEADING_KINDS, LIST_KINDS, Block, Plan
from .features import (
    Headings,
    Lists,
    area,
    footnotes,
    heading_labels,
    item_marks,
    organisation,
    pick,
    run_on,
    runs_into_lead_in,
    sidebar_candidates,
    with_markers,
)

FRAMES = ("plain", "site", "site-divs", "table")
MARKUPS = ("tags", "divs", "divs-br")


@dataclass(frozen=True)
class HtmlLayout:
    """One way to publish a plan as a page. `frame`: plain, site (furniture around
    <main>), site-divs (the same furniture, the plan in <div id="content">), table (a
    layout table); `markup`: tags, divs (div soup), divs-br (div soup with a section's
    paragraphs in one div, split by <br><br>); `list_markup`: tags, or br (one paragraph,
    an item a line)."""

    frame: str = "plain"
    markup: str = "tags"
    headings: Headings = field(default_factory=Headings)
    lists: Lists = field(default_factory=Lists)
    list_markup: str = "tags"
    tables: str = "tags"  # tags, divs
    contents: bool = False
    footnotes: int = 0
    footnote_style: str = "citation"
    sidebar: str = ""  # "", box
    sidebar_pick: int = 0
    wrap: int = 0  # source lines wrapped at this width (0: one line an element)
    nbsp: bool = False  # two spaces after a full stop written "&nbsp; " as editors do

    suffix = ".html"

    def describe(self) -> str:
        return f"html {self!r}"

    def write(self, plan: Plan, path: Path) -> None:
        path.write_text(to_html(plan, self), encoding="utf-8")


def _text(text: str, layout: HtmlLayout) -> str:
    out = html.escape(text, quote=False)
    if layout.nbsp:
        out = out.replace(". ", ".&nbsp; ")
    if layout.wrap:
        out = "\n      ".join(textwrap.wrap(out, layout.wrap, break_on_hyphens=False))
    return out


def _heading(level: str, text: str, anchor: str, layout: HtmlLayout) -> str:
    colour = f' style="color:{layout.headings.colour}"' if layout.headings.colour else ""
    words = _text(text, layout)
    if layout.markup == "tags":
        return f'<{level} id="{anchor}"{colour}>{words}</{level}>'
    size = (
        "16px"
        if layout.headings.size == "body"
        else {"h1": "32px", "h2": "24px"}.get(level, "19px")
    )
    return (
        f'<div class="text-block" id="{anchor}"><span class="font-heading" '
        f'style="font-weight:700;font-size:{size}">{words}</span></div>'
    )


def _paragraph(markup: str, layout: HtmlLayout, css: str = "") -> str:
    if layout.markup == "tags":
        return f'<p class="{css}">{markup}</p>' if css else f"<p>{markup}</p>"
    return (
        f'<div class="{f"text-block {css}".strip()}"><span class="font-body">{markup}</span></div>'
    )


def _list(block: Block, layout: HtmlLayout) -> str:
    marks = item_marks(block, layout.lists)
    items = [_text(str(item), layout) for item in block.items]
    if layout.lists.form == "bare":
        return "".join(_paragraph(item, layout) for item in items)
    if layout.list_markup == "br":
        lines = "<br>\n".join(
            f"{mark} {item}".strip() for mark, item in zip(marks, items, strict=True)
        )
        return _paragraph(lines, layout)
    if layout.markup != "tags":
        rows = "".join(
            f'<div class="list__item"><span class="list__mark">{html.escape(mark)}</span> '
            f"<span>{item}</span></div>"
            for mark, item in zip(marks, items, strict=True)
        )
        return f'<div class="list">{rows}</div>'
    numbered = layout.lists.form == "numbers" or block.kind == "numbered"
    tag = "ol" if numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


def _table(block: Block, layout: HtmlLayout) -> str:
    head, *rows = block.items
    e = html.escape
    if layout.tables == "divs":
        out = [
            '<div class="grid__row grid__row--head">'
            + "".join(f'<div class="grid__cell"><strong>{e(c)}</strong></div>' for c in head)
            + "</div>"
        ]
        out += [
            '<div class="grid__row">'
            + "".join(f'<div class="grid__cell">{e(c)}</div>' for c in row)
            + "</div>"
            for row in rows
        ]
        return f'<div class="grid">{"".join(out)}</div>'
    cells = "".join(f"<th>{e(c)}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _content(plan: Plan, layout: HtmlLayout) -> str:
    labels = heading_labels(plan, layout.headings)
    notes = footnotes(plan, layout.footnotes, layout.footnote_style)
    marks: dict[int, list[tuple[int, str]]] = {}
    for number, note in enumerate(notes, start=1):
        marks.setdefault(note.block, []).append((note.at, str(number)))
    side = pick(sidebar_candidates(plan), layout.sidebar_pick) if layout.sidebar else None
    contents = ""
    if layout.contents:
        links = "".join(
            f'<li><a href="#section-{i}">{html.escape(text)}</a></li>'
            for i, text in labels.items()
            if i
        )
        contents = (
            '<div class="contents-list"><h2 class="contents-list__title">Contents'
            f'</h2><ol class="contents-list__list">{links}</ol></div>'
        )
    # the contents list follows the title, or opens the page
    out: list[str] = [] if 0 in labels else [contents]
    section: list[str] = []  # divs-br: a section's paragraphs, in one div

    def flush() -> None:
        if section:
            out.append(
                '<div class="text-block"><span class="font-body">'
                + "<br><br>\n".join(section)
                + "</span></div>"
            )
            section.clear()

    for index, block in enumerate(plan.blocks):
        if block.kind in HEADING_KINDS:
            flush()
            level = "h1" if index == 0 else block.kind
            out.append(_heading(level, labels[index], f"section-{index}", layout))
            if index == 0 and contents:
                out.append(contents)
            continue
        if block.kind in LIST_KINDS:
            if layout.lists.form == "run-on":
                if index and runs_into_lead_in(plan, index - 1, layout.lists):
                    continue
                words = _text(run_on(block, layout.lists), layout)
                if layout.markup == "divs-br":
                    section.append(words)
                else:
                    out.append(_paragraph(words, layout))
                continue
            flush()
            out.append(_list(block, layout))
            continue
        if block.kind == "table":
            flush()
            out.append(_table(block, layout))
            continue
        pieces = with_markers(block.text, marks.get(index, []))
        markup = "".join(
            _text(words, layout)
            + (f'<sup><a href="#note-{label}" id="ref-{label}">{label}</a></sup>' if label else "")
            for words, label in pieces
        )
        if runs_into_lead_in(plan, index, layout.lists):
            markup += " " + _text(run_on(plan.blocks[index + 1], layout.lists), layout)
        if index == side:
            flush()
            out.append(
                '<div class="callout callout--info">'
                + _paragraph(markup, layout, "callout__body")
                + "</div>"
            )
        elif layout.markup == "divs-br":
            section.append(markup)
        else:
            out.append(_paragraph(markup, layout))
    flush()
    if notes:
        items = "".join(
            f'<li id="note-{n}">{html.escape(note.text)} '
            f'<a href="#ref-{n}" aria-label="Back to content">\u21a9</a></li>'
            for n, note in enumerate(notes, start=1)
        )
        out.append(f'<div class="footnotes"><hr><ol>{items}</ol></div>')
    return "\n".join(out)


def _furniture(plan: Plan, layout: HtmlLayout) -> tuple[str, str, str]:
    """A site's header, navigation and footer: what council and NHS pages carry."""
    e = html.escape
    org = e(organisation(plan))
    sections = [b.text for b in plan.blocks[1:] if b.kind in HEADING_KINDS][:3]
    top = (
        '<a class="skip-link" href="#content">Skip to main content</a>'
        '<div class="cookie-banner" role="region" aria-label="Cookies on this website">'
        "<p>We use some essential cookies to make this website work. We would also like to "
        "use analytics cookies to understand how you use the site.</p>"
        "<button>Accept analytics cookies</button><button>Reject analytics cookies</button>"
        "</div>"
        f'<header class="site-header"><a class="site-header__logo" href="/">{org}</a>'
        '<form role="search"><label for="q">Search this site</label><input id="q" name="q">'
        "<button>Search</button></form></header>"
    )
    nav = (
        '<nav class="site-nav" aria-label="Main"><ul>'
        '<li><a href="/">Home</a></li><li><a href="/about-us">About us</a></li>'
        '<li><a href="/our-plans">Our plans and strategies</a></li>'
        '<li><a href="/your-health">Your health and wellbeing</a></li>'
        '<li><a href="/get-involved">Get involved</a></li>'
        '<li><a href="/contact-us">Contact us</a></li></ul></nav>'
        '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>'
        '<li><a href="/our-plans">Our plans and strategies</a></li>'
        f"<li>{e(plan.title)}</li></ol></nav>"
    )
    related = "".join(
        f'<li><a href="/our-plans#{n}">{e(s)}</a></li>' for n, s in enumerate(sections)
    )
    bottom = (
        '<div class="page-feedback"><h2>Is this page useful?</h2><button>Yes</button>'
        "<button>No</button><a href='/report'>Report a problem with this page</a></div>"
        '<p class="last-reviewed">Page last reviewed: 12 March 2024<br>'
        "Next review due: 12 March 2025</p>"
        '<div class="share"><span>Share this page:</span> <a href="#">Facebook</a> '
        '<a href="#">LinkedIn</a> <a href="#">Email</a></div>'
        f'<aside class="related"><h2>Related pages</h2><ul>{related}</ul></aside>'
        f'<footer class="site-footer"><p>{org}</p><p>Floor 3, Civic Centre, '
        f"{e(area(plan))}</p><ul><li><a href='/accessibility'>Accessibility statement</a></li>"
        "<li><a href='/privacy'>Privacy notice</a></li><li><a href='/cookies'>Cookies</a></li>"
        "<li><a href='/foi'>Freedom of information</a></li></ul>"
        f"<p>\u00a9 {org} 2024</p></footer>"
        "<script>window.dataLayer = window.dataLayer || [];</script>"
    )
    return top, nav, bottom


def to_html(plan: Plan, layout: HtmlLayout) -> str:
    content = _content(plan, layout)
    head = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width'><title>{html.escape(plan.title)}"
        f" - {html.escape(organisation(plan))}</title>"
        "<style>.font-heading{display:block}.list__mark{padding-right:4px}</style></head>"
    )
    if layout.frame == "plain":
        return f"{head}<body>\n{content}\n</body></html>\n"
    top, nav, bottom = _furniture(plan, layout)
    if layout.frame == "site":
        page = f"{top}{nav}<main id='content'>\n{content}\n</main>{bottom}"
    elif layout.frame == "site-divs":
        page = (
            f"{top}{nav}<div class='page'><div id='content' class='page__content'>\n{content}\n"
            f"</div></div>{bottom}"
        )
    else:
        page = (
            "<table width='100%' cellpadding='0' cellspacing='0' border='0'>"
            f"<tr><td colspan='2'>{top}</td></tr>"
            f"<tr><td class='left' width='200' valign='top'>{nav}</td>"
            f"<td class='right' valign='top'>\n{content}\n</td></tr>"
            f"<tr><td colspan='2'>{bottom}</td></tr></table>"
        )
    return f"{head}<body>{page}</body></html>\n"
