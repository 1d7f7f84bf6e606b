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

Anything else is left as it is: an alternation at the top level (the assertions belong to
its first branch only), a group, anchor or back-reference among the copied items, global
flags, a first item that is a group or may be absent (`\d*`, `\d?`). The source is read by
a small scanner and the result is accepted only when `re`'s own parser agrees on every
item and the new pattern parses to the same items in the new order.
"""

from __future__ import annotations

import re
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
    assertions, i = _assertions(pattern)
    if not assertions:
        return None
    atom_end = _atom_end(pattern, i)
    if atom_end is None:
        return None
    atom = pattern[i:atom_end]
    quantifier = QUANTIFIER.match(pattern, atom_end)
    low, high, suffix, rest_start = 1, 1, "", atom_end
    if quantifier is not None:
        low, high, suffix = _bounds(quantifier)
        rest_start = quantifier.end()
    if low < 1:
        return None
    rest = pattern[rest_start:]
    again = _quantifier(low - 1, high - 1 if high != MAXREPEAT else MAXREPEAT, suffix)
    if again:
        again = atom + again
    rewritten = f"{atom}(?<={''.join(assertions)}{atom}){again}{rest}"
    scanned = (low, high, suffix) if quantifier is not None else None
    if not _confirmed(pattern, rewritten, assertions, atom, pattern[atom_end:rest_start], scanned):
        return None
    return rewritten


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


def _plain_top_level(pattern: str) -> bool:
    """Whether the whole pattern can be read safely: no `|` outside a group, no global
    flags, no verbose-mode group (whose `#` comments the scanner would misread)."""
    if GLOBAL_FLAGS.match(pattern):
        return False
    depth, i = 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            end = _class_end(pattern, i)
            if end is None:
                return False
            i = end
            continue
        if char == "(":
            if pattern.startswith("(?#", i):
                end = _comment_end(pattern, i)
                if end is None:
                    return False
                i = end
                continue
            flags = SCOPED_FLAGS.match(pattern, i)
            if flags is not None and "x" in flags.group(1):
                return False
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
        i += 1
    return depth == 0


def _class_end(pattern: str, start: int) -> int | None:
    """The index after the `]` that closes the class opened at `start` (a `]` first in the
    class, after an optional `^`, is a literal; escapes are two characters)."""
    i = start + 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "]":
            return i + 1
        else:
            i += 1
    return None


def _comment_end(pattern: str, start: int) -> int | None:
    """The index after a `(?#...)` comment, which ends at the first unescaped `)`."""
    i = start + 3
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == ")":
            return i + 1
        else:
            i += 1
    return None


def _group_end(pattern: str, start: int) -> int | None:
    """The index after the `)` that closes the group opened at `start`."""
    depth, i = 0, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            end = _class_end(pattern, i)
            if end is None:
                return None
            i = end
            continue
        if pattern.startswith("(?#", i):
            end = _comment_end(pattern, i)
            if end is None:
                return None
            i = end
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


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


def _confirmed(
    pattern: str,
    rewritten: str,
    assertions: list[str],
    atom: str,
    quantifier: str,
    scanned: tuple[int, int, str] | None,
) -> bool:
    """Whether `re`'s parser reads both patterns as the scanner did: the same assertions
    (without groups or back-references), one single-character atom with the scanned
    repeat, and the same items after it."""
    original = _parse(pattern)
    if original is None:
        return False
    flags = original[0]
    baseline = _parse("")
    if baseline is None or flags != baseline[0]:
        return False  # inline global flags
    items = original[1]
    zero_width = []
    for source in assertions:
        parsed = _parse(source)
        if parsed is None or len(parsed[1]) != 1 or _has_group(parsed[1]):
            return False
        item = parsed[1][0]
        if item[0] not in _ZERO_WIDTH:
            return False
        zero_width.append(item)
    parsed_atom = _parse(atom)
    if parsed_atom is None or len(parsed_atom[1]) != 1:
        return False
    atom_item = parsed_atom[1][0]
    if atom_item[0] not in _SINGLE:
        return False
    first = _parse(atom + quantifier)
    if first is None or len(first[1]) != 1:
        return False
    first_item = first[1][0]
    if scanned is not None:
        low, high, suffix = scanned
        if first_item != (_REPEAT_KIND[suffix], (low, high, [atom_item])):
            return False
    elif first_item != atom_item:
        return False
    k = len(zero_width)
    if items[:k] != zero_width or items[k] != first_item:
        return False
    new = _parse(rewritten)
    if new is None or new[0] != flags:
        return False
    new_items = new[1]
    behind = (sre_constants.ASSERT, (-1, [*zero_width, atom_item]))
    if new_items[:2] != [atom_item, behind]:
        return False
    tail = new_items[2:]
    if scanned is not None and scanned[1] != 1:
        low, high, suffix = scanned
        again_high = high - 1 if high != MAXREPEAT else MAXREPEAT
        if tail[:1] != [(_REPEAT_KIND[suffix], (low - 1, again_high, [atom_item]))]:
            return False
        tail = tail[1:]
    return bool(tail == items[k + 1 :])


def _parse(source: str) -> tuple[int, list[Any]] | None:
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
