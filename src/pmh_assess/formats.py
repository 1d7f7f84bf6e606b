"""The formats each report is written in, and the file suffixes each format suits.

Names and suffixes only, so that the command line can offer --format choices and pick a
format from `-o FILE`'s suffix without importing a writer. Each package keeps its writers
in a FORMATS dict keyed by the same names, in the same order (tests keep them in step).
The first format listed for a suffix is the one `-o FILE` picks without --format.
"""

from __future__ import annotations

Suffixes = dict[str, tuple[str, ...]]

DATA = frozenset({"json", "csv", "csv-wide", "csv-summary", "html", "xlsx"})
"""Formats read by programs or a browser: the text goes in as it was read. The others are
read in a terminal or as Markdown, and lose bidirectional controls (`safe.no_bidi`)."""

COVERAGE: Suffixes = {
    "table": (".txt",),
    "json": (".json",),
    "csv": (".csv",),
    "csv-wide": (".csv",),
    "csv-summary": (".csv",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "xlsx": (".xlsx",),
}
"""Coverage across plans (`coverage.FORMATS`)."""

AGREEMENT: Suffixes = {
    "table": (".txt",),
    "json": (".json",),
    "csv": (".csv",),
    "markdown": (".md", ".markdown"),
}
"""Agreement between machine and human ratings (`agreement.render.FORMATS`)."""

EXTRACTED: Suffixes = {"text": (".txt",), "json": (".json",)}
"""A document's normalised text (`explain.extracted.FORMATS`)."""

EXPLANATION: Suffixes = {"text": (".txt",), "json": (".json",)}
"""Why a plan got its ratings (`explain.render`'s to_text and to_json)."""

COMPARISON = ("table", "json", "markdown", "html")
"""Two versions of a plan compared (`compare.render.RENDERERS`); --format only."""

RUBRIC_CHECK = ("text", "github", "json")
"""`rubric check` findings (`authoring.findings.RENDERERS`); --format only."""

RUBRIC_AUDIT = ("text", "json")
"""`rubric audit` (`authoring.audit.RENDERERS`); --format only."""

RUBRIC_DIFF = ("text", "markdown", "json")
"""`rubric diff` (`authoring.diff.RENDERERS`); --format only."""
