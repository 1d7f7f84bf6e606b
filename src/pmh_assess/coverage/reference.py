"""Published figures to compare with: a reference file in YAML or CSV.

Each finding names what it measures in exactly one of three ways:

- `criterion: ID` -- the share of plans rated `at_least` (default: the coverage's level)
  or better for that criterion;
- `group: TAG` -- the share of plans covering every criterion carrying the tag;
- `overall: LEVEL` -- the share of plans whose overall rating is that level.

`share` is a fraction (0.14) or a percentage ("14%"); `plans` (how many plans the
published figure counted) is optional. YAML:

    title: Hand-rated Joint Forward Plans, 2023
    plans: 42
    findings:
      - {label: Overall rated Good, overall: Good, share: 14%, plans: 6}
      - {label: Children and young people, criterion: group-cyp, share: 100%, plans: 42}

CSV: a header row with `label,criterion,group,overall,at_least,share,plans,note` (only
`label` and `share` are required; empty cells are absent values). The title is the
file's name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..base.errors import Problem, RubricError, UserError
from ..base.schema import Strict
from ..base.vocabulary import or_better
from ..files.yamlfile import read_yaml, validate
from .compute import Tally, covering
from .model import Count, Coverage, Reference, ReferenceRow

CSV_COLUMNS = ["label", "criterion", "group", "overall", "at_least", "share", "plans", "note"]


class Finding(Strict):
    label: str = Field(min_length=1)
    criterion: str | None = None
    group: str | None = None
    overall: str | None = None
    at_least: str | None = None
    share: float = Field(ge=0, le=1)
    plans: int | None = Field(default=None, ge=0)
    note: str | None = None

    @field_validator("share", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().endswith("%"):
            try:
                return float(value.strip()[:-1]) / 100
            except ValueError:
                raise ValueError(f"not a percentage: {value!r}") from None
        return value

    @model_validator(mode="after")
    def _one_measure(self) -> Finding:
        named = [k for k in ("criterion", "group", "overall") if getattr(self, k)]
        if len(named) != 1:
            raise ValueError("a finding names exactly one of `criterion`, `group`, `overall`")
        if self.overall and self.at_least:
            raise ValueError("`at_least` does not apply to `overall` (an exact level)")
        return self


class ReferenceFile(Strict):
    title: str
    source: str | None = None
    plans: int | None = Field(default=None, ge=1)
    findings: list[Finding] = Field(min_length=1)


def load_reference(path: Path | str) -> ReferenceFile:
    """Read a reference file (.yaml/.yml or .csv); every problem is located."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read reference file ({exc})") from exc
    if path.suffix.lower() == ".csv":
        return _from_csv(text, str(path), path.stem)
    if path.suffix.lower() not in {".yaml", ".yml"}:
        raise UserError(f"{path}: a reference file is .yaml, .yml or .csv")
    data, root = read_yaml(text, str(path))
    return validate(ReferenceFile, data, root, str(path))


def _from_csv(text: str, path: str, title: str) -> ReferenceFile:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown or "label" not in header or "share" not in header:
        raise RubricError(
            [
                Problem(
                    path,
                    1,
                    1,
                    f"the header needs `label` and `share`, and may have {', '.join(CSV_COLUMNS)}"
                    + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
                )
            ]
        )
    findings: list[Finding] = []
    problems: list[Problem] = []
    for row in reader:
        line = reader.line_num
        values = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
        try:
            findings.append(Finding.model_validate(values))
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                msg = str(error["msg"]).removeprefix("Value error, ")
                problems.append(Problem(path, line, 1, f"{where}: {msg}" if where else msg))
    if problems:
        raise RubricError(problems)
    if not findings:
        raise RubricError([Problem(path, 1, 1, "no findings below the header")])
    return ReferenceFile(title=title, findings=findings)


def compare(coverage: Coverage, reference: ReferenceFile) -> Coverage:
    """The coverage with the reference's findings set beside our figures."""
    rows = [_row(coverage, f) for f in reference.findings]
    return coverage.model_copy(
        update={
            "reference": Reference(
                title=reference.title,
                source=reference.source,
                plans=reference.plans,
                rows=rows,
            )
        }
    )


def _row(coverage: Coverage, finding: Finding) -> ReferenceRow:
    levels = coverage.level_names()
    at_least = finding.at_least or coverage.at_least
    ours: Count | None = None
    problem: str | None = None
    if finding.overall:
        measure = f"overall rating {finding.overall}"
        ours = coverage.overall.get(finding.overall)
        if ours is None:
            problem = f"{finding.overall!r} is not a level of this rubric"
    else:
        if finding.criterion:
            measure = f"{finding.criterion} at {or_better(at_least, levels)}"
            members = [i for i, c in enumerate(coverage.columns) if c.id == finding.criterion]
            missing = f"no criterion {finding.criterion!r} among those selected"
        else:
            measure = f"every criterion tagged {finding.group} at {or_better(at_least, levels)}"
            members = [i for i, c in enumerate(coverage.columns) if finding.group in c.tags]
            missing = f"no criterion tagged {finding.group!r} among those selected"
        if at_least not in levels:
            problem = f"{at_least!r} is not a level of this rubric"
        elif not members:
            problem = missing
        else:
            tally = Tally({r.id: r.population for r in coverage.rows})
            ours = tally.count(covering(coverage, members, at_least))
    notes = [n for n in (finding.note, problem) if n]
    kind: Literal["criterion", "group", "overall"] = (
        "overall" if finding.overall else "criterion" if finding.criterion else "group"
    )
    return ReferenceRow(
        label=finding.label,
        kind=kind,
        key=finding.overall or finding.criterion or finding.group or "",
        at_least=None if finding.overall else at_least,
        measure=measure,
        reference_share=round(finding.share, 4),
        reference_plans=finding.plans,
        ours=ours,
        difference=round(ours.share - finding.share, 4) if ours else None,
        note="; ".join(notes) or None,
    )
