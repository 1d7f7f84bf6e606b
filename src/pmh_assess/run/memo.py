"""Evidence per document and criterion, worked out once and kept between runs.

Matching a rubric is the slow part of scoring text that is already extracted: every
criterion's candidates go through context, exclusion and negation checks. What a
criterion finds in a document depends only on the document's text, the criterion's own
definition, the rubric's contexts and language cues, and the engine's code, so a
fingerprint of those names it. A run looks each (document, fingerprint) up in the cache
and works out only the ones not found: after editing one criterion, only that criterion
is matched again; after editing the language cues, every one is. Whole plan results are
kept too (`PlanMemo`), so that scoring the same plans with the same rubric again is quick.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

from ..engine.hits import DocEvidence, Hit
from ..extract import Document, file_sha256
from ..plans import PlanSpec
from ..results import PlanResult
from ..rubric.model import Rubric
from .cache import TextCache, code_version, extractor_version, sources_digest, text_version


@cache
def engine_version() -> str:
    """Changes whenever the same text and rubric could give different evidence."""
    return sources_digest("engine", "rules")


def fingerprints(rubric: Rubric) -> dict[str, str]:
    """A fingerprint per matched (not derived) criterion: what its evidence depends on."""
    shared = json.dumps(
        {
            "language": rubric.language.model_dump(mode="json"),
            "contexts": {k: v.model_dump(mode="json") for k, v in rubric.contexts.items()},
            "engine": engine_version(),
        },
        sort_keys=True,
    )
    out = {}
    for criterion in rubric.criteria:
        if criterion.derived:
            continue
        own = json.dumps(
            [criterion.reads, [e.model_dump(mode="json") for e in criterion.evidence]],
            sort_keys=True,
        )
        out[criterion.id] = hashlib.sha256(f"{shared}\0{criterion.id}\0{own}".encode()).hexdigest()
    return out


KEPT_VOIDED = 100
"""Voided hits kept per document and criterion: results only show the first few, and count
the rest. A run asking for more examples than this works its evidence out afresh."""

ELIDED = Hit("", -1, -1, -1, (), "", void="not kept")
"""Stands for each voided hit beyond those kept, so that they still count."""


def _columns(hits: list[Hit], table: dict[Any, int]) -> list[list[Any]]:
    """Hits by column; strings and label lists by their index in a shared table (which
    numbers them in the order they first come, column by column)."""
    columns = [list(c) for c in zip(*hits, strict=True)] if hits else [[] for _ in Hit._fields]
    _, sentence, start, end, labels, rule, strength, cue, void, context = columns  # not the path

    def coded(column: list[Any]) -> list[int]:
        for value in dict.fromkeys(column):
            table.setdefault(value, len(table))
        return list(map(table.__getitem__, column))

    return [sentence, start, end, *map(coded, (labels, rule, strength, cue, void)), context]


def encode_evidence(found: DocEvidence) -> dict[str, Any]:
    """JSON-ready evidence, without the document's path (a moved file keeps its evidence)."""
    table: dict[Any, int] = {}
    hits = _columns(found.hits, table)
    voided = _columns(found.voided[:KEPT_VOIDED], table)
    return {
        "table": [list(v) if isinstance(v, tuple) else v for v in table],
        "hits": hits,
        "voided": voided,
        "voided_count": len(found.voided),
        "measures": found.measures,
    }


def decode_evidence(data: dict[str, Any], document: str) -> DocEvidence:
    table = [tuple(v) if isinstance(v, list) else v for v in data["table"]]
    look = table.__getitem__

    def hits(columns: list[list[Any]]) -> list[Hit]:
        sentence, start, end, labels, rule, strength, cue, void, context = columns
        return list(
            map(
                Hit,
                repeat(document),
                sentence,
                start,
                end,
                map(look, labels),
                map(look, rule),
                map(look, strength),
                map(look, cue),
                map(look, void),
                context,
            )
        )

    voided = hits(data["voided"])
    return DocEvidence(
        hits=hits(data["hits"]),
        voided=voided + [ELIDED] * (int(data["voided_count"]) - len(voided)),
        measures={str(k): float(v) for k, v in data["measures"].items()},
    )


def with_voided(data: dict[str, Any], kept: int) -> dict[str, Any]:
    """Encoded evidence with only its first `kept` voided hits (the others still count):
    all that a run showing `kept` examples uses."""
    return {**data, "voided": [column[:kept] for column in data["voided"]]}


def valid_evidence(data: Any) -> bool:
    """True when encoded evidence (from the cache) decodes to hits of the right shape."""
    try:
        found = decode_evidence(data, "")
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return False
    return all(
        type(h.sentence) is int
        and type(h.start) is int
        and type(h.end) is int
        and isinstance(h.labels, tuple)
        and isinstance(h.rule, str)
        for h in found.hits + found.voided
    )


MARGINAL = " marginal"
"""Stands among criterion ids (never one: ids have no space) for a document's marginal
counts (`Scorer.marginal_counts`), kept beside its evidence."""


def marginal_print(rubric: Rubric) -> str | None:
    """What a document's marginal counts depend on, as `fingerprints` names evidence: the
    rubric's `marginal` setting, its context and the engine's code (None without one)."""
    if rubric.marginal is None:
        return None
    made = json.dumps(
        {
            "marginal": rubric.marginal.model_dump(mode="json"),
            "context": rubric.contexts[rubric.marginal.context].model_dump(mode="json"),
            "engine": engine_version(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(f"{MARGINAL}\0{made}".encode()).hexdigest()


def valid_marginal(data: Any) -> bool:
    """True when kept marginal counts (from the cache) are two counts."""
    return isinstance(data, list) and len(data) == 2 and all(type(n) is int for n in data)


class PlanMemo:
    """Whole plan results, kept by everything they depend on: the code, the whole rubric,
    the plan's id, title, metadata and document paths, each document's text and how many
    evidence quotes are kept. Scoring the same plans again with the same rubric reads
    no document at all; any change scores the plan again (from cached text and evidence).
    """

    def __init__(self, cache: TextCache, rubric: Rubric, engine: str, max_evidence: int) -> None:
        self.cache = cache
        self.engine = engine
        self.shared = json.dumps(
            {
                "code": code_version(),
                "rubric": rubric.model_dump(mode="json"),
                "max_evidence": max_evidence,
                "engine": engine,
                "extractor": extractor_version(engine),
                "text": text_version(),
            },
            sort_keys=True,
        )
        self._sha: dict[Path, str | None] = {}

    def _sha256(self, path: Path) -> str | None:
        if path not in self._sha:
            try:
                self._sha[path] = file_sha256(path) if path.is_file() else None
            except OSError:
                self._sha[path] = None
        return self._sha[path]

    def key(self, spec: PlanSpec) -> str | None:
        """The plan's key, or None when a document cannot be read."""
        documents = [(str(p), self._sha256(p)) for p in spec.documents]
        if not documents or any(sha is None for _, sha in documents):
            return None
        plan = json.dumps(
            [spec.id, spec.title, spec.metadata, documents], sort_keys=True, default=str
        )
        return hashlib.sha256(f"{self.shared}\0{plan}".encode()).hexdigest()

    def load(self, spec: PlanSpec) -> PlanResult | None:
        key = self.key(spec)
        blob = self.cache.load_plan(key) if key else None
        if blob is None:
            return None
        try:
            return PlanResult.model_validate_json(blob)
        except ValueError:
            return None

    def store(self, spec: PlanSpec, result: PlanResult, documents: list[Document]) -> None:
        """Keep a plan's result when every document was read and may be kept."""
        if len(documents) != len(spec.documents) or not all(d.cacheable for d in documents):
            return
        key = self.key(spec)
        if key:
            self.cache.store_plan(key, result.model_dump_json().encode())
