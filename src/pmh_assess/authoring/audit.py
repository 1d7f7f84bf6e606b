"""How a rubric behaves on a corpus of plans, criterion by criterion, for a person to judge.

For each evidence criterion: the terms that never match any plan (dead weight, or a
spelling no plan uses), the terms that give most of the hits (where precision matters
most), the hits voided and why (negation, context, place, exclusion), and a random sample
of counted hits to read by hand. The sample is drawn with a seed per criterion, so the
same corpus and seed always give the same sentences.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..engine.evidence import rule_name
from ..engine.hits import Hit
from ..engine.index import DocIndex
from ..engine.scoring import Scorer, quote
from ..results import ErrorItem
from ..rubric.model import Criterion, Rubric
from ..run.corpus import PreparedPlan
from .semantics import rule_labels

TOP_TERMS = 5
TOP_REASONS = 8


@dataclass(frozen=True)
class TermCount:
    term: str
    rule: str
    hits: int
    share: float  # of the criterion's counted hits


@dataclass(frozen=True)
class VoidReason:
    reason: str
    count: int
    example: str  # "plan p.3: quote"


@dataclass(frozen=True)
class SampledHit:
    plan: str
    document: str
    page: int
    rule: str
    matched: list[str]
    strength: str
    quote: str


@dataclass
class CriterionAudit:
    id: str
    title: str
    hits: int = 0
    voided: int = 0
    plans_with_hits: int = 0
    unmatched: list[str] = field(default_factory=list)  # "term (rule)"
    top_terms: list[TermCount] = field(default_factory=list)
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
        audits.append(_criterion_audit(criterion, counted, voided, seed, sample))
    return Audit(
        f"{rubric.id} {rubric.version}", len(plans), seed, sample, audits, list(errors or [])
    )


def _where(found: _Found) -> str:
    page = found.doc.text.sentences[found.hit.sentence].page
    return f"{found.plan} p.{page}: {quote(found.doc, found.hit)}"


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
            )
        )
    return out


# --- output -------------------------------------------------------------------------------


def render_json(audit: Audit) -> str:
    return json.dumps(asdict(audit), indent=2, ensure_ascii=False, default=str) + "\n"


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
        for r in c.void_reasons:
            lines.append(f"   voided {r.count}x {r.reason}; e.g. {_clip(r.example)}")
        for s in c.sample:
            lines.append(
                f"   [ ] {s.plan} {Path(s.document).name} p.{s.page} "
                f"{'/'.join(s.matched)} ({s.strength}): {_clip(s.quote)}"
            )
    lines += [f"error: {e.path}: {e.message}" for e in audit.errors]
    return "\n".join(lines) + "\n"


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


RENDERERS = {"text": render_text, "json": render_json}
