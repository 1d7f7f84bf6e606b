#!/usr/bin/env python3
"""Generate a corpus of realistic, fictional ICS plan PDFs to benchmark pmh-assess on.

    python benchmarks/corpus.py OUT_DIR [--plans 42] [--pages 95]

Each plan is an Integrated Care Strategy (about a third of its pages) and a Joint Forward
Plan, declared in OUT_DIR/plans.yaml. Pages look like real plans: a title page, a contents
page with dotted leaders, running headers and page numbers, headings, dense paragraphs,
bullet lists, tables of metrics, a glossary and a reference list; a third of the documents
are set in two columns. Sentences are built from phrase lists written for this script
(every place and figure invented), mixing physical-health and operational text with
mental health text at a rate that differs from plan to plan, so ratings vary.

The output depends only on the arguments: reportlab runs in invariant mode and every plan
has its own seeded random generator, so two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import textwrap
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

VERSION = "1"  # bump when the output changes: run.py regenerates a corpus of another version

SYLLABLES_A = ["Ash", "Brack", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol", "Ivy", "Kel", "Lyn"]
SYLLABLES_B = ["moor", "ford", "dale", "wick", "ton", "bury", "field", "mere", "holme", "stow"]

SUBJECTS = [
    "We",
    "The ICB",
    "Our partners",
    "The partnership",
    "Local authorities and the NHS",
    "Our provider collaborative",
    "The VCSE alliance",
    "Each place partnership",
    "Primary care networks",
    "Our community services",
]
VERBS = [
    "expand",
    "commission",
    "roll out",
    "develop",
    "invest in",
    "introduce",
    "redesign",
    "strengthen",
    "co-produce",
    "evaluate",
    "scale up",
    "join up",
]
GENERAL = [
    "elective recovery",
    "urgent and emergency care",
    "hospital discharge",
    "same-day access to primary care",
    "early cancer diagnosis",
    "cardiovascular disease prevention",
    "diabetes care",
    "smoking cessation services",
    "falls prevention",
    "workforce retention",
    "digital transformation",
    "the estates strategy",
    "financial recovery",
    "community pharmacy",
    "access to NHS dentistry",
    "maternity safety",
    "virtual wards",
    "population health management",
    "anticipatory care for frail older people",
    "weight management services",
    "the Diabetes Prevention Programme",
    "cancer screening uptake",
    "hypertension case finding",
    "childhood immunisations",
    "end of life care",
    "planned care waiting lists",
    "theatre productivity",
    "the shared care record",
    "ambulance handover times",
]
MENTAL = [
    "mental health and wellbeing",
    "a public mental health approach",
    "suicide prevention",
    "NHS Talking Therapies",
    "perinatal mental health services",
    "mental health support for children and young people",
    "Mental Health Support Teams in schools",
    "early intervention in psychosis",
    "physical health checks for people with severe mental illness",
    "Individual Placement and Support",
    "crisis cafes and other alternatives to admission",
    "peer support workers",
    "social prescribing",
    "action on loneliness and isolation",
    "mental health literacy",
    "Mental Health First Aid training",
    "anti-stigma campaigns",
    "parenting programmes",
    "whole-school approaches to wellbeing",
    "debt advice in GP surgeries",
    "support for people affected by adverse childhood experiences",
    "trauma-informed practice",
    "mental health support for asylum seekers and refugees",
    "psychological support for people with long-term conditions",
    "the Prevention Concordat for Better Mental Health",
    "community mental health hubs",
    "green social prescribing",
    "arts and creativity for wellbeing",
    "befriending schemes",
    "the Patient and Carer Race Equality Framework",
    "primary prevention of poor mental health",
]
GROUPS = [
    "children and young people",
    "older people",
    "carers",
    "people living in the most deprived areas",
    "people from Black and minority ethnic communities",
    "veterans",
    "people who are homeless",
    "new parents",
    "people with a learning disability",
    "farmers and rural communities",
    "young adults leaving care",
    "people in contact with the justice system",
]
QUALIFIERS = [
    "across every place",
    "in our most deprived neighbourhoods",
    "through the VCSE sector",
    "with local authority partners",
    "as part of the five-year plan",
    "in line with national guidance",
    "working with people with lived experience",
    "through our place-based partnerships",
    "alongside housing and employment services",
]
DEADLINES = ["March 2025", "March 2026", "2027", "2028", "the end of 2026", "April 2025"]
ISSUES = [
    "poverty",
    "poor housing",
    "unemployment",
    "debt",
    "social isolation",
    "domestic abuse",
    "long waits for treatment",
    "obesity",
    "alcohol harm",
    "digital exclusion",
    "fuel poverty",
]
AREAS = ["our area", "the county", "the city", "each borough", "our coastal towns"]
HEADINGS_GENERAL = [
    "Our population",
    "Tackling health inequalities",
    "Urgent and emergency care",
    "Planned care and elective recovery",
    "Primary and community care",
    "Our workforce",
    "Digital and data",
    "Finance and productivity",
    "Children and families",
    "Prevention",
    "Working with communities",
    "Delivering our plan",
    "Cancer",
    "Long-term conditions",
]
HEADINGS_MENTAL = [
    "Mental health and wellbeing",
    "Suicide prevention",
    "Children and young people's mental health",
    "Public mental health",
    "Severe mental illness",
    "Perinatal mental health",
    "Community mental health transformation",
]
GLOSSARY = [
    ("CYP", "Children and young people"),
    ("SMI", "Severe mental illness"),
    ("VCSE", "Voluntary, community and social enterprise sector"),
    ("PCN", "Primary care network"),
    ("ICB", "Integrated care board"),
    ("JSNA", "Joint strategic needs assessment"),
    ("IPS", "Individual Placement and Support"),
    ("LTC", "Long-term condition"),
    ("ACEs", "Adverse childhood experiences"),
]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Profile:
    """How much a plan says about mental health, and how firmly."""

    mental: float  # share of sentences about mental health
    commitment: float  # share of sentences that commit to act
    targets: float  # share of commitments with a number and a date


class Writer:
    """Sentences, paragraphs and blocks for one plan, from its own random generator."""

    def __init__(self, rng: random.Random, profile: Profile, place: str) -> None:
        self.rng = rng
        self.p = profile
        self.place = place

    def topic(self) -> str:
        return self.rng.choice(MENTAL if self.rng.random() < self.p.mental else GENERAL)

    def sentence(self) -> str:
        r, c = self.rng, self.rng.choice
        topic = self.topic()
        roll = r.random()
        if roll < self.p.commitment:
            if r.random() < self.p.targets:
                return (
                    f"By {c(DEADLINES)}, we will "
                    f"{c(VERBS)} {topic} to reach at least {r.randint(2, 90)}% of "
                    f"{c(GROUPS)}."
                )
            return f"{c(SUBJECTS)} will {c(VERBS)} {topic} {c(QUALIFIERS)}."
        roll = r.random()
        if roll < 0.2:
            return (
                f"We know that {c(ISSUES)} affects {c(GROUPS)} in {c(AREAS)}, and that it "
                f"widens the gap in outcomes for {topic}."
            )
        if roll < 0.35:
            return (
                f"In {r.randint(2019, 2023)}, {r.randint(3, 60)}% of {c(GROUPS)} in {self.place} "
                f"reported problems with {c(ISSUES)}."
            )
        if roll < 0.45:
            who, places = c(SUBJECTS).lower(), r.randint(3, 14)
            return f"{cap(topic)} is delivered by {who} across {places} neighbourhoods."
        if roll < 0.52:
            return f"We may consider further work on {topic} in later years of the plan."
        if roll < 0.57:
            return f"There is currently no agreed approach to {topic} in {c(AREAS)}."
        if roll < 0.75:
            return (
                f"The board receives a quarterly report on {topic} and on {self.topic()}, "
                f"with data for each place."
            )
        return (
            f"{cap(topic)} matters to {c(GROUPS)}, who told us through our engagement that "
            f"{c(ISSUES)} and {c(ISSUES)} make it harder to stay well."
        )

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def bullets(self) -> list[str]:
        return [
            f"{cap(self.rng.choice(VERBS))} {self.topic()} {self.rng.choice(QUALIFIERS)}"
            for _ in range(self.rng.randint(3, 6))
        ]

    def table(self) -> list[list[str]]:
        rows = [["Area", "Measure", "Baseline", "Target"]]
        for _ in range(self.rng.randint(4, 8)):
            rows.append(
                [
                    cap(self.topic())[:34],
                    self.rng.choice(["Rate per 100,000", "Share of people", "Waiting weeks"]),
                    f"{self.rng.randint(5, 80)}%",
                    f"{self.rng.randint(5, 95)}% by {self.rng.choice(DEADLINES)}",
                ]
            )
        return rows

    def heading(self) -> str:
        pool = HEADINGS_MENTAL if self.rng.random() < self.p.mental * 1.5 else HEADINGS_GENERAL
        return self.rng.choice(pool)


# Layout: A4, 60 pt margins, Helvetica 9.5 pt body.
WIDTH, HEIGHT = A4
MARGIN = 60
BODY, LEADING = 9.5, 12.5
TOP, BOTTOM = HEIGHT - MARGIN - 20, MARGIN + 10


class Layout:
    """Blocks flowed onto pages (one or two columns), with header and footer on each page."""

    def __init__(self, columns: int, header: str) -> None:
        self.columns = columns
        self.header = header
        gap = 20
        self.column_width = (WIDTH - 2 * MARGIN - (columns - 1) * gap) / columns
        self.chars = int(self.column_width / (BODY * 0.5)) - 4
        self.lefts = [MARGIN + i * (self.column_width + gap) for i in range(columns)]
        self.pages: list[list[tuple[float, float, str, float]]] = [[]]
        self.column = 0
        self.y = TOP

    def _room(self, height: float) -> None:
        if self.y - height >= BOTTOM:
            return
        self.column += 1
        if self.column >= self.columns:
            self.pages.append([])
            self.column = 0
        self.y = TOP

    def line(self, text: str, size: float = BODY, indent: float = 0) -> None:
        self._room(size * 1.3)
        self.pages[-1].append((self.lefts[self.column] + indent, self.y, text, size))
        self.y -= size * 1.3 if size > BODY else LEADING

    def space(self, points: float) -> None:
        self.y -= points

    def heading(self, text: str, size: float = 14) -> int:
        self._room(size * 1.3 + 4 * LEADING)  # keep a heading with what follows
        self.space(6)
        self.line(text, size)
        self.space(4)
        return len(self.pages)

    def paragraph(self, text: str) -> None:
        for line in textwrap.wrap(text, self.chars):
            self.line(line)
        self.space(6)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            for i, line in enumerate(textwrap.wrap(item, self.chars - 3)):
                self.line(("\u2013 " if i == 0 else "") + line, indent=0 if i == 0 else 9)
        self.space(6)

    def table(self, rows: list[list[str]]) -> None:
        cells = max(1, int(self.column_width // 4))
        for row in rows:
            self._room(LEADING)
            for i, cell in enumerate(row):
                self.pages[-1].append(
                    (self.lefts[self.column] + i * cells, self.y, cell[: int(cells / 4.6)], 8)
                )
            self.y -= LEADING
        self.space(8)

    def break_page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])
        self.column = 0
        self.y = TOP


def document(
    path: Path, title: str, writer: Writer, pages: int, columns: int, rng: random.Random
) -> int:
    """Write one plan document of about `pages` pages; returns the page count."""
    layout = Layout(columns, title)
    sections: list[tuple[str, int]] = []
    while len(layout.pages) < pages - 2:
        name = writer.heading()
        sections.append((name, layout.heading(name)))
        for _ in range(rng.randint(3, 7)):
            roll = rng.random()
            if roll < 0.12:
                layout.heading(cap(writer.topic()), 11)
            elif roll < 0.3:
                layout.bullets(writer.bullets())
            elif roll < 0.36:
                layout.table(writer.table())
            else:
                layout.paragraph(writer.paragraph())
    layout.break_page()
    layout.heading("Glossary")
    for short, long in GLOSSARY:
        layout.line(f"{short}    {long}")
    layout.heading("References")
    for n in range(1, rng.randint(6, 12)):
        year = rng.randint(2015, 2023)
        layout.line(f"{n}. National report on {writer.topic()} ({year}). London.", 8)

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setFont("Helvetica-Bold", 24)
    c.drawString(MARGIN, HEIGHT / 2, title)
    c.setFont("Helvetica", 12)
    c.drawString(MARGIN, HEIGHT / 2 - 30, "2023/24 to 2027/28")
    c.showPage()
    offset = 2  # the title and contents pages come first
    c.setFont("Helvetica-Bold", 16)
    c.drawString(MARGIN, TOP, "Contents")
    y = TOP - 30
    for name, page in sections[:45]:
        c.setFont("Helvetica", 10)
        c.drawString(MARGIN, y, f"{name} {'.' * 60} {page + offset}")
        y -= 14
    c.showPage()
    for number, items in enumerate(layout.pages, start=1 + offset):
        c.setFont("Helvetica", 8)
        c.drawString(MARGIN, HEIGHT - MARGIN + 10, layout.header)
        c.drawString(WIDTH / 2, MARGIN - 20, str(number))
        text = c.beginText()
        size = None
        for x, y, line, font in items:
            if font != size:
                text.setFont("Helvetica-Bold" if font > BODY + 1 else "Helvetica", font)
                size = font
            text.setTextOrigin(x, y)
            text.textOut(line)
        c.drawText(text)
        c.showPage()
    c.save()
    return len(layout.pages) + offset


def place_name(rng: random.Random) -> str:
    return (
        f"{rng.choice(SYLLABLES_A)}{rng.choice(SYLLABLES_B)} and "
        f"{rng.choice(SYLLABLES_A)}{rng.choice(SYLLABLES_B)}"
    )


def generate(out: Path, plans: int = 42, pages: int = 95) -> tuple[int, int]:
    """Write `plans` plans of about `pages` pages each into `out`; (documents, pages)."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = ["plans:"]
    documents = total = 0
    used: set[str] = set()
    for index in range(plans):
        rng = random.Random(f"plan-{index}")
        place = place_name(rng)
        while place in used:
            place = place_name(rng)
        used.add(place)
        slug = place.lower().replace(" and ", "-")
        profile = Profile(
            mental=rng.uniform(0.04, 0.4),
            commitment=rng.uniform(0.15, 0.5),
            targets=rng.uniform(0.0, 0.4),
        )
        writer = Writer(rng, profile, place)
        folder = out / slug
        folder.mkdir(exist_ok=True)
        strategy_pages = max(3, pages // 3)
        docs = [
            ("strategy.pdf", f"{place} Integrated Care Strategy", strategy_pages),
            ("joint-forward-plan.pdf", f"{place} Joint Forward Plan", pages - strategy_pages),
        ]
        for name, title, count in docs:
            columns = 2 if rng.random() < 0.33 else 1
            total += document(folder / name, title, writer, count, columns, rng)
            documents += 1
        manifest += [
            f"  - id: {slug}",
            f"    title: {place} ICS",
            f"    documents: [{slug}/strategy.pdf, {slug}/joint-forward-plan.pdf]",
            f"    metadata: {{population: {rng.randint(5, 30) * 100000}}}",
        ]
    (out / "plans.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return documents, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=int, default=42)
    parser.add_argument("--pages", type=int, default=95, help="pages per plan (about)")
    args = parser.parse_args()
    documents, pages = generate(args.out, args.plans, args.pages)
    print(f"wrote {documents} documents, {pages} pages, to {args.out}")


if __name__ == "__main__":
    main()
