"""Both PDF engines on real PDFs: reading order, paragraphs, labels, and the same sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmh_assess.base.errors import DocumentError
from pmh_assess.extract import ENGINES, extract
from pmh_assess.run import prepare_document

from .conftest import ROOT, build_pdf

ENGINE = pytest.mark.parametrize("engine", ENGINES)
SAMPLE_PDFS = sorted((ROOT / "plans").rglob("*.pdf"))


def sentences(path: Path, engine: str) -> list[tuple[str, int, str | None, str]]:
    text = prepare_document(path, engine=engine).text
    return [
        (text.sentence_text(i), s.page, s.page_label, s.section)
        for i, s in enumerate(text.sentences)
    ]


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.name)
def test_engines_give_the_same_sentences_on_the_sample_plans(path: Path) -> None:
    assert sentences(path, "pdfium") == sentences(path, "pdfplumber")


@ENGINE
def test_two_columns_read_column_by_column(engine: str, tmp_path: Path) -> None:
    left = ["Our prevention approach starts early.", "We will fund parenting", "programmes."]
    right = ["Talking therapies will be", "open to everyone.", "Waits will fall."]
    page: list = [(72, 700 - 14 * i, t) for i, t in enumerate(left)]
    page += [(320, 700 - 14 * i, t) for i, t in enumerate(right)]
    doc = extract(build_pdf(tmp_path / "cols.pdf", [page]), engine=engine)
    flat = " ".join(doc.pages[0].text.split())
    assert "We will fund parenting programmes. Talking therapies will be open" in flat


@ENGINE
def test_gaps_and_font_sizes_make_paragraphs(engine: str, tmp_path: Path) -> None:
    page = [
        (72, 760, "Prevention", 16),
        (72, 730, "We will invest in the preven-"),
        (72, 718, "tion of mental ill health."),
        (72, 680, "A second paragraph starts here."),
    ]
    doc = extract(build_pdf(tmp_path / "p.pdf", [page]), engine=engine)
    assert doc.pages[0].text.split("\n\n") == [
        "Prevention",
        "We will invest in the preven-\ntion of mental ill health.",
        "A second paragraph starts here.",
    ]


@ENGINE
def test_small_type_keeps_its_paragraphs_beside_larger_spaced_out_lines(
    engine: str, tmp_path: Path
) -> None:
    # a board paper's fields in larger type, set far apart, over paragraphs in small type
    # with little leading: the small type's own spacing tells its paragraphs apart
    fields = ["Decision type: Key", "Decision status: Open", "Divisions: All", "Lead: Director"]
    page: list = [(72, 760 - 23.4 * i, t, 11.5) for i, t in enumerate(fields)]
    body = [
        ["The purpose of this report is to seek approval for less", "funding for the centres."],
        ["There was engagement with partners as well as a survey of", "everyone who uses them."],
        ["Savings will start in April and every user will be told", "of the change in writing."],
    ]
    y = 666.4
    for paragraph in body:
        for line in paragraph:
            page.append((72, y, line, 8.5))
            y -= 9.8
        y -= 5.1
    doc = extract(build_pdf(tmp_path / "small.pdf", [page]), engine=engine)
    paragraphs = doc.pages[0].text.split("\n\n")
    assert [p.replace("\n", " ") for p in paragraphs[-3:]] == [" ".join(p) for p in body]


@ENGINE
def test_a_bullet_set_higher_in_a_symbol_font_does_not_part_its_item(
    engine: str, tmp_path: Path
) -> None:
    from reportlab.pdfgen import canvas

    items = [
        ["Recruitment of peer support workers and", "psychological staff is hard;", "we train."],
        ["Grant funding beyond 2026 is not yet", "secured; the board will decide", "in 2025."],
    ]
    path = tmp_path / "bullets.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    y = 700.0
    for item in items:
        c.setFont("ZapfDingbats", 9)
        c.drawString(72, y + 3.6, "n")  # a square bullet, raised as a list style sets it
        for line in item:
            c.setFont("Helvetica", 9)
            c.drawString(84, y, line)
            y -= 10.35
        y -= 4.5
    c.showPage()
    c.save()
    text = extract(path, engine=engine).pages[0].text
    assert [" ".join(p.split()[1:]) for p in text.split("\n\n")] == [" ".join(i) for i in items]


@ENGINE
def test_notes_drawn_before_a_sidebar_stay_at_the_foot(engine: str, tmp_path: Path) -> None:
    body = ["The city is one of the most diverse in England.", "Half its people are young."]
    page: list = [(72, 700 - 14 * i, t) for i, t in enumerate(body)]
    page += [(72, 60, "1 Joint Strategic Needs Assessment, 2023.", 7)]
    page += [(72, 50, "2 Covid-19 Impact Survey, 2021.", 7)]
    page += [(400, 700, "Many areas are among the most", 8), (400, 690, "deprived in England.", 8)]
    path = build_pdf(tmp_path / "side.pdf", [page])
    text = prepare_document(path, engine=engine).text
    said = [(text.sentence_text(i), s.section) for i, s in enumerate(text.sentences)]
    assert said[-2:] == [
        ("1 Joint Strategic Needs Assessment, 2023.", "footnote"),
        ("2 Covid-19 Impact Survey, 2021.", "footnote"),
    ]
    assert ("Many areas are among the most deprived in England.", "body") in said


@ENGINE
def test_a_new_column_goes_on_from_a_full_line_but_not_from_a_short_one(
    engine: str, tmp_path: Path
) -> None:
    column = [
        (72, 700, "Our community teams will offer peer support"),
        (72, 688, "and advice on money worries to people with"),
    ]
    running_on = [
        *column,
        (72, 676, "long-term conditions and their carers in"),
        (320, 700, "every town by 2026."),
    ]
    ended = [*column, (72, 676, "long-term conditions"), (320, 700, "Refugee service")]
    full = extract(build_pdf(tmp_path / "on.pdf", [running_on]), engine=engine).pages[0].text
    short = extract(build_pdf(tmp_path / "end.pdf", [ended]), engine=engine).pages[0].text
    assert "\n\n" not in full
    assert short.split("\n\n")[-1] == "Refugee service"


@ENGINE
def test_a_one_page_pdf_loses_its_small_running_header_but_keeps_its_body(
    engine: str, tmp_path: Path
) -> None:
    page = [
        (72, 810, "Prevention Plan 2024 | Joint Forward Plan", 8),
        (72, 760, "Prevention Plan 2024", 16),
        (72, 730, "We will train 300 staff in mental health first aid."),
        (72, 718, "Peer support groups will open in every town."),
    ]
    text = extract(build_pdf(tmp_path / "one.pdf", [page]), engine=engine).pages[0].text
    assert text.split("\n\n") == [
        "Prevention Plan 2024",
        "We will train 300 staff in mental health first aid.\n"
        "Peer support groups will open in every town.",
    ]
    two = extract(build_pdf(tmp_path / "two.pdf", [page, page]), engine=engine).pages[0].text
    assert two.startswith("Prevention Plan 2024 | Joint Forward Plan")  # repetition decides


@ENGINE
def test_text_drawn_at_a_scale_keeps_its_printed_size(engine: str, tmp_path: Path) -> None:
    # A 1-point font scaled 10 times, as some producers write: no paragraph per line.
    from reportlab.pdfgen import canvas

    path = tmp_path / "scaled.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    for i, line in enumerate(["First line of a paragraph", "and its second line."]):
        c.saveState()
        c.translate(72, 700 - 12 * i)
        c.scale(10, 10)
        c.setFont("Helvetica", 1)
        c.drawString(0, 0, line)
        c.restoreState()
    c.showPage()
    c.save()
    assert extract(path, engine=engine).pages[0].text == (
        "First line of a paragraph\nand its second line."
    )


@ENGINE
def test_page_labels_are_kept(engine: str) -> None:
    doc = extract(ROOT / "plans" / "northmoor-elsdale" / "strategy.pdf", engine=engine)
    assert [p.label for p in doc.pages] == ["i", "ii", "1", "2", "3"]


@ENGINE
def test_encrypted_pdf_needs_its_password(engine: str, tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("sesame", canPrint=1))
    c.drawString(72, 700, "We will support refugees.")
    c.showPage()
    c.save()
    with pytest.raises(DocumentError, match="password is needed"):
        extract(path, engine=engine)
    with pytest.raises(DocumentError, match="password given is not correct"):
        extract(path, engine=engine, password="wrong")
    doc = extract(path, engine=engine, password="sesame")
    assert doc.pages[0].text == "We will support refugees."
    assert not doc.cacheable  # decrypted text never goes to disk


@ENGINE
def test_blank_and_image_only_pdfs_are_told_apart(engine: str, tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    blank = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(blank), invariant=1)
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(DocumentError, match="blank or their text is drawn as shapes"):
        extract(blank, engine=engine)

    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("L", (40, 40), 128).save(image)
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), invariant=1)
    c.drawImage(ImageReader(str(image)), 50, 50, 200, 200)
    c.showPage()
    c.save()
    with pytest.raises(DocumentError, match="looks scanned"):
        extract(scan, engine=engine)


@ENGINE
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"Plain words, not a PDF at all.", "not a PDF"),
        (b"%PDF-1.7\n%%EOF\n", "no document in it"),
    ],
)
def test_unreadable_files_say_why(engine: str, data: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=message):
        extract(path, engine=engine)


@ENGINE
def test_truncated_pdf_is_reported_as_truncated(engine: str, tmp_path: Path) -> None:
    whole = build_pdf(tmp_path / "whole.pdf", [[(72, 700, f"Line {i}.") for i in range(40)]])
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    with pytest.raises(DocumentError, match="truncated PDF"):
        extract(cut, engine=engine)


@ENGINE
def test_page_and_size_limits(engine: str, tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "three.pdf", [[(72, 700, f"Page {n} text.")] for n in (1, 2, 3)])
    with pytest.raises(DocumentError, match=r"3 pages, more than the limit of 2 .*--max-pages"):
        extract(path, engine=engine, max_pages=2)
    with pytest.raises(DocumentError, match=r"more than the limit of 0\.001 MB .*--max-mb"):
        extract(path, engine=engine, max_mb=0.001)
    seen: list[tuple[int, int]] = []
    extract(path, engine=engine, max_pages=3, on_page=lambda done, n: seen.append((done, n)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
