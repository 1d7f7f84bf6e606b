"""What the review workbench shows and saves, without any web code.

The machine's results are worked out once (or read from a results file); the reviewed
results are the machine's with the answers file applied by `apply_overrides`, read
again whenever the file changes, so answers saved by `review` at the same time show up.
Documents are named by plan id and position, never by path: only the scored set's own
documents can be opened.

Three ways to work: coding (one reviewer's overrides file), blind coding (the machine's
rating, reason and overall rating hidden until the reviewer has answered; each answer
saved as given blind), and adjudication (two or more coders' files side by side, read
only, and the agreed ratings written to a consensus file).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import UserError
from ..base.vocabulary import STRENGTH_RANK
from ..engine import Scorer
from ..engine.hits import Hit
from ..engine.rating import derived_sources
from ..explain import Explainer, Searched
from ..explain.render import BLIND
from ..plans import PlanSpec
from ..report.cite import cite, page
from ..report.colours import level_colours
from ..results import CriterionResult, PlanResult, Results
from ..review.coding import Cell, Coder, agree_unanimous, cells, load_coders
from ..review.overrides import (
    Memo,
    Override,
    Overrides,
    apply_overrides,
    check_against_rubric,
    load_overrides,
)
from ..review.walk import save_answer, save_memo, shortcuts
from ..rubric.model import Rubric
from ..run import ReadOptions
from ..run.cache import TextCache
from ..run.documents import read_limited
from .pages import PDFIUM, PageCache, Passage, locate, page_sizes, render_page
from .plan import (
    Found,
    PageView,
    Span,
    evidence_pages,
    missed,
    plan_pages,
    search,
    stripes,
    table,
)
from .plan import pieces as _pieces

RESERVED_KEYS = {"a", "n", "m", "j", "k", "s", "q", "r", "u"}  # the workbench's own keys
NEIGHBOURS = 1  # sentences shown each side of a hit
SECTION_WINDOW = 4  # sentences each side shown of a section of an HTML or text document
PAGE = 20  # counted or voided sentences listed at a time
EXPLAINERS = 4  # plans whose documents are kept read


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
    number: int = -1  # the sentence's index in its document
    where: str = ""  # the citation: document (when the plan has several) and page
    spans: list[tuple[int, int]] = field(default_factory=list)  # the matches in the text


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
    voided_total: int = 0  # sentences with voided hits
    voided_hits: int = 0  # voided hits, those not kept included
    pages: list[PageView] = field(default_factory=list)  # the whole plan, page by page
    readable: bool = True  # the documents could be read again for the hits in context
    problem: str | None = None
    answer: Override | None = None  # this reviewer's (or the agreed) rating
    hidden: bool = False  # blind and not yet answered: nothing of the machine's is shown
    searched: list[Searched] = field(default_factory=list)  # shown to confirm a Poor
    confirm: bool = False  # worst level, no counted evidence, or blind: help check it
    cell: Cell | None = None  # adjudication: each coder's answer
    memo: Memo | None = None
    plan_memo: Memo | None = None


@dataclass(frozen=True)
class CellView:
    """A grid cell as the current way of working shows it."""

    shown: str | None  # the level the cell is coloured by; None: grey
    text: str  # what the cell says
    reviewed: bool  # this reviewer answered (or the rating is agreed)
    differs: bool  # reviewer and machine differ (coding, not blind)
    coders_disagree: bool = False
    machine_differs: bool = False  # some coder differs from the machine
    title: str = ""


def _is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


class Workbench:
    """The reviewed results of a scored set of plans, and one reviewer's answers."""

    blind_note = BLIND

    def __init__(
        self,
        machine: Results,
        rubric: Rubric,
        overrides: Path | None,
        specs: list[PlanSpec],
        *,
        reviewer: str,
        password: str | None = None,
        cache: TextCache | None = None,
        blind: bool = False,
        coders: list[Path] | None = None,
    ) -> None:
        """`overrides`: the file answers are saved to (the consensus file when adjudicating;
        None: nothing is saved). `coders`: two or more coders' files to adjudicate."""
        self.coder_paths = list(coders or [])
        if blind and self.coder_paths:
            raise UserError("adjudication shows every coder's rating: it cannot be blind")
        self.blind = blind
        self.adjudicating = bool(self.coder_paths)
        self.coders: list[Coder] = load_coders(self.coder_paths, rubric) if coders else []
        self._coder_stamps = [_stamp(p) for p in self.coder_paths]
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
        self.stripe_table = table(rubric)  # the criteria the margin stripes name
        self.pages = PageCache()
        self._lock = threading.RLock()
        self._reading = threading.Lock()
        self._embedding = threading.Lock()
        self._explainers: OrderedDict[str, Explainer] = OrderedDict()
        self._margins: dict[str, dict[tuple[int, int], list[str]]] = {}
        self._sizes: dict[tuple[str, int], list[tuple[float, float]]] = {}
        self._stamp: tuple[int, int] | None = None
        self.overrides = Overrides(path=overrides)
        self.results = machine
        self._applied = False
        self.refresh()
        self.warming = threading.Thread(target=self._warm, name="warm", daemon=True)
        self.warming.start()

    def _warm(self) -> None:
        """Compile the rubric's matcher now, while the grid is read, not when the first
        criterion is opened (about a second on the bundled rubric)."""
        with self._reading:
            _ = self.scorer.matcher

    # --- results and answers -------------------------------------------------------------

    @property
    def writable(self) -> bool:
        return self.path is not None

    @property
    def file_name(self) -> str:
        return self.path.name if self.path is not None else ""

    def _file_stamp(self) -> tuple[int, int] | None:
        return _stamp(self.path) if self.path is not None else None

    def refresh(self) -> Results:
        """The reviewed results, read again if the answers file changed since last time (and
        the coders' answers, if theirs did)."""
        with self._lock:
            stamp = self._file_stamp()
            if stamp != self._stamp or self._stamp is None:
                if self.path is not None:
                    loaded = load_overrides(self.path, missing_ok=True)
                    self._apply(check_against_rubric(loaded, self.rubric))
                elif not self._applied:
                    self._apply(Overrides())
                self._stamp = stamp
            stamps = [_stamp(p) for p in self.coder_paths]
            if stamps != self._coder_stamps:
                self.coders = load_coders(self.coder_paths, self.rubric)
                self._coder_stamps = stamps
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
        """Save one answer (or agreed rating) to the answers file at once and recompute the
        plan. A memo on the criterion that the note now says is kept as the note only."""
        plan = self.plan(plan_id)  # KeyError for an unknown plan
        plan.criterion(criterion_id)  # and for an unknown criterion
        if criterion_id in self.derived_ids:
            raise UserError(f"{criterion_id} is derived from other criteria: rate those")
        if self.path is None:
            raise UserError("nothing is saved: give a --consensus file to save agreed ratings to")
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
            blind=self.blind,
        )
        with self._lock:
            memo = self.overrides.memo(plan_id, criterion_id)
            if memo is not None and memo.note == entry.note:
                save_memo(self.path, plan_id, criterion_id, "", None)
            saved = save_answer(self.path, entry)
            self._apply(check_against_rubric(saved, self.rubric))
            self._stamp = self._file_stamp()
        return entry

    def answered(self, plan_id: str, entry: Override, summary: str) -> dict[str, object]:
        """What the page is told after an answer: in blind coding, the machine's rating and
        reason for that criterion (now revealed) and nothing of the plan's overall rating."""
        done, total = self.progress()
        out: dict[str, object] = {
            "rating": entry.rating,
            "note": entry.note,
            "reviewer": entry.reviewer,
            "done": done,
            "total": total,
        }
        machine = self.machine_result(plan_id, entry.criterion)
        if self.blind:
            out["machine"] = machine.machine_rating
            out["reason"] = machine.reason
            return out
        out["overall"] = self.plan(plan_id).overall.rating
        out["summary"] = summary
        return out

    def machine_result(self, plan_id: str, criterion_id: str) -> CriterionResult:
        for plan in self.machine.plans:
            if plan.id == plan_id:
                return plan.criterion(criterion_id)
        raise KeyError(plan_id)

    def memo(self, plan_id: str, criterion_id: str | None, note: str) -> Memo | None:
        """Keep a memo on the plan (criterion None) or one criterion; never a rating."""
        plan = self.plan(plan_id)
        if criterion_id is not None:
            plan.criterion(criterion_id)
        if self.path is None:
            raise UserError("nothing is saved: give a --consensus file to save memos to")
        with self._lock:
            saved = save_memo(self.path, plan_id, criterion_id, note[:20_000], self.reviewer)
            self._apply(check_against_rubric(saved, self.rubric))
            self._stamp = self._file_stamp()
        return saved.memo(plan_id, criterion_id)

    def agree_unanimous(self) -> int:
        """Adjudication: write every rating all coders gave alike as agreed."""
        if not self.adjudicating or self.path is None:
            raise UserError("agreeing needs coders' files and a --consensus file")
        self.refresh()
        with self._lock:
            found = cells(self.machine, self.coders, self.overrides)
            written = agree_unanimous(self.path, found, self.derived_ids, who=self.reviewer)
            self._stamp = None
        self.refresh()
        return written

    def grid_cells(self) -> dict[tuple[str, str], CellView]:
        """Every cell as the grid shows it in the current way of working."""
        results = self.refresh()
        short = {level: level[:1] for level in self.levels}
        out: dict[tuple[str, str], CellView] = {}
        found = cells(self.machine, self.coders, self.overrides) if self.adjudicating else {}
        for plan in results.plans:
            for c in plan.criteria:
                key = (plan.id, c.id)
                mine = self.overrides.get(*key)
                derived = c.id in self.derived_ids
                if self.adjudicating:
                    cell = found[key]
                    said = ", ".join(
                        f"{coder.name} {a.rating if a else '-'}"
                        for coder, a in zip(self.coders, cell.answers, strict=True)
                    )
                    shown = mine.rating if mine else (c.rating if derived else cell.unanimous)
                    text = short.get(shown, "") if shown else ("≠" if cell.coders_disagree else "·")
                    out[key] = CellView(
                        shown,
                        text,
                        mine is not None,
                        False,
                        cell.coders_disagree,
                        cell.machine_differs,
                        f"{said}; machine {cell.machine}"
                        + (f"; agreed {mine.rating}" if mine else ""),
                    )
                elif self.blind:
                    shown = mine.rating if mine else None
                    text = short.get(shown, "") if shown else "·"
                    seen = f"yours {mine.rating}, machine {c.machine_rating}" if mine else "to code"
                    out[key] = CellView(shown, text, mine is not None, False, title=seen)
                else:
                    out[key] = CellView(
                        c.rating,
                        short.get(c.rating, ""),
                        mine is not None,
                        c.rating != c.machine_rating,
                        title=c.rating
                        + (
                            f" (machine {c.machine_rating})" if c.rating != c.machine_rating else ""
                        ),
                    )
        return out

    # --- documents -----------------------------------------------------------------------

    def document(self, plan_id: str, index: int) -> Path:
        """The path of a plan's document by position; KeyError for anything else."""
        spec = self.specs.get(plan_id)
        if spec is None or not 0 <= index < len(spec.documents):
            raise KeyError((plan_id, index))
        return spec.documents[index]

    def _explainer(self, plan_id: str) -> Explainer:
        """The plan's documents read, with every criterion's evidence (from the cache when
        kept there); one plan read at a time, the last few kept."""
        with self._reading, PDFIUM:
            found = self._explainers.get(plan_id)
            if found is not None:
                self._explainers.move_to_end(plan_id)
                return found
            spec = self.specs[plan_id]
            documents = read_limited(
                spec.documents,
                ReadOptions(password=self.password),
                cache=self.cache,
                scorer=self.scorer,
            )
            made = Explainer(spec, self.rubric, scorer=self.scorer, documents=documents)
            self._explainers[plan_id] = made
            while len(self._explainers) > EXPLAINERS:
                gone, _ = self._explainers.popitem(last=False)
                self._margins.pop(gone, None)
            return made

    def _margin(self, plan_id: str, explainer: Explainer) -> dict[tuple[int, int], list[str]]:
        found = self._margins.get(plan_id)
        if found is None:
            found = self._margins[plan_id] = evidence_pages(explainer, self.rubric)
        return found

    def _page_sizes(self, plan_id: str) -> dict[int, list[tuple[float, float]]]:
        out = {}
        for index, path in enumerate(self.specs[plan_id].documents):
            if not _is_pdf(path):
                continue
            key = (plan_id, index)
            if key not in self._sizes:
                self._sizes[key] = page_sizes(path, password=self.password)
            out[index] = self._sizes[key]
        return out

    def search(self, plan_id: str, query: str) -> tuple[list[Found], bool]:
        """Sentences of the plan holding the words searched for (KeyError: no such plan)."""
        if plan_id not in self.specs:
            raise KeyError(plan_id)
        return search(self._explainer(plan_id), self.specs[plan_id].documents, query)

    def missed(self, plan_id: str, criterion_id: str) -> tuple[list[Found], str | None]:
        """Unmatched sentences closest to the criterion in meaning, or why there are none."""
        self.rubric.criterion(criterion_id)  # KeyError for an unknown criterion
        if plan_id not in self.specs or criterion_id in self.derived_ids:
            raise KeyError((plan_id, criterion_id))
        explainer = self._explainer(plan_id)
        with self._embedding:  # one at a time, without holding up plans being read
            return missed(explainer, self.specs[plan_id].documents, criterion_id)

    def locate(self, plan_id: str, index: int, sentence: int) -> dict[str, object]:
        """Where a sentence of a document stands: its page, and on a PDF page its boxes."""
        path = self.document(plan_id, index)
        explainer = self._explainer(plan_id)
        text = explainer.indexes[index].text
        if not 0 <= sentence < len(text.sentences):
            raise KeyError(sentence)
        s = text.sentences[sentence]
        boxes: list[tuple[float, float, float, float]] = []
        if _is_pdf(path):
            boxes = locate(path, s.page, text.text[s.start : s.end], password=self.password)
        return {"document": index, "page": s.page, "sentence": sentence, "boxes": boxes}

    def panel(self, plan_id: str, criterion_id: str) -> Panel:
        """Everything the criterion panel shows."""
        plan = self.plan(plan_id)
        result = plan.criterion(criterion_id)
        derived = criterion_id in self.derived_ids
        panel = Panel(plan=plan, result=result, derived=derived)
        panel.answer = self.overrides.get(plan_id, criterion_id)
        panel.hidden = self.blind and panel.answer is None
        panel.memo = self.overrides.memo(plan_id, criterion_id)
        panel.plan_memo = self.overrides.memo(plan_id, None)
        if self.adjudicating:
            panel.cell = cells(self.machine, self.coders, self.overrides)[(plan_id, criterion_id)]
        if result.missing:
            panel.missing = [result.missing]
        if derived:
            criterion = self.rubric.criterion(criterion_id)
            assert criterion.derived is not None
            ratings = {cid: plan.criterion(cid).rating for cid in criterion.derived.from_}
            panel.sources = [s for s in derived_sources(self.rubric, criterion, ratings)]
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
        explained = explainer.criterion(criterion_id, hits=False)
        panel.missing = explained.missing or panel.missing
        panel.decided_by = explained.decided_by
        counted, voided, _ = explainer.scorer.hits(criterion, explainer.indexes)
        groups = self._strongest(self._groups(explainer, counted))  # strongest first
        panel.counted_total = len(groups)
        panel.counted = self._fill(explainer, groups[:PAGE])
        voided_groups = self._groups(explainer, [h for h in voided if h.document], voided=True)
        panel.voided_total = len(voided_groups)
        panel.voided = self._fill(explainer, voided_groups[:PAGE])
        panel.voided_hits = len(voided)
        worst = result.machine_rating == self.levels[-1]
        panel.confirm = self.blind or worst or not counted
        if panel.confirm:
            panel.searched = explainer.searched(criterion_id)
        margin = stripes(self._margin(plan_id, explainer), self.rubric)
        panel.pages = plan_pages(
            explainer, self.specs[plan_id].documents, self._page_sizes(plan_id), counted, margin
        )
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
                    where=_where(e.document, e.page, e.page_label, len(index) > 1),
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
                    where=_where(v.document, v.page, None, len(index) > 1),
                )
            )

    def _groups(
        self, explainer: Explainer, hits: list[Hit], *, voided: bool = False
    ) -> list[HitGroup]:
        """The hits grouped by sentence, in reading order (their lines not yet filled in:
        `_fill` does that for the groups shown)."""
        order = {idx.document: i for i, idx in enumerate(explainer.indexes)}
        grouped: dict[tuple[str, int], list[Hit]] = {}
        for h in hits:
            grouped.setdefault((h.document, h.sentence), []).append(h)
        out = []
        for (doc_name, number), group in sorted(
            grouped.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])
        ):
            doc = explainer.by_doc[doc_name]
            sentence = doc.text.sentences[number]
            position = order[doc_name]
            first = group[0]
            out.append(
                HitGroup(
                    document=position,
                    document_name=Path(doc_name).name,
                    page=sentence.page,
                    page_label=sentence.page_label,
                    section=sentence.section,
                    lines=[],
                    terms=list(dict.fromkeys(label for h in group for label in h.labels)),
                    rules=list(dict.fromkeys(h.rule for h in group)),
                    strength=None if voided else first.strength,
                    cue=None if voided else first.cue,
                    void=first.void if voided else None,
                    pdf=_is_pdf(explainer.spec.documents[position]),
                    sentence=doc.text.text[sentence.start : sentence.end],
                    number=number,
                    where=_where(doc_name, sentence.page, sentence.page_label, len(order) > 1),
                    spans=sorted({(h.start, h.end) for h in group}),
                )
            )
        return out

    def _fill(self, explainer: Explainer, groups: list[HitGroup]) -> list[HitGroup]:
        """The groups with their sentence and its neighbours, the matches marked."""
        for g in groups:
            if g.lines:
                continue
            text = explainer.indexes[g.document].text
            sentences = text.sentences
            sentence = sentences[g.number]
            width = NEIGHBOURS if g.pdf else SECTION_WINDOW
            for n in range(max(0, g.number - width), min(len(sentences), g.number + width + 1)):
                other = sentences[n]
                if n != g.number and (
                    other.section != sentence.section or other.page != sentence.page
                ):
                    continue
                g.lines.append(
                    Line(_pieces(text.text, other.start, other.end, g.spans), hit=n == g.number)
                )
        return groups

    def evidence(
        self, plan_id: str, criterion_id: str, kind: str, start: int
    ) -> tuple[list[HitGroup], int]:
        """One page (PAGE sentences from `start`) of a criterion's counted or voided
        sentences, in the order the criterion page lists them, and how many there are."""
        self.plan(plan_id).criterion(criterion_id)  # KeyError for an unknown one
        if plan_id not in self.specs or criterion_id in self.derived_ids:
            raise KeyError((plan_id, criterion_id))
        explainer = self._explainer(plan_id)
        counted, voided, _ = explainer.scorer.hits(
            self.rubric.criterion(criterion_id), explainer.indexes
        )
        if kind == "voided":
            groups = self._groups(explainer, [h for h in voided if h.document], voided=True)
        else:
            groups = self._strongest(self._groups(explainer, counted))
        start = max(0, start)
        return self._fill(explainer, groups[start : start + PAGE]), len(groups)

    @staticmethod
    def _strongest(groups: list[HitGroup]) -> list[HitGroup]:
        return sorted(groups, key=lambda g: -STRENGTH_RANK.get(g.strength or "", -1))

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
            shown = [
                g for g in self._groups(explainer, counted) if (g.document, g.page) == (index, page)
            ]
            for group in self._fill(explainer, shown):
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


def _where(document: str, number: int, label: str | None, multi: bool) -> str:
    return cite(document, number, label) if multi else page(number, label, document)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _by_plan(overrides: Overrides) -> dict[str, dict[str, Override]]:
    out: dict[str, dict[str, Override]] = {}
    for entry in overrides.entries:
        out.setdefault(entry.plan, {})[entry.criterion] = entry
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
