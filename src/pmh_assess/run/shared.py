"""Text shared across plans: evidence sentences that appear, verbatim or nearly, in other plans.

Many plans copy national text (programme ambitions, template paragraphs); a commitment
copied into many plans says less about local intent than one written locally. Within one
run, each evidence sentence is compared with the evidence sentences of every other plan.
Sentences are normalised first (case, punctuation, spacing, and every number as `#`, so
a template with local figures still counts as shared), then:

- equal normalised sentences are shared (a dictionary lookup);
- otherwise, candidates are sentences with at least `MIN_OVERLAP` of their word
  three-grams in common (an inverted index with prefix filtering), and a candidate is
  shared when rapidfuzz's normalised Indel ratio of the two normalised sentences is at
  least `NEAR`.

Sentences of fewer than `MIN_WORDS` words are never marked: short phrases ("Suicide
prevention is a priority.") recur by chance. The cost grows with the number of evidence
sentences times the few candidates each has, not with the square of the corpus.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from bisect import bisect_right
from collections import defaultdict

from ..engine.rating import Counts, Mark, tally
from ..engine.scoring import Scorer
from ..results import CriterionResult, Evidence, PlanResult, Results
from ..rubric.model import Rubric
from ..rules import KIND_COUNTS
from .cache import TextCache

NEAR = 90.0  # rapidfuzz ratio (0-100) of the normalised sentences: a few words differ
MIN_WORDS = 6
MIN_OVERLAP = 0.5  # share of a sentence's word three-grams another must hold to be compared

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NON_WORD = re.compile(r"[^\w#]+")


def normalise(sentence: str) -> str:
    """Lower case, numbers as `#`, punctuation and spacing gone: `we will cut waits by #`."""
    text = _NUMBER.sub("#", sentence.casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def near_duplicates(
    sentences: dict[str, set[str]], cache: TextCache | None = None
) -> dict[str, set[str]]:
    """For each normalised sentence, the other normalised sentences nearly equal to it.

    `sentences` maps each normalised sentence to the plans using it; the result only says
    which sentences are alike (plans are joined by the caller). Candidates come from prefix
    filtering: a sentence holding at least `MIN_OVERLAP` of another's word three-grams
    holds one of that sentence's rarest `n - ceil(MIN_OVERLAP * n) + 1` three-grams, so
    only those are looked up, and common phrases ("we will work with") cost nothing.
    With a `cache`, the pairs found for a set of sentences are kept, so scoring the same
    plans again finds them at once.
    """
    keys = sorted(s for s in sentences if len(s.split()) >= MIN_WORDS)
    digest = hashlib.sha256(f"{NEAR} {MIN_WORDS} {MIN_OVERLAP}\0".encode())
    for k in keys:
        digest.update(k.encode() + b"\0")
    key = digest.hexdigest()
    pairs = _known_pairs(cache.load_blob(SHARED, key), len(keys)) if cache else None
    if pairs is None:
        pairs = _alike_pairs(keys)
        if cache is not None:
            cache.store_blob(SHARED, key, json.dumps(pairs).encode())
    alike: dict[str, set[str]] = defaultdict(set)
    for i, j in pairs:
        alike[keys[i]].add(keys[j])
        alike[keys[j]].add(keys[i])
    return alike


SHARED = "shared"  # the cache's kind of entry for the pairs of alike sentences


def _known_pairs(blob: bytes | None, size: int) -> list[tuple[int, int]] | None:
    """Pairs read back from the cache, or None when missing or misshapen."""
    if blob is None:
        return None
    try:
        data = json.loads(blob)
    except ValueError:
        return None
    if not isinstance(data, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(type(i) is int and 0 <= i < size for i in p)
        for p in data
    ):
        return None
    return [(p[0], p[1]) for p in data]


def _alike_pairs(keys: list[str]) -> list[tuple[int, int]]:
    """(i, j) for each pair of sentences nearly equal, by their place in `keys`."""
    from rapidfuzz import fuzz, process  # imported on first use, so the CLI starts without it

    # Three-grams by number, numbered in their sorted order (so that ties among the rarest
    # fall as they would among the three-grams themselves), each sentence's as a tuple:
    # a few MB on thousands of sentences where sets of word tuples took tens.
    distinct: set[tuple[str, ...]] = set()
    for k in keys:
        distinct.update(_grams(k.split()))
    number = {gram: n for n, gram in enumerate(sorted(distinct))}
    del distinct
    grams = [tuple(sorted(number[g] for g in _grams(k.split()))) for k in keys]
    del number
    index: dict[int, list[int]] = defaultdict(list)  # three-gram -> sentences, in order
    for i, held in enumerate(grams):
        for g in held:
            index[g].append(i)
    led: dict[int, list[int]] = defaultdict(list)  # three-gram -> sentences it is a prefix of
    prefixes: list[tuple[int, ...]] = []
    for i, held in enumerate(grams):
        rarest = sorted(held, key=lambda gram: (len(index[gram]), gram))
        prefixes.append(tuple(rarest[: len(rarest) - math.ceil(MIN_OVERLAP * len(rarest)) + 1]))
        for g in prefixes[-1]:
            led[g].append(i)
    pairs: list[tuple[int, int]] = []
    for i, k in enumerate(keys):
        # i and j are compared when either finds the other: one of i's prefix three-grams
        # is among j's (j is in those three-grams' lists), or one of j's is among i's (j
        # is in the `led` lists of i's three-grams). Each pair once, from its first
        # sentence: the lists are in order, so only their part after i is taken.
        found: set[int] = set()
        for gram in prefixes[i]:
            sentences = index[gram]
            found.update(sentences[bisect_right(sentences, i) :])
        for gram in grams[i]:
            leads = led.get(gram)
            if leads is not None and leads[-1] > i:
                found.update(leads[bisect_right(leads, i) :])
        candidates = sorted(found)
        # rapidfuzz compares the candidates in one call, in C
        for _, _, at in process.extract(
            k, [keys[j] for j in candidates], scorer=fuzz.ratio, score_cutoff=NEAR, limit=None
        ):
            pairs.append((i, candidates[at]))
    return sorted(pairs)


class SharedText:
    """The evidence sentences of a run's plans, gathered plan by plan (`add`), compared
    once all are in (`settle`), then marked on each plan (`mark`): the plans need not all
    be held at once, only their sentences."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}  # quote -> normalised
        self.users: dict[str, set[str]] = defaultdict(set)
        self.sharers: dict[str, frozenset[str]] | None = None

    def add(self, plan: PlanResult) -> None:
        keys, users = self.keys, self.users
        for c in plan.criteria:
            for e in c.evidence:
                if e.quote not in keys:
                    keys[e.quote] = normalise(e.quote)
                key = keys[e.quote]
                if len(key.split()) >= MIN_WORDS:
                    users[key].add(plan.id)

    def settle(self, cache: TextCache | None = None) -> None:
        users = self.users
        alike = near_duplicates(users, cache)
        self.sharers = {
            key: frozenset(plans.union(*(users[k] for k in alike.get(key, ()))))
            for key, plans in users.items()
        }

    def mark(self, plan: PlanResult) -> int:
        """Set `shared_with` on the plan's evidence; the number of its sentences marked."""
        if self.sharers is None:
            raise RuntimeError("settle() the shared text before marking plans")
        sharers, keys = self.sharers, self.keys
        marked: set[str] = set()
        for c in plan.criteria:
            for e in c.evidence:
                key = keys[e.quote]
                others = sorted(sharers.get(key, frozenset()) - {plan.id})
                e.shared_with = others
                if others:
                    marked.add(key)
        return len(marked)


def mark_shared(results: Results, cache: TextCache | None = None) -> int:
    """Set `shared_with` on every evidence item whose sentence other plans' evidence holds.

    Returns the number of evidence sentences marked. Only the evidence quotes the results
    hold are compared (`score --evidence` sets how many are kept per criterion).
    """
    shared = SharedText()
    for plan in results.plans:
        shared.add(plan)
    shared.settle(cache)
    return sum(shared.mark(plan) for plan in results.plans)


def discount_shared(
    results: Results, rubric: Rubric, *, others: int, max_evidence: int = 10
) -> Results:
    """Rate again without the evidence sentences shared with `others` or more other plans.

    Run `mark_shared` first, on results scored with every evidence sentence kept (the
    counts are worked out again from the sentences that are left). A criterion that lost
    no evidence keeps its rating; one that did is rated from what remains, each sentence
    set aside taking away the hits of the terms it matched. Derived criteria and the
    overall rating follow. Evidence lists are then cut to `max_evidence`.
    """
    scorer = Scorer(rubric, max_evidence=max_evidence)
    by_id = {c.id: c for c in rubric.criteria}
    plans = []
    for plan in results.plans:
        if not plan.assessable:  # no rating to work out again
            plans.append(plan)
            continue
        criteria: dict[str, CriterionResult] = {}
        for c in plan.criteria:
            criterion = by_id.get(c.id)
            dropped = [e for e in c.evidence if len(e.shared_with) >= others]
            if criterion is None or criterion.derived is not None or not dropped:
                criteria[c.id] = c
                continue
            kept = [e for e in c.evidence if len(e.shared_with) < others]
            criteria[c.id] = scorer.rerated(
                c,
                criterion,
                _counts(c, kept, dropped, plan.marginal),
                f" ({len(dropped)} shared sentence(s) set aside)",
                terms=sorted(t for t in c.terms if any(t in e.matched for e in kept)),
                evidence=kept,
            )
        criteria = scorer.rederived(criteria)
        for cid, result in criteria.items():
            criteria[cid] = result.model_copy(
                update={
                    "evidence": result.evidence[:max_evidence],
                    "voided_examples": result.voided_examples[:max_evidence],
                }
            )
        plans.append(
            plan.model_copy(
                update={
                    "criteria": [criteria[c.id] for c in plan.criteria],
                    "overall": scorer.overall_result(criteria),
                }
            )
        )
    return results.model_copy(update={"plans": plans})


def _counts(
    c: CriterionResult, kept: list[Evidence], dropped: list[Evidence], marginal: str | None
) -> Counts:
    """The counts rating rules use, from the evidence sentences left (one per sentence).

    Each sentence set aside takes away the hits of the terms it matched; a term counts
    while a sentence left still matched it.
    """
    lost = sum(max(1, len(e.matched)) for e in dropped)
    counts = tally(
        [Mark(e.document, i, e.page, e.strength, "", e.rule) for i, e in enumerate(kept)],
        hits=max(len(kept), c.hits - lost),
        terms=len({t for t in c.terms if any(t in e.matched for e in kept)}),
    )
    counts.yielded = {key: value for key, value in c.measures.items() if key in KIND_COUNTS}
    counts.marginal = marginal
    return counts
