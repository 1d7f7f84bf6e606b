"""Evidence rule kinds: one module each, holding its schema and its matcher.

The discriminated union below is the registry: add a kind by writing its module and
adding its class here.
"""

from typing import Annotated

from pydantic import Field

from .base import Candidate, Context, DocIndex, EvidenceRule, Match, Term, TermList, term_entries
from .near import NearRule
from .regex import RegexRule
from .share import ShareRule
from .terms import TermsRule

Rule = Annotated[TermsRule | NearRule | ShareRule | RegexRule, Field(discriminator="kind")]

__all__ = [
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
    "term_entries",
]
