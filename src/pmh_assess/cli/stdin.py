"""`score -`: one document read from stdin, scored as the plan `stdin` (or the name given)."""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.errors import UserError

if TYPE_CHECKING:
    from ..results import Results

STDIN = Path("-")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""A plan id given for stdin: letters, digits, `.`, `_` and `-`, as file stems make them."""


def kind_of(data: bytes) -> str:
    """The suffix a document's first bytes suggest: PDF, Word (a zip), HTML, else text."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return ".pdf"
    if head.startswith(b"pk\x03\x04"):
        return ".docx"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return ".html"
    return ".txt"


@contextmanager
def stdin_document(paths: list[Path], name: str | None = None) -> Iterator[list[Path]]:
    """The paths, with `-` replaced by a temporary file holding stdin (removed after),
    named so that the plan's id is `name` (default: stdin)."""
    if name is not None and not NAME.fullmatch(name):
        raise UserError(
            f"--stdin-name {name!r}: use letters, digits, '.', '_' and '-' (e.g. fenwick-2025)"
        )
    if STDIN not in paths:
        if name is not None:
            raise UserError("--stdin-name names a document read from stdin: give - as a path")
        yield paths
        return
    if paths.count(STDIN) > 1:
        raise UserError("- (stdin) can be given once")
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise UserError("-: stdin is empty (pipe a document in, e.g. cat plan.pdf | ...)")
    with tempfile.TemporaryDirectory(prefix="pmh-assess-stdin-") as folder:
        file = Path(folder) / f"{name or 'stdin'}{kind_of(data)}"
        file.write_bytes(data)
        yield [file if p == STDIN else p for p in paths]


def relabel(results: Results, paths: list[Path], given: list[Path]) -> None:
    """Name the stdin document as its plan is named (`stdin`, or the name given) in the
    results, not by its temporary file."""
    temporary = {str(p) for p, g in zip(paths, given, strict=True) if g == STDIN and p != STDIN}
    if not temporary:
        return
    named = {path: Path(path).stem for path in temporary}
    for plan in results.plans:
        for document in plan.documents:
            if document.path in temporary:
                document.path = named[document.path]
        for criterion in plan.criteria:
            for hit in criterion.evidence:
                if hit.document in temporary:
                    hit.document = named[hit.document]
            for void in criterion.voided_examples:
                if void.document in temporary:
                    void.document = named[void.document]
    for error in results.errors:
        if error.path in temporary:
            error.path = named[error.path]
