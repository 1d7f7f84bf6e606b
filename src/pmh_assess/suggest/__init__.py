"""Sentences the rules may have missed: closest in meaning to a criterion, matched by none.

For rubric maintainers and reviewers. Each body sentence of a plan that no evidence rule
of the criterion matched (counted or voided) is embedded with a small local model
(`wordllama`, whose weights and tokenizer ship inside its wheel), and ranked by its
cosine similarity to the nearest of the criterion's title, description and must-match
examples. A suggestion never changes a rating: as a classifier such a model is weak, but
a ranked list with the nearest example is a fast way to find wording the terms miss.

The model is an optional extra (`pip install "pmh-assess[suggest]"`) and is loaded fully
offline from the installed package's folder; nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from ..base.errors import UserError, did_you_mean
from ..base.safe import terminal_text
from ..engine import Scorer
from ..engine.index import DocIndex
from ..report.cite import cite
from ..rubric.model import Criterion, Rubric
from ..run import PreparedPlan
from ..text.segment import BODY

INSTALL = 'pip install "pmh-assess[suggest]"'
MIN_WORDS = 5  # shorter sentences are headings in disguise or fragments
BATCH = 512  # sentences embedded at a time: bounded memory on a large corpus


class SuggestUnavailable(UserError):
    """The optional embedding model is not installed."""


class Embedder(Protocol):
    def embed(self, texts: list[str], norm: bool = ..., batch_size: int = ...) -> Any: ...


@dataclass(frozen=True)
class Suggestion:
    """A sentence no rule matched, its similarity (-1..1) and the nearest criterion text."""

    plan: str
    document: str
    page: int
    page_label: str | None
    sentence: str
    similarity: float
    nearest: str  # the example (or description, or title) it is closest to
    nearest_kind: str  # example, description or title


@functools.lru_cache(maxsize=1)
def load_model() -> Embedder:
    """The bundled wordllama model, loaded from the installed package and never downloaded.

    wordllama looks for its tokenizer in `<cache_dir>/tokenizers/`, so the package's own
    folder is given as the cache folder; `disable_download` and `HF_HUB_OFFLINE` make sure
    a missing file is an error, not a network request.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        raise SuggestUnavailable(
            f"suggestions need the optional embedding model; install it with: {INSTALL}"
        ) from None
    folder = Path(wordllama.__file__).parent
    try:
        model: Embedder = WordLlama.load(cache_dir=folder, disable_download=True)
    except (FileNotFoundError, ValueError) as exc:
        raise SuggestUnavailable(
            f"the embedding model in {folder} is incomplete ({exc}); reinstall it: {INSTALL}"
        ) from None
    return model


def queries(criterion: Criterion) -> list[tuple[str, str]]:
    """What a sentence is compared with: (kind, text) for title, description, examples."""
    out = [("title", criterion.title)]
    if criterion.description:
        out.append(("description", " ".join(criterion.description.split())))
    for item in criterion.examples.match:
        out.append(("example", item if isinstance(item, str) else item.text))
    return out


def unmatched_sentences(
    criterion: Criterion, scorer: Scorer, indexes: Sequence[DocIndex]
) -> list[tuple[DocIndex, int]]:
    """Body sentences of the documents in which no evidence rule of the criterion matched."""
    counted, voided, _ = scorer.hits(criterion, list(indexes))
    matched = {(h.document, h.sentence) for h in [*counted, *voided]}
    out = []
    for index in indexes:
        text = index.text
        for i, s in enumerate(text.sentences):
            if s.section != BODY or (index.document, i) in matched:
                continue
            if len(text.text[s.start : s.end].split()) >= MIN_WORDS:
                out.append((index, i))
    return out


@dataclass(frozen=True)
class Suggestions:
    """The sentences closest to a criterion, of how many distinct ones no rule matched."""

    criterion: str
    found: list[Suggestion]
    unmatched: int

    def to_text(self) -> str:
        if not self.found:
            return f"{self.criterion}: no unmatched sentence to suggest\n"
        shown = len(self.found)
        lead = (
            f"all {shown} sentence(s)"
            if shown == self.unmatched
            else f"the {shown} closest of {self.unmatched} sentences"
        )
        lines = [f"{self.criterion}: {lead} no rule matched, closest first", ""]
        for n, s in enumerate(self.found, 1):
            where = cite(s.document, s.page, s.page_label)
            lines.append(f"{n:>2}. {s.similarity:.2f}  {s.plan}  {where}")
            lines.append(f"    {terminal_text(s.sentence)}")
            lines.append(f"    nearest {s.nearest_kind}: {terminal_text(s.nearest)}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        data = {
            "criterion": self.criterion,
            "unmatched": self.unmatched,
            "suggestions": [asdict(s) for s in self.found],
        }
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


RENDERERS = {"text": Suggestions.to_text, "json": Suggestions.to_json}
"""The formats of `rubric suggest` (named in `formats.SUGGESTIONS`)."""


def rank(
    model: Embedder,
    criterion: Criterion,
    candidates: list[tuple[str, DocIndex, int]],
    *,
    top: int,
) -> tuple[list[Suggestion], int]:
    """The `top` candidates (plan id, document index, sentence) closest to the criterion,
    and how many distinct sentences were ranked."""
    import numpy as np  # imported on first use, so the CLI starts without it

    asks = queries(criterion)
    wanted = model.embed([text for _, text in asks], norm=True)
    seen: set[str] = set()
    unique = []
    for plan, index, i in candidates:
        s = index.text.sentences[i]
        sentence = index.text.text[s.start : s.end]
        if sentence not in seen:
            seen.add(sentence)
            unique.append((plan, index, i, sentence))
    best = np.empty(0, dtype=np.float32)
    which = np.empty(0, dtype=np.int64)
    for start in range(0, len(unique), BATCH):
        chunk = [u[3] for u in unique[start : start + BATCH]]
        scores = model.embed(chunk, norm=True) @ wanted.T
        best = np.concatenate([best, scores.max(axis=1)])
        which = np.concatenate([which, scores.argmax(axis=1)])
    order = sorted(range(len(unique)), key=lambda k: (-float(best[k]), k))[:top]
    out = []
    for k in order:
        plan, index, i, sentence = unique[k]
        s = index.text.sentences[i]
        kind, nearest = asks[int(which[k])]
        out.append(
            Suggestion(
                plan=plan,
                document=index.document,
                page=s.page,
                page_label=s.page_label,
                sentence=sentence,
                similarity=round(float(best[k]), 3),
                nearest=nearest,
                nearest_kind=kind,
            )
        )
    return out, len(unique)


def criterion_of(rubric: Rubric, criterion_id: str) -> Criterion:
    try:
        criterion = rubric.criterion(criterion_id)
    except KeyError:
        known = [c.id for c in rubric.criteria]
        raise UserError(
            f"no criterion {criterion_id!r} in rubric {rubric.id}"
            f"{did_you_mean(criterion_id, known)}; `pmh-assess rubric show RUBRIC` lists "
            "its criteria"
        ) from None
    if criterion.derived is not None:
        sources = ", ".join(criterion.derived.from_)
        raise UserError(
            f"{criterion_id} is derived from other criteria and has no rules of its own; "
            f"ask for one of them ({sources})"
        )
    return criterion


def suggest(
    rubric: Rubric, criterion_id: str, plans: list[PreparedPlan], *, top: int = 10
) -> Suggestions:
    """Rank the sentences of the plans that the criterion's rules missed, closest first."""
    criterion = criterion_of(rubric, criterion_id)
    model = load_model()
    scorer = Scorer(rubric)
    candidates: list[tuple[str, DocIndex, int]] = []
    for plan in plans:
        indexes = [scorer.index(d) for d in plan.documents]
        candidates += [
            (plan.spec.id, index, i) for index, i in unmatched_sentences(criterion, scorer, indexes)
        ]
    found, unmatched = rank(model, criterion, candidates, top=top)
    return Suggestions(criterion_id, found, unmatched)


def possibly_missed(
    rubric: Rubric,
    criterion_id: str,
    plan: str,
    scorer: Scorer,
    indexes: Sequence[DocIndex],
    *,
    top: int = 3,
) -> list[Suggestion]:
    """For `explain`: the few unmatched sentences of one plan closest to the criterion."""
    criterion = criterion_of(rubric, criterion_id)
    model = load_model()
    found = unmatched_sentences(criterion, scorer, indexes)
    return rank(model, criterion, [(plan, index, i) for index, i in found], top=top)[0]


__all__ = [
    "INSTALL",
    "RENDERERS",
    "SuggestUnavailable",
    "Suggestion",
    "Suggestions",
    "load_model",
    "possibly_missed",
    "suggest",
]
