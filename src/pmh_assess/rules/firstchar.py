r"""Regular expressions rewritten to start with a character, for Python's fast search.

`re` looks for a pattern's first literal or character set in C before it tries a match,
but only when the pattern starts with one. A pattern that starts with a zero-width
assertion, such as `(?<![\w.])\d{1,3}%`, is tried at every character of the text. The
same pattern with its first character moved to the front finds exactly the same matches:

    Z1..Zk A{m,n} REST  ->  A(?<=Z1..Zk A)A{m-1,n-1} REST

where the Zi are word boundaries (`\b`, `\B`) or lookarounds and A is one character (a
literal, an escape such as `\d`, a class `[...]` or `.`) repeated at least once. A match
of the new pattern at a place consumes one A there; the lookbehind steps back over that
character and checks the assertions and the A at the same place, seeing the same text
around it; the rest repeats A one time fewer, trying the counts in the same order.

A group of alternatives that each start with a letter or digit, plain or
case-insensitive, is the other shape:

    Z1..Zk (?i:c1R1|c2R2|...) REST  ->  [S](?<=Z1..Zk(?i:[c1c2..]))(?i:(?<=c1)R1|(?<=c2)R2|...) REST

S holds the ASCII characters that match one of the ci (worked out by `re` itself) and
every non-ASCII character, so it holds whatever the group can start with, case partners
such as the Kelvin sign for `k` included; each alternative checks its own first character
again behind it, in the same order as before. Case-insensitive letters give `re` nothing
to scan for, so S, rare outside ASCII letters, is what makes the search fast.

Anything else is left as it is: an alternation at the top level (the assertions belong to
its first branch only), a group, anchor or back-reference among the copied items, global
flags, a first item that may be absent (`\d*`, `\d?`) or another kind of group. The source
is read by a small scanner and the result is accepted only when `re`'s own parser agrees
on every item and reads the new pattern as the same items in the new order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .patterns import sre_constants, sre_parse

ASSERTIONS = ("(?=", "(?!", "(?<=", "(?<!")
BOUNDARIES = (r"\b", r"\B")
CLASS_ESCAPES = frozenset("dDwWsS")
CONTROL_ESCAPES = frozenset("afnrtv")
NOT_AN_ATOM = frozenset("()|*+?{}[]^$")
QUANTIFIER = re.compile(r"(?:([*+?])|\{([0-9]*)(?:(,)([0-9]*))?\})([?+]?)")
SCOPED_FLAGS = re.compile(r"\(\?([aiLmsux-]*):")
GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
GROUP = re.compile(r"\(\?(i?):")
NOT_ASCII = r"\x80-\U0010ffff"
_SINGLE = {
    sre_constants.LITERAL,
    sre_constants.NOT_LITERAL,
    sre_constants.IN,
    sre_constants.ANY,
}
_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_REPEAT_KIND: dict[str, Any] = {
    "": sre_constants.MAX_REPEAT,
    "?": sre_constants.MIN_REPEAT,
    "+": getattr(sre_constants, "POSSESSIVE_REPEAT", None),
}
MAXREPEAT: int = sre_constants.MAXREPEAT


@lru_cache(maxsize=1024)
def first_char_first(pattern: str) -> str:
    """`pattern` rewritten to start with its first character (see the module's docstring),
    or `pattern` itself when the rewrite does not apply or cannot be shown to be the same."""
    try:
        rewritten = _rewrite(pattern)
    except (re.error, RecursionError, IndexError, ValueError):
        return pattern
    return pattern if rewritten is None else rewritten


def _rewrite(pattern: str) -> str | None:
    if not _plain_top_level(pattern):
        return None
    assertions, start = _assertions(pattern)
    if not assertions:
        return None
    original = _parse(pattern)
    baseline = _parse("")
    if original is None or baseline is None or original[0] != baseline[0]:
        return None  # inline global flags
    zero_width = _zero_width(assertions)
    if zero_width is None or original[1][: len(zero_width)] != zero_width:
        return None
    if GROUP.match(pattern, start):
        return _rewrite_group(pattern, assertions, start, original, zero_width)
    return _rewrite_atom(pattern, assertions, start, original, zero_width)


Parsed = tuple[int, list[Any]]


def _rewrite_atom(
    pattern: str, assertions: list[str], start: int, original: Parsed, zero_width: list[Any]
) -> str | None:
    """`Z1..Zk A{m,n} REST` -> `A(?<=Z1..Zk A)A{m-1,n-1} REST`, confirmed by the parser."""
    atom_end = _atom_end(pattern, start)
    if atom_end is None:
        return None
    atom = pattern[start:atom_end]
    quantifier = QUANTIFIER.match(pattern, atom_end)
    low, high, suffix, rest_start = 1, 1, "", atom_end
    if quantifier is not None:
        low, high, suffix = _bounds(quantifier)
        rest_start = quantifier.end()
    if low < 1:
        return None
    again = _quantifier(low - 1, high - 1 if high != MAXREPEAT else MAXREPEAT, suffix)
    if again:
        again = atom + again
    rewritten = f"{atom}(?<={''.join(assertions)}{atom}){again}{pattern[rest_start:]}"

    parsed_atom = _parse(atom)
    if parsed_atom is None or len(parsed_atom[1]) != 1:
        return None
    atom_item = parsed_atom[1][0]
    if atom_item[0] not in _SINGLE:
        return None
    first_item = atom_item
    if quantifier is not None:
        first_item = (_REPEAT_KIND[suffix], (low, high, [atom_item]))
    k = len(zero_width)
    items = original[1]
    if items[k : k + 1] != [first_item]:
        return None
    expected = [atom_item, (sre_constants.ASSERT, (-1, [*zero_width, atom_item]))]
    if again:
        again_high = high - 1 if high != MAXREPEAT else MAXREPEAT
        expected.append((_REPEAT_KIND[suffix], (low - 1, again_high, [atom_item])))
    new = _parse(rewritten)
    if new is None or new != (original[0], expected + items[k + 1 :]):
        return None
    return rewritten


def _rewrite_group(
    pattern: str, assertions: list[str], start: int, original: Parsed, zero_width: list[Any]
) -> str | None:
    """`Z1..Zk (?i:c1R1|c2R2..) REST` -> `[S](?<=Z1..Zk(?i:[c1c2..]))(?i:(?<=c1)R1|..) REST`,
    confirmed by the parser."""
    opened = GROUP.match(pattern, start)
    end = _group_end(pattern, start)
    if opened is None or end is None or QUANTIFIER.match(pattern, end):
        return None
    flags = opened.group(1)
    alternatives = _alternatives(pattern[opened.end() : end - 1])
    if alternatives is None or len(alternatives) < 2:
        return None
    for alternative in alternatives:
        if not alternative[:1].isalnum() or alternative[1:2] in ("*", "+", "?", "{"):
            return None
    firsts = "".join(dict.fromkeys(a[0] for a in alternatives))
    any_first = re.compile(f"(?{flags}:[{firsts}])")
    ascii_firsts = [chr(c) for c in range(128) if any_first.fullmatch(chr(c))]
    lead = "[" + "".join(map(re.escape, ascii_firsts)) + NOT_ASCII + "]"
    body = "|".join(f"(?<={a[0]}){a[1:]}" for a in alternatives)
    behind = f"(?<={''.join(assertions)}(?{flags}:[{firsts}]))"
    rewritten = f"{lead}{behind}(?{flags}:{body}){pattern[end:]}"

    k = len(zero_width)
    items = original[1]
    branches = _branches(items[k : k + 1], flags)
    if branches is None or len(branches) != len(alternatives):
        return None
    moved = []
    for alternative, branch in zip(alternatives, branches, strict=True):
        first = (sre_constants.LITERAL, ord(alternative[0]))
        if branch[:1] != [first]:
            return None
        moved.append([(sre_constants.ASSERT, (-1, [first])), *branch[1:]])
    parsed_lead = _parse(lead)
    parsed_any = _parse(any_first.pattern)
    new = _parse(rewritten)
    if parsed_lead is None or parsed_any is None or new is None or new[0] != original[0]:
        return None
    expected = [
        *parsed_lead[1],
        (sre_constants.ASSERT, (-1, [*zero_width, *parsed_any[1]])),
    ]
    if len(new[1]) < 3 or new[1][:2] != expected or _branches(new[1][2:3], flags) != moved:
        return None
    if new[1][3:] != items[k + 1 :]:
        return None
    return rewritten


def _branches(items: list[Any], flags: str) -> list[Any] | None:
    """The alternatives of a parsed group `(?:a|b)` (which the parser inlines) or
    `(?i:a|b)`, or None when the items are not that group."""
    if len(items) != 1:
        return None
    op, arg = items[0]
    if flags:
        if op is not sre_constants.SUBPATTERN or arg[:3] != (None, re.IGNORECASE, 0):
            return None
        if len(arg[3]) != 1:
            return None
        op, arg = arg[3][0]
    if op is not sre_constants.BRANCH or arg[0] is not None:
        return None
    return list(arg[1])


def _bounds(quantifier: re.Match[str]) -> tuple[int, int, str]:
    """(minimum, maximum, lazy or possessive suffix) of a scanned quantifier."""
    short, low, comma, high, suffix = quantifier.groups()
    if short is not None:
        return {"*": 0, "+": 1, "?": 0}[short], 1 if short == "?" else MAXREPEAT, suffix
    minimum = int(low) if low else 0
    if comma is None:
        return minimum, minimum, suffix
    return minimum, int(high) if high else MAXREPEAT, suffix


def _quantifier(low: int, high: int, suffix: str) -> str:
    """The source of a repeat from `low` to `high` times ("" for exactly none)."""
    if high == 0:
        return ""
    if high == MAXREPEAT:
        text = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    elif low == high:
        text = f"{{{low}}}"
    else:
        text = f"{{{low},{high}}}"
    return text + suffix


def _token_end(pattern: str, i: int) -> int | None:
    """The index after the token at `i`: an escape, a class `[...]`, a comment `(?#...)`
    or one character; None when a class or comment is not closed."""
    if pattern[i] == "\\":
        return i + 2
    if pattern[i] == "[":
        return _class_end(pattern, i)
    if pattern.startswith("(?#", i):
        return _comment_end(pattern, i)
    return i + 1


def _tokens(pattern: str, i: int = 0) -> Iterator[tuple[int, int | None, int]]:
    """(start, end, group depth after it) of each token from `i` (see `_token_end`); the
    last has no end when a class or comment is not closed."""
    depth = 0
    while i < len(pattern):
        end = _token_end(pattern, i)
        if end == i + 1:
            depth += {"(": 1, ")": -1}.get(pattern[i], 0)
        yield i, end, depth
        if end is None:
            return
        i = end


def _plain_top_level(pattern: str) -> bool:
    """Whether the whole pattern can be read safely: no `|` outside a group, no global
    flags, no verbose-mode group (whose `#` comments the scanner would misread)."""
    if GLOBAL_FLAGS.match(pattern):
        return False
    depth = 0
    for i, end, depth in _tokens(pattern):
        if end is None:
            return False
        if end == i + 1:
            flags = SCOPED_FLAGS.match(pattern, i)
            if flags is not None and "x" in flags.group(1):
                return False
            if pattern[i] == "|" and depth == 0:
                return False
    return depth == 0


def _class_end(pattern: str, start: int) -> int | None:
    """The index after the `]` that closes the class opened at `start` (a `]` first in the
    class, after an optional `^`, is a literal; escapes are two characters)."""
    i = start + 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1
    return _closed(pattern, i, "]")


def _comment_end(pattern: str, start: int) -> int | None:
    """The index after a `(?#...)` comment, which ends at the first unescaped `)`."""
    return _closed(pattern, start + 3, ")")


def _closed(pattern: str, i: int, close: str) -> int | None:
    """The index after the first unescaped `close` from `i` on, or None."""
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == close:
            return i + 1
        else:
            i += 1
    return None


def _group_end(pattern: str, start: int) -> int | None:
    """The index after the `)` that closes the group opened at `start`."""
    for i, end, depth in _tokens(pattern, start):
        if end is None:
            return None
        if end == i + 1 and pattern[i] == ")" and depth == 0:
            return end
    return None


def _alternatives(body: str) -> list[str] | None:
    """A group's body split at its own `|`s, or None when it cannot be read."""
    found: list[str] = []
    depth, begin = 0, 0
    for i, end, depth in _tokens(body):
        if end is None:
            return None
        if end == i + 1 and body[i] == "|" and depth == 0:
            found.append(body[begin:i])
            begin = end
    return [*found, body[begin:]] if depth == 0 else None


def _assertions(pattern: str) -> tuple[list[str], int]:
    """The sources of the leading zero-width assertions, and the index after them."""
    found: list[str] = []
    i = 0
    while True:
        if pattern.startswith(BOUNDARIES, i):
            end: int | None = i + 2
        elif pattern.startswith(ASSERTIONS, i):
            end = _group_end(pattern, i)
        else:
            return found, i
        if end is None:
            return [], i
        found.append(pattern[i:end])
        i = end


def _zero_width(assertions: list[str]) -> list[Any] | None:
    """The parsed assertions, or None unless each is one assertion without groups."""
    found = []
    for source in assertions:
        parsed = _parse(source)
        if parsed is None or len(parsed[1]) != 1 or _has_group(parsed[1]):
            return None
        item = parsed[1][0]
        if item[0] not in _ZERO_WIDTH:
            return None
        found.append(item)
    return found


def _atom_end(pattern: str, start: int) -> int | None:
    """The index after the one-character atom at `start`, or None when there is none."""
    if start >= len(pattern):
        return None
    char = pattern[start]
    if char == "[":
        return _class_end(pattern, start)
    if char == "\\":
        escaped = pattern[start + 1 : start + 2]
        if not escaped:
            return None
        if escaped in CLASS_ESCAPES or escaped in CONTROL_ESCAPES:
            return start + 2
        if escaped.isascii() and escaped.isalnum():
            return None  # \b, \A, \Z, \x.., \u...., \N{..}, octal and back-references
        return start + 2
    if char in NOT_AN_ATOM:
        return None
    return start + 1


def _parse(source: str) -> Parsed | None:
    """(global flags, items as plain lists and tuples) of a pattern, or None."""
    try:
        tree = sre_parse.parse(source)
    except (re.error, RecursionError):
        return None
    return int(tree.state.flags), _plain(tree)


def _plain(node: Any) -> Any:
    """A parsed pattern with its SubPattern objects made lists, so that they compare."""
    if isinstance(node, sre_parse.SubPattern):
        return [_plain(item) for item in node.data]
    if isinstance(node, tuple | list):
        return type(node)(_plain(item) for item in node)
    return node


def _has_group(items: list[Any]) -> bool:
    """Whether parsed items hold a capturing group or a back-reference."""
    for item in items:
        if isinstance(item, tuple) and len(item) == 2:
            op, arg = item
            if op is sre_constants.SUBPATTERN and arg[0] is not None:
                return True
            if op is sre_constants.GROUPREF or op is sre_constants.GROUPREF_EXISTS:
                return True
        if isinstance(item, tuple | list) and _has_group(list(item)):
            return True
    return False
