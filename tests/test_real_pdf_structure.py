"""How the reader structures real published PDFs, against expectations labelled from the
rendered pages (tests/data/real-pdf/, one file per PDF of ../shared/corpus/real-pdf/).

The expectation files keep fingerprints of a few words (tests/fingerprint.py), never the
words, so every check finds a fragment by hashing windows of the words the reader gives.
One test case per expectation:

- heading: a heading sentence on the page holds the fragment (and not much more); with
  `under`, a heading on its heading path holds the parent's fragment.
- footnote, table, figure, members, contents, references, glossary: every word of the
  fragment, where it occurs on the page, is in a sentence of that region.
- order: the `then` fragment follows the `first` fragment with no word between them, on
  the page or the next (or on `then_page`), as the page is read.
- apart: both fragments are on the page and no sentence holds both.
- contents, references, glossary and member pages: at most a tenth of the page's words are
  in body sentences.
- no-text pages: the reader flags the page as having little or no text.

A separate case per PDF scores it through the command line and compares the criteria it
rates OK or better with the labelled ones (unsure labels are left out).

Cases the reader does not meet yet are listed in known-failures.txt beside the labels:
they are expected to fail, and a listed case that passes fails the run, so the list only
shrinks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SHARED, invoke
from .fingerprint import Fragment, positions, words

LABELS = Path(__file__).resolve().parent / "data" / "real-pdf"
CORPUS = SHARED / "corpus" / "real-pdf"
RUBRIC = ROOT / "criteria" / "mhf-2024.yaml"
PAGE_KINDS = {
    "contents_pages": "contents",
    "reference_pages": "references",
    "glossary_pages": "glossary",
    "member_pages": "members",
}
REGION_KINDS = ("footnote", "table", "figure", "members", "contents", "references", "glossary")
MAX_BODY_SHARE = 0.1
HEADING_SLACK = 5
"""Words a heading sentence may have beyond its fragment (a number, a label)."""


def label_files() -> list[Path]:
    return sorted(LABELS.glob("*.yaml"))


def load_labels(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


@dataclass(frozen=True)
class Case:
    stem: str
    kind: str
    page: int
    label: dict[str, Any] = field(hash=False, compare=False)


def _cases() -> Iterator[Any]:
    for path in label_files():
        stem, data = path.stem, load_labels(path)
        for key, kind in [("no_text_pages", "no-text"), *PAGE_KINDS.items()]:
            for page in data.get(key, []):
                name = kind if kind == "no-text" else f"{kind}-page"
                yield pytest.param(Case(stem, name, page, {}), id=f"{stem}::p{page}::{name}")
        seen: dict[tuple[int, str], int] = {}
        entries = [
            *(("heading", e) for e in data.get("headings", [])),
            *(("footnote", {**e, "region": "footnote"}) for e in data.get("footnotes", [])),
            *(("order", e) for e in data.get("order", [])),
            *(("apart", e) for e in data.get("apart", [])),
            *((e["region"], e) for e in data.get("regions", [])),
        ]
        for kind, entry in entries:
            page = entry["page"]
            k = seen[page, kind] = seen.get((page, kind), -1) + 1
            yield pytest.param(Case(stem, kind, page, entry), id=f"{stem}::p{page}::{kind}[{k}]")


CASES = list(_cases())


# ----------------------------------------------------------------------------- reading


@dataclass
class Reading:
    """One PDF as the library reads it, with every sentence's words; or, for a document
    the library refuses, the one-line error it gave (and no pages)."""

    path: Path
    pages: list[Any]
    text: Any
    refused: str = ""

    @cached_property
    def sentence_words(self) -> list[list[str]]:
        return [words(self.text.sentence_text(i)) for i in range(len(self.text.sentences))]

    def stream(self, first: int, last: int | None = None) -> tuple[list[str], list[int]]:
        """The words of the sentences on pages first..last in reading order, and the
        sentence each word is in."""
        last = first if last is None else last
        tokens: list[str] = []
        owners: list[int] = []
        for i, sentence in enumerate(self.text.sentences):
            if first <= sentence.page <= last:
                tokens += self.sentence_words[i]
                owners += [i] * len(self.sentence_words[i])
        return tokens, owners

    def on_page(self, page: int) -> list[int]:
        return [i for i, s in enumerate(self.text.sentences) if s.page == page]

    def quote(self, i: int, limit: int = 160) -> str:
        sentence = self.text.sentences[i]
        shown = " ".join(self.text.sentence_text(i).split())
        shown = shown if len(shown) <= limit else shown[: limit - 3] + "..."
        return f"[{sentence.section}, page {sentence.page}] {shown}"


class Reader:
    """Reads each PDF once for the module, after checking it is the one labelled."""

    def __init__(self) -> None:
        self._read: dict[str, Reading] = {}

    def __call__(self, stem: str) -> Reading:
        if stem not in self._read:
            self._read[stem] = self._load(stem)
        return self._read[stem]

    def _load(self, stem: str) -> Reading:
        from pmh_assess.base.errors import DocumentError
        from pmh_assess.extract import extract
        from pmh_assess.text import prepare

        path = CORPUS / f"{stem}.pdf"
        if not path.is_file():
            pytest.skip(f"needs the real PDF corpus: {path} is missing")
        labels = load_labels(LABELS / f"{stem}.yaml")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == labels["sha256"], f"{path} is not the file these labels describe"
        try:
            doc = extract(path)
        except DocumentError as err:  # e.g. a document with no text layer at all
            return Reading(path, [], prepare([]), refused=str(err))
        return Reading(path, doc.pages, prepare(doc.pages))


@pytest.fixture(scope="module")
def read() -> Reader:
    return Reader()


# ----------------------------------------------------------------------------- checks


def fragment(raw: dict[str, Any]) -> Fragment:
    return Fragment.load(raw)


def occurrences(reading: Reading, frag: Fragment, page: int) -> list[list[int]]:
    """For each place the fragment occurs on the page, the sentences its words are in."""
    tokens, owners = reading.stream(page)
    return [owners[p : p + frag.n] for p in positions(frag, tokens)]


def missing(reading: Reading, what: str, page: int) -> str:
    words_on_page = sum(len(reading.sentence_words[i]) for i in reading.on_page(page))
    return f"{what} is not among the {words_on_page} words read from page {page}"


def check_heading(reading: Reading, case: Case) -> None:
    frag = fragment(case.label["text"])
    found = occurrences(reading, frag, case.page)
    assert found, missing(reading, "the heading", case.page)
    headings = [
        owner[0]
        for owner in found
        if len(set(owner)) == 1
        and reading.text.sentences[owner[0]].section == "heading"
        and len(reading.sentence_words[owner[0]]) <= frag.n + HEADING_SLACK
    ]
    assert headings, "the heading is read as: " + " | ".join(
        reading.quote(i) for i in dict.fromkeys(i for owner in found for i in owner)
    )
    if "under" not in case.label:
        return
    parent = fragment(case.label["under"])
    heading_path = getattr(reading.text, "heading_path", None)
    assert heading_path is not None, "Text has no heading_path: headings have no parents yet"
    paths = {i: tuple(heading_path(i)) for i in headings}
    for i, path in paths.items():
        if any(
            j != i and next(positions(parent, reading.sentence_words[j]), None) is not None
            for j in path
        ):
            return
    shown = [" > ".join(reading.quote(j, 60) for j in path) or "(none)" for path in paths.values()]
    raise AssertionError("the parent heading is not on its heading path: " + " || ".join(shown))


def check_region(reading: Reading, case: Case) -> None:
    region = case.label["region"]
    found = occurrences(reading, fragment(case.label["text"]), case.page)
    assert found, missing(reading, f"the {region} text", case.page)
    for owner in found:
        if all(reading.text.sentences[i].section == region for i in owner):
            return
    read_as = dict.fromkeys(i for owner in found for i in owner)
    raise AssertionError(
        f"expected in the {region} region, read as: "
        + " | ".join(reading.quote(i) for i in read_as)
    )


def check_order(reading: Reading, case: Case) -> None:
    first, then = fragment(case.label["first"]), fragment(case.label["then"])
    last = case.label.get("then_page", case.page + 1)
    tokens, owners = reading.stream(case.page, last)
    pages = [reading.text.sentences[i].page for i in owners]
    starts = [p for p in positions(first, tokens) if pages[p] == case.page]
    assert starts, missing(reading, "the first fragment", case.page)
    follows = set(positions(then, tokens))
    if any(p + first.n in follows for p in starts):
        return
    assert follows, f"the second fragment is not read on pages {case.page} to {last}"
    lines = []
    for p in starts:
        end = p + first.n
        later = [q for q in sorted(follows) if q >= end]
        gap = later[0] - end if later else None
        between = tokens[end : later[0]] if later else []
        barred = case.label.get("not_between", [])
        intruders = sum(next(positions(fragment(raw), between), None) is not None for raw in barred)
        nxt = " ".join(tokens[end : end + 12])
        where = "never" if gap is None else f"{gap} words later"
        note = f" ({intruders} of {len(barred)} barred fragments in the gap)" if intruders else ""
        lines.append(f"followed by '{nxt} ...'; the second fragment comes {where}{note}")
    raise AssertionError("; ".join(lines))


def check_apart(reading: Reading, case: Case) -> None:
    a, b = fragment(case.label["a"]), fragment(case.label["b"])
    for name, frag in (("the first fragment", a), ("the second fragment", b)):
        assert occurrences(reading, frag, case.page), missing(reading, name, case.page)
    together = [
        i
        for i in reading.on_page(case.page)
        if next(positions(a, reading.sentence_words[i]), None) is not None
        and next(positions(b, reading.sentence_words[i]), None) is not None
    ]
    assert not together, "one sentence holds both: " + " | ".join(
        reading.quote(i, 240) for i in together
    )


def check_page_kind(reading: Reading, case: Case) -> None:
    region = case.kind.removesuffix("-page")
    on_page = reading.on_page(case.page)
    total = sum(len(reading.sentence_words[i]) for i in on_page)
    assert total, f"no words read from page {case.page}"
    body = [i for i in on_page if reading.text.sentences[i].section == "body"]
    share = sum(len(reading.sentence_words[i]) for i in body) / total
    sections = sorted({reading.text.sentences[i].section for i in on_page})
    assert share <= MAX_BODY_SHARE, (
        f"a {region} page, but {share:.0%} of its {total} words are body text "
        f"(sections read: {', '.join(sections)}), e.g. {reading.quote(body[0])}"
    )


def check_no_text(reading: Reading, case: Case) -> None:
    """A page without a usable text layer is flagged as such; a document with none at all
    may instead be refused with an error that says so."""
    from pmh_assess.extract.quality import poor_pages

    if reading.refused:
        assert "no text layer" in reading.refused, reading.refused
        return
    flagged = {flag.page: flag.problems for flag in poor_pages(reading.pages)}
    assert case.page in flagged, (
        f"page {case.page} has no usable text layer, but its text was not flagged: "
        + " | ".join(reading.quote(i) for i in reading.on_page(case.page)[:3])
    )


CHECKS = {
    "heading": check_heading,
    "order": check_order,
    "apart": check_apart,
    "no-text": check_no_text,
    **{kind: check_region for kind in REGION_KINDS},
    **{f"{kind}-page": check_page_kind for kind in PAGE_KINDS.values()},
}


KNOWN = LABELS / "known-failures.txt"
"""The cases the reader does not meet yet, one test id a line: each is expected to fail
(and fails the run if it starts passing, so the list only shrinks). Rewrite it after a
change with `python -m tests.test_real_pdf_structure --known` (see the bottom)."""


def known_failures() -> frozenset[str]:
    if not KNOWN.is_file():
        return frozenset()
    lines = KNOWN.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@pytest.fixture(autouse=True)
def _known(request: pytest.FixtureRequest) -> None:
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and f"{request.node.originalname}[{callspec.id}]" in known_failures():
        request.applymarker(
            pytest.mark.xfail(strict=True, reason=f"a known failure, listed in {KNOWN.name}")
        )


@pytest.mark.parametrize("case", CASES)
def test_structure(case: Case, read: Reader) -> None:
    reading = read(case.stem)
    assert case.kind == "no-text" or not reading.refused, f"not read: {reading.refused}"
    CHECKS[case.kind](reading, case)


# ----------------------------------------------------------------------------- criteria


def judged() -> tuple[list[str], str, Any]:
    from pmh_assess.rubric import load_rubric

    rubric = load_rubric(RUBRIC)
    credit_level = rubric.levels[(len(rubric.levels) - 1) // 2]
    ids = [c.id for c in rubric.criteria if c.evidence and not c.derived]
    return ids, credit_level, rubric


@pytest.mark.parametrize("path", label_files(), ids=[p.stem for p in label_files()])
def test_whole_document_labels(path: Path) -> None:
    pdf = CORPUS / f"{path.stem}.pdf"
    if not pdf.is_file():
        pytest.skip(f"needs the real PDF corpus: {pdf} is missing")
    labels = load_labels(path)["criteria"]
    credited, unsure = set(labels["credit"]), set(labels["unsure"])
    ids, credit_level, rubric = judged()
    code, out, err = invoke(
        "score", str(pdf), "--rubric", str(RUBRIC), "--format", "json",
        "--workers", "0", "--no-cache", "--quiet",
    )  # fmt: skip
    assert code in (0, 1), err  # 1: the document was not scored (no text layer, say)
    report = json.loads(out)
    refused = "; ".join(e["message"] for e in report["errors"])
    plans = report["plans"]
    assert len(plans) == (0 if refused else 1), err
    ratings = {c["id"]: c["rating"] for c in plans[0]["criteria"]} if plans else {}
    limit, worst = rubric.rank(credit_level), rubric.levels[-1]
    disagreements = []
    for cid in ids:
        if cid in unsure:
            continue
        rating = ratings.get(cid, worst)
        # a document without text to read is not assessable: it credits nothing
        tool = rating in rubric.levels and rubric.rank(rating) <= limit
        if tool and cid not in credited:
            disagreements.append(f"{cid}: rated {rating}, not credited by the labels")
        elif cid in credited and not tool:
            label = labels["credit"][cid]
            disagreements.append(
                f"{cid}: rated {rating}, credited by the labels (page {label['page']}: "
                f"{label['why']})"
            )
    if refused and disagreements:
        disagreements.insert(0, f"(not scored: {refused})")
    assert not disagreements, f"{len(disagreements)} disagreement(s):\n" + "\n".join(disagreements)


# ----------------------------------------------------------------------------- the labels


def test_every_pdf_of_the_corpus_is_labelled() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"needs the real PDF corpus at {CORPUS}")
    pdfs = sorted(p.stem for p in CORPUS.glob("*.pdf"))
    assert pdfs == [p.stem for p in label_files()]


@pytest.mark.parametrize("path", label_files(), ids=[p.stem for p in label_files()])
def test_label_files_are_well_formed(path: Path) -> None:
    data = load_labels(path)
    assert path.read_text(encoding="utf-8").startswith("# "), "say what the layout is first"
    assert data["pdf"] == f"{path.stem}.pdf"
    pages = data["pages"]
    for key in ("no_text_pages", *PAGE_KINDS):
        assert all(1 <= p <= pages for p in data.get(key, [])), key
    for case in (c.values[0] for c in CASES):
        if case.stem != path.stem:
            continue
        assert 1 <= case.page <= pages
        for key in ("text", "under", "first", "then", "a", "b"):
            if key in case.label:
                Fragment.load(case.label[key])
        for raw in case.label.get("not_between", []):
            Fragment.load(raw)
    ids, _, _ = judged()
    labels = data["criteria"]
    assert set(labels["credit"]) | set(labels["unsure"]) <= set(ids)
    assert not set(labels["credit"]) & set(labels["unsure"])
    assert all(1 <= c["page"] <= pages and c["why"].strip() for c in labels["credit"].values())


def test_fingerprints_see_words_not_spacing_case_or_punctuation() -> None:
    assert words("Well-being, for ALL: 2024’s ﬁrst plan") == [
        "well",
        "being",
        "for",
        "all",
        "2024",
        "s",
        "first",
        "plan",
    ]
    assert Fragment.of("Mental  health\nsupport.") == Fragment.of("mental health support")
    assert Fragment.of("mental health support") != Fragment.of("mental health supports")
    frag = Fragment.of("health support")
    assert list(positions(frag, words("Mental health support, and health support"))) == [1, 4]
    assert Fragment.load(frag.dump()) == frag
    with pytest.raises(ValueError):
        Fragment.load({"fp": "not hex at all", "n": 2})


if __name__ == "__main__":  # list the cases that fail today as the known failures
    import subprocess
    import sys

    if sys.argv[1:] != ["--known"]:
        sys.exit("usage: python -m tests.test_real_pdf_structure --known")
    KNOWN.write_text("", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", __file__],
        capture_output=True,
        text=True,
    )
    failed = sorted(
        line.split("::", 1)[1].split(" - ")[0]
        for line in run.stdout.splitlines()
        if line.startswith("FAILED ")
    )
    KNOWN.write_text(
        "# Real-PDF structure cases the reader does not meet yet (regenerate: see the test).\n"
        + "".join(f"{name}\n" for name in failed),
        encoding="utf-8",
    )
    print(f"{len(failed)} known failure(s) written to {KNOWN}")
