r"""The term language, compiled to safe regular expressions.

A term is words separated by spaces or hyphens, matched:
- case-insensitively, except acronym words written in capitals (CYP, SMI, LTC), which match
  exactly as written;
- with plural and possessive endings on the last word (programme -> programmes,
  community -> communities, people -> people's);
- with the word's other inflected and derived forms (prevention -> prevented, preventing;
  illness -> illnesses; behaviour -> behavioural), and with British or American spelling
  (organisation -> organization, programme -> program): see "Inflection" below;
- with any run of spaces or hyphens between words (long-term, long term, longterm);
- `*` at the end (or start) of a word matches any letters: `refugee*`, `*therapy`;
  a `*` standing alone matches any one word: `all * will have`.

Inflection. Two words are forms of one another when their keys are equal: the key is the
Snowball English stem (PyStemmer) of the word, lower-cased and with its spelling made
American (`spelling`). A term word that can be inflected compiles to its exact form (as
before) or any whole word starting with the literal prefix it shares with its key,
captured in a group that carries the key in a comment: `(?:prevention|(prevent\w*)(?#=prevent))`.
A match is only kept when every captured word has the key (`accepts`); both matchers
(the automaton and the reference alternation) apply that check. Words stay exact: acronyms
and any word with a capital letter (names: Samaritans, Mind, Black Country), words with
digits, apostrophes or a `*`, words of fewer than four letters, words whose key is listed
in `EXACT_KEYS` (stems that join unrelated words, such as person/personal), every word of
a term written with a leading `=` (`=Mind`), and every term of a list matched with
inflection turned off (cue lists; rules and contexts with `inflect: false`).

Generated patterns have no nested repetition, so they cannot backtrack catastrophically.
Raw regular expressions (the `regex` rule kind) are checked by `check_regex` for the
same property before they are accepted.
"""

from __future__ import annotations

import importlib
import re
import warnings
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import Stemmer

# Python 3.11 moved the regex parser to re._parser; it is the only way to inspect a pattern.
sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")
_compiler: Any = importlib.import_module("re._compiler")

SEPARATOR = r"[ \-\u2013\u2014/]*"
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]*[A-Z0-9]$")
WORD_PART = re.compile(r"^\*?[\w'&.+]+\*?$|^\*$")
MAX_TERM_LENGTH = 200
EXACT_MARK = "="
MIN_INFLECTED = 4  # shorter words (and shorter shared prefixes) stay exact
KEY_COMMENT = re.compile(r"\(\?#=([a-z]+)\)")
INFLECTABLE = re.compile(r"^[a-z]+$")

# British spellings made American before stemming, so both spellings share a key. Each
# needs a few letters before it, so short words ("four", "tre") are left alone.
SPELLING = [
    (re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=\w{3})our(s|ed|ing|al|ally|ite|ites|able|er|ers|hood)?$"), r"or\1"),
    (re.compile(r"(?<=\w{3})amme(s|d)?$"), r"am\1"),
    (re.compile(r"(?<=\w{2})tre(s)?$"), r"ter\1"),
    (re.compile(r"(?<=\w{2})tred$"), "tered"),
    (re.compile(r"(?<=\w{3}e)ll(ing|ed|er|ers|or|ors)$"), r"l\1"),
]
BRITISH = [
    (re.compile(r"(?<=\w{3})iz(e|ed|es|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile(r"(?<=\w{3}[^o])or(s|ed|ing|al|ally|ite|ites|able|er|ers|hood)?$"), r"our\1"),
    (re.compile(r"(?<=\w{2})ter(s)?$"), r"tre\1"),
    (re.compile(r"(?<=\w{3}e)l(ing|ed|er|ers|or|ors)$"), r"ll\1"),
]

# Keys (stems) that join words of unrelated meaning: a term word with one of these keys
# matches only its exact form (with plural endings), never the other words of its stem.
# Each entry was found by reading real plan text; see tests/test_inflection.py.
EXACT_KEYS = frozenset(
    {
        "busi",  # business / busy
        "care",  # care / careful
        "determin",  # determine / determinant
        "employ",  # employment (work) / to employ (staff) / employer
        "experi",  # experience / experiment
        "find",  # find / findings
        "general",  # general / generally / generality
        "home",  # homes (housing) / home (care at home, closer to home)
        "inform",  # inform / information / informal
        "integr",  # integration / integral / integrity
        "mind",  # mind / mindfulness
        "nation",  # nation / national
        "person",  # person / personal / personally
        "physic",  # physical / physics / physician
        "polit",  # politics / polite
        "special",  # special / specialism
    }
)


class PatternError(ValueError):
    """A term or regular expression that cannot be used."""


_STEMMER: Any = None
_KEYS: dict[str, str] = {}
MAX_KEYS = 200_000  # words remembered; the memo starts afresh when full


def spelling(word: str) -> str:
    """A lower-case word with British spellings made American (behaviour -> behavior)."""
    for pattern, replacement in SPELLING:
        word = pattern.sub(replacement, word)
    return word


def british(word: str) -> str:
    """A lower-case word with American endings made British, the reverse of `spelling`:
    the literal prefix of a term word stops where the two spellings part."""
    for pattern, replacement in BRITISH:
        word = pattern.sub(replacement, word)
    return word


def word_key(word: str) -> str:
    """The key two forms of a word share: the stem of its lower-cased, American spelling."""
    key = _KEYS.get(word)
    if key is None:
        global _STEMMER
        if _STEMMER is None:
            _STEMMER = Stemmer.Stemmer("english")
        key = _STEMMER.stemWord(spelling(word.lower()))
        if len(_KEYS) >= MAX_KEYS:
            _KEYS.clear()
        _KEYS[word] = key
    return key


def _inflected_prefix(core: str) -> tuple[str, str] | None:
    """(literal prefix, key) for a word that matches its other forms, or None if exact."""
    if len(core) < MIN_INFLECTED or not INFLECTABLE.match(core):
        return None
    key = word_key(core)
    if key in EXACT_KEYS:
        return None
    prefix = _common_prefix([core, spelling(core), british(core), key])
    if len(prefix) < MIN_INFLECTED:
        return None
    if prefix.endswith("e"):  # thrive -> thriving, rate -> rating
        prefix = prefix[:-1]
    return prefix, key


def _common_prefix(words: list[str]) -> str:
    shortest = min(words, key=len)
    for i, char in enumerate(shortest):
        if any(w[i] != char for w in words):
            return shortest[:i]
    return shortest


def _word(word: str, last: bool, inflect: bool) -> str:
    if word == "*":
        return r"\w+"
    prefix = word.startswith("*")
    suffix = word.endswith("*")
    core = word.strip("*")
    if not core:
        raise PatternError(f"empty word in term: {word!r}")
    acronym = bool(ACRONYM.match(core)) and not prefix and not suffix
    body = re.escape(core).replace("'", "['\u2019]")
    if last and not suffix and core[-1:].isalpha():
        if acronym:
            body += "s?"
        elif re.search(r"[^aeiou]y$", core, re.I):
            body = body[:-1] + "(?:y|ies)"
        elif not core.endswith("'s"):
            body += "(?:s|es)?"
    inflected = _inflected_prefix(core) if inflect and not (prefix or suffix) else None
    if inflected is not None:
        literal, key = inflected
        other = f"({literal}\\w*(?#={key}))"
        body = f"(?:{body}|{other})" if last else f"(?:{body}|{other}(?!\\w))"
    if last and not suffix:
        body += "(?:['\u2019]s)?"
    if prefix:
        body = r"\w*" + body
    if suffix:
        body += r"\w*"
    return body if acronym else f"(?i:{body})"


@lru_cache(maxsize=8192)
def term_forms(term: str) -> tuple[str, ...] | None:
    """What a term matches up to inflection: each word's key, or the word itself where it
    is exact. Terms with equal forms are forms of one another (prevent, prevention); None
    for a term that is not inflected at all."""
    text = term.strip()
    if text.startswith(EXACT_MARK):
        return None
    words = [w for w in re.split(r"[\s\-\u2013\u2014]+", text) if w]
    forms = []
    inflected_any = False
    for word in words:
        inflected = _inflected_prefix(word)
        inflected_any = inflected_any or inflected is not None
        forms.append(word.lower() if inflected is None else inflected[1])
    return tuple(forms) if inflected_any else None


@lru_cache(maxsize=8192)
def term_keys(regex: str) -> tuple[str, ...]:
    """The keys of a term regex's inflected words, in the order of their groups."""
    return tuple(KEY_COMMENT.findall(regex))


def accepts(match: re.Match[str], keys: tuple[str, ...], offset: int = 0) -> bool:
    """Whether every inflected word a match captured (groups `offset + 1`...) is a form of
    its term word: the same key."""
    for i, key in enumerate(keys, start=offset + 1):
        found = match.group(i)
        if found is not None and word_key(found.lower()) != key:
            return False
    return True


@lru_cache(maxsize=8192)
def term_regex(term: str, inflect: bool = True) -> str:
    """Compile one term of the term language to a regular expression (as text).

    With `inflect`, words that can be inflected also match their other forms, given that
    `accepts` checks each match (see "Inflection" above); a term written with a leading `=`
    is exact whatever `inflect` says.
    """
    text = term.strip()
    if text.startswith(EXACT_MARK):
        text, inflect = text[len(EXACT_MARK) :].strip(), False
    if not text:
        raise PatternError("empty term")
    if len(text) > MAX_TERM_LENGTH:
        raise PatternError(f"term longer than {MAX_TERM_LENGTH} characters")
    words = [w for w in re.split(r"[\s\-\u2013\u2014]+", text) if w]
    if not words or all(w == "*" for w in words):
        raise PatternError(f"term {term!r} has no words to match")
    for word in words:
        if not WORD_PART.match(word) or "*" in word.strip("*"):
            raise PatternError(
                f"term {term!r}: {word!r} is not a word (use letters, digits, ' & . + and a * "
                "at the start or end; for anything else use a `regex` rule)"
            )
    parts = [_word(w, i == len(words) - 1, inflect) for i, w in enumerate(words)]
    return r"(?<!\w)" + SEPARATOR.join(parts) + r"(?!\w)"


MAX_PATTERN_LENGTH = 1000
"""Characters in one raw regex: checking one costs time in its length (a bundled pattern
has fewer than 300); a longer one is refused before anything else is done with it."""


def check_regex(pattern: str) -> None:
    """Refuse a raw regex that is too long, fails to compile, can match empty text, or nests
    repetition."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"regular expression longer than {MAX_PATTERN_LENGTH} characters "
            f"({len(pattern):,}); split it into several patterns"
        )
    try:
        with warnings.catch_warnings():  # Python's notes on "[[" and the like: not ours to print
            warnings.simplefilter("ignore", FutureWarning)
            compiled = re.compile(pattern)
            tree = sre_parse.parse(pattern)  # the same parse, which compiling has passed
    except re.error as exc:
        raise PatternError(f"regular expression does not compile: {exc}") from exc
    if compiled.fullmatch("") is not None or compiled.search("") is not None:
        raise PatternError("regular expression can match empty text")
    if _nested_repeat(tree, inside_repeat=False):
        raise PatternError(
            "regular expression nests repetition (like (a+)+ or (a|aa)*), which can take "
            "exponential time; rewrite it without a repeat inside a repeat"
        )
    if _repeats_empty(tree):
        raise PatternError(
            "regular expression repeats something that can match empty text (like "
            "(?:a?){28}), which can take exponential time; make the repeated part match at "
            "least one character"
        )
    if _has_backreference(tree):
        raise PatternError("regular expression uses a back-reference, which is not allowed")
    token = _NAMED.set(_named_chars(tree))
    try:
        ambiguous = _ambiguous_sequence(list(tree), []) is None
    finally:
        _NAMED.reset(token)
    if ambiguous:
        raise PatternError(
            "regular expression has repeats side by side that can match the same text (like "
            "\\w*\\w* or \\d+\\s*\\d+), which can take polynomial time; put a required "
            "character between them that the repeats cannot match"
        )


LONG_REPEAT = 8
"""A repeat that may run longer than this is a 'run' for the side-by-side check: five
`\\w{0,32}` side by side try 33**5 ways at each place. (Shorter ones side by side still
multiply, which the time budget in `budget.py` stops.)"""
PROBES = "".join(map(chr, range(9, 14))) + "".join(map(chr, range(32, 127)))
PROBES += "\u00a0\u00a3\u00b2\u00df\u00e9\u0130\u0131\u017f\u2013\u2019\u212a\u0661"
_SINGLE = {"LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY"}
Chars = frozenset[str]
_NAMED: ContextVar[str] = ContextVar("named_chars", default="")
"""The characters the pattern being checked names itself, probed beside PROBES: classes
of characters outside them (CJK ranges) would otherwise never seem to overlap."""


def _named_chars(tree: Any) -> str:
    """Every literal of a parsed pattern, and each range's ends and middle."""
    found: set[str] = set()
    for op, arg in tree:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            found.add(chr(arg))
        elif name == "IN":
            for kind, value in arg:
                if str(kind) == "LITERAL":
                    found.add(chr(value))
                elif str(kind) == "RANGE":
                    low, high = value
                    found.update(chr(c) for c in (low, high, (low + high) // 2))
        for child in _children(op, arg):
            found.update(_named_chars(child))
    return "".join(sorted(found))


def _chars(items: list[Any]) -> Chars:
    """The probe characters that the first item of a sequence can match (all when unknown)."""
    probes = PROBES + _NAMED.get()
    if items and str(items[0][0]) in _SINGLE:
        sub = sre_parse.SubPattern(sre_parse.State(), [items[0]])
        one = _compiler.compile(sub, re.IGNORECASE | re.DOTALL)
        return frozenset(c for c in probes if one.fullmatch(c))
    return frozenset(probes)


def _ambiguous_sequence(items: list[Any], pending: list[Chars]) -> list[Chars] | None:
    """Walk a sequence keeping the runs that could still meet what comes next.

    `pending`: character sets of unbounded repeats that everything since them can skip.
    A new run that shares characters with one of them is ambiguous (None is returned);
    a required character that neither shares ends them.
    """
    for op, arg in items:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT"):  # matched on its own where it stands
            if _ambiguous_sequence(list(arg[1]), []) is None:
                return None
            continue
        if name == "AT":
            continue
        if name == "SUBPATTERN":
            result = _ambiguous_sequence(list(arg[-1]), pending)
        elif name == "ATOMIC_GROUP":
            result = _ambiguous_sequence(list(arg), pending)
        elif name == "BRANCH":
            result = []
            for alternative in arg[1]:
                after = _ambiguous_sequence(list(alternative), list(pending))
                if after is None:
                    return None
                result += after
        elif op in _REPEATS:
            low, high, body = arg
            chars = _chars(list(body))
            if high > LONG_REPEAT:
                if any(chars & run for run in pending):
                    return None
                kept = pending if low == 0 else [run for run in pending if run & chars]
                result = [*kept, chars]
            else:
                after = _ambiguous_sequence(list(body), list(pending))
                if after is None:
                    return None
                result = pending + after if low == 0 else after
        else:
            chars = _chars([(op, arg)])
            result = [run for run in pending if run & chars]
        if result is None:
            return None
        pending = list(dict.fromkeys(result))
    return pending


_REPEATS = {
    sre_constants.MAX_REPEAT,
    sre_constants.MIN_REPEAT,
    getattr(sre_constants, "POSSESSIVE_REPEAT", sre_constants.MAX_REPEAT),
}


def _children(op: Any, arg: Any) -> list[Any]:
    if op in _REPEATS:
        return [arg[2]]
    if op == sre_constants.SUBPATTERN:
        return [arg[-1]]
    if op == sre_constants.BRANCH:
        return list(arg[1])
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [arg[1]]
    if op == getattr(sre_constants, "ATOMIC_GROUP", None):
        return [arg]
    return []


def _first_chars(alternative: Any) -> set[int] | None:
    """The characters an alternative can start with, or None when unknown."""
    items = list(alternative)
    if not items:
        return None
    op, arg = items[0]
    if op == sre_constants.LITERAL:
        return {arg}
    if op == sre_constants.IN and all(o == sre_constants.LITERAL for o, _ in arg):
        return {a for _, a in arg}
    return None


def _ambiguous_branch(arg: Any) -> bool:
    """True when two alternatives can start alike, as in (a|aa)*."""
    seen: set[int] = set()
    for alternative in arg[1]:
        first = _first_chars(alternative)
        if first is None or first & seen:
            return True
        seen |= first
    return False


def _nested_repeat(tree: Any, inside_repeat: bool) -> bool:
    for op, arg in tree:
        is_repeat = op in _REPEATS and arg[1] > 1
        if is_repeat and inside_repeat:
            return True
        if op == sre_constants.BRANCH and inside_repeat and _ambiguous_branch(arg):
            return True
        for child in _children(op, arg):
            if _nested_repeat(child, inside_repeat or is_repeat):
                return True
    return False


def _nullable(items: Any) -> bool:
    """Whether a sequence can match empty text (what a lookaround or anchor matches)."""
    for op, arg in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "SUBPATTERN" and _nullable(arg[-1]):
            continue
        if name == "ATOMIC_GROUP" and _nullable(arg):
            continue
        if name == "BRANCH" and any(_nullable(alternative) for alternative in arg[1]):
            continue
        if op in _REPEATS and (arg[0] == 0 or _nullable(arg[2])):
            continue
        return False
    return True


def _repeats_empty(tree: Any) -> bool:
    """Whether a repeat that may run more than once repeats something that can match empty
    text: `(?:a?){28}` tries every way of splitting its text between its turns."""
    for op, arg in tree:
        if op in _REPEATS and arg[1] > 1 and _nullable(arg[2]):
            return True
        if any(_repeats_empty(child) for child in _children(op, arg)):
            return True
    return False


def _has_backreference(tree: Any) -> bool:
    for op, arg in tree:
        if op in (sre_constants.GROUPREF, getattr(sre_constants, "GROUPREF_EXISTS", None)):
            return True
        if any(_has_backreference(child) for child in _children(op, arg)):
            return True
    return False


@lru_cache(maxsize=16384)
def compile_once(regex: str) -> re.Pattern[str]:
    """A regular expression compiled once per process (terms' expressions and rules'
    patterns are tried on every document; `re`'s own cache holds only 512)."""
    return re.compile(regex)


@lru_cache(maxsize=4096)
def compile_alternation(regexes: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """One pattern for many terms; group `t<i>` tells which term matched."""
    return re.compile("|".join(f"(?P<t{i}>{rx})" for i, rx in enumerate(regexes)), flags)
