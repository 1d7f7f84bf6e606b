"""The HTML report in a real browser: headless Chromium renders it offline.

CI installs Debian's `chromium` package (see .ci/run); without it these tests skip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from pmh_assess.cli import app

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
SIZE = (1280, 900)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--window-size={SIZE[0]},{SIZE[1]}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def report(results_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = CliRunner().invoke(app, ["coverage", str(results_file), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_screenshot_is_the_window_size_and_shows_the_charts(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = chromium(tmp_path / "profile", f"--screenshot={shot}", report.as_uri())
    assert shot.is_file(), done.stderr
    with Image.open(shot) as image:
        assert image.size == SIZE
        rgb = image.convert("RGB")
        counts = rgb.getcolors(SIZE[0] * SIZE[1]) or []
    white = sum(n for n, c in counts if c == (255, 255, 255))
    assert white < 0.95 * SIZE[0] * SIZE[1], "the page is blank"
    colours = {c for _, c in counts}
    # the overall ratings chart, at the top, draws each level in its colour
    for level in ((0x1A, 0x98, 0x50), (0xFD, 0xAE, 0x61), (0xD7, 0x30, 0x27)):
        assert level in colours


def test_a_matrix_link_opens_its_plans_evidence(report: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path / "profile", "--dump-dom", report.as_uri() + "#plan-bravo--group-cyp")
    opened = [line for line in done.stdout.split("<details")[1:] if 'open=""' in line.split(">")[0]]
    assert len(opened) == 1 and 'id="plan-bravo"' in opened[0].split(">")[0]


@pytest.fixture(scope="module")
def sample_report(sample_results_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the six sample plans: long evidence lists, as a real one has."""
    out = tmp_path_factory.mktemp("sample-html") / "report.html"
    result = CliRunner().invoke(app, ["coverage", str(sample_results_file), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_at_900_pixels_nothing_spills_past_the_window(sample_report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "narrow.png"
    done = chromium(
        tmp_path / "profile",
        "--window-size=900,1200",
        f"--screenshot={shot}",
        sample_report.as_uri(),
    )
    assert shot.is_file(), done.stderr
    with Image.open(shot) as image:
        assert image.size == (900, 1200)
        rgb = image.convert("RGB")
        # the strip left of the window's scroll bar is page margin: a table or chart
        # spilling over would put ink there (the wide matrix scrolls in its own box)
        edge = rgb.crop((866, 0, 884, 1200)).getcolors(900 * 1200) or []
    assert {colour for _, colour in edge} <= {(255, 255, 255)}, edge[:5]


def test_printing_fills_pages_and_splits_long_evidence(sample_report: Path, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf_path = tmp_path / "report.pdf"
    done = chromium(
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_path}",
        sample_report.as_uri(),
    )
    assert pdf_path.is_file(), done.stderr
    pdf = pdfium.PdfDocument(pdf_path)
    fills = []
    for page in pdf:
        height = page.get_height()
        text = page.get_textpage()
        boxes = [text.get_rect(i) for i in range(text.count_rects())]
        fills.append((max(b[3] for b in boxes) - min(b[1] for b in boxes)) / height if boxes else 0)
    pages = len(fills)
    # Before plans and evidence rows could split, these plans printed on 87 A4 pages, 47
    # of them less than 70% full; now 74-75 pages (the count moves by a page as the
    # rubric's evidence changes), 3-5 under 70%.
    assert pages < 80, pages
    thin = [i for i, fill in enumerate(fills[:-1]) if fill < 0.7]  # the last page may be short
    assert len(thin) <= 0.15 * pages, (pages, thin)
    assert sum(fills) / pages > 0.75
