"""`score -`: one document read from stdin, scored as the plan `stdin`."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError

if TYPE_CHECKING:
    from ..results import Results

STDIN = Path("-")


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
def stdin_document(paths: list[Path]) -> Iterator[list[Path]]:
    """The paths, with `-` replaced by a temporary file holding stdin (removed after)."""
    if STDIN not in paths:
        yield paths
        return
    if paths.count(STDIN) > 1:
        raise UserError("- (stdin) can be given once")
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise UserError("-: stdin is empty (pipe a document in, e.g. cat plan.pdf | ...)")
    with tempfile.TemporaryDirectory(prefix="pmh-assess-stdin-") as folder:
        file = Path(folder) / f"stdin{kind_of(data)}"
        file.write_bytes(data)
        yield [file if p == STDIN else p for p in paths]


def relabel(results: Results, paths: list[Path], given: list[Path]) -> None:
    """Name the stdin document `stdin` in the results, not by its temporary file."""
    temporary = {str(p) for p, g in zip(paths, given, strict=True) if g == STDIN and p != STDIN}
    if not temporary:
        return
    for plan in results.plans:
        for document in plan.documents:
            if document.path in temporary:
                document.path = "stdin"
        for criterion in plan.criteria:
            for hit in criterion.evidence:
                if hit.document in temporary:
                    hit.document = "stdin"
            for void in criterion.voided_examples:
                if void.document in temporary:
                    void.document = "stdin"
    for error in results.errors:
        if error.path in temporary:
            error.path = "stdin"
