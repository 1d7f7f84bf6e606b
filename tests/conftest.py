"""Shared fixtures: paths, the small test rubric, and a builder for real PDFs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.yaml"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty text cache, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PMH_ASSESS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def mini_rubric():
    from pmh_assess.rubric import load_rubric

    return load_rubric(MINI)


PdfPage = list[tuple[float, float, str] | tuple[float, float, str, float]]


def build_pdf(path: Path, pages: list[PdfPage], *, labels: list[str] | None = None) -> Path:
    """Write a real PDF with text drawn at (x, y) points, in the order given."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in pages:
        for item in page:
            x, y, text = item[0], item[1], item[2]
            size = item[3] if len(item) > 3 else 10  # type: ignore[misc]
            c.setFont("Helvetica", size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, pages: list[PdfPage]) -> Path:
        return build_pdf(tmp_path / name, pages)

    return make
