"""Shared fixtures: paths, the small test rubric, and a builder for real PDFs."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.yaml"
SHARED = Path(os.environ.get("PMH_ASSESS_SHARED", ROOT.parent / "shared"))
"""Test data beside the clone (never copied into it); PMH_ASSESS_SHARED points elsewhere.

Tests that need it skip with a reason naming the path when it is absent; the run then ends
with one loud line saying what was skipped and how to run it. With
PMH_ASSESS_REQUIRE_SHARED=1 (as .ci/run sets) those skips are failures instead."""
REQUIRE_SHARED = os.environ.get("PMH_ASSESS_REQUIRE_SHARED", "") not in ("", "0")

# Output is checked as a pipe lays it out: at the command's own width for output that is not
# a terminal. A COLUMNS from the shell, or from a runner that sets one for its workers,
# would wrap every line that names a temporary path; a test that wants a width sets it.
os.environ.pop("COLUMNS", None)


def _needs_shared(report: pytest.TestReport) -> bool:
    # an expected failure is reported as skipped too, and its reason may name the data
    return (
        bool(report.skipped)
        and not hasattr(report, "wasxfail")
        and str(SHARED) in str(report.longrepr)
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SHARED and _needs_shared(report):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"PMH_ASSESS_REQUIRE_SHARED is set, but: {reason}"


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if _needs_shared(r)]
    if skipped:
        terminalreporter.write_line(
            f"SKIPPED {len(skipped)} test(s) that need the shared test data at {SHARED} "
            "(the PDF robustness corpus, a real plan's text): put it beside the clone as "
            "../shared or point PMH_ASSESS_SHARED at it; PMH_ASSESS_REQUIRE_SHARED=1 "
            "(set by .ci/run) makes its absence fail.",
            yellow=True,
            bold=True,
        )


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty text cache, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PMH_ASSESS_CACHE_DIR", str(folder))
    return folder


TWO_PLANS = {
    "alpha": "We will invest in the prevention of poor mental health.\f"
    "We will fund prevention of suicide in every school.\fWe will support refugees.",
    "beta": "Prevention of poor mental health matters to us.",
}
"""Two text plans; with the test rubric, machine ratings alpha Good / Good (groups-all Good,
overall Good) and beta OK / Poor (groups-all OK, overall OK)."""


def text_plans(folder: Path, plans: dict[str, str]) -> Path:
    """A folder of plans, one text file each (`\f` starts a page), for the test rubric."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in plans.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
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


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process: exit code, stdout, stderr."""
    from typer.testing import CliRunner

    from pmh_assess.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def two_plans(tmp_path: Path) -> Path:
    """Two one-line plans for the test rubric: one names refugees, one only 'sanctuary'."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "keeps.txt").write_text("We will support refugees and asylum seekers.\n")
    (folder / "moves.txt").write_text("We will welcome people seeking sanctuary.\n")
    return folder


def heavy_pdf(path: Path, operations: int) -> Path:
    """A one-page PDF, small on disk, whose compressed content stream holds `operations`
    text-showing operations: slow to read and memory hungry, like a decompression bomb."""
    import zlib

    content = zlib.compress(b"BT /F1 12 Tf 72 700 Td " + b"(x) Tj " * operations + b"ET", 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _ctrl_c_as_at_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


INTERRUPTIBLE = {"preexec_fn": _ctrl_c_as_at_a_terminal} if os.name == "posix" else {}
"""Popen keywords for a command a test presses Ctrl-C at: a test run started in the
background (as CI may start it) ignores SIGINT, and its children would inherit that; at a
terminal Ctrl-C reaches the command."""
