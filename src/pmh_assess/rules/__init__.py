"""Evidence rule kinds: one module each, holding its schema and its matcher.

The discriminated union below is the registry: add a kind by writing its module and
adding its class here. What the kinds yield besides hits (their counts) is read from it.
"""

from collections.abc import Mapping
from typing import Annotated, get_args

from pydantic import Field

from ..base.vocabulary import Count
from .base import Candidate, Context, DocIndex, EvidenceRule, Match, Term, TermList, term_entries
from .near import NearRule
from .regex import RegexRule
from .share import ShareRule
from .terms import TermsRule

Rule = Annotated[TermsRule | NearRule | ShareRule | RegexRule, Field(discriminator="kind")]

KINDS: tuple[type[EvidenceRule], ...] = get_args(get_args(Rule)[0])
"""The kinds of the union, in its order."""


def kind_name(kind: type[EvidenceRule]) -> str:
    """The name a rubric gives a kind (`kind: share`)."""
    name: str = get_args(kind.model_fields["kind"].annotation)[0]
    return name


KIND_COUNTS: dict[str, tuple[Count, str]] = {
    count.key: (count, kind_name(kind)) for kind in KINDS for count in kind.yields
}
"""The counts the kinds yield, by key, each with the name of the kind that gives it."""

YIELDING = tuple(kind for kind in KINDS if kind.yields)


def kind_counts(measures: Mapping[str, float]) -> dict[str, float]:
    """The counts the kinds make of a criterion's measures (summed over its rules and the
    plan's documents), in the union's order: those of the kinds among its rules."""
    return {key: value for kind in YIELDING for key, value in kind.counts(measures).items()}


__all__ = [
    "KINDS",
    "KIND_COUNTS",
    "Candidate",
    "Context",
    "DocIndex",
    "EvidenceRule",
    "Match",
    "NearRule",
    "RegexRule",
    "Rule",
    "ShareRule",
    "Term",
    "TermList",
    "TermsRule",
    "kind_counts",
    "kind_name",
    "term_entries",
]
