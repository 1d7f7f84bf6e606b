"""How a rubric behaves on a corpus of plans, criterion by criterion, for a person to judge.

For each evidence criterion: the terms that never match any plan (dead weight, or a
spelling no plan uses), the terms that give most of the hits (where precision matters
most), the other word forms its terms matched (a stem can join unrelated words:
"consultant" and "consultation"), the hits voided and why (negation, context, place,
exclusion), and a random sample of counted hits to read by hand. The sample is drawn with
a seed per criterion, so the same corpus and seed always give the same sentences.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..engine.evidence import rule_name
from ..engine.hits import Hit
from ..engine.index import DocIndex
from ..engine.scoring import Scorer, quote
from ..report.cite import cite
from ..results import ErrorItem
from ..rubric.model import Criterion, Rubric
from ..rules import EvidenceRule, TermList, term_entries
from ..rules.patterns import spelling
from ..run.corpus import PreparedPlan
from .semantics import rule_labels

TOP_TERMS = 5
TOP_REASONS = 8
TOP_FORMS = 8


@dataclass(frozen=True)
class TermCount:
    term: str
    rule: str
    hits: int
    share: float  # of the criterion's counted hits


@dataclass(frozen=True)
class FormCount:
    """A word form a term matched that is not the term as written (nor its plural)."""

    form: str
    term: str  # the term's label
    rule: str
    count: int  # places in the corpus


@dataclass(frozen=True)
class VoidReason:
    reason: str
    count: int
    example: str  # "plan strategy.pdf, p. 3: 'suicide' (self-harm) in: quote"


@dataclass(frozen=True)
class SampledHit:
    plan: str
    document: str
    page: int
    rule: str
    matched: list[str]  # the terms (a term list's labels)
    strength: str
    quote: str
    page_label: str | None = None
    words: list[str] = field(default_factory=list)  # as written in the plan

    def found(self) -> str:
        """The words that matched, each with its term where they differ."""
        return shown(self.words, self.matched)


@dataclass
class CriterionAudit:
    id: str
    title: str
    hits: int = 0
    voided: int = 0
    plans_with_hits: int = 0
    unmatched: list[str] = field(default_factory=list)  # "term (rule)"
    top_terms: list[TermCount] = field(default_factory=list)
    other_forms: list[FormCount] = field(default_factory=list)
    void_reasons: list[VoidReason] = field(default_factory=list)
    sample: list[SampledHit] = field(default_factory=list)


@dataclass
class Audit:
    rubric: str
    plans: int
    seed: int
    sample_size: int
    criteria: list[CriterionAudit]
    errors: list[ErrorItem]


@dataclass
class _Found:
    plan: str
    doc: DocIndex
    hit: Hit


def audit_rubric(
    rubric: Rubric,
    plans: list[PreparedPlan],
    *,
    seed: int = 0,
    sample: int = 5,
    errors: list[ErrorItem] | None = None,
) -> Audit:
    scorer = Scorer(rubric)
    indexed = [(p.spec.id, [scorer.index(d) for d in p.documents]) for p in plans]
    audits = []
    for criterion in rubric.criteria:
        if criterion.derived:
            continue
        counted: list[_Found] = []
        voided: list[_Found] = []
        for plan_id, indexes in indexed:
            by_doc = {d.document: d for d in indexes}
            hits, void, _ = scorer.hits(criterion, indexes)
            counted += [_Found(plan_id, by_doc[h.document], h) for h in hits]
            voided += [_Found(plan_id, by_doc[h.document], h) for h in void]
        audit = _criterion_audit(criterion, counted, voided, seed, sample)
        audit.other_forms = _other_forms(criterion, [d for _, docs in indexed for d in docs])
        audits.append(audit)
    return Audit(
        f"{rubric.id} {rubric.version}", len(plans), seed, sample, audits, list(errors or [])
    )


_SEPARATORS = re.compile(r"[ \-\u2013\u2014/]+")


def _written(text: str) -> str:
    """A term or a matched text as compared: lower case, American spelling, typographic
    apostrophes plain, and no separators (a term matches its words with any run of spaces
    or hyphens between them, or none: long-term, long term, longterm)."""
    words = _SEPARATORS.split(text.lower().replace("\u2019", "'").lstrip("="))
    return "".join(spelling(w) for w in words if w)


def _plurals(word: str) -> set[str]:
    """A written word with its plural and possessive endings."""
    forms = {word, word + "s", word + "es", word + "'s"}
    return forms | {word[:-1] + "ies"} if word.endswith("y") else forms


def _as_written(surface: str, variants: tuple[str, ...]) -> bool:
    """Whether a matched text is one of the variants as written, or its plural, singular or
    possessive."""
    return any(surface in _plurals(v) or v in _plurals(surface) for v in variants)


def _other_forms(criterion: Criterion, docs: list[DocIndex]) -> list[FormCount]:
    """The forms each inflected term list of the criterion's rules matched that are not
    its terms as written: its own terms, a near rule's partners, its exclusions."""
    found: Counter[tuple[str, str, str]] = Counter()
    for ri, rule in enumerate(criterion.evidence):
        if not rule.inflect:
            continue
        name = rule_name(rule, ri)
        for terms in _lists(rule):
            written = {
                label: tuple(_written(v) for v in (label, *variants))
                for label, variants in term_entries(terms)
                if not any("*" in v for v in variants)  # a wildcard asks for other forms
            }
            for doc in docs:
                for match in doc.find(terms, rule.inflect):
                    variants = written.get(match.label)
                    surface = doc.text.text[match.start : match.end]
                    if variants is not None and not _as_written(_written(surface), variants):
                        found[(" ".join(surface.lower().split()), match.label, name)] += 1
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_FORMS]
    return [FormCount(form, term, rule, n) for (form, term, rule), n in ranked]


def _lists(rule: EvidenceRule) -> list[TermList]:
    """Every term list a rule matches with: its own, a near rule's partners, exclusions."""
    lists: list[TermList] = list(rule.term_lists())
    lists += [terms for terms in (rule.exclude, rule.exclude_sentence) if terms]
    return lists


def shown(words: list[str], terms: list[str]) -> str:
    """`'suicide' (self-harm)`: the words as written, with the term where it differs."""
    said = ", ".join(f"'{w}'" for w in words) or "/".join(terms)
    same = {w.casefold() for w in words} == {t.casefold() for t in terms}
    return said if same or not words else f"{said} ({'/'.join(terms)})"


def _where(found: _Found) -> str:
    sentence = found.doc.text.sentences[found.hit.sentence]
    where = cite(found.hit.document, sentence.page, sentence.page_label)
    words = [found.doc.text.text[found.hit.start : found.hit.end]]
    return (
        f"{found.plan} {where}: {shown(words, list(found.hit.labels))} in: "
        f"{quote(found.doc, found.hit)}"
    )


def _criterion_audit(
    criterion: Criterion, counted: list[_Found], voided: list[_Found], seed: int, size: int
) -> CriterionAudit:
    out = CriterionAudit(criterion.id, criterion.title, len(counted), len(voided))
    out.plans_with_hits = len({f.plan for f in counted})
    seen = {(f.hit.rule, label) for f in counted + voided for label in f.hit.labels}
    for ri, rule in enumerate(criterion.evidence):
        name = rule_name(rule, ri)
        out.unmatched += [
            f"{label} ({name})" for label, _ in rule_labels(rule) if (name, label) not in seen
        ]
    terms = Counter((f.hit.labels[0], f.hit.rule) for f in counted)
    out.top_terms = [
        TermCount(term, rule, n, round(n / len(counted), 4))
        for (term, rule), n in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
    ]
    reasons: dict[str, list[_Found]] = {}
    for f in voided:
        reasons.setdefault(f.hit.void or "", []).append(f)
    out.void_reasons = [
        VoidReason(reason, len(items), _where(items[0]))
        for reason, items in sorted(reasons.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ][:TOP_REASONS]
    rng = random.Random(f"{seed}:{criterion.id}")
    picked = sorted(rng.sample(range(len(counted)), min(size, len(counted))))
    for i in picked:
        f = counted[i]
        sentence = f.doc.text.sentences[f.hit.sentence]
        out.sample.append(
            SampledHit(
                f.plan,
                f.hit.document,
                sentence.page,
                f.hit.rule,
                list(f.hit.labels),
                f.hit.strength,
                quote(f.doc, f.hit),
                sentence.page_label,
                [f.doc.text.text[f.hit.start : f.hit.end]],
            )
        )
    return out


# --- output -------------------------------------------------------------------------------


def render_json(audit: Audit) -> str:
    return (
        json.dumps(asdict(audit), indent=2, ensure_ascii=False, default=str, allow_nan=False) + "\n"
    )


def render_text(audit: Audit) -> str:
    lines = [
        f"rubric audit: {audit.rubric} over {audit.plans} plan(s); "
        f"sample of {audit.sample_size} hit(s) per criterion, seed {audit.seed}",
    ]
    for c in audit.criteria:
        lines += [
            "",
            f"== {c.id}: {c.title}",
            f"   {c.hits} counted hit(s) in {c.plans_with_hits} plan(s), {c.voided} voided",
        ]
        if c.unmatched:
            lines.append("   never matched: " + ", ".join(c.unmatched))
        if c.top_terms:
            lines.append(
                "   most hits: "
                + ", ".join(f"{t.term} {t.hits} ({t.share:.0%})" for t in c.top_terms)
            )
        if c.other_forms:
            lines.append(
                "   other forms matched: "
                + ", ".join(f"{f.form} ({f.term}, {f.rule}) {f.count}" for f in c.other_forms)
            )
        for r in c.void_reasons:
            lines.append(f"   voided {r.count}x {r.reason}; e.g. {_clip(r.example)}")
        for s in c.sample:
            lines.append(
                f"   [ ] {s.plan} {cite(s.document, s.page, s.page_label)} "
                f"{s.found()} ({s.strength}): {_clip(s.quote)}"
            )
    lines += [f"error: {e.path}: {e.message}" for e in audit.errors]
    return "\n".join(lines) + "\n"


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


RENDERERS = {"text": render_text, "json": render_json}
