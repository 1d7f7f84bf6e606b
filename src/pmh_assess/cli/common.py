"""What every command shares: errors as one line, output to stdout or an atomic file."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TextIO, TypeVar, cast

import typer

from ..base.errors import ExitCode, RubricError, UserError, did_you_mean
from ..base.formats import DATA
from ..base.safe import no_bidi, rich_text, terminal_text
from ..files.atomic import Data, pieces, write_atomic

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..results import ErrorItem
    from ..run.paths import Told
    from ..run.runs import FileError


class _Shown:
    """A terminal stream that drops bidirectional controls from everything written to it:
    a stream, or the name of one of `sys`'s (looked up at each use, as rich does)."""

    def __init__(self, stream: TextIO | str) -> None:
        self._stream = stream

    @property
    def stream(self) -> TextIO:
        found: TextIO = (
            getattr(sys, self._stream) if isinstance(self._stream, str) else self._stream
        )
        return found

    def write(self, text: str) -> int:
        return self.stream.write(no_bidi(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _Stderr:
    """The console for messages on stderr, made on first use: rich is imported only when a
    command has something to tell (a run whose results are kept tells nothing but the file
    it wrote, a plain line)."""

    _made: Console | None = None

    @property
    def console(self) -> Console:
        if self._made is None:
            from rich.console import Console

            self._made = Console(file=_Shown("stderr"), highlight=False)  # type: ignore[arg-type]
        return self._made

    def print(self, *objects: Any, **options: Any) -> None:
        self.console.print(*objects, **options)

    def line(self, text: str) -> None:
        """One plain line, without rich."""
        stream = _Shown("stderr")
        stream.write(terminal_text(text) + "\n")
        stream.flush()


stderr = _Stderr()


# Options several commands share, declared once so they read the same everywhere.
def format_option(formats: Iterable[str], default: str = "table") -> Any:
    """--format/-f choosing among a library registry's formats (its keys; default first).

    Not given, the format comes from `-o FILE`'s suffix, else the command's default.
    """
    names = sorted(formats, key=lambda name: name != default)

    def parse(value: str) -> str:
        if value not in names:
            raise typer.BadParameter(
                f"{value!r} is not a format here; choose one of: {', '.join(names)}"
            )
        return value

    return typer.Option(
        "--format",
        "-f",
        help=f"Output format: {', '.join(names)}. "
        f"[default: from the -o file's suffix, else {default}]",
        parser=parse,
        metavar="FORMAT",
        autocompletion=lambda: names,
        show_default=False,
    )


def flag(*names: str, help: str) -> Any:
    """An on/off option: no value placeholder in --help."""
    return typer.Option(*names, help=help, metavar="")


RubricOption = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        help="Rubric file or bundled rubric id. [default: the one plans.yaml names, else mhf-2024]",
        metavar="RUBRIC",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout; its suffix picks the format.",
        metavar="FILE",
    ),
]
OverridesOption = Annotated[
    Path | None,
    typer.Option(
        "--overrides",
        help="Reviewer ratings (YAML or CSV) that replace the machine's; both are kept, and "
        "each reviewed rating is marked.",
        metavar="FILE",
    ),
]
PasswordOption = Annotated[
    str | None, typer.Option(help="Password for encrypted PDFs.", metavar="TEXT")
]
AllowOutsideOption = Annotated[
    bool, flag("--allow-outside", help="Let a plans.yaml name documents outside its folder.")
]
QuietOption = Annotated[bool, flag("--quiet", "-q", help="No progress bar.")]
P = ParamSpec("P")
R = TypeVar("R")


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a user-fixable error into one line per problem and exit code 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except RubricError as exc:
            for problem in exc.problems:
                stderr.print(f"[red]error[/red]: {rich_text(str(problem))}", soft_wrap=True)
            raise typer.Exit(ExitCode.USAGE) from None
        except UserError as exc:
            stderr.print(f"[red]error[/red]: {rich_text(str(exc))}", soft_wrap=True)
            raise typer.Exit(ExitCode.USAGE) from None
        except KeyboardInterrupt:
            stderr.print("Interrupted: nothing was written.")
            raise typer.Exit(130) from None

    return wrapper


PIPE_WIDTH = 160
"""Columns for output that is not a terminal and has no COLUMNS: wide enough for files."""


def console(file: TextIO | None = None) -> Console:
    """The one console for reports: the terminal's width, else COLUMNS, else PIPE_WIDTH."""
    from rich.console import Console

    shown: Any = _Shown(file or "stdout")
    out = Console(file=shown, highlight=False)
    return out if out.is_terminal else Console(file=shown, width=width(), highlight=False)


def plain_text(*parts: RenderableType) -> str:
    """Rich renderables as plain text at `width()` columns (for `-o FILE`)."""
    from rich.console import Console, Group

    out = Console(
        width=width(), record=True, force_terminal=False, color_system=None, highlight=False
    )
    with out.capture() as capture:
        out.print(Group(*parts))
    return capture.get()


def width() -> int:
    """The width reports are laid out for (on a terminal: the terminal's)."""
    columns = os.environ.get("COLUMNS", "")
    if sys.stdout.isatty():
        from rich.console import Console

        return Console(file=sys.stdout).width
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def show(parts: list[RenderableType]) -> None:
    """Print rich renderables to stdout at `width()` columns."""
    from rich.console import Group

    console().print(Group(*parts))


def choose_format(
    fmt: str | None,
    output: Path | None,
    suffixes: Mapping[str, tuple[str, ...]],
    default: str = "table",
    *,
    reads: Iterable[Path | str | None] = (),
    read_in_folders: Callable[[Path], bool] | None = None,
    has_format: bool = True,
) -> str:
    """The format asked for, else the one `-o FILE`'s suffix names, else `default`: the
    one rule of every command that writes a file.

    `suffixes` maps each format the command writes to the file suffixes it suits (its
    entry in `base/formats.py`). A suffix that contradicts --format, or that the command
    cannot write, is a usage error that says how to fix it (`has_format`: whether the
    command has --format to suggest); so is an output that is one of the command's
    inputs, `reads` (see `check_output`). Checked before any work is done.
    """
    if output is None:
        return fmt or default
    check_output(output, reads, read_in_folders=read_in_folders)
    suffix = output.suffix.lower()
    fits = [name for name, ends in suffixes.items() if suffix in ends]
    known = sorted({end for ends in suffixes.values() for end in ends})
    if fmt is None:
        if not fits:
            what = f"{suffix} files" if suffix else "files without a suffix"
            raise UserError(
                f"{output}: this command does not write {what}; name the file "
                f"{' or '.join(known)}" + (", or give --format" if has_format else "")
            )
        return fits[0]
    if suffix in known and fmt not in fits:
        raise UserError(
            f"--format {fmt} does not match {output} (a {suffix} file is {' or '.join(fits)}): "
            f"drop --format, or name the file {' or '.join(suffixes[fmt]) or 'without ' + suffix}"
        )
    return fmt


def is_plan_input(path: Path) -> bool:
    """Whether a file in a folder of plans is read as an input: a document or a manifest."""
    from ..extract import SUFFIXES
    from ..plans import MANIFEST, is_readme

    return (path.suffix.lower() in SUFFIXES and not is_readme(path)) or path.name == MANIFEST


def check_output(
    output: Path,
    reads: Iterable[Path | str | None] = (),
    *,
    read_in_folders: Callable[[Path], bool] | None = None,
) -> None:
    """Refuse an output file whose folder does not exist (a typo should not make folders),
    and one that is an input: a file in `reads` (the same file, by any name or link), or
    a file that a folder in `reads` holds, or would hold, as an input (by
    `read_in_folders`; default: plan documents and manifests). A manifest's folder is an
    input folder too."""
    folder = output.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UserError(f"cannot write {output}: {folder} {what} (create it first)")
    if output.is_dir():
        raise UserError(f"cannot write {output}: it is a folder; give a file name")
    target = output.resolve() if output.exists() else folder.resolve() / output.name
    inside = read_in_folders or is_plan_input
    for given in reads:
        if given is None or str(given) in ("", "-"):
            continue
        path = Path(given)
        if path.is_file() and (
            target == path.resolve() or (output.exists() and os.path.samefile(output, path))
        ):
            raise UserError(
                f"cannot write {output}: it is one of the inputs ({path}); "
                "write the output to another file"
            )
        home = path if path.is_dir() else path.parent if path.name == "plans.yaml" else None
        if home is None or not target.is_relative_to(home.resolve()):
            continue
        parts = target.relative_to(home.resolve()).parts
        hidden = read_in_folders is None and any(p.startswith((".", "_")) for p in parts)
        if inside(target) and not hidden:  # plans are found without hidden files
            said = (
                f"it is one of the inputs (read from {home})"
                if output.exists()
                else f"{home} is an input folder, and the command would read it from there"
            )
            raise UserError(f"cannot write {output}: {said}; write the output elsewhere")


def check_inputs(paths: Iterable[Path], *, stdin: bool = False) -> None:
    """A missing input path is a usage error in every command (exit 2)."""
    for path in paths:
        if stdin and str(path) == "-":
            continue
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")


suggest = did_you_mean


def emit(text: Data, output: Path | None, fmt: str | None = None) -> None:
    """Write to a file atomically, or to stdout (text, bytes, or either in pieces). Text in
    a format that is not data (`formats.DATA`; None: text for reading) loses bidirectional
    controls, bytes never change."""
    if fmt not in DATA:
        text = no_bidi(text) if isinstance(text, str) else _no_bidi_pieces(text)
    if output is None:
        try:
            if isinstance(text, str):
                sys.stdout.write(text)
            else:
                sys.stdout.flush()
                for piece in pieces(text):
                    sys.stdout.buffer.write(piece)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader has gone (`| head`): stop writing, quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    else:
        check_output(output)
        write_atomic(output, text)
        stderr.line(f"wrote {output}")


def _no_bidi_pieces(text: Data) -> Data:
    if isinstance(text, bytes):
        return text
    return cast(Data, (no_bidi(p) if isinstance(p, str) else p for p in text))


def print_errors(errors: Sequence[ErrorItem | FileError]) -> None:
    """Per-file errors go to stderr, whatever the format, one line each."""
    for error in errors:
        stderr.print(
            f"[red]error[/red]: {rich_text(error.path)}: {rich_text(error.message)}", soft_wrap=True
        )


def print_unassessable(documents: list[str]) -> bool:
    """One line on stderr naming the documents whose text is mostly missing (rated not
    assessable, not Poor); whether there were any (the command then exits 1)."""
    if documents:
        many = len(documents) != 1
        stderr.print(
            f"[yellow]warning[/yellow]: {len(documents)} document{'s' if many else ''} "
            f"not assessable, {'their' if many else 'its'} text mostly missing (no text "
            "layer, or next to no text; OCR would be needed): "
            + rich_text(terminal_text("; ".join(documents))),
            soft_wrap=True,
        )
    return bool(documents)


def told(quiet: bool = False) -> Told:
    """For the library's `score_paths`: a progress bar on a terminal, and the files
    skipped and the overrides that do not apply told on stderr (shared by commands)."""
    from .progress import progress_bar

    def skipped(path: Path, why: str) -> None:
        name = rich_text(terminal_text(str(path)))
        stderr.print(f"[yellow]skipped[/yellow]: {name}: {why}", soft_wrap=True)

    def warn(warning: str) -> None:
        stderr.print(f"[yellow]warning[/yellow]: {rich_text(warning)}", soft_wrap=True)

    return {
        "progress": lambda documents: progress_bar(stderr.console, documents, quiet=quiet),
        "skipped": skipped,
        "warn": warn,
    }
