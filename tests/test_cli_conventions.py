"""What a new user meets at the command line: output formats from -o, errors, help, stdin.

Every test runs the real command line (typer's runner or a subprocess) on real files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pmh_assess.agreement.render import FORMATS as AGREE_FORMATS
from pmh_assess.agreement.render import SUFFIXES as AGREE_SUFFIXES
from pmh_assess.report import FORMATS, SUFFIXES

from .conftest import MINI, ROOT, build_pdf, invoke


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two text plans for the small test rubric."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "alpha.txt").write_text("We will support refugees and asylum seekers.\n")
    (plans / "beta.txt").write_text("We will invest in primary prevention of poor mental health.\n")
    return plans


def score(*args: str | Path) -> tuple[int, str, str]:
    return invoke("score", *map(str, args), "-q")


def test_every_registry_names_the_suffixes_of_its_formats() -> None:
    assert set(SUFFIXES) == set(FORMATS)
    assert set(AGREE_SUFFIXES) == set(AGREE_FORMATS)


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("results.json", lambda text: json.loads(text)["plans"]),
        ("results.csv", lambda text: text.startswith("plan,plan_title,criterion")),
        ("results.md", lambda text: text.startswith("# Scores:")),
        ("results.markdown", lambda text: text.startswith("# Scores:")),
        ("results.txt", lambda text: "Summary" in text and "┃" in text),
    ],
)
def test_score_picks_the_format_from_the_output_suffix(
    folder: Path, tmp_path: Path, name: str, check
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    code, _, err = score(folder, "-r", MINI, "-o", out)
    assert code == 0, err
    assert check(out.read_text(encoding="utf-8"))


def test_a_format_that_contradicts_the_suffix_is_refused(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    code, _, err = score(folder, "-r", MINI, "--format", "table", "-o", out)
    assert code == 2 and not out.exists()
    assert "--format table does not match" in err and "drop --format" in err
    # a suffix the command cannot write, without --format
    code, _, err = score(folder, "-r", MINI, "-o", tmp_path / "results.xlsx")
    assert code == 2 and "does not write .xlsx files" in err and ".json" in err
    # an explicit format with a suffix no format claims is the user's choice
    code, _, _ = score(folder, "-r", MINI, "--format", "json", "-o", tmp_path / "results.out")
    assert code == 0 and json.loads((tmp_path / "results.out").read_text())["plans"]


def test_coverage_writes_xlsx_and_html_by_suffix(folder: Path, tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    assert score(folder, "-r", MINI, "-o", results)[0] == 0
    code, _, err = invoke("coverage", str(results), "-o", str(tmp_path / "c.xlsx"))
    assert code == 0, err
    assert zipfile.is_zipfile(tmp_path / "c.xlsx")
    code, _, _ = invoke("coverage", str(results), "-o", str(tmp_path / "c.html"))
    assert code == 0 and (tmp_path / "c.html").read_text().startswith("<!DOCTYPE html>")
    code, _, _ = invoke("coverage", str(results), "-f", "csv-wide", "-o", str(tmp_path / "w.csv"))
    assert code == 0 and (tmp_path / "w.csv").read_text().startswith("plan,plan_title")
    code, _, err = invoke("coverage", str(results), "-f", "html", "-o", str(tmp_path / "c.csv"))
    assert code == 2 and "does not match" in err


def test_agree_and_extract_pick_the_format_from_the_suffix(folder: Path, tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    assert score(folder, "-r", MINI, "-o", results)[0] == 0
    human = tmp_path / "human.csv"
    human.write_text("plan,criterion,rating\nalpha,group-refugees,Good\nbeta,group-refugees,OK\n")
    code, _, err = invoke("agree", str(results), str(human), "-o", str(tmp_path / "a.md"))
    assert code == 0, err
    assert (tmp_path / "a.md").read_text().startswith("# Agreement")
    code, _, err = invoke("extract", str(folder / "alpha.txt"), "-o", str(tmp_path / "x.json"))
    assert code == 0, err
    assert json.loads((tmp_path / "x.json").read_text())["pages"]


def test_output_into_a_missing_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "nosuch" / "results.json"
    code, _, err = score(folder, "-r", MINI, "-o", out)
    assert code == 2 and "does not exist (create it first)" in err
    assert not out.parent.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["score"],
        ["coverage"],
        ["explain"],
        ["extract"],
        ["review", "--overrides", "reviews.yaml"],
        ["rubric", "check"],
    ],
)
def test_a_missing_path_is_a_usage_error_in_every_command(
    tmp_path: Path, command: list[str]
) -> None:
    code, _, err = invoke(*command, str(tmp_path / "nosuch"))
    assert code == 2, err
    assert "nosuch" in err and "Traceback" not in err


def test_extract_on_a_folder_says_it_is_a_folder(folder: Path) -> None:
    code, _, err = invoke("extract", str(folder))
    assert code == 2
    assert "is a folder" in err and "give a file in it" in err


def test_per_file_errors_go_to_stderr_in_every_format(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.pdf").write_bytes(b"this is not a PDF at all")
    for fmt in ("table", "json", "csv", "markdown"):
        code, out, err = score(folder, "-r", MINI, "-f", fmt)
        assert code == 1
        assert "broken.pdf" in err and "error" in err
        if fmt in ("table", "csv"):  # JSON and Markdown also keep them in the report
            assert "not a PDF" not in out, fmt


def test_unread_files_in_a_folder_are_listed_as_skipped(folder: Path) -> None:
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")
    code, _, err = score(folder, "-r", MINI)
    assert code == 0
    assert "skipped: " in err and "old.doc: old Word format: save it as .docx or PDF" in err
    assert "slides.pptx: slides are not read: save them as PDF" in err


def test_coverage_criteria_typo_suggests_the_id(folder: Path, tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    assert score(folder, "-r", MINI, "-o", results)[0] == 0
    code, _, err = invoke("coverage", str(results), "--criteria", "group-refugess")
    assert code == 2
    assert "did you mean 'group-refugees'?" in err
    assert "primary-prevention" not in err  # not a dump of every id


def test_mixed_rubrics_in_one_run_are_refused(tmp_path: Path) -> None:
    code, _, err = invoke("score", str(ROOT / "plans"), str(ROOT / "service-plans"), "-q")
    assert code == 2
    assert "need different rubrics" in err
    assert "service-plans/plans.yaml names integrated-services-rag" in err
    assert "plans.yaml names none (so mhf-2024)" in err
    assert "Score them separately" in err and "--rubric" in err


def test_score_reads_a_document_from_stdin(tmp_path: Path) -> None:
    pdf = build_pdf(
        tmp_path / "plan.pdf", [[(72, 700, "We will support refugees and asylum seekers.")]]
    )
    for data in (pdf.read_bytes(), b"We will support refugees and asylum seekers.\n"):
        done = subprocess.run(
            [sys.executable, "-m", "pmh_assess", "score", "-", "-r", str(MINI), "-f", "json"],
            input=data,
            capture_output=True,
            check=False,
            env={**os.environ, "PMH_ASSESS_CACHE_DIR": str(tmp_path / "cache")},
        )
        assert done.returncode == 0, done.stderr
        plan = json.loads(done.stdout)["plans"][0]
        assert plan["id"] == "stdin" and plan["documents"][0]["path"] == "stdin"
        assert {e["document"] for c in plan["criteria"] for e in c["evidence"]} == {"stdin"}
        assert plan["criteria"][1]["rating"] == "Good"


def test_score_table_is_a_summary_unless_detail(folder: Path) -> None:
    code, out, _ = score(folder, "-r", MINI)
    assert code == 0 and "Summary" in out and "Best evidence" not in out
    assert "add --detail" in out
    code, out, _ = score(folder, "-r", MINI, "--detail")
    assert code == 0 and "Best evidence" in out and out.count("Overall:") == 2


def test_help_reads_as_conventions_go() -> None:
    code, out, _ = invoke("extract", "--help")
    assert code == 0
    assert "[heading], [contents], [glossary], [references]" in out
    code, out, _ = invoke("score", "--help")
    assert "PATHS" in out and "FILE" in out
    assert "<bool>" not in out and "<list[Path]>" not in out and "{paths}" not in out
    flat = " ".join(out.replace("│", " ").split())
    assert "or memory limits. [default: one per core]" in flat
    assert "[default: from the -o file's suffix, else table]" in flat
    for command in (["rubric", "diff"], ["agree"], ["coverage"], ["review"], ["explain"]):
        code, out, _ = invoke(*command, "--help")
        assert code == 0 and not re.search(r"<(str|path|int|float|bool|list\[)", out), command
    code, out, _ = invoke("--help")
    assert "--install-completion" in out and "--show-completion" in out and "<bool>" not in out


def test_a_bad_format_is_said_plainly(folder: Path) -> None:
    code, _, err = score(folder, "--format", "xml")
    assert code == 2
    assert "'xml' is not a format here" in err and "Value error" not in err


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.startswith("pmh-assess ")


def test_agree_with_one_pair_gives_kappa_as_not_available(folder: Path, tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    assert score(folder, "-r", MINI, "-o", results)[0] == 0
    human = tmp_path / "human.csv"
    human.write_text("plan,criterion,rating\nalpha,group-refugees,OK\n")
    code, out, _ = invoke("agree", str(results), str(human))
    assert code == 0
    assert "0.000 (0.00 to 0.00)" not in out
    assert "n/a*" in out and "one pair: kappa needs two or more" in out
    code, out, _ = invoke("agree", str(results), str(human), "-f", "json")
    pooled = json.loads(out)["all_criteria"]
    assert pooled["kappa"]["value"] is None and "one pair" in pooled["kappa"]["undefined"]


def test_the_coverage_matrix_wraps_at_narrow_widths_and_follows_columns(
    tmp_path: Path,
) -> None:
    results = tmp_path / "r.json"
    assert invoke("score", str(ROOT / "plans"), "-q", "-o", str(results))[0] == 0
    for columns in ("80", "60"):
        done = subprocess.run(
            [sys.executable, "-m", "pmh_assess", "coverage", str(results)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "COLUMNS": columns},
        )
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        blocks = [line for line in lines if line.startswith("Plans x criteria (criteria")]
        assert len(blocks) >= 2 and blocks[-1].rstrip().endswith("of 44)")
        # every criterion number 1..44 heads a column in some block
        heads = [i for i, line in enumerate(lines) if line.startswith("Plan ")]
        units = "".join(lines[i].split("Overall", 1)[1] for i in heads).split()
        assert len(units) == 44


def test_the_written_file_is_named_as_it_is_whatever_its_name(folder: Path, tmp_path: Path) -> None:
    # a name that reads as markup, and one long enough to wrap: one line, the name as given
    marked = tmp_path / "[bold]results.json"
    long = tmp_path / ("a-long-folder-name-" * 6) / "results.json"
    long.parent.mkdir()
    for out in (marked, long):
        code, _, err = invoke("score", str(folder), "-r", str(MINI), "-o", str(out))
        assert code == 0 and out.is_file()
        assert err.splitlines()[-1] == f"wrote {out}", err
