"""CSV: one tidy row per plan and criterion, plus one `overall` row per plan.

Columns: plan, plan_title, criterion, criterion_title, domain, tags, rating,
machine_rating, hits, pages, commitments, targets, reason, quote, document, page, shared_with
(the other plans whose evidence holds the quote, separated by `;`), page_label, reviewer,
note (the last two set when `rating` is a reviewer's).
"""

from __future__ import annotations

import io

from ..results import Results
from ..safe import csv_writer

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
    "document",
    "page",
    "shared_with",
    "page_label",
    "reviewer",
    "note",
]


def render(results: Results) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # no cell can start a spreadsheet formula
    writer.writerow(COLUMNS)
    for plan in results.plans:
        for c in plan.criteria:
            best = c.evidence[0] if c.evidence else None
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
                    best.document if best else "",
                    best.page if best else "",
                    ";".join(best.shared_with) if best else "",
                    (best.page_label or "") if best else "",
                    c.overridden_by or "",
                    (c.note or "") if c.overridden_by else "",
                ]
            )
        writer.writerow(
            [
                plan.id,
                plan.title,
                "overall",
                "Overall rating",
                "",
                "",
                plan.overall.rating,
                plan.overall.machine_rating,
                "",
                "",
                "",
                "",
                plan.overall.reason,
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return out.getvalue()
