"""Real documents through the real readers: PDF (pdfplumber), HTML, text, Word."""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import pytest

from pmh_assess.base.errors import DocumentError
from pmh_assess.extract import extract
from pmh_assess.run import prepare_document

LEFT = [
    "Our prevention approach starts early in life.",
    "We will fund parenting",
    "programmes in every place.",
]
RIGHT = [
    "Talking therapies will be open",
    "to everyone who needs them.",
    "Waiting times will fall.",
]


def two_column_page(header: str, page: int) -> list:
    items: list = [(72, 800, header, 9)]
    for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        items.append((72, 700 - 14 * i, left))
        items.append((320, 700 - 14 * i, right))
    items.append((290, 40, str(page), 9))
    return items


def test_two_column_pdf_reads_column_by_column(make_pdf) -> None:
    # Draw the left column first, then the right, as layout programs do.
    page: list = [(72, 800, "Header", 9)]
    page += [(72, 700 - 14 * i, t) for i, t in enumerate(LEFT)]
    page += [(320, 700 - 14 * i, t) for i, t in enumerate(RIGHT)]
    doc = extract(make_pdf("cols.pdf", [page]))
    text = " ".join(doc.pages[0].text.split())
    assert "We will fund parenting programmes in every place." in text
    assert "Talking therapies will be open to everyone who needs them." in text


def test_running_headers_and_page_numbers_are_dropped(make_pdf) -> None:
    pages = []
    for n in range(1, 5):
        pages.append(
            [
                (72, 800, "Kestrelford Joint Forward Plan 2023-28", 9),
                (72, 700, f"Distinct body sentence number {n}."),
                (290, 40, f"Page {n}", 9),
            ]
        )
    prepared = prepare_document(make_pdf("hdr.pdf", pages))
    sentences = [prepared.text.sentence_text(i) for i in range(len(prepared.text.sentences))]
    assert sentences == [f"Distinct body sentence number {n}." for n in range(1, 5)]
    assert [s.page for s in prepared.text.sentences] == [1, 2, 3, 4]


def test_hyphenated_line_breaks_are_rejoined(make_pdf) -> None:
    page = [(72, 700, "We will invest in the preven-"), (72, 686, "tion of mental ill health.")]
    prepared = prepare_document(make_pdf("hyph.pdf", [page]))
    assert "invest in the prevention of mental ill health." in prepared.text.text


def test_scanned_pdf_without_text_is_reported(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(DocumentError, match="no text layer"):
        extract(path)


def test_not_a_pdf_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(DocumentError, match="PDF"):
        extract(path)


def test_html_drops_navigation_scripts_and_styles(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text(
        """<html><head><style>.x{color:red}</style><script>var mental = 1;</script>
    </head><body><nav>Skip to main content | Mental health services menu</nav>
    <header>Site banner</header>
    <main><h1>Our plan</h1><p>We will expand talking therapies.</p>
    <h2>Suicide prevention</h2><ul><li>Train staff.</li><li>Support families.</li></ul></main>
    <footer>Cookies and mental health links</footer></body></html>""",
        encoding="utf-8",
    )
    doc = extract(path)
    text = "\n".join(p.text for p in doc.pages)
    assert "We will expand talking therapies." in text
    assert "Train staff." in text
    for junk in ("Skip to main", "menu", "banner", "var mental", "color", "Cookies"):
        assert junk not in text
    assert [p.label for p in doc.pages] == ["Our plan", "Suicide prevention"]


def test_text_and_markdown_pages_split_on_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\nPage one.\fPage two.", encoding="utf-8")
    doc = extract(path)
    assert [p.number for p in doc.pages] == [1, 2]


def test_docx_paragraphs_and_page_breaks(tmp_path: Path) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (
        f"<w:document {w}><w:body>"
        "<w:p><w:r><w:t>We will support refugees.</w:t></w:r></w:p>"
        '<w:p><w:r><w:br w:type="page"/><w:t>Second page text.</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", body)
    doc = extract(path)
    assert [p.text for p in doc.pages] == ["We will support refugees.", "Second page text."]


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xyz"
    path.write_text("x")
    with pytest.raises(DocumentError, match="unsupported"):
        extract(path)


def test_markdown_headings_links_and_emphasis(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(
        "# Suicide prevention\nWe will **train** staff, see [our plan](http://x).\n"
        "## Next steps ##\n<!-- draft -->\nMore *text* here.",
        encoding="utf-8",
    )
    prepared = prepare_document(path)
    got = [
        (s.section, prepared.text.sentence_text(i)) for i, s in enumerate(prepared.text.sentences)
    ]
    assert got == [
        ("heading", "Suicide prevention"),
        ("body", "We will train staff, see our plan."),
        ("heading", "Next steps"),
        ("body", "More text here."),
    ]


def test_docx_list_items_and_table_rows_keep_their_shape(tmp_path: Path) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def p(text: str, listed: bool = False) -> str:
        num = '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>' if listed else ""
        return f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>"

    row = "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>"
    body = (
        f"<w:document {w}><w:body>{p('We will:')}{p('train staff', True)}{p('fund hubs', True)}"
        f"<w:tbl>{row.format(p('Area'), p('Target'))}"
        f"{row.format(p('Suicide'), p('10% fall') + p('by 2028'))}</w:tbl></w:body></w:document>"
    )
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", body)
    assert extract(path).pages[0].text.split("\n\n") == [
        "We will:",
        "- train staff",
        "- fund hubs",
        "| Area | Target",
        "| Suicide | 10% fall by 2028",
    ]


def test_html_table_rows_are_lines_of_cells(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text(
        "<main><table><tr><th>Area</th><th>Target</th></tr>"
        "<tr><td>Suicide</td><td>10% fall by 2028</td></tr></table></main>",
        encoding="utf-8",
    )
    lines = [line for line in extract(path).pages[0].text.split("\n") if line.strip()]
    assert lines == ["| Area | Target", "| Suicide | 10% fall by 2028"]


def test_a_column_ending_in_a_full_table_row_does_not_run_on_into_the_next() -> None:
    from pmh_assess.extract.pdftext import Line, join_lines

    def column(x: float, texts: list[str]) -> list[Line]:
        return [Line(t, 100 + 14 * i, 110 + 14 * i, 10, x, x + 200) for i, t in enumerate(texts)]

    rows = ["Crisis beds in the county 12 June 2026"] * 3
    row_end = column(40, [*rows, "Fewer people placed out of area 25 April 2026"])
    cut = column(40, [*rows, "We will fund peer support for people leaving hospital and"])
    named = column(300, ["Talking therapies start within 6 weeks 75% March 2026"])
    going_on = column(300, ["Their families, with a named worker for each ward."])
    assert join_lines(row_end + named).split("\n")[-3:] == [
        "Fewer people placed out of area 25 April 2026",
        "",
        "Talking therapies start within 6 weeks 75% March 2026",
    ]
    assert join_lines(cut + going_on).split("\n")[-2:] == [
        "We will fund peer support for people leaving hospital and",
        "Their families, with a named worker for each ward.",
    ]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_small_raised_note_marker_after_a_figure_is_dropped(make_pdf, engine: str) -> None:
    import pypdfium2 as pdfium

    first = (72, 700, "Scores rose from 3.4 to 4.6.", 10)
    body = [
        (72, 686, "This plan sets out what we will do next year.", 10),
        (72, 660, "Scores rose to 4.6.2 on the new scale.", 10),
    ]
    # where the first line ends, to set the marker against it, small and raised
    plain = pdfium.PdfDocument(make_pdf("plain.pdf", [[first]]))
    textpage = plain[0].get_textpage()
    right = textpage.get_charbox(textpage.count_chars() - 1)[2]
    plain.close()
    page = [first, (right, 703.5, "2", 6), *body]
    prepared = prepare_document(make_pdf("raised.pdf", [page]), engine=engine)
    sentences = [prepared.text.sentence_text(i) for i in range(len(prepared.text.sentences))]
    assert sentences[:2] == [
        "Scores rose from 3.4 to 4.6.",
        "This plan sets out what we will do next year.",
    ]
    assert "Scores rose to 4.6.2 on the new scale." in sentences  # figures at body size stay


def test_a_sentence_that_goes_on_into_the_next_column_after_a_capital_is_one_paragraph() -> None:
    from pmh_assess.extract.pdftext import Line, join_lines

    def column(x: float, texts: list[str]) -> list[Line]:
        return [Line(t, 100 + 14 * i, 110 + 14 * i, 10, x, x + 200) for i, t in enumerate(texts)]

    left = column(
        40,
        [
            "We will work with schools and local authority partners to",
            "support children and young people, and will extend Mental",
        ],
    )
    right = column(300, ["Health Support Teams to 60% of pupils by 2026. We will cut",
                         "the longest waits."])  # fmt: skip
    text = join_lines(left + right)
    assert "extend Mental\nHealth Support Teams" in text
    heading = column(300, ["Suicide prevention"])
    assert "extend Mental\n\nSuicide prevention" in join_lines(left + heading)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_text_set_straight_under_a_list_is_not_its_last_item(make_pdf, engine: str) -> None:
    """A paragraph that starts under a bulleted list with no space above it, at the
    bullets' edge, is a paragraph of its own; an item's wrapped line (under its words) and
    the next bullet stay items."""
    page = [
        (72, 700, "\u2022 Open two crisis cafes for people in distress, run with the", 10),
        (84, 688, "voluntary sector, by the end of next year.", 10),
        (72, 676, "\u2022 Find work for people who have lost their jobs and homes.", 10),
        (72, 664, "From what residents told us we know that wellbeing matters most.", 10),
    ]
    prepared = prepare_document(make_pdf("list.pdf", [page]), engine=engine)
    text = prepared.text
    paragraph = {text.sentence_text(i): s.paragraph for i, s in enumerate(text.sentences)}
    assert len(paragraph) == 3, list(paragraph)
    work = paragraph["Find work for people who have lost their jobs and homes."]
    assert paragraph["From what residents told us we know that wellbeing matters most."] != work


def test_a_column_that_opens_with_a_numbered_line_starts_a_paragraph() -> None:
    from pmh_assess.extract.pdftext import Line, join_lines

    left = [Line("5. Awareness campaigns", 100, 112, 12, 40, 270),
            Line("6. Suicide prevention training", 116, 128, 12, 40, 270)]  # fmt: skip
    right = [Line("7. What challenges do you face?", 100, 112, 12, 300, 530)]
    assert "training\n\n7. What challenges" in join_lines(left + right)


def test_html_source_line_breaks_are_spaces_as_a_browser_shows_them(tmp_path: Path) -> None:
    """A page's source wrapped at 80 characters reads as the page shows it: one line per
    paragraph (a list run together on "o" bullets is read as a list whether or not the
    source wrapped it), while `<pre>` keeps its lines."""
    items = (
        "o Ensuring continuity of care for women from minority ethnic communities o Ensuring "
        "annual health checks for people with SMI o Investing in local voluntary organisations"
    )
    wrapped = "\n      ".join(textwrap.wrap(items, 60))
    pages = {}
    for name, body in (("one-line", items), ("wrapped", wrapped)):
        path = tmp_path / f"{name}.html"
        path.write_text(
            f"<html><body><p>Our work includes:</p><p>{body}</p><pre>a\nb</pre></body></html>",
            encoding="utf-8",
        )
        pages[name] = extract(path).pages[0].text
    assert pages["one-line"] == pages["wrapped"]
    assert "a\nb" in pages["wrapped"]
    text = prepare_document(tmp_path / "wrapped.html").text
    sentences = [text.sentence_text(i) for i in range(len(text.sentences))]
    assert "Ensuring annual health checks for people with SMI" in sentences


HEADED = ["2. Why this matters", "3. What we will do"]
"""Two numbered headings with nothing between them, which read as a numbered list unless
the container says they are headings."""


def _headed(tmp_path: Path, container: str) -> Path:
    first, second = HEADED
    after = "We will train staff in every school to spot anxiety early."
    if container == "docx":
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        heading = '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>'
        body = (
            f"<w:document {w}><w:body>{heading.format(first)}{heading.format(second)}"
            f"<w:p><w:r><w:t>{after}</w:t></w:r></w:p></w:body></w:document>"
        )
        path = tmp_path / "plan.docx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", body)
        return path
    text = {
        "html": f"<html><body><h3>{first}</h3><h3>{second}</h3><p>{after}</p></body></html>",
        "md": f"## {first}\n\n## {second}\n\n{after}\n",
        "txt": f"{first}\n{'-' * len(first)}\n\n{second}\n{'-' * len(second)}\n\n{after}\n",
    }[container]
    path = tmp_path / f"plan.{container}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("container", ["docx", "html", "md", "txt"])
def test_numbered_headings_a_container_declares_are_headings_not_items(
    tmp_path: Path, container: str
) -> None:
    """A Word heading style, an HTML heading, a Markdown heading or an underlined title:
    its number is its own, not a list's (the mark that carries this is dropped)."""
    text = prepare_document(_headed(tmp_path, container)).text
    read = {text.sentence_text(i): (s.section, s.lead) for i, s in enumerate(text.sentences)}
    assert read[HEADED[0]] == read[HEADED[1]] == ("heading", -1), read
    assert "\u2063" not in text.text
