"""Required contexts: the hit's scope (sentence, paragraph, adjacent) and its heading."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.base.errors import RubricError
from pmh_assess.cli import app
from pmh_assess.engine import Scorer, prepare_text
from pmh_assess.plans import PlanSpec
from pmh_assess.rubric import parse_rubric

RUBRIC = """\
id: t
version: "1"
title: test
levels: [Good, OK, Poor]
language:
  commitment: ["we will"]
  negation: ["there is no"]
contexts:
  mh: {terms: ["mental health", "suicide"]}
  mh-no-headings: {terms: ["mental health", "suicide"], headings: false}
  mh-nearest: {terms: ["mental health", "suicide"], headings: nearest}
  mh-no-lead-in: {terms: ["mental health", "suicide"], lead_in: false}
  mh-adjacent: {terms: ["mental health", "suicide"], scope: adjacent}
  mh-adjacent-only: {terms: ["mental health", "suicide"], scope: adjacent, headings: false}
  mh-para: {terms: ["mental health", "suicide"], scope: paragraph, headings: false}
overall:
  points: {Good: 2, OK: 1, Poor: 0}
  thresholds: {Good: 0.75, OK: 0.4}
domains:
  - id: d
    title: D
    criteria:
      - id: c
        title: C
        evidence:
          - kind: terms
            terms: ["debt advice"]
            context: CONTEXT
        rating:
          - {level: OK, when: {hits: 1}}
"""


def count(context: str, text: str) -> tuple[int, list[str]]:
    rubric = parse_rubric(RUBRIC.replace("CONTEXT", context), "t.yaml")
    result = Scorer(rubric).score_plan(PlanSpec("p", "P", []), [prepare_text(text)])
    c = result.criterion("c")
    return c.hits, [v.reason for v in c.voided_examples]


HEADED = textwrap.dedent(
    """\
    Mental health and wellbeing

    We will fund debt advice in every town.
    """
)


def test_a_heading_about_mental_health_gives_its_sentences_the_context() -> None:
    assert count("mh", HEADED) == (1, [])


def test_headings_false_looks_only_in_the_scope() -> None:
    assert count("mh-no-headings", HEADED) == (
        0,
        ["no mh-no-headings context in the same sentence"],
    )


def test_every_heading_on_the_path_governs_unless_the_context_says_nearest() -> None:
    text = HEADED.replace("\nWe will", "\nHousing and money\n\nWe will")
    assert count("mh", text) == (1, [])
    hits, reasons = count("mh-nearest", text)
    assert hits == 0
    assert reasons == ["no mh-nearest context in the same sentence or its heading"]


def test_a_sibling_section_is_not_governed_by_the_heading_before_it() -> None:
    text = "Mental health and wellbeing\n\nWe will act.\n\nHousing\n\nWe will fund debt advice."
    hits, reasons = count("mh", text)
    assert hits == 0
    assert reasons == ["no mh context in the same sentence or its headings"]


def test_a_list_lead_in_gives_its_items_the_context() -> None:
    text = "Money worries\n\nTo protect people's mental health we will:\n- fund debt advice"
    assert count("mh", text) == (1, [])
    hits, reasons = count("mh-no-lead-in", text)
    assert hits == 0
    assert reasons == ["no mh-no-lead-in context in the same sentence or its headings"]


def test_a_heading_later_in_the_document_does_not_count() -> None:
    text = "We will fund debt advice in every town.\n\nMental health and wellbeing\n"
    assert count("mh", text) == (0, ["no mh context in the same sentence"])


def test_the_heading_context_holds_for_the_whole_section() -> None:
    text = HEADED + "\nMost people need help.\n\nWe will also fund debt advice in schools.\n"
    assert count("mh", text)[0] == 2


NEXT = "We will fund debt advice in every town. It protects mental health. Debt advice helps."


def test_adjacent_reaches_the_sentence_before_and_after() -> None:
    assert count("mh-adjacent-only", NEXT)[0] == 2
    assert count("mh", NEXT)[0] == 0


def test_adjacent_reaches_no_further_than_one_sentence() -> None:
    text = "Mental health matters. Rents are rising. We will fund debt advice in every town."
    hits, reasons = count("mh-adjacent-only", text)
    assert hits == 0
    assert reasons == ["no mh-adjacent-only context in the same or an adjacent sentence"]
    assert count("mh-para", text)[0] == 1


def test_adjacent_stays_in_the_paragraph() -> None:
    text = (
        "Mental health matters to us all, and we say so in every part of this plan.\n"
        "It is a theme.\n\n"
        "We will fund debt advice in every town. Rents are rising."
    )
    assert count("mh-adjacent-only", text)[0] == 0


def test_adjacent_crosses_between_one_sentence_items_of_a_list() -> None:
    text = (
        "Our actions are as follows:\n\n"
        "- We will reduce suicide in men;\n\n"
        "- We will fund debt advice in every town;\n\n"
        "- We will build homes.\n"
    )
    assert count("mh-adjacent-only", text)[0] == 1
    assert count("mh-no-headings", text)[0] == 0


def test_paragraph_scope_also_takes_the_heading() -> None:
    text = "Suicide prevention\n\nWe will fund debt advice in every town. Rents are rising."
    assert count("mh-para", text)[0] == 0
    para_with_headings = "{terms: ['mental health', 'suicide'], scope: paragraph}"
    assert count(para_with_headings, text)[0] == 1


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ("{terms: [suicide], scope: page}", "scope"),
        ("{terms: [suicide], headings: maybe}", "headings"),
        ("{terms: [suicide], heading: false}", "heading"),
    ],
)
def test_the_loader_checks_the_new_keys(context: str, message: str) -> None:
    with pytest.raises(RubricError) as error:
        parse_rubric(RUBRIC.replace("CONTEXT", context), "t.yaml")
    assert message in str(error.value)


def test_the_schema_describes_the_new_keys() -> None:
    out = CliRunner().invoke(app, ["rubric", "schema"])
    assert out.exit_code == 0, out.output
    assert '"adjacent"' in out.output
    assert '"headings"' in out.output


def test_explain_says_the_context_came_from_the_heading(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC.replace("CONTEXT", "mh"), encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(HEADED, encoding="utf-8")
    out = CliRunner().invoke(app, ["explain", str(plan), "--rubric", str(rubric), "-c", "c"])
    assert out.exit_code == 0, out.output
    assert "context from heading 'Mental health and wellbeing'" in " ".join(out.output.split())


def test_a_list_item_that_only_names_a_topic_takes_no_context_from_the_others() -> None:
    # five areas named side by side: one of them being mental health says nothing of
    # the others
    topics = "The programme has five areas:\n\n- debt advice\n- mental health\n- hypertension\n"
    assert count("mh-para", topics)[0] == 0
    assert count("mh-adjacent-only", topics)[0] == 0
    # an item that says something still reads with the item beside it
    actions = (
        "The programme will:\n\n- fund debt advice in every town for people in money trouble\n"
        "- put mental health support into every GP practice\n"
    )
    assert count("mh-adjacent-only", actions)[0] == 1


ITEMS = [
    "Fund debt advice in every town for people in money trouble.",
    "Open two new family hubs in the north of the county.",
    "Put mental health support into every GP practice.",
]


@pytest.mark.parametrize(
    "form",
    [
        "- " + "\n- ".join(ITEMS),  # bullets
        "\n\n".join(ITEMS),  # a paragraph an item, as a web page sets a list
        "\u2022 " + "\n\u2022 ".join(ITEMS),
    ],
)
def test_the_items_of_a_list_are_paragraphs_of_their_own(form: str) -> None:
    """Whether a list has bullets or not, an item's paragraph is the item: mental health in
    the third item is no context for debt advice in the first."""
    text = "Key programmes for the next two years are:\n\n" + form + "\n"
    assert count("mh-para", text)[0] == 0


def test_the_items_of_one_sentence_share_its_paragraph() -> None:
    """Items that are the parts of one sentence (each ends with a semicolon) stay one
    paragraph with their lead-in."""
    text = (
        "We will:\n\n- fund debt advice in every town for people in money trouble;\n"
        "- open two new family hubs in the north of the county;\n"
        "- put mental health support into every GP practice.\n"
    )
    assert count("mh-para", text)[0] == 1


def test_a_lead_in_that_refers_back_takes_the_sentence_it_refers_to() -> None:
    back = (
        "The council signed a pledge to promote better mental health. These objectives go "
        "to the board for approval:\n\n- Fund debt advice in every town\n- Build homes\n"
    )
    assert count("mh-no-headings", back)[0] == 1
    rubric = parse_rubric(RUBRIC.replace("CONTEXT", "mh-no-headings"), "t.yaml")
    found = Scorer(rubric).score_plan(PlanSpec("p", "P", []), [prepare_text(back)])
    source = found.criterion("c").evidence[0].context
    assert source is not None and source.place == "lead-in"
    assert source.quote.startswith("The council signed a pledge")
    not_back = (
        "The council signed a pledge to promote better mental health. The board will "
        "approve:\n\n- Fund debt advice in every town\n- Build homes\n"
    )
    assert count("mh-no-headings", not_back)[0] == 0


def test_a_neighbour_across_a_page_break_is_a_neighbour_past_the_pages_notes() -> None:
    """A page's notes, read between its last sentence and the next page's first, do not
    stand between two neighbours."""
    text = (
        "Our aims\n\nWe made improving mental health a priority across the county.\n\n"
        "1 Health and Wellbeing Board (2023) Joint Health and Wellbeing Strategy.\f"
        "We will fund debt advice for families hit by the cost of living.\n\nNext steps\n"
    )
    assert count("mh-adjacent-only", text)[0] == 1
    assert count("mh-adjacent-only", text.replace("\f", "\n\n"))[0] == 0  # a note in the text
