"""Every term of a rubric looked for in one pass over a document: an Aho-Corasick automaton.

Each term variant compiles to a regular expression (`rules/patterns.py`) that starts with
a literal word, or with a wildcard and then a literal. That literal, case-folded, is the
variant's anchor. One automaton holds the anchors of every term list of a rubric, and one
pass over the document's case-folded text finds every place where any variant could
start; only there is the variant's own regular expression tried. Variants without an
anchor (a term starting with a lone `*`) are searched for with their expression.

Which match wins where is decided exactly as one regular expression alternating the
variants in order would decide it: at the leftmost place where any variant matches, the
first variant in order that matches there wins, and the search goes on after it. So the
matches are identical to the plain regular expression matcher's, which tries every
variant at every character and is a hundred times slower on a whole rubric.

Case folding keeps every character in place (same length), and folds together exactly
the characters Python's case-insensitive matching treats as equal (including its extra
cases such as the long s and the dotless i), so an anchor is never missed; the regular
expression then decides.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import ahocorasick

from ..rules.patterns import accepts, compile_once, term_keys
from .programs import Program, as_program, from_program, program

sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")
casefix: Any = importlib.import_module("re._casefix")

START, WORD, RUN = "start", "word", "run"  # how an anchor's occurrence gives a match start
FORM = "form:"  # + word NUL next: the anchor starts another form of the word, then next
SEPARATORS = " -\u2013\u2014/"  # what may separate the words of a term (patterns.SEPARATOR)
LONG_SEPARATOR = re.compile(r"[ \-\u2013\u2014/]{2,}")
WORD_RUN = re.compile(r"\w*")
SEPARATOR_RUN = re.compile(r"[ \-\u2013\u2014/]*")
LOOKBEHIND = "(?<!\\w)"  # what every term's expression starts with: a word starts there
NOWHERE = 1 << 62


def _canonical_cases() -> dict[int, str]:
    """Lower-case characters Python's ignore-case matching also treats as equal, mapped to one
    representative each (long s to s, dotless i to i, final sigma to sigma...)."""
    parent: dict[int, int] = {}

    def root(c: int) -> int:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for char, others in casefix._EXTRA_CASES.items():
        for other in others:
            a, b = root(char), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    table = {c: chr(root(c)) for c in parent}
    table.update({c: chr(root(c)) for c in casefix._EXTRA_CASES if root(c) != c})
    table[0x2019] = "'"  # the term language matches a typographic apostrophe as '
    return table


_CANONICAL = _canonical_cases()
_NEEDS_CANONICAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _CANONICAL) + "]")


def fold(text: str) -> str:
    """Lower-case text of the same length, folding together what ignore-case matching does,
    with every character that may separate the words of a term made a space."""
    if "\u0130" in text:  # I with dot: the only character whose lower case is two long
        text = text.replace("\u0130", "i")
    low = text.lower()
    if _NEEDS_CANONICAL.search(low):
        low = low.translate(_CANONICAL)
    for separator in SEPARATORS[1:]:
        if separator in low:
            low = low.replace(separator, " ")
    return low


def _literal_char(op: Any, arg: Any) -> str | None:
    if op == sre_constants.LITERAL:
        return fold(chr(arg))
    if op == sre_constants.IN and arg and all(o == sre_constants.LITERAL for o, _ in arg):
        chars = {fold(chr(a)) for _, a in arg}
        return chars.pop() if len(chars) == 1 else None
    return None


def _flat(items: list[Any]) -> list[Any]:
    """Items with the groups they start with opened up, so their literals can be read."""
    out: list[Any] = []
    for op, arg in items:
        if op == sre_constants.SUBPATTERN:
            out.extend(_flat(list(arg[-1])))
        else:
            out.append((op, arg))
    return out


def _common_prefix(texts: list[str]) -> str:
    first = min(texts, key=len, default="")
    for i, char in enumerate(first):
        if any(t[i] != char for t in texts):
            return first[:i]
    return first


def _literal(items: list[Any]) -> tuple[str, bool]:
    """The folded literal that a run of regular expression items starts with, and whether
    the items are that literal and nothing else.

    A choice (an inflected word: its exact form or a word starting with its prefix) gives
    the literal every alternative starts with.
    """
    out = ""
    for op, arg in items:
        if op == sre_constants.BRANCH:
            starts = [_literal(_flat(list(alternative)))[0] for alternative in arg[1]]
            return out + _common_prefix(starts), False
        char = _literal_char(op, arg)
        if char is None:
            return out, False
        out += char
    return out, True


def _is_repeat_of(item: Any, members: list[Any]) -> bool:
    op, arg = item
    return bool(op == sre_constants.MAX_REPEAT and arg[0] == 0 and list(arg[2]) == members)


_SEPARATOR_SET = [(sre_constants.IN, [(sre_constants.LITERAL, ord(c)) for c in SEPARATORS])]
_WORD_CHARS = [(sre_constants.IN, [(sre_constants.CATEGORY, sre_constants.CATEGORY_WORD)])]


def _words(regex: str, parsed: Any = None) -> list[list[Any]]:
    """A term's regular expression (or its `parsed` form) as the items of each of its
    words."""
    items = list(sre_parse.parse(regex) if parsed is None else parsed)
    if items and items[0][0] == sre_constants.ASSERT_NOT and items[0][1][0] == -1:
        items = items[1:]  # the (?<!\w) every term starts with
    words: list[list[Any]] = [[]]
    for op, arg in items:
        if op == sre_constants.SUBPATTERN:
            words[-1].extend(arg[-1])  # a (?i:...) group is one word
        elif _is_repeat_of((op, arg), _SEPARATOR_SET):
            words.append([])
        else:
            words[-1].append((op, arg))
    return words


def inflected_first_anchors(regex: str) -> list[tuple[str, str]]:
    """Anchors for a term of two words or more whose first word is inflected.

    Anchoring on the prefix the first word's forms share ("mental" for `mental health`)
    makes every "mental" a place to try. A match has either the first word as written,
    followed by the second word after one separator, none, or a run of them; or another
    form of the first word. So: the exact word and the second word's literal joined by a
    space, or glued (START); the exact word before a run of separators (RUN); and the
    prefix where it starts a word other than the exact one (FORM). Empty when the term has
    no such shape.
    """
    return _inflected_first_anchors(_words(regex)) if regex.startswith(LOOKBEHIND) else []


def _inflected_first_anchors(words: list[list[Any]]) -> list[tuple[str, str]]:
    if len(words) < 2 or len(words[0]) != 1 or words[0][0][0] != sre_constants.BRANCH:
        return []
    exact, whole = _literal(_flat(list(words[0][0][1][1][0])))
    prefix, _ = _literal(words[0])
    second, _ = _literal(_flat(words[1]))
    if not exact or not whole or not prefix or not exact.startswith(prefix) or not second:
        return []
    return [
        (f"{exact} {second}", START),
        (exact + second, START),
        (exact, RUN),
        (prefix, f"{FORM}{exact}\0{second}"),
    ]


def anchors_of(regex: str) -> list[tuple[str, str]]:
    r"""The folded literals whose every occurrence a match of a term's `regex` starts at.

    START: the match starts at the literal. A term of two words or more gives the first
    word and the start of the second, joined by one separator (folded to a space) or none;
    and the first word alone as RUN, which only counts where a run of two separators or
    more follows it. WORD: the literal follows a leading `*` (`\w*`), and the match starts
    where the word containing it starts. No anchor (an empty list): search the expression.
    """
    return _anchors(_words(regex))


def _anchors(words: list[list[Any]]) -> list[tuple[str, str]]:
    first = words[0]
    if first and _is_repeat_of(first[0], _WORD_CHARS):
        literal, _ = _literal(first[1:])
        return [(literal, WORD)] if literal else []
    literal, whole = _literal(first)
    if not literal:
        return []
    if len(words) > 1 and whole:
        second, _ = _literal(_flat(words[1]))
        if second:
            return [(f"{literal} {second}", START), (literal + second, START), (literal, RUN)]
    return [(literal, START)]


def is_word(char: str) -> bool:
    r"""What `\w` matches in a str pattern."""
    return char.isalnum() or char == "_"


@dataclass
class _Variant:
    regex: str
    anchors: list[tuple[int, str]]  # (anchor index, kind); none: searched by its pattern
    keys: tuple[str, ...]  # of its inflected words: a match must have them (`accepts`)
    number: int = 0  # its place among the matcher's variants (a key for Scan.matches)
    program: Program | None = None  # made in the main process (see `with_programs`)
    _pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled expression, from its program or compiled when first tried (many
        never are)."""
        if self._pattern is None:
            made = from_program(self.regex, self.program) if self.program else None
            self._pattern = made or compile_once(self.regex)
        return self._pattern

    def match(self, text: str, place: int) -> int | None:
        """Where a match starting at `place` ends, or None."""
        m = self.pattern.match(text, place)
        if m is None or m.end() <= place or (self.keys and not accepts(m, self.keys)):
            return None
        return m.end()


@dataclass
class Scan:
    """One document's text and where each anchor occurs in it."""

    text: str
    starts: dict[int, list[int]]
    literals: list[str]
    folded: str = ""  # fold(text): the same length, so its slices are folded slices
    _positions: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    _long_separators: list[int] | None = None
    _forms: dict[tuple[int, str], list[tuple[int, int]]] = field(default_factory=dict)
    _words: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _matched: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # see `matches`

    def matches(self, variant: _Variant) -> list[tuple[int, int]]:
        """(start, end) of every match of an anchored variant, by start: its expression
        tried once at each place its anchors give, for every list holding it (lists share
        many variants: "mental health" is in a dozen)."""
        found = self._matched.get(variant.number)
        if found is None:
            places: set[int] = set()
            for anchor, kind in variant.anchors:
                places.update(self.positions(anchor, kind))
            text, match, keys = self.text, variant.pattern.match, variant.keys
            found = self._matched[variant.number] = []
            for place in sorted(places):  # as `_Variant.match`, without a call per place
                m = match(text, place)
                if m is not None and m.end() > place and (not keys or accepts(m, keys)):
                    found.append((place, m.end()))
        return found

    def positions(self, anchor: int, kind: str) -> list[int]:
        """Where a match can start, from the anchor's occurrences."""
        if kind == RUN:
            return self._before_long_separators(anchor)
        found = self.starts.get(anchor, [])
        if kind == START or not found:
            return found
        known = self._positions.get((anchor, kind))
        if known is not None:
            return known
        text = self.text
        if kind.startswith(FORM):
            exact, _, second = kind[len(FORM) :].partition("\0")
            known = self._positions[(anchor, kind)] = self._other_forms(anchor, exact, second)
            return known
        starts = set()
        for p in found:  # WORD: back to the start of the word holding the anchor
            while p > 0 and is_word(text[p - 1]):
                p -= 1
            starts.add(p)
        known = sorted(starts)
        self._positions[(anchor, kind)] = known
        return known

    def _other_forms(self, anchor: int, exact: str, second: str) -> list[int]:
        """The occurrences that start a word other than `exact` (folded) followed, after
        any separators, by the literal `second` (folded).

        Worked out in steps, each kept for the scan: the words the anchor starts (for the
        anchor), those that are not `exact` with where the next word starts (for the
        anchor and `exact`), then those followed by `second`."""
        key = (anchor, exact)
        others = self._forms.get(key)
        if others is None:
            folded, length = self.folded, len(exact)
            others = self._forms[key] = [
                (p, SEPARATOR_RUN.match(self.text, end).end())  # type: ignore[union-attr]
                for p, end in self._words_at(anchor)
                if end - p != length or folded[p:end] != exact
            ]
        size = len(second)
        folded = self.folded
        return [p for p, after in others if folded[after : after + size] == second]

    def _words_at(self, anchor: int) -> list[tuple[int, int]]:
        """(start, end) of each word the anchor's occurrences start."""
        words = self._words.get(anchor)
        if words is None:
            text, match = self.text, WORD_RUN.match
            words = self._words[anchor] = [
                (p, match(text, p).end())  # type: ignore[union-attr]
                for p in self.starts.get(anchor, [])
                if not (p and is_word(text[p - 1]))
            ]
        return words

    def _before_long_separators(self, anchor: int) -> list[int]:
        """Where the anchor (a term's first word) ends right before two separators or more:
        rare, so these are found from the runs rather than by the automaton."""
        known = self._positions.get((anchor, RUN))
        if known is None:
            if self._long_separators is None:
                self._long_separators = [m.start() for m in LONG_SEPARATOR.finditer(self.text)]
            literal = self.literals[anchor]
            length = len(literal)
            known = [
                r - length
                for r in self._long_separators
                if r >= length and self.folded[r - length : r] == literal
            ]
            self._positions[(anchor, RUN)] = known
        return known


_ANCHORS: dict[str, list[tuple[str, str]]] = {}
"""Each variant's anchors, by its expression: worked out once per process (parsing the
expression is most of the time an automaton takes to build), or given by `learn_anchors`."""


def _anchors_of(regex: str, parsed: Any = None) -> list[tuple[str, str]]:
    anchors = _ANCHORS.get(regex)
    if anchors is None:
        words = _words(regex, parsed)
        if not (regex.startswith(LOOKBEHIND) and (anchors := _inflected_first_anchors(words))):
            anchors = _anchors(words)
        _ANCHORS[regex] = anchors
    return anchors


def known_anchors() -> dict[str, list[tuple[str, str]]]:
    """Every variant's anchors worked out so far in this process, by expression: plain
    data that a later process may `learn_anchors` from (they depend only on this code)."""
    return dict(_ANCHORS)


def learn_anchors(table: object) -> int:
    """Take variants' anchors worked out by another process with this code (see
    `known_anchors`); entries of the wrong shape are left out. How many were taken."""
    if not isinstance(table, dict):
        return 0
    taken = 0
    for regex, anchors in table.items():
        if isinstance(regex, str) and isinstance(anchors, list) and all(map(_anchor, anchors)):
            _ANCHORS.setdefault(regex, [(a[0], a[1]) for a in anchors])
            taken += 1
    return taken


def _anchor(item: object) -> bool:
    """A (literal, kind) pair as `_anchors_of` gives them."""
    return (
        isinstance(item, list | tuple)
        and len(item) == 2
        and isinstance(item[0], str)
        and item[0] != ""
        and isinstance(item[1], str)
        and (item[1] in (START, WORD, RUN) or item[1].startswith(FORM))
    )


Plan = tuple[list[tuple["_Variant", str]], list[int]]


class TermMatcher:
    """Term lists compiled once (per rubric) into one automaton; matched per document.

    Lists are registered up front and compiled on the first scan, so a run that finds all
    its evidence in the cache compiles nothing.
    """

    def __init__(self) -> None:
        self._lists: dict[tuple[tuple[str, str], ...], Plan | None] = {}
        self._variants: dict[str, _Variant] = {}
        self._anchors: dict[str, int] = {}
        self._in_automaton: set[int] = set()
        self._automaton: Any = None
        self._literals: list[str] = []
        self._programs: dict[str, Program] = {}  # see `with_programs`

    def add(self, ordered: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """Register a list of (regex, label) in priority order; its key for `find`."""
        key = tuple(ordered)
        if key not in self._lists:
            if self._automaton is not None:
                raise RuntimeError("term lists must be added before the first scan")
            self._lists[key] = None
        return key

    def knows(self, key: tuple[tuple[str, str], ...]) -> bool:
        return key in self._lists

    def _compile(self) -> None:
        for key in self._lists:
            entries: list[tuple[_Variant, str]] = []
            searched: list[int] = []
            for rank, (regex, label) in enumerate(key):
                variant = self._variants.get(regex)
                if variant is None:
                    indexes = [
                        (self._anchors.setdefault(literal, len(self._anchors)), kind)
                        for literal, kind in _anchors_of(regex)
                    ]
                    self._in_automaton.update(a for a, kind in indexes if kind != RUN)
                    variant = self._variants[regex] = _Variant(
                        regex,
                        indexes,
                        term_keys(regex),
                        len(self._variants),
                        self._programs.get(regex),
                    )
                entries.append((variant, label))
                if not variant.anchors:
                    searched.append(rank)
            self._lists[key] = (entries, searched)
        automaton = ahocorasick.Automaton()
        for literal, index in self._anchors.items():
            if index in self._in_automaton:
                automaton.add_word(literal, (index, len(literal)))
        if self._in_automaton:
            automaton.make_automaton()
        self._literals = sorted(self._anchors, key=self._anchors.__getitem__)
        self._automaton = automaton

    def scan(self, text: str) -> Scan:
        """Every anchor occurrence in the text: one pass of the automaton."""
        if self._automaton is None:
            self._compile()
        starts: dict[int, list[int]] = {}
        folded = fold(text)
        if self._in_automaton:
            for end, (index, length) in self._automaton.iter(folded):
                found = starts.get(index)
                if found is None:
                    starts[index] = [end - length + 1]
                else:
                    found.append(end - length + 1)
        return Scan(text, starts, self._literals, folded)

    def find(self, key: tuple[tuple[str, str], ...], scan: Scan) -> list[tuple[int, int, str]]:
        """(start, end, label) of every match, as the alternation of the list would find."""
        plan = self._lists[key]
        assert plan is not None, "find after scan"
        entries, searched = plan
        if not searched:
            return _leftmost_first_anchored(entries, scan)
        tries: list[tuple[int, int]] = []  # (place, rank): where each variant may match
        starts = scan.starts
        for rank, (variant, _) in enumerate(entries):
            for anchor, kind in variant.anchors:
                found = starts.get(anchor) if kind == START else scan.positions(anchor, kind)
                if found:
                    tries.extend(zip(found, repeat(rank)))
        tries.sort()  # by place, then by rank: the order the alternation tries them in
        candidates: dict[int, list[int]] = {}
        for place, rank in tries:
            ranks = candidates.setdefault(place, [])
            if not ranks or ranks[-1] != rank:
                ranks.append(rank)
        return _leftmost_first(entries, candidates, searched, scan.text)


def _leftmost_first_anchored(
    entries: Sequence[tuple[_Variant, str]], scan: Scan
) -> list[tuple[int, int, str]]:
    """`_leftmost_first` for a list whose every variant has anchors, from each variant's
    matches (`Scan.matches`): taken by place, then by rank (the order the alternation tries
    them in), the first match at or after the end of the last one wins."""
    found: list[tuple[int, int, int]] = []  # (place, rank, end)
    for rank, (variant, _) in enumerate(entries):
        found.extend((place, rank, end) for place, end in scan.matches(variant))
    found.sort()
    out: list[tuple[int, int, str]] = []
    pos = 0
    for place, rank, end in found:
        if place >= pos:
            out.append((place, end, entries[rank][1]))
            pos = end
    return out


def _leftmost_first(
    entries: Sequence[tuple[_Variant, str]],
    candidates: dict[int, list[int]],
    searched: list[int],
    text: str,
) -> list[tuple[int, int, str]]:
    """Scan left to right: at the first place any variant matches, the first in order wins."""
    places = sorted(candidates)
    if not searched:
        out: list[tuple[int, int, str]] = []
        pos = 0
        for place in places:
            if place < pos:
                continue
            for rank in candidates[place]:
                end = entries[rank][0].match(text, place)
                if end is not None:
                    out.append((place, end, entries[rank][1]))
                    pos = end
                    break
        return out
    following = dict.fromkeys(searched, -1)  # where each searched variant next matches
    out = []
    pos = i = 0
    while True:
        i = bisect_left(places, pos, i)
        place = places[i] if i < len(places) else NOWHERE
        for rank in searched:
            if following[rank] < pos:
                m = entries[rank][0].pattern.search(text, pos)
                following[rank] = m.start() if m else NOWHERE
            place = min(place, following[rank])
        if place == NOWHERE:
            return out
        ranks = list(candidates.get(place, ()))
        if searched:
            ranks = sorted(ranks + [r for r in searched if following[r] == place])
        for rank in ranks:
            end = entries[rank][0].match(text, place)
            if end is not None:
                out.append((place, end, entries[rank][1]))
                pos = end
                break
        else:
            pos = place + 1


def with_programs(matcher: TermMatcher, known: object = None) -> dict[str, Program]:
    """Work out the program of each of the matcher's expressions, so that the processes
    it is handed to need not compile them (see `programs.py`): taken from `known`
    (programs by expression, as kept in the cache) where it has one of the right shape,
    else made now, from one parse of the expression that also gives its anchors when the
    matcher is compiled afterwards. Every program, by expression."""
    table = known if isinstance(known, dict) else {}
    made: dict[str, Program] = {}
    for key in matcher._lists:
        for regex, _ in key:
            if regex in made:
                continue
            kept = as_program(table.get(regex))
            if kept is None:
                parsed = sre_parse.parse(regex)
                _anchors_of(regex, parsed)  # read from the parse, which it leaves as it was
                kept = program(regex, parsed)
            made[regex] = kept
    matcher._programs = made
    for regex, variant in matcher._variants.items():  # compiled already: given them now
        variant.program = variant.program or made.get(regex)
    return made


def compiled(matcher: TermMatcher) -> TermMatcher:
    """The matcher with its automaton built now rather than on its first scan: before it is
    handed (pickled) to worker processes, so that each of them need not build it again."""
    if matcher._automaton is None:
        matcher._compile()
    return matcher
