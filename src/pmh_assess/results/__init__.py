"""The results contract: what `score --format json` writes and other commands read.

Field names here are fixed for other tools; fields may be added, never renamed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..base.errors import UserError
from ..base.vocabulary import assessable, or_better, pages_without_text
from ..plans.metadata import check_metadata

SCHEMA_VERSION = 1
SMALL_FLOAT = re.compile(r"0\.0000[0-9]")  # how pydantic writes 0.00001 (1e-05)
SHORT_EXPONENT = re.compile(r"e-[1-9](?![0-9])")  # and 1e-7 (1e-07); each alone: quick


class Model(BaseModel):
    """Numbers are finite: a results file with NaN or Infinity is refused when read, and
    none is ever written (JSON has no such numbers)."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)


class ContextSource(Model):
    """Where a hit's required context was found, when not in its own sentence: a governing
    `heading`, its list's `lead-in`, or a `nearby` sentence of its paragraph."""

    place: str
    quote: str
    page: int
    page_label: str | None = None


class Evidence(Model):
    document: str
    page: int
    page_label: str | None = None
    quote: str
    strength: str
    matched: list[str]
    rule: str
    cue: str | None = None
    # Left out of the JSON when the context was in the quoted sentence itself (or none was
    # needed), so that such evidence reads as before.
    context: ContextSource | None = Field(default=None, exclude_if=lambda v: v is None)
    # The words of the quote that matched, as written in the plan (the terms are `matched`)
    words: list[str] = Field(default_factory=list)
    # Plans whose evidence holds this sentence, verbatim or nearly (see run/shared.py); left
    # out of the JSON when empty, so results without shared text read as before.
    shared_with: list[str] = Field(default_factory=list, exclude_if=lambda v: not v)


class Voided(Model):
    document: str
    page: int
    quote: str
    matched: list[str]
    rule: str
    reason: str
    page_label: str | None = None
    words: list[str] = Field(default_factory=list)


class CriterionResult(Model):
    id: str
    title: str
    domain: str
    tags: list[str] = Field(default_factory=list)
    weight: float = 1.0
    rating: str
    machine_rating: str
    reason: str
    missing: str | None = None
    hits: int
    pages: int
    terms: list[str] = Field(default_factory=list)
    commitments: int = 0
    targets: int = 0
    measures: dict[str, float] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    voided: int = 0
    voided_examples: list[Voided] = Field(default_factory=list)
    overridden_by: str | None = None  # the reviewer whose rating `rating` is (may agree)
    note: str | None = None  # the reviewer's reason
    reviewed_on: str | None = None  # ISO date of the review

    def why(self) -> str:
        """The rule that decided the rating, and what the next level up still needed."""
        if self.missing and self.missing not in self.reason:
            return f"{self.reason}; {self.missing}"
        return self.reason


class OverallResult(Model):
    rating: str
    score: float
    reason: str
    machine_rating: str = ""  # before reviewer overrides; the same as `rating` without them
    machine_score: float | None = None

    @model_validator(mode="after")
    def _machine_defaults(self) -> OverallResult:
        if not self.machine_rating:
            self.machine_rating = self.rating
        if self.machine_score is None:
            self.machine_score = self.score
        return self


class DocumentResult(Model):
    path: str
    sha256: str
    pages: int
    warnings: list[str] = Field(default_factory=list)
    # Pages (numbers, 1-based) whose text is missing or next to none, and whether the
    # document has too few with text to be assessed (see engine/textpages.py); both left
    # out of the JSON when every page has text, so such results read as before.
    pages_without_text: list[int] = Field(default_factory=list, exclude_if=lambda v: not v)
    assessable: bool = Field(default=True, exclude_if=lambda v: v)

    def text_missing(self) -> str | None:
        """`11 of 12 pages have no text`, or None when every page has text."""
        if not self.pages_without_text:
            return None
        return pages_without_text(len(self.pages_without_text), self.pages)

    def text_note(self) -> str | None:
        """`11 of 12 pages have no text (not assessable)`, or None when every page has text."""
        said = self.text_missing()
        return said if said is None or self.assessable else f"{said} (not assessable)"


class PlanResult(Model):
    id: str
    title: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    documents: list[DocumentResult]
    overall: OverallResult
    criteria: list[CriterionResult]
    marginal: str | None = Field(default=None, exclude_if=lambda v: v is None)
    """Why the rubric's subject is marginal in the plan's documents, when it is: then a
    passing mention lifts no criterion above the lowest level."""

    @field_validator("metadata")
    @classmethod
    def _numbers(cls, metadata: dict[str, Any]) -> dict[str, Any]:
        return check_metadata(metadata)

    @property
    def assessable(self) -> bool:
        """False when the plan's text is mostly missing: then it has no rating of a level."""
        return assessable(self.overall.rating)

    def text_missing(self) -> str | None:
        """`11 of 12 pages have no text` over the plan's documents; None when all have text."""
        missing = sum(len(d.pages_without_text) for d in self.documents)
        if not missing:
            return None
        return pages_without_text(missing, sum(d.pages for d in self.documents))

    def text_notes(self) -> list[str]:
        """What is missing from each document's text, `path: 11 of 12 pages have no text`."""
        return [f"{d.path}: {note}" for d in self.documents if (note := d.text_note())]

    def criterion(self, criterion_id: str) -> CriterionResult:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)


class DomainInfo(Model):
    id: str
    title: str


class GroupInfo(Model):
    tag: str
    title: str


class DerivedInfo(Model):
    """A criterion rated from others: how many of `sources` must reach `at_least` or better
    for each level (`needs`), so that reports can say what its levels mean."""

    id: str
    sources: list[str]
    at_least: str
    needs: dict[str, int]

    def describe(self) -> str:
        """`Good: 4 of 4 at OK or better, OK: 3`."""
        of = len(self.sources)
        said = [f"{level}: {n}" for level, n in self.needs.items()]
        if said:
            said[0] += f" of {of} at {or_better(self.at_least)}"
        return ", ".join(said) or f"from {of} criteria at {or_better(self.at_least)}"


class RubricInfo(Model):
    id: str
    version: str
    title: str
    sha256: str
    levels: list[str]
    colours: dict[str, str] = Field(default_factory=dict)
    domains: list[DomainInfo] = Field(default_factory=list)
    groups: list[GroupInfo] = Field(default_factory=list)
    # left out of the JSON when the rubric has none, so such results read as before
    derived: list[DerivedInfo] = Field(default_factory=list, exclude_if=lambda v: not v)


class ErrorItem(Model):
    path: str
    message: str


class Results(Model):
    schema_version: int = SCHEMA_VERSION
    tool_version: str
    rubric: RubricInfo
    plans: list[PlanResult] = Field(default_factory=list)
    errors: list[ErrorItem] = Field(default_factory=list)

    def to_json(self) -> str:
        """Deterministic JSON: fixed key order, no timestamps, a trailing newline
        (`results_json`'s text, whole)."""
        return "".join(results_json(self, self.plans))


def unlevelled(level: str, reason: str) -> str:
    """A reason without the level it opens with: `score 0.95` of `Good: score 0.95`, for
    printing beside the level itself."""
    return reason.removeprefix(f"{level}: ")


def results_json(head: Results, plans: Iterable[PlanResult]) -> Iterator[str]:
    """The JSON of `head` with `plans` as its plans, written plan by plan, so that results
    larger than memory can be written from plans held elsewhere (`head.plans` is not read).

    The text is `json.dumps(data, indent=2, ensure_ascii=False)`'s, with a trailing
    newline: each plan's JSON is that of the plan alone, indented to its place (a JSON
    string holds no line break, so every line of it moves right by the same four spaces).
    """
    text = _json_text(head.model_copy(update={"plans": []}))
    before, marker, after = text.partition(_NO_PLANS)
    if not marker:
        raise ValueError("results JSON without its plans")
    yield before + '\n  "plans": ['
    empty = True
    for plan in plans:
        yield ("\n    " if empty else ",\n    ") + _json_text(plan).replace("\n", "\n    ")
        empty = False
    yield ("]," if empty else "\n  ],") + "\n" + after + "\n"


_NO_PLANS = '\n  "plans": [],\n'


def _json_text(model: BaseModel) -> str:
    """`json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False)`'s text.

    pydantic writes the same text several times faster, except for floats under 0.0001,
    which it writes another way (0.00001, 1e-7 for 1e-05, 1e-07): if any may be there, or
    it cannot write the data, the standard library writes it.
    """
    try:
        fast = model.model_dump_json(indent=2)
    except ValueError:
        fast = None
    if fast is not None and not SMALL_FLOAT.search(fast) and not SHORT_EXPONENT.search(fast):
        return fast
    return json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False, allow_nan=False)


def load_results(path: Path | str) -> Results:
    """Read a results JSON file written by `score --format json`."""
    path = Path(path)
    try:
        results = Results.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise UserError(f"{path}: cannot read results ({exc.strerror})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path}: not a pmh-assess results file ({where}: {first['msg']})") from exc
    if results.schema_version != SCHEMA_VERSION:
        raise UserError(
            f"{path}: results of schema version {results.schema_version}, but this pmh-assess "
            f"reads version {SCHEMA_VERSION}: score the plans again with this version"
        )
    return results
