"""Normalisation and sentence splitting keep pages and drop what is not content."""

from __future__ import annotations

from pmh_assess.extract import Page
from pmh_assess.text import Text, normalise_pages, prepare
from pmh_assess.text.normalise import normalise_text


def test_ligatures_soft_hyphens_quotes_and_line_break_hyphens() -> None:
    raw = "e\ufb03cient \ufb01nance, soft\u00adhyphen, \u201cquoted\u201d, preven-\ntion work"
    assert normalise_text(raw) == 'efficient finance, softhyphen, "quoted", prevention work'


def test_bullets_become_line_starts() -> None:
    assert normalise_text("\u2022 first\n\u25aa second\n1. third") == "- first\n- second\n- third"


def test_running_headers_footers_and_page_numbers_removed() -> None:
    pages = [
        Page(i, f"Northmoor ICS Strategy 2023\nBody text number {i} here.\nPage {i} of 5")
        for i in range(1, 6)
    ]
    out = normalise_pages(pages)
    assert [p.text for p in out] == [f"Body text number {i} here." for i in range(1, 6)]


def test_sentences_keep_their_page_and_paragraph() -> None:
    text = prepare(
        [
            Page(1, "First sentence here. Second one, e.g. with Dr. Who."),
            Page(2, "Third sentence.\n\nFourth paragraph starts.", label="ii"),
        ]
    )
    got = [
        (s.page, s.page_label, s.paragraph, text.sentence_text(i))
        for i, s in enumerate(text.sentences)
    ]
    assert got == [
        (1, None, 0, "First sentence here."),
        (1, None, 0, "Second one, e.g. with Dr. Who."),
        (2, "ii", 1, "Third sentence."),
        (2, "ii", 2, "Fourth paragraph starts."),
    ]


def test_sections_that_are_not_evidence_are_recognised() -> None:
    text = prepare(
        [
            Page(1, "Contents\nIntroduction ........ 3\nSuicide prevention ........ 7"),
            Page(
                2,
                "Suicide Prevention\n\nWe will deliver a suicide prevention plan with partners "
                "across the whole system, and report on progress to the board every year.",
            ),
            Page(3, "Glossary\n\nCYP - children and young people\n\nSMI - severe mental illness"),
            Page(4, "References\n\nSmith, J. (2021) Prevention in practice. London."),
        ]
    )
    kinds = {text.sentence_text(i): s.section for i, s in enumerate(text.sentences)}
    assert kinds["Suicide prevention ........ 7"] == "contents"
    assert kinds["Suicide Prevention"] == "heading"
    assert kinds["CYP - children and young people"] == "glossary"
    assert any(k.startswith("Smith") and v == "references" for k, v in kinds.items())
    assert [v for k, v in kinds.items() if k.startswith("We will deliver")] == ["body"]


def test_offsets_are_consistent() -> None:
    text = prepare([Page(1, "One. Two.\n\n- three\n- four"), Page(2, "Five.")])
    for i, s in enumerate(text.sentences):
        assert 0 <= s.start <= s.end <= len(text.text)
        assert text.sentence_index(s.start) == i
        assert "\n" not in text.sentence_text(i)


def test_metrics_table_rows_are_not_headings_and_bulleted_glossaries_stay_glossary() -> None:
    text = prepare(
        [
            Page(
                1,
                "Key metrics\n\nArea Metric Target\n\nSuicide rate 10% fall 2028\n\n"
                "Waits 75% in 6 weeks 2025\n\nGlossary\n\n- CYP - children and young "
                "people, up to the age of 25 in our services\n- SMI - severe mental "
                "illness, such as schizophrenia or bipolar disorder",
            )
        ]
    )
    kinds = {text.sentence_text(i): s.section for i, s in enumerate(text.sentences)}
    assert kinds["Key metrics"] == "heading"
    assert kinds["Suicide rate 10% fall 2028"] == "body"
    assert kinds["Glossary"] == "heading"  # a title; its entries are the glossary
    assert all(v == "glossary" for k, v in kinds.items() if k.startswith(("CYP", "SMI")))


def _paragraphs(text: Text) -> list[list[str]]:
    out: dict[int, list[str]] = {}
    for i, s in enumerate(text.sentences):
        out.setdefault(s.paragraph, []).append(text.sentence_text(i))
    return list(out.values())


def test_a_list_reads_the_same_however_its_items_are_spaced() -> None:
    """Its items are paragraphs of their own (as a web page sets them), each led in by the
    lead-in, whether they have blank lines between them or not."""
    tight = prepare([Page(1, "Our aims\n\nWe will:\n- open two crisis cafes\n- train staff")])
    spaced = prepare(
        [Page(1, "Our aims\n\nWe will:\n\n- open two crisis cafes\n\n\n- train staff")]
    )
    want = [["Our aims"], ["We will:"], ["open two crisis cafes"], ["train staff"]]
    assert _paragraphs(tight) == _paragraphs(spaced) == want
    assert [s.lead for s in tight.sentences] == [s.lead for s in spaced.sentences] == [-1, -1, 1, 1]
    sections = {spaced.sentence_text(i): s.section for i, s in enumerate(spaced.sentences)}
    assert sections["open two crisis cafes"] == "body"  # a short bullet is not a heading


def test_the_items_of_one_sentence_stay_one_paragraph() -> None:
    """Items that each end with a semicolon are the parts of one sentence: one paragraph."""
    text = prepare(
        [Page(1, "We will:\n- open two crisis cafes;\n- train staff; and\n- fund hubs.")]
    )
    assert _paragraphs(text) == [
        ["We will:"],
        ["open two crisis cafes;", "train staff; and", "fund hubs."],
    ]


def test_a_paragraph_cut_by_a_page_break_is_joined_where_the_page_ends_mid_sentence() -> None:
    text = prepare(
        [
            Page(1, "Intro\n\nWe will fund peer support workers in every\nneighbourhood team"),
            Page(2, "across the county by 2026. Then more.\n\nNext heading"),
        ]
    )
    paragraphs = _paragraphs(text)
    assert paragraphs[1] == [
        "We will fund peer support workers in every neighbourhood team across the county by 2026.",
        "Then more.",
    ]
    joined = next(s for i, s in enumerate(text.sentences) if "2026" in text.sentence_text(i))
    assert joined.page == 1  # cited where it starts
    ended = prepare([Page(1, "Intro\n\nA full sentence ends the page."), Page(2, "New one.")])
    assert len(_paragraphs(ended)) == 3


def test_table_rows_from_markdown_and_tabs_keep_each_cell_a_sentence_of_its_own() -> None:
    md = "| Area | Target |\n|---|---|\n| Suicide rate | 10% fall by 2028 |"
    tabs = "Area\tTarget\nSuicide rate\t10% fall by 2028"
    for raw in (md, tabs):
        text = prepare([Page(1, raw)])
        assert _paragraphs(text) == [["Area", "Target"], ["Suicide rate", "10% fall by 2028"]]
        assert {s.section for s in text.sentences} == {"table"}


def test_a_short_documents_numbered_footer_is_dropped_but_not_a_short_heading() -> None:
    pages = [
        Page(1, "Our Prevention Plan 2024 1\nWe will train 300 staff.\nPriority 1"),
        Page(2, "More body text here.\nOur Prevention Plan 2024 2"),
    ]
    out = normalise_pages(pages)
    assert [p.text for p in out] == ["We will train 300 staff.\nPriority 1", "More body text here."]


def test_a_dash_that_carries_a_sentence_on_is_not_a_bullet() -> None:
    assert normalise_text("Prevention and determinants\n\u2013 the new plan") == (
        "Prevention and determinants \u2013 the new plan"
    )
    assert normalise_text("We will:\n\u2013 train staff in\nall teams\n\u2013 fund hubs") == (
        "We will:\n- train staff in\nall teams\n- fund hubs"
    )


def test_a_list_item_cut_by_a_page_break_stays_one_item() -> None:
    text = prepare(
        [
            Page(1, "We will:\n- fund debt advice, as money worries are one of the strongest"),
            Page(2, "risk factors for depression;\n- train staff."),
        ]
    )
    assert _paragraphs(text) == [
        ["We will:"],
        [
            "fund debt advice, as money worries are one of the strongest risk factors for "
            "depression;",
            "train staff.",
        ],
    ]


def _sections(pages: list[Page]) -> dict[str, str]:
    text = prepare(pages)
    return {text.sentence_text(i): s.section for i, s in enumerate(text.sentences)}


BODY_AFTER = "We will open two crisis cafes for people in distress by 2025."


def test_contents_lists_in_forms_without_a_title_or_leaders_are_not_evidence() -> None:
    forms = {
        "numbered": "1. Introduction ..... 3\n2. Suicide prevention ..... 5\n3. Next steps ..... 9",
        "lettered": "A Our vision 4\nB Mental health and wellbeing 6\nC Delivery 11",
        "capitals": "INTRODUCTION 3\n\nSUICIDE PREVENTION 5\n\nPERINATAL MENTAL HEALTH 8",
        "run together": "Introduction 3 Suicide prevention 5 Perinatal mental health 8",
        "sections": "2.1 Children and young people 12\n2.2 Suicide prevention 14\n3 Plans 20",
    }
    for form, contents in forms.items():
        sections = _sections([Page(1, f"Our plan\n\n{contents}\n\n{BODY_AFTER}")])
        listed = {k: v for k, v in sections.items() if k not in ("Our plan", BODY_AFTER)}
        assert set(listed.values()) == {"contents"}, (form, sections)
        assert sections[BODY_AFTER] == "body", form


def test_a_titled_contents_list_may_be_short_and_a_body_page_with_the_title_is_not_all_contents():
    sections = _sections([Page(1, f"Contents\n\nSuicide prevention 4\n\n{BODY_AFTER}")])
    assert sections["Suicide prevention 4"] == "contents"
    assert sections[BODY_AFTER] == "body"


def test_figures_in_sentences_and_table_rows_are_not_contents_entries() -> None:
    text = (
        "We have 3 hubs and 5 teams in 9 towns.\n\n"
        "Suicide rate 10% fall 2028\n\nPilot in 6 PCNs January 2024\n\n"
        "Advisers in 20 of 38 PCNs"
    )
    assert "contents" not in set(_sections([Page(1, text)]).values())


def test_a_line_that_reads_as_a_clause_is_body_and_a_question_heading_is_not() -> None:
    sections = _sections(
        [Page(1, "What we will do\n\nWe will train 300 staff in mental health first aid")]
    )
    assert sections["What we will do"] == "heading"
    assert sections["We will train 300 staff in mental health first aid"] == "body"


def test_table_rows_are_rows_wherever_the_page_breaks() -> None:
    rows = ["Suicide rate 10% fall 2028", "Waits 75% in 6 weeks 2025", "Checks 75% of SMI 2026"]
    one = _sections([Page(1, "\n\n".join(rows))])
    split = _sections([Page(1, rows[0]), Page(2, "\n\n".join(rows[1:]))])
    assert one == split == dict.fromkeys(rows, "body")


def test_numbered_names_of_one_kind_are_not_a_contents_list() -> None:
    text = "Objective 1\n\nObjective 2\n\nObjective 3\n\nWe will train 300 staff by 2026."
    assert "contents" not in set(_sections([Page(1, text)]).values())


def test_a_running_line_a_reader_placed_inside_the_page_is_dropped_too() -> None:
    footer = "Northmoor Strategy 2023 | page {}"
    body = ["One.", "Two.", "Three.", "Four.", "Five.", "Six."]
    pages = [Page(i, "\n\n".join([f"Heading {i}", *body, footer.format(i)])) for i in (1, 2, 3)]
    pages.append(Page(4, "\n\n".join(["Heading 4", "One.", "Two.", footer.format(4), *body])))
    assert all(footer.format(p.number) not in p.text for p in normalise_pages(pages))


def test_a_bullet_pdfminer_cannot_name_is_still_a_bullet() -> None:
    assert normalise_text("(cid:127) first item\n(cid:127) second") == "- first item\n- second"


def test_a_compound_cut_at_its_hyphen_keeps_it_and_a_hyphenated_word_is_joined() -> None:
    assert normalise_text("prevent suicide and self-\nharm; the preven-\ntion of ill-\nness") == (
        "prevent suicide and self-harm; the prevention of illness"
    )
    pages = normalise_pages(
        [Page(1, "We fund peer-\nled groups for well-\nbeing."), Page(2, "Peer-led wellbeing.")]
    )
    assert pages[0].text == "We fund peer-led groups for wellbeing."


def test_a_run_on_list_with_the_letter_o_wrapped_in_a_column_is_its_items() -> None:
    raw = (
        "We aim to:\n\no Raise the ambition for mental\nhealth. o\nMove away from talk of\n"
        "services. o Ensure carers are at the\ncore. o\nPromote the five ways.\n\nNext we say more."
    )
    assert normalise_text(raw) == (
        "We aim to:\n\n- Raise the ambition for mental health.\n- Move away from talk of "
        "services.\n- Ensure carers are at the core.\n- Promote the five ways.\n\nNext we say more."
    )


def test_a_list_run_together_with_asterisks_is_its_items() -> None:
    assert normalise_text("Examples: better sleep * fewer debts * more friends") == (
        "Examples:\n- better sleep\n- fewer debts\n- more friends"
    )
    assert normalise_text("better sleep * fewer debts * more friends") == (
        "- better sleep\n- fewer debts\n- more friends"
    )
    assert normalise_text("Rate * time is distance.") == "Rate * time is distance."
    # an asterisk that marks an entry of a list, or fills a table's cell, joins nothing
    witnesses = "(BC 5) Centre\n* (BC 6) A. Name, Leeds\n| * | (BC 7) | Trust\n| * | (BC 8)"
    assert normalise_text(witnesses) == (
        "(BC 5) Centre\n- (BC 6) A. Name, Leeds\n| * | (BC 7) | Trust\n| * | (BC 8)"
    )
