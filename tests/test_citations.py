"""One citation form in every command and format: the printed page first, the file's own
page beside it where the two differ (`plan.pdf, p. 1 (PDF p. 3)`); tables give the two
as `printed_page` and `pdf_page`, side by side.

The plan is a real PDF whose page labels number the front matter i, ii and the body from
1, so the page a reader sees printed differs from the file's page. Every test runs the
real command line and reads what it printed or wrote.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path

import pytest

from pmh_assess.report.cite import cite, page

from .conftest import MINI, invoke

CITED = "labelled.pdf, p. 1 (PDF p. 3)"
"""The one citation of the evidence sentence, on the third page of the file, printed 1."""
OTHER_FORMS = re.compile(r"\bp\.\d|\bpage \d+ \(printed|\bpage 3\b|(?<!PDF )\bp\. 3\b")
"""How commands used to cite the same page: p.3, p.1, page 3 (printed 1), a bare page 3."""


def labelled_pdf(path: Path, body: list[str]) -> Path:
    """Three pages, labelled i, ii, 1: a title page, contents, then the body sentences."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    c.drawString(72, 760, "Northway Joint Forward Plan")
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(72, 760, "Foreword and our approach")
    c.showPage()
    c.setFont("Helvetica", 10)
    for n, sentence in enumerate(body):
        c.drawString(72, 700 - 20 * n, sentence)
    c.showPage()
    c.addPageLabel(0, "ROMAN_LOWER", 1)
    c.addPageLabel(2, "ARABIC", 1)
    c.save()
    return path


BODY = [
    "We will support refugees and asylum seekers in every town.",
    "Families who have fled war and persecution often arrive with nothing at all.",
]


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    labelled_pdf(folder / "labelled.pdf", BODY)
    return folder


def run(*args: str | Path) -> str:
    code, out, err = invoke(*map(str, args))
    assert code == 0, err
    return out


def test_the_helper_puts_the_printed_page_first() -> None:
    assert cite("plans/labelled.pdf", 3, "1") == CITED
    assert cite("plans/plan.html", 2, None) == "plan.html, p. 2"
    assert page(4, "4", "x.pdf") == "p. 4"
    assert page(2, "ii", "notes.txt") == "p. ii (file p. 2)"


def test_score_cites_the_same_way_in_every_format(plans: Path, tmp_path: Path) -> None:
    data = json.loads(run("score", plans, "-r", MINI, "-q", "-f", "json"))
    evidence = data["plans"][0]["criteria"][1]["evidence"][0]
    assert (evidence["page"], evidence["page_label"]) == (3, "1")  # the JSON contract
    table = run("score", plans, "-r", MINI, "-q", "--detail")
    markdown = run("score", plans, "-r", MINI, "-q", "-f", "markdown")
    for text in (table, markdown):
        assert CITED in text
        assert not OTHER_FORMS.search(text), OTHER_FORMS.search(text)
    rows = list(csv.DictReader(io.StringIO(run("score", plans, "-r", MINI, "-q", "-f", "csv"))))
    row = next(r for r in rows if r["criterion"] == "group-refugees")
    assert (row["printed_page"], row["pdf_page"]) == ("1", "3")
    columns = list(rows[0])
    assert columns.index("pdf_page") == columns.index("printed_page") + 1
    assert "page" not in columns and "page_label" not in columns


def test_explain_and_extract_cite_the_printed_page_first(plans: Path) -> None:
    pdf = plans / "labelled.pdf"
    explained = run("explain", pdf, "-r", MINI, "-c", "group-refugees")
    assert "p. 1 (PDF p. 3)" in explained and not OTHER_FORMS.search(explained)
    extracted = run("extract", pdf, "--pages", "3")
    assert f"=== {pdf}, p. 1 (PDF p. 3) ===" in extracted
    assert "(printed" not in extracted


def test_compare_cites_as_score_does(plans: Path, tmp_path: Path) -> None:
    later = tmp_path / "later"
    later.mkdir()
    labelled_pdf(later / "labelled.pdf", [*BODY, "We will fund refugee mental health support."])
    for fmt in ("table", "markdown", "html"):
        out = run(
            "compare", plans / "labelled.pdf", later / "labelled.pdf", "-q", "-r", MINI, "-f", fmt
        )
        assert CITED in out, fmt
        assert not OTHER_FORMS.search(out), (fmt, OTHER_FORMS.search(out))


def test_rubric_audit_diff_and_suggest_name_the_document_and_page(
    plans: Path, tmp_path: Path
) -> None:
    audit = run("rubric", "audit", MINI, plans, "-q")
    assert f"[ ] labelled {CITED}" in audit and not OTHER_FORMS.search(audit)
    edited = tmp_path / "edited.yaml"
    edited.write_text(MINI.read_text().replace('refugees: ["refugee*", "asylum seeker*"], ', ""))
    diff = run("rubric", "diff", MINI, edited, plans, "-q")
    assert "group-refugees" in diff and CITED in diff and not OTHER_FORMS.search(diff)
    suggested = run("rubric", "suggest", "group-refugees", plans, "-r", edited, "-q")
    assert f"labelled  {CITED}" in suggested and not OTHER_FORMS.search(suggested)


def test_the_coverage_report_and_workbook_cite_as_score_does(plans: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    html = tmp_path / "report.html"
    run("coverage", plans, "-r", MINI, "-q", "-o", html)
    assert CITED in html.read_text(encoding="utf-8")
    book = tmp_path / "coverage.xlsx"
    run("coverage", plans, "-r", MINI, "-q", "-o", book)
    sheet = load_workbook(book)["Evidence"]
    header = [cell.value for cell in sheet[1]]
    assert header.index("PDF page") == header.index("Printed page") + 1
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == "group-refugees")
    assert (row[header.index("Printed page")], row[header.index("PDF page")]) == ("1", 3)


def test_the_workbench_cites_as_score_does(plans: Path, tmp_path: Path) -> None:
    pytest.importorskip("starlette", reason="pip install '.[serve]'")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from pmh_assess.plans import discover
    from pmh_assess.rubric import load_rubric
    from pmh_assess.run import score_plans
    from pmh_assess.serve import Workbench, create_app

    rubric = load_rubric(MINI)
    specs, _ = discover([plans])
    results = score_plans(specs, rubric, workers=0)
    bench = Workbench(results, rubric, tmp_path / "reviews.yaml", specs, reviewer="R. Viewer")
    client = TestClient(create_app(bench, "t0ken"), base_url="http://127.0.0.1")
    client.get("/?token=t0ken", follow_redirects=False)
    panel = client.get("/c/labelled/group-refugees").text
    assert CITED in panel  # the evidence and the page image's caption
    assert "(printed" not in panel and "page 3" not in panel
