"""Reviewer ratings that replace the machine's: the overrides file, and applying it.

An overrides file is YAML or CSV. Each entry names a plan, a criterion, the reviewer's
rating, the reviewer, a note (their reason) and the date:

    overrides:
      - plan: northmoor-elsdale
        criterion: primary-prevention
        rating: OK
        reviewer: A. Reviewer
        note: The commitments are about physical health.
        date: 2024-05-01
        blind: true
    memos:
      - plan: northmoor-elsdale
        criterion: primary-prevention
        note: Page 12 names schools, but only as buildings.

    plan,criterion,rating,reviewer,note,date,blind   (CSV: a header row, then one row each)

`blind` says whether the rating was given with the machine's rating (and any other
coder's) out of view: true for `serve --blind` and `review --blind`, false when it was in
view; a file written by hand may leave it out (not known). A memo is a note that is not a
rating: on a plan (no criterion) or on one of its criteria; in CSV it is a row with a
note and no rating. A memo never rates anything.

An entry whose rating equals the machine's confirms it. Applied to results, `rating`
becomes the reviewer's, `machine_rating` keeps the machine's, derived criteria and the
overall rating are worked out again from the reviewed ratings, and the machine's overall
rating is kept in `overall.machine_rating`.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator

from ..base.errors import Problem, RubricError, UserError
from ..base.safe import csv_writer, uncell
from ..base.schema import Strict
from ..engine import Scorer
from ..files.atomic import write_atomic
from ..files.yamlfile import FAST_DUMPER, read_yaml, validate
from ..results import PlanResult, Results
from ..rubric.model import Rubric

COLUMNS = ["plan", "criterion", "rating", "reviewer", "note", "date", "blind"]


class Override(Strict):
    """One reviewer rating of one criterion of one plan."""

    plan: str = Field(min_length=1)
    criterion: str = Field(min_length=1)
    rating: str = Field(min_length=1)
    reviewer: str | None = None
    note: str = ""
    date: str | None = None
    blind: bool | None = None  # given with the machine's rating out of view; None: not known

    @field_validator("plan", "criterion", "rating", "reviewer", "note", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return _text(value)

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        return _iso_date(value)

    @property
    def key(self) -> tuple[str, str]:
        return self.plan, self.criterion


class Memo(Strict):
    """A reviewer's note that is not a rating: on a plan, or on one criterion of a plan."""

    plan: str = Field(min_length=1)
    criterion: str | None = None  # None: a memo on the whole plan
    note: str = Field(min_length=1, max_length=20_000)
    reviewer: str | None = None
    date: str | None = None

    @field_validator("plan", "criterion", "reviewer", "note", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return _text(value)

    @field_validator("criterion", mode="after")
    @classmethod
    def _plan_memo(cls, value: str | None) -> str | None:
        return value or None  # an empty criterion is a memo on the whole plan

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        return _iso_date(value)

    @property
    def key(self) -> tuple[str, str | None]:
        return self.plan, self.criterion


def _text(value: Any) -> Any:
    return str(value).strip() if isinstance(value, str | int | float) else value


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)") from None
    return value


class OverridesFile(Strict):
    overrides: list[Override] = Field(default_factory=list)
    memos: list[Memo] = Field(default_factory=list)


@dataclass
class Overrides:
    """The entries of one overrides file, at most one per plan and criterion."""

    path: Path | None = None
    entries: list[Override] = field(default_factory=list)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)
    memos: list[Memo] = field(default_factory=list)

    def get(self, plan: str, criterion: str) -> Override | None:
        for entry in self.entries:
            if entry.key == (plan, criterion):
                return entry
        return None

    def put(self, entry: Override) -> None:
        """Add an entry, replacing an earlier one for the same plan and criterion."""
        self.entries = [e for e in self.entries if e.key != entry.key] + [entry]

    def memo(self, plan: str, criterion: str | None) -> Memo | None:
        """The memo on a plan (criterion None) or on one of its criteria."""
        return next((m for m in self.memos if m.key == (plan, criterion)), None)

    def put_memo(self, memo: Memo) -> None:
        """Add a memo, replacing an earlier one on the same plan and criterion."""
        self.memos = [m for m in self.memos if m.key != memo.key] + [memo]

    def drop_memo(self, plan: str, criterion: str | None) -> None:
        self.memos = [m for m in self.memos if m.key != (plan, criterion)]

    def where(self, entry: Override) -> tuple[str, int]:
        return str(self.path or "<overrides>"), self.lines.get(entry.key, 1)

    def to_yaml(self) -> str:
        items = [  # an empty note is no note: not written as `note: ''`
            {k: v for k, v in e.model_dump(exclude_none=True).items() if k != "note" or v}
            for e in self.entries
        ]
        data: dict[str, Any] = {"overrides": items}
        if self.memos:  # a file without memos is written as before
            data["memos"] = [m.model_dump(exclude_none=True) for m in self.memos]
        body = yaml.dump(
            data,
            Dumper=FAST_DUMPER,
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        return "# pmh-assess reviewer ratings (one entry per plan and criterion)\n" + body

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv_writer(out)  # no cell can start a spreadsheet formula
        writer.writerow(COLUMNS)
        for e in self.entries:
            blind = "" if e.blind is None else str(e.blind).lower()
            writer.writerow(
                [e.plan, e.criterion, e.rating, e.reviewer or "", e.note, e.date or "", blind]
            )
        for m in self.memos:  # a memo is a row with a note and no rating
            writer.writerow([m.plan, m.criterion or "", "", m.reviewer or "", m.note, m.date or ""])
        return out.getvalue()

    def save(self, path: Path | None = None) -> None:
        """Write the whole file atomically (a temporary file renamed into place)."""
        target = path or self.path
        if target is None:
            raise ValueError("no path to save overrides to")
        text = self.to_csv() if _is_csv(target) else self.to_yaml()
        write_atomic(target, text)


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def load_overrides(
    path: Path,
    *,
    missing_ok: bool = False,
    require_reviewer: bool = True,
    rubric: Rubric | None = None,
) -> Overrides:
    """Read an overrides file (YAML or CSV); every problem is reported with its line.

    With `rubric`, its checks (`check_against_rubric`) are made too, and their problems
    reported with the file's own: every problem at once."""
    if not path.is_file():
        if missing_ok and not path.exists():
            return Overrides(path=path)
        what = "is not a file" if path.exists() else "no such file"
        raise UserError(f"{path}: {what} (an overrides file is YAML or CSV; review creates one)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    columns: list[str] | None = None
    if _is_csv(path):
        entries, lines, memos, columns = _parse_csv(text, str(path))
    else:
        entries, lines, memos = _parse_yaml(text, str(path))
    problems: list[Problem] = []
    no_column = require_reviewer and columns is not None and "reviewer" not in columns
    if no_column and entries:
        problems.append(
            Problem(
                str(path),
                1,
                1,
                "the header has no reviewer column: add one naming who gave each rating "
                "(plan,criterion,rating,reviewer,note,date)",
            )
        )
    seen: dict[tuple[str, str], int] = {}
    for entry, line in zip(entries, lines, strict=True):
        if require_reviewer and not entry.reviewer and not no_column:
            problems.append(Problem(str(path), line, 1, "missing reviewer"))
        if entry.key in seen:
            problems.append(
                Problem(
                    str(path),
                    line,
                    1,
                    f"{entry.plan} / {entry.criterion} is rated twice (first at line "
                    f"{seen[entry.key]}); keep one rating per plan and criterion",
                )
            )
        seen.setdefault(entry.key, line)
    kept: dict[tuple[str, str | None], Memo] = {}
    for memo in memos:  # the last memo on a plan and criterion wins
        kept.pop(memo.key, None)
        kept[memo.key] = memo
    loaded = Overrides(path=path, entries=entries, lines=seen, memos=list(kept.values()))
    if rubric is not None:
        fixed, found = _against_rubric(loaded, rubric)
        problems = sorted([*problems, *found], key=lambda p: p.line)
        loaded = Overrides(path=path, entries=fixed, lines=seen, memos=loaded.memos)
    if problems:
        raise RubricError(problems)
    return loaded


Parsed = tuple[list[Override], list[int], list[Memo]]


def _parse_yaml(text: str, path: str) -> Parsed:
    if not text.strip() or not [ln for ln in text.splitlines() if ln.strip()[:1] not in ("#", "")]:
        return [], [], []
    data, root = read_yaml(text, path)
    if isinstance(data, list) and root is not None:  # a bare list of entries is accepted too
        data = {"overrides": data}
        key = yaml.ScalarNode("tag:yaml.org,2002:str", "overrides", root.start_mark, root.end_mark)
        root = yaml.MappingNode("tag:yaml.org,2002:map", [(key, root)], root.start_mark)
    parsed = validate(OverridesFile, data, root, path)
    items = _sequence_items(root)
    lines = [
        items[i].start_mark.line + 1 if i < len(items) else 1 for i in range(len(parsed.overrides))
    ]
    return parsed.overrides, lines, parsed.memos


def _sequence_items(root: yaml.Node | None) -> list[yaml.Node]:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "overrides" and isinstance(value, yaml.SequenceNode):
                return list(value.value)
    return []


def _parse_csv(text: str, path: str) -> tuple[list[Override], list[int], list[Memo], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _read_csv(reader, path)
    except csv.Error as exc:  # a field over the csv module's size limit, a stray NUL, ...
        raise RubricError(
            [Problem(path, reader.line_num or 1, 1, f"not valid CSV: {exc}")]
        ) from None


def _read_csv(
    reader: csv.DictReader[str], path: str
) -> tuple[list[Override], list[int], list[Memo], list[str]]:
    """The entries, the line of each, the memos and the header's columns."""
    header = [h.strip().lower() for h in reader.fieldnames or []]
    needed = [c for c in ("plan", "criterion", "rating") if c not in header]
    if needed:
        raise RubricError([Problem(path, 1, 1, f"CSV header lacks column(s) {', '.join(needed)}")])
    reader.fieldnames = header
    entries: list[Override] = []
    lines: list[int] = []
    memos: list[Memo] = []
    problems: list[Problem] = []
    for row in reader:
        line = reader.line_num
        values = {k: uncell(v) for k, v in row.items() if k in COLUMNS and v not in (None, "")}
        if not any(values.values()):
            continue
        try:
            if "rating" not in values and values.get("note") and "plan" in values:
                values.pop("blind", None)
                memos.append(Memo.model_validate(values))
                continue
            entries.append(Override.model_validate(values))
            lines.append(line)
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                msg = str(error["msg"]).removeprefix("Value error, ")
                if error["type"] == "missing":
                    msg = f"missing {where}"
                elif where:
                    msg = f"{where}: {msg}"
                problems.append(Problem(path, line, 1, msg))
    if problems:
        raise RubricError(problems)
    return entries, lines, memos, header


def check_against_rubric(overrides: Overrides, rubric: Rubric) -> Overrides:
    """Refuse unknown criteria and levels; spell levels as the rubric does ('ok' -> 'OK')."""
    fixed, problems = _against_rubric(overrides, rubric)
    if problems:
        raise RubricError(problems)
    return Overrides(
        path=overrides.path, entries=fixed, lines=overrides.lines, memos=list(overrides.memos)
    )


def _against_rubric(overrides: Overrides, rubric: Rubric) -> tuple[list[Override], list[Problem]]:
    """The entries with levels spelt as the rubric does, and the problems found."""
    ids = [c.id for c in rubric.criteria]
    spelling = {level.lower(): level for level in rubric.levels}
    problems: list[Problem] = []
    fixed: list[Override] = []
    for entry in overrides.entries:
        path, line = overrides.where(entry)
        if entry.criterion not in ids:
            hint = difflib.get_close_matches(entry.criterion, ids, n=1)
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"unknown criterion {entry.criterion!r} in rubric {rubric.id}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else ""),
                )
            )
        level = spelling.get(entry.rating.lower())
        if level is None:
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"rating {entry.rating!r} is not a level of rubric {rubric.id} "
                    f"({', '.join(rubric.levels)})",
                )
            )
            level = entry.rating
        fixed.append(entry.model_copy(update={"rating": level}))
    for memo in overrides.memos:
        if memo.criterion is not None and memo.criterion not in ids:
            problems.append(
                Problem(
                    str(overrides.path or "<overrides>"),
                    1,
                    1,
                    f"memo on unknown criterion {memo.criterion!r} in rubric {rubric.id}",
                )
            )
    return fixed, problems


def apply_overrides(
    results: Results, overrides: Overrides, rubric: Rubric, *, max_evidence: int = 10
) -> tuple[Results, list[str]]:
    """Results with reviewer ratings applied, and warnings for entries that matched no plan.

    `overrides` must have passed `check_against_rubric`. Plans without an entry are
    returned unchanged; in the others, derived criteria and the overall rating are worked
    out again from the reviewed ratings.
    """
    by_plan: dict[str, list[Override]] = {}
    for entry in overrides.entries:
        by_plan.setdefault(entry.plan, []).append(entry)
    scorer = Scorer(rubric, max_evidence=max_evidence)
    plans = [_apply_plan(p, by_plan.get(p.id, []), scorer) for p in results.plans]
    known = {p.id for p in results.plans}
    warnings = []
    for plan_id, entries in by_plan.items():
        if plan_id not in known:
            path, line = overrides.where(entries[0])
            hint = difflib.get_close_matches(plan_id, sorted(known), n=1)
            warnings.append(
                f"{path}:{line}: no plan {plan_id!r} in these results; its "
                f"{len(entries)} rating(s) were not applied"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
            )
    return results.model_copy(update={"plans": plans}), warnings


def _apply_plan(plan: PlanResult, entries: list[Override], scorer: Scorer) -> PlanResult:
    if not entries:
        return plan
    criteria = {c.id: c for c in plan.criteria}
    for entry in entries:
        criteria[entry.criterion] = criteria[entry.criterion].model_copy(
            update={
                "rating": entry.rating,
                "overridden_by": entry.reviewer or "reviewer",
                "note": entry.note or None,
                "reviewed_on": entry.date,
            }
        )
    reviewed = {e.criterion for e in entries}
    fresh = scorer.rederived(criteria, keep=reviewed)
    for cid, result in fresh.items():
        if result is not criteria[cid]:  # a derived criterion, rated again from the reviews
            fresh[cid] = result.model_copy(
                update={
                    "machine_rating": criteria[cid].machine_rating,
                    "reason": result.reason + " (from reviewed ratings)",
                }
            )
    reviewed_overall = scorer.overall_result(fresh).model_copy(
        update={
            "machine_rating": plan.overall.machine_rating,
            "machine_score": plan.overall.machine_score,
        }
    )
    return plan.model_copy(
        update={
            "criteria": [fresh[c.id] for c in plan.criteria],
            "overall": reviewed_overall,
        }
    )
