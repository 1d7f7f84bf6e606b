"""A rubric applied to prepared documents: criteria matched and rated, then the plan.

Pure: no processes, files or cache (see `run/` for those).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..base.vocabulary import NOT_ASSESSABLE, STRENGTH_RANK, assessable
from ..base.vocabulary import pages_without_text as describe_missing
from ..extract import Document
from ..extract.plaintext import split_pages
from ..plans import PlanSpec
from ..results import (
    ContextSource,
    CriterionResult,
    DerivedInfo,
    DocumentResult,
    DomainInfo,
    Evidence,
    GroupInfo,
    OverallResult,
    PlanResult,
    RubricInfo,
    Voided,
)
from ..rubric.model import Criterion, Rubric, derived_order
from ..rules import kind_counts
from ..text import Text, prepare
from .automaton import TermMatcher
from .evidence import context_of, criterion_evidence
from .hits import DocEvidence, Hit
from .index import Cues, DocIndex
from .rating import Counts, Mark, Rating, derived_sources, overall, rate, tally
from .textpages import mostly_without_text, pages_without_text

QUOTE_LIMIT = 400


@dataclass
class PreparedDocument:
    """A document's pages and prepared text, and (when worked out ahead) its evidence.

    Documents read for scoring, with their evidence, come without the text of their pages
    (`Page.text` is empty): rating and quoting use only the prepared text."""

    document: Document
    text: Text
    evidence: dict[str, DocEvidence] | None = None  # by criterion id, when worked out ahead
    marginal: tuple[int, int] | None = None
    """Its body words and body sentences with the rubric's marginal context, when worked out
    ahead with its evidence (`Scorer.marginal_counts`): rating needs no pass over its text."""


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # slow to import; rarely needed

    try:
        return version("pmh-assess")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0+unknown"


def rubric_info(rubric: Rubric, sha256: str = "") -> RubricInfo:
    """What results say of the rubric that rated them; `sha256` names its file (the
    loader's `Rubric.sha256`), or is empty when there is none to name."""
    return RubricInfo(
        id=rubric.id,
        version=rubric.version,
        title=rubric.title,
        sha256=sha256,
        levels=list(rubric.levels),
        colours=dict(rubric.colours),
        domains=[DomainInfo(id=d.id, title=d.title) for d in rubric.domains],
        groups=[GroupInfo(tag=g.tag, title=g.title) for g in rubric.groups],
        derived=[
            DerivedInfo(
                id=c.id,
                sources=list(c.derived.from_),
                at_least=c.derived.at_least,
                needs={r.level: r.when.covered for r in c.rating if r.when.covered is not None},
            )
            for c in rubric.criteria
            if c.derived is not None
        ],
    )


def prepare_text(text: str, name: str = "<text>") -> PreparedDocument:
    """A piece of text as a document; form feeds separate pages (examples, tests, checks)."""
    document = Document(
        path=name, sha256=hashlib.sha256(text.encode()).hexdigest(), pages=split_pages(text)
    )
    return PreparedDocument(document, prepare(document.pages))


def rubric_matcher(
    rubric: Rubric, cues: Cues, criteria: list[Criterion] | None = None
) -> TermMatcher:
    """One automaton for every term list and cue list of a rubric (or of some criteria)."""
    matcher = TermMatcher()
    if criteria is None:
        for context in rubric.contexts.values():
            matcher.add(cues.ordered(context.terms, context.inflect))
    for criterion in rubric.criteria if criteria is None else criteria:
        for rule in criterion.evidence:
            for terms in [*rule.term_lists(), rule.exclude, rule.exclude_sentence]:
                matcher.add(cues.ordered(terms, rule.inflect))
            needed = context_of(rule, rubric)
            if needed is not None:
                matcher.add(cues.ordered(needed.terms, needed.inflect))
    if criteria is not None and rubric.marginal is not None:  # what `marginal_counts` finds
        marginal = rubric.contexts[rubric.marginal.context]
        matcher.add(cues.ordered(marginal.terms, marginal.inflect))
    for ordered in cues.lists.values():
        matcher.add(ordered)
    return matcher


ALL_EVIDENCE = 1_000_000
"""A `max_evidence` that keeps every evidence sentence: for comparing evidence sentences
(gained and lost, added and removed) and for setting shared ones aside."""


class Scorer:
    """Applies one rubric to prepared documents. Compiles the rubric's cues and terms once,
    when first needed: a run whose plans are all remembered (`run/memo.py`) needs neither."""

    def __init__(self, rubric: Rubric, *, max_evidence: int = 10) -> None:
        self.rubric = rubric
        self.max_evidence = max_evidence
        self.order = derived_order(rubric)
        self.domain_of = {c.id: d.id for d in rubric.domains for c in d.criteria}

    @cached_property
    def cues(self) -> Cues:
        return Cues.compile(self.rubric.language)

    @cached_property
    def matcher(self) -> TermMatcher:
        return rubric_matcher(self.rubric, self.cues)

    def order_terms(self) -> None:
        """Work out every term list's variants in matching order now (`Cues.ordered`, which
        the cues keep), as registering the lists for the automaton does: a scorer pickled
        afterwards takes them to the worker processes, which need not work them out."""
        rubric_matcher(self.rubric, self.cues)

    def index(self, prepared: PreparedDocument, matcher: TermMatcher | None = None) -> DocIndex:
        """A document ready for matching, with the rubric's automaton or with `matcher`
        (one made for some of the rubric's criteria, or one built elsewhere)."""
        matcher = matcher or self.matcher
        index = DocIndex(prepared.text, self.cues, prepared.document.path, matcher)
        index.known = prepared.evidence or {}
        index.marginal = prepared.marginal
        return index

    def score_plan(self, spec: PlanSpec, documents: list[PreparedDocument]) -> PlanResult:
        indexes = [self.index(d) for d in documents]
        results: dict[str, CriterionResult] = {}
        for criterion in self.order:
            if criterion.derived:
                results[criterion.id] = self.derived(criterion, results)
            else:
                results[criterion.id] = self._criterion(criterion, indexes)
        read = [document_result(d) for d in documents]
        if mostly_without_text([(len(d.pages_without_text), d.pages) for d in read]):
            results = not_assessable(results, read)
        return PlanResult(
            id=spec.id,
            title=spec.title,
            metadata=spec.metadata,
            documents=read,
            overall=self.overall_result(results),
            criteria=[results[c.id] for c in self.rubric.criteria],
            marginal=self.marginal(indexes),
        )

    def overall_result(self, criteria: dict[str, CriterionResult]) -> OverallResult:
        """The plan's overall rating from its criteria's ratings (the machine's or reviewed);
        not assessable while any criterion is."""
        unrated = [c for c in criteria.values() if not assessable(c.rating)]
        if unrated:
            return OverallResult(rating=NOT_ASSESSABLE, score=0.0, reason=unrated[0].reason)
        verdict = overall(self.rubric, {cid: c.rating for cid, c in criteria.items()})
        return OverallResult(rating=verdict.level, score=verdict.score, reason=verdict.reason)

    def hits(
        self, criterion: Criterion, indexes: list[DocIndex]
    ) -> tuple[list[Hit], list[Hit], dict[str, float]]:
        """Counted hits, voided hits and summed measures of a criterion over documents."""
        counted: list[Hit] = []
        voided: list[Hit] = []
        measures: dict[str, float] = {}
        for doc in indexes:
            found = doc.known.get(criterion.id) or criterion_evidence(criterion, self.rubric, doc)
            counted.extend(found.hits)
            voided.extend(found.voided)
            for key, value in found.measures.items():
                measures[key] = measures.get(key, 0.0) + value
        return counted, voided, measures

    def counts(
        self, counted: list[Hit], measures: dict[str, float], by_doc: dict[str, DocIndex]
    ) -> Counts:
        """What the counted hits amount to, in the terms rating rules use."""
        counts = tally(
            [
                Mark(
                    h.document,
                    h.sentence,
                    by_doc[h.document].text.sentences[h.sentence].page,
                    h.strength,
                    h.labels[0],
                    h.rule,
                )
                for h in counted
            ]
        )
        counts.yielded = kind_counts(measures)
        counts.marginal = self.marginal(by_doc.values())
        return counts

    def marginal(self, docs: Iterable[DocIndex]) -> str | None:
        """Why the rubric's subject is marginal in these documents, if it is (see
        `Marginal`): e.g. "mental health is marginal: 6 sentences in 70,079 words"."""
        rule = self.rubric.marginal
        if rule is None:
            return None
        context = self.rubric.contexts[rule.context]
        docs = list(docs)
        words = sum(d.body_words if d.marginal is None else d.marginal[0] for d in docs)
        if words < rule.min_words:
            return None
        found = sum(
            d.body_sentences_with(context.terms, context.inflect)
            if d.marginal is None
            else d.marginal[1]
            for d in docs
        )
        if found * 1000 >= rule.per_1000_words * words:
            return None
        return (
            f"the subject is marginal here: {found} sentence(s) with {rule.context} terms "
            f"in {words:,} words of text ({found * 1000 / words:.2f} per 1,000 words)"
        )

    def marginal_counts(self, doc: DocIndex) -> tuple[int, int] | None:
        """What `marginal` weighs of one document: its body words and its body sentences
        with the marginal context's terms; None when the rubric has no `marginal`. Worked
        out with a document's evidence, where its terms are found anyway, and kept with it."""
        rule = self.rubric.marginal
        if rule is None:
            return None
        if doc.marginal is not None:
            return doc.marginal
        context = self.rubric.contexts[rule.context]
        return doc.body_words, doc.body_sentences_with(context.terms, context.inflect)

    def _criterion(self, criterion: Criterion, indexes: list[DocIndex]) -> CriterionResult:
        by_doc = {d.document: d for d in indexes}
        counted, voided, measures = self.hits(criterion, indexes)
        counts = self.counts(counted, measures, by_doc)
        shown = {key: round(value, 4) for key, value in counts.yielded.items()}
        return self._result(
            criterion,
            rate(criterion, counts, self.rubric),
            hits=counts.hits,
            pages=counts.pages,
            terms=sorted({h.labels[0] for h in counted}),
            commitments=counts.commitments,
            targets=counts.targets,
            measures=shown,
            evidence=self.evidence(counted, by_doc, self.max_evidence),
            voided=len(voided),
            voided_examples=[self._voided(h, by_doc) for h in voided[: self.max_evidence]],
        )

    def rederived(
        self, criteria: dict[str, CriterionResult], keep: Collection[str] = ()
    ) -> dict[str, CriterionResult]:
        """The criteria with every derived one rated again, in dependency order, from the
        ratings given (reviewed, or re-rated without some evidence); ids in `keep` stay."""
        out = dict(criteria)
        for criterion in self.order:
            if criterion.derived is not None and criterion.id in out and criterion.id not in keep:
                out[criterion.id] = self.derived(criterion, out)
        return out

    def rerated(
        self,
        result: CriterionResult,
        criterion: Criterion,
        counts: Counts,
        why: str,
        **fields: Any,
    ) -> CriterionResult:
        """A criterion rated again from new counts (some evidence set aside): the machine's
        rating with the counts, its reason ending with `why`; `fields` are what else the
        caller changed (its evidence, its terms)."""
        rating = rate(criterion, counts, self.rubric)
        return result.model_copy(
            update={
                "rating": rating.level,
                "machine_rating": rating.level,
                "reason": rating.reason + why,
                "missing": rating.missing,
                "hits": counts.hits,
                "pages": counts.pages,
                "commitments": counts.commitments,
                "targets": counts.targets,
                **fields,
            }
        )

    def derived(self, criterion: Criterion, done: dict[str, CriterionResult]) -> CriterionResult:
        """A derived criterion rated from the (possibly reviewed) ratings of its sources."""
        assert criterion.derived is not None
        unrated = [cid for cid in criterion.derived.from_ if not assessable(done[cid].rating)]
        if unrated:
            reason = f"{NOT_ASSESSABLE}: rated from {', '.join(unrated)}, not assessable"
            return self._result(
                criterion,
                Rating(NOT_ASSESSABLE, reason, None, None),
                hits=0,
                pages=0,
                measures={"of": len(criterion.derived.from_)},
            )
        ratings = {cid: done[cid].rating for cid in criterion.derived.from_}
        covered = [
            s.criterion for s in derived_sources(self.rubric, criterion, ratings) if s.covered
        ]
        evidence = [done[cid].evidence[0] for cid in covered if done[cid].evidence]
        return self._result(
            criterion,
            rate(criterion, Counts(covered=len(covered)), self.rubric),
            hits=sum(done[cid].hits for cid in covered),
            pages=len({(e.document, e.page) for e in evidence}),
            terms=covered,
            measures={"covered": len(covered), "of": len(criterion.derived.from_)},
            evidence=evidence[: self.max_evidence],
        )

    def _result(self, criterion: Criterion, rating: Rating, **fields: Any) -> CriterionResult:
        """A criterion result: what every criterion says, plus its own counts and evidence."""
        return CriterionResult(
            id=criterion.id,
            title=criterion.title,
            domain=self.domain_of[criterion.id],
            tags=list(criterion.tags),
            weight=criterion.weight,
            rating=rating.level,
            machine_rating=rating.level,
            reason=rating.reason,
            missing=rating.missing,
            **fields,
        )

    def evidence(
        self, hits: list[Hit], by_doc: dict[str, DocIndex], limit: int | None = None
    ) -> list[Evidence]:
        """One evidence item per sentence, strongest first, then in document order."""
        grouped: dict[tuple[str, int], list[Hit]] = {}
        for h in hits:
            grouped.setdefault((h.document, h.sentence), []).append(h)
        order = {name: i for i, name in enumerate(by_doc)}
        items = sorted(
            grouped.values(),
            key=lambda hs: (-STRENGTH_RANK[hs[0].strength], order[hs[0].document], hs[0].start),
        )
        out = []
        for group in items[:limit]:
            first = group[0]
            doc = by_doc[first.document]
            sentence = doc.text.sentences[first.sentence]
            matched = list(dict.fromkeys(label for h in group for label in h.labels))
            words = list(dict.fromkeys(doc.text.text[h.start : h.end] for h in group))
            out.append(
                Evidence(
                    document=first.document,
                    page=sentence.page,
                    page_label=sentence.page_label,
                    quote=quote(doc, first),
                    strength=first.strength,
                    matched=matched,
                    rule=first.rule,
                    cue=first.cue,
                    context=context_source(doc, first),
                    words=words,
                )
            )
        return out

    def _voided(self, hit: Hit, by_doc: dict[str, DocIndex]) -> Voided:
        doc = by_doc[hit.document]
        sentence = doc.text.sentences[hit.sentence]
        return Voided(
            document=hit.document,
            page=sentence.page,
            quote=quote(doc, hit),
            matched=list(hit.labels),
            rule=hit.rule,
            reason=hit.void or "",
            page_label=sentence.page_label,
            words=[doc.text.text[hit.start : hit.end]],
        )


def document_result(prepared: PreparedDocument) -> DocumentResult:
    """What the results say of a document read: its pages, warnings and missing text."""
    document = prepared.document
    pages = len(document.pages)
    missing = pages_without_text(prepared.text, pages)
    return DocumentResult(
        path=document.path,
        sha256=document.sha256,
        pages=pages,
        warnings=document.warnings,
        pages_without_text=missing,
        assessable=not mostly_without_text([(len(missing), pages)]),
    )


def not_assessable(
    criteria: dict[str, CriterionResult], documents: list[DocumentResult]
) -> dict[str, CriterionResult]:
    """Every criterion of a plan whose text is mostly missing, rated not assessable (what
    was found in the text there is stays, as evidence to read, not as a rating)."""
    missing = sum(len(d.pages_without_text) for d in documents)
    pages = sum(d.pages for d in documents)
    reason = f"{NOT_ASSESSABLE}: {describe_missing(missing, pages)}"
    if len(documents) > 1:
        reason += f" in its {len(documents)} documents"
    return {
        cid: c.model_copy(
            update={
                "rating": NOT_ASSESSABLE,
                "machine_rating": NOT_ASSESSABLE,
                "reason": reason,
                "missing": None,
            }
        )
        for cid, c in criteria.items()
    }


def context_place(doc: DocIndex, hit: Hit) -> str | None:
    """Where a counted hit's context was found outside its sentence: `heading`, `lead-in`,
    `nearby` (a neighbouring sentence in the context's scope), or None."""
    if hit.context < 0:
        return None
    if hit.context in doc.text.heading_path(hit.sentence):
        return "heading"
    if hit.context in doc.lead_in(hit.sentence):
        return "lead-in"
    return "nearby"


def context_source(doc: DocIndex, hit: Hit) -> ContextSource | None:
    place = context_place(doc, hit)
    if place is None:
        return None
    s = doc.text.sentences[hit.context]
    text = doc.text.text[s.start : s.end]
    return ContextSource(
        place=place,
        quote=text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rstrip() + "…",
        page=s.page,
        page_label=s.page_label,
    )


def quote(doc: DocIndex, hit: Hit, limit: int = QUOTE_LIMIT) -> str:
    """The hit's whole sentence, or a window around the match cut at word boundaries."""
    s = doc.text.sentences[hit.sentence]
    text = doc.text.text[s.start : s.end]
    if len(text) <= limit:
        return text
    centre = (hit.start + hit.end) // 2 - s.start
    lo = max(0, centre - limit // 2)
    hi = min(len(text), lo + limit)
    lo = max(0, hi - limit)
    if lo > 0:
        lo = text.find(" ", lo) + 1
    if hi < len(text):
        hi = text.rfind(" ", lo, hi)
    return ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")
