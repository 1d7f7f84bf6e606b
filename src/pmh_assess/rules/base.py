"""What every evidence rule shares: its term lists, required context and exclusions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .patterns import term_regex

if TYPE_CHECKING:
    from ..engine.index import DocIndex


def _valid_term(term: str) -> str:
    term_regex(term)  # raises PatternError (a ValueError) with a readable message
    return term


Term = Annotated[str, AfterValidator(_valid_term)]
TermList = list[Term] | dict[str, list[Term] | Term]
"""Terms as a list (each term is its own label) or a mapping label -> variants."""


def term_entries(terms: TermList) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(label, variants) pairs, the same shape whichever form the YAML used."""
    if isinstance(terms, dict):
        return tuple(
            (label, (variants,) if isinstance(variants, str) else tuple(variants))
            for label, variants in terms.items()
        )
    return tuple((term, (term,)) for term in terms)


class Strict(BaseModel):
    """Unknown keys are errors and models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Context(Strict):
    """Text that must be near a hit for it to count, e.g. a mental health context.

    `scope` is where around the hit it is looked for: its `sentence`, its `paragraph`, or
    `adjacent` (its sentence and the ones just before and after it in the same paragraph,
    or in the neighbouring one-sentence paragraphs of a list). Unless `headings` is false,
    the heading that governs the hit's sentence (the nearest heading before it) is looked
    at too, whatever the scope.
    """

    terms: TermList
    scope: Literal["sentence", "paragraph", "adjacent"] = Field(
        default="sentence",
        description="Where the context is looked for around a hit: its sentence, its "
        "paragraph, or `adjacent` (the sentence with the one before and the one after).",
    )
    headings: bool = Field(
        default=True,
        description="Also look in the heading that governs the hit's sentence (the nearest "
        "heading before it in the same document).",
    )
    inflect: bool = Field(
        default=True,
        description="Match the terms' inflected forms too (prevention: prevented, "
        "preventing); false matches them as written, with plural endings only.",
    )
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A raw match of a rule, before context, exclusion and negation are applied."""

    start: int
    end: int
    labels: tuple[str, ...]


class EvidenceRule(Strict):
    """Fields shared by the rule kinds. `id` lets rating conditions name this rule."""

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str | None = None
    context: str | Context | None = None
    exclude: TermList = Field(default_factory=list)
    exclude_sentence: TermList = Field(default_factory=list)
    negation: bool = True
    inflect: bool = Field(
        default=True,
        description="Match the rule's terms and exclusions in their inflected forms too "
        "(prevention: prevented, preventing); false matches them as written, with plural "
        "endings only.",
    )

    def candidates(self, doc: DocIndex) -> Iterator[Candidate]:  # pragma: no cover - abstract
        raise NotImplementedError

    def measures(self, doc: DocIndex, counted: list[Candidate]) -> dict[str, float]:
        """Extra numbers a rating condition can use (see the `share` kind)."""
        return {}

    def term_lists(self) -> list[TermList]:
        """Every term list the rule matches (for checks and coverage reports)."""
        return []
