"""A rubric as a readable tree: levels, domains, criteria with their rules, overall rating."""

from __future__ import annotations

from rich.tree import Tree

from ..base.safe import rich_text
from ..base.vocabulary import or_better
from ..engine.evidence import rule_name
from ..engine.rating import count
from ..rubric.model import Conditions, Criterion, RatingRule, Rubric
from ..rules import EvidenceRule, TermList
from ..rules.base import describe_terms


def describe_conditions(when: Conditions) -> str:
    """'at least 2 commitments and 2 pages with a commitment', or 'always'."""
    parts = []
    for key, value in when.model_dump(exclude_none=True).items():
        if key == "rules":
            parts.append(f"a hit of rule(s) {', '.join(value)}")
        else:
            parts.append(count(key).amount(value))
    return "at least " + " and ".join(parts) if parts else "always"


def _terms(terms: TermList) -> str:
    return rich_text("; ".join(describe_terms(terms)))


def _rule_tree(rule: EvidenceRule, index: int) -> Tree:
    kind = rule.kind  # type: ignore[attr-defined]
    node = Tree(f"[bold]{kind}[/bold] [dim]{rich_text(rule_name(rule, index))}[/dim]")
    for part, items in rule.searched().items():
        node.add(f"{rich_text(part)}: {rich_text('; '.join(items))}")
    if rule.context is not None:
        name = rule.context if isinstance(rule.context, str) else _terms(rule.context.terms)
        node.add(f"needs context: {rich_text(name)}")
    if rule.exclude:
        node.add(f"except overlapping: {_terms(rule.exclude)}")
    if rule.exclude_sentence:
        node.add(f"except in a sentence with: {_terms(rule.exclude_sentence)}")
    if not rule.negation:
        node.add("negation cues ignored")
    return node


def _rating(rule: RatingRule) -> str:
    text = f"[bold]{rich_text(rule.level)}[/bold] when {rich_text(describe_conditions(rule.when))}"
    return text + (f" [dim]({rich_text(rule.description)})[/dim]" if rule.description else "")


def _criterion_tree(criterion: Criterion, worst: str) -> Tree:
    head = f"[bold]{rich_text(criterion.title)}[/bold] [dim]{criterion.id}[/dim]"
    extras = []
    if criterion.weight != 1:
        extras.append(f"weight {criterion.weight:g}")
    if criterion.tags:
        extras.append("tags " + ", ".join(criterion.tags))
    node = Tree(head + (f" [dim]({'; '.join(extras)})[/dim]" if extras else ""))
    if criterion.question:
        node.add(f"[italic]{rich_text(criterion.question)}[/italic]")
    if criterion.derived:
        node.add(
            f"derived: counts criteria at {rich_text(or_better(criterion.derived.at_least))} among "
            + ", ".join(criterion.derived.from_)
        )
    if criterion.evidence:
        evidence = node.add("evidence")
        for index, rule in enumerate(criterion.evidence):
            evidence.add(_rule_tree(rule, index))
    rating = node.add("rating (first that holds)")
    for rating_rule in criterion.rating:
        rating.add(_rating(rating_rule))
    rating.add(f"[bold]{rich_text(worst)}[/bold] otherwise")
    examples = criterion.examples
    if examples.match or examples.no_match:
        node.add(f"examples: {len(examples.match)} must match, {len(examples.no_match)} must not")
    return node


def rubric_tree(rubric: Rubric) -> Tree:
    tree = Tree(
        f"[bold]{rich_text(rubric.title)}[/bold] [dim]{rubric.id} {rich_text(rubric.version)}[/dim]"
    )
    tree.add("levels (best first): " + ", ".join(rich_text(lv) for lv in rubric.levels))
    if rubric.contexts:
        contexts = tree.add("contexts")
        for name, context in rubric.contexts.items():
            contexts.add(f"{name} ({context.scope}): {_terms(context.terms)}")
    worst = rubric.levels[-1]
    for domain in rubric.domains:
        branch = tree.add(f"[bold]{rich_text(domain.title)}[/bold] [dim]{domain.id}[/dim]")
        for criterion in domain.criteria:
            branch.add(_criterion_tree(criterion, worst))
    spec = rubric.overall
    overall = tree.add("[bold]overall[/bold]")
    overall.add("points: " + ", ".join(f"{rich_text(k)} {v:g}" for k, v in spec.points.items()))
    overall.add(
        "thresholds (weighted score 0..1): "
        + ", ".join(f"{rich_text(k)} {v:g}" for k, v in spec.thresholds.items())
    )
    for cond in spec.conditions:
        named = ", ".join([*cond.criteria, *(f"tag {t}" for t in cond.tags)])
        overall.add(
            f"{rich_text(cond.level)} only if {named} at {rich_text(or_better(cond.at_least))}"
        )
    return tree
