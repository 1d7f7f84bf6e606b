"""Agreement out: a terminal table, JSON, CSV or Markdown. All deterministic."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..base.formats import AGREEMENT
from ..base.safe import csv_writer
from . import EXAMPLES, INTERVAL, Agreement, Kappa, Pair, Row, Stat
from .coders import CoderRow, Item, Reliability

SE = "se: large-sample standard error of kappa (Fleiss, Cohen & Everitt 1969)"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _k(k: Kappa) -> dict[str, float | str | None]:
    out: dict[str, float | str | None] = {
        "value": _r(k.value),
        "se": _r(k.se),
        "low": _r(k.low),
        "high": _r(k.high),
    }
    if k.why:
        out["undefined"] = k.why
    return out


def _s(s: Stat) -> dict[str, float | int | str | None]:
    out: dict[str, float | int | str | None] = {
        "value": _r(s.value),
        "low": _r(s.low),
        "high": _r(s.high),
        "n": s.n,
    }
    if s.why:
        out["undefined"] = s.why
    return out


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.1%}"


def _z(value: float) -> float:
    """No `-0.000`: a value that rounds to zero is zero."""
    return 0.0 if abs(value) < 5e-4 else value


def _ci(low: float | None, high: float | None, digits: int = 2, pct: bool = False) -> str:
    if low is None or high is None:
        return ""
    if pct:
        return f" ({low:.0%} to {high:.0%})"
    return f" ({_z(low):.{digits}f} to {_z(high):.{digits}f})"


def _kci(k: Kappa | Stat | None) -> str:
    if k is None:
        return ""
    if k.value is None:
        return "n/a*" if k.why else "n/a"
    return f"{_z(k.value):.3f}{_ci(k.low, k.high)}"


def _aci(s: Stat) -> str:
    """A share agreeing, with its interval."""
    if s.value is None:
        return "n/a*" if s.why else "n/a"
    return f"{s.value:.1%}{_ci(s.low, s.high, pct=True)}"


def _row_json(r: Row, levels: list[str]) -> dict[str, Any]:
    return {
        "criterion": r.criterion,
        "title": r.title,
        "pairs": len(r.pairs),
        "agreement": None if r.agreement is None else round(r.agreement, 4),
        "agreement_interval": {
            "low": _r(r.agreement_interval.low),
            "high": _r(r.agreement_interval.high),
        },
        "alpha_ordinal": _s(r.alpha),
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
        "confidence_interval": INTERVAL,
        "standard_error": SE,
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
    head = ["agreement_low", "agreement_high", "alpha_ordinal", "alpha_low", "alpha_high"]
    writer.writerow(["criterion", "pairs", "agreement", *head, *stats, *cells])
    for r in _rows(a):
        values: list[Any] = []
        for k in (r.kappa, r.linear, r.quadratic):
            values += [_f(v) for v in (k.value, k.se, k.low, k.high)]
        interval = r.agreement_interval
        writer.writerow(
            [
                r.criterion,
                len(r.pairs),
                _f(r.agreement),
                *[_f(v) for v in (interval.low, interval.high)],
                *[_f(v) for v in (r.alpha.value, r.alpha.low, r.alpha.high)],
                *values,
                *[n for line in r.matrix for n in line],
            ]
        )
    return out.getvalue()


def _f(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _undefined(a: Agreement) -> list[str]:
    """Why each n/a figure is undefined, one line per reason."""
    reasons: dict[str, list[str]] = {}
    for r in _rows(a):
        for k in (r.kappa, r.linear, r.quadratic, r.alpha):
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
        f"Each figure with its {INTERVAL}.",
        "",
        "| Criterion | Pairs | Agreement | Agreement 95% CI | Kappa | Weighted (linear) "
        "| Weighted (quadratic) | Alpha (ordinal) |",
        "|---|---:|---:|---|---|---|---|---|",
    ]
    for r in _rows(a):
        name = f"**{r.criterion}**" if r is a.pooled or r is a.overall else f"`{r.criterion}`"
        interval = _ci(r.agreement_interval.low, r.agreement_interval.high, pct=True).strip()
        lines.append(
            f"| {name} | {len(r.pairs)} | {_pct(r.agreement)} | {interval} | {_kci(r.kappa)} | "
            f"{_kci(r.linear)} | {_kci(r.quadratic)} | {_kci(r.alpha)} |"
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
    table.add_column("Alpha (95% CI)")
    for r in _rows(a):
        style = "bold" if r is a.pooled or r is a.overall else ""
        table.add_row(
            Text(r.criterion, style=style),
            str(len(r.pairs)),
            _aci(r.agreement_interval),
            _kci(r.kappa),
            _kci(r.linear),
            _kci(r.quadratic),
            _kci(r.alpha),
        )
    matrix = Table(title="Confusion, all criteria", title_justify="left")
    matrix.add_column("machine \\ human")
    for level in a.levels:
        matrix.add_column(level, justify="right")
    for level, counts in zip(a.levels, a.pooled.matrix, strict=True):
        matrix.add_row(level, *map(str, counts))
    parts: list[RenderableType] = [table, Text(f"Intervals: {INTERVAL}.", style="dim")]
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


# --- two or more coders ----------------------------------------------------------------


def _coder_row_json(r: CoderRow, c: Reliability) -> dict[str, Any]:
    f = r.figures
    out: dict[str, Any] = {
        "criterion": r.criterion,
        "title": r.title,
        "items": len(r.items),
        "agreement": _s(f.agreement),
        "alpha_ordinal": _s(f.alpha),
    }
    if f.kappa is not None and f.linear is not None and f.quadratic is not None:
        out["kappa"] = {**_k(f.kappa), "n": f.kappa_n}
        out["weighted_kappa_linear"] = {**_k(f.linear), "n": f.kappa_n}
        out["weighted_kappa_quadratic"] = {**_k(f.quadratic), "n": f.kappa_n}
    if r.matrix is not None:
        out["confusion"] = {
            "rows": c.coders[0],
            "columns": c.coders[1],
            "levels": c.levels,
            "counts": r.matrix,
        }
    return out


def _item_json(i: Item, c: Reliability) -> dict[str, Any]:
    return {
        "plan": i.plan,
        "criterion": i.criterion,
        "ratings": dict(zip(c.coders, i.ratings, strict=True)),
        "notes": {name: note for name, note in zip(c.coders, i.notes, strict=True) if note},
    }


def coders_json(c: Reliability) -> str:
    data = {
        "rubric": c.rubric,
        "levels": c.levels,
        "coders": c.coders,
        "confidence_interval": INTERVAL,
        "standard_error": SE,
        "criteria": [_coder_row_json(r, c) for r in c.criteria],
        "all_criteria": _coder_row_json(c.pooled, c),
        "overall": _coder_row_json(c.overall, c) if c.overall else None,
        "disagreements": [_item_json(i, c) for r in c.criteria for i in r.disagreements],
        "against_machine": [
            {"coder": name, **_row_json(a.pooled, a.levels)}
            for name, a in zip(c.coders, c.against_machine, strict=False)
        ],
        "warnings": c.warnings,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def coders_csv(c: Reliability) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # no cell can start a spreadsheet formula
    two = len(c.coders) == 2
    stats = ["agreement", "alpha_ordinal"] + (
        ["kappa", "kappa_linear", "kappa_quadratic"] if two else []
    )
    head = [f"{name}{suffix}" for name in stats for suffix in ("", "_low", "_high")]
    writer.writerow(["criterion", "items", "n_all_rated", "n_pairable", *head])
    for r in c.rows():
        f = r.figures
        values: list[Any] = []
        for s in (f.agreement, f.alpha) + ((f.kappa, f.linear, f.quadratic) if two else ()):
            assert s is not None
            values += [_f(s.value), _f(s.low), _f(s.high)]
        writer.writerow([r.criterion, len(r.items), f.agreement.n, f.alpha.n, *values])
    return out.getvalue()


def _coder_undefined(c: Reliability) -> list[str]:
    reasons: dict[str, list[str]] = {}
    for r in c.rows():
        f = r.figures
        for s in (f.agreement, f.alpha, f.kappa, f.linear, f.quadratic):
            if s is not None and s.value is None and s.why:
                names = reasons.setdefault(s.why, [])
                if r.criterion not in names:
                    names.append(r.criterion)
    return [f"* n/a for {', '.join(names)}: {why}" for why, names in reasons.items()]


def _ratings(i: Item, c: Reliability) -> str:
    return ", ".join(f"{name} {r or '-'}" for name, r in zip(c.coders, i.ratings, strict=True))


def coders_markdown(c: Reliability) -> str:
    two = len(c.coders) == 2
    lines = [
        f"# Agreement between coders ({c.rubric})",
        "",
        f"Coders: {', '.join(c.coders)}. Each figure with its {INTERVAL}; n is the number "
        "of items it rests on (agreement and kappa: items every coder rated; alpha: items "
        "two or more rated).",
        "",
    ]
    if two:
        lines += [
            "| Criterion | n | Agreement | Kappa | Weighted (linear) | Weighted (quadratic) "
            "| Alpha (ordinal) | n (alpha) |",
            "|---|---:|---|---|---|---|---|---:|",
        ]
    else:
        lines += [
            "| Criterion | n | All agree | Alpha (ordinal) | n (alpha) |",
            "|---|---:|---|---|---:|",
        ]
    for r in c.rows():
        f = r.figures
        name = f"**{r.criterion}**" if r is c.pooled or r is c.overall else f"`{r.criterion}`"
        kappas = f" {_kci(f.kappa)} | {_kci(f.linear)} | {_kci(f.quadratic)} |" if two else ""
        lines.append(
            f"| {name} | {f.agreement.n} | {_aci(f.agreement)} |{kappas} {_kci(f.alpha)} "
            f"| {f.alpha.n} |"
        )
    lines += ["", *(_md(line).replace("*", "\\*", 1) for line in _coder_undefined(c))]
    if c.against_machine:
        lines += [
            "",
            "## Each coder against the machine (all criteria pooled)",
            "",
            "| Coder | Pairs | Agreement | Kappa | Weighted (quadratic) | Alpha (ordinal) |",
            "|---|---:|---|---|---|---|",
        ]
        for name, a in zip(c.coders, c.against_machine, strict=True):
            p = a.pooled
            lines.append(
                f"| {_md(name)} | {len(p.pairs)} | {_aci(p.agreement_interval)} | "
                f"{_kci(p.kappa)} | {_kci(p.quadratic)} | {_kci(p.alpha)} |"
            )
    disagreements = [i for r in c.criteria for i in r.disagreements]
    if disagreements:
        lines += ["", f"## Where the coders disagree ({len(disagreements)})", ""]
        for i in disagreements:
            lines.append(f"- {i.plan} `{i.criterion}`: {_md(_ratings(i, c))}")
            for name, note in zip(c.coders, i.notes, strict=True):
                if note:
                    lines.append(f"  - {_md(name)}: {_md(note)}")
    if c.warnings:
        lines += ["", "## Warnings", ""] + [f"- {_md(w)}" for w in c.warnings]
    return "\n".join(lines) + "\n"


def coders_renderables(c: Reliability) -> list[RenderableType]:
    two = len(c.coders) == 2
    table = Table(
        title=f"Agreement between coders ({c.rubric}): {', '.join(c.coders)}",
        title_justify="left",
    )
    table.add_column("Criterion")
    table.add_column("n", justify="right")
    table.add_column("Agree (95% CI)" if two else "All agree (95% CI)", justify="right")
    if two:
        table.add_column("Kappa (95% CI)")
        table.add_column("Linear wκ (95% CI)")
        table.add_column("Quadratic wκ (95% CI)")
    table.add_column("Alpha (95% CI)")
    table.add_column("n α", justify="right")
    for r in c.rows():
        f = r.figures
        style = "bold" if r is c.pooled or r is c.overall else ""
        kappas = [_kci(f.kappa), _kci(f.linear), _kci(f.quadratic)] if two else []
        table.add_row(
            Text(r.criterion, style=style),
            str(f.agreement.n),
            _aci(f.agreement),
            *kappas,
            _kci(f.alpha),
            str(f.alpha.n),
        )
    parts: list[RenderableType] = [table, Text(f"Intervals: {INTERVAL}.", style="dim")]
    parts += [Text(line, style="dim") for line in _coder_undefined(c)]
    if c.against_machine:
        machine = Table(title="Each coder against the machine (pooled)", title_justify="left")
        for name in ("Coder", "Pairs", "Agree (95% CI)", "Kappa (95% CI)", "Alpha (95% CI)"):
            machine.add_column(name)
        for name, a in zip(c.coders, c.against_machine, strict=True):
            p = a.pooled
            machine.add_row(
                name, str(len(p.pairs)), _aci(p.agreement_interval), _kci(p.kappa), _kci(p.alpha)
            )
        parts.append(machine)
    disagreements = [i for r in c.criteria for i in r.disagreements]
    if disagreements:
        text = Text(f"Where the coders disagree ({len(disagreements)})\n", style="bold")
        for i in disagreements:
            text.append(f"{i.plan}  {i.criterion}: {_ratings(i, c)}\n")
            for name, note in zip(c.coders, i.notes, strict=True):
                if note:
                    text.append(f"    {name}: {note}\n", style="dim")
        parts.append(text)
    return parts


def coders_text(c: Reliability, width: int = 140) -> str:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    with console.capture() as capture:
        console.print(Group(*coders_renderables(c)))
    return capture.get()


CODER_FORMATS: dict[str, Callable[[Reliability], str]] = {
    "table": coders_text,
    "json": coders_json,
    "csv": coders_csv,
    "markdown": coders_markdown,
}
"""The same formats for two or more coders' files."""
