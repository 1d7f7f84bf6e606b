"""Coverage as one self-contained HTML file: no network, no external files, printable.

Sections: overall ratings (an SVG chart and a table), tag groups (an SVG chart and a
table), the heat-map matrix (each cell links to its evidence), criteria, the reference
comparison, and per plan a drill-down with every criterion's reason and evidence quotes
with their pages. A few lines of inline script open the drill-down a link points to and
open everything before printing; without script, every part can still be opened by hand.
"""

from __future__ import annotations

from collections.abc import Container
from html import escape
from pathlib import PurePath

from ..report.cite import NOTE, cite
from ..report.evidence import matched_words, pieces, spans
from ..results import CriterionResult, PlanResult, Results, unlevelled
from . import charts, svg, words
from .model import Coverage

CSS = """
:root { --ink: #222; --muted: #666; --line: #ddd; --bar: #4575b4; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  color: var(--ink); margin: 0; background: #fff; }
main { max-width: 1260px; margin: 0 auto; padding: 20px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 34px 0 10px; padding-top: 8px; border-top: 2px solid var(--ink); }
p.lead { color: var(--muted); margin: 0 0 6px; }
nav { margin: 10px 0 0; font-size: 14px; }
nav a { margin-right: 14px; }
a { color: #1f4e99; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { font-weight: bold; background: #f6f6f6; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; min-width: 3.2em; padding: 1px 7px; border-radius: 3px;
  font-weight: bold; text-align: center; }
.charts { display: flex; flex-wrap: wrap; gap: 18px 36px; align-items: flex-start; }
.charts svg { max-width: 100%; height: auto; }
.scroll { overflow-x: auto; }
table.matrix { border-collapse: separate; border-spacing: 2px; font-size: 13px; }
table.matrix td, table.matrix th { border: 0; padding: 0; background: none; }
table.matrix th.plan { text-align: right; padding-right: 8px; white-space: nowrap; background: none;
  font-weight: normal; max-width: 210px; overflow: hidden; text-overflow: ellipsis; }
table.matrix th.col { background: none; vertical-align: bottom; height: 250px; }
table.matrix th.col span { writing-mode: vertical-rl; transform: rotate(180deg);
  font-weight: normal; white-space: nowrap; max-height: 245px; overflow: hidden;
  text-overflow: ellipsis; display: inline-block; }
table.matrix th.domain { background: #eee; font-size: 11px; line-height: 1.2; text-align: center;
  padding: 2px 3px; vertical-align: bottom; }
table.matrix td.cell a { display: block; width: 19px; height: 20px; line-height: 20px;
  text-align: center; text-decoration: none; font-weight: bold; font-size: 12px;
  border-radius: 2px; }
table.matrix td.gap { width: 6px; }
.legend { margin: 8px 0; font-size: 14px; }
.legend .badge { margin-right: 4px; }
.legend span.item { margin-right: 16px; }
.meter { display: inline-block; width: 90px; height: 10px; background: #eee; vertical-align: middle;
  margin-left: 6px; }
.meter i { display: block; height: 100%; background: var(--bar); }
details.plan { border: 1px solid var(--line); border-radius: 4px; margin: 8px 0; }
details.plan > summary { cursor: pointer; padding: 8px 12px; font-weight: bold;
  background: #f6f6f6; }
details.plan > div { padding: 6px 14px 14px; }
details.plan .meta { color: var(--muted); font-weight: normal; margin-left: 8px; }
table.drill { width: 100%; }
table.drill td.crit { width: 24%; }
table.drill td.rating { width: 7%; }
table.drill ol { margin: 4px 0 0; padding-left: 20px; }
table.drill li { margin: 2px 0 6px; }
q { font-style: italic; }
q mark { background: #fff1a8; color: inherit; }
.cite { color: var(--muted); font-size: 13px; white-space: nowrap; }
.reason { color: var(--muted); font-size: 13px; }
.review { font-size: 13px; margin-bottom: 2px; }
.buttons { margin: 6px 0; }
button { font: inherit; font-size: 13px; padding: 2px 10px; }
:target { outline: 3px solid #f1c40f; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav, .buttons { display: none; }
  h2, summary, thead { break-after: avoid; }
  svg, table.matrix { break-inside: avoid-page; }
  table.matrix td.cell a { width: 15px; height: 16px; line-height: 16px; font-size: 10px; }
  /* long evidence rows split across pages, so pages fill; a single quote stays whole */
  details.plan, table.drill, table.drill tr, table.drill td { break-inside: auto; }
  table.drill li, .review, .reason { break-inside: avoid; }
  table.drill td.crit, table.drill td.rating { break-after: avoid; }
  details.plan > div { padding: 2px 8px 6px; }
  .scroll { overflow: visible; }
}
"""

CHART_WIDTH = 680  # leaves room for the table beside the chart on a laptop screen
GROUP_WIDTH = 560  # two group charts side by side

SCRIPT = """
function openTarget() {
  var el = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  for (var d = el; d; d = d.parentElement) { if (d.tagName === 'DETAILS') d.open = true; }
  if (el) el.scrollIntoView();
}
function setAll(open) {
  document.querySelectorAll('details.plan').forEach(function (d) { d.open = open; });
}
window.addEventListener('hashchange', openTarget);
window.addEventListener('DOMContentLoaded', openTarget);
window.addEventListener('beforeprint', function () { setAll(true); });
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _badge(level: str, coverage: Coverage, text: str | None = None) -> str:
    colour = coverage.colours().get(level, "#eeeeee")
    return (
        f'<span class="badge" style="background:{_e(colour)};color:{charts.ink(colour)}">'
        f"{_e(text or level)}</span>"
    )


def _legend(coverage: Coverage) -> str:
    items = "".join(
        f'<span class="item">{_badge(lv.name, coverage, lv.short)} {_e(lv.name)}</span>'
        for lv in coverage.rubric.levels
    )
    return f'<div class="legend">{items}</div>'


def _anchor(plan_id: str, criterion_id: str | None = None) -> str:
    return f"plan-{plan_id}" + (f"--{criterion_id}" if criterion_id else "")


def _table(header: list[str], rows: list[str], numeric: Container[int], cls: str = "") -> str:
    """A table; the header cells at the `numeric` indexes are right-aligned like numbers."""
    heads = "".join(
        f"<th class=n>{_e(h)}</th>" if i in numeric else f"<th>{_e(h)}</th>"
        for i, h in enumerate(header)
    )
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _tr(*cells: str, numeric: Container[int] = ()) -> str:
    """A row of cells given as HTML; those at the `numeric` indexes are right-aligned."""
    tds = "".join(
        f"<td class=n>{c}</td>" if i in numeric else f"<td>{c}</td>" for i, c in enumerate(cells)
    )
    return f"<tr>{tds}</tr>"


def _overall(coverage: Coverage) -> list[str]:
    rows = [
        _tr(
            _badge(lv, coverage),
            str(c.plans),
            words.pct(c.share),
            words.people(c.population),
            words.pct(c.population_share),
            numeric=range(1, 5),
        )
        for lv, c in coverage.overall.items()
    ]
    sentences = "".join(
        f"<li>{_e(s)}</li>"
        for s in words.population_sentences(coverage)
        + words.shared_sentences(coverage)
        + words.text_missing_sentences(coverage)
    )
    header = ["Overall", "Plans", "Share", "People", "Share of people"]
    return [
        '<section id="overall"><h2>Overall ratings</h2>',
        '<div class="charts">',
        svg.render(charts.overall_chart(coverage, width=CHART_WIDTH), standalone=False),
        _table(header, rows, range(1, 5)),
        "</div>",
        f"<ul>{sentences}</ul></section>",
    ]


def _groups(coverage: Coverage) -> list[str]:
    """A small chart per group, side by side, and a table of any and all of each group."""
    if not coverage.groups:
        return []
    covered = words.covered_label(coverage)
    figures = [
        svg.render(
            charts.groups_chart(
                coverage,
                width=GROUP_WIDTH,
                groups=[g],
                title=f"{g.name}: {len(g.members)} criteria",
            ),
            standalone=False,
        )
        for g in coverage.groups
    ]
    rows = [
        _tr(
            _e(g.name),
            str(len(g.members)),
            words.count(g.any),
            f"<strong>{words.count(g.all)}</strong>",
            words.people(g.all.population),
            numeric=range(1, 5),
        )
        for g in coverage.groups
    ]
    header = ["Group (tag)", "Criteria", "Any of them", "All of them", "People, all of them"]
    return [
        f'<section id="groups"><h2>Tag groups: plans covering each criterion ({_e(covered)})</h2>',
        _table(header, rows, range(1, 5)),
        '<div class="charts groups">',
        *figures,
        "</div></section>",
    ]


def _matrix(coverage: Coverage) -> list[str]:
    short = coverage.short()
    colours = coverage.colours()
    first = {d.criteria[0] for d in coverage.domains}
    domain_row = ["<tr><th></th><th></th>"]  # the plan and overall columns
    for d in coverage.domains:
        title = _e(d.title)
        span = len(d.criteria)
        domain_row.append(
            f'<td class="gap"></td><th class="domain" colspan="{span}" title="{title}">{title}</th>'
        )
    domain_row.append("</tr>")
    head = ['<tr><th></th><th class="col"><span><strong>Overall</strong></span></th>']
    for col in coverage.columns:
        if col.id in first:
            head.append('<td class="gap"></td>')
        tip = f"{col.title} ({col.id})"
        head.append(f'<th class="col" title="{_e(tip)}"><span>{_e(col.title)}</span></th>')
    head.append("</tr>")

    def cell(plan_id: str, rating: str, criterion_id: str | None, tip: str, mark: str = "") -> str:
        colour = colours[rating]
        return (
            f'<td class="cell"><a href="#{_e(_anchor(plan_id, criterion_id))}" title="{_e(tip)}" '
            f'style="background:{_e(colour)};color:{charts.ink(colour)}">{_e(short[rating] + mark)}'
            "</a></td>"
        )

    reviewed = any(c.reviewer for row in coverage.rows for c in row.cells)
    body = []
    for row in coverage.rows:
        parts = [f'<tr><th class="plan" title="{_e(row.title)}">{_e(row.title)}</th>']
        parts.append(cell(row.id, row.overall, None, f"{row.title}: overall {row.overall}"))
        for col, c in zip(coverage.columns, row.cells, strict=True):
            if col.id in first:
                parts.append('<td class="gap"></td>')
            tip = f"{row.title}, {col.title}: {c.rating} ({c.hits} hits)"
            if c.reviewer:
                tip += f"; reviewed by {c.reviewer}"
                tip += f" (the machine's: {c.machine_rating})" if c.machine_rating else ""
            parts.append(cell(row.id, c.rating, col.id, tip, "*" if c.reviewer else ""))
        parts.append("</tr>")
        body.append("".join(parts))
    return [
        '<section id="matrix"><h2>Plans by criteria</h2>',
        "<p>Each cell is a plan's rating for a criterion; open it for the evidence."
        + (" * marks a reviewer's rating." if reviewed else "")
        + "</p>",
        _legend(coverage),
        '<div class="scroll"><table class="matrix">',
        "<thead>" + "".join(domain_row) + "".join(head) + "</thead>",
        "<tbody>" + "\n".join(body) + "</tbody></table></div>",
        "</section>",
    ]


def _criteria(coverage: Coverage) -> list[str]:
    levels = coverage.level_names()
    covered = words.covered_label(coverage)
    with_people = coverage.population.total is not None
    header = ["Criterion", "Domain", *levels, covered]
    if with_people:
        header.append(f"People, {covered}")
    titles = {d.id: d.title for d in coverage.domains}
    rows = []
    for c in coverage.criteria:
        cells = [f'<span title="{_e(c.id)}">{_e(c.named())}</span>', _e(titles[c.domain])]
        cells += [words.count(c.levels[lv]) for lv in levels]
        cells.append(
            f"<strong>{words.count(c.covered)}</strong>"
            f'<span class="meter"><i style="width:{c.covered.share * 100:.1f}%"></i></span>'
        )
        if with_people:
            share = words.pct(c.covered.population_share)
            cells.append(f"{words.people(c.covered.population)} ({share})")
        rows.append(_tr(*cells, numeric=range(2, len(cells))))
    return [
        '<section id="criteria"><h2>Criteria</h2>',
        f'<div class="scroll">{_table(header, rows, range(2, len(header)))}</div></section>',
    ]


def _reference(coverage: Coverage) -> list[str]:
    ref = coverage.reference
    if ref is None:
        return []
    rows = []
    for r in ref.rows:
        measured = _e(r.measure) + (f" ({_e(r.note)})" if r.note else "")
        rows.append(
            _tr(
                _e(r.label),
                _e(words.published(r)),
                _e(words.ours(r)),
                _e(words.difference(r)),
                f'<span class="reason">{measured}</span>',
                numeric=range(1, 4),
            )
        )
    source = f"<p>Source: {_e(ref.source)}</p>" if ref.source else ""
    header = ["Finding", "Published", "Ours", "Difference", "Measured as"]
    return [
        f'<section id="reference"><h2>Compared with: {_e(ref.title)}</h2>{source}',
        _table(header, rows, range(1, 4)),
        "</section>",
    ]


def _evidence(c: CriterionResult) -> str:
    if not c.evidence:
        return ""
    items = []
    for e in c.evidence:
        marks = spans(e.quote, matched_words(e))
        quote = "".join(
            f"<mark>{_e(piece)}</mark>" if mark else _e(piece)
            for piece, mark in pieces(e.quote, marks)
        )
        items.append(
            f'<li><q>{quote}</q> <span class=cite title="{_e(e.document)}">'
            f"{_e(cite(e.document, e.page, e.page_label))}, {_e(e.strength)}</span>"
            + (f" <small>shared: {_e(', '.join(e.shared_with))}</small>" if e.shared_with else "")
            + "</li>"
        )
    return f"<ol>{''.join(items)}</ol>"


def _review(c: CriterionResult, coverage: Coverage) -> str:
    """A reviewer's rating: who, when, why, and the machine's rating the reason is for."""
    if not c.overridden_by:
        return ""
    when = f" on {_e(c.reviewed_on)}" if c.reviewed_on else ""
    note = f": <q>{_e(c.note)}</q>" if c.note else ""
    return (
        f'<div class="review">Reviewed by {_e(c.overridden_by)}{when}{note}. '
        f"The machine rated it {_badge(c.machine_rating, coverage)}; its reason:</div>"
    )


def _plan(plan: PlanResult, coverage: Coverage, kept: set[str], population: int | None) -> str:
    meta = f"{len(plan.documents)} document{'s' if len(plan.documents) != 1 else ''}"
    if population is not None:
        meta += f", {words.people(population)} people"
    docs = ", ".join(
        f'<span title="{_e(d.path)}">{_e(PurePath(d.path).name)}</span> '
        f"({d.pages} page{'s' if d.pages != 1 else ''}"
        + (f"; {_e(note)}" if (note := d.text_note()) else "")
        + ")"
        for d in plan.documents
    )
    rows = []
    for c in plan.criteria:
        if c.id not in kept:
            continue
        mark = "*" if c.overridden_by else ""
        rows.append(
            f'<tr id="{_e(_anchor(plan.id, c.id))}"><td class="crit">{_e(c.title)}</td>'
            f'<td class="rating">{_badge(c.rating, coverage)}{mark}</td>'
            f'<td>{_review(c, coverage)}<div class="reason">{_e(c.reason)}</div>'
            f"{_evidence(c)}</td></tr>"
        )
    return (
        f'<details class="plan" id="{_e(_anchor(plan.id))}"><summary>{_e(plan.title)} '
        f"{_badge(plan.overall.rating, coverage)}<span class=meta>{_e(meta)}</span></summary><div>"
        f"<p>Documents: {docs}.</p><p><strong>Overall {_e(plan.overall.rating)}</strong>: "
        f"<span class=reason>{_e(unlevelled(plan.overall.rating, plan.overall.reason))}</span></p>"
        + _table(["Criterion", "Rating", "Why, and the evidence"], rows, (), "drill")
        + "</div></details>"
    )


def render(coverage: Coverage, results: Results) -> str:
    r = coverage.rubric
    kept = {c.id for c in coverage.columns}
    population = {row.id: row.population for row in coverage.rows}
    title = f"Coverage: {r.title}"
    selected = words.filters_line(coverage)
    nav = [
        ("overall", "Overall"),
        ("matrix", "Matrix"),
        ("groups", "Groups"),
        ("criteria", "Criteria"),
    ]
    if coverage.reference:
        nav.append(("reference", "Reference"))
    nav.append(("plans", "Plans"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{CSS}</style><script>{SCRIPT}</script></head>",
        "<body><main>",
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="lead">{_e(words.headline(coverage))}</p>',
        f'<p class="lead">{_e(selected)}</p>' if selected else "",
        "<nav>" + "".join(f'<a href="#{a}">{t}</a>' for a, t in nav) + "</nav></header>",
        *_overall(coverage),
        *_matrix(coverage),
        *_groups(coverage),
        *_criteria(coverage),
        *_reference(coverage),
        '<section id="plans"><h2>Plans and their evidence</h2>',
        '<div class="buttons"><button type="button" onclick="setAll(true)">Open all</button> '
        '<button type="button" onclick="setAll(false)">Close all</button></div>',
        *[_plan(p, coverage, kept, population.get(p.id)) for p in results.plans],
        "</section>",
        f"<footer><p>{_e(NOTE)}</p>"
        f"<p>Rubric {_e(r.id)} {_e(r.version)}. Made with pmh-assess.</p></footer>",
        "</main></body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"
