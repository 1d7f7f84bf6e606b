"""What makes a sentence a measurable target: a quantity and a time it is due by.

A deadline ("by 2028", "within 6 weeks", "by the end of March") makes any quantity in the
sentence a target, and so does a plan year ("in 2025/26") unless the sentence reports the
past ("in 2022/23 we saw..."); a recurring period ("each year", "annually") only does so in
a sentence that is already a commitment, since plans also use it for trends ("has risen
every year").
Numbers that name things rather than amounts ("quarter 1", "priority 2", "tier 3") and
numbers inside the period itself do not count as the quantity.
"""

from __future__ import annotations

import re

QUANTITY = re.compile(
    r"(?<![\w/\-])(?:\d+(?:[.,]\d+)*\s?(?:%|per\s?cent\b|percent\b|percentage points?\b)"
    r"|(?:19|20)?\d{1,3}(?:,\d{3})+\b"
    r"|(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?\b(?!\s*(?:/|-|\u2013)\s*\d))"
    r"|\b(?:double|halve|halving|doubling|zero|eliminat(?:e|es|ed|ing))\b",
    re.I,
)
DEADLINE = re.compile(
    r"\b(?:by|before|until|within|over)\s+(?:the\s+)?(?:end\s+of\s+|next\s+)?"
    r"(?:(?:19|20)\d\d|q[1-4]|quarter|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|spring|summer|autumn|winter|\d+\s+(?:days?|weeks?|"
    r"months?|years?)|(?:one|two|three|four|five|six|ten)\s+(?:years?|months?)|year|month)",
    re.I,
)
PLAN_YEAR = re.compile(r"\b(?:in|during|for)\s+(?:19|20)\d\d\s?[/\-\u2013]\s?(?:20)?\d\d\b", re.I)
PAST = re.compile(r"\b(?:was|were|saw|had|received|reached|rose|fell|increased|decreased)\b", re.I)
PERIODIC = re.compile(
    r"\b(?:each|every|per)\s+(?:year|month|quarter|week)\b|\bannually\b|\byear[\s-]on[\s-]year\b",
    re.I,
)
ANY_QUANTITY = re.compile(r"\d|doubl|halv|zero|eliminat", re.I)  # what QUANTITY needs
LABEL_BEFORE = re.compile(
    r"\b(?:quarter|q|phase|priority|page|section|tier|step|stage|level|band|table|figure|"
    r"appendix|chapter|part|wave|cohort|type|ward|group|objective|goal|action|aim)\s*$",
    re.I,
)


def target_cue(sentence: str, committed: bool) -> str | None:
    """The quantity and period that make the sentence a target, as a short cue, or None."""
    if not ANY_QUANTITY.search(sentence):
        return None  # most sentences hold no quantity at all
    periods = list(DEADLINE.finditer(sentence))
    if committed or not PAST.search(sentence):
        periods += list(PLAN_YEAR.finditer(sentence))
    if committed:
        periods += list(PERIODIC.finditer(sentence))
    if not periods:
        return None
    for q in QUANTITY.finditer(sentence):
        if any(p.start() <= q.start() < p.end() for p in periods):
            continue
        if LABEL_BEFORE.search(sentence, max(0, q.start() - 20), q.start()):
            continue
        return f"{q.group(0)!r} {periods[0].group(0)!r}"
    return None
