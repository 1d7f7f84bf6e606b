"""Turn scratch label files (kept outside the project) into expectation files that hold
fingerprints of the words, never the words.

A scratch file is named after the PDF's stem (`<stem>.yaml`) and has the keys of an
expectation file, with text where the expectation file has a fragment:

    layout: what the pages look like, in your own words (becomes the file's top comment)
    no_text_pages: [2]
    contents_pages: [3]                  # also reference_pages, glossary_pages, member_pages
    headings:
      - {page: 5, text: Our approach, under: What we will do}
    footnotes:
      - {page: 5, text: a few words of the footnote}
    order:                               # `then` on the page, the next, or then_page
      - {page: 6, first: end of the column, then: start of the next, not_between: [box words]}
      - {page: 9, first: end of a page, then: where it resumes, then_page: 12}
    apart:
      - {page: 7, a: words of one cell, b: words of another}
    regions:
      - {page: 8, region: table, text: words in a table cell}   # table, figure or members
    criteria:
      credit:
        group-cyp: {page: 4, why: in our own words}
      unsure: [social-community-context]

Every piece of text must be found on its page as poppler's pdftotext reads it (in one of
its reading modes): that catches typing slips before they become fingerprints no reader
can ever match. Text that no pdftotext mode gives as words (letter-spaced capitals, say)
is typed from the page image and marked so: `{typed: WHY YOU NEED ETHICS}`.

    python tests/data/real-pdf/make.py /work/scratch/pdf/ [--pdfs ../shared/corpus/real-pdf]
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from fingerprint import Fragment, occurs, words  # noqa: E402

RUBRIC = ROOT / "criteria" / "mhf-2024.yaml"
PAGE_LISTS = (
    "no_text_pages",
    "contents_pages",
    "reference_pages",
    "glossary_pages",
    "member_pages",
)
REGIONS = ("table", "figure", "members", "footnote", "contents", "references", "glossary")
MODES = ((), ("-layout",), ("-raw",))
KEYS = (
    "layout",
    *PAGE_LISTS,
    "headings",
    "footnotes",
    "order",
    "apart",
    "regions",
    "criteria",
)


class LabelError(Exception):
    """A scratch file that cannot become an expectation file."""


def judged_criteria() -> set[str]:
    """The rubric's criteria that have evidence rules of their own (not derived)."""
    from pmh_assess.rubric import load_rubric

    return {c.id for c in load_rubric(RUBRIC).criteria if c.evidence and not c.derived}


@cache
def page_words(pdf: Path, page: int) -> tuple[list[str], ...]:
    """A page's words in each of poppler's reading modes."""
    out = []
    for mode in MODES:
        done = subprocess.run(
            ["pdftotext", *mode, "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        out.append(words(done.stdout))
    return tuple(out)


class Builder:
    def __init__(self, pdf: Path, pages: int) -> None:
        self.pdf = pdf
        self.pages = pages

    def page(self, raw: Any, where: str) -> int:
        if not isinstance(raw, int) or not 1 <= raw <= self.pages:
            raise LabelError(f"{where}: page {raw!r} is not a page of {self.pdf.name}")
        return raw

    def fragment(self, text: Any, pages: list[int], where: str) -> dict[str, Any]:
        typed = isinstance(text, dict) and set(text) == {"typed"}
        if typed:  # read off the page image where no pdftotext mode gives the words
            text = text["typed"]
        if not isinstance(text, str) or not words(text):
            raise LabelError(f"{where}: {text!r} is not text")
        fragment = Fragment.of(text)
        if typed:
            return fragment.dump()
        found = any(
            occurs(fragment, tokens)
            for page in pages
            if page <= self.pages
            for tokens in page_words(self.pdf, page)
        )
        if not found:
            raise LabelError(f"{where}: {text!r} is not on page {pages[0]} of {self.pdf.name}")
        return fragment.dump()

    def entry(self, raw: Any, kind: str, index: int) -> dict[str, Any]:
        where = f"{kind}[{index}]"
        if not isinstance(raw, dict) or "page" not in raw:
            raise LabelError(f"{where}: expected a mapping with a page")
        page = self.page(raw["page"], where)
        out: dict[str, Any] = {"page": page}
        allowed = {
            "headings": {"page", "text", "under"},
            "footnotes": {"page", "text"},
            "order": {"page", "first", "then", "then_page", "not_between"},
            "apart": {"page", "a", "b"},
            "regions": {"page", "region", "text"},
        }[kind]
        if set(raw) - allowed:
            raise LabelError(f"{where}: unknown keys {sorted(set(raw) - allowed)}")
        if kind == "regions":
            if raw.get("region") not in REGIONS:
                raise LabelError(f"{where}: region must be one of {', '.join(REGIONS)}")
            out["region"] = raw["region"]
        for key in ("text", "under", "first", "a", "b"):
            if key in raw:
                # a heading's parent may sit on an earlier page
                pages = list(range(1, page + 1))[::-1] if key == "under" else [page]
                out[key] = self.fragment(raw[key], pages, f"{where}.{key}")
        # `then` is on the same page or the next, unless then_page says where the text
        # resumes (after a figure or table page set between)
        last = page + 1
        if "then_page" in raw:
            last = self.page(raw["then_page"], f"{where}.then_page")
            if last <= page:
                raise LabelError(f"{where}: then_page must come after page")
            out["then_page"] = last
        span = list(range(page, last + 1))
        if "then" in raw:
            out["then"] = self.fragment(raw["then"], span, f"{where}.then")
        if "not_between" in raw:
            out["not_between"] = [
                self.fragment(t, span, f"{where}.not_between") for t in raw["not_between"]
            ]
        needed = {"headings": "text", "footnotes": "text", "order": "then", "apart": "b"}
        if kind in needed and needed[kind] not in out:
            raise LabelError(f"{where}: missing {needed[kind]}")
        return out


def build(scratch: Path, pdfs: Path, known: set[str]) -> tuple[str, dict[str, Any]]:
    """The expectation file's top comment and data for one scratch file."""
    raw = yaml.safe_load(scratch.read_text(encoding="utf-8")) or {}
    unknown = set(raw) - set(KEYS)
    if unknown:
        raise LabelError(f"unknown keys {sorted(unknown)}")
    pdf = pdfs / f"{scratch.stem}.pdf"
    if not pdf.is_file():
        raise LabelError(f"no PDF {pdf}")
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    builder = Builder(pdf, pages)
    layout = str(raw.get("layout", "")).strip()
    if not layout:
        raise LabelError("say what the layout is (layout:)")
    data: dict[str, Any] = {
        "pdf": pdf.name,
        "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
        "pages": pages,
    }
    for key in PAGE_LISTS:
        if key in raw:
            data[key] = sorted({builder.page(p, key) for p in raw[key]})
    for kind in ("headings", "footnotes", "order", "apart", "regions"):
        if kind in raw:
            data[kind] = [builder.entry(item, kind, i) for i, item in enumerate(raw[kind])]
    criteria = raw.get("criteria") or {}
    credit = criteria.get("credit") or {}
    unsure = list(criteria.get("unsure") or [])
    for cid in [*credit, *unsure]:
        if cid not in known:
            raise LabelError(f"criteria: {cid!r} is not a judged criterion of {RUBRIC.name}")
    for cid, label in credit.items():
        if not isinstance(label, dict) or set(label) != {"page", "why"} or not label["why"]:
            raise LabelError(f"criteria.credit.{cid}: expected {{page, why}}")
        builder.page(label["page"], f"criteria.credit.{cid}")
    data["criteria"] = {"credit": credit, "unsure": unsure}
    comment = "\n".join(f"# {line}".rstrip() for line in textwrap.wrap(layout, 96))
    return comment, data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scratch", type=Path, nargs="+", help="scratch files or folders")
    parser.add_argument("--pdfs", type=Path, default=ROOT.parent / "shared/corpus/real-pdf")
    parser.add_argument("-o", "--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    known = judged_criteria()
    files = sorted(
        f for path in args.scratch for f in (path.glob("*.yaml") if path.is_dir() else [path])
    )
    failed = 0
    for scratch in files:
        try:
            comment, data = build(scratch, args.pdfs, known)
        except LabelError as err:
            print(f"{scratch.name}: {err}", file=sys.stderr)
            failed += 1
            continue
        body = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)
        (args.out / scratch.name).write_text(f"{comment}\n{body}", encoding="utf-8")
        print(f"{scratch.name}: written")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
