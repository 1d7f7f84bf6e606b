"""CSV: one tidy row per plan and criterion, plus one `overall` row per plan.

Columns: plan, plan_title, criterion, criterion_title, domain, tags, rating,
machine_rating, hits, pages, commitments, targets, reason, quote, matched (the words of
the quote that matched, separated by `;`), document, printed_page (the page number
printed on the page, else the file's), pdf_page (the file's own page: for HTML a section,
for text a form-feed page), shared_with (the other plans whose evidence holds the quote,
separated by `;`), reviewer, note (the two set when `rating` is a reviewer's),
text_missing (on every row of a plan some of whose pages have no text: `11 of 12 pages
have no text`; its ratings are `Not assessable` when most have none).

The quote is the best evidence (`report.evidence.best`); an `overall` row per plan gives
the overall rating.
"""

from __future__ import annotations

import io

from ..base.safe import csv_writer
from ..results import Results
from .cite import COLUMNS as PAGE_COLUMNS
from .cite import printed
from .evidence import best_evidence, matched_words

COLUMNS = [
    "plan",
    "plan_title",
    "criterion",
    "criterion_title",
    "domain",
    "tags",
    "rating",
    "machine_rating",
    "hits",
    "pages",
    "commitments",
    "targets",
    "reason",
    "quote",
    "matched",
    "document",
    *PAGE_COLUMNS,
    "shared_with",
    "reviewer",
    "note",
    "text_missing",
]


def render(results: Results) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # no cell can start a spreadsheet formula
    writer.writerow(COLUMNS)
    for plan in results.plans:
        chosen = best_evidence(plan)
        missing = plan.text_missing() or ""
        for c in plan.criteria:
            best = chosen.get(c.id)
            writer.writerow(
                [
                    plan.id,
                    plan.title,
                    c.id,
                    c.title,
                    c.domain,
                    ";".join(c.tags),
                    c.rating,
                    c.machine_rating,
                    c.hits,
                    c.pages,
                    c.commitments,
                    c.targets,
                    c.reason,
                    best.quote if best else "",
                    ";".join(matched_words(best)) if best else "",
                    best.document if best else "",
                    printed(best.page, best.page_label) if best else "",
                    best.page if best else "",
                    ";".join(best.shared_with) if best else "",
                    c.overridden_by or "",
                    (c.note or "") if c.overridden_by else "",
                    missing,
                ]
            )
        overall = {
            "plan": plan.id,
            "plan_title": plan.title,
            "criterion": "overall",
            "criterion_title": "Overall rating",
            "rating": plan.overall.rating,
            "machine_rating": plan.overall.machine_rating,
            "reason": plan.overall.reason,
            "text_missing": missing,
        }
        writer.writerow([overall.get(column, "") for column in COLUMNS])
    return out.getvalue()
