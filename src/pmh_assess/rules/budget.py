"""A time budget for every match of a rubric's own regular expressions (`kind: regex`).

`patterns.check_regex` refuses the patterns known to backtrack before any is used, but no
static check can prove every pattern fast. So a rubric's patterns are matched by the
`regex` package, whose matching takes a timeout that it checks inside its own loop: no
pattern can run past its budget, whatever it is, in any command. Matching also lets other
threads run meanwhile (`concurrent`), so the workbench answers other requests while one
panel's patterns are matched.

One rule's patterns have `BASE + len(text) / RATE` seconds each on one text, together,
counted as `regex` counts them: in processor time, so a busy machine does not stop a
pattern that is only slow for want of a processor. An enclosing `deadline()` (one
workbench request, in seconds of the clock) can only shorten that. A pattern over it
stops with `PatternTimeout`: its document becomes one error line (`score`, `explain`), its
panel says so (`serve`), or it is a finding (`rubric check`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import regex

from ..base.errors import DocumentError

BASE = 0.5
"""Seconds each pattern has on any text, however short (an example sentence)."""
RATE = 1_000_000
"""And one second for each this many characters: every bundled pattern runs at more than
20 million a second (benchmarks/RESULTS.md), so a pattern over it backtracks."""

_DEADLINE: ContextVar[float | None] = ContextVar("pattern_deadline", default=None)


class PatternTimeout(DocumentError):
    """A rubric's regular expression ran past its time budget and was stopped."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Every pattern matched inside stops `seconds` from now at the latest (None: only the
    patterns' own budgets)."""
    if seconds is None:
        yield
        return
    end = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(end if outer is None else min(end, outer))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """A checked pattern compiled once per process, as `re` reads it (regex's version 0)."""
    return regex.compile(pattern, regex.VERSION0)


class Budget:
    """The time one rule's patterns have left on one text."""

    def __init__(self, patterns: int, length: int) -> None:
        self.allowed = max(1, patterns) * (BASE + length / RATE)
        self.length = length
        self.end = time.process_time() + self.allowed
        self.outer = _DEADLINE.get()
        self.by_deadline = False  # whether the deadline, not the budget, ran out first

    def left(self) -> float:
        left = self.end - time.process_time()
        if self.outer is not None and self.outer - time.monotonic() < left:
            left, self.by_deadline = self.outer - time.monotonic(), True
        return max(0.0, left)

    def search(
        self, compiled: regex.Pattern[str], text: str, pos: int, label: str
    ) -> regex.Match[str] | None:
        """`compiled.search(text, pos)`, stopped when the budget is spent."""
        try:
            return compiled.search(text, pos, timeout=self.left(), concurrent=True)
        except TimeoutError:
            raise self.timeout(label) from None

    def finditer(self, compiled: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
        """`compiled.finditer(text)`, stopped when the budget is spent."""
        try:
            yield from compiled.finditer(text, timeout=self.left(), concurrent=True)
        except TimeoutError:
            raise self.timeout("patterns") from None

    def timeout(self, label: str) -> PatternTimeout:
        if self.by_deadline:
            return PatternTimeout(
                f"regular expression {label!r} was still matching when the time limit ran "
                "out, and was stopped (raise it with --timeout)"
            )
        return PatternTimeout(
            f"regular expression {label!r} took longer than its budget of "
            f"{self.allowed:.1f} s of processor time on {self.length:,} characters and was "
            "stopped: it "
            "backtracks; rewrite it without repeats that can match the same text"
        )
