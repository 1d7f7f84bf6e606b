"""Sentence alignment between two versions of a plan's evidence, tolerant of small edits.

Sentences equal after normalising case and spacing are *kept*. Of the rest, the most
similar pairs (rapidfuzz's normalised Indel ratio, 0-100, at least `SIMILAR`) are
*changed*, matched greedily best first; what is left is *removed* (old) or *added* (new).
A changed pair carries a word diff.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

SIMILAR = 70.0  # a reworded sentence keeps at least this ratio; unrelated ones fall far below
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+(?:['’.,%/-][^\W_]+)*%?|\S")  # a word or number, or a mark


def normalise(text: str) -> str:
    """Case and spacing do not make a sentence new."""
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class WordOp:
    """One run of a word diff: `=` unchanged, `-` only in the old text, `+` only in the new."""

    op: str
    text: str
    space: bool = True  # a space before this run (none before closing punctuation)


@dataclass(frozen=True)
class Pair:
    """One aligned evidence sentence: kind is kept, changed, added or removed."""

    kind: str
    old: int | None  # index into the old list
    new: int | None  # index into the new list
    similarity: float = 100.0
    diff: list[WordOp] = field(default_factory=list)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words, numbers and single marks, each with whether a space came before it."""
    return [
        (m.group(), m.start() > 0 and text[m.start() - 1].isspace()) for m in _TOKEN.finditer(text)
    ]


def word_diff(old: str, new: str) -> list[WordOp]:
    """Runs of words unchanged, removed and added, in reading order, spaced as written."""
    a, b = _tokens(old), _tokens(new)
    ops: list[WordOp] = []
    matcher = difflib.SequenceMatcher(a=[t for t, _ in a], b=[t for t, _ in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        runs = [("=", b[j1:j2])] if tag == "equal" else [("-", a[i1:i2]), ("+", b[j1:j2])]
        for op, tokens in runs:
            if tokens:
                text = tokens[0][0] + "".join((" " if sp else "") + t for t, sp in tokens[1:])
                ops.append(WordOp(op, text, tokens[0][1]))
    return ops


def joined(ops: list[WordOp], mark: dict[str, str]) -> str:
    """A word diff as one line; `mark` maps each op to a format with `{}` for its text."""
    return "".join(
        (" " if i and op.space else "") + mark[op.op].format(op.text) for i, op in enumerate(ops)
    )


def align(old: list[str], new: list[str], *, similar: float = SIMILAR) -> list[Pair]:
    """Align two lists of sentences: kept and changed pairs, then removed, then added.

    Deterministic: ties go to the earlier sentence. The sentences left after exact matches
    (a criterion's evidence: tens, at most a few hundred) are scored pairwise in C.
    """
    import numpy as np  # imported on first use, so the CLI starts without it
    from rapidfuzz import fuzz, process

    pairs: list[Pair] = []
    new_at: dict[str, list[int]] = {}
    for j, text in enumerate(new):
        new_at.setdefault(normalise(text), []).append(j)
    used_new: set[int] = set()
    left_old: list[int] = []
    for i, text in enumerate(old):
        slots = new_at.get(normalise(text))
        if slots:
            j = slots.pop(0)
            used_new.add(j)
            pairs.append(Pair("kept", i, j))
        else:
            left_old.append(i)
    left_new = [j for j in range(len(new)) if j not in used_new]
    scored = []
    if left_old and left_new:  # every pair scored in one rapidfuzz call; below `similar`: 0
        matrix = process.cdist(
            [normalise(old[i]) for i in left_old],
            [normalise(new[j]) for j in left_new],
            scorer=fuzz.ratio,
            score_cutoff=similar,
        )
        for a, b in zip(*np.nonzero(matrix), strict=True):
            scored.append((-float(matrix[a, b]), left_old[a], left_new[b]))
    scored.sort()
    taken_old: set[int] = set()
    for neg, i, j in scored:
        if i in taken_old or j in used_new:
            continue
        taken_old.add(i)
        used_new.add(j)
        pairs.append(Pair("changed", i, j, round(-neg, 1), word_diff(old[i], new[j])))
    pairs.sort(key=lambda p: (p.new if p.new is not None else -1, p.old or 0))
    pairs += [Pair("removed", i, None, 0.0) for i in left_old if i not in taken_old]
    pairs += [Pair("added", None, j, 0.0) for j in range(len(new)) if j not in used_new]
    return pairs
