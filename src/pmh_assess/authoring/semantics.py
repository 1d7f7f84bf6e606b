"""Problems a schema cannot see: dead rating rules, levels nothing gives, repeated ids and terms.

Each problem is an `Issue` at a YAML path (`("domains", 0, "criteria", 2, "rating", 1)`),
which the checker turns into a line number. Rating rules are tried in order and the first
that holds wins, so a rule is dead when an earlier rule needs no more than it does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..engine.rating import CONDITION_COUNTS
from ..rubric.model import Conditions, Criterion, RatingRule, Rubric
from ..rules import KIND_COUNTS, EvidenceRule, RegexRule, TermList
from ..rules.patterns import ACRONYM, term_regex
from .findings import Severity

Loc = tuple[str | int, ...]
MAX_LISTED = 5  # shared terms named in one warning


@dataclass(frozen=True)
class Issue:
    loc: Loc
    severity: Severity
    code: str
    message: str


def criteria_with_locs(rubric: Rubric) -> Iterator[tuple[Loc, Criterion]]:
    for di, domain in enumerate(rubric.domains):
        for ci, criterion in enumerate(domain.criteria):
            yield ("domains", di, "criteria", ci), criterion


def semantic_issues(rubric: Rubric) -> list[Issue]:
    return [*duplicate_ids(rubric), *rating_issues(rubric), *duplicate_terms(rubric)]


def duplicate_ids(rubric: Rubric) -> Iterator[Issue]:
    """Domain ids and evidence rule ids (criterion ids are the loader's job)."""
    domains: set[str] = set()
    for di, domain in enumerate(rubric.domains):
        if domain.id in domains:
            yield Issue(
                ("domains", di, "id"), "error", "duplicate-id", f"duplicate domain id {domain.id!r}"
            )
        domains.add(domain.id)
    for loc, criterion in criteria_with_locs(rubric):
        seen: set[str] = set()
        for ri, rule in enumerate(criterion.evidence):
            if rule.id and rule.id in seen:
                yield Issue(
                    (*loc, "evidence", ri, "id"),
                    "error",
                    "duplicate-id",
                    f"duplicate evidence rule id {rule.id!r} in criterion {criterion.id!r}",
                )
            if rule.id:
                seen.add(rule.id)


# --- rating rules -------------------------------------------------------------------------


def floors(when: Conditions) -> dict[str, float]:
    """The least each count can be whenever `when` holds; counts bound each other
    (a target is a commitment, a commitment is a hit, every page with a hit has one)."""
    f = {key: float(getattr(when, key) or 0) for key in CONDITION_COUNTS}
    rules = set(when.rules or [])
    f["commitments"] = max(f["commitments"], f["commitment_pages"], f["targets"])
    f["pages"] = max(f["pages"], f["commitment_pages"], f["documents"])
    f["sentences"] = max(f["sentences"], f["pages"], f["commitments"])
    f["hits"] = max(f["hits"], f["sentences"], f["terms"], len(rules))
    if any(f[key] > 0 for key, (count, _) in KIND_COUNTS.items() if count.from_hits):
        f["hits"] = max(f["hits"], 1.0)
    return f


def implies(stronger: Conditions, weaker: Conditions) -> bool:
    """True when every plan meeting `stronger` also meets `weaker`."""
    have = floors(stronger)
    for key in CONDITION_COUNTS:
        needed = getattr(weaker, key)
        if needed is not None and have[key] < needed:
            return False
    return set(weaker.rules or []) <= set(stronger.rules or [])


def unconditional(when: Conditions) -> bool:
    return implies(Conditions(), when)


def _describe(rule: RatingRule, index: int) -> str:
    return f"rating rule {index + 1} ({rule.level})"


def dead_rule(rubric: Rubric, criterion: Criterion, j: int) -> Issue | None:
    """Why rating rule `j` can never decide a rating, if it cannot."""
    loc: Loc = ("rating", j)
    rule = criterion.rating[j]
    if criterion.derived and (rule.when.covered or 0) > len(criterion.derived.from_):
        return Issue(
            loc,
            "error",
            "unreachable-rule",
            f"{_describe(rule, j)} can never apply: it needs {rule.when.covered} criteria "
            f"covered but the criterion derives from {len(criterion.derived.from_)}",
        )
    for i, earlier in enumerate(criterion.rating[:j]):
        if not implies(rule.when, earlier.when):
            continue
        first, this = _describe(earlier, i), _describe(rule, j)
        if unconditional(earlier.when):
            return Issue(
                loc,
                "error",
                "unreachable-rule",
                f"{this} can never apply: {first} before it always applies",
            )
        same = implies(earlier.when, rule.when)
        if same and earlier.level == rule.level:
            return Issue(
                loc, "warning", "redundant-rule", f"{this} repeats {first}: remove one of them"
            )
        if same:
            return Issue(
                loc,
                "error",
                "contradiction",
                f"{this} has the same conditions as {first}, which gives {earlier.level}: "
                "the two rules contradict each other and only the first can apply",
            )
        if rubric.rank(rule.level) < rubric.rank(earlier.level):
            return Issue(
                loc,
                "error",
                "contradiction",
                f"{this} can never apply: {first} needs no more than it does and comes first, "
                f"so a plan that earns {rule.level} gets {earlier.level}; "
                "put the better level first",
            )
        return Issue(
            loc,
            "error" if earlier.level != rule.level else "warning",
            "unreachable-rule" if earlier.level != rule.level else "redundant-rule",
            f"{this} can never apply: {first} needs no more than it does and comes first",
        )
    return None


PAGE_COUNTS = ("pages", "commitment_pages")


def page_based(rule: RatingRule, index: int) -> Issue | None:
    """A condition that counts physical pages: the same text gives a different rating when
    it is printed on smaller pages, in a larger font or as one web page."""
    keys = [key for key in PAGE_COUNTS if getattr(rule.when, key) is not None]
    if not keys:
        return None
    named = ", ".join(f"`{key}`" for key in keys)
    return Issue(
        ("rating", index, "when", keys[0]),
        "warning",
        "page-based",
        f"{_describe(rule, index)} counts {named}: it depends on page size and font, so the "
        "same text rates differently as a PDF, a web page or a Word file; prefer "
        "`commitments`, `terms`, `hits`, `targets` or `rules` (e.g. "
        "`{commitments: 2, terms: 2}` for 'committed to in more than one place')",
    )


def rating_issues(rubric: Rubric) -> Iterator[Issue]:
    """Dead rating rules, and declared levels that no criterion can be given."""
    given: set[str] = set()
    for loc, criterion in criteria_with_locs(rubric):
        always = False
        for j, rule in enumerate(criterion.rating):
            if rule.level not in rubric.levels:
                continue  # reported by the loader
            paged = page_based(rule, j)
            if paged is not None:
                yield Issue((*loc, *paged.loc), paged.severity, paged.code, paged.message)
            issue = dead_rule(rubric, criterion, j)
            if issue is not None:
                yield Issue((*loc, *issue.loc), issue.severity, issue.code, issue.message)
                continue
            given.add(rule.level)
            always = always or unconditional(rule.when)
        if not always:
            given.add(rubric.levels[-1])  # what a criterion gets when no rule holds
    for index, level in enumerate(rubric.levels):
        if level not in given:
            yield Issue(
                ("levels", index),
                "error",
                "unreachable-level",
                f"level {level!r} can never be given: no rating rule of any criterion "
                "that can apply gives it"
                + (
                    " and every criterion has a rule that always applies"
                    if index == len(rubric.levels) - 1
                    else ""
                ),
            )


# --- terms --------------------------------------------------------------------------------


def term_places(terms: TermList) -> Iterator[tuple[str, str, Loc]]:
    """(label, variant, path below the term list) for every variant of a term list."""
    if isinstance(terms, dict):
        for label, variants in terms.items():
            if isinstance(variants, str):
                yield label, variants, (label,)
            else:
                for vi, variant in enumerate(variants):
                    yield label, variant, (label, vi)
    else:
        for ti, term in enumerate(terms):
            yield term, term, (ti,)


def _normal(term: str) -> str:
    """What a term matches: hyphens and spaces alike, case too except for acronyms."""
    words = re.split(r"[\s\-\u2013\u2014]+", term.strip())
    return " ".join(w if ACRONYM.match(w) else w.lower() for w in words)


def declared_overlaps(rubric: Rubric) -> set[frozenset[str]]:
    """Pairs of criteria that share terms on purpose (declared on either side)."""
    return {frozenset((c.id, other)) for c in rubric.criteria for other in c.overlaps}


def duplicate_terms(rubric: Rubric) -> Iterator[Issue]:
    """A term listed twice in one rule (one copy is dead), or terms of one criterion that
    another criterion also lists (a sentence then counts for both): one warning per pair,
    unless either criterion declares the other in `overlaps`. A declared overlap whose
    criteria share no term is stale, and is reported too."""
    declared = declared_overlaps(rubric)
    keys: dict[str, set[str]] = {}
    owner: dict[str, str] = {}
    for loc, criterion in criteria_with_locs(rubric):
        shared: dict[str, tuple[Loc, list[str]]] = {}
        mine: set[str] = set()
        for ri, rule in enumerate(criterion.evidence):
            for field, terms in rule.own_terms().items():
                for variant, sub, message in _repeats(terms):
                    yield Issue(
                        (*loc, "evidence", ri, field, *sub),
                        "warning",
                        "duplicate-term",
                        f"term {variant!r} in {criterion.id!r} {message}: remove it",
                    )
                for _, variant, sub in term_places(terms):
                    key = _normal(variant)
                    here: Loc = (*loc, "evidence", ri, field, *sub)
                    other = owner.get(key)
                    if other is not None and other != criterion.id and key not in mine:
                        shared.setdefault(other, (here, []))[1].append(variant)
                    mine.add(key)
        for key in mine:
            owner.setdefault(key, criterion.id)
        keys[criterion.id] = mine
        for other, (here, variants) in shared.items():
            if frozenset((criterion.id, other)) in declared:
                continue
            listed = ", ".join(repr(v) for v in variants[:MAX_LISTED])
            more = f" and {len(variants) - MAX_LISTED} more" if len(variants) > MAX_LISTED else ""
            yield Issue(
                here,
                "warning",
                "duplicate-term",
                f"criterion {criterion.id!r} shares {len(variants)} term(s) with {other!r} "
                f"({listed}{more}): one sentence counts for both",
            )

    for loc, criterion in criteria_with_locs(rubric):
        for oi, other in enumerate(criterion.overlaps):
            if other in keys and other != criterion.id and not keys[criterion.id] & keys[other]:
                yield Issue(
                    (*loc, "overlaps", oi),
                    "warning",
                    "stale-overlap",
                    f"criterion {criterion.id!r} declares an overlap with {other!r} but shares "
                    "no term with it: remove it from `overlaps`",
                )


def _repeats(terms: TermList) -> Iterator[tuple[str, Loc, str]]:
    """Variants of one rule that can never give a hit of their own."""
    seen: dict[str, str] = {}
    by_label: dict[str, list[str]] = {}
    for label, variant, sub in term_places(terms):
        key = _normal(variant)
        if key in seen:
            same = "" if seen[key] == variant else f" as {seen[key]!r}"
            yield (
                variant,
                sub,
                (
                    f"matches the same text{same} earlier in this rule "
                    "(hyphens, spaces and case match alike)"
                ),
            )
        elif "*" not in variant and (
            cover := next(
                (e for e in by_label.get(label, []) if re.fullmatch(term_regex(e, False), variant)),
                None,
            )
        ):
            yield (
                variant,
                sub,
                (
                    f"is already matched by {cover!r} under the same label "
                    "(plural and possessive endings are included)"
                ),
            )
        seen.setdefault(key, variant)
        by_label.setdefault(label, []).append(variant)


def rule_labels(rule: EvidenceRule) -> list[tuple[str, Loc]]:
    """The labels of a rule's own terms (not a `near` rule's partners, which are usually a
    shared list), each with the place below the rule of its first variant."""
    if isinstance(rule, RegexRule):
        return [(label, ("patterns", label)) for label in rule.patterns]
    out: dict[str, Loc] = {}
    for field, terms in rule.own_terms().items():
        for label, _, sub in term_places(terms):
            out.setdefault(label, (field, *sub[:1]))
    return list(out.items())
