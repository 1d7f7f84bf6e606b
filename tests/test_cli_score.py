"""`pmh-assess score` end to end: formats, the JSON contract, exit codes, determinism."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.cli import app

from .conftest import MINI, build_pdf

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(
        "We will invest in the prevention of poor mental health.\f"
        "We will support refugees and asylum seekers.",
        encoding="utf-8",
    )
    build_pdf(
        tmp_path / "pdfplan.pdf", [[(72, 700, "Refugees are welcome in our wellbeing hubs.")]]
    )
    return tmp_path


def test_json_contract(folder: Path) -> None:
    code, out, _ = run("score", str(folder), "--rubric", str(MINI), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["tool_version"]
    assert set(data["rubric"]) >= {"id", "version", "sha256", "levels"}
    assert data["rubric"]["levels"] == ["Good", "OK", "Poor"]
    assert len(data["rubric"]["sha256"]) == 64
    assert [p["id"] for p in data["plans"]] == ["good", "pdfplan"]
    plan = data["plans"][0]
    assert set(plan) >= {"id", "title", "documents", "overall", "criteria"}
    assert set(plan["documents"][0]) >= {"path", "sha256", "pages", "warnings"}
    assert plan["documents"][0]["pages"] == 2
    assert set(plan["overall"]) >= {"rating", "score"}
    crit = plan["criteria"][1]
    assert set(crit) >= {"id", "title", "rating", "hits", "evidence", "reason"}
    assert crit["id"] == "group-refugees" and crit["rating"] == "Good"
    assert crit["evidence"][0] == {
        "document": str(folder / "good.txt"),
        "page": 2,
        "page_label": None,
        "quote": "We will support refugees and asylum seekers.",
        "strength": "commitment",
        "matched": ["refugees"],
        "rule": "evidence[0]:terms",
        "cue": "'We will'",
        "words": ["refugees", "asylum seekers"],  # as written: one term matched both
    }
    assert data["errors"] == []
    pdf_plan = data["plans"][1]
    assert pdf_plan["criteria"][1]["evidence"][0]["page"] == 1


def test_output_is_deterministic(folder: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("score", str(folder), "-r", str(MINI), "-f", "json", "-o", str(a))[0] == 0
    assert run("score", str(folder), "-r", str(MINI), "-f", "json", "-o", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()


def test_bad_inputs_are_errors_and_the_rest_still_score(folder: Path) -> None:
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    code, out, err = run("score", str(folder), "-r", str(MINI), "-f", "json")
    assert code == 1
    data = json.loads(out)
    assert [p["id"] for p in data["plans"]] == ["good", "pdfplan"]
    assert data["errors"][0]["path"].endswith("broken.pdf")
    assert "PDF" in data["errors"][0]["message"]
    assert "broken.pdf" in err


def test_usage_and_rubric_errors_exit_2(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: '1'\n")
    code, out, err = run("score", str(folder), "-r", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:1:1: missing required key 'title'" in err
    assert "Traceback" not in err
    assert run("score", str(folder), "-r", "no-such-rubric")[0] == 2
    assert run("score", str(folder), "--format", "xml")[0] == 2


def test_csv_and_markdown(folder: Path) -> None:
    code, out, _ = run("score", str(folder / "good.txt"), "-r", str(MINI), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["criterion"] for r in rows] == [
        "primary-prevention",
        "group-refugees",
        "groups-all",
        "overall",
    ]
    assert rows[1]["rating"] == "Good"
    assert (rows[1]["printed_page"], rows[1]["pdf_page"]) == ("2", "2")
    assert rows[1]["matched"] == "refugees;asylum seekers"
    assert all(len(r) == len(rows[0]) and None not in r for r in rows)  # overall rows too
    header = out.splitlines()[0].split(",")
    assert header.index("pdf_page") == header.index("printed_page") + 1
    code, out, _ = run("score", str(folder / "good.txt"), "-r", str(MINI), "-f", "markdown")
    assert "| Asylum seekers and refugees | Good | 2 | 1 |" in out
    assert "We will support **refugees** and **asylum seekers**." in out
    assert "## Summary" in out


def test_table_view(folder: Path) -> None:
    code, out, _ = run("score", str(folder), "-r", str(MINI), "--detail")
    assert code == 0
    assert "Asylum seekers and refugees" in out and "Overall:" in out and "Summary" in out


def test_help_has_examples() -> None:
    code, out, _ = run("score", "--help")
    assert code == 0 and "pmh-assess score plans/" in out


def test_installed_entry_point_runs_as_a_process(folder: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pmh_assess",
            "score",
            str(folder / "good.txt"),
            "-r",
            str(MINI),
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["plans"][0]["id"] == "good"


def test_output_file_gets_normal_permissions_and_keeps_existing_ones(
    folder: Path, tmp_path: Path
) -> None:
    import os
    import stat

    out = tmp_path / "r.json"
    old = os.umask(0o022)
    try:
        assert run("score", str(folder), "-r", str(MINI), "-f", "json", "-o", str(out))[0] == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o600)
        assert run("score", str(folder), "-r", str(MINI), "-f", "json", "-o", str(out))[0] == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["kept", "no-cache"])
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path, cache: list[str]) -> None:
    """`score ... | head`: the results outgrow the pipe; when the reader goes, the command
    stops writing and ends as usual, with no traceback (twice: scored, then kept)."""
    from .conftest import ROOT

    for _ in range(2):
        command = ["score", str(ROOT / "plans"), "-f", "json", "-q", "--workers", "0", *cache]
        run = subprocess.Popen(
            [sys.executable, "-m", "pmh_assess", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert run.stdout is not None and run.stdout.readline() == b"{\n"
        run.stdout.close()  # far less than the results, which are several pipes' worth
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0 and err == b""


def test_a_cache_or_output_that_cannot_be_written(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache that cannot be written costs only its speed; an output that cannot be
    written is one error line (a file stands where a folder should, even for root)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PMH_ASSESS_CACHE_DIR", str(blocker / "cache"))
    args = ["score", str(folder), "-r", str(MINI), "-f", "json", "--workers", "0"]
    first, second = run(*args), run(*args)
    assert first[0] == second[0] == 0 and first[1] == second[1]
    assert json.loads(first[1])["plans"][0]["criteria"][0]["rating"] == "OK"
    code, out, err = run(*args, "-o", str(blocker / "results.json"))
    assert code == 2 and out == ""
    assert err.startswith("error: cannot write") and "is not a folder" in err
    assert err.count("\n") == 1 and "Traceback" not in err
