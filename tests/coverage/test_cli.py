"""`pmh-assess coverage` and `plot` end to end: every format's file, opened and checked."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from typer.testing import CliRunner

from pmh_assess.cli import app
from pmh_assess.cli.coverage import Chart
from pmh_assess.coverage import FORMATS, SUFFIXES
from pmh_assess.coverage.charts import CHARTS

from .conftest import PLANS, RUBRIC

runner = CliRunner()
COLOURS = {"Good": "1A9850", "OK": "FDAE61", "Poor": "D73027"}


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_names_every_format_and_chart() -> None:
    assert set(SUFFIXES) == set(FORMATS)
    code, out, _ = run("coverage", "--help")
    assert code == 0 and all(name in out for name in FORMATS)
    assert [c.value for c in Chart] == list(CHARTS)


def test_json_is_deterministic_and_the_same_when_scoring_first(
    results_file: Path, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("coverage", results_file, "-f", "json", "-o", a)[0] == 0
    assert run("coverage", results_file, "-f", "json", "-o", b)[0] == 0
    assert a.read_bytes() == b.read_bytes()
    code, out, _ = run("coverage", PLANS, "--rubric", RUBRIC, "-f", "json", "-q")
    assert code == 0 and out == a.read_text(encoding="utf-8")
    data = json.loads(out)
    assert data["groups"][0]["all"] == {
        "plans": 2, "share": 0.3333, "population": 2_500_000, "population_share": 0.4762
    }  # fmt: skip


def test_csv_long(results_file: Path) -> None:
    code, out, _ = run("coverage", results_file, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 6 * 6
    assert list(rows[0]) == [
        "plan", "plan_title", "population", "overall", "domain", "criterion",
        "criterion_title", "tags", "rating", "rank", "covered", "hits",
        "machine_rating", "reviewer", "note",
    ]  # fmt: skip
    refugees = [r for r in rows if r["criterion"] == "group-refugees"]
    assert sum(int(r["covered"]) for r in refugees) == 2
    alpha = next(r for r in refugees if r["plan"] == "alpha")
    assert (alpha["rating"], alpha["rank"], alpha["population"]) == ("OK", "1", "1000000")
    assert next(r for r in refugees if r["plan"] == "echo")["population"] == ""


def test_csv_wide_is_the_matrix(results_file: Path) -> None:
    code, out, _ = run("coverage", results_file, "-f", "csv-wide")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["plan"] for r in rows] == [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot"
    ]  # fmt: skip
    assert rows[0]["overall"] == "Good"
    assert [rows[0][c] for c in ("group-cyp", "group-refugees", "groups-all-four")] == [
        "Good", "OK", "Good"
    ]  # fmt: skip


def test_csv_summary_has_every_figure(results_file: Path) -> None:
    code, out, _ = run("coverage", results_file, "-f", "csv-summary")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and all(None not in r.values() for r in rows)  # every row has every column

    def find(section: str, item: str, member: str, level: str) -> dict[str, str]:
        return next(
            r for r in rows
            if (r["section"], r["item"], r["member"], r["level"]) == (section, item, member, level)
        )  # fmt: skip

    assert find("group", "at-risk-group", "all", "OK or better")["plans"] == "2"
    assert find("group", "at-risk-group", "all", "OK or better")["population"] == "2500000"
    assert find("criterion", "group-cyp", "", "Good")["share"] == "0.5"
    assert find("overall", "overall", "", "Poor")["population_share"] == "0.0952"


def test_markdown_and_table(results_file: Path, tmp_path: Path) -> None:
    code, out, _ = run("coverage", results_file, "-f", "markdown")
    assert code == 0
    assert "| 2 | Children and young people | 3 (50%) | 2 (33%) | 1 (17%) | **5 (83%)** |" in out
    assert "| at-risk-group | **all 4** | **2 (33%)** | 2.50 million |" in out
    assert "| Alpha ICS | Good | G | G | G | O | O | G |" in out
    table = tmp_path / "coverage.txt"
    assert run("coverage", results_file, "-o", table)[0] == 0
    text = table.read_text(encoding="utf-8")
    assert (
        "0.50 million people (10% of 5.25 million) live in areas whose plan is rated Poor "
        "(2 of 6 plans)." in text
    )
    assert "1 plan without a population is left out of these figures: echo." in text


def test_xlsx_sheets_colours_and_evidence(
    results_file: Path, results_data: dict, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("coverage", results_file, "-f", "xlsx", "-o", a)[0] == 0
    assert run("coverage", results_file, "-f", "xlsx", "-o", b)[0] == 0
    assert a.read_bytes() == b.read_bytes()
    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames == ["About", "Matrix", "Criteria", "Groups", "Overall", "Evidence"]

    matrix = wb["Matrix"]
    header = [c.value for c in matrix[2]]
    assert header[:4] == ["Plan id", "Plan", "Population", "Overall"]
    assert matrix["E1"].value == "Prevention" and matrix["F1"].value == "At-risk groups"
    for row in matrix.iter_rows(min_row=3):
        for cell in row[3:]:
            assert cell.fill.start_color.rgb.endswith(COLOURS[cell.value]), cell.coordinate

    groups = {(r[0], r[1]): r for r in wb["Groups"].iter_rows(min_row=2, values_only=True)}
    assert groups[("at-risk-group", "all")][3:] == (2, 0.3333, 2_500_000, 0.4762)
    assert wb["Groups"]["E2"].number_format == "0%"

    evidence = list(wb["Evidence"].iter_rows(min_row=2, values_only=True))
    expected = [
        (p["id"], c["id"], e["quote"], e["page"])
        for p in results_data["plans"]
        for c in p["criteria"]
        for e in c["evidence"]
    ]
    assert [(r[0], r[2], r[6], r[10]) for r in evidence] == expected
    assert len(expected) > 20


def test_xlsx_needs_a_file() -> None:
    code, out, err = run("coverage", str(PLANS), "-f", "xlsx")
    assert code == 2 and "give a file with -o" in err and out == ""


class Page(HTMLParser):
    """What the tests look at in the HTML report."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []
        self.tags: dict[str, int] = {}
        self.text: list[str] = []
        self.in_matrix = False
        self.matrix_widths: list[int] = []  # columns in each row of the matrix

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        a = dict(attrs)
        if tag == "table":
            self.in_matrix = a.get("class") == "matrix"
        if self.in_matrix and tag == "tr":
            self.matrix_widths.append(0)
        if self.in_matrix and tag in ("td", "th"):
            self.matrix_widths[-1] += int(a.get("colspan") or 1)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        for key in ("href", "src"):
            value = a.get(key) or ""
            if value.startswith("#"):
                self.links.append(value[1:])
            elif value:
                self.external.append(value)
        if tag == "link":
            self.external.append(str(a))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_offline_file_with_charts_matrix_and_evidence(
    results_file: Path, results_data: dict, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    assert run("coverage", results_file, "-f", "html", "-o", out)[0] == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.external == []  # no stylesheet, script, image or font from elsewhere
    assert page.tags["svg"] == 2  # overall ratings, one group
    assert page.tags["details"] == 6  # a drill-down per plan
    assert set(page.links) <= page.ids  # every matrix cell opens its evidence
    # domain headings, criterion headings and plan rows line up: plan, overall, and per
    # domain a gap and its criteria (1 + 5)
    assert page.matrix_widths == [2 + 2 + 6] * (2 + 6)
    assert len([link for link in page.links if "--" in link]) == 6 * 6
    text = " ".join(page.text)
    bare = "".join(text.split())  # quotes are in pieces around the marked words
    for plan in results_data["plans"]:
        for c in plan["criteria"]:
            for e in c["evidence"]:
                assert "".join(e["quote"].split()) in bare
    assert page.tags["mark"] >= 6  # the words that matched, marked in each quote
    assert "alpha.txt, p. 1, commitment" in text
    assert "0.50 million people (10% of 5.25 million)" in text


def test_reference_in_every_format(results_file: Path, tmp_path: Path) -> None:
    ref = tmp_path / "ref.yaml"
    ref.write_text(
        "title: Survey\nplans: 40\nfindings:\n"
        "  - {label: All four, group: at-risk-group, share: 14%, plans: 6}\n",
        encoding="utf-8",
    )
    code, out, _ = run("coverage", results_file, "--reference", ref)
    assert code == 0 and "Compared with: Survey" in out and "+19 points" in out
    code, out, _ = run("coverage", results_file, "--reference", ref, "-f", "markdown")
    assert "| All four | 6 (14%) | 2 (33%) | +19 points |" in out
    code, out, _ = run("coverage", results_file, "--reference", ref, "-f", "csv-summary")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["section"] == "reference")
    assert (row["plans"], row["reference_share"], row["difference"]) == ("2", "0.14", "0.1933")
    xlsx = tmp_path / "ref.xlsx"
    assert run("coverage", results_file, "--reference", ref, "-f", "xlsx", "-o", xlsx)[0] == 0
    sheet = openpyxl.load_workbook(xlsx)["Reference"]
    assert [c.value for c in sheet[4]][:7] == [
        "All four", "every criterion tagged at-risk-group at OK or better", 0.14, 6, 2, 0.3333,
        0.1933,
    ]  # fmt: skip


def test_plot_svg_and_png(results_file: Path, tmp_path: Path) -> None:
    svg = tmp_path / "groups.svg"
    assert run("plot", results_file, "--chart", "groups", "-o", svg)[0] == 0
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    tips = [t.text for t in root.iter(f"{ns}title")]
    assert "All 4 of them: 2 of 6 plans (33%)" in tips
    bars = {
        r.find(f"{ns}title").text: float(r.get("width"))  # type: ignore[union-attr,arg-type]
        for r in root.iter(f"{ns}rect")
        if r.find(f"{ns}title") is not None
    }
    cyp = bars["Children and young people: 5 of 6 plans (83%)"]
    assert bars["All 4 of them: 2 of 6 plans (33%)"] == pytest.approx(cyp * 2 / 5, abs=0.2)

    for chart in ("overall", "matrix"):
        png = tmp_path / f"{chart}.png"
        assert run("plot", results_file, "--chart", chart, "-o", png)[0] == 0
        with Image.open(png) as image:
            assert image.format == "PNG" and image.width > 400 and image.height > 150
            colours = {c for _, c in image.convert("RGB").getcolors(1 << 20) or []}
        assert {(0x1A, 0x98, 0x50), (0xFD, 0xAE, 0x61), (0xD7, 0x30, 0x27)} <= colours


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plans", "zulu"], "error: unknown plan 'zulu'"),
        (["--at-least", "Great"], "is not a level (Good, OK, Poor)"),
        (["--rubric", "mhf-2024"], "--rubric is for scoring plans"),
        (["--format", "pdf"], "Invalid value"),
    ],
)
def test_user_errors_exit_2_on_one_line(results_file: Path, args: list[str], message: str) -> None:
    code, _, err = run("coverage", results_file, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_plot_refuses_other_suffixes_and_bad_results(tmp_path: Path) -> None:
    code, _, err = run("plot", str(PLANS), "-o", tmp_path / "chart.jpg")
    assert code == 2 and "does not write .jpg files; name the file .png or .svg" in err
    assert "--format" not in err  # plot has none to suggest
    bad = tmp_path / "bad.json"
    bad.write_text('{"plans": []}', encoding="utf-8")
    code, _, err = run("coverage", bad)
    assert code == 2 and "not a pmh-assess results file" in err


def test_help_has_examples() -> None:
    assert "pmh-assess coverage results.json" in run("coverage", "--help")[1]
    assert "pmh-assess plot results.json --chart groups -o groups.svg" in run("plot", "--help")[1]


def test_unreadable_plans_are_reported_and_the_rest_covered(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "We will open a drop-in service for young people.", encoding="utf-8"
    )
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    code, out, err = run("coverage", tmp_path, "--rubric", RUBRIC, "-f", "json", "-q")
    assert code == 1 and "broken.pdf" in err
    data = json.loads(out)
    assert [r["id"] for r in data["rows"]] == ["good"]
    assert data["criteria"][1]["covered"]["plans"] == 1


def test_chart_labels_show_the_full_title_on_hover_and_the_matrix_png_has_domains(
    sample_results_file: Path, tmp_path: Path
) -> None:
    from pmh_assess.coverage import coverage_of
    from pmh_assess.coverage.charts import Label, Rect, matrix_chart
    from pmh_assess.results import load_results

    svg = tmp_path / "m.svg"
    assert run("plot", sample_results_file, "--chart", "matrix", "-o", svg)[0] == 0
    text = svg.read_text(encoding="utf-8")
    _, cov = coverage_of(load_results(sample_results_file))
    for col in cov.columns:  # every column label carries its whole title
        assert f"<title>{escape(col.title)}</title>" in text
    whole = [c for c in cov.columns if f"{escape(c.title)}</text>" in text]
    assert len(whole) >= 0.9 * len(cov.columns)  # only the very longest are cut
    figure = matrix_chart(cov)
    bands = [i for i in figure.items if isinstance(i, Rect) and i.fill == "#eeeeee"]
    assert [b.tip for b in bands] == [d.title for d in cov.domains]
    heads = [i.tip for i in figure.items if isinstance(i, Label) and i.size == 10 and i.tip]
    assert heads == [d.title for d in cov.domains]
    png = tmp_path / "m.png"
    assert run("plot", sample_results_file, "--chart", "matrix", "-o", png)[0] == 0
    with Image.open(png) as image:  # the grey domain bands are drawn in the PNG too
        rgb = image.convert("RGB")
        band_y = round((bands[0].y + bands[0].h / 2) * 2)
        band_x = round((bands[0].x + 2) * 2)
        assert rgb.getpixel((band_x, band_y)) == (0xEE, 0xEE, 0xEE)
    groups = tmp_path / "g.svg"
    assert run("plot", sample_results_file, "--chart", "groups", "-o", groups)[0] == 0
    for group in cov.groups:
        for member in group.members:
            assert f"<title>{escape(member.title)}</title>" in groups.read_text()
