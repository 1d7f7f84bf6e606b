"""Coverage as an Excel workbook (openpyxl).

Sheets: About (what was counted, the level colours), Matrix (plans x criteria, cells
coloured by level, grouped by domain), Criteria, Groups, Overall, Reference (with
`--reference`) and Evidence (every quote, the words that matched in bold, with its
document, printed page and PDF page). Shares are numbers
formatted as percentages, so they can be charted and summed in Excel. The same inputs
give the same bytes: file times inside the workbook are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..base.safe import no_formulas
from ..report.cite import printed
from ..report.evidence import matched_words, pieces, spans
from ..results import Evidence, Results
from . import words
from .charts import ink
from .model import Count, Coverage

FIXED_TIME = dt.datetime(2000, 1, 1)
BOLD = Font(bold=True)
MARK = InlineFont(b=True)
PERCENT = "0%"
PEOPLE = "#,##0"


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry one fixed time, so that output is reproducible."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as fh:  # worksheets arrive as temporary files
            self.writestr(arcname or filename, fh.read())


def _fill(colour: str) -> PatternFill:
    hex6 = colour.lstrip("#").upper()
    return PatternFill("solid", start_color=hex6, end_color=hex6)


def _header(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _count_cells(c: Count) -> list[Any]:
    return [c.plans, c.share, c.population, c.population_share]


def _append(ws: Worksheet, values: list[Any], formats: dict[int, str]) -> None:
    """Append a row; `formats` maps 1-based columns to number formats."""
    ws.append(values)
    row = ws.max_row
    for col, fmt in formats.items():
        ws.cell(row=row, column=col).number_format = fmt


def _about(ws: Worksheet, coverage: Coverage) -> None:
    r = coverage.rubric
    ws.append([f"Coverage: {r.title} ({r.id} {r.version})"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([words.headline(coverage)])
    selected = words.filters_line(coverage)
    if selected:
        ws.append([selected])
    for line in words.population_sentences(coverage):
        ws.append([line])
    ws.append([])
    ws.append(["Level", "Colour"])
    ws.cell(row=ws.max_row, column=1).font = BOLD
    for lv in r.levels:
        ws.append([lv.name, lv.colour])
        cell = ws.cell(row=ws.max_row, column=1)
        cell.fill = _fill(lv.colour)
        cell.font = Font(color=ink(lv.colour).lstrip("#").upper(), bold=True)
    ws.append([])
    for sheet, what in (
        ("Matrix", "plans x criteria, each cell the plan's rating for the criterion"),
        ("Criteria", "per criterion, plans (and people) at each level and covered"),
        ("Groups", "per tag group, plans covering each member, any and all of them"),
        ("Overall", "plans (and people) at each overall rating"),
        ("Reference", "published figures beside ours (when a reference was given)"),
        ("Evidence", "every evidence quote with its document and page"),
    ):
        ws.append([sheet, what])
    _widths(ws, [14, 100])


def _matrix(ws: Worksheet, coverage: Coverage) -> None:
    colours, fixed = coverage.colours(), 4
    ws.append(["", "", "", ""] + [""] * len(coverage.columns))
    col = fixed + 1
    for d in coverage.domains:
        ws.cell(row=1, column=col, value=d.title).font = BOLD
        if len(d.criteria) > 1:
            ws.merge_cells(
                start_row=1, start_column=col, end_row=1, end_column=col + len(d.criteria) - 1
            )
        col += len(d.criteria)
    _header(
        ws, 2, ["Plan id", "Plan", "Population", "Overall"] + [c.title for c in coverage.columns]
    )
    for i in range(len(coverage.columns)):
        ws.cell(row=2, column=fixed + 1 + i).alignment = Alignment(text_rotation=90, wrap_text=True)
    ws.row_dimensions[2].height = 150
    reviewed = False
    for row in coverage.rows:
        ratings = [c.rating + ("*" if c.reviewer else "") for c in row.cells]
        ws.append([row.id, row.title, row.population, row.overall, *ratings])
        n = ws.max_row
        for j, c in enumerate(row.cells):
            if c.reviewer:
                reviewed = True
                was = f"; the machine's: {c.machine_rating}" if c.machine_rating else ""
                note = f"\n{c.note}" if c.note else ""
                text = f"Reviewed by {c.reviewer}{was}{note}"
                ws.cell(row=n, column=fixed + 1 + j).comment = Comment(text, "pmh-assess")
        ws.cell(row=n, column=3).number_format = PEOPLE
        for j, rating in enumerate([row.overall] + [c.rating for c in row.cells]):
            cell = ws.cell(row=n, column=fixed + j)
            cell.fill = _fill(colours[rating])
            cell.font = Font(color=ink(colours[rating]).lstrip("#").upper())
            cell.alignment = Alignment(horizontal="center")
    if reviewed:
        ws.append([])
        ws.append(
            ["* a reviewer's rating (its comment gives the reviewer, note and the machine's)"]
        )
    notes = words.text_missing_sentences(coverage)
    if coverage.left_out:
        notes.append(words.left_out_sentence(coverage.left_out))
    if notes:
        ws.append([])
        for line in notes:
            ws.append([line])
    ws.freeze_panes = ws.cell(row=3, column=fixed + 1)
    _widths(ws, [22, 34, 12, 9] + [6] * len(coverage.columns))


def _criteria(ws: Worksheet, coverage: Coverage) -> None:
    levels = coverage.level_names()
    covered = words.covered_label(coverage)
    header = ["Criterion id", "Criterion", "Domain"]
    for lv in levels:
        header += [f"{lv}: plans", f"{lv}: share"]
    header += [
        f"{covered}: plans",
        f"{covered}: share",
        f"{covered}: people",
        f"{covered}: share of people",
    ]
    _header(ws, 1, header)
    titles = {d.id: d.title for d in coverage.domains}
    for c in coverage.criteria:
        values: list[Any] = [c.id, c.named(), titles.get(c.domain, c.domain)]
        for lv in levels:
            values += [c.levels[lv].plans, c.levels[lv].share]
        values += _count_cells(c.covered)
        n = len(values)
        formats = {5 + 2 * i: PERCENT for i in range(len(levels))}
        formats.update({n - 2: PERCENT, n - 1: PEOPLE, n: PERCENT})
        _append(ws, values, formats)
    ws.freeze_panes = "C2"
    _widths(ws, [26, 40, 22] + [11] * (len(header) - 3))


def _groups(ws: Worksheet, coverage: Coverage) -> None:
    _header(
        ws,
        1,
        ["Group (tag)", "Criterion id", "Criterion", "Plans", "Share", "People", "Share of people"],
    )
    fmt = {5: PERCENT, 6: PEOPLE, 7: PERCENT}
    for g in coverage.groups:
        for m in g.members:
            _append(ws, [g.tag, m.id, m.title, *_count_cells(m.covered)], fmt)
        _append(ws, [g.tag, "any", f"any of the {len(g.members)}", *_count_cells(g.any)], fmt)
        _append(ws, [g.tag, "all", f"all {len(g.members)}", *_count_cells(g.all)], fmt)
        for col in range(1, 8):
            ws.cell(row=ws.max_row, column=col).font = BOLD
    _widths(ws, [20, 24, 40, 9, 9, 13, 15])


def _overall(ws: Worksheet, coverage: Coverage) -> None:
    colours = coverage.colours()
    _header(ws, 1, ["Overall rating", "Plans", "Share", "People", "Share of people"])
    for level, c in coverage.overall.items():
        _append(ws, [level, *_count_cells(c)], {3: PERCENT, 4: PEOPLE, 5: PERCENT})
        cell = ws.cell(row=ws.max_row, column=1)
        cell.fill = _fill(colours[level])
        cell.font = Font(color=ink(colours[level]).lstrip("#").upper(), bold=True)
    ws.append([])
    for line in words.population_sentences(coverage):
        ws.append([line])
    _widths(ws, [16, 9, 9, 13, 15])


def _reference(ws: Worksheet, coverage: Coverage) -> None:
    ref = coverage.reference
    assert ref is not None
    ws.append([ref.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Source: {ref.source}" if ref.source else ""])
    _header(
        ws,
        3,
        [
            "Finding",
            "Measured as",
            "Published share",
            "Published plans",
            "Our plans",
            "Our share",
            "Difference (share)",
            "Note",
        ],
    )
    for r in ref.rows:
        ours: list[Any] = [r.ours.plans, r.ours.share] if r.ours else [None, None]
        _append(
            ws,
            [r.label, r.measure, r.reference_share, r.reference_plans, *ours, r.difference, r.note],
            {3: PERCENT, 6: PERCENT, 7: "+0%;-0%;0%"},
        )
    _widths(ws, [44, 48, 11, 11, 10, 10, 12, 40])


def _evidence(ws: Worksheet, coverage: Coverage, results: Results) -> None:
    _header(
        ws,
        1,
        [
            "Plan id",
            "Plan",
            "Criterion id",
            "Criterion",
            "Rating",
            "Strength",
            "Quote",
            "Matched",
            "Document",
            "Printed page",
            "PDF page",
            "Terms",
        ],
    )
    kept = {c.id for c in coverage.columns}
    for plan in results.plans:
        for c in plan.criteria:
            if c.id not in kept:
                continue
            for e in c.evidence:
                ws.append(
                    [
                        plan.id,
                        plan.title,
                        c.id,
                        c.title,
                        c.rating,
                        e.strength,
                        _quote(e),
                        "; ".join(matched_words(e)),
                        e.document,
                        printed(e.page, e.page_label),
                        e.page,
                        "; ".join(e.matched),
                    ]
                )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:L{max(ws.max_row, 1)}"
    _widths(ws, [20, 28, 24, 30, 8, 11, 90, 24, 40, 8, 6, 30])


def _quote(e: Evidence) -> str | CellRichText:
    """The quote, the words that matched in bold."""
    marks = spans(e.quote, matched_words(e))
    if not marks:
        return e.quote
    return CellRichText(
        [TextBlock(MARK, piece) if mark else piece for piece, mark in pieces(e.quote, marks)]
    )


def render(coverage: Coverage, results: Results) -> bytes:
    wb = Workbook()
    wb.properties.creator = "pmh-assess"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    about = wb.active
    assert about is not None
    about.title = "About"
    _about(about, coverage)
    _matrix(wb.create_sheet("Matrix"), coverage)
    _criteria(wb.create_sheet("Criteria"), coverage)
    _groups(wb.create_sheet("Groups"), coverage)
    _overall(wb.create_sheet("Overall"), coverage)
    if coverage.reference:
        _reference(wb.create_sheet("Reference"), coverage)
    _evidence(wb.create_sheet("Evidence"), coverage, results)
    no_formulas(wb)  # quotes and titles come from documents: none may become a formula
    out = io.BytesIO()
    archive = _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # save() closes the archive
    return out.getvalue()


def workbook_bytes(wb: Workbook) -> bytes:
    """Any workbook as XLSX bytes the way `render` writes its own: no cell can become a
    formula, and the same content always gives the same bytes (one fixed time)."""
    wb.properties.creator = "pmh-assess"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    no_formulas(wb)
    out = io.BytesIO()
    archive = _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return out.getvalue()
