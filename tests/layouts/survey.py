"""Measure each layout feature on its own: which ratings it moves, on which plans.

    python -m tests.layouts.survey [--only pdf,html,docx,text] [--json out.json]
    python -m tests.layouts.survey --random 20

For each container a plain layout is the baseline; each feature is then changed alone
(two columns, a running header, footnotes, run-on lists...) and every sample plan and the
seed plan is rendered and scored against its plain text. One line a feature: how many
plans and ratings moved, which criteria and which way, and one example with both reasons.
The property test (tests/test_same_words_random.py) draws features together; this says
which of them a failure comes from. With --random N it draws N layouts a plan instead and
gives, for each feature value, how many of the renderings that had it differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from . import PLANS, SEED, Layout, plan_named, reference_text, render
from .compare import Move, moves, score
from .features import Lists
from .pdf import PdfLayout
from .text import TextLayout
from .web import HtmlLayout
from .word import DocxLayout


def _vary(
    label: str, base: Any, changes: list[tuple[str, dict[str, Any]]]
) -> list[tuple[str, Any]]:
    """The baseline, then each change to it alone, then the heading and list changes."""
    every = [*changes, *_shared(base)]
    return [(label, base), *((name, dataclasses.replace(base, **kw)) for name, kw in every)]


def _shared(base: Any) -> list[tuple[str, dict[str, Any]]]:
    """Heading and list features every container has."""
    h, li = base.headings, base.lists
    return [
        ("headings bold at body size", {"headings": dataclasses.replace(h, size="body")}),
        ("headings in capitals", {"headings": dataclasses.replace(h, caps=True)}),
        ("headings numbered 2.1", {"headings": dataclasses.replace(h, numbered=True)}),
        ("headings coloured", {"headings": dataclasses.replace(h, colour="#005EB8")}),
        ("lists all numbered", {"lists": dataclasses.replace(li, form="numbers")}),
        ("lists numbered (a)", {"lists": dataclasses.replace(li, form="numbers", numbers="({a})")}),
        ("lists bare (no marker)", {"lists": dataclasses.replace(li, form="bare")}),
        ("lists with bullet o", {"lists": dataclasses.replace(li, mark="o")}),
        ("lists with bullet \u2013", {"lists": dataclasses.replace(li, mark="\u2013")}),
        ("lists run-on '- a - b'", {"lists": dataclasses.replace(li, form="run-on", mark="-")}),
        ("lists run-on '\u2022 a \u2022 b'", {"lists": dataclasses.replace(li, form="run-on")}),
        (
            "lists run-on joined to lead-in",
            {"lists": dataclasses.replace(li, form="run-on", with_lead_in=True)},
        ),
    ]


def variations() -> dict[str, list[tuple[str, Layout]]]:
    pdf = PdfLayout(leading=1.35)
    html = HtmlLayout(frame="site")
    docx = DocxLayout()
    text = TextLayout(lists=Lists(mark="-"))
    return {
        "pdf": _vary(
            "baseline: A4, one column, leading 1.35",
            pdf,
            [
                ("page A5", {"page": "A5", "side_mm": 14}),
                ("page US Letter", {"page": "Letter"}),
                ("page A4 landscape", {"page": "A4-landscape"}),
                ("narrow margins 12 mm", {"side_mm": 12, "top_mm": 12}),
                ("wide margins 30 mm", {"side_mm": 30, "top_mm": 28}),
                ("two columns", {"columns": 2}),
                ("three columns", {"columns": 3}),
                ("three columns, A4 landscape", {"columns": 3, "page": "A4-landscape"}),
                ("Times 12 pt", {"font": "Times-Roman", "body_pt": 12.0}),
                ("leading 1.25", {"leading": 1.25}),
                ("leading 1.3", {"leading": 1.3}),
                ("leading 1.5", {"leading": 1.5}),
                ("10 pt", {"body_pt": 10.0}),
                ("8.5 pt, tight leading", {"body_pt": 8.5, "leading": 1.15}),
                ("justified", {"justify": True}),
                ("symbol-font bullets", {"bullet_font": "ZapfDingbats"}),
                ("tables without rules", {"table_grid": False}),
                ("cover page", {"cover": True}),
                ("contents page", {"contents": True}),
                ("running header: title", {"header": "title"}),
                ("running header: title | Joint Forward Plan", {"header": "title-kind"}),
                (
                    "running header: title | Mental Health ... Strategy",
                    {
                        "header": "title-kind",
                        "header_kind": "Mental Health and Wellbeing Strategy 2024-2029",
                    },
                ),
                ("running header: publisher", {"header": "org"}),
                ("running header: section", {"header": "section"}),
                ("page numbers 'Page 3'", {"page_number": "Page {n}"}),
                ("page numbers '3'", {"page_number": "{n}"}),
                ("page numbers '3 of 12'", {"page_number": "{n} of {total}"}),
                ("page numbers '- 3 -'", {"page_number": "- {n} -"}),
                ("footer: publisher", {"footer": "org"}),
                ("footer: version line", {"footer": "Version 1.2 | Approved March 2024"}),
                ("footnotes: 3 citations", {"footnotes": 3}),
                ("footnotes: 3 links", {"footnotes": 3, "footnote_style": "link"}),
                ("call-out box", {"sidebar": "box"}),
                ("sidebar strip", {"sidebar": "side"}),
                (
                    "independent: 2 columns, header, Page N",
                    {"columns": 2, "header": "title-kind", "page_number": "Page {n}"},
                ),
            ],
        ),
        "html": _vary(
            "baseline: site furniture around <main>",
            html,
            [
                ("bare page: <title>, body, no furniture", {"frame": "plain"}),
                ("site furniture, content in a div", {"frame": "site-divs"}),
                ("layout table", {"frame": "table"}),
                ("div soup", {"markup": "divs"}),
                ("div soup, <br><br> paragraphs", {"markup": "divs-br"}),
                ("lists as <br> lines", {"list_markup": "br"}),
                ("tables as divs", {"tables": "divs"}),
                ("contents list", {"contents": True}),
                ("footnotes: 3 citations", {"footnotes": 3}),
                ("call-out box", {"sidebar": "box"}),
                ("source wrapped at 72", {"wrap": 72}),
                ("&nbsp; after full stops", {"nbsp": True}),
            ],
        ),
        "docx": _vary(
            "baseline: Word heading styles",
            docx,
            [
                ("house heading styles", {"heading_styles": "house"}),
                ("bold paragraphs as headings", {"heading_styles": "bold"}),
                ("typed list markers", {"list_markup": "typed"}),
                ("header and footer parts", {"header": "title-kind", "page_number": "Page {n}"}),
                ("footnotes: 3 citations", {"footnotes": 3}),
                ("call-out box (shaded table)", {"sidebar": "box"}),
                ("hard line breaks at 60", {"line_breaks": 60}),
                ("runs split", {"split_runs": True}),
            ],
        ),
        "text": _vary(
            "baseline: the reference's layout",
            text,
            [
                ("headings underlined", {"underline": "="}),
                ("list items spaced apart", {"spaced_items": True}),
                ("lists with bullet \u2022", {"lists": Lists(mark="\u2022")}),
                ("lists with bullet *", {"lists": Lists(mark="*")}),
                ("hard-wrapped at 50", {"wrap": 50}),
                ("hard-wrapped at 72", {"wrap": 72}),
                ("hard-wrapped at 100", {"wrap": 100}),
                ("tables by aligned spaces", {"tables": "spaces"}),
                ("tables by pipes", {"tables": "pipes"}),
                ("pages of 40 lines, 'Page N'", {"page_lines": 40}),
                (
                    "pages of 40 lines, header, 'N of M'",
                    {"page_lines": 40, "header": "title-kind", "page_number": "{n} of {total}"},
                ),
            ],
        ),
    }


def _evidence(base: Any, result: Any, move: Move) -> dict[str, Any]:
    """A move with the evidence only one side quoted, and what each side voided."""
    out: dict[str, Any] = dataclasses.asdict(move)
    if move.criterion == "overall":
        return out
    mine, theirs = result.criterion(move.criterion), base.criterion(move.criterion)
    quotes = {e.quote for e in theirs.evidence}, {e.quote for e in mine.evidence}
    out["only_text"] = sorted(quotes[0] - quotes[1])
    out["only_layout"] = sorted(quotes[1] - quotes[0])
    out["voided_text"] = [f"{v.quote} || {v.reason}" for v in theirs.voided_examples]
    out["voided_layout"] = [f"{v.quote} || {v.reason}" for v in mine.voided_examples]
    return out


def survey(only: set[str], out: Path | None) -> int:
    from pmh_assess import Scorer
    from pmh_assess.rubric import load_rubric, resolve_rubric

    scorer = Scorer(load_rubric(resolve_rubric("mhf-2024")))
    names = [n for n in PLANS if n != "seed" or SEED.is_file()]
    folder = Path(tempfile.mkdtemp(prefix="layout-survey-"))
    plans = {n: plan_named(n) for n in names}
    bases = {}
    for name in names:
        path = folder / f"{name}.reference.txt"
        path.write_text(reference_text(plans[name]), encoding="utf-8")
        bases[name] = score(scorer, name, path)
    report: list[dict[str, Any]] = []
    for container, rows in variations().items():
        if container not in only:
            continue
        print(f"\n== {container}")
        for label, layout in rows:
            found: dict[str, list[Move]] = {}
            details: dict[str, list[dict[str, Any]]] = {}
            for name in names:
                result = score(scorer, name, render(plans[name], layout, folder))
                diff = moves(bases[name], result)
                if diff:
                    found[name] = diff
                    details[name] = [_evidence(bases[name], result, m) for m in diff]
            ways = Counter(f"{m.criterion} {m.way}" for d in found.values() for m in d)
            total = sum(len(d) for d in found.values())
            line = f"{label:48} {len(found):2}/{len(names)} plans {total:3} ratings"
            print(
                line
                + (f"  {', '.join(f'{k} x{v}' for k, v in ways.most_common(6))}" if ways else "")
            )
            sys.stdout.flush()
            report.append(
                {
                    "container": container,
                    "feature": label,
                    "layout": repr(layout),
                    "plans": details,
                }
            )
    if out:
        out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


def _fields(layout: Any, prefix: str = "") -> dict[str, Any]:
    """A layout's features as flat name=value pairs."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(layout):
        value = getattr(layout, f.name)
        if dataclasses.is_dataclass(value):
            out.update(_fields(value, f"{prefix}{f.name}."))
        else:
            out[f"{prefix}{f.name}"] = value
    return out


def sample(examples: int) -> int:
    """Draw `examples` layouts a plan at random and say, for every feature value, how many
    of the renderings that had it rated differently from the plain text."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from pmh_assess import Scorer
    from pmh_assess.rubric import load_rubric, resolve_rubric

    from .strategies import layouts

    scorer = Scorer(load_rubric(resolve_rubric("mhf-2024")))
    names = [n for n in PLANS if n != "seed" or SEED.is_file()]
    folder = Path(tempfile.mkdtemp(prefix="layout-sample-"))
    plans = {n: plan_named(n) for n in names}
    bases = {}
    for name in names:
        path = folder / f"{name}.reference.txt"
        path.write_text(reference_text(plans[name]), encoding="utf-8")
        bases[name] = score(scorer, name, path)
    seen: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    runs: Counter[str] = Counter()

    @settings(
        max_examples=examples * len(names),
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(name=st.sampled_from(names), layout=layouts())
    def draw(name: str, layout: Layout) -> None:
        diff = moves(bases[name], score(scorer, name, render(plans[name], layout, folder)))
        kind = type(layout).__name__
        runs[kind] += 1
        runs[f"{kind} differing"] += bool(diff)
        for key, value in _fields(layout).items():
            feature = f"{kind} {key}={value!r}"
            seen[feature] += 1
            failed[feature] += bool(diff)

    draw()
    for kind in ("PdfLayout", "HtmlLayout", "DocxLayout", "TextLayout"):
        print(f"{kind}: {runs[f'{kind} differing']} of {runs[kind]} renderings differ")
    rows = sorted(
        (f for f in seen if seen[f] >= 5), key=lambda f: (f.split()[0], -failed[f] / seen[f])
    )
    for feature in rows:  # features drawn too rarely to say anything are left out
        print(f"  {feature:70} {failed[feature]:4}/{seen[feature]:<4} differ")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="pdf,html,docx,text")
    parser.add_argument("--json", type=Path, default=None, help="write every move here")
    parser.add_argument(
        "--random", type=int, default=0, help="instead, draw this many layouts a plan"
    )
    args = parser.parse_args()
    if args.random:
        return sample(args.random)
    return survey(set(args.only.split(",")), args.json)


if __name__ == "__main__":
    raise SystemExit(main())
