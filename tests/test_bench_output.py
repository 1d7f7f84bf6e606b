"""`make bench` leaves benchmarks/RESULTS.md alone: the full corpus's figures that the
README cites are rewritten only when asked, and never by a quick run.

The benchmark itself takes minutes; these run its real argument handling (and refusal)
as `make bench` and a user would, without measuring anything.
"""

from __future__ import annotations

import importlib.util
import shlex
import subprocess
import sys
from types import ModuleType

from .conftest import ROOT

TRACKED = ROOT / "benchmarks" / "RESULTS.md"


def bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def make_bench_args() -> list[str]:
    """The arguments `make bench` gives benchmarks/run.py."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    recipe = lines[lines.index("bench:") + 1].strip()
    program, script, *args = shlex.split(recipe)
    assert program == "python" and script == "benchmarks/run.py"
    return args


def test_make_bench_writes_elsewhere_than_results_md() -> None:
    args = bench_module().parse_args(make_bench_args())
    assert args.quick
    assert args.output.resolve() != TRACKED.resolve()
    assert args.output.name == "latest-quick.md"
    assert "benchmarks/latest-*.md" in (ROOT / ".gitignore").read_text(encoding="utf-8")


def test_results_md_is_written_only_when_named() -> None:
    module = bench_module()
    assert module.parse_args([]).output.resolve() != TRACKED.resolve()
    named = module.parse_args(["--output", str(TRACKED)])
    assert named.output.resolve() == TRACKED.resolve() and not named.quick


def test_a_quick_run_is_refused_results_md_before_any_work() -> None:
    before = TRACKED.read_bytes()
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(TRACKED)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "a quick run does not replace the full corpus's figures" in done.stderr
    assert TRACKED.read_bytes() == before
