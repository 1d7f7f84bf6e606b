"""The best evidence shows why it counts: a quote specific to the criterion, cut around
what matched, with the words that matched marked in every format.

The rules are tested on text first, then through the real command line on the sample
plans, whose Northmoor and Elsdale plan once gave one long sentence as the best evidence
of seven criteria (among them "Mention of 'public mental health'", which it does not
contain), cut before the words that matched.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

from pmh_assess.report.evidence import excerpt, marked, spans

from .conftest import ROOT, invoke

PLANS = ROOT / "plans"
LONG = (
    "Information and literacy: we will run a campaign with local radio, libraries and "
    "faith groups, and train six thousand people in first aid for the mind and in "
    "suicide awareness by 2026, including taxi drivers, hairdressers and pharmacists."
)


def test_spans_find_whole_words_in_order_and_merge_overlaps() -> None:
    text = "Suicide prevention and suicide awareness; not suicides."
    assert spans(text, ["suicide"]) == [(23, 30)]  # the exact form; 'suicides' is another word
    assert spans(text, ["Suicide prevention", "prevention"]) == [(0, 18)]
    assert spans(text, ["SUICIDE"]) == [(0, 7), (23, 30)]  # no exact form: any case
    assert marked(text, spans(text, ["awareness"])) == (
        "Suicide prevention and suicide [awareness]; not suicides."
    )


def test_a_long_quote_is_cut_around_what_matched() -> None:
    cut, marks = excerpt(LONG, ["suicide awareness"], 100)
    assert len(cut) <= 100
    assert cut.startswith("…") and cut.endswith("…")
    assert [cut[a:b] for a, b in marks] == ["suicide awareness"]
    assert not re.search(r"\w…|…\w", cut.replace("…", " …", 1)[2:])  # cut at word ends
    head, marks = excerpt(LONG, ["Information"], 100)
    assert head.startswith("Information") and head.endswith("…") and marks == [(0, 11)]
    tail, marks = excerpt(LONG, ["pharmacists"], 100)
    assert tail.startswith("…") and tail.endswith("pharmacists.")
    assert [tail[a:b] for a, b in marks] == ["pharmacists"]
    whole, marks = excerpt("We will train staff.", ["train"], 100)
    assert whole == "We will train staff." and marks == [(8, 13)]


def test_several_matches_are_kept_together_when_they_fit() -> None:
    cut, marks = excerpt(LONG, ["radio", "faith groups"], 90)
    assert [cut[a:b] for a, b in marks] == ["radio", "faith groups"]


def run(*args: str | Path) -> str:
    code, out, err = invoke(*map(str, args), "-q")
    assert code == 0, err
    return out


def test_the_best_evidence_is_specific_to_its_criterion() -> None:
    rows = list(csv.DictReader(io.StringIO(run("score", PLANS, "-f", "csv"))))
    northmoor = [r for r in rows if r["plan"] == "northmoor-elsdale" and r["quote"]]
    explicit = next(r for r in northmoor if r["criterion"] == "pmh-explicit")
    assert "public mental health" in explicit["quote"].lower()
    assert "public mental health" in explicit["matched"].lower()
    uses = Counter(r["quote"] for r in northmoor)
    assert max(uses.values()) <= 3, uses.most_common(1)  # one sentence was best for 9
    # no firm quote of a criterion is cited by fewer of the plan's criteria than its best
    data = json.loads(run("score", PLANS, "-f", "json"))
    best = {(r["plan"], r["criterion"]): r["quote"] for r in rows if r["quote"]}
    for plan in data["plans"]:
        cited = Counter(
            e["quote"]
            for c in plan["criteria"]
            for e in {x["quote"]: x for x in c["evidence"]}.values()
        )
        for c in plan["criteria"]:
            firm = [e["quote"] for e in c["evidence"] if e["strength"] != "mention"]
            if firm:
                chosen = best[(plan["id"], c["id"])]
                assert chosen in firm, (plan["id"], c["id"])
                assert cited[chosen] == min(cited[q] for q in firm), (plan["id"], c["id"])
    for r in rows:  # the words that matched, as written, are in the quote
        for word in filter(None, r["matched"].split(";")):
            assert word in r["quote"], (r["criterion"], word)


def test_the_words_that_matched_are_marked_in_every_format(tmp_path: Path) -> None:
    table = run("score", PLANS, "--detail")
    quotes = re.findall(r"“(.*?)”", table, re.S)
    assert len(quotes) > 100
    unmarked = [q for q in quotes if "[" not in q]
    assert not unmarked, unmarked[:3]  # the cut keeps what matched, marked [so]
    assert "train 6,…" not in table
    markdown = run("score", PLANS, "-f", "markdown")
    cells = re.findall(r"\| “(.*?)” \(", markdown)
    assert len(cells) > 100 and all("**" in cell for cell in cells)
    html = tmp_path / "report.html"
    run("coverage", PLANS, "-o", html)
    text = html.read_text(encoding="utf-8")
    assert text.count("<q>") > 100 and text.count("<mark>") >= text.count("<q>")


def test_audit_shows_the_words_that_matched_beside_the_term() -> None:
    audit = run("rubric", "audit", "mhf-2024", PLANS, "--sample", "10")
    sampled = [line for line in audit.splitlines() if line.startswith("   [ ] ")]
    assert sampled and all(re.search(r" '[^']+'", line) for line in sampled)
    # a term group's label beside the word that matched, where they differ
    assert re.search(r"'[^']+' \([a-z -]+\) \((mention|commitment|target)\)", audit)
