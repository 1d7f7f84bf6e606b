"""A plan whose text is mostly missing is rated "Not assessable", never Poor, everywhere.

Real PDFs without a text layer come from the shared corpora (never copied here); a
twelve-page PDF with text on its first page only is generated.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest

from pmh_assess.base.vocabulary import NOT_ASSESSABLE
from pmh_assess.coverage import coverage_of
from pmh_assess.engine import prepare_text, textpages
from pmh_assess.engine.textpages import MIN_LETTERS, pages_without_text
from pmh_assess.plans import PlanSpec, discover
from pmh_assess.results import load_results
from pmh_assess.rubric import load_rubric
from pmh_assess.run import ReadOptions, score_plans
from pmh_assess.text.segment import LETTERS_COUNTED

from .conftest import MINI, ROOT, SHARED, build_pdf, invoke

REAL = SHARED / "corpus" / "real-pdf"
ROBUST = SHARED / "corpus" / "pdf"
needs_shared = pytest.mark.skipif(
    not (REAL / "MANIFEST.tsv").is_file() or not (ROBUST / "MANIFEST.tsv").is_file(),
    reason=f"the real and robustness PDF corpora are not at {SHARED} (set PMH_ASSESS_SHARED)",
)
# Named in the corpora's MANIFEST.tsv as having no text layer at all
NO_TEXT = [
    "real-pdf/sheffield-pcn-network-map-2019.pdf",  # map graphics only
    "real-pdf/nhse-core20plus5-infographic-cyp-2022.pdf",  # text drawn as outlines
    "pdf/pdfplumber__issue-203-decimalize.pdf",  # three scanned pages
]
PARTIAL = "real-pdf/cpicb-prescribing-update-diabetes-technology-2022.pdf"  # last page: none


def one_of_twelve(folder: Path) -> Path:
    """A plan with words on its first page, and eleven pages without a text layer."""
    folder.mkdir(parents=True, exist_ok=True)
    first = [
        (72, 760, "We will invest in the prevention of poor mental health in every school."),
        (72, 740, "We will fund prevention of suicide in every town by 2026."),
    ]
    return build_pdf(folder / "scanned-plan.pdf", [first] + [[] for _ in range(11)])


def test_a_page_is_without_text_below_the_threshold() -> None:
    prepared = prepare_text("Prevention of poor mental health matters.\fDraft\f" + "x " * 5)
    assert pages_without_text(prepared.text, 3) == [2, 3]
    long_enough = "a" * MIN_LETTERS
    assert pages_without_text(prepare_text(f"{long_enough}\fDraft").text, 2) == [2]
    # one page alone is without text only when it holds no letter
    assert pages_without_text(prepare_text("Draft").text, 1) == []
    assert pages_without_text(prepare_text("2024 - 2025").text, 1) == [1]


def test_a_page_that_only_ends_a_sentence_from_the_page_before_has_text() -> None:
    # a short paper: a title page, a page of text whose last sentence runs over the page
    # break, and a last page holding only that sentence's end (sentences are kept on the
    # page they start on, but the page's words are what the reader sees)
    pages = (
        "Northmoor winter planning update for the scrutiny panel\f"
        "Partners will open two warm spaces in each town this winter so that people who are "
        "lonely or worried about\f"
        "paying their heating bills have somewhere to go, with advice on money and mental "
        "health on hand every afternoon."
    )
    prepared = prepare_text(pages)
    assert [s.page for s in prepared.text.sentences][-1] == 2  # the sentence starts on page 2
    assert pages_without_text(prepared.text, 3) == []
    # the prepared text counts each page's letters far enough for the engine to decide
    assert textpages._CLEARLY <= LETTERS_COUNTED


def test_a_plan_with_text_on_one_page_of_twelve_is_not_assessable(tmp_path: Path) -> None:
    pdf = one_of_twelve(tmp_path / "plans")
    out = tmp_path / "results.json"
    code, _, err = invoke("score", str(pdf), "-r", str(MINI), "-o", str(out))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith(("warning", "error"))]
    assert len(lines) == 1, err  # one line, whatever the number of documents
    [line] = lines
    assert line.startswith("warning: 1 document not assessable")
    assert "scanned-plan.pdf (11 of 12 pages have no text)" in line
    plan = load_results(out).plans[0]
    assert plan.overall.rating == NOT_ASSESSABLE != "Poor"
    assert plan.overall.reason == "Not assessable: 11 of 12 pages have no text"
    assert {c.rating for c in plan.criteria} == {NOT_ASSESSABLE}
    assert {c.machine_rating for c in plan.criteria} == {NOT_ASSESSABLE}
    [document] = plan.documents
    assert document.pages_without_text == list(range(2, 13)) and not document.assessable
    # what the one page says stays, to read: evidence, not a rating
    assert any(c.evidence for c in plan.criteria)


def test_every_score_format_says_so(tmp_path: Path) -> None:
    one_of_twelve(tmp_path / "plans")
    (tmp_path / "plans" / "read.txt").write_text(
        "We will invest in the prevention of poor mental health.\n", encoding="utf-8"
    )
    plans = str(tmp_path / "plans")
    _, table, _ = invoke("score", plans, "-r", str(MINI), "--detail")
    assert "Not assessable" in table and "11 of 12 pages have no text" in table
    assert "Text missing" in table
    _, markdown, _ = invoke("score", plans, "-r", str(MINI), "-f", "markdown")
    assert "**Overall: Not assessable**" in markdown
    assert "| scanned-plan | Not assessable | - |" in markdown
    _, text, _ = invoke("score", plans, "-r", str(MINI), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    scanned = [r for r in rows if r["plan"] == "scanned-plan"]
    assert {r["rating"] for r in scanned} == {NOT_ASSESSABLE}
    assert {r["text_missing"] for r in scanned} == {"11 of 12 pages have no text"}
    assert {r["text_missing"] for r in rows if r["plan"] == "read"} == {""}


def test_every_page_with_text_keeps_the_json_as_it_was() -> None:
    code, out, _ = invoke("score", str(ROOT / "plans"), "-f", "json")
    assert code == 0
    assert '"pages_without_text"' not in out and '"assessable"' not in out


def test_coverage_leaves_the_plan_out_and_says_why(tmp_path: Path) -> None:
    one_of_twelve(tmp_path / "plans")
    for name in ("alpha", "beta"):
        (tmp_path / "plans" / f"{name}.txt").write_text(
            "We will invest in the prevention of poor mental health.\n", encoding="utf-8"
        )
    results = tmp_path / "results.json"
    invoke("score", str(tmp_path / "plans"), "-r", str(MINI), "-o", str(results))
    _, coverage = coverage_of(load_results(results))
    assert coverage.plans == 2 and [r.id for r in coverage.rows] == ["alpha", "beta"]
    assert sum(c.plans for c in coverage.overall.values()) == 2
    assert [p.id for p in coverage.left_out] == ["scanned-plan"]
    note = "1 more plan is left out of every figure as not assessable"
    for fmt in ("table", "markdown"):
        code, out, _ = invoke("coverage", str(results), "-f", fmt)
        assert code == 0 and note in out.replace("\n", " "), fmt
        assert "scanned-plan (11 of 12 pages have no text)" in out.replace("\n", " ")
    html = tmp_path / "coverage.html"
    invoke("coverage", str(results), "-o", str(html))
    assert note in html.read_text(encoding="utf-8")
    from openpyxl import load_workbook

    xlsx = tmp_path / "coverage.xlsx"
    invoke("coverage", str(results), "-o", str(xlsx))
    cells = [str(c.value) for ws in load_workbook(xlsx) for row in ws.iter_rows() for c in row]
    assert any(note in c for c in cells)
    for fmt in ("csv", "csv-wide", "csv-summary"):
        code, out, _ = invoke("coverage", str(results), "-f", fmt)
        rows = list(csv.DictReader(io.StringIO(out)))
        assert code == 0 and rows, fmt
        if fmt == "csv-summary":
            left = [r for r in rows if r["section"] == "left out"]
            assert [(r["item"], r["member"]) for r in left] == [
                ("scanned-plan", "11 of 12 pages have no text")
            ]
            assert {r["of_plans"] for r in rows if r["section"] != "left out"} == {"2"}
            continue
        scanned = [r for r in rows if r["plan"] == "scanned-plan"]
        assert scanned and {r["overall"] for r in scanned} == {"Not assessable"}, fmt
        if fmt == "csv":
            assert {(r["rating"], r["covered"], r["note"]) for r in scanned} == {
                ("Not assessable", "", "11 of 12 pages have no text")
            }


def test_explain_says_not_assessable_and_why(tmp_path: Path) -> None:
    pdf = one_of_twelve(tmp_path / "plans")
    code, out, _ = invoke("explain", str(pdf), "-r", str(MINI), "-c", "primary-prevention")
    assert code == 0
    assert "primary-prevention: Primary prevention   Not assessable" in out
    assert "11 of 12 pages have no text (not assessable)" in out
    assert "Decided by: not assessable: 11 of 12 pages have no text" in out


def test_a_reviewer_may_rate_it_and_the_rest_stays_not_assessable(tmp_path: Path) -> None:
    pdf = one_of_twelve(tmp_path / "plans")
    reviews = tmp_path / "reviews.yaml"
    reviews.write_text(
        "- plan: scanned-plan\n  criterion: primary-prevention\n  rating: Good\n  reviewer: R\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.json"
    invoke("score", str(pdf), "-r", str(MINI), "--overrides", str(reviews), "-o", str(out))
    plan = load_results(out).plans[0]
    assert plan.criterion("primary-prevention").rating == "Good"
    assert plan.overall.rating == NOT_ASSESSABLE  # other criteria are still unrated


def test_the_workbench_shows_the_state_and_the_missing_pages(tmp_path: Path) -> None:
    pytest.importorskip("starlette", reason="pip install '.[serve]'")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from pmh_assess.serve import Workbench, create_app

    one_of_twelve(tmp_path / "plans")
    rubric = load_rubric(MINI)
    specs, _ = discover([tmp_path / "plans"])
    results = score_plans(specs, rubric, workers=0)
    bench = Workbench(results, rubric, tmp_path / "reviews.yaml", specs, reviewer="R")
    client = TestClient(create_app(bench, "t"), base_url="http://127.0.0.1")
    client.get("/?token=t", follow_redirects=False)
    grid = client.get("/").text
    assert 'title="overall: Not assessable"' in grid
    panel = client.get("/c/scanned-plan/primary-prevention").text
    assert "Text missing:" in panel and "11 of 12 pages have no text (not assessable)" in panel


@needs_shared
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_real_pdfs_without_a_text_layer_are_not_assessable(engine: str) -> None:
    specs = [PlanSpec(Path(n).stem, Path(n).stem, [SHARED / "corpus" / n]) for n in NO_TEXT]
    results = score_plans(specs, load_rubric(MINI), workers=0, read=ReadOptions(engine=engine))
    assert not results.errors
    for plan in results.plans:
        [document] = plan.documents
        assert plan.overall.rating == NOT_ASSESSABLE, plan.id
        assert document.pages_without_text == list(range(1, document.pages + 1))
        assert any("no text layer" in w for w in document.warnings)


@needs_shared
def test_a_real_pdf_missing_one_page_of_three_is_rated_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    code, table, err = invoke("score", str(SHARED / "corpus" / PARTIAL), "-r", str(MINI))
    assert code == 0 and "warning" not in err
    assert "1 of 3 pages has no text" in table
    invoke("score", str(SHARED / "corpus" / PARTIAL), "-r", str(MINI), "-o", str(out))
    plan = json.loads(out.read_text(encoding="utf-8"))["plans"][0]
    assert plan["overall"]["rating"] != NOT_ASSESSABLE
    assert plan["documents"][0]["pages_without_text"] == [3]
    assert "assessable" not in plan["documents"][0]
