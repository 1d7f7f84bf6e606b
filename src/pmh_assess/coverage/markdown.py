"""Coverage as Markdown: the matrix grouped by domain, then one table per summary."""

from __future__ import annotations

from ..report.markdown import _cell
from ..results import Results
from . import words
from .model import Coverage


def _table(header: list[str], align: str, rows: list[list[str]]) -> list[str]:
    """A pipe table; `align` has one letter per column: l(eft) or r(ight)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def render(coverage: Coverage, results: Results | None = None) -> str:
    r = coverage.rubric
    levels = coverage.level_names()
    covered = words.covered_label(coverage)
    out = [f"# Coverage: {_cell(r.title)} ({r.id} {r.version})", "", words.headline(coverage), ""]
    selected = words.filters_line(coverage)
    if selected:
        out += [selected, ""]

    out += ["## Plans x criteria", ""]
    number = {c.id: i + 1 for i, c in enumerate(coverage.columns)}
    out += [
        "Columns by domain: "
        + "; ".join(
            f"{d.title} " + ", ".join(str(number[cid]) for cid in d.criteria)
            for d in coverage.domains
        )
        + ". Levels: "
        + ", ".join(f"{lv.short} = {lv.name}" for lv in r.levels)
        + ".",
        "",
    ]
    short = coverage.short()
    out += _table(
        ["Plan", "Overall", *(str(number[c.id]) for c in coverage.columns)],
        "ll" + "l" * len(coverage.columns),
        [
            [
                row.title,
                row.overall,
                *(short[c.rating] + ("\\*" if c.reviewer else "") for c in row.cells),
            ]
            for row in coverage.rows
        ],
    )
    reviewed = [
        (plan, col, cell)
        for plan in coverage.rows
        for col, cell in zip(coverage.columns, plan.cells, strict=True)
        if cell.reviewer
    ]
    if reviewed:
        out += ["\\* A reviewer's rating:", ""]
        for plan, col, cell in reviewed:
            was = f", the machine's {cell.machine_rating}" if cell.machine_rating else ""
            note = f": {cell.note}" if cell.note else ""
            out.append(
                f"- {_cell(plan.title)}, {_cell(col.title)} ({number[col.id]}): {cell.rating} by "
                f"{_cell(cell.reviewer or '')}{_cell(was)}{_cell(note)}"
            )
        out.append("")

    out += ["## Criteria", ""]
    with_people = coverage.population.total is not None
    header = ["#", "Criterion", *levels, covered] + ([f"People, {covered}"] if with_people else [])
    rows = []
    for i, c in enumerate(coverage.criteria, 1):
        row = [
            str(i),
            c.named(),
            *(words.count(c.levels[lv]) for lv in levels),
            f"**{words.count(c.covered)}**",
        ]
        if with_people:
            row.append(
                f"{words.people(c.covered.population)} ({words.pct(c.covered.population_share)})"
            )
        rows.append(row)
    out += _table(header, "rl" + "r" * (len(header) - 2), rows)

    if coverage.groups:
        out += [f"## Tag groups ({covered})", ""]
        rows = []
        for g in coverage.groups:
            for m in g.members:
                rows.append(
                    [g.name, m.title, words.count(m.covered), words.people(m.covered.population)]
                )
            rows.append(
                [
                    g.name,
                    f"*any of the {len(g.members)}*",
                    words.count(g.any),
                    words.people(g.any.population),
                ]
            )
            rows.append(
                [
                    g.name,
                    f"**all {len(g.members)}**",
                    f"**{words.count(g.all)}**",
                    words.people(g.all.population),
                ]
            )
        out += _table(["Group", "Criterion", "Plans", "People"], "llrr", rows)

    out += ["## Overall ratings", ""]
    out += _table(
        ["Overall", "Plans", "Share", "People", "Share of people"],
        "lrrrr",
        [
            [
                lv,
                str(c.plans),
                words.pct(c.share),
                words.people(c.population),
                words.pct(c.population_share),
            ]
            for lv, c in coverage.overall.items()
        ],
    )
    out += [
        f"- {line}"
        for line in words.population_sentences(coverage)
        + words.shared_sentences(coverage)
        + words.text_missing_sentences(coverage)
    ] + [""]

    ref = coverage.reference
    if ref:
        out += [f"## Compared with: {_cell(ref.title)}", ""]
        if ref.source:
            out += [f"Source: {ref.source}", ""]
        out += _table(
            ["Finding", "Published", "Ours", "Difference", "Measured as"],
            "lrrrl",
            [
                [
                    row.label,
                    words.published(row),
                    words.ours(row),
                    words.difference(row),
                    row.measure + (f" ({row.note})" if row.note else ""),
                ]
                for row in ref.rows
            ],
        )
    return "\n".join(out)
