"""Regex patterns searched with their first character first find exactly the same matches."""

from __future__ import annotations

import random
import re

import pytest

from pmh_assess.rubric import load_rubric
from pmh_assess.rules import RegexRule
from pmh_assess.rules.firstchar import first_char_first

from .conftest import ROOT

RUBRICS = sorted((ROOT / "criteria").glob("*.yaml"))


def _rubric_patterns() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in RUBRICS:
        for criterion in load_rubric(path).criteria:
            for rule in criterion.evidence:
                if isinstance(rule, RegexRule):
                    for label, pattern in rule.patterns.items():
                        found[f"{path.stem}::{criterion.id}::{label}"] = pattern
    return found


RUBRIC_PATTERNS = _rubric_patterns()

# (pattern, what it becomes): every one of these must be rewritten.
REWRITTEN = {
    r"(?<![\w.])\d{1,3}%": r"\d(?<=(?<![\w.])\d)\d{0,2}%",
    r"\b\d+": r"\d(?<=\b\d)\d*",
    r"\b\d{2}\b": r"\d(?<=\b\d)\d{1}\b",
    r"\b\d{1}x": r"\d(?<=\b\d)x",
    r"\b\d{2,}": r"\d(?<=\b\d)\d+",
    r"\b\d{3,}": r"\d(?<=\b\d)\d{2,}",
    r"\b\d{2,4}?0": r"\d(?<=\b\d)\d{1,3}?0",
    r"\b\d+?0": r"\d(?<=\b\d)\d*?0",
    r"\b\d++0": r"\d(?<=\b\d)\d*+0",
    r"\b\d{2}+": r"\d(?<=\b\d)\d{1}+",
    r"\B\d": r"\d(?<=\B\d)",
    r"(?=\d{3})\d+": r"\d(?<=(?=\d{3})\d)\d*",
    r"(?!\d\d\d)\d+": r"\d(?<=(?!\d\d\d)\d)\d*",
    r"(?<=\s)£\d": r"£(?<=(?<=\s)£)\d",
    r"(?<!(?i:per ))\d+%": r"\d(?<=(?<!(?i:per ))\d)\d*%",
    r"(?<![\w/.,£$])\d[\d,]*\s(?i:people|staff)\b": (
        r"\d(?<=(?<![\w/.,£$])\d)[\d,]*\s(?i:people|staff)\b"
    ),
    r"\b[]a.]+": r"[]a.](?<=\b[]a.])[]a.]*",
    r"\b[^]\]%]{2}": r"[^]\]%](?<=\b[^]\]%])[^]\]%]{1}",
    r"\b[\d.,]+%": r"[\d.,](?<=\b[\d.,])[\d.,]*%",
    r"\b.{3}": r".(?<=\b.).{2}",
    r"\b\.\d": r"\.(?<=\b\.)\d",
    r"\b\\": r"\\(?<=\b\\)",
    r"(?<!\d)\n\n": r"\n(?<=(?<!\d)\n)\n",
    r"\b%": r"%(?<=\b%)",
    r"(?<!\w)\w+(?!\w)": r"\w(?<=(?<!\w)\w)\w*(?!\w)",
    r"\b\d(\d)(?P<tail>%)?": r"\d(?<=\b\d)(\d)(?P<tail>%)?",
    r"\b\d(?:\.\d+)?(?# a comment with | and ( in it)%": (
        r"\d(?<=\b\d)(?:\.\d+)?(?# a comment with | and ( in it)%"
    ),
    r"\b\d{x}": r"\d(?<=\b\d){x}",
    # a group of alternatives, each led by a letter or digit
    r"\b(?i:halve|double)\b": (
        r"[DHdh\x80-\U0010ffff](?<=\b(?i:[hd]))(?i:(?<=h)alve|(?<=d)ouble)\b"
    ),
    r"\b(?i:ka|sa|ia|a)": (
        r"[AIKSaiks\x80-\U0010ffff](?<=\b(?i:[ksia]))(?i:(?<=k)a|(?<=s)a|(?<=i)a|(?<=a))"
    ),
    r"\b(?:ka|Sa|i)": r"[Sik\x80-\U0010ffff](?<=\b(?:[kSi]))(?:(?<=k)a|(?<=S)a|(?<=i))",
    "(?<![\\w.])(?i:k(a)|s(?:a|ka)|\u0131a)(?!a)": (
        "[IKSiks\\x80-\\U0010ffff](?<=(?<![\\w.])(?i:[ks\u0131]))"
        "(?i:(?<=k)(a)|(?<=s)(?:a|ka)|(?<=\u0131)a)(?!a)"
    ),
    r"\b(?i:1a|2|ka)\b": r"[12Kk\x80-\U0010ffff](?<=\b(?i:[12k]))(?i:(?<=1)a|(?<=2)|(?<=k)a)\b",
}

# Patterns the rewrite must leave as they are.
REFUSED = [
    r"\d{1,3}%",  # already starts with a character
    r"\b\d+|\bx",  # top-level alternation
    r"(?<!\w)\d|x",
    r"(?<=(\d))\d",  # a capturing group in the copied assertion
    r"(?=(?P<n>\d))\d",
    r"\b\d*%",  # the first item may be absent
    r"\b\d?%",
    r"\b\d{,3}%",
    r"\b\d{0,3}%",
    r"\b(?:\d)+",  # a group as the first item
    r"\b(\d)",
    r"(?i)\b\d+",  # global flags
    r"(?i)\bx",
    r"^\d+",  # anchors are already fast or rare
    r"\A\d",
    r"$\n",
    r"\b\x41",  # escapes the scanner does not read
    r"\b\u00a3",
    r"\b\N{POUND SIGN}",
    r"\b\0",
    r"(?:x)\b\d",
    r"(?=a)?b",  # a repeated assertion
    r"\b(?x: \d | x )",  # verbose groups are not scanned
    r"\b(?i:ka|ks)",  # the parser takes the shared first letter out
    r"\b(?i:k|s)",  # single characters: the parser makes them a class
    r"\b(?i:ka)",  # no alternatives
    r"\b(?i:k+a|s)",  # a repeated first character
    r"\b(?i:[ks]a|i)",  # a class first
    r"\b(?i:\da|i)",
    r"\b(?i:ka|sa)+",  # a repeated group
    r"\b(?i:ka|sa)?",
    r"\b(?a:ka|sa)",  # other flags
    r"\b(?is:ka|sa)",
    r"\b(ka|sa)",  # a capturing group
    r"\b(?P<n>ka|sa)",
]

TRICKY = list(REWRITTEN) + REFUSED

SENTENCES = [
    "We will cut waits to 18 weeks, and 95% of people (1,200 more) will be seen.",
    "Rates fell 3.5 per cent; 12.5% fewer; 1000% of 100.5%; v2.0 and 4-6 weeks.",
    "£3.2m for 250 staff, 40 schools, 7 teams; 2024/25: 60%.",
    "No 1 2 33 444 5555. .5 5. 5.5 a5 5a _5 5_ £5 $5 /5 ,5",
    "\n\n12\n\n%\n a\\b ]a] [x] 0 00 000 0000 00000",
    "halve HALVE halving doubled Doubling double-check",
    "Eliminate ZERO zeros eliminated; KA Ka \u212aa \u017fa \u0130a \u0131a IA ia SA.",
    "",
]

NUMBERS = "0123456789" * 3 + "aAbxX_ %£$.,/-]\\[()\n\n\t" + "per cent" + "\u00e9\u0661"
# letters with their case partners outside ASCII (Kelvin sign, long s, dotted and dotless i)
LETTERS = "aaaAAkKsSiI12 .\n\u212a\u017f\u0130\u0131\u00e9"


def _random_texts(alphabet: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(count)]


TEXTS = SENTENCES + _random_texts(NUMBERS, 2000, seed=11) + _random_texts(LETTERS, 1500, seed=12)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [m.regs for m in pattern.finditer(text)]


def _assert_same(original: str, rewritten: str) -> None:
    before, after = re.compile(original), re.compile(rewritten)
    assert after.groupindex == before.groupindex
    rng = random.Random(original)
    for text in TEXTS:
        assert _found(after, text) == _found(before, text), (original, rewritten, text)
        pos = rng.randint(0, len(text))
        a, b = after.search(text, pos), before.search(text, pos)
        assert (a and a.regs) == (b and b.regs), (original, rewritten, text, pos)


def test_the_rubrics_have_regex_patterns() -> None:
    assert len(RUBRIC_PATTERNS) >= 5


@pytest.mark.parametrize("label", sorted(RUBRIC_PATTERNS))
def test_rubric_patterns_find_the_same_matches_first_char_first(label: str) -> None:
    pattern = RUBRIC_PATTERNS[label]
    _assert_same(pattern, first_char_first(pattern))


@pytest.mark.parametrize("pattern", TRICKY)
def test_tricky_patterns_find_the_same_matches_first_char_first(pattern: str) -> None:
    _assert_same(pattern, first_char_first(pattern))


@pytest.mark.parametrize("pattern", list(REWRITTEN))
def test_patterns_led_by_assertions_are_rewritten(pattern: str) -> None:
    assert first_char_first(pattern) == REWRITTEN[pattern]


@pytest.mark.parametrize("pattern", REFUSED)
def test_patterns_the_rewrite_cannot_vouch_for_are_left_alone(pattern: str) -> None:
    assert first_char_first(pattern) == pattern


@pytest.mark.parametrize("label", ["percentage", "number of people", "waiting time"])
def test_the_default_rubrics_digit_patterns_start_with_a_digit(label: str) -> None:
    key = f"mhf-2024::measurable-targets::{label}"
    assert key in RUBRIC_PATTERNS
    assert first_char_first(RUBRIC_PATTERNS[key]).startswith(r"\d(?<=(?<![")


@pytest.mark.parametrize("label", ["halve or double", "eliminate"])
def test_the_default_rubrics_word_groups_start_with_their_first_letters(label: str) -> None:
    key = f"mhf-2024::measurable-targets::{label}"
    assert key in RUBRIC_PATTERNS
    assert first_char_first(RUBRIC_PATTERNS[key]).startswith("[")


def test_a_rule_searches_its_patterns_first_char_first() -> None:
    """The rule's matches on real rubric patterns equal the original alternation's."""
    rule = RegexRule.model_validate(
        {"kind": "regex", "patterns": {"a": r"(?<![\w.])\d{1,3}%", "b": r"\b\d+ staff"}}
    )
    from pmh_assess.engine import prepare_text
    from pmh_assess.engine.index import Cues, DocIndex
    from pmh_assess.rubric.model import Language

    cues = Cues.compile(Language(commitment=["we will"], hedge=[], negation=["no"]))
    text = "We will train 300 staff; 45% of 1.5% and 12% and 9999% of 20 staff."
    doc = DocIndex(prepare_text(text).text, cues)
    found = [(c.start, c.end, c.labels) for c in rule.candidates(doc)]
    assert found == [(c.start, c.end, c.labels) for c in rule._alternation(doc.text.text)]
    assert [doc.text.text[s:e] for s, e, _ in found] == ["300 staff", "45%", "12%", "20 staff"]
