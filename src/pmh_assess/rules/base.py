"""What every evidence rule shares: its term lists, required context and exclusions."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, ClassVar, Literal, NamedTuple, Protocol

from pydantic import AfterValidator, BeforeValidator, Field

from ..base.schema import Strict
from ..base.vocabulary import Count
from ..text import Text
from .patterns import PatternError, term_regex

MAX_WILDCARDS = 2
"""Most `*` wildcards in one term: each one is a run of letters the matcher must try."""


def _valid_term(term: str) -> str:
    _bounded_wildcards(term)
    term_regex(term)  # raises PatternError (a ValueError) with a readable message
    return term


def _bounded_wildcards(term: str) -> None:
    """Refuse terms whose wildcards could make matching slow: too many, or side by side.

    `care* *work` or `care* *` let two runs of letters share the same text, so the
    matcher tries every way of splitting it (time grows with a power of the word's
    length). Two lone `*` words (`all * * will have`) are allowed: the count bounds them.
    """
    count = term.count("*")
    if count > MAX_WILDCARDS:
        raise PatternError(
            f"term {term!r} has {count} wildcards; at most {MAX_WILDCARDS} are allowed "
            "(use a `regex` rule for anything more)"
        )
    words = [w for w in re.split(r"[\s\-\u2013\u2014]+", term.strip()) if w]
    for left, right in itertools.pairwise(words):
        if left.endswith("*") and right.startswith("*") and not left == right == "*":
            raise PatternError(
                f"term {term!r}: wildcards side by side ({left!r} then {right!r}) can match "
                "the same letters in many ways; keep a word between them"
            )


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


def describe_terms(terms: TermList) -> list[str]:
    """Each term of a list in words: its label, then its other variants in brackets."""
    out = []
    for label, variants in term_entries(terms):
        others = [v for v in variants if v != label]
        out.append(f"{label} ({', '.join(others)})" if others else label)
    return out


HEADINGS = ("path", "nearest", "none")


def _headings_setting(value: object) -> object:
    """`true` and `false` as earlier rubrics wrote them: every heading on the path, or none."""
    if value is True:
        return "path"
    if value is False:
        return "none"
    return value


class Context(Strict):
    """Text that must be near a hit for it to count, e.g. a mental health context.

    It is looked for in the hit's `scope`: its `sentence`, its `paragraph`, or `adjacent`
    (its sentence and the ones just before and after it in the same paragraph, or in the
    neighbouring one-sentence paragraphs of a list); then, for a list item, in its list's
    lead-in ("To support people's mental health we will:"), unless `lead_in` is false; then
    in the headings that govern the sentence: every heading on its path ("path", the
    default: a chapter called "Improving emotional wellbeing" governs its sub-sections),
    only the nearest one ("nearest"), or none ("none").
    """

    terms: TermList
    scope: Literal["sentence", "paragraph", "adjacent"] = Field(
        default="sentence",
        description="Where the context is looked for around a hit: its sentence, its "
        "paragraph, or `adjacent` (the sentence with the one before and the one after).",
    )
    headings: Annotated[Literal["path", "nearest", "none"], BeforeValidator(_headings_setting)] = (
        Field(
            default="path",
            description="Also look in the headings that govern the hit's sentence: every heading "
            "on its path (`path`, or true), the nearest one (`nearest`), or none (`none`, or "
            "false).",
        )
    )
    lead_in: bool = Field(
        default=True,
        description="For a hit in a list item, also look in the list's lead-in (the sentence "
        "that introduces the list, such as 'To support mental health we will:').",
    )
    inflect: bool = Field(
        default=True,
        description="Match the terms' inflected forms too (prevention: prevented, "
        "preventing); false matches them as written, with plural endings only.",
    )
    description: str | None = None


class Match(NamedTuple):
    """Where a term list matched in a document's text, and the label of the term (a tuple:
    a document has tens of thousands of them, made and read in the hottest loops)."""

    start: int
    end: int
    label: str


class DocIndex(Protocol):
    """What a rule kind may ask of one document (the engine's index provides it)."""

    @property
    def text(self) -> Text: ...

    @property
    def body_sentence_count(self) -> int: ...

    def find(self, terms: TermList, inflect: bool = True) -> list[Match]: ...

    def sentence_span(self, offset: int) -> tuple[int, int]: ...

    def paragraph_span(self, offset: int) -> tuple[int, int]: ...


class Candidate(NamedTuple):
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

    yields: ClassVar[tuple[Count, ...]] = ()
    """The counts this kind gives its criterion, besides those every criterion has (hits,
    commitments...): a rating condition can name each (a rule of the kind must then be
    among the criterion's), and results and `explain` show them (see the `share` kind)."""

    def measures(self, doc: DocIndex, counted: list[Candidate]) -> dict[str, float]:
        """The numbers of one document the kind's counts are made of, by keys of its own:
        summed over the criterion's rules and the plan's documents, then given to
        `counts`."""
        return {}

    @classmethod
    def counts(cls, measures: Mapping[str, float]) -> dict[str, float]:
        """The kind's counts (`yields`, by key) from the summed measures of a criterion;
        none when none of its rules gave measures."""
        return {}

    def term_lists(self) -> list[TermList]:
        """Every term list the rule matches (for checks and coverage reports)."""
        return []

    def own_terms(self) -> dict[str, TermList]:
        """The term lists whose matches are the rule's hits, by the key that holds each in
        the YAML: not a `near` rule's partners (usually a list shared on purpose) nor any
        exclusions. `rubric check` looks through these for repeated and shared terms, and
        `rubric audit` for labels no plan meets."""
        return {}

    def searched(self) -> dict[str, list[str]]:
        """What the rule looks for, in words, by part ('terms', 'near', ...), for `rubric show`
        and `explain`."""
        return {}
