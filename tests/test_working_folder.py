"""Nothing in the folder a command runs from is imported: not by the command, its fork
server, its workers or multiprocessing's own helper processes, whatever the start method.

A folder of downloaded plans is where a user runs the tool; a `random.py` there must stay a
file. Each module below writes a marker and fails when imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLAN = "We will invest in the prevention of poor mental health in every school.\n"
HOSTILE = ("random", "inspect", "runpy", "selectors", "tempfile", "pickle")
DRIVER = """\
import multiprocessing
import sys

from pmh_assess.run import workers

method = sys.argv[1]
workers._context = lambda: multiprocessing.get_context(method)
sys.argv = ["pmh-assess", *sys.argv[2:]]
from pmh_assess.cli import main

main()
"""


def hostile_folder(root: Path) -> Path:
    folder = root / "plans"
    folder.mkdir()
    for name in HOSTILE:
        marker = root / f"imported-{name}"
        (folder / f"{name}.py").write_text(
            f"open({str(marker)!r}, 'w').close()\nraise ImportError('the folder\\'s {name}.py')\n",
            encoding="utf-8",
        )
    (folder / "school-plan.txt").write_text(PLAN, encoding="utf-8")
    return folder


def run_in(folder: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=240, check=False, env=env
    )


def assert_clean(root: Path, done: subprocess.CompletedProcess[str]) -> None:
    imported = sorted(p.name for p in root.glob("imported-*"))
    assert imported == [], done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert '"rating"' in (root / "plans" / "out.json").read_text(encoding="utf-8")


ARGS = ["score", "school-plan.txt", "--workers", "2", "--no-cache", "-o", "out.json"]


def test_the_installed_command_imports_nothing_from_the_working_folder(tmp_path: Path) -> None:
    command = shutil.which("pmh-assess", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("the pmh-assess script is not installed beside this Python")
    folder = hostile_folder(tmp_path)
    assert_clean(tmp_path, run_in(folder, [command, *ARGS]))


def test_python_m_imports_nothing_from_the_working_folder(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    assert_clean(tmp_path, run_in(folder, [sys.executable, "-m", "pmh_assess", *ARGS]))


@pytest.mark.parametrize("method", ["forkserver", "spawn", "fork"])
def test_no_start_method_imports_from_the_working_folder(tmp_path: Path, method: str) -> None:
    driver = tmp_path / "driver"
    driver.mkdir()
    (driver / "run.py").write_text(DRIVER, encoding="utf-8")
    folder = hostile_folder(tmp_path)
    done = run_in(folder, [sys.executable, str(driver / "run.py"), method, *ARGS])
    assert_clean(tmp_path, done)
