"""Hostile input: every file comes from someone else, so none may hang, crash or mislead.

Each input is generated here, small; a hang would show as a subprocess timeout (a clean
failure), never as a timing assertion.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.base.errors import RubricError
from pmh_assess.cli import app
from pmh_assess.files.yamlfile import MAX_DEPTH, read_yaml
from pmh_assess.rubric.loader import parse_rubric

from .conftest import MINI

runner = CliRunner()
PLAN = "We will invest in the prevention of poor mental health.\n"


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real command in its own process; a hang fails the test at `timeout`."""
    return subprocess.run(
        [sys.executable, "-m", "pmh_assess", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def alias_bomb(levels: int = 12) -> str:
    """A few hundred bytes whose aliases expand to 9**levels values."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


# 1. YAML alias bombs and deep nesting


def test_alias_bomb_is_refused_with_its_line() -> None:
    with pytest.raises(RubricError) as info:
        read_yaml(alias_bomb(), "bomb.yaml")
    (problem,) = info.value.problems
    assert problem.path == "bomb.yaml" and problem.line > 1
    assert "aliases expand to more than" in problem.message


@pytest.mark.parametrize("text", ["[" * 100_000, "- " * 5_000 + "x", "{a: " * 5_000])
def test_deep_nesting_is_a_located_problem_not_a_recursion_error(text: str) -> None:
    with pytest.raises(RubricError) as info:
        read_yaml(text, "deep.yaml")
    assert f"nested more than {MAX_DEPTH} levels deep" in str(info.value)


def test_bundled_rubric_aliases_are_still_accepted() -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        'exclude: ["falls prevention"]', 'exclude: &falls ["falls prevention"]'
    )
    assert parse_rubric(text).id == "mini"


def test_alias_bomb_in_a_rubric_fails_check_fast(tmp_path: Path) -> None:
    rubric = tmp_path / "bomb.yaml"
    rubric.write_text(MINI.read_text(encoding="utf-8") + alias_bomb(), encoding="utf-8")
    done = cli("rubric", "check", str(rubric), timeout=60)
    assert done.returncode == 1  # a check that fails
    assert "bomb.yaml:" in done.stdout and "aliases expand to more than" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_alias_bomb_in_a_manifest_costs_only_that_manifest(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "plans.yaml").write_text(alias_bomb(), encoding="utf-8")
    (tmp_path / "bad" / "x.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    done = cli("score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q", timeout=120)
    assert done.returncode == 1
    assert '"id": "good"' in done.stdout and '"id": "x"' not in done.stdout
    (line,) = error_lines(done.stderr)
    assert "bad/plans.yaml:" in line and "aliases expand" in line


def test_alias_bomb_in_overrides_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    overrides = tmp_path / "ratings.yaml"
    overrides.write_text(alias_bomb(), encoding="utf-8")
    args = ["score", str(tmp_path / "good.txt"), "-r", str(MINI), "--overrides", str(overrides)]
    done = cli(*args, "-q", timeout=60)
    assert done.returncode == 2
    (line,) = error_lines(done.stderr)
    assert "ratings.yaml:" in line and "aliases expand" in line


# 2. Bad manifests and overrides files


def test_non_utf8_manifest_is_one_error_and_other_plans_are_scored(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "plans.yaml").write_bytes(
        b"plans:\n  - id: caf\xe9\n    documents: [x.txt]\n"
    )
    (tmp_path / "bad" / "x.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q"])
    assert result.exit_code == 1, result.output
    assert '"id": "good"' in result.stdout
    (line,) = error_lines(result.stderr)
    assert "plans.yaml:1:1: not UTF-8 text" in line


def test_impossible_date_in_a_manifest_is_located(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "plans.yaml").write_text(
        "plans:\n  - id: x\n    documents: [x.txt]\n    metadata: {published: 2023-02-30}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q"])
    assert result.exit_code == 1, result.output
    (line,) = error_lines(result.stderr)
    assert "plans.yaml:4:27: '2023-02-30' is not a date" in line


def test_impossible_date_in_overrides_is_located(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(PLAN, encoding="utf-8")
    overrides = tmp_path / "ratings.yaml"
    overrides.write_text(
        "overrides:\n  - plan: x\n    criterion: primary-prevention\n    rating: OK\n"
        "    reviewer: A. Reviewer\n    date: 2024-13-45\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["score", str(tmp_path / "x.txt"), "-r", str(MINI), "--overrides", str(overrides)]
    )
    assert result.exit_code == 2
    (line,) = error_lines(result.stderr)
    assert "ratings.yaml:6:11: '2024-13-45' is not a date" in line


def test_csv_field_over_the_csv_limit_is_one_error(tmp_path: Path) -> None:
    import csv

    (tmp_path / "x.txt").write_text(PLAN, encoding="utf-8")
    overrides = tmp_path / "ratings.csv"
    note = "n" * (csv.field_size_limit() + 10)
    overrides.write_text(
        "plan,criterion,rating,reviewer,note,date\n"
        f'x,primary-prevention,OK,A. Reviewer,"{note}",2024-05-01\n',
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["score", str(tmp_path / "x.txt"), "-r", str(MINI), "--overrides", str(overrides)]
    )
    assert result.exit_code == 2
    (line,) = error_lines(result.stderr)
    assert "ratings.csv:" in line and "not valid CSV" in line


# 3. Regular expressions and terms that take polynomial time


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w*\w*\w*\w*\w*!",
        r"(?i:a*a*a*a*a*a*b)",
        r"\d+\s*\d+\s*\d+\s*\d+",
        r"(\w+)\w*x",
        r"\w+e\w+ment",
    ],
)
def test_regex_with_repeats_side_by_side_is_refused(tmp_path: Path, pattern: str) -> None:
    terms = '- kind: terms\n            terms: ["prevention", "prevent", "primary prevention"]'
    rubric = MINI.read_text(encoding="utf-8").replace(
        terms, f"- kind: regex\n            patterns: {{slow: '{pattern}'}}"
    )
    assert "kind: regex" in rubric
    path = tmp_path / "slow.yaml"
    path.write_text(rubric, encoding="utf-8")
    done = cli("rubric", "check", str(path), timeout=60)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "slow.yaml:23:" in done.stdout and "repeats side by side" in done.stdout


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<![\w.])\d{1,3}(?:\.\d+)?\s?(?i:%|per\s?cent\b)",
        r"\d+\s+\d+",
        r"[A-Z]\w+ (?:ICB|ICS)\b",
        r"(?:ab)+\s+(?:ab)+",
    ],
)
def test_regex_without_ambiguous_repeats_is_accepted(pattern: str) -> None:
    from pmh_assess.rules.patterns import check_regex

    check_regex(pattern)


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("* * * * * * * * * * health", "wildcards; at most 2"),
        ("care* *work", "wildcards side by side"),
        ("well* * plan", "wildcards side by side"),
    ],
)
def test_term_with_wildcards_that_could_be_slow_is_refused(
    tmp_path: Path, term: str, message: str
) -> None:
    rubric = MINI.read_text(encoding="utf-8").replace('"primary prevention"', f'"{term}"')
    path = tmp_path / "terms.yaml"
    path.write_text(rubric, encoding="utf-8")
    done = cli("rubric", "check", str(path), timeout=60)
    assert done.returncode == 1
    assert message in done.stdout and "terms.yaml:23:" in done.stdout


# 4. Limits hold on every path that reads or matches a document


def many_criteria_rubric(regex: str | None = None, padding: int = 0) -> str:
    """MINI with nine more matched criteria; the last matches `regex` when given, beside
    `padding` patterns that match nothing (each adds to the rule's time budget)."""
    text = MINI.read_text(encoding="utf-8")
    extra = []
    for i in range(9):
        rule = f'- kind: terms\n            terms: ["topic{i}"]'
        if regex is not None and i == 8:
            pads = "".join(f", pad{n}: 'zq{n}'" for n in range(padding))
            rule = f"- kind: regex\n            patterns: {{slow: '{regex}'{pads}}}"
        extra.append(
            f"      - id: extra-{i}\n        title: Extra {i}\n        evidence:\n"
            f"          {rule}\n        rating:\n          - level: OK\n"
            "            when: {hits: 1}\n"
        )
    marker = "      - id: groups-all\n"
    return text.replace(marker, "".join(extra) + marker)


def test_matching_from_the_cache_keeps_the_time_limit(tmp_path: Path) -> None:
    """After one criterion changes, its matching must still be under --timeout."""
    plan = tmp_path / "long.txt"
    plan.write_text(PLAN + "a" * 200_000 + "\n", encoding="utf-8")
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(many_criteria_rubric(), encoding="utf-8")
    # slow for any backtracking matcher; its rule's time budget (0.5 s of processor time per
    # pattern, here 8) is longer than the 2 s limit, which must stop it first
    slow = r"\w{0,8}" * 10 + r"\d"
    after.write_text(many_criteria_rubric(slow, padding=7), encoding="utf-8")
    first = cli("score", str(plan), "-r", str(before), "-f", "json", "-q", timeout=120)
    assert first.returncode == 0, first.stderr
    second = cli(
        "score", str(plan), "-r", str(after), "-f", "json", "-q", "--timeout", "2", timeout=120
    )
    assert second.returncode == 1
    (line,) = error_lines(second.stderr)
    assert "long.txt" in line and "time limit of 2 s" in line


def test_explain_and_extract_read_under_the_limits(tmp_path: Path) -> None:
    plan = tmp_path / "pages.txt"
    plan.write_text("\f".join(["We will act on mental health."] * 2001), encoding="utf-8")
    for args in (["extract", str(plan)], ["explain", str(plan), "-r", str(MINI)]):
        done = cli(*args, timeout=120)
        assert done.returncode == 2, done.stdout[:300]
        (line,) = error_lines(done.stderr)
        assert "more than the limit of 2000" in line


WRAPPED_LINE = "We will fund many more peer support workers across the whole of the county"
LINEAR = {
    # unclosed tags
    "tags.html": ("<div>" * 200_000 + "We will act.</span>" * 20_000, "We will act."),
    # lines that may carry a wrapped sentence on, which depends on how full the line before
    # is in its paragraph: worked out once per paragraph, not once per line
    "dashes.txt": (
        "\n- Chief Executive of the council\n".join([WRAPPED_LINE] * 20_000),
        "Chief Executive of the council",
    ),
    "numbers.txt": (
        "\n1. Chief Executive of the council\n".join([WRAPPED_LINE] * 20_000),
        "Chief Executive of the council",
    ),
    # a contents entry of endless leader dots, with and without its page number
    "leaders.txt": (
        "Contents\n\n- Background" + " ." * 50_000 + " x\n- Our plan\n- Background\n\nWe will act.",
        "We will act.",
    ),
    "leaders-page.txt": (
        "Contents\n\n- Background" + " ." * 50_000 + " 3\n- Our plan\n- Background\n\nWe will act.",
        "We will act.",
    ),
}


@pytest.mark.parametrize("name", list(LINEAR))
def test_pages_made_to_backtrack_are_read_in_linear_time(tmp_path: Path, name: str) -> None:
    text, kept = LINEAR[name]
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    done = cli("extract", str(page), timeout=60)
    assert done.returncode == 0, done.stderr
    assert kept in done.stdout


# 8. The cache keeps a reading by content and by how the file was read


def test_same_bytes_read_as_text_and_as_html_are_not_shared(tmp_path: Path) -> None:
    body = "<p>We will invest in the <b>prevention</b> of poor mental health.</p>\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.html").write_text(body, encoding="utf-8")
    quotes = {}
    for name in ("a.txt", "b.html"):  # one after the other: the second finds the cache
        result = runner.invoke(
            app, ["score", str(tmp_path / name), "-r", str(MINI), "-f", "json", "-q"]
        )
        assert result.exit_code == 0, result.output
        quotes[name] = result.stdout
    assert "<b>prevention</b>" in quotes["a.txt"]
    assert "<b>" not in quotes["b.html"] and "prevention of poor mental health" in quotes["b.html"]


def test_cache_entries_of_the_wrong_shape_are_misses(tmp_path: Path, cache_dir: Path) -> None:
    import json
    import zlib

    (tmp_path / "x.txt").write_text(PLAN, encoding="utf-8")
    args = ["score", str(tmp_path / "x.txt"), "-r", str(MINI), "-f", "json", "-q"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    texts = list(cache_dir.rglob("*.text.z"))
    evidence = list(cache_dir.rglob("*.evidence.z"))
    assert texts and evidence
    for path in texts:
        data = json.loads(zlib.decompress(path.read_bytes()))
        data["sentences"] = [["x"], ["y"], [1], [None], [0], ["body"]]
        path.write_bytes(zlib.compress(json.dumps(data).encode()))
    for path in evidence:
        data = json.loads(zlib.decompress(path.read_bytes()))
        path.write_bytes(zlib.compress(json.dumps({fp: {"table": 1} for fp in data}).encode()))
    for plan in cache_dir.rglob("*.plan.z"):
        plan.unlink()  # so that the document entries are what the run reads
    for _ in range(2):
        again = runner.invoke(app, args)
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout)["plans"] == json.loads(first.stdout)["plans"]


# 9. Files that are not what their names say, and text that is read wrongly


def test_binary_named_txt_is_not_a_text_file(tmp_path: Path) -> None:
    import random

    rng = random.Random(12)
    usable = [b for b in range(1, 256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)]
    noise = bytes(rng.choice(usable) for _ in range(50_000))  # decodes as Windows-1252
    (tmp_path / "noise.txt").write_bytes(noise)
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q"])
    assert result.exit_code == 1
    (line,) = error_lines(result.stderr)
    assert "noise.txt: not a text file" in line
    assert '"id": "good"' in result.stdout


def test_invalid_utf8_is_read_with_a_warning(tmp_path: Path) -> None:
    from pmh_assess.extract import extract

    path = tmp_path / "latin.txt"
    path.write_bytes("We will back the caf\u00e9 \u2018hub\u2019 for wellbeing.".encode("cp1252"))
    document = extract(path)
    assert "caf\u00e9 \u2018hub\u2019" in document.pages[0].text
    assert any("not valid UTF-8" in w for w in document.warnings)
    ok = tmp_path / "utf8.txt"
    ok.write_text("We will support the caf\u00e9.", encoding="utf-8")
    assert extract(ok).warnings == []


def test_cr_only_line_endings_break_lines(tmp_path: Path) -> None:
    from pmh_assess.run import prepare_document

    path = tmp_path / "mac.txt"
    path.write_bytes(b"Support for children\r\rWe will act.\rA second line")
    text = prepare_document(path).text.text
    assert "childrenWe" not in text and "children" in text and "We will act." in text


def test_main_inside_a_script_does_not_drop_the_page(tmp_path: Path) -> None:
    from pmh_assess.extract.html import html_to_sections

    page = (
        "<html><body><h1>Our plan</h1><p>We will fund perinatal mental health care.</p>"
        '<script>var tag = "<main>";</script><p>We will train staff.</p></body></html>'
    )
    text = " ".join(t for _, t in html_to_sections(page))
    assert "perinatal" in text and "train staff" in text
    with_main = "<nav>Menu</nav><p>Cookie notice</p><main><p>We will act.</p></main>"
    assert [t for _, t in html_to_sections(with_main)] == ["We will act."]


# 5. Spreadsheet formula injection


FORMULA_PLAN = (
    '=HYPERLINK("http://example.invalid","x") We will invest in the prevention of poor '
    "mental health.\n\n+SUM(1) We will support refugees and asylum seekers.\n"
)


@pytest.fixture
def formula_results(tmp_path: Path) -> Path:
    """Results of a plan whose quotes and title begin with formula characters."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "x.txt").write_text(FORMULA_PLAN, encoding="utf-8")
    (tmp_path / "plans" / "plans.yaml").write_text(
        "plans:\n  - id: x\n    title: '@cmd|calc'\n    documents: [x.txt]\n", encoding="utf-8"
    )
    out = tmp_path / "results.json"
    args = ["score", str(tmp_path / "plans"), "-r", str(MINI), "-f", "json", "-o", str(out)]
    result = runner.invoke(app, [*args, "-q"])
    assert result.exit_code == 0, result.output
    return out


def formula_cells(rows: list[list[str]]) -> list[str]:
    return [v for row in rows for v in row if v[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_csv_outputs_never_start_a_formula(tmp_path: Path, formula_results: Path) -> None:
    import csv

    outputs = {
        "score": ["score", str(tmp_path / "plans"), "-r", str(MINI), "-f", "csv", "-q"],
        "coverage": ["coverage", str(formula_results), "-f", "csv"],
    }
    for name, args in outputs.items():
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (name, result.output)
        rows = list(csv.reader(result.stdout.splitlines()))
        assert formula_cells(rows) == [], name
        assert any("'=HYPERLINK" in v or "'@cmd" in v for row in rows for v in row), name


def test_xlsx_stores_formula_text_as_text(tmp_path: Path, formula_results: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "coverage.xlsx"
    result = runner.invoke(app, ["coverage", str(formula_results), "-f", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    formulas = [
        c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    texts = [str(c.value) for ws in book for row in ws.iter_rows() for c in row]
    assert any(t.startswith("=HYPERLINK") for t in texts)  # kept as written, as text


def test_overrides_csv_round_trips_a_note_starting_with_a_formula(tmp_path: Path) -> None:
    from pmh_assess.review.overrides import Override, Overrides, load_overrides

    path = tmp_path / "ratings.csv"
    note = "=1+1 is what the plan says"
    Overrides(
        path, [Override(plan="x", criterion="c", rating="OK", reviewer="R", note=note)]
    ).save()
    assert "'=1+1" in path.read_text(encoding="utf-8")
    assert load_overrides(path).entries[0].note == note


# 6. Markup and escape sequences


def test_rubric_colours_must_be_colours(tmp_path: Path) -> None:
    bad = '"red\\" onload=\\"alert(1)"'
    rubric = MINI.read_text(encoding="utf-8").replace(
        "levels: [Good, OK, Poor]\n", f"levels: [Good, OK, Poor]\ncolours: {{Good: {bad}}}\n"
    )
    with pytest.raises(RubricError) as info:
        parse_rubric(rubric, "colours.yaml")
    assert "colours.yaml:5:" in str(info.value) and "is not a colour" in str(info.value)
    assert parse_rubric(rubric.replace(bad, '"#0a0"'), "ok.yaml").colours == {"Good": "#0a0"}


def test_colours_from_a_results_file_are_not_trusted(tmp_path: Path, formula_results: Path) -> None:
    import json

    data = json.loads(formula_results.read_text(encoding="utf-8"))
    data["rubric"]["colours"] = {"Good": '"><script>alert(1)</script>', "OK": "zz"}
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data), encoding="utf-8")
    for fmt, target in (("html", "c.html"), ("xlsx", "c.xlsx")):
        result = runner.invoke(
            app, ["coverage", str(forged), "-f", fmt, "-o", str(tmp_path / target)]
        )
        assert result.exit_code == 0, result.output
    assert "<script>alert" not in (tmp_path / "c.html").read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["plot", str(forged), "--chart", "matrix", "-o", str(tmp_path / "m.svg")]
    )
    assert result.exit_code == 0, result.output
    assert "<script>" not in (tmp_path / "m.svg").read_text(encoding="utf-8")


def test_markdown_output_keeps_document_html_as_text(tmp_path: Path) -> None:
    plan = tmp_path / "x.txt"
    plan.write_text(
        "We will invest in the prevention of poor mental health <img src=x onerror=alert(1)>.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(plan), "-r", str(MINI), "-f", "markdown", "-q"])
    assert result.exit_code == 0, result.output
    assert "<img" not in result.stdout and "&lt;img src=x" in result.stdout


def test_terminal_output_has_no_escape_sequences_from_documents(tmp_path: Path) -> None:
    plan = tmp_path / "x.txt"
    plan.write_text(
        "We will invest in the \x1b[2J\x1b]0;owned\x07prevention of poor mental health.\n",
        encoding="utf-8",
    )
    (tmp_path / "plans.yaml").write_text(
        'plans:\n  - id: x\n    title: "[bold]T\\e[31mitle[/bold"\n    documents: [x.txt]\n',
        encoding="utf-8",
    )
    for args in (
        ["score", str(tmp_path), "-q"],
        ["explain", str(tmp_path)],
        ["extract", str(plan)],
    ):
        result = runner.invoke(app, [*args, "-r", str(MINI)] if args[0] != "extract" else args)
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.stdout and "owned" not in result.stdout, args
    assert "[bold]T" in runner.invoke(app, ["score", str(tmp_path), "-q", "-r", str(MINI)]).stdout


# 7. Links that lead out of the folder


def test_a_link_out_of_the_plans_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("We will invest in the prevention of poor mental health: SECRET.\n")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "good.txt").write_text(PLAN, encoding="utf-8")
    (folder / "linked.txt").symlink_to(secret)
    result = runner.invoke(app, ["score", str(folder), "-r", str(MINI), "-f", "json", "-q"])
    assert result.exit_code == 1
    assert "SECRET" not in result.stdout and '"id": "good"' in result.stdout
    (line,) = error_lines(result.stderr)
    assert "linked.txt: a link to a file outside the folder" in line
    (folder / "plans.yaml").write_text(
        "plans:\n  - id: linked\n    documents: [linked.txt]\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["score", str(folder), "-r", str(MINI), "-f", "json", "-q"])
    assert "SECRET" not in result.stdout
    assert "leaves the manifest's folder" in result.stderr


# 10. Process hygiene and output files


def session_processes(session: int) -> list[int]:
    """Processes (other than zombies) in a session, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def wait_for(condition: Callable[[], bool], limit: float = 60) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_run_leaves_no_process_behind(tmp_path: Path, signum: int) -> None:
    plan = tmp_path / "long.txt"
    plan.write_text(PLAN + "a" * 200_000 + "\n", encoding="utf-8")
    rubric = tmp_path / "slow.yaml"
    rubric.write_text(many_criteria_rubric(r"[a-z]+x"), encoding="utf-8")
    args = ["score", str(plan), "-r", str(rubric), "-q", "--timeout", "600"]
    process = subprocess.Popen(
        [sys.executable, "-m", "pmh_assess", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        # the run, its fork server and a busy worker
        assert wait_for(lambda: len(session_processes(process.pid)) >= 3)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
        assert wait_for(lambda: session_processes(process.pid) == []), session_processes(
            process.pid
        )
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    finally:
        for pid in session_processes(process.pid):
            os.kill(pid, signal.SIGKILL)


def test_output_that_cannot_be_written_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("", encoding="utf-8")
    for target, message in (("folder", "is a folder"), ("file/out.json", "cannot write")):
        result = runner.invoke(
            app,
            [
                "score",
                str(tmp_path / "x.txt"),
                "-r",
                str(MINI),
                "-f",
                "json",
                "-q",
                "-o",
                str(tmp_path / target),
            ],
        )
        assert result.exit_code == 2, result.output
        (line,) = error_lines(result.stderr)
        assert message in line and target.split("/")[0] in line


def test_a_temporary_file_left_by_a_killed_write_is_removed(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(PLAN, encoding="utf-8")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    leftover = tmp_path / f".out.json.{int(dead.stdout)}.k2j4.tmp"
    leftover.write_text("{", encoding="utf-8")
    running = tmp_path / f".out.json.{os.getpid()}.a1b2.tmp"  # a live run's: kept
    running.write_text("{", encoding="utf-8")
    out = tmp_path / "out.json"
    args = ["score", str(tmp_path / "x.txt"), "-r", str(MINI), "-f", "json", "-q", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.is_file() and not leftover.exists() and running.exists()


# 11. Plan ids


def test_the_same_plan_id_in_two_manifests_is_an_error(tmp_path: Path) -> None:
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(PLAN, encoding="utf-8")
        (tmp_path / folder / "plans.yaml").write_text(
            "plans:\n  - id: shared\n    documents: [x.txt]\n", encoding="utf-8"
        )
    result = runner.invoke(app, ["score", str(tmp_path), "-r", str(MINI), "-f", "json", "-q"])
    assert result.exit_code == 2
    (line,) = error_lines(result.stderr)
    assert "'shared'" in line and "north" in line and "south" in line
