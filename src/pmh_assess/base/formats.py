"""The formats each command writes, and the file suffixes each format suits.

Names and suffixes only, so that the command line can offer --format choices and pick a
format from `-o FILE`'s suffix without importing a writer. Each package keeps its writers
in a dict keyed by the same names, in the same order (tests keep them in step). Every
command that writes a file consults its entry here, through one rule (`cli.common.
choose_format`): --format wins; else the suffix picks the format (the first listed for
it); a suffix that no format of the command suits is refused, as is a --format that
contradicts the suffix. Where formats share a suffix (`csv` and `csv-wide`), the first is
the suffix's, and the others are chosen with --format.
"""

from __future__ import annotations

Suffixes = dict[str, tuple[str, ...]]

DATA = frozenset({"json", "csv", "csv-wide", "csv-summary", "html", "xlsx"})
"""Formats read by programs or a browser: the text goes in as it was read. The others are
read in a terminal or as Markdown, and lose bidirectional controls (`safe.no_bidi`)."""
TEXT = (".txt",)
JSON = (".json",)
CSV = (".csv",)
MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm")

SCORES: Suffixes = {"table": TEXT, "json": JSON, "csv": CSV, "markdown": MARKDOWN}
"""Scored plans (`report.FORMATS`)."""

COVERAGE: Suffixes = {
    "table": TEXT,
    "json": JSON,
    "csv": CSV,
    "csv-wide": CSV,
    "csv-summary": CSV,
    "markdown": MARKDOWN,
    "html": HTML,
    "xlsx": (".xlsx",),
}
"""Coverage across plans (`coverage.FORMATS`)."""

CHARTS: Suffixes = {"svg": (".svg",), "png": (".png",)}
"""One chart of the coverage (`coverage.render_chart`); chosen by the suffix only."""

AGREEMENT: Suffixes = {"table": TEXT, "json": JSON, "csv": CSV, "markdown": MARKDOWN}
"""Agreement between machine and human ratings (`agreement.render.FORMATS`)."""

EXTRACTED: Suffixes = {"text": TEXT, "json": JSON}
"""A document's normalised text (`explain.extracted.FORMATS`)."""

EXPLANATION: Suffixes = {"text": TEXT, "json": JSON}
"""Why a plan got its ratings (`explain.render`'s to_text and to_json)."""

COMPARISON: Suffixes = {"table": TEXT, "json": JSON, "markdown": MARKDOWN, "html": HTML}
"""Two versions of a plan compared (`compare.render.RENDERERS`)."""

SNAPSHOT: Suffixes = {"json": JSON}
"""Golden ratings (`score --update`; `snapshot.Snapshot.to_json`)."""

RUBRIC_CHECK: Suffixes = {"text": TEXT, "github": TEXT, "json": JSON}
"""`rubric check` findings (`authoring.findings.RENDERERS`); `.txt` picks text, and GitHub
annotations are chosen with --format."""

RUBRIC_AUDIT: Suffixes = {"text": TEXT, "json": JSON}
"""`rubric audit` (`authoring.audit.RENDERERS`)."""

RUBRIC_DIFF: Suffixes = {"text": TEXT, "markdown": MARKDOWN, "json": JSON}
"""`rubric diff` (`authoring.diff.RENDERERS`)."""

RUBRIC_LIST: Suffixes = {"table": TEXT, "json": JSON}
"""`rubric list`."""

RUBRIC_SCHEMA: Suffixes = {"json": JSON}
"""`rubric schema` (`rubric.schema.rubric_schema_json`)."""

SUGGESTIONS: Suffixes = {"text": TEXT, "json": JSON}
"""`rubric suggest` (`suggest.RENDERERS`)."""
