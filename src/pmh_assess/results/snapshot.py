"""Golden ratings: a small, stable JSON of plan -> criterion -> rating, plus each overall.

`score --update golden.json` writes one on purpose; `score --check golden.json` fails when
any rating differs from it. Only ratings are kept (no scores, quotes or paths), with
sorted keys, so the file changes exactly when a rating does and diffs read easily:

    {"plans": {"fenwick-vale": {"criteria": {"pmh-explicit": "Poor", ...},
                                "overall": "Poor"}},
     "rubric": {"id": "mhf-2024", "version": "1.0.0"},
     "snapshot_version": 1}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..base.errors import UserError
from . import Results

SNAPSHOT_VERSION: Literal[1] = 1


class PlanRatings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    criteria: dict[str, str]
    overall: str


class Snapshot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    snapshot_version: Literal[1] = SNAPSHOT_VERSION
    rubric: dict[str, str]
    plans: dict[str, PlanRatings]

    def to_json(self) -> str:
        return (
            json.dumps(
                self.model_dump(), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False
            )
            + "\n"
        )


def take_snapshot(results: Results) -> Snapshot:
    return Snapshot(
        rubric={"id": results.rubric.id, "version": results.rubric.version},
        plans={
            plan.id: PlanRatings(
                criteria={c.id: c.rating for c in plan.criteria}, overall=plan.overall.rating
            )
            for plan in results.plans
        },
    )


def load_snapshot(path: Path) -> Snapshot:
    try:
        return Snapshot.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"{path}: no such snapshot (write one with --update {path})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read snapshot ({exc.strerror})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(
            f"{path}: not a ratings snapshot ({where}: {first['msg']})".replace(" (: ", " (")
        ) from None


@dataclass(frozen=True, order=True)
class Difference:
    """One rating that is not what the snapshot says. `criterion` None: the whole plan."""

    plan: str
    criterion: str | None
    expected: str | None
    actual: str | None

    def __str__(self) -> str:
        if self.criterion is None:
            if self.actual is None:
                return f"{self.plan}: in the snapshot but not scored now"
            return f"{self.plan}: scored now but not in the snapshot"
        before, after = self.expected or "(none)", self.actual or "(none)"
        return f"{self.plan}: {self.criterion}: {before} -> {after}"


OVERALL = "overall rating"


def compare(expected: Snapshot, actual: Snapshot) -> list[Difference]:
    """Every plan, criterion and overall rating that differs, in a stable order."""
    out: list[Difference] = []
    for plan in sorted(set(expected.plans) | set(actual.plans)):
        old, new = expected.plans.get(plan), actual.plans.get(plan)
        if old is None or new is None:
            out.append(Difference(plan, None, "plan" if old else None, "plan" if new else None))
            continue
        for cid in sorted(set(old.criteria) | set(new.criteria)):
            before, after = old.criteria.get(cid), new.criteria.get(cid)
            if before != after:
                out.append(Difference(plan, cid, before, after))
        if old.overall != new.overall:
            out.append(Difference(plan, OVERALL, old.overall, new.overall))
    return out
