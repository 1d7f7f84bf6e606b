"""The document structure read from the words: heading paths, list lead-ins and regions."""

from __future__ import annotations

import pytest

from pmh_assess.extract import Page
from pmh_assess.text import Text, prepare


def _find(text: Text, start: str) -> int:
    return next(i for i in range(len(text.sentences)) if text.sentence_text(i).startswith(start))


def _path(text: Text, start: str) -> list[str]:
    return [text.sentence_text(h) for h in text.heading_path(_find(text, start))]


def _region(text: Text, start: str) -> str:
    return text.sentences[_find(text, start)].section


def _regions_holding(text: Text, words: str) -> list[str]:
    """The region of every sentence that holds the words, wherever in the sentence."""
    return [s.section for i, s in enumerate(text.sentences) if words in text.sentence_text(i)]


def test_a_chapter_title_run_governs_the_headings_after_it_until_the_next_run() -> None:
    text = prepare(
        [
            Page(
                1,
                "Improving emotional wellbeing\n\nOur approach\n\n"
                "We set out here what partners will do together.\n\n"
                "Under fives\n\nHealth visitors will ask every parent how they are coping.\n\n"
                "Young adults\n\nColleges will host drop-in sessions each week.",
            ),
            Page(
                2,
                "Healthy weight\n\nWhat we will do\n\nWe will open more gyms.\n\n"
                "Walking\n\nWe will map routes for every ward.",
            ),
        ]
    )
    assert _path(text, "Health visitors") == ["Improving emotional wellbeing", "Under fives"]
    assert _path(text, "Colleges will") == ["Improving emotional wellbeing", "Young adults"]
    assert _path(text, "We will map") == ["Healthy weight", "Walking"]


def test_numbering_and_capitals_do_not_change_a_heading_path() -> None:
    def paths(first: str, second: str, third: str) -> list[list[str]]:
        text = prepare(
            [
                Page(
                    1,
                    f"{first}\n\nWe will bring services together.\n\n{second}\n\n"
                    f"Schools will get a named link worker.\n\n{third}\n\n"
                    "We will tackle smoking.",
                )
            ]
        )
        return [_path(text, s) for s in ("We will bring", "Schools will", "We will tackle")]

    assert paths("Mental health", "Children", "Physical health") == [
        ["Mental health"],
        ["Children"],
        ["Physical health"],
    ]
    assert paths("3 Mental health", "3.1 Children", "4 Physical health") == [
        ["3 Mental health"],
        ["3.1 Children"],
        ["4 Physical health"],
    ]
    assert paths("MENTAL HEALTH", "Children", "PHYSICAL HEALTH") == [
        ["MENTAL HEALTH"],
        ["Children"],
        ["PHYSICAL HEALTH"],
    ]


def test_list_items_know_their_lead_in_and_running_text_does_not() -> None:
    text = prepare(
        [Page(1, "To support people's mental health we will:\n- open two cafes\n- train staff")]
    )
    lead = _find(text, "To support")
    assert text.sentences[_find(text, "open two")].lead == lead
    assert text.sentences[_find(text, "train staff")].lead == lead
    assert text.sentences[lead].lead == -1


def test_footnotes_at_a_page_foot_are_not_body_and_the_sentence_they_cut_is_joined() -> None:
    text = prepare(
        [
            Page(
                1,
                "Our plan\n\nWe will fund peer support workers in every\nneighbourhood team\n\n"
                "12 See the county's needs assessment report (2022), www.example.org/jsna\n"
                "13 Office for National Statistics, Personal wellbeing survey 2021",
            ),
            Page(2, "across the county by 2026.\n\nMore text follows here."),
        ]
    )
    assert _region(text, "12 See") == "footnote"
    assert _region(text, "13 Office") == "footnote"
    joined = text.sentence_text(_find(text, "We will fund"))
    assert joined.endswith("neighbourhood team across the county by 2026.")


def test_a_numbered_list_at_a_page_foot_is_not_a_footnote() -> None:
    text = prepare([Page(1, "Our aims\n\n1 Reduce suicide in men\n2 Train staff in schools")])
    assert "footnote" not in {s.section for s in text.sentences}


def test_citations_without_a_title_and_source_lines_are_references() -> None:
    text = prepare(
        [
            Page(
                1,
                "We will work with schools on anxiety.\n\n"
                "Marmot, M. et al. (2020) Health equity in England. Institute of Health Equity.\n"
                "Smith, J. and Patel, R. (2019) Loneliness in later life. Available at: "
                "https://example.org/loneliness\n\n"
                "Source: local survey of residents, 2023 (see www.example.org/survey)",
            )
        ]
    )
    assert _region(text, "Marmot") == "references"
    assert _region(text, "Source:") in ("references", "footnote")
    assert _region(text, "We will work") == "body"


def test_member_and_author_lists_are_members() -> None:
    text = prepare(
        [
            Page(
                1,
                "Steering group\n\nJane Doe, Director of Public Health\n"
                "Sam Lee, Head of Mental Health Commissioning\n"
                "Priya Shah, Suicide Prevention Lead, County Council\n\n"
                "The plan\n\nWe will reduce suicide across the county by 2027.",
            ),
            Page(
                2,
                "- Dr Ann Jones, Chair\n- Cllr Tom Baker, Cabinet Member for Health\n"
                "- Mia Wood, Chief Executive, Mind in the county",
            ),
        ]
    )
    assert _region(text, "Sam Lee") == "members"
    assert _region(text, "Cllr Tom") == "members"
    assert _region(text, "We will reduce") == "body"


def test_a_contents_entry_wrapped_in_a_narrow_column_is_still_contents() -> None:
    text = prepare(
        [
            Page(
                1,
                "Contents\n\nSupporting children and young\npeople's mental health\n. . . . . . 12"
                "\nSuicide prevention\n. . . . . . 18\n\nWe will act on every page.",
            )
        ]
    )
    assert _region(text, "Supporting children") == "contents"
    assert _region(text, "We will act") == "body"


def test_a_list_run_together_on_one_line_is_a_list_under_its_lead_in() -> None:
    for line in (
        "To support mental health we will: \u2022 open two cafes \u2022 train staff",
        "To support mental health we will: - open two cafes - train staff",
    ):
        text = prepare([Page(1, line)])
        assert [text.sentence_text(i) for i in range(len(text.sentences))] == [
            "To support mental health we will:",
            "open two cafes",
            "train staff",
        ], line
        assert text.sentences[2].lead == 0


def test_a_spaced_dash_in_a_sentence_does_not_make_a_list() -> None:
    line = "Access improved - especially for young people - across the county."
    text = prepare([Page(1, line)])
    assert [text.sentence_text(i) for i in range(len(text.sentences))] == [line]


def test_citation_markers_set_against_words_are_not_part_of_them() -> None:
    text = prepare([Page(1, "Emergency admissions12,13 rose in 2022.4 Waits fell\u00b2.")])
    assert text.text == "Emergency admissions rose in 2022.4 Waits fell."


def test_running_text_on_a_page_that_lists_contents_is_still_body() -> None:
    entries = "\n\n".join(f"Section {n} - Topic number {n} {3 * n}" for n in range(1, 9))
    vision = (
        "Our vision is that we will work with children and young people to support their "
        "mental health and give them the best start in life."
    )
    text = prepare([Page(1, f"Summary of the plan\n\n{vision}\n\nContents\n\n{entries}")])
    assert _region(text, "Our vision") == "body"
    assert _region(text, "Section 3") == "contents"


def test_lists_run_together_on_middle_dots_or_the_letter_o_are_lists() -> None:
    for mark in ("\u00b7", "o"):
        text = prepare(
            [
                Page(
                    1,
                    "Our five ingredients:\n\n"
                    f"{mark} Information: we will train 600 people by 2026. {mark} Skills: "
                    f"free courses teach coping skills. {mark} Activities: we will fund "
                    "community gardening.",
                )
            ]
        )
        items = [text.sentence_text(i) for i, s in enumerate(text.sentences) if s.lead >= 0]
        assert items == [
            "Information: we will train 600 people by 2026.",
            "Skills: free courses teach coping skills.",
            "Activities: we will fund community gardening.",
        ], mark


def test_a_letter_o_in_running_text_is_no_bullet() -> None:
    text = prepare([Page(1, "Item o Other things.\n\nWe said o dear. Then we left.")])
    assert [s.lead for s in text.sentences] == [-1, -1, -1]


def test_a_numbered_heading_over_a_list_that_starts_at_one_is_a_heading() -> None:
    text = prepare(
        [
            Page(
                1,
                "6. Key metrics\n\nWe will report every quarter.\n\n7. Glossary\n\n"
                "1. CYP - children and young people\n2. SMI - severe mental illness\n"
                "3. VCSE - voluntary, community and social enterprise",
            )
        ]
    )
    assert _region(text, "SMI - severe") == "glossary"
    assert _region(text, "7. Glossary") == "heading"


def test_a_sentence_number_wrapped_to_a_line_start_is_no_list_item() -> None:
    text = prepare(
        [
            Page(
                1,
                "We know that poverty raises the risk of poor mental health, and that half\n"
                "of all lifetime problems start by the age of\n"
                "14. Prevention in the early years therefore matters most.",
            )
        ]
    )
    assert text.sentences[_find(text, "Prevention in the early")].lead == -1


WRAPPED = (
    "The board heard from the director of public health and from the chair of\n"
    "the mental health partnership, who spoke for the primary care networks, Jo\n"
    "{mark} The head of public health then set out three outcomes for the year\n"
    "ahead, and the board agreed them without changes after a short discussion."
)


@pytest.mark.parametrize("mark", ["1.", "-"])
def test_a_mark_wrapped_to_the_start_of_a_line_after_a_full_one_opens_no_item(mark: str) -> None:
    """A "1." or a spaced dash that text wrapping set at a line start, after a line as full
    as the paragraph's others, goes on with the sentence ("... Jo / - Chief Executive"):
    a list's first item starts a line of its own."""
    text = prepare([Page(1, WRAPPED.format(mark=mark))])
    assert [s.lead for s in text.sentences] == [-1] * len(text.sentences)
    assert len({s.paragraph for s in text.sentences}) == 1


def test_a_list_after_a_short_line_still_starts_at_one() -> None:
    text = prepare(
        [
            Page(
                1,
                "The board agreed three outcomes\n1. Fewer people in crisis\n2. More peer support",
            )
        ]
    )
    assert text.sentences[_find(text, "Fewer people")].lead >= 0


def test_a_bullet_that_ends_a_line_opens_the_next_lines_item() -> None:
    """A list run together and wrapped, each item after a middle dot: the dot a line ends
    with belongs to the next line's item, as a bullet sign does."""
    run_on = (
        "The director highlighted: \u00b7 Outcome one - more people are active: a launch\n"
        "event was held in the spring; engagement goes on. \u00b7 Outcome two - less smoking:\n"
        "a campaign ran. \u00b7\nOutcome three - more homes: new units opened."
    )
    one_line = run_on.replace("\n", " ")
    assert _sentences(prepare([Page(1, run_on)])) == _sentences(prepare([Page(1, one_line)]))


def test_a_semicolon_ending_a_line_of_a_bulleted_item_does_not_end_the_item() -> None:
    wrapped = (
        "We agreed:\n\u2022 a launch event in the spring for the new strategy by 2030;\n"
        "ongoing engagement with the community\n\u2022 a campaign on smoking"
    )
    text = prepare([Page(1, wrapped)])
    assert "by 2030; ongoing engagement with the community" in text.text


NUMBERED_ITEMS = [
    "1. Ageing well and supporting people with long-term conditions.",
    "2. Public mental health and wellbeing.",
    "3. Reducing health inequalities in our most deprived communities.",
]


@pytest.mark.parametrize(
    "run_on",
    [
        " ".join(NUMBERED_ITEMS),  # a web page's one paragraph
        "1. Ageing well and supporting people with\nlong-term conditions. 2. Public mental "
        "health and\nwellbeing. 3. Reducing health inequalities in our\nmost deprived "
        "communities.",  # the same, wrapped in a column
    ],
)
def test_a_numbered_list_run_together_reads_as_its_items(run_on: str) -> None:
    def read(items: str) -> list[tuple[str, int, int]]:
        text = prepare([Page(1, f"Our priorities are:\n\n{items}\n\nWe will act.")])
        return [(text.sentence_text(i), s.paragraph, s.lead) for i, s in enumerate(text.sentences)]

    assert read(run_on) == read("\n".join(NUMBERED_ITEMS))


def test_figures_after_a_stop_are_no_numbered_list() -> None:
    text = prepare([Page(1, "The budget rose by 1. 5 million last year. 2. more staff.")])
    assert all(s.lead == -1 for s in text.sentences)


def test_the_last_item_of_a_spaced_numbered_list_is_an_item_when_the_one_before_wrapped() -> None:
    page = (
        "They included:\n\n1. Debt and welfare advice through the local advice\nservice\n\n"
        "2. Social prescribing to promote\nwellbeing\n\nWe will report on both."
    )
    text = prepare([Page(1, page)])
    last = text.sentences[_find(text, "Social prescribing")]
    assert (last.section, last.lead) == ("body", _find(text, "They included"))


def test_a_contents_list_ends_where_its_first_title_comes_round_again() -> None:
    """A contents list set as a list and run into the headings it lists (no page numbers,
    the headings set as list items too): the document begins at the first title repeated."""
    page = (
        "Contents\n\n- 1. Why suicide prevention matters\n- 2. What we will do\n\n"
        "- Why suicide prevention matters\n\n"
        "- We will train staff in every school to spot the signs of distress early."
    )
    text = prepare([Page(1, page)])
    sections = {text.sentence_text(i): s.section for i, s in enumerate(text.sentences)}
    assert sections["1. Why suicide prevention matters"] == "contents"
    assert sections["We will train staff in every school to spot the signs of distress early."] == (
        "body"
    )


@pytest.mark.parametrize(
    "title",
    [
        "1. 2. Promote positive mental health through the life course",  # a number set twice
        "2. Promote and enable\npositive mental health\nand wellbeing through\nthe life course",
    ],
)
def test_a_numbered_title_is_one_heading(title: str) -> None:
    text = prepare([Page(1, f"{title}\n\nWe will train staff in every school.")])
    first = text.sentence_text(0)
    assert text.sentences[0].section == "heading" and first.endswith("the life course"), first
    assert text.heading_path(1) == (0,)


def _sentences(text: Text) -> list[tuple[str, int]]:
    return [(text.sentence_text(i), s.lead) for i, s in enumerate(text.sentences)]


def test_a_numbered_chapter_title_is_a_heading_not_a_row_of_figures() -> None:
    text = prepare(
        [
            Page(1, "Chapter 1: A brief history of epidemics\n\nChapter 1: A brief history\n\n"
                 "Introduction\n\nThis chapter looks back at past pandemics.")
        ]
    )  # fmt: skip
    assert _region(text, "Chapter 1: A brief history of") == "heading"


def test_a_running_head_naming_the_section_is_not_read_again() -> None:
    pages = [
        Page(1, "Our vision\n\nWe want good mental health for all.\n\nSevere mental illness\n\n"
                "We will make sure that 75% of people on the register"),
        Page(2, "Severe mental illness\n\nreceive a physical health check by 2025.\n\n"
                "Suicide prevention\n\nWe will train staff."),
        Page(3, "Suicide prevention\n\nWe will train more staff."),
        Page(4, "Healthy places\n\nWe will plant trees."),
        Page(5, "Healthy places\n\nWe will open parks."),
    ]  # fmt: skip
    text = prepare(pages)
    assert any(
        text.sentence_text(i) == "We will make sure that 75% of people on the register receive "
        "a physical health check by 2025."
        for i in range(len(text.sentences))
    )
    headings = [
        text.sentence_text(i) for i, s in enumerate(text.sentences) if s.section == "heading"
    ]
    assert headings == [
        "Our vision", "Severe mental illness", "Suicide prevention", "Healthy places"
    ]  # fmt: skip


def test_a_footer_with_its_page_number_in_dashes_is_furniture() -> None:
    pages = [
        Page(n, f"OFFICIAL - {n} -\n\nPage {n} body: we will fund peer support this year.")
        for n in range(1, 5)
    ]
    text = prepare(pages)
    assert not any("OFFICIAL" in text.sentence_text(i) for i in range(len(text.sentences)))


def test_a_numbered_chapter_title_that_wraps_is_still_a_heading() -> None:
    text = prepare(
        [
            Page(
                1,
                "People with lived experience sit on both groups.\n\n"
                "3. TACKLING THE CAUSES OF POOR\nMENTAL HEALTH\n\n"
                "3.1 SOCIAL DETERMINANTS\n\nWe will act on them together.",
            )
        ]
    )
    assert _path(text, "We will act") == [
        "3. TACKLING THE CAUSES OF POOR MENTAL HEALTH",
        "3.1 SOCIAL DETERMINANTS",
    ]


WARDS = ["", "Ash", "Birch", "Cedar", "Elm", "Hazel", "Larch", "Oak", "Rowan", "Yew", "Holly"]


def _running_head(n: int) -> str:
    """Pages 1-4 open chapters without a running head; on pages 5-10 odd pages print
    the number after the title, even pages before it; pages 8-10 are the chapter whose
    head ("Recommendations") carries each page's number."""
    heads = [] if n < 5 else [f"Annual plan {n}" if n % 2 else f"{n} Annual plan"]
    if n >= 8:
        heads.append(f"{n} Recommendations" if n % 2 else f"Recommendations {n}")
    return "\n\n".join([*heads, f"We will fund {WARDS[n]}."])


def test_running_heads_with_the_page_number_on_either_side_are_furniture() -> None:
    text = prepare([Page(n, _running_head(n)) for n in range(1, 11)])
    kept = [text.sentence_text(i) for i in range(len(text.sentences))]
    assert kept == [f"We will fund {ward}." for ward in WARDS[1:]]


def test_a_caption_or_a_chart_scale_is_no_parent_of_the_headings_after_it() -> None:
    text = prepare(
        [
            Page(
                1,
                "Recommendations\n\nWe will publish a plan.\n\n"
                "Figure 3: Share of adults reporting low wellbeing\n\n0% 10% 20% 30%\n\n"
                "Data for planning\n\nEvery partner will share its data.",
            )
        ]
    )
    assert _region(text, "Figure 3") == "heading"
    assert _path(text, "Every partner") == ["Data for planning"]


def test_a_signature_or_a_web_address_is_not_a_heading() -> None:
    text = prepare(
        [
            Page(
                1,
                "Foreword\n\nWe are proud of this plan and of the partners behind it.\n\n"
                "Alex Morgan – Chief Executive Officer\n\n"
                "https://example.org/our-plan/summary\n\n"
                "This recommendation is accepted in full by the partnership board\n\n"
                "Staff will be trained in suicide prevention.",
            )
        ]
    )
    assert _region(text, "Alex Morgan") == "members"
    assert _region(text, "https://example.org") != "heading"
    assert _region(text, "This recommendation") == "body"
    assert _path(text, "Staff will") == ["Foreword"]


def test_a_paragraph_that_opens_with_a_name_and_post_is_not_a_member_list() -> None:
    text = prepare(
        [
            Page(
                1,
                "Ann Lee, Director of Public Health, presented the annual report to the board "
                "and set out how partners will reduce smoking in pregnancy across the county.",
            )
        ]
    )
    assert _region(text, "Ann Lee") == "body"


def test_a_heading_that_names_itself_a_chapter_governs_the_sections_after_it() -> None:
    text = prepare(
        [
            Page(
                1,
                "Chapter 2: Children and young people\n\nThis chapter sets out our offer.\n\n"
                "Early years\n\nHealth visitors will ask every parent how they are coping.\n\n"
                "Schools\n\nEvery school will have a named link worker.\n\n"
                "Chapter 3: Older people\n\nWe will open two more day centres.",
            )
        ]
    )
    assert _path(text, "Health visitors") == ["Chapter 2: Children and young people", "Early years"]
    assert _path(text, "Every school") == ["Chapter 2: Children and young people", "Schools"]
    assert _path(text, "We will open two") == ["Chapter 3: Older people"]


def test_a_running_title_above_a_footer_of_several_lines_is_furniture() -> None:
    pages = [
        Page(
            n,
            f"We will fund {WARDS[n]} this year.\n\nThe clinics open in May.\n\n"
            "Staff will be trained first.\n\nEach site has a named lead.\n\n"
            "Type 2 care: a guide (TC1)\n\n"
            "(c) Example Press. All rights reserved. Subject to the\nnotice of rights.\n\n"
            f"Page {n} of\n\n8",
        )
        for n in range(1, 9)
    ]
    text = prepare(pages)
    assert not any("Type 2 care" in text.sentence_text(i) for i in range(len(text.sentences)))


def test_a_long_copyright_footer_is_furniture_and_a_repeated_table_header_is_not() -> None:
    footer = (
        "(c) Example Institute 2025. All rights reserved. Subject to the notice of rights "
        "(https://example.org/terms-and-conditions#notice-of-rights)."
    )
    pages = [
        Page(n, f"We will fund {WARDS[n]} this year.\n\n| Ward | Lead | Budget\n\n{footer}")
        for n in range(1, 5)
    ]
    text = prepare(pages)
    said = [text.sentence_text(i) for i in range(len(text.sentences))]
    assert not [s for s in said if "rights reserved" in s]
    assert said.count("Lead") == 4


def test_a_sentence_cut_by_a_page_break_goes_on_after_it_with_a_capital() -> None:
    text = prepare(
        [
            Page(
                1,
                "Our partners across the county include the council, Healthwatch, the mental\n"
                "health trust and Riverside University\n\n"
                "1 Partners named in the 2023 strategy (see www.example.org).",
            ),
            Page(
                2, "Hospital Trust, with local voluntary groups.\n\n2024 figures\n\nWe will grow."
            ),
        ]
    )
    assert any(
        text.sentence_text(i).endswith(
            "Riverside University Hospital Trust, with local voluntary groups."
        )
        for i in range(len(text.sentences))
    )
    assert _region(text, "2024 figures") == "heading"


def test_a_running_head_missing_from_the_cover_of_a_three_page_document_is_furniture() -> None:
    pages = [
        Page(1, "Suicide prevention plan"),
        Page(2, "Devon Health | Wellbeing Strategy 2024\n\nOFFICIAL - 2 -\n\nWe will fund Ash."),
        Page(3, "Devon Health | Wellbeing Strategy 2024\n\nOFFICIAL - 3 -\n\nWe will fund Elm."),
    ]
    text = prepare(pages)
    said = [text.sentence_text(i) for i in range(len(text.sentences))]
    assert said == ["Suicide prevention plan", "We will fund Ash.", "We will fund Elm."]


def test_a_bullet_sign_that_ends_a_wrapped_line_opens_the_next_item() -> None:
    text = prepare(
        [
            Page(
                1,
                "The group chose four themes for action: \u2022 Loneliness and isolation. \u2022\n"
                "Housing and the home. \u2022 Debt and\nmoney worries. \u2022 Work.",
            )
        ]
    )
    items = [text.sentence_text(i) for i, s in enumerate(text.sentences) if s.lead >= 0]
    assert items == [
        "Loneliness and isolation.",
        "Housing and the home.",
        "Debt and money worries.",
        "Work.",
    ]


def test_a_numbered_question_between_paragraphs_is_a_heading() -> None:
    text = prepare(
        [
            Page(
                1,
                "We will grow peer support in every town.\n\n"
                "3. What have local people told us?\n\n"
                "Residents want help sooner and closer to home.",
            )
        ]
    )
    assert _region(text, "3. What have local people told us?") == "heading"
    assert text.sentences[_find(text, "Residents want")].lead == -1


def test_a_short_quoted_sentence_is_not_a_heading() -> None:
    text = prepare([Page(1, 'Our vision\n\nThe chair said: "Nobody should be left behind."')])
    assert _region(text, "The chair said") == "body"


def test_a_numbered_heading_with_a_colon_in_it_is_a_heading_after_a_contents_entry() -> None:
    text = prepare(
        [
            Page(
                1,
                "Contents\n\n- 1. Key priority: stronger communities\n\n- 2. What we want:\n\n"
                "1. KEY PRIORITY: STRONGER COMMUNITIES\n\n"
                "\u2022 One adult in four lives alone. \u2022 Most wards have a food bank.\n\n"
                "We will fund befriending in every ward.",
            )
        ]
    )
    assert _region(text, "1. KEY PRIORITY") == "heading"
    assert _region(text, "One adult in four") == "body"
    assert _path(text, "We will fund") == ["1. KEY PRIORITY: STRONGER COMMUNITIES"]


def test_a_numbered_question_that_wraps_is_a_heading() -> None:
    text = prepare(
        [
            Page(
                1,
                "We will grow peer support in every town.\n\n"
                "3. What have local people told\nus?\n\n"
                "They want help sooner and closer to home.",
            )
        ]
    )
    assert _path(text, "They want help") == ["3. What have local people told us?"]


def test_a_web_pages_note_with_a_link_back_is_a_footnote() -> None:
    text = prepare(
        [
            Page(
                1,
                "Our plan\n\nWe will train every teacher in the county.\n\n"
                "- Mental health strategy: https://example.org/strategy \u21a9",
            )
        ]
    )
    assert _region(text, "Mental health strategy") == "footnote"
    assert _region(text, "We will train") == "body"


def test_running_text_after_a_contents_list_on_a_web_page_is_body() -> None:
    text = prepare(
        [
            Page(
                1,
                "Contents\n\n- Decision type\n\n- Consultation process\n\n"
                "Savings programme 2025: less funding for the wellbeing centres run by the "
                "county council, keeping the public health share (closing the adult care part)\n\n"
                "The purpose of this report is to seek approval for the reduction of funding for "
                "the wellbeing centres run by the county council",
            )
        ]
    )
    assert _region(text, "Savings programme 2025") == "body"
    assert _region(text, "The purpose of this report") == "body"
    assert _region(text, "Decision type") == "contents"


def test_a_title_in_capitals_does_not_run_on_into_the_next_page() -> None:
    text = prepare(
        [
            Page(1, "ANNUAL REPORT AND ACCOUNTS 2020/21"),
            Page(2, "patients, pupils and partners from the councils and charities met in May."),
        ]
    )
    assert _region(text, "ANNUAL REPORT") == "heading"
    assert _region(text, "patients, pupils") == "body"


def test_a_lead_in_leads_the_lists_under_the_labels_after_it() -> None:
    text = prepare(
        [
            Page(
                1,
                "The two boroughs have different priorities:\n\nIslington\n\n"
                "- a good start for every child\n- better mental health\n\nCamden\n\n"
                "- healthy weight\n\nOur approach\n\nWe will work together.\n\n- one\n- two",
            )
        ]
    )
    lead_in = _find(text, "The two boroughs")
    for start in ("a good start", "better mental health", "healthy weight"):
        assert text.sentences[_find(text, start)].lead == lead_in
    assert _path(text, "better mental health") == ["Islington"]
    assert text.sentences[_find(text, "one")].lead == -1


def test_a_table_of_one_cell_is_a_box_round_a_paragraph() -> None:
    text = prepare(
        [
            Page(
                1,
                "Our places differ.\n\n"
                "| Poorer health is found where deprivation is greatest. Deaths from heart "
                "disease widen the gap.\n\n"
                "We will act on this.\n\n| Ward | Gap\n\n| North | 6 years",
            )
        ]
    )
    assert _region(text, "Poorer health is found") == "body"
    assert _region(text, "Deaths from heart disease") == "body"
    assert _region(text, "North") == "table"


def test_a_title_in_capitals_is_kept_though_its_running_head_is_dropped() -> None:
    pages = [
        Page(n, f"Better mental health fund\n\n{top}We will fund project {n}.")
        for n, top in ((1, "BETTER MENTAL HEALTH FUND\n\n"), (2, ""), (3, ""), (4, ""))
    ]
    text = prepare(pages)
    said = [text.sentence_text(i) for i in range(len(text.sentences))]
    assert said[0] == "BETTER MENTAL HEALTH FUND"
    assert "Better mental health fund" not in said
    assert _path(text, "We will fund project 3") == ["BETTER MENTAL HEALTH FUND"]


def test_running_text_with_a_list_after_a_contents_title_ends_the_contents() -> None:
    text = prepare(
        [
            Page(
                1,
                "Contents\n\nThe pandemic showed how unequal health is across our eight "
                "boroughs, and partners have agreed to narrow the gaps in life expectancy "
                "together. We work with methods we designed with residents.\n"
                "- Data and insight - what we know\n- Action in each borough - what we do",
            )
        ]
    )
    assert _region(text, "The pandemic showed") == "body"
    assert _region(text, "Action in each borough") == "body"


def test_short_lines_after_a_colon_lead_in_are_its_list_set_out_without_bullets() -> None:
    text = prepare(
        [
            Page(
                1,
                "The council set out these objectives:\n\nPromote use of parks and green spaces"
                "\n\nPromote volunteering and tackle isolation\n\nThe board will review them."
                "\n\nThe priorities differ:\n\nIslington\n\n- better mental health",
            )
        ]
    )
    lead_in = _find(text, "The council set out")
    for start in ("Promote use of parks", "Promote volunteering"):
        assert _region(text, start) == "body"
        assert text.sentences[_find(text, start)].lead == lead_in
    assert _region(text, "Islington") == "heading"


def test_a_contents_page_whose_page_numbers_are_read_apart_from_its_titles_is_contents() -> None:
    # a designed contents page: the column of page numbers comes out before the titles,
    # and the "Contents" title after them (drawn last), so no line holds title and number
    numbers = "\n\n".join(str(n) for n in (3, 5, 8, 8, 12, 15, 21))
    titles = (
        "Foreword\n\nSummary\n\n1. Our approach\n\nWhy mental health matters\nWhat we heard\n\n"
        "2. Priorities\n\nLoneliness and isolation\nPeer support in every ward\n\nContents"
    )
    text = prepare([Page(2, f"{numbers}\n\n{titles}"), Page(3, "We will open two cafes.")])
    for start in ("Why mental health", "Loneliness and isolation", "Peer support", "Summary"):
        assert _region(text, start) == "contents", start
    assert _region(text, "We will open") == "body"


def test_a_list_of_witnesses_and_the_organisations_that_gave_evidence_is_not_evidence() -> None:
    entries = (
        "Citywide Mental Health Alliance (EV 12)\nMs Jo Reed, Healthy Homes Network (EV 3, 40)\n"
        "Peer Support Collective\n(EV 8)\nCarers Together and the School of Social Care,\n"
        "Northmoor University (EV 21)\nYouth Wellbeing Trust (EV 5)"
    )
    text = prepare(
        [
            Page(
                40,
                "We will publish a progress report every year.\n\n"
                f"Appendix 2: List of witnesses\n\n{entries}\n\nSchool Nurses Forum (EV 30)",
            ),
            Page(41, "Appendix 3: Our commitments\n\nWe will fund peer support in every ward."),
        ]
    )
    for words in ("Citywide Mental", "Carers Together", "School Nurses"):
        assert _regions_holding(text, words) == ["members"], words
    assert _region(text, "We will fund") == "body"
    assert _region(text, "We will publish") == "body"


def test_members_declared_interests_are_not_evidence() -> None:
    interests = (
        "Members:\n\nA. Lee (Chair)\nB. Khan\n\nDeclared interests\n\n"
        "A. Lee Trustee of a mental health charity Adviser to a housing trust\n"
        "B. Khan Board member of a suicide prevention network"
    )
    text = prepare(
        [
            Page(1, f"Appendix 1: Members and declarations of interest\n\n{interests}"),
            Page(2, "Appendix 2: Method\n\nWe held twelve public meetings across the county."),
        ]
    )
    for words in ("Trustee of a mental health charity", "suicide prevention network"):
        assert _regions_holding(text, words) == ["members"], words
    assert _region(text, "We held twelve") == "body"
