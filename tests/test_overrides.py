"""Overrides: the file formats, their errors, and what applying them changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.base.errors import RubricError, UserError
from pmh_assess.cli import app
from pmh_assess.plans import discover
from pmh_assess.review.overrides import (
    Override,
    Overrides,
    apply_overrides,
    check_against_rubric,
    load_overrides,
)
from pmh_assess.run import score_plans

from .conftest import MINI, TWO_PLANS, text_plans

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return text_plans(tmp_path / "plans", TWO_PLANS)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def score_json(*args: str) -> dict:
    result = runner.invoke(app, ["score", *args, "--rubric", str(MINI), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_id(data: dict) -> dict[str, dict]:
    return {p["id"]: p for p in data["plans"]}


def test_yaml_and_csv_read_the_same(tmp_path: Path) -> None:
    yml = load_overrides(
        write(
            tmp_path / "r.yaml",
            "overrides:\n"
            "  - plan: beta\n    criterion: group-refugees\n    rating: OK\n"
            "    reviewer: AB\n    note: Refugees are named on page 2.\n    date: 2024-05-01\n",
        )
    )
    csv = load_overrides(
        write(
            tmp_path / "r.csv",
            "plan,criterion,rating,reviewer,note,date\n"
            "beta,group-refugees,OK,AB,Refugees are named on page 2.,2024-05-01\n",
        )
    )
    assert yml.entries == csv.entries
    assert yml.entries[0].date == "2024-05-01"
    bare = load_overrides(
        write(
            tmp_path / "b.yaml",
            "- {plan: beta, criterion: group-refugees, rating: OK, reviewer: AB}\n",
        )
    )
    assert bare.entries[0].key == ("beta", "group-refugees")


def test_save_round_trips_in_both_formats(tmp_path: Path) -> None:
    for name in ("out.yaml", "out.csv"):
        o = Overrides(path=tmp_path / name)
        o.put(
            Override(
                plan="a", criterion="c", rating="OK", reviewer="AB", note="x, y", date="2024-01-02"
            )
        )
        o.put(Override(plan="a", criterion="c", rating="Poor", reviewer="AB"))  # replaces
        o.save()
        again = load_overrides(tmp_path / name)
        assert [(e.key, e.rating) for e in again.entries] == [(("a", "c"), "Poor")]


@pytest.mark.parametrize("name", ["reviews.yaml", "reviews.csv"])
def test_notes_of_any_shape_are_read_back_as_written(tmp_path: Path, name: str) -> None:
    notes = [
        "yes",
        "null",
        "~",
        "- a dash first",
        "? a question: with a colon",
        "'quoted' and \"double\" #not a comment",
        "tab\there and a no-break\u00a0space",
        "line one\nline two: yes\r\nline three",
        "next line\u0085and line separator\u2028too",
        "café 日本 😀",
        "w" * 250,
        "=SUM(A1:A2)",
        "  spaces around  ",
    ]
    o = Overrides(path=tmp_path / name)
    for i, note in enumerate(notes):
        o.put(Override(plan="a", criterion=f"c{i}", rating="OK", reviewer="AB", note=note))
    o.save()
    again = load_overrides(tmp_path / name)
    notes = [n.strip() for n in notes]  # a note is kept without spaces around it
    if name.endswith(".csv"):  # and a CSV cell is read back with its line ends as "\n"
        notes = [n.replace("\r\n", "\n") for n in notes]
    assert [e.note for e in again.entries] == notes


def test_file_problems_are_located(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        "overrides:\n"
        "  - {plan: a, criterion: c, rating: OK, reviewer: AB}\n"
        "  - {plan: a, criterion: c, rating: Poor, reviewer: AB}\n"
        "  - {plan: b, criterion: c, rating: OK}\n"
        "  - {plan: b, criterion: d, rating: OK, reviewer: AB, date: May}\n",
    )
    with pytest.raises(RubricError) as exc:
        load_overrides(bad)
    text = str(exc.value)
    assert "bad.yaml:5:" in text and "'May' is not a date" in text
    bad.write_text(bad.read_text().replace(", date: May", ""), encoding="utf-8")
    with pytest.raises(RubricError) as exc:
        load_overrides(bad)
    messages = [str(p) for p in exc.value.problems]
    assert any(m.startswith(f"{bad}:3:") and "rated twice (first at line 2)" in m for m in messages)
    assert f"{bad}:4:1: missing reviewer" in messages
    csv = write(tmp_path / "bad.csv", "plan,rating\na,OK\n")
    with pytest.raises(RubricError, match="lacks column"):
        load_overrides(csv)


def test_unknown_criteria_and_levels_are_errors(tmp_path: Path, mini_rubric) -> None:
    o = load_overrides(
        write(
            tmp_path / "r.csv",
            "plan,criterion,rating,reviewer\n"
            "a,primary-prevension,OK,AB\n"
            "a,group-refugees,Excellent,AB\n"
            "a,groups-all,ok,AB\n",
        )
    )
    with pytest.raises(RubricError) as exc:
        check_against_rubric(o, mini_rubric)
    messages = [str(p) for p in exc.value.problems]
    assert messages[0].endswith(
        "r.csv:2:1: unknown criterion 'primary-prevension' in rubric mini "
        "(did you mean 'primary-prevention'?)"
    )
    assert (
        "r.csv:3:1: rating 'Excellent' is not a level of rubric mini (Good, OK, Poor)"
        in (messages[1])
    )
    assert len(messages) == 2  # 'ok' is accepted and spelt as the rubric does


def test_override_changes_rating_derived_and_overall(folder: Path, mini_rubric) -> None:
    specs, _ = discover([folder])
    results = score_plans(specs, mini_rubric)
    beta = results.plans[1]
    assert [c.rating for c in beta.criteria] == ["OK", "Poor", "OK"]
    assert beta.overall.rating == "OK"
    reviews = Overrides(
        entries=[
            Override(
                plan="beta", criterion="group-refugees", rating="Good", reviewer="AB", note="p.1"
            )
        ]
    )
    new, warnings = apply_overrides(results, reviews, mini_rubric)
    assert warnings == []
    beta2 = new.plans[1]
    refugees = beta2.criterion("group-refugees")
    assert (refugees.rating, refugees.machine_rating, refugees.overridden_by, refugees.note) == (
        "Good",
        "Poor",
        "AB",
        "p.1",
    )
    derived = beta2.criterion("groups-all")
    assert (derived.rating, derived.machine_rating) == ("Good", "OK")  # both groups covered now
    assert "from reviewed ratings" in derived.reason
    # points: prevention OK 1*2, refugees Good 2, groups-all Good 2 -> 6 of 8 = 0.75 >= 0.7
    assert (beta2.overall.rating, beta2.overall.score) == ("Good", 0.75)
    assert (beta2.overall.machine_rating, beta2.overall.machine_score) == ("OK", beta.overall.score)
    assert new.plans[0] == results.plans[0]  # plans without overrides are untouched
    assert results.plans[1].criterion("group-refugees").rating == "Poor"  # input not mutated


def test_reviewer_can_override_a_derived_criterion(folder: Path, mini_rubric) -> None:
    specs, _ = discover([folder])
    results = score_plans(specs, mini_rubric)
    reviews = Overrides(
        entries=[Override(plan="beta", criterion="groups-all", rating="Poor", reviewer="AB")]
    )
    new, _ = apply_overrides(results, reviews, mini_rubric)
    assert new.plans[1].criterion("groups-all").rating == "Poor"


def test_score_with_overrides_json_and_warnings(folder: Path, tmp_path: Path) -> None:
    plain = score_json(str(folder))
    reviews = write(
        tmp_path / "reviews.yaml",
        "overrides:\n"
        "  - {plan: alpha, criterion: primary-prevention, rating: Poor, reviewer: CD,"
        " note: All about physical health, date: 2024-06-01}\n"
        "  - {plan: gamma, criterion: primary-prevention, rating: OK, reviewer: CD}\n",
    )
    result = runner.invoke(
        app,
        ["score", str(folder), "--rubric", str(MINI), "-f", "json", "--overrides", str(reviews)],
    )
    assert result.exit_code == 0
    assert "reviews.yaml:3: no plan 'gamma' in these results" in result.stderr
    data = json.loads(result.stdout)
    before, after = by_id(plain)["alpha"], by_id(data)["alpha"]
    crit = after["criteria"][0]
    assert crit["rating"] == "Poor" and crit["machine_rating"] == "Good"
    assert crit["overridden_by"] == "CD" and crit["note"] == "All about physical health"
    assert crit["reviewed_on"] == "2024-06-01"
    assert before["criteria"][0]["overridden_by"] is None
    # points: prevention Poor 0*2, refugees Good 2, groups-all OK 1 -> 3 of 8
    assert before["overall"]["rating"] == "Good" and after["overall"]["rating"] == "OK"
    assert after["overall"]["score"] == 0.375 and after["overall"]["reason"].startswith("OK:")
    assert after["overall"]["machine_rating"] == "Good"
    assert after["overall"]["machine_score"] == before["overall"]["score"] == 1.0
    assert after["criteria"][2]["rating"] == "OK"  # groups-all: one group covered now
    assert by_id(data)["beta"] == by_id(plain)["beta"]
    again = runner.invoke(
        app,
        ["score", str(folder), "--rubric", str(MINI), "-f", "json", "--overrides", str(reviews)],
    )
    assert again.stdout == result.stdout


def test_score_refuses_a_bad_overrides_file(folder: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "r.csv", "plan,criterion,rating,reviewer\nalpha,nope,OK,AB\n")
    result = runner.invoke(
        app, ["score", str(folder), "--rubric", str(MINI), "--overrides", str(bad)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "r.csv:2:1: unknown criterion 'nope'" in result.stderr
    missing = runner.invoke(
        app, ["score", str(folder), "--rubric", str(MINI), "--overrides", str(tmp_path / "no.yaml")]
    )
    assert missing.exit_code == 2
    assert missing.stderr.strip() == f"error: {tmp_path / 'no.yaml'}: no such file or folder"


def test_a_missing_overrides_file_is_one_plain_line_in_every_command(
    folder: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no.yaml"
    results = tmp_path / "r.json"
    assert (
        runner.invoke(app, ["score", str(folder), "-r", str(MINI), "-o", str(results)]).exit_code
        == 0
    )
    for command in (
        ["score", str(folder), "-r", str(MINI)],
        ["coverage", str(results)],
        ["explain", str(folder / "alpha.txt"), "-r", str(MINI)],
    ):
        result = runner.invoke(app, [*command, "--overrides", str(missing)])
        assert result.exit_code == 2, command
        assert "no such file" in result.stderr and ":1:1" not in result.stderr
        assert "Errno" not in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(UserError, match="no such file"):
        load_overrides(missing)


def test_a_csv_without_a_reviewer_column_is_one_problem_beside_the_others(
    folder: Path, tmp_path: Path
) -> None:
    bad = write(
        tmp_path / "r.csv",
        "plan,criterion,rating\nalpha,primary-prevention,OK\nalpha,nope,OK\n"
        "beta,group-refugees,Great\nbeta,primary-prevention,Poor\n",
    )
    result = runner.invoke(
        app, ["score", str(folder), "--rubric", str(MINI), "--overrides", str(bad)]
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"error: {bad}:1:1: the header has no reviewer column: add one naming who gave each "
        "rating (plan,criterion,rating,reviewer,note,date)"
    )
    assert "missing reviewer" not in result.stderr  # said once, not once a row
    assert f"{bad}:3:1: unknown criterion 'nope'" in result.stderr
    assert f"{bad}:4:1: rating 'Great' is not a level" in result.stderr


@pytest.mark.parametrize("name", ["reviews.yaml", "reviews.csv"])
def test_memos_and_blind_round_trip_apart_from_ratings(
    tmp_path: Path, name: str, folder: Path, mini_rubric
) -> None:
    from pmh_assess.review.walk import save_memo

    path = tmp_path / name
    save_memo(path, "alpha", "primary-prevention", "Page 2 names schools as buildings.", "AB")
    save_memo(path, "alpha", None, "The strategy is a draft.", "AB")
    memos = load_overrides(path)
    assert memos.entries == []  # a memo alone never rates anything
    assert [(m.key, m.note) for m in memos.memos] == [
        (("alpha", "primary-prevention"), "Page 2 names schools as buildings."),
        (("alpha", None), "The strategy is a draft."),
    ]
    o = load_overrides(path)
    o.put(
        Override(plan="alpha", criterion="group-refugees", rating="OK", reviewer="AB", blind=True)
    )
    o.put(Override(plan="beta", criterion="group-refugees", rating="Poor", reviewer="CD"))
    o.save()
    again = check_against_rubric(load_overrides(path), mini_rubric)
    assert [(e.key, e.blind) for e in again.entries] == [
        (("alpha", "group-refugees"), True),
        (("beta", "group-refugees"), None),  # not known: a file written by hand
    ]
    assert len(again.memos) == 2
    save_memo(path, "alpha", None, "", "AB")  # an empty memo removes it
    assert [m.key for m in load_overrides(path).memos] == [("alpha", "primary-prevention")]
    # the memos do not change what the ratings apply
    results = score_plans(discover([folder])[0], mini_rubric, workers=0)
    reviewed, _ = apply_overrides(results, again, mini_rubric)
    alpha = reviewed.plans[0]
    assert alpha.criterion("primary-prevention").overridden_by is None


def test_a_csv_row_with_a_note_and_no_rating_is_a_memo(tmp_path: Path, mini_rubric) -> None:
    path = write(
        tmp_path / "r.csv",
        "plan,criterion,rating,reviewer,note,date,blind\n"
        "beta,group-refugees,OK,AB,named on page 2,2024-05-01,false\n"
        "beta,,,AB,a plan memo,2024-05-01,\n"
        "beta,primary-prevention,,AB,,2024-05-01,\n",
    )
    with pytest.raises(RubricError, match=r"r.csv:4:1: missing rating"):
        load_overrides(path)  # no note and no rating is a rating left out, not a memo
    path.write_text("\n".join(path.read_text().splitlines()[:3]) + "\n")
    loaded = check_against_rubric(load_overrides(path), mini_rubric)
    assert [(e.key, e.blind) for e in loaded.entries] == [(("beta", "group-refugees"), False)]
    assert [(m.key, m.note) for m in loaded.memos] == [(("beta", None), "a plan memo")]
    write(tmp_path / "m.yaml", "memos:\n  - {plan: beta, criterion: nope, note: x}\n")
    with pytest.raises(RubricError, match="memo on unknown criterion 'nope'"):
        check_against_rubric(load_overrides(tmp_path / "m.yaml"), mini_rubric)
