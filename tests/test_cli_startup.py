"""Starting the CLI imports what the command needs: `--help` lists commands without
importing them, a command's `--help` imports none of the library it runs.

These assert which modules are imported (read from `python -X importtime`), never how long
anything takes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pmh_assess.cli as cli
from pmh_assess.extract import ENGINES, SUFFIXES
from pmh_assess.run import ReadOptions, limits
from pmh_assess.run.paths import score_paths

from .conftest import MINI

runner = CliRunner()

LIBRARY = [
    "pmh_assess.engine",
    "pmh_assess.rules",
    "pmh_assess.rubric",
    "pmh_assess.run",
    "pmh_assess.results",
    "pmh_assess.plans",
    "pmh_assess.text",
    "pmh_assess.run.cache",
    "pmh_assess.review.overrides",
    "pmh_assess.results.snapshot",
    "pmh_assess.report.table",
    "pmh_assess.report.csv",
    "pmh_assess.report.markdown",
    "pmh_assess.coverage",
    "pmh_assess.agreement",
    "pmh_assess.explain",
    "pmh_assess.compare",
    "pmh_assess.suggest",
    "pmh_assess.serve",
    "yaml",
    "numpy",
    "openpyxl",
]
"""Modules (and their submodules) that showing help has no use for."""


def imported(
    *args: str, env: dict[str, str] | None = None, code: int = 0, program: list[str] | None = None
) -> set[str]:
    """Every module `python -m pmh_assess ARGS` imports, as -X importtime lists them."""
    done = subprocess.run(
        [*(program or [sys.executable, "-m", "pmh_assess"]), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100", "PYTHONPROFILEIMPORTTIME": "1", **(env or {})},
        timeout=120,
    )
    assert done.returncode == code, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert len(lines) > 50, done.stderr[-2000:]  # the listing is there: the test can fail
    return {line.rpartition("|")[2].strip() for line in lines[1:]}


LIGHT = {"pmh_assess.run", "pmh_assess.run.limits"}
"""What help may import of those: run/'s package (its names load lazily) and the reading
limits' defaults, which the options' help shows."""


def unneeded(modules: set[str], forbidden: list[str]) -> list[str]:
    return sorted(
        m for m in modules - LIGHT if any(m == f or m.startswith(f + ".") for f in forbidden)
    )


@pytest.mark.parametrize(
    ("args", "code"), [(["--help"], 0), ([], 2), (["-h"], 0)], ids=["help", "no-args", "h"]
)
def test_the_list_of_commands_imports_no_command_and_no_library(args: list[str], code: int) -> None:
    modules = imported(*args, code=code)
    assert "pmh_assess.cli" in modules
    commands = {f"pmh_assess.cli.{lazy.module}" for lazy in cli.COMMANDS.values()}
    assert sorted(modules & commands) == []
    assert unneeded(modules, [*LIBRARY, "pydantic"]) == []
    # The list is plain text: typer's rich help (and the Markdown parser it brings) is
    # for the commands' own help.
    assert unneeded(modules, ["typer.rich_utils", "rich.markdown", "markdown_it"]) == []
    # Nor does it need rich at all (its console and markup parser take about a third of
    # the list's start-up): the commands' own modules bring it.
    assert unneeded(modules, ["rich"]) == []


def test_shell_completion_of_command_names_imports_no_command() -> None:
    script = Path(sys.executable).with_name("pmh-assess")
    if not script.exists():
        pytest.skip(f"no {script}: completion needs the installed command")
    env = {"_PMH_ASSESS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "pmh-assess "}
    modules = imported(env=env, program=[str(script)])
    assert "pmh_assess.cli.score" not in modules
    assert unneeded(modules, LIBRARY) == []  # typer parses options with pydantic


@pytest.mark.parametrize(
    "command",
    ["score", "coverage", "compare", "extract", "agree", "explain", "review", "serve", "rubric"],
)
def test_a_commands_help_imports_none_of_the_library_it_runs(command: str) -> None:
    modules = imported(command, "--help")
    assert f"pmh_assess.cli.{command}" in modules
    others = {f"pmh_assess.cli.{lazy.module}" for lazy in cli.COMMANDS.values()}
    assert sorted(modules & others) == [f"pmh_assess.cli.{command}"]
    assert unneeded(modules, LIBRARY) == []


def test_each_summary_is_the_first_paragraph_of_its_commands_help() -> None:
    for name, lazy in cli.COMMANDS.items():
        command = cli.load(name)
        assert command.name == name
        first = (command.help or "").split("\n\n")[0]
        assert first in (lazy.summary, lazy.summary.replace("[", "\\["))


def test_every_registered_command_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module that registers a command COMMANDS does not name would hide it."""
    for lazy in {lazy.module for lazy in cli.COMMANDS.values()}:
        monkeypatch.setattr(cli, "_loaded", {})
        cli.load(next(name for name, entry in cli.COMMANDS.items() if entry.module == lazy))
        assert set(cli._loaded) <= set(cli.COMMANDS), lazy


def test_help_with_stand_ins_reads_as_with_the_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_loaded", {})
    lazy = runner.invoke(cli.app, ["--help"], env={"COLUMNS": "90"})
    assert cli._loaded == {}
    for name in cli.COMMANDS:
        cli.load(name)
    loaded = runner.invoke(cli.app, ["--help"], env={"COLUMNS": "90"})
    assert lazy.exit_code == loaded.exit_code == 0
    assert lazy.stdout == loaded.stdout
    assert "rubric" in lazy.stdout and "Score plan documents" in lazy.stdout


def test_a_mistyped_command_is_told_the_closest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_loaded", {})
    result = runner.invoke(cli.app, ["scor"])
    assert result.exit_code == 2
    assert "Did you mean 'score'?" in result.stderr


def test_engine_choices_are_the_librarys() -> None:
    result = runner.invoke(cli.app, ["score", "plan.pdf", "--engine", "nope"])
    assert result.exit_code == 2
    for engine in ENGINES:
        assert engine in result.stderr


def test_limit_defaults_are_the_readers() -> None:
    """The defaults --help shows are those the library reads with."""
    read = ReadOptions()
    assert read.timeout == limits.DEFAULT_TIMEOUT
    assert read.max_pages == limits.DEFAULT_MAX_PAGES
    assert read.max_mb == limits.DEFAULT_MAX_MB
    assert read.max_memory_mb == limits.DEFAULT_MAX_MEMORY_MB


def test_score_paths_reports_progress_and_skipped_files(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(
        "We will invest in the prevention of poor mental health.", encoding="utf-8"
    )
    (tmp_path / "notes.odt").write_bytes(b"not read")
    told: list[tuple[str, str]] = []
    counted: list[int] = []
    events: list[object] = []

    from contextlib import contextmanager

    @contextmanager
    def progress(documents: int):  # type: ignore[no-untyped-def]
        counted.append(documents)
        yield events.append

    results = score_paths(
        [tmp_path],
        rubric=str(MINI),
        workers=0,
        cache=False,
        progress=progress,
        skipped=lambda path, why: told.append((path.name, why)),
    ).results
    assert [plan.id for plan in results.plans] == ["plan"]
    assert counted == [1] and events
    assert [name for name, _ in told] == ["notes.odt"]


def test_score_paths_names_the_suffixes_it_reads(tmp_path: Path) -> None:
    from pmh_assess.base.errors import UserError

    (tmp_path / "notes.odt").write_bytes(b"not read")
    with pytest.raises(UserError) as caught:
        score_paths([tmp_path], rubric=str(MINI), workers=0, cache=False)
    assert all(suffix in str(caught.value) for suffix in SUFFIXES)


def test_format_names_are_those_the_writers_have() -> None:
    """The light registries name the writers' formats, in the same order (--help shows it)."""
    from pmh_assess import report, suggest
    from pmh_assess.agreement import render as agreement
    from pmh_assess.authoring import audit, diff, findings
    from pmh_assess.base import formats
    from pmh_assess.compare import render as comparison
    from pmh_assess.coverage import CHART_WRITERS
    from pmh_assess.coverage import FORMATS as COVERAGE
    from pmh_assess.explain import extracted

    assert list(report.FORMATS) == list(report.SUFFIXES)
    assert list(COVERAGE) == list(formats.COVERAGE)
    assert list(agreement.FORMATS) == list(formats.AGREEMENT)
    assert list(extracted.FORMATS) == list(formats.EXTRACTED)
    assert list(comparison.RENDERERS) == list(formats.COMPARISON)
    assert set(findings.RENDERERS) == set(formats.RUBRIC_CHECK)
    assert set(audit.RENDERERS) == set(formats.RUBRIC_AUDIT)
    assert set(diff.RENDERERS) == set(formats.RUBRIC_DIFF)
    assert list(suggest.RENDERERS) == list(formats.SUGGESTIONS)
    assert list(CHART_WRITERS) == list(formats.CHARTS)


def test_every_public_name_of_the_package_resolves() -> None:
    """The package imports its public names on first use; each must still be there."""
    import pmh_assess

    for name in pmh_assess.__all__:
        assert getattr(pmh_assess, name).__name__ == name
    assert set(pmh_assess.__all__) <= set(dir(pmh_assess))
    with pytest.raises(AttributeError):
        pmh_assess.no_such_name  # noqa: B018


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]\\/#@ab:= 1", max_size=24) | st.text(max_size=24))
def test_markup_is_escaped_as_rich_escapes_it(text: str) -> None:
    from rich.markup import escape as rich_escape

    from pmh_assess.base.safe import rich_text as escape

    assert escape(text) == rich_escape(text)
