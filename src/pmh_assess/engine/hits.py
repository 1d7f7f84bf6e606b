"""What matching a criterion in a document finds: counted and voided hits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """A match of an evidence rule in a document, counted or voided."""

    document: str
    sentence: int
    start: int
    end: int
    labels: tuple[str, ...]
    rule: str
    strength: str = "mention"
    cue: str | None = None
    void: str | None = None


@dataclass
class DocEvidence:
    hits: list[Hit]
    voided: list[Hit]
    measures: dict[str, float]
