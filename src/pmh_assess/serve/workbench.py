"""What the review workbench shows and saves, without any web code.

The machine's results are worked out once (or read from a results file); the reviewed
results are the machine's with the overrides file applied by `apply_overrides`, read
again whenever the file changes, so answers saved by `review` at the same time show up.
Documents are named by plan id and position, never by path: only the scored set's own
documents can be opened.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import TextCache
from ..engine import Scorer
from ..engine.hits import Hit
from ..engine.index import STRENGTH_RANK
from ..errors import UserError
from ..explain import Explainer
from ..overrides import Override, Overrides, apply_overrides, check_against_rubric, load_overrides
from ..plans import PlanSpec
from ..report.colours import level_colours
from ..results import CriterionResult, PlanResult, Results
from ..review import save_answer, shortcuts
from ..rubric.model import Rubric
from .pages import PDFIUM, PageCache, Passage, render_page

RESERVED_KEYS = {"a", "n", "j", "k", "s", "q"}  # the workbench's own keys
NEIGHBOURS = 1  # sentences shown each side of a hit
SECTION_WINDOW = 4  # sentences each side shown of a section of an HTML or text document
SHOWN = 12  # counted hits shown per criterion
EXPLAINERS = 4  # plans whose documents are kept read


@dataclass
class Span:
    text: str
    match: bool = False


@dataclass
class Line:
    """A sentence as pieces, the matched terms marked; `hit` says it holds the hits."""

    pieces: list[Span]
    hit: bool = False


@dataclass
class HitGroup:
    """The hits of one sentence: where it is, the sentence with its neighbours, why."""

    document: int
    document_name: str
    page: int
    page_label: str | None
    section: str
    lines: list[Line]
    terms: list[str]
    rules: list[str]
    strength: str | None = None
    cue: str | None = None
    void: str | None = None
    pdf: bool = False
    sentence: str = ""


@dataclass
class Panel:
    plan: PlanResult
    result: CriterionResult
    derived: bool
    missing: list[str] = field(default_factory=list)
    decided_by: str = ""
    sources: list[tuple[str, str, bool]] = field(default_factory=list)
    counted: list[HitGroup] = field(default_factory=list)
    counted_total: int = 0
    voided: list[HitGroup] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)  # (document, page) of PDFs
    readable: bool = True  # the documents could be read again for the hits in context
    problem: str | None = None


def _is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


class Workbench:
    """The reviewed results of a scored set of plans, and one reviewer's answers."""

    def __init__(
        self,
        machine: Results,
        rubric: Rubric,
        overrides: Path,
        specs: list[PlanSpec],
        *,
        reviewer: str,
        password: str | None = None,
        cache: TextCache | None = None,
    ) -> None:
        self.machine = machine
        self.rubric = rubric
        self.path = overrides
        self.reviewer = reviewer
        self.password = password
        self.cache = cache
        self.specs = {s.id: s for s in specs}
        self.levels = list(rubric.levels)
        self.colours = level_colours(self.levels, dict(rubric.colours))
        self.keys = {
            k: v
            for k, v in shortcuts(self.levels).items()
            if len(k) == 1 and k not in RESERVED_KEYS
        }
        self.derived_ids = {c.id for c in rubric.criteria if c.derived is not None}
        self.scorer = Scorer(rubric)
        self.pages = PageCache()
        self._lock = threading.RLock()
        self._reading = threading.Lock()
        self._explainers: OrderedDict[str, Explainer] = OrderedDict()
        self._stamp: tuple[int, int] | None = None
        self.overrides = Overrides(path=overrides)
        self.results = machine
        self._applied = False
        self.refresh()

    # --- results and answers -------------------------------------------------------------

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def refresh(self) -> Results:
        """The reviewed results, read again if the overrides file changed since last time."""
        with self._lock:
            stamp = self._file_stamp()
            if stamp != self._stamp or self._stamp is None:
                loaded = load_overrides(self.path, missing_ok=True)
                self._apply(check_against_rubric(loaded, self.rubric))
                self._stamp = stamp
            return self.results

    def _apply(self, overrides: Overrides) -> None:
        """Apply the overrides again to the plans whose entries changed (all, the first time)."""
        before = _by_plan(self.overrides) if self._applied else None
        after = _by_plan(overrides)
        self.overrides = overrides
        if before is None:
            self.results, _ = apply_overrides(self.machine, overrides, self.rubric)
            self._applied = True
            return
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        if not changed:
            return
        some = self.machine.model_copy(
            update={"plans": [p for p in self.machine.plans if p.id in changed]}
        )
        applied, _ = apply_overrides(some, overrides, self.rubric)
        fresh = {p.id: p for p in applied.plans}
        plans = [fresh.get(p.id, p) for p in self.results.plans]
        self.results = self.results.model_copy(update={"plans": plans})

    def plan(self, plan_id: str) -> PlanResult:
        for plan in self.refresh().plans:
            if plan.id == plan_id:
                return plan
        raise KeyError(plan_id)

    def reviewable(self) -> list[tuple[str, str]]:
        """Plan and criterion pairs a reviewer rates (derived criteria follow from them)."""
        return [
            (p.id, c.id)
            for p in self.refresh().plans
            for c in p.criteria
            if c.id not in self.derived_ids
        ]

    def reviewed(self) -> set[tuple[str, str]]:
        """Plan and criterion pairs with a reviewer rating."""
        self.refresh()
        return {entry.key for entry in self.overrides.entries}

    def progress(self) -> tuple[int, int]:
        """How many reviewable pairs have a reviewer rating, of how many."""
        pairs = self.reviewable()
        reviewed = self.reviewed()
        return sum(1 for pair in pairs if pair in reviewed), len(pairs)

    def answer(self, plan_id: str, criterion_id: str, rating: str, note: str) -> Override:
        """Save one answer to the overrides file at once and recompute the plan."""
        plan = self.plan(plan_id)  # KeyError for an unknown plan
        plan.criterion(criterion_id)  # and for an unknown criterion
        if criterion_id in self.derived_ids:
            raise UserError(f"{criterion_id} is derived from other criteria: rate those")
        spelling = {level.lower(): level for level in self.levels}
        level = spelling.get(rating.strip().lower())
        if level is None:
            raise UserError(f"{rating!r} is not a level of {self.rubric.id}")
        entry = Override(
            plan=plan_id,
            criterion=criterion_id,
            rating=level,
            reviewer=self.reviewer,
            note=note.strip()[:2000],
            date=dt.date.today().isoformat(),
        )
        with self._lock:
            saved = save_answer(self.path, entry)
            self._apply(check_against_rubric(saved, self.rubric))
            self._stamp = self._file_stamp()
        return entry

    # --- documents -----------------------------------------------------------------------

    def document(self, plan_id: str, index: int) -> Path:
        """The path of a plan's document by position; KeyError for anything else."""
        spec = self.specs.get(plan_id)
        if spec is None or not 0 <= index < len(spec.documents):
            raise KeyError((plan_id, index))
        return spec.documents[index]

    def _explainer(self, plan_id: str) -> Explainer:
        """The plan's documents read and matched (one plan read at a time, the last few kept)."""
        with self._reading, PDFIUM:
            found = self._explainers.get(plan_id)
            if found is not None:
                self._explainers.move_to_end(plan_id)
                return found
            spec = self.specs[plan_id]
            made = Explainer(
                spec, self.rubric, password=self.password, cache=self.cache, scorer=self.scorer
            )
            self._explainers[plan_id] = made
            while len(self._explainers) > EXPLAINERS:
                self._explainers.popitem(last=False)
            return made

    def panel(self, plan_id: str, criterion_id: str) -> Panel:
        """Everything the criterion panel shows."""
        plan = self.plan(plan_id)
        result = plan.criterion(criterion_id)
        derived = criterion_id in self.derived_ids
        panel = Panel(plan=plan, result=result, derived=derived)
        if result.missing:
            panel.missing = [result.missing]
        if derived:
            criterion = self.rubric.criterion(criterion_id)
            assert criterion.derived is not None
            limit = self.rubric.rank(criterion.derived.at_least)
            panel.sources = [
                (
                    cid,
                    plan.criterion(cid).rating,
                    self.rubric.rank(plan.criterion(cid).rating) <= limit,
                )
                for cid in criterion.derived.from_
            ]
            return panel
        if plan_id not in self.specs:
            panel.readable = False
            self._from_results(panel)
            return panel
        try:
            explainer = self._explainer(plan_id)
        except Exception as exc:  # a document that cannot be read again: show the results
            panel.readable = False
            panel.problem = f"the documents could not be read again ({exc})"
            self._from_results(panel)
            return panel
        criterion = self.rubric.criterion(criterion_id)
        explained = explainer.criterion(criterion_id)
        panel.missing = explained.missing or panel.missing
        panel.decided_by = explained.decided_by
        counted, voided, _ = explainer.scorer.hits(criterion, explainer.indexes)
        groups = self._groups(explainer, counted)
        panel.counted_total = len(groups)
        groups.sort(key=lambda g: -STRENGTH_RANK.get(g.strength or "", -1))  # strongest first
        panel.counted = groups[:SHOWN]
        panel.voided = self._groups(explainer, voided, voided=True)[:SHOWN]
        panel.pages = list(dict.fromkeys((g.document, g.page) for g in panel.counted if g.pdf))
        return panel

    def _from_results(self, panel: Panel) -> None:
        """Without the documents: the quotes kept in the results."""
        index = {d.path: i for i, d in enumerate(panel.plan.documents)}
        for e in panel.result.evidence:
            panel.counted.append(
                HitGroup(
                    document=index.get(e.document, 0),
                    document_name=Path(e.document).name,
                    page=e.page,
                    page_label=e.page_label,
                    section="",
                    lines=[Line(_marked(e.quote, e.matched), hit=True)],
                    terms=e.matched,
                    rules=[e.rule],
                    strength=e.strength,
                    cue=e.cue,
                )
            )
        panel.counted_total = panel.result.hits
        for v in panel.result.voided_examples:
            panel.voided.append(
                HitGroup(
                    document=index.get(v.document, 0),
                    document_name=Path(v.document).name,
                    page=v.page,
                    page_label=v.page_label,
                    section="",
                    lines=[Line(_marked(v.quote, v.matched), hit=True)],
                    terms=v.matched,
                    rules=[v.rule],
                    void=v.reason,
                )
            )

    def _groups(
        self, explainer: Explainer, hits: list[Hit], *, voided: bool = False
    ) -> list[HitGroup]:
        order = {idx.document: i for i, idx in enumerate(explainer.indexes)}
        grouped: dict[tuple[str, int], list[Hit]] = {}
        for h in hits:
            grouped.setdefault((h.document, h.sentence), []).append(h)
        out = []
        for (doc_name, number), group in sorted(
            grouped.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])
        ):
            doc = explainer.by_doc[doc_name]
            sentences = doc.text.sentences
            sentence = sentences[number]
            position = order[doc_name]
            pdf = _is_pdf(explainer.spec.documents[position])
            spans = sorted({(h.start, h.end) for h in group})
            width = NEIGHBOURS if pdf else SECTION_WINDOW
            lines = []
            for n in range(max(0, number - width), min(len(sentences), number + width + 1)):
                other = sentences[n]
                if n != number and (
                    other.section != sentence.section or other.page != sentence.page
                ):
                    continue
                lines.append(
                    Line(_pieces(doc.text.text, other.start, other.end, spans), hit=n == number)
                )
            first = group[0]
            out.append(
                HitGroup(
                    document=position,
                    document_name=Path(doc_name).name,
                    page=sentence.page,
                    page_label=sentence.page_label,
                    section=sentence.section,
                    lines=lines,
                    terms=list(dict.fromkeys(label for h in group for label in h.labels)),
                    rules=list(dict.fromkeys(h.rule for h in group)),
                    strength=None if voided else first.strength,
                    cue=None if voided else first.cue,
                    void=first.void if voided else None,
                    pdf=pdf,
                    sentence=doc.text.text[sentence.start : sentence.end],
                )
            )
        return out

    def page_image(self, plan_id: str, index: int, page: int, criterion_id: str | None) -> bytes:
        """A PDF page of the scored set as PNG, the criterion's counted hits highlighted."""
        path = self.document(plan_id, index)
        if not _is_pdf(path):
            raise KeyError((plan_id, index))
        key = (plan_id, index, page, criterion_id)
        found = self.pages.get(key)
        if found is not None:
            return found
        passages: list[Passage] = []
        if criterion_id is not None and criterion_id not in self.derived_ids:
            self.rubric.criterion(criterion_id)  # KeyError for an unknown criterion
            explainer = self._explainer(plan_id)
            criterion = self.rubric.criterion(criterion_id)
            counted, _, _ = explainer.scorer.hits(criterion, explainer.indexes)
            for group in self._groups(explainer, counted):
                if group.document == index and group.page == page:
                    terms = [
                        "".join(p.text for p in line.pieces if p.match)
                        for line in group.lines
                        if line.hit
                    ]
                    matched = [
                        p.text for line in group.lines if line.hit for p in line.pieces if p.match
                    ]
                    passages.append(Passage(group.sentence, tuple(matched or terms)))
        image, _ = render_page(path, page, passages, password=self.password)
        self.pages.put(key, image)
        return image


def _by_plan(overrides: Overrides) -> dict[str, dict[str, Override]]:
    out: dict[str, dict[str, Override]] = {}
    for entry in overrides.entries:
        out.setdefault(entry.plan, {})[entry.criterion] = entry
    return out


def _pieces(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[Span]:
    """text[start:end] cut into plain and matched pieces."""
    out: list[Span] = []
    at = start
    for s, e in spans:
        s, e = max(s, start, at), min(e, end)
        if s >= e:
            continue
        if s > at:
            out.append(Span(text[at:s]))
        out.append(Span(text[s:e], match=True))
        at = e
    if at < end:
        out.append(Span(text[at:end]))
    return out


def _marked(quote: str, terms: list[str]) -> list[Span]:
    """A quote with the first occurrence of each term marked (case-insensitive)."""
    lower = quote.lower()
    spans = []
    for term in terms:
        at = lower.find(term.lower())
        if at >= 0:
            spans.append((at, at + len(term)))
    spans.sort()
    return _pieces(quote, 0, len(quote), spans)
