"""Results out: the same results as a terminal table, JSON, CSV or Markdown."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError

if TYPE_CHECKING:
    from ..results import Results


# Each writer is imported when used: reading the names of FORMATS (the CLI's choices)
# imports none of them.
def _json(results: Results) -> str:
    return results.to_json()


def _csv(results: Results) -> str:
    from . import csv

    return csv.render(results)


def _markdown(results: Results) -> str:
    from . import markdown

    return markdown.render(results)


def _table(results: Results) -> str:
    from . import table

    return table.render_text(results)


FORMATS: dict[str, Callable[[Results], str]] = {
    "json": _json,
    "csv": _csv,
    "markdown": _markdown,
    "table": _table,
}
SUFFIXES: dict[str, tuple[str, ...]] = {
    "json": (".json",),
    "csv": (".csv",),
    "markdown": (".md", ".markdown"),
    "table": (".txt",),
}
"""The file suffixes each format suits: `-o results.csv` picks csv (a test keeps the keys
in step with FORMATS)."""


def render(results: Results, fmt: str) -> str:
    return FORMATS[fmt](results)


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file renamed into place.

    The temporary file's name holds this process's id, so that one left by a killed run
    is removed by the next. A file that cannot be written (a full disk, a read-only
    folder, a folder in its place) is one UserError line.
    """
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name to write to")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(path)
        prefix = f".{path.name}.{os.getpid()}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale(path: Path) -> None:
    """Remove temporary files beside `path` left by runs that were killed mid-write."""
    if os.name != "posix":
        return  # signal 0 tests for a process only on POSIX
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive
    return True


__all__ = ["FORMATS", "SUFFIXES", "render", "write_atomic"]
