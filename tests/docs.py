"""The examples of README.md and docs/*.md, run as a reader would run them, in order.

In a Markdown file:

- a ```console block holds commands (`$ pmh-assess ...`), each followed by what it
  prints (stdout and stderr, as a terminal shows them, at COLUMNS=120, without colour);
  every command is run and what it prints must be what is shown;
- in a ```sh block, every `pmh-assess` line is run and must not be a usage error (exit
  0 or 1); a line holding a `<placeholder>` is the reader's to fill in and is not run,
  nor is `pmh-assess serve` (a server: tests/test_serve.py starts it) or `cache clear`.

Each file runs in a folder of its own holding a copy of the sample plans and what the
examples name beside them (`criteria/`, `examples/`, `tests/golden/`), one after another,
so that a command can use what an earlier one wrote. Regenerate every shown output with

    python -m tests.docs --update       # (make docs)

then read the diff: outputs change when ratings do.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COPIED = ["plans", "plans-2024", "service-plans", "criteria", "examples", "tests/golden"]
"""What the examples may name, copied into each file's folder."""
COLUMNS = 120
REGENERATE = "make docs"
PLACEHOLDER = re.compile(r"<[^<>\s][^<>]*>")
NOT_RUN = ("pmh-assess serve", "pmh-assess cache clear")
"""A server (tests/test_serve.py starts it), and what would empty the examples' cache."""
TIMEOUT = 600


@dataclass
class Example:
    """One command of a file, with the output shown for it (None: not shown, only run)."""

    file: Path
    line: int  # of the command, 1-based
    command: str
    shown: list[str] | None
    block: int  # index of the fence's first line in the file's lines


@dataclass
class Ran:
    example: Example
    printed: list[str]
    code: int


@dataclass
class Page:
    file: Path
    lines: list[str]
    examples: list[Example] = field(default_factory=list)


def parse(file: Path) -> Page:
    """The examples of a Markdown file, in order."""
    lines = file.read_text(encoding="utf-8").splitlines()
    page = Page(file, lines)
    i = 0
    while i < len(lines):
        fence = lines[i].strip()
        if not fence.startswith("```"):
            i += 1
            continue
        kind = fence[3:].strip()
        end = i + 1
        while end < len(lines) and not lines[end].strip().startswith("```"):
            end += 1
        body = lines[i + 1 : end]
        if kind == "console":
            page.examples += _console(file, body, i)
        elif kind == "sh":
            page.examples += _sh(file, body, i)
        i = end + 1
    return page


def _console(file: Path, body: list[str], fence: int) -> Iterator[Example]:
    current: Example | None = None
    for n, line in enumerate(body):
        if line.startswith("$ "):
            if current is not None:
                yield current
            current = Example(file, fence + n + 2, line[2:], [], fence)
        elif current is not None and current.shown is not None:
            current.shown.append(line)
    if current is not None:
        yield current


def _sh(file: Path, body: list[str], fence: int) -> Iterator[Example]:
    for n, line in enumerate(body):
        command = line.split("  #", 1)[0].strip()
        runs = command.startswith("pmh-assess ") or "| pmh-assess " in command
        if runs and not PLACEHOLDER.search(command) and not command.startswith(NOT_RUN):
            yield Example(file, fence + n + 2, command, None, fence)


def workspace(base: Path) -> Path:
    """A folder holding copies of what the examples name."""
    base.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copytree(ROOT / name, base / name, dirs_exist_ok=True)
    return base


def environment(cache: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("FORCE_COLOR", "CLICOLOR_FORCE", "PMH_ASSESS_CACHE_DIR")
    }
    env.update(
        PATH=bin_dir + os.pathsep + env.get("PATH", ""),
        COLUMNS=str(COLUMNS),
        NO_COLOR="1",
        TERM="dumb",
        PYTHONUNBUFFERED="1",  # stdout and stderr in the order a terminal shows them
        PMH_ASSESS_CACHE_DIR=str(cache),
        HF_HUB_OFFLINE="1",
    )
    return env


def run_page(page: Page, folder: Path, env: dict[str, str]) -> list[Ran]:
    """Run every example of a page in its folder, in order."""
    ran = []
    for example in page.examples:
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", example.command],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        printed = [line.rstrip() for line in done.stdout.rstrip("\n").splitlines()]
        ran.append(Ran(example, printed, done.returncode))
    return ran


def normalised(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def problems(ran: list[Ran]) -> list[str]:
    """Each example whose output is not what is shown, or that was a usage error."""
    found = []
    for r in ran:
        e = r.example
        name = e.file.relative_to(ROOT) if e.file.is_relative_to(ROOT) else e.file.name
        where = f"{name}:{e.line}: `{e.command}`"
        if e.shown is None:
            if r.code not in (0, 1):
                found.append(
                    f"{where} exits {r.code}: fix the example, or mark what the reader fills "
                    "in as <placeholder>\n" + "\n".join(r.printed[-5:])
                )
        elif normalised(e.shown) != normalised(r.printed):
            diff = difflib.unified_diff(
                normalised(e.shown), normalised(r.printed), "shown", "printed", lineterm=""
            )
            found.append(
                f"{where} prints other than is shown; run `{REGENERATE}` (python -m "
                "tests.docs --update) to regenerate every shown output, then read the "
                "diff\n" + "\n".join(list(diff)[:60])
            )
    return found


def updated(page: Page, ran: list[Ran]) -> str:
    """The page with every shown output replaced by what its command printed."""
    lines = list(page.lines)
    # from the last example up, so that earlier line numbers stay right
    for r in sorted(ran, key=lambda r: r.example.line, reverse=True):
        e = r.example
        if e.shown is None:
            continue
        start = e.line  # the first output line (0-based index of the line after $ ...)
        lines[start : start + len(e.shown)] = r.printed
    return "\n".join(lines) + "\n"


def check(files: list[Path], update: bool = False, cache: Path | None = None) -> list[str]:
    """Run the examples of the files; with `update`, rewrite their shown outputs. `cache`
    is the cache the commands share (default: a new one, so the first run is cold)."""
    found: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pmh-assess-docs-") as tmp:
        env = environment(cache or Path(tmp) / "cache")
        for n, file in enumerate(files):
            page = parse(file)
            if not page.examples:
                continue
            folder = workspace(Path(tmp) / f"page-{n}")
            ran = run_page(page, folder, env)
            if update:
                file.write_text(updated(page, ran), encoding="utf-8")
                found += [p for p in problems(ran) if "exits" in p]
            else:
                found += problems(ran)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite every shown output")
    parser.add_argument("files", nargs="*", type=Path, help="Markdown files (default: all)")
    args = parser.parse_args()
    files = [f.resolve() for f in args.files] or FILES
    found = check(files, update=args.update)
    for problem in found:
        print(problem, file=sys.stderr)
    if args.update:
        print(f"updated the shown outputs of {len(files)} file(s)", file=sys.stderr)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
