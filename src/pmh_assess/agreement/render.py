"""Agreement out: a terminal table, JSON, CSV or Markdown. All deterministic."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..formats import AGREEMENT
from ..safe import csv_writer
from . import EXAMPLES, Agreement, Kappa, Pair, Row


def _k(k: Kappa) -> dict[str, float | str | None]:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    out: dict[str, float | str | None] = {
        "value": r(k.value),
        "se": r(k.se),
        "low": r(k.low),
        "high": r(k.high),
    }
    if k.why:
        out["undefined"] = k.why
    return out


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.1%}"


def _kci(k: Kappa) -> str:
    if k.value is None:
        return "n/a*" if k.why else "n/a"
    return f"{k.value:.3f} ({k.low:.2f} to {k.high:.2f})"


def _row_json(r: Row, levels: list[str]) -> dict[str, Any]:
    return {
        "criterion": r.criterion,
        "title": r.title,
        "pairs": len(r.pairs),
        "agreement": None if r.agreement is None else round(r.agreement, 4),
        "kappa": _k(r.kappa),
        "weighted_kappa_linear": _k(r.linear),
        "weighted_kappa_quadratic": _k(r.quadratic),
        "confusion": {
            "rows": "machine",
            "columns": "human",
            "levels": levels,
            "counts": r.matrix,
        },
    }


def _pair_json(p: Pair) -> dict[str, Any]:
    return {
        "plan": p.plan,
        "machine": p.machine,
        "human": p.human,
        "note": p.note,
        "machine_reason": p.reason,
        "quote": p.quote,
        "page": p.page,
    }


def to_json(a: Agreement) -> str:
    data = {
        "rubric": a.rubric,
        "levels": a.levels,
        "confidence_interval": "95%, large-sample standard error (Fleiss, Cohen & Everitt 1969)",
        "criteria": [_row_json(r, a.levels) for r in a.criteria],
        "all_criteria": _row_json(a.pooled, a.levels),
        "overall": _row_json(a.overall, a.levels) if a.overall else None,
        "unpaired_machine_ratings": a.unpaired,
        "most_disagreement": [
            {
                "criterion": r.criterion,
                "disagreements": len(r.disagreements),
                "pairs": len(r.pairs),
                "examples": [_pair_json(p) for p in r.disagreements[:EXAMPLES]],
            }
            for r in a.worst()
        ],
        "warnings": a.warnings,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _rows(a: Agreement) -> list[Row]:
    return [*a.criteria, a.pooled, *([a.overall] if a.overall else [])]


def to_csv(a: Agreement) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # no cell can start a spreadsheet formula
    cells = [f"machine_{m}_human_{h}" for m in a.levels for h in a.levels]
    stats = [
        f"{name}{suffix}"
        for name in ("kappa", "kappa_linear", "kappa_quadratic")
        for suffix in ("", "_se", "_low", "_high")
    ]
    writer.writerow(["criterion", "pairs", "agreement", *stats, *cells])
    for r in _rows(a):
        values: list[Any] = []
        for k in (r.kappa, r.linear, r.quadratic):
            values += ["" if v is None else f"{v:.4f}" for v in (k.value, k.se, k.low, k.high)]
        writer.writerow(
            [
                r.criterion,
                len(r.pairs),
                "" if r.agreement is None else f"{r.agreement:.4f}",
                *values,
                *[n for line in r.matrix for n in line],
            ]
        )
    return out.getvalue()


def _undefined(a: Agreement) -> list[str]:
    """Why each n/a kappa is undefined, one line per reason."""
    reasons: dict[str, list[str]] = {}
    for r in _rows(a):
        for k in (r.kappa, r.linear, r.quadratic):
            if k.value is None and k.why:
                names = reasons.setdefault(k.why, [])
                if r.criterion not in names:
                    names.append(r.criterion)
    return [f"* n/a for {', '.join(names)}: {why}" for why, names in reasons.items()]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(a: Agreement) -> str:
    lines = [
        f"# Agreement with human raters ({a.rubric})",
        "",
        "Kappa with 95% confidence interval (large-sample standard error).",
        "",
        "| Criterion | Pairs | Agreement | Kappa | Weighted (linear) | Weighted (quadratic) |",
        "|---|---:|---:|---|---|---|",
    ]
    for r in _rows(a):
        name = f"**{r.criterion}**" if r is a.pooled or r is a.overall else f"`{r.criterion}`"
        lines.append(
            f"| {name} | {len(r.pairs)} | {_pct(r.agreement)} | {_kci(r.kappa)} | "
            f"{_kci(r.linear)} | {_kci(r.quadratic)} |"
        )
    lines += ["", *(_md(line).replace("*", "\\*", 1) for line in _undefined(a))]
    lines += ["", "## Confusion matrix, all criteria (rows: machine, columns: human)", ""]
    lines += [
        "| machine \\ human | " + " | ".join(a.levels) + " |",
        "|---|" + "---:|" * len(a.levels),
    ]
    for level, counts in zip(a.levels, a.pooled.matrix, strict=True):
        lines.append(f"| {level} | " + " | ".join(map(str, counts)) + " |")
    worst = a.worst()
    if worst:
        lines += ["", "## Where the tool disagrees most", ""]
        for r in worst:
            lines.append(f"- `{r.criterion}`: {len(r.disagreements)} of {len(r.pairs)} disagree")
            for p in r.disagreements[:EXAMPLES]:
                note = f" ({_md(p.note)})" if p.note else ""
                lines.append(f"  - {p.plan}: machine {p.machine}, human {p.human}{note}")
    if a.warnings:
        lines += ["", "## Warnings", ""] + [f"- {_md(w)}" for w in a.warnings]
    return "\n".join(lines) + "\n"


def renderables(a: Agreement) -> list[RenderableType]:
    table = Table(title=f"Agreement with human raters ({a.rubric})", title_justify="left")
    table.add_column("Criterion")
    table.add_column("Pairs", justify="right")
    table.add_column("Agree", justify="right")
    table.add_column("Kappa (95% CI)")
    table.add_column("Linear wκ (95% CI)")
    table.add_column("Quadratic wκ (95% CI)")
    for r in _rows(a):
        style = "bold" if r is a.pooled or r is a.overall else ""
        table.add_row(
            Text(r.criterion, style=style),
            str(len(r.pairs)),
            _pct(r.agreement),
            _kci(r.kappa),
            _kci(r.linear),
            _kci(r.quadratic),
        )
    matrix = Table(title="Confusion, all criteria", title_justify="left")
    matrix.add_column("machine \\ human")
    for level in a.levels:
        matrix.add_column(level, justify="right")
    for level, counts in zip(a.levels, a.pooled.matrix, strict=True):
        matrix.add_row(level, *map(str, counts))
    parts: list[RenderableType] = [table]
    parts += [Text(line, style="dim") for line in _undefined(a)]
    parts.append(matrix)
    worst = a.worst()
    if worst:
        text = Text("Where the tool disagrees most\n", style="bold")
        for r in worst:
            text.append(f"{r.criterion}: {len(r.disagreements)} of {len(r.pairs)} disagree\n")
            for p in r.disagreements[:EXAMPLES]:
                text.append(f"  {p.plan}: machine {p.machine}, human {p.human}", style="")
                text.append(f"  {p.note}\n" if p.note else "\n", style="dim")
        parts.append(text)
    if a.unpaired:
        parts.append(Text(f"{a.unpaired} machine rating(s) had no human rating.", style="dim"))
    return parts


def to_text(a: Agreement, width: int = 140) -> str:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    with console.capture() as capture:
        console.print(Group(*renderables(a)))
    return capture.get()


FORMATS: dict[str, Callable[[Agreement], str]] = {
    "table": to_text,
    "json": to_json,
    "csv": to_csv,
    "markdown": to_markdown,
}
SUFFIXES = AGREEMENT
"""The file suffixes each format suits: `-o agreement.md` picks markdown."""
