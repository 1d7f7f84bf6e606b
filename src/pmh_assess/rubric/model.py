"""The rubric schema: levels, language cues, contexts, domains of criteria, overall rating.

Models are strict (unknown keys are errors) and frozen. Cross-references (levels, criteria,
rule ids, context names) are checked in `Rubric`'s after-validator so every problem is
reported with its place in the YAML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    create_model,
    model_validator,
)

from ..base.safe import hex_colour
from ..base.schema import Strict
from ..base.vocabulary import NOT_ASSESSABLE, Strength
from ..rules import KIND_COUNTS, Context, Rule, Term

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


def _colour(value: str) -> str:
    if hex_colour(value) is None:
        raise ValueError(f"{value!r} is not a colour: write it as #rrggbb (or #rgb)")
    return value


Colour = Annotated[str, AfterValidator(_colour)]


class Language(Strict):
    """Cues that set a hit's strength or void it. Matched with the term language."""

    commitment: list[Term] = Field(
        description="Phrases that make a sentence a commitment, e.g. 'we will'."
    )
    commitment_openers: list[Term] = Field(
        default_factory=list,
        description="Action words that make a sentence or bullet a commitment when they open it, "
        "e.g. 'deliver*' in 'Delivering the suicide prevention strategy'.",
    )
    hedge: list[Term] = Field(
        default_factory=list,
        description="Phrases that weaken a sentence to a mention, e.g. 'explore', 'may consider'.",
    )
    negation: list[Term] = Field(
        default_factory=list,
        description="Phrases that void a hit that follows them in the same sentence.",
    )
    negation_after: list[Term] = Field(
        default_factory=list,
        description="Phrases that void a hit that comes before them in the same sentence, "
        "e.g. 'is not yet in place' in 'A partnership agreement is not yet in place'.",
    )
    negation_window: int = Field(
        default=8,
        ge=1,
        le=50,
        description="How many words a negation cue reaches (after it, or before it for "
        "`negation_after`).",
    )
    attributed: list[Term] = Field(
        default_factory=list,
        description="Phrases that make a sentence someone else's words, e.g. 'people told "
        "us', 'respondents said'. Such sentences (and a list's items, or a section's "
        "sentences without a commitment, under a lead-in or heading with one) are never "
        "evidence.",
    )
    reported: list[Term] = Field(
        default_factory=list,
        description="Phrases that report what other work found, e.g. 'research shows', 'a "
        "study found': at most a mention, and no evidence for a criterion that `reads: plan`.",
    )
    need: list[Term] = Field(
        default_factory=list,
        description="Phrases of a statement of prevalence or need, e.g. 'rates of', 'more "
        "likely to', 'one in four': a sentence with one and no commitment is at most a "
        "mention, and no evidence for a criterion that `reads: plan`.",
    )


class HitConditions(Strict):
    """Minimums on what every criterion's hits amount to."""

    hits: int | None = Field(default=None, ge=0, description="counted hits")
    pages: int | None = Field(default=None, ge=0, description="distinct pages with a hit")
    terms: int | None = Field(default=None, ge=0, description="distinct term labels matched")
    sentences: int | None = Field(
        default=None, ge=0, description="distinct sentences with a counted hit"
    )
    commitments: int | None = Field(
        default=None, ge=0, description="sentences with a commitment or target hit"
    )
    commitment_pages: int | None = Field(
        default=None, ge=0, description="distinct pages with a commitment or target"
    )
    targets: int | None = Field(default=None, ge=0, description="sentences with a target hit")
    documents: int | None = Field(default=None, ge=0, description="distinct documents with a hit")


def _kind_conditions() -> type[Strict]:
    """Minimums on the counts the rule kinds yield (`share`), one field each, made from
    the kinds' own declarations (`EvidenceRule.yields`)."""
    fields: dict[str, Any] = {
        key: (
            (float if count.fraction else int) | None,
            Field(
                default=None,
                ge=0,
                le=1 if count.fraction else None,
                description=f"{count.description} (needs a `{kind}` rule)",
            ),
        )
        for key, (count, kind) in KIND_COUNTS.items()
    }
    return create_model("KindConditions", __base__=Strict, __module__=__name__, **fields)


if TYPE_CHECKING:

    class KindConditions(Strict):
        """(Its fields are the kinds' counts, read with `getattr`.)"""

else:
    KindConditions = _kind_conditions()


class Conditions(KindConditions, HitConditions):
    """Minimums that must all hold for a rating rule to apply. Absent means no minimum."""

    covered: int | None = Field(
        default=None, ge=0, description="criteria covered (derived criteria)"
    )
    rules: list[Id] | None = Field(
        default=None, description="evidence rules (by id) that must each have a hit"
    )


class RatingRule(Strict):
    level: str
    when: Conditions = Field(default_factory=Conditions)
    description: str | None = None


class Derived(Strict):
    """A criterion computed from others: `covered` counts those at `at_least` or better."""

    from_: list[Id] = Field(alias="from", min_length=1)
    at_least: str


class Example(Strict):
    text: str = Field(min_length=1)
    strength: Strength | None = None
    note: str | None = None


ExampleItem = Annotated[str, Field(min_length=1)] | Example


class Examples(Strict):
    """Sentences that must produce a counted hit, and sentences that must not."""

    match: list[ExampleItem] = Field(default_factory=list)
    no_match: list[ExampleItem] = Field(default_factory=list)


class Criterion(Strict):
    id: Id
    title: str
    question: str | None = None
    description: str | None = None
    weight: float = Field(default=1.0, ge=0)
    tags: list[Id] = Field(default_factory=list)
    evidence: list[Rule] = Field(default_factory=list)
    derived: Derived | None = None
    rating: list[RatingRule] = Field(min_length=1)
    reads: Literal["understanding", "plan"] = Field(
        default="understanding",
        description="What the criterion asks of a plan: `understanding` (what it knows and "
        "describes: statements of need and reported findings count) or `plan` (what it does "
        "or will do: those are not evidence).",
    )
    examples: Examples = Field(default_factory=Examples)
    overlaps: list[Id] = Field(
        default_factory=list,
        description="Criteria this one shares terms with on purpose (one sentence is evidence "
        "for both, e.g. social prescribing for interventions and for community approaches): "
        "`rubric check` does not warn about the terms they share.",
    )

    @model_validator(mode="after")
    def _evidence_or_derived(self) -> Criterion:
        if bool(self.evidence) == bool(self.derived):
            raise ValueError("a criterion needs either `evidence` rules or `derived`, not both")
        return self


class Domain(Strict):
    id: Id
    title: str
    description: str | None = None
    criteria: list[Criterion] = Field(min_length=1)


class OverallCondition(Strict):
    """A plan can only reach `level` if every named criterion is at `at_least` or better."""

    level: str
    at_least: str
    criteria: list[Id] = Field(default_factory=list)
    tags: list[Id] = Field(default_factory=list)
    description: str | None = None

    @model_validator(mode="after")
    def _names_something(self) -> OverallCondition:
        if not self.criteria and not self.tags:
            raise ValueError("an overall condition needs `criteria` or `tags`")
        return self


class Overall(Strict):
    """Weighted points per level, score thresholds (0..1), and gating conditions."""

    points: dict[str, Annotated[float, Field(ge=0)]]
    thresholds: dict[str, Annotated[float, Field(ge=0, le=1)]]
    conditions: list[OverallCondition] = Field(default_factory=list)
    description: str | None = None


class Marginal(Strict):
    """When a long document's subject is marginal: fewer sentences with the context than
    `per_1000_words` per thousand words of body text, in documents of `min_words` or more.
    There, a passing mention does not lift a criterion above the lowest level: every
    higher level also needs `needs` (e.g. two sentences)."""

    context: Id = Field(description="the context whose sentences measure the subject")
    min_words: int = Field(ge=0, le=100_000_000, description="body words, all documents")
    per_1000_words: float = Field(ge=0, le=1000)
    needs: Conditions
    description: str | None = None


class Group(Strict):
    """Criteria sharing a tag, summarised together in coverage tables (e.g. at-risk groups)."""

    tag: Id
    title: str
    description: str | None = None


class Rubric(Strict):
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, allow_inf_nan=False
    )

    schema_version: Literal[1] = 1
    id: Id
    version: str
    title: str
    description: str | None = None
    source: str | None = None
    levels: list[str] = Field(min_length=2, description="best first")
    colours: dict[str, Colour] = Field(default_factory=dict)
    language: Language
    contexts: dict[Id, Context] = Field(default_factory=dict)
    domains: list[Domain] = Field(min_length=1)
    groups: list[Group] = Field(
        default_factory=list,
        description="Tags whose criteria coverage tables summarise as a group; without it, "
        "every tag shared by two or more criteria is a group.",
    )
    overall: Overall
    marginal: Marginal | None = Field(
        default=None,
        description="What a passing mention counts for in a long document whose subject is "
        "marginal (an inquiry, a guideline on another topic).",
    )
    _sha256: str = PrivateAttr(default="")

    @property
    def sha256(self) -> str:
        """The SHA-256 of the file the rubric was loaded from ("" when it came from text);
        set by `loader.load_rubric`, never from the YAML, so results name the file."""
        return self._sha256

    @property
    def criteria(self) -> list[Criterion]:
        return [c for d in self.domains for c in d.criteria]

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def rank(self, level: str) -> int:
        """0 for the best level; larger is worse."""
        return self.levels.index(level)

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Rubric:
        if info.context and info.context.get("defer_references"):
            return self  # the loader reports these itself, each at its own line
        problems = reference_problems(self)
        if problems:
            raise ValueError(
                "; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in problems)
            )
        return self


Misreference = tuple[tuple[str | int, ...], str]
"""A cross-reference problem not yet given a line: its place in the data, and its message
(`errors.Problem` is the located one)."""


def reference_problems(rubric: Rubric) -> list[Misreference]:
    """Cross-reference problems, each with the location (a YAML path) it belongs to."""
    out: list[Misreference] = []
    levels = set(rubric.levels)
    if len(levels) != len(rubric.levels):
        out.append((("levels",), "levels must be unique"))
    if NOT_ASSESSABLE in levels:
        out.append(
            (
                ("levels",),
                f"{NOT_ASSESSABLE!r} is not a level: it is the state of a plan whose "
                "text is mostly missing",
            )
        )
    seen: dict[str, tuple[str | int, ...]] = {}
    ids = {c.id for c in rubric.criteria}
    tags = {t for c in rubric.criteria for t in c.tags}

    def need_level(level: str, loc: tuple[str | int, ...]) -> None:
        if level not in levels:
            out.append(
                (loc, f"level {level!r} is not declared in `levels` ({', '.join(rubric.levels)})")
            )

    for name in rubric.colours:
        need_level(name, ("colours", name))
    if rubric.marginal and rubric.marginal.context not in rubric.contexts:
        out.append(
            (
                ("marginal", "context"),
                f"context {rubric.marginal.context!r} is not declared in `contexts`",
            )
        )
    for di, domain in enumerate(rubric.domains):
        for ci, c in enumerate(domain.criteria):
            loc: tuple[str | int, ...] = ("domains", di, "criteria", ci)
            if c.id in seen:
                out.append(((*loc, "id"), f"duplicate criterion id {c.id!r}"))
            seen[c.id] = loc
            rule_ids = {r.id for r in c.evidence if r.id}
            for ri, rule in enumerate(c.evidence):
                if isinstance(rule.context, str) and rule.context not in rubric.contexts:
                    out.append(
                        (
                            (*loc, "evidence", ri, "context"),
                            f"context {rule.context!r} is not declared in `contexts`",
                        )
                    )
            for ri, rr in enumerate(c.rating):
                need_level(rr.level, (*loc, "rating", ri, "level"))
                for name in rr.when.rules or []:
                    if name not in rule_ids:
                        out.append(
                            (
                                (*loc, "rating", ri, "when", "rules"),
                                f"no evidence rule with id {name!r} in criterion {c.id!r}",
                            )
                        )
                if rr.when.covered is not None and not c.derived:
                    out.append(
                        (
                            (*loc, "rating", ri, "when", "covered"),
                            "`covered` only applies to derived criteria",
                        )
                    )
                for key, (count, kind) in KIND_COUNTS.items():
                    if getattr(rr.when, key) is not None and not any(
                        count in r.yields for r in c.evidence
                    ):
                        out.append(
                            (
                                (*loc, "rating", ri, "when", key),
                                f"`{key}` needs an evidence rule of kind `{kind}`",
                            )
                        )
            for oi, ref in enumerate(c.overlaps):
                if ref not in ids:
                    out.append(((*loc, "overlaps", oi), f"unknown criterion {ref!r}"))
                elif ref == c.id:
                    out.append(((*loc, "overlaps", oi), "a criterion cannot overlap itself"))
            if c.derived:
                need_level(c.derived.at_least, (*loc, "derived", "at_least"))
                for fi, ref in enumerate(c.derived.from_):
                    if ref not in ids:
                        out.append(((*loc, "derived", "from", fi), f"unknown criterion {ref!r}"))
                    elif ref == c.id:
                        out.append(
                            ((*loc, "derived", "from", fi), "a criterion cannot derive from itself")
                        )
    for gi, group in enumerate(rubric.groups):
        if group.tag not in tags:
            out.append((("groups", gi, "tag"), f"no criterion has tag {group.tag!r}"))
    for name, _ in rubric.overall.points.items():
        need_level(name, ("overall", "points", name))
    for name in rubric.overall.thresholds:
        need_level(name, ("overall", "thresholds", name))
    missing = [lv for lv in rubric.levels if lv not in rubric.overall.points]
    if missing:
        out.append((("overall", "points"), f"no points for level(s) {', '.join(missing)}"))
    for oi, cond in enumerate(rubric.overall.conditions):
        need_level(cond.level, ("overall", "conditions", oi, "level"))
        need_level(cond.at_least, ("overall", "conditions", oi, "at_least"))
        for ri, ref in enumerate(cond.criteria):
            if ref not in ids:
                out.append(
                    (("overall", "conditions", oi, "criteria", ri), f"unknown criterion {ref!r}")
                )
        for ti, tag in enumerate(cond.tags):
            if tag not in tags:
                out.append(
                    (("overall", "conditions", oi, "tags", ti), f"no criterion has tag {tag!r}")
                )
    out.extend(_derived_cycles(rubric))
    return out


def _derived_cycles(rubric: Rubric) -> list[Misreference]:
    graph = {c.id: list(c.derived.from_) if c.derived else [] for c in rubric.criteria}
    out: list[Misreference] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = " -> ".join([*path[path.index(nxt) :], nxt]) if nxt in path else nxt
                out.append((("domains",), f"derived criteria form a cycle: {cycle}"))
            elif nxt in graph and not state.get(nxt):
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in graph:
        if not state.get(node):
            visit(node, [node])
    return out


def derived_order(rubric: Rubric) -> list[Criterion]:
    """Criteria in an order where every derived criterion comes after what it derives from."""
    done: set[str] = set()
    order: list[Criterion] = []
    by_id = {c.id: c for c in rubric.criteria}

    def add(c: Criterion) -> None:
        if c.id in done:
            return
        done.add(c.id)
        for ref in c.derived.from_ if c.derived else []:
            add(by_id[ref])
        order.append(c)

    for c in rubric.criteria:
        add(c)
    return order
