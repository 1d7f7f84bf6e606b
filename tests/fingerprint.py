"""Fingerprints of a few words, so that expectations about published text can be kept
without keeping the text.

A fragment is kept as `{fp, n}`: the first 12 hex digits of the SHA-1 of its words joined
by single spaces, and how many words it has. Words are NFKC-normalised, lower-cased `\\w+`
runs: a hyphenated word gives its parts, figures are words, punctuation and spacing do not
count. A fragment occurs in a text when some n consecutive words of the text have its
fingerprint.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WORD = re.compile(r"\w+")
DIGITS = 12


def words(text: str) -> list[str]:
    """The words of a text as fingerprints see them."""
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


def fingerprint(text: str) -> str:
    """The fingerprint of a text's words (of words already split, joined by spaces)."""
    joined = " ".join(words(text))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:DIGITS]


@dataclass(frozen=True)
class Fragment:
    """A few words known only by their fingerprint and their count."""

    fp: str
    n: int

    @classmethod
    def of(cls, text: str) -> Fragment:
        """The fragment of a text typed or copied from a page."""
        found = words(text)
        if not found:
            raise ValueError(f"no words in {text!r}")
        return cls(fingerprint(text), len(found))

    @classmethod
    def load(cls, raw: Any) -> Fragment:
        """A fragment as an expectation file keeps it: `{fp: ..., n: ...}`."""
        if not isinstance(raw, Mapping) or set(raw) != {"fp", "n"}:
            raise ValueError(f"a fragment is {{fp, n}}, not {raw!r}")
        fp, n = str(raw["fp"]), raw["n"]
        if not re.fullmatch(f"[0-9a-f]{{{DIGITS}}}", fp) or not isinstance(n, int) or n < 1:
            raise ValueError(f"bad fragment {raw!r}")
        return cls(fp, n)

    def dump(self) -> dict[str, Any]:
        return {"fp": self.fp, "n": self.n}


def window(tokens: Sequence[str], start: int, n: int) -> str:
    return hashlib.sha1(" ".join(tokens[start : start + n]).encode("utf-8")).hexdigest()[:DIGITS]


def positions(fragment: Fragment, tokens: Sequence[str]) -> Iterator[int]:
    """Where the fragment starts in a list of words, first to last."""
    for start in range(len(tokens) - fragment.n + 1):
        if window(tokens, start, fragment.n) == fragment.fp:
            yield start


def occurs(fragment: Fragment, text: str | Sequence[str]) -> bool:
    """Whether the fragment is some run of consecutive words of the text (or word list)."""
    tokens = words(text) if isinstance(text, str) else text
    return next(positions(fragment, tokens), None) is not None
