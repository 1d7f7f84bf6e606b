"""What matching a criterion in a document finds: counted and voided hits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..base.vocabulary import MENTION


class Hit(NamedTuple):
    """A match of an evidence rule in a document, counted or voided.

    A named tuple: a run makes and decodes about a million of them, and a tuple is made
    four times faster than a frozen dataclass (whose every field is set through
    `object.__setattr__`)."""

    document: str
    sentence: int
    start: int
    end: int
    labels: tuple[str, ...]
    rule: str
    strength: str = MENTION
    cue: str | None = None
    void: str | None = None
    context: int = -1
    """For a counted hit whose required context lies outside its own sentence, the index
    of the sentence it was found in (a neighbour, the list's lead-in, a heading); else -1."""


@dataclass
class DocEvidence:
    hits: list[Hit]
    voided: list[Hit]
    measures: dict[str, float]
