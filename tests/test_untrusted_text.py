"""Text from other people's files: bidirectional controls never reach a terminal or a
Markdown file (and stay in JSON), UTF-16 web pages and text are read, and plan ids that
differ only in case are not two plans."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINI, invoke

BIDI = "\u202e\u2066\u2069\u202a\u202c\u200f\u061c"
# A sentence that reads, on a terminal that honours the controls, as if reversed
PLAN = f"We will invest in the {BIDI[0]}prevention of poor mental health{BIDI[2]} in schools.\n"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "reorder.txt"
    path.write_text(PLAN + "".join(BIDI) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "{plan}", "-r", "{mini}", "-c", "primary-prevention"],
        ["score", "{plan}", "-r", "{mini}", "--detail", "-q"],
        ["score", "{plan}", "-r", "{mini}", "-f", "markdown", "-q"],
        ["coverage", "{plan}", "-r", "{mini}", "-f", "markdown", "-q"],
        ["extract", "{plan}"],
    ],
    ids=["explain", "score-table", "score-md", "coverage-md", "extract"],
)
def test_terminal_and_markdown_output_has_no_bidi_controls(plan: Path, args: list[str]) -> None:
    real = [a.format(plan=plan, mini=MINI) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "pmh_assess", *real],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "prevention" in done.stdout
    assert not any(c in done.stdout + done.stderr for c in BIDI), args


def test_markdown_files_have_none_either(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    code, _, err = invoke("score", str(plan), "-r", str(MINI), "-o", str(out), "-q")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "prevention" in text and not any(c in text for c in BIDI)


@pytest.mark.parametrize("command", ["score", "explain"])
def test_json_keeps_the_text_as_it_was_read(plan: Path, command: str) -> None:
    code, out, err = invoke(command, str(plan), "-r", str(MINI), "-f", "json")
    assert code == 0, err
    assert BIDI[0] in out or "\\u202e" in out
    json.loads(out)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_utf16_with_a_byte_order_mark_is_read(
    tmp_path: Path, encoding: str, bom: bytes, suffix: str
) -> None:
    body = "We will invest in the prevention of poor mental health in schools."
    text = f"<html><body><main><h1>Our plan</h1><p>{body}</p></main></body></html>"
    path = tmp_path / f"page{suffix}"
    path.write_bytes(bom + (text if suffix == ".html" else body).encode(encoding))
    code, out, err = invoke("extract", str(path))
    assert code == 0, err
    assert body in out and "\x00" not in out


def test_utf16_that_is_not_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(codecs.BOM_UTF16_LE + b"<\x00p\x00>\x00\x00\xd8")  # a lone surrogate
    code, _, err = invoke("score", str(path), "-r", str(MINI), "-q")
    assert code == 1
    assert "not valid UTF-16" in err and "Traceback" not in err


def test_files_whose_names_differ_only_in_case_are_two_plans_with_distinct_ids(
    tmp_path: Path,
) -> None:
    for folder, name in (("a", "North.txt"), ("b", "north.txt"), ("c", "NORTH.txt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(PLAN, encoding="utf-8")
    code, out, err = invoke("score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q")
    assert code == 0, err
    ids = [p["id"] for p in json.loads(out)["plans"]]
    assert len(ids) == 3 and len({i.casefold() for i in ids}) == 3, ids


def test_one_folder_of_names_differing_only_in_case(tmp_path: Path) -> None:
    (tmp_path / "Plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    code, out, err = invoke("score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q")
    assert code == 0, err
    ids = [p["id"] for p in json.loads(out)["plans"]]
    assert len({i.casefold() for i in ids}) == 2, ids


@pytest.mark.parametrize("second", ["NORTH", "North"])
def test_manifest_ids_that_differ_only_in_case_are_an_error(tmp_path: Path, second: str) -> None:
    (tmp_path / "x.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "y.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "plans.yaml").write_text(
        f"plans:\n  - id: North\n    documents: [x.txt]\n  - id: {second}\n"
        "    documents: [y.txt]\n",
        encoding="utf-8",
    )
    code, _, err = invoke("score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q")
    assert code != 0
    assert "duplicate plan id" in err and "Traceback" not in err


def test_two_manifests_whose_ids_differ_only_in_case_are_an_error(tmp_path: Path) -> None:
    for folder, plan_id in (("north", "Shared"), ("south", "shared")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(PLAN, encoding="utf-8")
        (tmp_path / folder / "plans.yaml").write_text(
            f"plans:\n  - id: {plan_id}\n    documents: [x.txt]\n", encoding="utf-8"
        )
    code, _, err = invoke("score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q")
    assert code == 2
    assert "'shared'" in err and "only in case" in err
