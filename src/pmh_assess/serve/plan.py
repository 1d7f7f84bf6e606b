"""The whole plan beside a criterion: its pages, where each criterion has evidence, a search
within the plan, and the sentences no rule matched that are closest to a criterion.

No web code: the workbench shows what these return. A plan is read once (`Explainer`),
with every criterion's evidence from the cache, so that all of this is quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..engine.hits import Hit
from ..explain import Explainer
from ..report.cite import cite
from ..rubric.model import Rubric
from ..suggest import SuggestUnavailable

SEARCH_LIMIT = 200  # sentences listed for one search
QUERY_LIMIT = 200  # characters of a search
MISSED_TOP = 5  # possibly missed sentences listed
MISSED_FLOOR = 0.5  # the least cosine similarity worth a reviewer's look
DOMAIN_COLOURS = 9  # the margin stripes' colours, one per domain (workbench.css: .d0-.d8)


@dataclass
class Span:
    text: str
    match: bool = False


@dataclass
class TextSentence:
    index: int
    pieces: list[Span]
    hit: bool
    heading: bool


@dataclass
class PageView:
    """One page of one document: a PDF page (drawn as an image) or a text section."""

    document: int
    name: str
    number: int
    label: str | None
    pdf: bool
    width: float = 0.0  # PDF points, for the image's place before it loads
    height: float = 0.0
    paragraphs: list[list[TextSentence]] = field(default_factory=list)  # text documents
    stripes: list[int] = field(default_factory=list)  # criteria with evidence here (`table`)
    current: bool = False  # the criterion shown has counted evidence on this page

    @property
    def where(self) -> str:
        return cite(self.name, self.number, self.label)


@dataclass(frozen=True)
class Found:
    """A sentence of the plan: from a search, or possibly missed by the rules."""

    document: int
    name: str
    page: int
    page_label: str | None
    sentence: int
    before: str
    match: str
    after: str
    similarity: float | None = None
    nearest: str = ""


def pieces(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[Span]:
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


def evidence_pages(explainer: Explainer, rubric: Rubric) -> dict[tuple[int, int], list[str]]:
    """For each (document position, page), the criteria with counted evidence there."""
    order = {idx.document: i for i, idx in enumerate(explainer.indexes)}
    out: dict[tuple[int, int], list[str]] = {}
    for criterion in rubric.criteria:
        if criterion.derived is not None:
            continue
        counted, _, _ = explainer.scorer.hits(criterion, explainer.indexes)
        for key in dict.fromkeys(
            (order[h.document], explainer.by_doc[h.document].text.sentences[h.sentence].page)
            for h in counted
        ):
            out.setdefault(key, []).append(criterion.id)
    return out


def table(rubric: Rubric) -> list[tuple[str, str, int]]:
    """The matched criteria in rubric order, as the margin stripes name them: id, title and
    the position of their domain (its colour: the last colour for any past the palette)."""
    return [
        (c.id, c.title, min(i, DOMAIN_COLOURS - 1))
        for i, d in enumerate(rubric.domains)
        for c in d.criteria
        if c.derived is None
    ]


def stripes(
    found: dict[tuple[int, int], list[str]], rubric: Rubric
) -> dict[tuple[int, int], list[int]]:
    """Each page's criteria with counted evidence, as positions in `table`."""
    position = {cid: i for i, (cid, _, _) in enumerate(table(rubric))}
    return {key: sorted(position[cid] for cid in ids) for key, ids in found.items()}


def plan_pages(
    explainer: Explainer,
    paths: list[Path],
    sizes: dict[int, list[tuple[float, float]]],
    counted: list[Hit],
    margin: dict[tuple[int, int], list[int]],
) -> list[PageView]:
    """Every page of every document, in order: PDF pages by size (drawn on demand), the
    other documents' sections as text, with the criterion's counted sentences marked."""
    marked: dict[tuple[str, int], list[tuple[int, int]]] = {}
    here: set[tuple[str, int]] = set()
    for h in counted:
        marked.setdefault((h.document, h.sentence), []).append((h.start, h.end))
        here.add((h.document, explainer.by_doc[h.document].text.sentences[h.sentence].page))
    out: list[PageView] = []
    for position, index in enumerate(explainer.indexes):
        path = paths[position]
        name = path.name
        text = index.text
        if position in sizes:
            labels: dict[int, str | None] = {}
            for s in text.sentences:
                labels.setdefault(s.page, s.page_label)
            for number, (width, height) in enumerate(sizes[position], start=1):
                out.append(
                    PageView(
                        position,
                        name,
                        number,
                        labels.get(number),
                        True,
                        width,
                        height,
                        stripes=margin.get((position, number), []),
                        current=(index.document, number) in here,
                    )
                )
            continue
        pages: dict[int, PageView] = {}
        last_paragraph: dict[int, int] = {}
        for i, s in enumerate(text.sentences):
            view = pages.get(s.page)
            if view is None:
                view = pages[s.page] = PageView(
                    position,
                    name,
                    s.page,
                    s.page_label,
                    False,
                    stripes=margin.get((position, s.page), []),
                    current=(index.document, s.page) in here,
                )
            if last_paragraph.get(s.page) != s.paragraph:
                view.paragraphs.append([])
                last_paragraph[s.page] = s.paragraph
            spans = sorted(marked.get((index.document, i), []))
            view.paragraphs[-1].append(
                TextSentence(
                    i, pieces(text.text, s.start, s.end, spans), bool(spans), s.section == "heading"
                )
            )
        out += [pages[n] for n in sorted(pages)]
    return out


def search(explainer: Explainer, paths: list[Path], query: str) -> tuple[list[Found], bool]:
    """Sentences of the plan holding `query` (case and spacing ignored), in reading order,
    at most SEARCH_LIMIT; and whether there were more."""
    wanted = " ".join(query.split())[:QUERY_LIMIT].casefold()
    if not wanted:
        return [], False
    out: list[Found] = []
    for position, index in enumerate(explainer.indexes):
        text = index.text
        folded = text.text.casefold()
        if len(folded) != len(text.text):  # folding changed lengths (ß, ligatures): map back
            folded = "".join(c.casefold()[:1] or c for c in text.text)
        at = folded.find(wanted)
        while at >= 0:
            i = text.sentence_index(at)
            s = text.sentences[i]
            end = min(at + len(wanted), s.end)
            out.append(
                Found(
                    position,
                    paths[position].name,
                    s.page,
                    s.page_label,
                    i,
                    text.text[s.start : at],
                    text.text[at:end],
                    text.text[end : s.end],
                )
            )
            if len(out) > SEARCH_LIMIT:
                return out[:SEARCH_LIMIT], True
            at = folded.find(wanted, max(s.end, at + 1))  # one listing per sentence
    return out, False


def missed(
    explainer: Explainer, paths: list[Path], criterion_id: str
) -> tuple[list[Found], str | None]:
    """The sentences no rule of the criterion matched that are closest to it in meaning (at
    least MISSED_FLOOR), and why there are none when the model is not installed."""
    from ..suggest import possibly_missed

    try:
        found = possibly_missed(
            explainer.rubric,
            criterion_id,
            explainer.spec.id,
            explainer.scorer,
            explainer.indexes,
            top=MISSED_TOP,
        )
    except SuggestUnavailable as exc:
        return [], str(exc)
    order = {idx.document: i for i, idx in enumerate(explainer.indexes)}
    out = []
    for suggestion in found:
        if suggestion.similarity < MISSED_FLOOR:
            continue
        position = order[suggestion.document]
        text = explainer.indexes[position].text
        number = next(
            (
                i
                for i, s in enumerate(text.sentences)
                if s.page == suggestion.page and text.text[s.start : s.end] == suggestion.sentence
            ),
            None,
        )
        if number is None:
            continue
        out.append(
            Found(
                position,
                paths[position].name,
                suggestion.page,
                suggestion.page_label,
                number,
                "",
                suggestion.sentence,
                "",
                suggestion.similarity,
                f"{suggestion.nearest_kind}: {suggestion.nearest}",
            )
        )
    return out, None


__all__ = [
    "MISSED_FLOOR",
    "Found",
    "PageView",
    "Span",
    "evidence_pages",
    "missed",
    "pieces",
    "plan_pages",
    "search",
    "stripes",
    "table",
]
