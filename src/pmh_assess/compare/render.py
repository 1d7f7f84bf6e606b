"""A comparison as text (the terminal table), JSON, Markdown or one self-contained HTML page.

Every view opens with the summary line; kept evidence is counted, not listed, except in
JSON, which holds every sentence.
"""

from __future__ import annotations

import html
import json
from typing import Any

from ..report.cite import cite
from ..results import Evidence
from . import Comparison, CriterionChange, EvidenceChange, PlanComparison, WordOp
from .align import joined

ARROWS = {"up": "↑", "down": "↓", "same": "=", "added": "+", "removed": "-", "changed": "~"}
SIGNS = {"added": "+", "removed": "-", "changed": "~"}


def _rating(value: str | None) -> str:
    return value or "(none)"


def _where(e: Evidence) -> str:
    return cite(e.document, e.page, e.page_label)


def _counts(c: CriterionChange) -> str:
    parts = [f"{c.count(k)} {k}" for k in ("added", "removed", "changed", "kept") if c.count(k)]
    return ", ".join(parts) or "no evidence"


def _diff_text(ops: list[WordOp]) -> str:
    return joined(ops, {"=": "{}", "-": "[-{}-]", "+": "[+{}+]"})


def _moved(c: CriterionChange) -> bool:
    return c.direction != "same" or any(e.kind != "kept" for e in c.evidence)


# --- text ---------------------------------------------------------------------------------


def render_text(comparison: Comparison) -> str:
    lines = [comparison.summary(), "", f"{comparison.old} -> {comparison.new}"]
    lines.append(f"rubric: {comparison.rubric}")
    lines += [f"note: {n}" for n in comparison.notes]
    for plan in comparison.plans:
        lines += ["", *_text_plan(plan)]
    return "\n".join(lines) + "\n"


def _text_plan(plan: PlanComparison) -> list[str]:
    name = plan.id if plan.old_id == plan.id else f"{plan.old_id} -> {plan.id}"
    lines = [
        f"== {plan.title} ({name})",
        f"overall: {plan.old_overall} -> {plan.new_overall} "
        f"{ARROWS.get(plan.overall_direction, '')}  "
        f"(score {plan.old_score:.2f} -> {plan.new_score:.2f})",
        "",
    ]
    width = max((len(c.id) for c in plan.criteria), default=9)
    lines.append(f"  {'criterion':<{width}}  {'before':<8}    {'after':<8}  evidence")
    for c in plan.criteria:
        lines.append(
            f"{ARROWS.get(c.direction, ' ')} {c.id:<{width}}  {_rating(c.old):<8} -> "
            f"{_rating(c.new):<8}  {_counts(c)}"
        )
    for c in plan.criteria:
        if not _moved(c):
            continue
        lines += ["", f"{c.id}: {_rating(c.old)} -> {_rating(c.new)} ({c.direction})"]
        if c.direction != "same":
            if c.old_reason:
                lines.append(f"    was {c.old_reason}")
            if c.new_reason:
                lines.append(f"    now {c.new_reason}")
        for e in c.evidence:
            lines += _text_evidence(e)
    return lines


def _text_evidence(e: EvidenceChange) -> list[str]:
    if e.kind == "kept":
        return []
    if e.kind == "changed":
        assert e.old is not None and e.new is not None
        return [
            f"    ~ {_where(e.new)} ({e.new.strength}, {e.similarity:.0f}% alike): "
            + _diff_text(e.diff)
        ]
    item = e.new if e.kind == "added" else e.old
    assert item is not None
    return [f"    {SIGNS[e.kind]} {_where(item)} ({item.strength}): {item.quote}"]


# --- json ---------------------------------------------------------------------------------


def _item(e: Evidence | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "document": e.document,
        "page": e.page,
        "page_label": e.page_label,
        "quote": e.quote,
        "strength": e.strength,
    }


def render_json(comparison: Comparison) -> str:
    data = {
        "summary": comparison.summary(),
        "old": comparison.old,
        "new": comparison.new,
        "rubric": comparison.rubric,
        "notes": comparison.notes,
        "fell": comparison.fell,
        "plans": [
            {
                "id": p.id,
                "old_id": p.old_id,
                "title": p.title,
                "overall": {
                    "old": p.old_overall,
                    "new": p.new_overall,
                    "direction": p.overall_direction,
                    "old_score": p.old_score,
                    "new_score": p.new_score,
                },
                "criteria": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "old": c.old,
                        "new": c.new,
                        "direction": c.direction,
                        "old_reason": c.old_reason,
                        "new_reason": c.new_reason,
                        "counts": {k: c.count(k) for k in ("kept", "changed", "added", "removed")},
                        "evidence": [
                            {
                                "change": e.kind,
                                "old": _item(e.old),
                                "new": _item(e.new),
                                "similarity": e.similarity,
                                "diff": [
                                    {"op": op.op, "text": op.text, "space": op.space}
                                    for op in e.diff
                                ],
                            }
                            for e in c.evidence
                        ],
                    }
                    for c in p.criteria
                ],
            }
            for p in comparison.plans
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --- markdown -----------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    out = html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")
    for ch in "*_`[]~":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_diff(ops: list[WordOp]) -> str:
    safe = [WordOp(op.op, _md(op.text), op.space) for op in ops]
    return joined(safe, {"=": "{}", "-": "~~{}~~", "+": "**{}**"})


def render_markdown(comparison: Comparison) -> str:
    lines = [
        "# Plan comparison",
        "",
        f"**{_md(comparison.summary())}**",
        "",
        f"`{_md(comparison.old)}` → `{_md(comparison.new)}`; rubric {_md(comparison.rubric)}",
        "",
    ]
    lines += [f"> {_md(n)}" for n in comparison.notes]
    for p in comparison.plans:
        lines += [
            f"## {_md(p.title)} (`{_md(p.id)}`)",
            "",
            f"Overall: {_md(p.old_overall)} → **{_md(p.new_overall)}** "
            f"(score {p.old_score:.2f} → {p.new_score:.2f})",
            "",
            "| Criterion | Before | After | Change | Evidence |",
            "|---|---|---|---|---|",
        ]
        for c in p.criteria:
            lines.append(
                f"| {_md(c.title)} | {_md(_rating(c.old))} | **{_md(_rating(c.new))}** | "
                f"{c.direction} | {_counts(c)} |"
            )
        lines.append("")
        for c in p.criteria:
            if not _moved(c):
                continue
            lines += [f"### {_md(c.title)}: {_md(_rating(c.old))} → {_md(_rating(c.new))}", ""]
            if c.direction != "same" and c.new_reason:
                lines += [f"Now: {_md(c.new_reason)}", ""]
            for e in c.evidence:
                if e.kind == "changed" and e.new is not None:
                    lines.append(f"- changed, {_md(_where(e.new))}: {_md_diff(e.diff)}")
                elif e.kind in ("added", "removed"):
                    item = e.new if e.kind == "added" else e.old
                    assert item is not None
                    lines.append(f"- {e.kind}, {_md(_where(item))}: “{_md(item.quote)}”")
            lines.append("")
    return "\n".join(lines)


# --- html ---------------------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
.up{color:#1a7f37}.down{color:#b42318}
del{background:#fde2e1}ins{background:#dcfce7;text-decoration:none}
li{margin:.3rem 0}.where{color:#666;font-size:.9em}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_diff(ops: list[WordOp]) -> str:
    safe = [WordOp(op.op, _h(op.text), op.space) for op in ops]
    return joined(safe, {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"})


def render_html(comparison: Comparison) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Plan comparison: {_h(comparison.old)} → {_h(comparison.new)}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Plan comparison</h1>",
        f"<p><strong>{_h(comparison.summary())}</strong></p>",
        f"<p>{_h(comparison.old)} → {_h(comparison.new)}; rubric {_h(comparison.rubric)}</p>",
    ]
    out += [f"<p><em>{_h(n)}</em></p>" for n in comparison.notes]
    for p in comparison.plans:
        out += [
            f"<h2>{_h(p.title)} ({_h(p.id)})</h2>",
            f'<p>Overall: {_h(p.old_overall)} → <strong class="{_h(p.overall_direction)}">'
            f"{_h(p.new_overall)}</strong> (score {p.old_score:.2f} → {p.new_score:.2f})</p>",
            "<table><thead><tr><th>Criterion</th><th>Before</th><th>After</th>"
            "<th>Evidence</th></tr></thead><tbody>",
        ]
        for c in p.criteria:
            out.append(
                f'<tr class="{_h(c.direction)}"><td>{_h(c.title)}</td><td>{_h(_rating(c.old))}'
                f"</td><td><strong>{_h(_rating(c.new))}</strong> {ARROWS.get(c.direction, '')}"
                f"</td><td>{_h(_counts(c))}</td></tr>"
            )
        out.append("</tbody></table>")
        for c in p.criteria:
            if not _moved(c):
                continue
            out.append(f"<h3>{_h(c.title)}: {_h(_rating(c.old))} → {_h(_rating(c.new))}</h3>")
            if c.direction != "same" and c.new_reason:
                out.append(f"<p>Now: {_h(c.new_reason)}</p>")
            out.append("<ul>")
            for e in c.evidence:
                if e.kind == "changed" and e.new is not None:
                    out.append(
                        f'<li>changed <span class="where">{_h(_where(e.new))}</span>: '
                        f"{_html_diff(e.diff)}</li>"
                    )
                elif e.kind in ("added", "removed"):
                    item = e.new if e.kind == "added" else e.old
                    assert item is not None
                    body = _h(item.quote)
                    body = f"<ins>{body}</ins>" if e.kind == "added" else f"<del>{body}</del>"
                    out.append(
                        f'<li>{e.kind} <span class="where">{_h(_where(item))}</span>: {body}</li>'
                    )
            out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


RENDERERS = {
    "table": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
