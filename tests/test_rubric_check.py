"""`rubric check` on deliberately broken rubrics: each finding's message, line and exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.cli import app

from .conftest import MINI, ROOT

runner = CliRunner()
BUNDLED = sorted((ROOT / "criteria").glob("*.yaml"))


def mini_with(*edits: tuple[str, str]) -> str:
    text = MINI.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


def check(tmp_path: Path, text: str, *args: str) -> tuple[int, list[str], Path]:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["rubric", "check", str(path), *args])
    return result.exit_code, result.stdout.splitlines(), path


def found(lines: list[str], path: Path, line: int, tag: str, message: str) -> bool:
    """A finding at `line` with `severity [code]` == tag whose message contains `message`."""
    return any(x.startswith(f"{path}:{line}:") and f" {tag} " in x and message in x for x in lines)


def test_the_test_rubric_passes_strict(tmp_path: Path) -> None:
    # The test rubric keeps one page-based condition on purpose, so that the engine's page
    # counts stay tested; it is its only finding.
    text = MINI.read_text()
    code, lines, path = check(tmp_path, text, "--strict")
    assert code == 0
    assert lines[-1] == (
        "ok: 1 rubric file checked, 6 examples run (0 failed); 0 errors, 1 warning, 0 notices"
    )
    assert len(lines) == 2 and found(
        lines, path, line_of(text, "commitment_pages: 2"), "warning [page-based]", "page size"
    )


@pytest.mark.parametrize("path", [*BUNDLED, MINI], ids=lambda p: Path(p).name)
def test_shipped_rubrics_pass_strict(path: Path) -> None:
    result = runner.invoke(app, ["rubric", "check", "--strict", str(path)])
    assert result.exit_code == 0, result.stdout
    assert " 0 errors" in result.stdout and "(0 failed)" in result.stdout
    if path != MINI:  # quiet when the rubric is right: intended overlaps are declared
        assert result.stdout.splitlines()[-1].endswith("0 errors, 0 warnings, 0 notices")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: Path(p).name)
def test_shipped_rubrics_count_no_pages(path: Path) -> None:
    """A bundled rubric rates the same text the same on any page size, font or container."""
    result = runner.invoke(app, ["rubric", "check", str(path)])
    assert result.exit_code == 0, result.stdout
    assert "[page-based]" not in result.stdout
    assert "pages:" not in path.read_text(encoding="utf-8").split("\ndomains:", 1)[1]


@pytest.mark.parametrize("condition", ["pages: 2", "commitment_pages: 3", "hits: 2, pages: 2"])
def test_page_based_conditions_warn(tmp_path: Path, condition: str) -> None:
    text = mini_with(("when: {commitments: 1}", f"when: {{{condition}}}"))
    code, lines, path = check(tmp_path, text, "--strict")
    assert code == 0  # a warning: the rubric still works, but ratings follow the layout
    key = condition.split(",")[-1].split(":")[0].strip()
    assert found(
        lines,
        path,
        line_of(text, f"when: {{{condition}}}"),
        "warning [page-based]",
        f"rating rule 1 (Good) counts `{key}`: it depends on page size and font",
    )
    assert any("prefer `commitments`, `terms`" in x for x in lines)


# --- what the loader finds, reported with its line ------------------------------------------


def test_yaml_syntax_error(tmp_path: Path) -> None:
    code, lines, path = check(tmp_path, "id: x\nlevels: [Good, OK\n")
    assert code == 1
    assert lines[0] == (
        f"{path}:3:1: error [yaml-syntax] YAML syntax error: while parsing a flow sequence "
        "expected ',' or ']', but got '<stream end>'"
    )
    assert lines[-1].startswith("FAILED: 1 rubric file checked, 0 examples run")


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    text = mini_with(
        ("          match:\n            - We will", "          mathces:\n            - We will")
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "mathces"),
        "error [unknown-key]",
        "unknown key 'mathces' (did you mean 'match'?)",
    )


def test_schema_error_and_duplicate_key(tmp_path: Path) -> None:
    text = mini_with(("weight: 2", "weight: -1"))
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines, path, line_of(text, "weight: -1"), "error [schema]", "greater than or equal to 0"
    )
    text = mini_with(('version: "1"', 'version: "1"\nversion: "2"'))
    code, lines, path = check(tmp_path, text)
    assert code == 1 and found(lines, path, 3, "error [duplicate-key]", "duplicate key 'version'")


def test_duplicate_criterion_id(tmp_path: Path) -> None:
    text = mini_with(("id: group-refugees", "id: primary-prevention"))
    text = text.replace("group-refugees", "primary-prevention")
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "id: primary-prevention", 2),
        "error [duplicate-id]",
        "duplicate criterion id 'primary-prevention'",
    )


def test_references_that_do_not_exist(tmp_path: Path) -> None:
    text = mini_with(
        ("from: [primary-prevention, group-refugees]", "from: [primary-prevention, nope]"),
        ("context: mental-health", "context: mental"),
        (
            "          - level: OK\n            when: {hits: 1}",
            "          - level: Fair\n            when: {hits: 1}",
        ),
        ("when: {commitments: 1}", "when: {commitments: 1, rules: [strong]}"),
        ("      criteria: [primary-prevention]\n", "      tags: [prevent]\n"),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines, path, line_of(text, "nope]"), "error [unknown-criterion]", "unknown criterion 'nope'"
    )
    assert found(
        lines,
        path,
        line_of(text, "context: mental"),
        "error [unknown-context]",
        "context 'mental' is not declared in `contexts`",
    )
    assert found(
        lines,
        path,
        line_of(text, "level: Fair"),
        "error [undeclared-level]",
        "level 'Fair' is not declared in `levels` (Good, OK, Poor)",
    )
    assert found(
        lines,
        path,
        line_of(text, "rules: [strong]"),
        "error [unknown-rule]",
        "no evidence rule with id 'strong' in criterion 'group-refugees'",
    )
    assert found(
        lines,
        path,
        line_of(text, "tags: [prevent]"),
        "error [unknown-tag]",
        "no criterion has tag 'prevent'",
    )
    assert lines[-1].startswith("FAILED:") and "5 errors" in lines[-1]


# --- patterns ----------------------------------------------------------------------------------

REGEX = '            terms: {refugees: ["refugee*", "asylum seeker*"], sanctuary: ["sanctuary"]}'


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(refugee", "regular expression does not compile: missing ), unterminated subpattern"),
        ("(a+)+b", "nests repetition (like (a+)+ or (a|aa)*), which can take exponential time"),
        ("(refugee)?", "regular expression can match empty text"),
    ],
    ids=["no-compile", "backtracking", "empty-match"],
)
def test_bad_patterns(tmp_path: Path, pattern: str, message: str) -> None:
    text = mini_with(
        (
            "          - kind: terms\n" + REGEX,
            f"          - kind: regex\n            patterns: {{bad: '{pattern}'}}",
        )
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(lines, path, line_of(text, "patterns: {bad:"), "error [regex]", message)


def test_bad_term(tmp_path: Path) -> None:
    text = mini_with(('"primary prevention"]', '"primary (prevention)"]'))
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines, path, line_of(text, "primary (prevention)"), "error [term]", "is not a word"
    )


# --- levels and rating rules --------------------------------------------------------------------


def test_level_nothing_gives(tmp_path: Path) -> None:
    text = mini_with(
        ("levels: [Good, OK, Poor]", "levels: [Good, OK, Fair, Poor]"),
        ("points: {Good: 2, OK: 1, Poor: 0}", "points: {Good: 2, OK: 1, Fair: 0.5, Poor: 0}"),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert lines[0] == (
        f"{path}:4:20: error [unreachable-level] level 'Fair' can never be given: "
        "no rating rule of any criterion that can apply gives it"
    )


def test_rule_after_an_unconditional_rule(tmp_path: Path) -> None:
    text = mini_with(
        (
            "          - level: Good\n            when: {commitments: 1}",
            "          - level: OK\n          - level: Good\n            when: {commitments: 1}",
        )
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "- level: Good", 2),
        "error [unreachable-rule]",
        "rating rule 2 (Good) can never apply: rating rule 1 (OK) before it always applies",
    )
    # the criterion can no longer be Poor, but the other criteria still give it: no level finding
    assert not any("unreachable-level" in x for x in lines)


def test_better_level_after_a_weaker_rule_contradicts(tmp_path: Path) -> None:
    # commitment_pages: 2 implies 2 commitments, hence 2 hits: the OK rule always wins first
    text = mini_with(
        (
            "          - level: Good\n            when: {commitments: 2, commitment_pages: 2}\n"
            "          - level: OK\n            when: {hits: 1}",
            "          - level: OK\n            when: {hits: 2}\n"
            "          - level: Good\n            when: {commitment_pages: 2}",
        )
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "- level: Good"),
        "error [contradiction]",
        "rating rule 2 (Good) can never apply: rating rule 1 (OK) needs no more than it does "
        "and comes first, so a plan that earns Good gets OK; put the better level first",
    )


def test_identical_conditions_for_two_levels(tmp_path: Path) -> None:
    text = mini_with(("when: {commitments: 1}", "when: {hits: 1}"))
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "- level: OK", 2),
        "error [contradiction]",
        "rating rule 2 (OK) has the same conditions as rating rule 1 (Good), which gives Good",
    )


def test_repeated_rule_is_a_warning(tmp_path: Path) -> None:
    text = mini_with(
        (
            "            when: {hits: 1}\n        examples:\n          match: [",
            "            when: {hits: 1}\n          - level: OK\n            when: {hits: 3}\n"
            "        examples:\n          match: [",
        )
    )
    code, lines, path = check(tmp_path, text)
    assert code == 0
    assert found(
        lines,
        path,
        line_of(text, "when: {hits: 3}") - 1,
        "warning [redundant-rule]",
        "rating rule 3 (OK) can never apply: rating rule 2 (OK) needs no more than it does",
    )


def test_derived_rule_needing_more_than_it_counts(tmp_path: Path) -> None:
    text = mini_with(("when: {covered: 2}", "when: {covered: 3}"))
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "covered: 3") - 1,
        "error [unreachable-rule]",
        "rating rule 1 (Good) can never apply: it needs 3 criteria covered but the criterion "
        "derives from 2",
    )


def test_duplicate_domain_and_rule_ids(tmp_path: Path) -> None:
    text = mini_with(
        (
            "          - kind: terms\n" + REGEX,
            "          - kind: terms\n            id: a\n"
            + REGEX
            + "\n          - kind: terms\n            id: a\n            terms: [exile]",
        ),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "id: a", 2),
        "error [duplicate-id]",
        "duplicate evidence rule id 'a' in criterion 'group-refugees'",
    )


# --- terms ---------------------------------------------------------------------------------------


def test_duplicate_terms_are_warnings(tmp_path: Path) -> None:
    text = mini_with(
        (
            '"prevent", "primary prevention"]',
            '"prevent", "Primary-Prevention", "primary prevention"]',
        ),
        (
            'refugees: ["refugee*", "asylum seeker*"]',
            'refugees: ["refugee", "refugees", "asylum seeker*"]',
        ),
        ('sanctuary: ["sanctuary"]', 'sanctuary: ["sanctuary", "prevention", "Prevent"]'),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 0
    assert found(
        lines,
        path,
        line_of(text, "Primary-Prevention"),
        "warning [duplicate-term]",
        "term 'primary prevention' in 'primary-prevention' matches the same text as "
        "'Primary-Prevention' earlier in this rule (hyphens, spaces and case match alike): "
        "remove it",
    )
    assert found(
        lines,
        path,
        line_of(text, '"refugee", "refugees"'),
        "warning [duplicate-term]",
        "term 'refugees' in 'group-refugees' is already matched by 'refugee' under the same "
        "label (plural and possessive endings are included): remove it",
    )
    assert found(
        lines,
        path,
        line_of(text, 'sanctuary: ["sanctuary", "prevention"'),
        "warning [duplicate-term]",
        "criterion 'group-refugees' shares 2 term(s) with 'primary-prevention' ('prevention', "
        "'Prevent'): one sentence counts for both",
    )
    assert sum("duplicate-term" in x for x in lines) == 3


SHARED_TERMS = ('sanctuary: ["sanctuary"]', 'sanctuary: ["sanctuary", "prevention"]')


@pytest.mark.parametrize(
    ("owner", "other"),
    [("group-refugees", "primary-prevention"), ("primary-prevention", "group-refugees")],
)
def test_a_declared_overlap_silences_shared_terms(tmp_path: Path, owner: str, other: str) -> None:
    # declared on either side of the pair; the terms still count for both criteria
    text = mini_with(SHARED_TERMS)
    code, lines, _ = check(tmp_path, text, "--strict")
    assert code == 0 and any("[duplicate-term]" in x for x in lines)
    tags = (
        "        tags: [groups]\n" if owner == "group-refugees" else "        tags: [prevention]\n"
    )
    declared = mini_with(SHARED_TERMS, (tags, f"{tags}        overlaps: [{other}]\n"))
    code, lines, _ = check(tmp_path, declared, "--strict")
    assert code == 0
    # only the test rubric's own page-based warning is left
    assert len(lines) == 2 and "[page-based]" in lines[0] and " 1 warning," in lines[1]


def test_an_overlap_with_no_shared_term_is_stale(tmp_path: Path) -> None:
    text = mini_with(
        (
            "        tags: [groups]\n",
            "        tags: [groups]\n        overlaps: [primary-prevention]\n",
        )
    )
    code, lines, path = check(tmp_path, text)
    assert code == 0
    assert found(
        lines,
        path,
        line_of(text, "overlaps: [primary-prevention]"),
        "warning [stale-overlap]",
        "criterion 'group-refugees' declares an overlap with 'primary-prevention' but shares no "
        "term with it: remove it from `overlaps`",
    )


@pytest.mark.parametrize(
    ("declared", "tag", "message"),
    [
        ("[primary-prevnetion]", "unknown-criterion", "unknown criterion 'primary-prevnetion'"),
        ("[group-refugees]", "reference", "a criterion cannot overlap itself"),
    ],
)
def test_overlaps_must_name_another_criterion(
    tmp_path: Path, declared: str, tag: str, message: str
) -> None:
    text = mini_with(
        ("        tags: [groups]\n", f"        tags: [groups]\n        overlaps: {declared}\n")
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(lines, path, line_of(text, "overlaps:"), f"error [{tag}]", message)


def test_a_plural_under_another_label_is_not_a_duplicate(tmp_path: Path) -> None:
    # as separate labels the longer term wins where both match, so neither is dead
    text = mini_with(('"prevent", "primary prevention"]', '"prevent", "prevents"]'))
    code, lines, _ = check(tmp_path, text)
    assert code == 0 and not any("duplicate-term" in x for x in lines)


# --- examples ------------------------------------------------------------------------------------


def test_failing_examples_name_the_rule_and_term(tmp_path: Path) -> None:
    text = mini_with(
        (
            'match: ["Support for refugees and asylum seekers."]',
            'match: ["Support for refugees and asylum seekers.", "We support veterans."]',
        ),
        ('no_match: ["We support veterans."]', 'no_match: ["We will welcome refugees."]'),
        (
            "            - There is no prevention plan for mental health.",
            "            - There is no prevention plan for mental health.\n"
            "            - We will prevent poor mental health.",
        ),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, 'match: ["Support'),
        "error [example]",
        "must-match example for 'group-refugees' does not match: 'We support veterans.' "
        "(no counted hit)",
    )
    assert found(
        lines,
        path,
        line_of(text, 'no_match: ["We will welcome'),
        "error [example]",
        "must-not-match example for 'group-refugees' matches: 'We will welcome refugees.' "
        "(evidence[0]:terms matched 'refugees' (commitment))",
    )
    assert found(
        lines,
        path,
        line_of(text, "We will prevent poor"),
        "error [example]",
        "evidence[0]:terms matched 'prevent' (commitment)",
    )
    assert lines[-1].startswith("FAILED: 1 rubric file checked, 8 examples run (3 failed)")


def test_voided_must_match_example_says_why(tmp_path: Path) -> None:
    text = mini_with(
        (
            "            - We will prioritise the prevention of mental ill health.",
            "            - We will prioritise the prevention of mental ill health.\n"
            "            - Prevention of heart disease.",
        ),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "Prevention of heart disease"),
        "error [example]",
        "(no counted hit; evidence[0]:terms 'prevention' voided: no mental-health context in "
        "the same sentence)",
    )


def test_missing_examples_warn_and_fail_in_strict_mode(tmp_path: Path) -> None:
    text = mini_with(
        (
            '        examples:\n          match: ["Support for refugees and asylum seekers."]\n'
            '          no_match: ["We support veterans."]\n',
            "",
        ),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 0
    message = "criterion 'group-refugees' has no examples: add sentences that must and must not"
    assert found(lines, path, line_of(text, "id: group-refugees"), "warning [no-examples]", message)
    code, lines, path = check(tmp_path, text, "--strict")
    assert code == 1
    assert found(lines, path, line_of(text, "id: group-refugees"), "error [no-examples]", message)


def test_strict_needs_both_kinds_of_example(tmp_path: Path) -> None:
    text = mini_with(('          no_match: ["We support veterans."]\n', ""))
    assert check(tmp_path, text)[0] == 0
    code, lines, path = check(tmp_path, text, "--strict")
    assert code == 1
    assert found(
        lines,
        path,
        line_of(text, "id: group-refugees"),
        "error [no-examples]",
        "criterion 'group-refugees' has no must-not-match (`no_match`) examples",
    )


def test_no_silent_pass_when_no_example_ran(tmp_path: Path) -> None:
    text = MINI.read_text()
    start = text.index("        examples:\n          match:\n")
    end = text.index("      - id: group-refugees")
    text = text[:start] + text[end:]
    text = text.replace(
        '        examples:\n          match: ["Support for refugees and asylum seekers."]\n'
        '          no_match: ["We support veterans."]\n',
        "",
    )
    code, lines, path = check(tmp_path, text)
    assert code == 1
    assert found(
        lines,
        path,
        1,
        "error [no-examples]",
        "no example ran: the rubric has no example sentences, so nothing was tested",
    )
    assert lines[-1].startswith("FAILED: 1 rubric file checked, 0 examples run")


def test_coverage_lists_what_no_example_exercises(tmp_path: Path) -> None:
    text = mini_with(
        (
            "          - kind: terms\n" + REGEX,
            "          - kind: terms\n"
            + REGEX
            + "\n          - kind: regex\n            id: camp\n"
            "            patterns: {camps: 'resettlement camps?'}",
        ),
    )
    code, lines, path = check(tmp_path, text)
    assert code == 0 and not any("[coverage]" in x for x in lines)
    code, lines, path = check(tmp_path, text, "--coverage")
    assert code == 0
    notes = [x for x in lines if "notice [coverage]" in x]
    assert notes == [
        f"{path}:23:35: notice [coverage] term 'prevent' (evidence[0]:terms of "
        "'primary-prevention'): no must-match example exercises it",
        f"{path}:23:46: notice [coverage] term 'primary prevention' (evidence[0]:terms of "
        "'primary-prevention'): no must-match example exercises it",
        f"{path}:44:74: notice [coverage] term 'sanctuary' (evidence[0]:terms of "
        "'group-refugees'): no must-match example exercises it",
        f"{path}:45:13: notice [coverage] rule camp of 'group-refugees': no must-match "
        "example exercises it",
    ]


# --- paths and formats ---------------------------------------------------------------------------


def test_folders_empty_folders_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text(MINI.read_text())
    (tmp_path / "sub" / "b.yml").write_text("id: [\n")
    result = runner.invoke(app, ["rubric", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "FAILED: 2 rubric files checked, 6 examples run (0 failed); 1 error" in result.stdout
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["rubric", "check", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "error [no-rubrics] no rubric files (*.yaml, *.yml) in this folder" in result.stdout
    result = runner.invoke(app, ["rubric", "check", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'absent.yaml'}: no such file or folder"


def test_github_annotations(tmp_path: Path) -> None:
    text = mini_with(("weight: 2", "weight: 2\n        wieght: 3"))
    code, lines, path = check(tmp_path, text, "--format", "github")
    assert code == 1
    assert lines[0] == (
        f"::error file={path},line={line_of(text, 'wieght')},col=9,title=rubric unknown-key::"
        "unknown key 'wieght' (did you mean 'weight'?)"
    )


def test_json_output(tmp_path: Path) -> None:
    text = mini_with(
        ("when: {covered: 2}", "when: {covered: 3}"),
        ("{commitments: 2, commitment_pages: 2}", "{commitments: 2}"),  # no page-based warning
    )
    code, lines, path = check(tmp_path, text, "--format", "json")
    data = json.loads("\n".join(lines))
    assert code == 1
    assert data["summary"] == {
        "ok": False,
        "errors": 1,
        "warnings": 0,
        "notices": 0,
        "examples_run": 6,
        "examples_failed": 0,
    }
    assert data["files"] == [
        {
            "path": str(path),
            "rubric": "mini",
            "criteria": 3,
            "examples_run": 6,
            "examples_failed": 0,
        }
    ]
    assert data["findings"][0]["code"] == "unreachable-rule"
    assert data["findings"][0]["line"] == line_of(text, "covered: 3") - 1


def test_check_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    result = runner.invoke(app, ["rubric", "check", str(MINI), "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text().splitlines()[-1].startswith("ok: 1 rubric file checked")
