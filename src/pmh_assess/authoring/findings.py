"""What `rubric check` reports: located findings, and three ways to print them.

`text` is `file:line:col: severity [code] message` (one per line, for people and editors),
`github` is workflow commands that GitHub Actions shows on the changed line, and `json`
is a stable document for other tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem (or note) at a place in a rubric file."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity} [{self.code}] {self.message}"
        )


@dataclass
class FileCheck:
    """Everything checked in one rubric file."""

    path: str
    rubric: str | None = None
    criteria: int = 0
    examples_run: int = 0
    examples_failed: int = 0
    findings: list[Finding] = field(default_factory=list)


@dataclass
class CheckReport:
    files: list[FileCheck]
    findings: list[Finding]  # all of them, sorted, including ones not tied to a file

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def failed(self) -> bool:
        return self.count("error") > 0

    def summary(self) -> str:
        run = sum(f.examples_run for f in self.files)
        failed = sum(f.examples_failed for f in self.files)
        parts = [f"{self.count(s)} {s}{'' if self.count(s) == 1 else 's'}" for s in SEVERITIES]
        files = f"{len(self.files)} rubric file{'' if len(self.files) == 1 else 's'}"
        return (
            f"{'FAILED' if self.failed else 'ok'}: {files} checked, "
            f"{run} example{'' if run == 1 else 's'} run ({failed} failed); " + ", ".join(parts)
        )


def render_text(report: CheckReport) -> str:
    return "".join(f"{f}\n" for f in report.findings) + report.summary() + "\n"


def _escape(value: str, *, prop: bool = False) -> str:
    """GitHub workflow-command escaping (properties also escape ':' and ',')."""
    out = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if prop else out


def render_github(report: CheckReport) -> str:
    lines = []
    for f in report.findings:
        props = ",".join(
            [
                f"file={_escape(f.file, prop=True)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_escape('rubric ' + f.code, prop=True)}",
            ]
        )
        lines.append(f"::{f.severity} {props}::{_escape(f.message)}\n")
    return "".join(lines) + report.summary() + "\n"


def render_json(report: CheckReport) -> str:
    data = {
        "files": [
            {
                "path": f.path,
                "rubric": f.rubric,
                "criteria": f.criteria,
                "examples_run": f.examples_run,
                "examples_failed": f.examples_failed,
            }
            for f in report.files
        ],
        "findings": [asdict(f) for f in report.findings],
        "summary": {
            "ok": not report.failed,
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "notices": report.count("notice"),
            "examples_run": sum(f.examples_run for f in report.files),
            "examples_failed": sum(f.examples_failed for f in report.files),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


RENDERERS = {"text": render_text, "github": render_github, "json": render_json}
