"""Every file of the PDF robustness corpus scores or gives one clear error line.

The corpus (encrypted, scanned, truncated, corrupt and hostile PDFs, a decompression bomb,
a 5,000-page file...) lives beside the clone in ../shared/corpus/pdf and is never copied
into the project; these tests are skipped, saying why, where it is absent.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pmh_assess.plans import PlanSpec
from pmh_assess.rubric import load_rubric
from pmh_assess.run import ReadOptions, score_plans

from .conftest import MINI, SHARED

CORPUS = SHARED / "corpus" / "pdf"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CORPUS / "MANIFEST.tsv").is_file(),
        reason=f"the PDF robustness corpus is not at {CORPUS} (set PMH_ASSESS_SHARED)",
    ),
]
PASSWORD = re.compile(r"(?:user pw|user password|tests use) '([^']+)'")


def manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def expected_error(name: str, row: dict[str, str]) -> str | None:
    """What the error line must say for files whose problem is known, as a regex."""
    if row["encrypted"] == "yes-password-required":
        return "encrypted PDF: a password is needed"
    if "truncated" in name:
        return "truncated PDF"
    if name in {"synthetic__random-bytes.pdf", "synthetic__text-renamed.pdf"}:
        return "not a PDF"
    if name in {"empty.pdf"}:
        return "empty file"
    if name == "synthetic__5000-pages.pdf":
        return "more than the limit of 2000 .*--max-pages"
    return None


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, int, dict]:
    """The whole corpus through the real command, once: results, stderr, exit code."""
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in CORPUS.glob("*.pdf")}
    out = tmp_path_factory.mktemp("corpus") / "results.json"
    command = [sys.executable, "-m", "pmh_assess", "score", str(CORPUS), "-r", str(MINI)]
    options = ["-f", "json", "-o", str(out), "--timeout", "30", "--workers", "2", "--no-cache"]
    proc = subprocess.run(
        [*command, *options],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return json.loads(out.read_text(encoding="utf-8")), proc.stderr, proc.returncode, before


def test_every_file_scores_or_gives_one_clear_error_line(corpus_run) -> None:  # type: ignore[no-untyped-def]
    results, stderr, code, _ = corpus_run
    assert code == 1  # some inputs failed, the rest scored
    assert "Traceback" not in stderr
    scored = {Path(d["path"]).name for p in results["plans"] for d in p["documents"]}
    errors: dict[str, list[str]] = {}
    for error in results["errors"]:
        errors.setdefault(Path(error["path"]).name, []).append(error["message"])
    rows = manifest()
    pdfs = sorted(p.name for p in CORPUS.glob("*.pdf"))
    assert sorted(rows) == pdfs
    unassessable = {
        Path(d["path"]).name
        for p in results["plans"]
        for d in p["documents"]
        if p["overall"]["rating"] == "Not assessable"
    }
    for name in pdfs:
        assert (name in scored) != (name in errors), f"{name}: not accounted for exactly once"
        if rows[name]["kind"] == "scanned":  # read to the end, no text: not Poor, not an error
            assert name in unassessable, name
        if name in errors:
            [message] = errors[name]
            assert "\n" not in message and "Traceback" not in message and message.strip()
            expected = expected_error(name, rows[name])
            if expected:
                assert re.search(expected, message), f"{name}: {message}"
        else:
            assert expected_error(name, rows[name]) is None, f"{name} scored unexpectedly"
    for line in stderr.splitlines():
        assert line.startswith(("error: ", "wrote ", "skipped: ", "warning: ")), line
        assert not line.startswith("warning: ") or "not assessable" in line, line
        if line.startswith("skipped: "):  # files of other kinds beside the PDFs, said once
            assert ".pdf:" not in line, line


def test_inputs_are_never_modified(corpus_run) -> None:  # type: ignore[no-untyped-def]
    *_, before = corpus_run
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in CORPUS.glob("*.pdf")}
    assert after == before


@pytest.mark.parametrize(
    "name",
    [n for n, row in sorted(manifest().items()) if PASSWORD.search(row["note"])]
    if (CORPUS / "MANIFEST.tsv").is_file()
    else [],
)
def test_the_right_password_opens_encrypted_files(name: str) -> None:
    password = PASSWORD.search(manifest()[name]["note"]).group(1)  # type: ignore[union-attr]
    path = CORPUS / name
    spec = [PlanSpec(path.stem, path.stem, [path])]
    results = score_plans(spec, load_rubric(MINI), password=password, workers=0)
    if results.errors:  # an encrypted scan has no text even when opened
        assert "password" not in results.errors[0].message, results.errors[0].message
    else:
        assert results.plans[0].documents[0].pages >= 1


def test_limits_bound_the_bomb_and_the_huge_file() -> None:
    rubric = load_rubric(MINI)

    def run(name: str, **options: object) -> str:
        path = CORPUS / name
        spec = [PlanSpec(path.stem, path.stem, [path])]
        found = score_plans(spec, rubric, workers=1, read=ReadOptions(**options))  # type: ignore[arg-type]
        return found.errors[0].message if found.errors else "scored"

    bomb = "synthetic__flate-bomb-40MB.pdf"
    assert run(bomb, max_memory_mb=300, timeout=60).startswith(
        "reading used more than the memory limit of 300 MB"
    )
    assert run(bomb, engine="pdfplumber", timeout=3).startswith(
        "reading took longer than the time limit of 3 s"
    )
    huge = "synthetic__5000-pages.pdf"
    assert "5000 pages, more than the limit of 1000" in run(huge, max_pages=1000)
    assert run(huge, max_pages=6000) == "scored"
    assert "more than the limit of 0.01 MB" in run(huge, max_mb=0.01)
