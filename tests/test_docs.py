"""Every example of README.md and docs/ runs, in order, and prints what is shown.

See tests/docs.py for the rules; `make docs` (python -m tests.docs --update) writes every
shown output again after a change, and a failure here says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .docs import FILES, PLACEHOLDER, REGENERATE, ROOT, check, parse

PAGES = [f for f in FILES if parse(f).examples]


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every page's examples, as a reader's runs would share one."""
    return tmp_path_factory.mktemp("docs-cache")


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[str(f.relative_to(ROOT)) for f in PAGES])
def test_every_shown_output_is_what_the_command_prints(page: Path, shared_cache: Path) -> None:
    found = check([page], cache=shared_cache)
    assert not found, "\n\n".join(found)


def test_the_readme_and_every_command_have_checked_examples() -> None:
    assert ROOT / "README.md" in PAGES
    from pmh_assess.cli import COMMANDS

    for command in COMMANDS:
        page = ROOT / "docs" / f"{command}.md"
        assert page.is_file(), f"docs/{command}.md: every command has a page"
        examples = parse(page).examples
        if command == "serve":  # a server: its examples are shown, not run
            assert f"pmh-assess {command} " in page.read_text(encoding="utf-8")
            continue
        assert examples, f"docs/{command}.md has no example that runs"
        if command != "cache":  # what it prints names a folder of this machine
            assert any(e.shown is not None for e in examples), f"docs/{command}.md shows none"


def test_shown_outputs_are_only_in_console_blocks() -> None:
    """An output shown anywhere else would never be checked."""
    for file in FILES:
        fence = ""
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith("```"):
                fence = "" if fence else line.strip()[3:] or "plain"
                continue
            if fence and fence != "console":
                assert not line.startswith("$ "), (
                    f"{file.name}:{n}: a shown command outside console"
                )


def test_placeholders_are_marked_and_runnable_lines_are_run() -> None:
    """Example commands naming files the sample plans do not have must mark them."""
    invented = re.compile(r"(?<![\w/.-])(plan\.pdf|old\.pdf|new\.pdf|my-rubric|locked\.pdf|~/)")
    for file in FILES:
        for e in parse(file).examples:
            assert not invented.search(e.command), f"{file.name}:{e.line}: mark it <placeholder>"
        text = file.read_text(encoding="utf-8")
        for line in re.findall(r"^pmh-assess .*$", text, re.M):
            if invented.search(line):
                assert PLACEHOLDER.search(line), f"{file.name}: {line}"


def test_a_changed_output_fails_with_how_to_regenerate(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```console\n"
        "$ pmh-assess rubric list --help | grep -o 'Usage: pmh-assess rubric list'\n"
        "not this\n```\n"
    )
    found = check([page], cache=tmp_path / "cache")
    assert (
        len(found) == 1 and REGENERATE in found[0] and "+Usage: pmh-assess rubric list" in found[0]
    )
    check([page], update=True, cache=tmp_path / "cache")
    assert "Usage: pmh-assess rubric list" in page.read_text()
    assert check([page], cache=tmp_path / "cache") == []
