"""Files written whole or not at all: results, reports, overrides and cache entries."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..base.errors import UserError

Data = str | bytes | Iterable[str] | Iterable[bytes]
"""What a file is written from: text (as UTF-8), bytes, or either in pieces."""


def write_atomic(path: Path, data: Data) -> None:
    """`replace_atomic`, with a file that cannot be written (a full disk, a read-only
    folder, a folder in its place) as one UserError line."""
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name to write to")
    try:
        replace_atomic(path, data)
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None


def replace_atomic(path: Path, data: Data, *, mode: int | None = None) -> None:
    """Write a whole file or nothing: a temporary file beside it, renamed into place.

    Data given in pieces is written as they come, so that it need not be held whole.

    The file gets `mode`, or keeps the mode it had, or gets the usual 0666 less the umask.
    The temporary file's name holds this process's id, so that one left by a killed run
    is removed by the next. Raises OSError.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _mode_for(path) if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            for piece in pieces(data):
                fh.write(piece)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def pieces(data: Data) -> Iterator[bytes]:
    """The bytes of `data`, in the pieces it comes in."""
    if isinstance(data, str):
        yield data.encode("utf-8")
    elif isinstance(data, bytes):
        yield data
    else:
        for piece in data:
            yield piece.encode("utf-8") if isinstance(piece, str) else piece


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
