"""Why a plan got its ratings: every hit in context, every voided hit and why, the rule.

For one criterion: each counted hit (page, rule, term, strength and the cue that set it)
with the match in its sentence, each hit voided by negation, a missing context, an
exclusion or its place, the rating rules as checked against the counts (which one
decided), what the nearest better level still needed, and at the worst level what was
searched for. Pages whose extracted text looks poor are flagged, since a criterion can
be missed because its text could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.errors import UserError, did_you_mean
from ..base.vocabulary import NOT_ASSESSABLE, is_commitment, or_better, pages_without_text
from ..engine import PreparedDocument, Scorer
from ..engine.evidence import context_of, rule_name
from ..engine.hits import Hit
from ..engine.index import DocIndex
from ..engine.rating import (
    Counts,
    checks,
    derived_sources,
    nearest_better,
    rate,
    rating_rules,
    shortfall,
)
from ..engine.scoring import context_place, document_result
from ..engine.textpages import mostly_without_text
from ..extract.quality import PageFlag, poor_pages
from ..plans import PlanSpec, discover
from ..report.cite import cite, page
from ..results import CriterionResult, DocumentResult, PlanResult, Results
from ..rubric.model import Criterion, Rubric
from ..rules import term_entries
from ..run import ReadOptions
from ..run.cache import TextCache
from ..run.documents import read_limited
from ..suggest import Suggestion

if TYPE_CHECKING:
    from ..review.overrides import Overrides

WIDTH = 70  # characters of context each side of a match


@dataclass(frozen=True)
class HitView:
    """A hit with its keyword-in-context: `before`, `match`, `after` within its sentence."""

    document: str
    page: int
    page_label: str | None
    section: str
    rule: str
    terms: list[str]
    before: str
    match: str
    after: str
    strength: str | None = None  # counted hits only
    cue: str | None = None
    void: str | None = None  # voided hits only: why
    context_from: str | None = None  # counted hits whose context is not in their sentence


@dataclass(frozen=True)
class RuleCheck:
    """One rating rule checked against the counts."""

    number: int  # 1-based, as a reader counts the rules in the YAML
    level: str
    conditions: list[tuple[str, bool]]
    held: bool
    decided: bool
    description: str | None = None


@dataclass(frozen=True)
class Searched:
    """What one evidence rule looks for (shown when nothing counted)."""

    rule: str
    kind: str
    terms: list[str]
    context: str | None
    exclude: list[str]


@dataclass(frozen=True)
class Source:
    """A criterion a derived criterion counts, and whether it reaches the level needed."""

    criterion: str
    rating: str
    covered: bool


@dataclass(frozen=True)
class SetAside:
    """An evidence sentence that enough other plans of the run also hold to be set aside."""

    document: str
    page: int
    page_label: str | None
    quote: str
    shared_with: list[str]


@dataclass(frozen=True)
class Discounted:
    """A criterion rated again without the evidence sentences shared with `others` or more
    other plans of the run (`score --discount-shared`)."""

    others: int
    rating: str
    reason: str
    set_aside: list[SetAside]


@dataclass
class CriterionExplanation:
    id: str
    title: str
    rating: str
    reason: str
    decided_by: str
    counts: dict[str, float | int | None]
    rules: list[RuleCheck]
    hits: list[HitView] = field(default_factory=list)
    voided: list[HitView] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    searched: list[Searched] = field(default_factory=list)
    derived_from: list[Source] = field(default_factory=list)
    review: dict[str, str] | None = None  # a reviewer's rating, who, when and why
    # with --discount-shared: the rating without the sentences other plans also hold
    discounted: Discounted | None = None
    # at the worst level, with the suggest extra: unmatched sentences closest in meaning
    possibly_missed: list[Suggestion] = field(default_factory=list)

    @property
    def top(self) -> bool:
        return not self.missing


@dataclass
class DocumentView:
    path: str
    pages: int
    warnings: list[str]
    poor_pages: list[PageFlag]
    text_missing: str | None = None  # `11 of 12 pages have no text (not assessable)`


@dataclass
class PlanExplanation:
    plan: str
    title: str
    levels: list[str]
    overall: dict[str, str | float | None]
    documents: list[DocumentView]
    criteria: list[CriterionExplanation]


def select_plan(
    path: Path | list[Path], plan_id: str | None = None, *, allow_outside: bool = False
) -> PlanSpec:
    """The one plan the paths name (a file, or folders and manifests with `plan_id`)."""
    paths = path if isinstance(path, list) else [path]
    where = ", ".join(map(str, paths))
    specs, errors = discover(paths, allow_outside=allow_outside)
    if errors and not specs:
        raise UserError(f"{errors[0].path}: {errors[0].message}")
    known = [s.id for s in specs]
    if plan_id is not None:
        for spec in specs:
            if spec.id == plan_id:
                return spec
        raise UserError(
            f"no plan {plan_id!r} in {where}{did_you_mean(plan_id, known)}"
            + (f" (plans: {', '.join(known)})" if len(known) <= 10 else "")
        )
    if len(specs) != 1:
        names = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "") or "none"
        raise UserError(f"{where} holds {len(specs)} plans; choose one with --plan ({names})")
    return specs[0]


def check_criteria(rubric: Rubric, ids: list[str]) -> None:
    """A UserError for the first id that is not one of the rubric's criteria, with the
    nearest id (before any document is read)."""
    known = [c.id for c in rubric.criteria]
    for wanted in ids:
        if wanted not in known:
            raise UserError(
                f"no criterion {wanted!r} in rubric {rubric.id}{did_you_mean(wanted, known)}; "
                "`pmh-assess rubric show RUBRIC` lists its criteria"
            )


class Explainer:
    """Explains one plan's ratings; the documents are read and matched once."""

    def __init__(
        self,
        spec: PlanSpec,
        rubric: Rubric,
        *,
        password: str | None = None,
        cache: TextCache | None = None,
        scorer: Scorer | None = None,
        documents: list[PreparedDocument] | None = None,
        read: ReadOptions | None = None,
        keep: bool = True,
        workers: int | None = None,
    ) -> None:
        """`documents`: the plan's documents already read; else they are read here, as
        `read` (or just a `password`), `keep`, `cache` and `workers` say (see
        `read_limited`)."""
        self.spec = spec
        self.rubric = rubric
        self.scorer = scorer or Scorer(rubric)
        self.documents: list[PreparedDocument] = documents or read_limited(
            spec.documents,
            read or ReadOptions(password=password),
            cache=cache,
            keep=keep,
            workers=workers,
        )
        self.indexes = [self.scorer.index(d) for d in self.documents]
        self.by_doc = {d.document: d for d in self.indexes}

    @cached_property
    def read(self) -> list[DocumentResult]:
        """What the results say of each document: its pages and those without text."""
        return [document_result(d) for d in self.documents]

    @cached_property
    def unread_reason(self) -> str:
        """`Not assessable: 11 of 12 pages have no text` (for a plan that is)."""
        missing = sum(len(d.pages_without_text) for d in self.read)
        return f"{NOT_ASSESSABLE}: {pages_without_text(missing, sum(d.pages for d in self.read))}"

    @cached_property
    def unread(self) -> str | None:
        """Why no criterion of the plan has a level, when its text is mostly missing."""
        if not mostly_without_text([(len(d.pages_without_text), d.pages) for d in self.read]):
            return None
        said = self.unread_reason.removeprefix(f"{NOT_ASSESSABLE}: ")
        return (
            f"not assessable: {said}, so no level is given (the rules below are "
            "applied to the text there is, for reading only)"
        )

    @cached_property
    def result(self) -> PlanResult:
        """The plan scored (worked out when first needed)."""
        return self.scorer.score_plan(self.spec, self.documents)

    def criterion(self, criterion_id: str, *, hits: bool = True) -> CriterionExplanation:
        """The criterion explained; without `hits`, the rating, rules and what was missing
        only (the hits in context are the slow part)."""
        check_criteria(self.rubric, [criterion_id])
        criterion = self.rubric.criterion(criterion_id)
        if criterion.derived is not None:
            return self._derived(criterion, self.result.criterion(criterion.id))
        counted, voided, measures = self.scorer.hits(criterion, self.indexes)
        counts = self.scorer.counts(counted, measures, self.by_doc)
        rating = rate(criterion, counts, self.rubric)
        rules = self._rules(criterion, counts, rating.rule)
        worst = rating.level == self.rubric.levels[-1]
        # with the text mostly missing, the rules' verdict on the text there is is shown
        # for reading, and the rating is not assessable
        shown = replace(rating, level=NOT_ASSESSABLE, reason=self.unread_reason)
        return CriterionExplanation(
            id=criterion.id,
            title=criterion.title,
            rating=(shown if self.unread else rating).level,
            reason=(shown if self.unread else rating).reason,
            decided_by=self.unread or _decided_by(rules, rating.level, counts.marginal),
            counts=_counts(counts),
            rules=rules,
            hits=[self._view(h, self._context_from(criterion, h)) for h in counted] if hits else [],
            voided=[self._view(h) for h in voided if h.document] if hits else [],  # kept ones
            missing=self._missing(criterion, counts, rating.rule, rating.level, counted, voided),
            searched=self._searched(criterion) if worst else [],
        )

    def searched(self, criterion_id: str) -> list[Searched]:
        """What the criterion's rules look for, whatever its rating (derived: nothing)."""
        criterion = self.rubric.criterion(criterion_id)
        return [] if criterion.derived is not None else self._searched(criterion)

    def plan(self, criteria: list[str] | None = None) -> PlanExplanation:
        ids = criteria or [c.id for c in self.rubric.criteria]
        overall = self.result.overall
        return PlanExplanation(
            plan=self.spec.id,
            title=self.spec.title,
            levels=list(self.rubric.levels),
            overall={"rating": overall.rating, "score": overall.score, "reason": overall.reason},
            documents=[
                DocumentView(
                    d.document.path,
                    len(d.document.pages),
                    list(d.document.warnings),
                    poor_pages(d.document.pages),
                    r.text_note(),
                )
                for d, r in zip(self.documents, self.read, strict=True)
            ],
            criteria=[self.criterion(cid) for cid in ids],
        )

    def _context_from(self, criterion: Criterion, hit: Hit) -> str | None:
        """Where a counted hit's required context was found, when not in its sentence:
        "heading 'Improving emotional wellbeing', p. 12", "the list's lead-in '...'"."""
        doc = self.by_doc[hit.document]
        place = context_place(doc, hit)
        if place is None:
            return None
        s = doc.text.sentences[hit.context]
        words = doc.text.sentence_text(hit.context)
        words = words if len(words) <= 80 else words[:79].rstrip() + "…"
        where = page(s.page, s.page_label, hit.document)
        if place == "heading":
            return f"heading {words!r}, {where}"
        if place == "lead-in":
            return f"the list's lead-in {words!r}, {where}"
        return f"a nearby sentence, {where}"

    def _view(self, hit: Hit, context_from: str | None = None) -> HitView:
        doc = self.by_doc[hit.document]
        sentence = doc.text.sentences[hit.sentence]
        before, match, after = kwic(doc, hit)
        return HitView(
            document=hit.document,
            page=sentence.page,
            page_label=sentence.page_label,
            section=sentence.section,
            rule=hit.rule,
            terms=list(hit.labels),
            before=before,
            match=match,
            after=after,
            strength=None if hit.void else hit.strength,
            cue=None if hit.void else hit.cue,
            void=hit.void,
            context_from=context_from,
        )

    def _rules(self, criterion: Criterion, counts: Counts, decided: int | None) -> list[RuleCheck]:
        out = []
        for i, rule in enumerate(rating_rules(criterion, counts, self.rubric)):
            found = checks(rule.when, counts)
            out.append(
                RuleCheck(
                    number=i + 1,
                    level=rule.level,
                    conditions=[(c.describe(), c.ok) for c in found],
                    held=all(c.ok for c in found),
                    decided=i == decided,
                    description=rule.description,
                )
            )
        return out

    def _missing(
        self,
        criterion: Criterion,
        counts: Counts,
        decided: int | None,
        level: str,
        counted: list[Hit],
        voided: list[Hit],
    ) -> list[str]:
        """The nearest miss in words, with the facts a reviewer needs to check it."""
        rules = rating_rules(criterion, counts, self.rubric)
        upto = len(rules) if decided is None else decided
        nearest = nearest_better(rules, upto, level, counts, self.rubric)
        if nearest is None:
            return []
        rule, failing = nearest
        lines = [f"{rule.level} needs " + "; ".join(shortfall(c) for c in failing)]
        pages = self._pages(counted)
        strong = self._pages([h for h in counted if is_commitment(h.strength)])
        for check in failing:
            more = _more(check.needed, check.actual)
            if check.key == "commitment_pages":
                lead = (
                    "a commitment on 1 more page"
                    if more == 1
                    else (f"commitments on {more} more pages")
                )
                now = f"commitments now on {', '.join(strong)}" if strong else "no commitment yet"
                lines.append(f"{lead} would make it {rule.level} ({now})")
            elif check.key == "pages":
                lines.append(
                    f"hits on {_n(more, 'more page')} would make it {rule.level} "
                    f"(hits now on {', '.join(pages) or 'no page'})"
                )
            elif check.key == "commitments":
                mentions = sum(1 for h in counted if not is_commitment(h.strength))
                lines.append(
                    f"{_n(more, 'more commitment')} ('we will...', a funded action or a "
                    f"target) would make it {rule.level}; {_n(mentions, 'hit')} "
                    "counted only as mention"
                )
            elif check.key == "targets":
                lines.append(
                    f"{_n(more, 'more measurable target')} (a quantity and a date, e.g. "
                    f"'by 10% by 2028') would make it {rule.level}"
                )
        if voided:
            reasons: dict[str, int] = {}
            for h in voided:
                reasons[h.void or ""] = reasons.get(h.void or "", 0) + 1
            said = ", ".join(f"{reason} ({n})" for reason, n in sorted(reasons.items()))
            lines.append(f"{_n(len(voided), 'hit')} voided and not counted: {said}")
        return lines

    def _pages(self, hits: list[Hit]) -> list[str]:
        multi = len(self.indexes) > 1
        seen: dict[tuple[str, int], str] = {}
        for h in hits:
            sentence = self.by_doc[h.document].text.sentences[h.sentence]
            where = (cite if multi else _page_of)(h.document, sentence.page, sentence.page_label)
            seen.setdefault((h.document, sentence.page), where)
        return [seen[k] for k in sorted(seen)]

    def _searched(self, criterion: Criterion) -> list[Searched]:
        out = []
        for i, rule in enumerate(criterion.evidence):
            terms = [item for items in rule.searched().values() for item in items]
            context = context_of(rule, self.rubric)
            context_name = None
            if context is not None:
                name = rule.context if isinstance(rule.context, str) else "inline"
                words = [label for label, _ in term_entries(context.terms)]
                context_name = f"{name}: {', '.join(words)} (same {context.scope})"
            out.append(
                Searched(
                    rule=rule_name(rule, i),
                    kind=rule.kind,
                    terms=terms,
                    context=context_name,
                    exclude=[label for label, _ in term_entries(rule.exclude)],
                )
            )
        return out

    def _derived(self, criterion: Criterion, result: CriterionResult) -> CriterionExplanation:
        assert criterion.derived is not None
        ratings = {cid: self.result.criterion(cid).rating for cid in criterion.derived.from_}
        sources = [Source(*s) for s in derived_sources(self.rubric, criterion, ratings)]
        covered = sum(1 for s in sources if s.covered)
        counts = Counts(covered=covered)
        rating = rate(criterion, counts, self.rubric)
        rules = self._rules(criterion, counts, rating.rule)
        missing = []
        if rating.missing:
            short = [s.criterion for s in sources if not s.covered]
            missing = [
                rating.missing,
                f"not yet {or_better(criterion.derived.at_least)}: {', '.join(short)}",
            ]
        return CriterionExplanation(
            id=criterion.id,
            title=criterion.title,
            rating=result.rating,
            reason=result.reason,
            decided_by=self.unread or _decided_by(rules, result.rating),
            counts={"covered": covered, "of": len(sources)},
            rules=rules,
            missing=missing,
            derived_from=sources,
        )


def _page_of(document: str, number: int, label: str | None) -> str:
    return page(number, label, document)


def kwic(doc: DocIndex, hit: Hit, width: int = WIDTH) -> tuple[str, str, str]:
    """The match and up to `width` characters of its sentence each side, cut at words."""
    s = doc.text.sentences[hit.sentence]
    text = doc.text.text
    before = text[s.start : hit.start]
    after = text[hit.end : s.end]
    if len(before) > width:
        cut = before[-width:]
        before = "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut
    if len(after) > width:
        cut = after[:width]
        after = (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
    return before, text[hit.start : hit.end], after


def _decided_by(rules: list[RuleCheck], level: str, marginal: str | None = None) -> str:
    for r in rules:
        if r.decided:
            said = ", ".join(text for text, _ in r.conditions) or "no conditions"
            return f"rating rule {r.number} ({r.level}): {said}"
    why = f"; {marginal}, so every level above it needs more than a passing mention"
    return f"no rating rule held, so the worst level ({level})" + (why if marginal else "")


def _counts(counts: Counts) -> dict[str, float | int | None]:
    out: dict[str, float | int | None] = {
        "hits": counts.hits,
        "pages": counts.pages,
        "terms": counts.terms,
        "sentences": counts.sentences,
        "commitments": counts.commitments,
        "commitment_pages": counts.commitment_pages,
        "targets": counts.targets,
        "documents": counts.documents,
    }
    out.update((key, round(value, 4)) for key, value in counts.yielded.items())
    return out


def _more(needed: object, actual: float) -> int:
    return int(needed) - int(actual) if isinstance(needed, int | float) else 1


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def with_reviews(explanation: PlanExplanation, reviews: Overrides) -> PlanExplanation:
    """The explanation with each criterion's reviewer rating, if any, beside the machine's."""
    criteria = []
    for c in explanation.criteria:
        entry = reviews.get(explanation.plan, c.id)
        review = None
        if entry is not None:
            review = {"rating": entry.rating, "reviewer": entry.reviewer or "", "note": entry.note}
            review["date"] = entry.date or ""
        criteria.append(replace(c, review=review))
    return replace(explanation, criteria=criteria)


def with_discount(
    explanation: PlanExplanation, results: Results, rubric: Rubric, others: int
) -> PlanExplanation:
    """The explanation with, for each criterion that moves or loses evidence, its rating
    without the evidence sentences that `others` or more other plans of the run hold.

    `results` is the run, scored with every evidence sentence kept and its shared text
    marked (as `score --discount-shared` scores it); the explained plan is among them."""
    from ..run.shared import discount_shared

    plan = next((p for p in results.plans if p.id == explanation.plan), None)
    if plan is None:
        return explanation
    after = discount_shared(
        results.model_copy(update={"plans": [plan]}), rubric, others=others
    ).plans[0]
    criteria = []
    for c in explanation.criteria:
        before, now = plan.criterion(c.id), after.criterion(c.id)
        aside = [
            SetAside(e.document, e.page, e.page_label, e.quote, list(e.shared_with))
            for e in before.evidence
            if len(e.shared_with) >= others
        ]
        if aside or now.rating != before.rating:
            c = replace(c, discounted=Discounted(others, now.rating, now.reason, aside))
        criteria.append(c)
    overall = dict(explanation.overall)
    if after.overall.rating != plan.overall.rating or after.overall.score != plan.overall.score:
        overall["without_shared"] = after.overall.rating
        overall["without_shared_score"] = after.overall.score
    return replace(explanation, criteria=criteria, overall=overall)


__all__ = [
    "CriterionExplanation",
    "Discounted",
    "Explainer",
    "HitView",
    "PlanExplanation",
    "Searched",
    "SetAside",
    "check_criteria",
    "kwic",
    "select_plan",
    "with_discount",
    "with_reviews",
]
