"""Double coding: coders side by side, the consensus file, and the evidence appendix."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pmh_assess.base.errors import UserError
from pmh_assess.cli import app
from pmh_assess.plans import discover
from pmh_assess.report.appendix import appendix, to_markdown, to_xlsx
from pmh_assess.review.coding import UNANIMOUS, agree, agree_unanimous, cells, load_coders
from pmh_assess.review.overrides import Override, Overrides, apply_overrides, load_overrides
from pmh_assess.review.walk import save_memo
from pmh_assess.run import score_plans

from .conftest import MINI, TWO_PLANS, text_plans

runner = CliRunner()


def coder(path: Path, name: str, ratings: dict[tuple[str, str], str], note: str = "") -> Path:
    o = Overrides(path=path)
    for (plan, criterion), rating in ratings.items():
        o.put(
            Override(
                plan=plan,
                criterion=criterion,
                rating=rating,
                reviewer=name,
                note=note,
                blind=True,
            )
        )
    o.save()
    return path


@pytest.fixture
def setup(tmp_path: Path, mini_rubric):
    folder = text_plans(tmp_path / "plans", TWO_PLANS)
    machine = score_plans(discover([folder])[0], mini_rubric, workers=0)
    a = coder(
        tmp_path / "a.yaml",
        "Ann",
        {
            ("alpha", "primary-prevention"): "Good",
            ("alpha", "group-refugees"): "OK",
            ("beta", "primary-prevention"): "Poor",
            ("beta", "group-refugees"): "Poor",
        },
        note='=HYPERLINK("http://x")',
    )
    b = coder(
        tmp_path / "b.yaml",
        "Ben",
        {
            ("alpha", "primary-prevention"): "Good",
            ("alpha", "group-refugees"): "Good",
            ("beta", "primary-prevention"): "Poor",
        },
    )
    return folder, machine, [a, b], tmp_path / "consensus.yaml"


def test_cells_say_where_coders_disagree_with_each_other_and_the_machine(
    setup, mini_rubric
) -> None:
    _, machine, paths, _ = setup
    coders = load_coders(paths, mini_rubric)
    assert [c.name for c in coders] == ["Ann", "Ben"]
    found = cells(machine, coders, None)
    refugees = found[("alpha", "group-refugees")]
    assert refugees.coders_disagree and refugees.unanimous is None
    prevention = found[("beta", "primary-prevention")]
    assert prevention.unanimous == "Poor" and prevention.machine == "OK"
    assert prevention.machine_differs and not prevention.coders_disagree
    assert not found[("beta", "group-refugees")].complete  # Ben has not rated it
    with pytest.raises(UserError, match="two or more"):
        load_coders(paths[:1], mini_rubric)
    with pytest.raises(UserError, match="named twice"):
        load_coders([paths[0], paths[0]], mini_rubric)


def test_the_consensus_file_is_an_overrides_file_score_uses(setup, mini_rubric) -> None:
    folder, machine, paths, consensus = setup
    coders = load_coders(paths, mini_rubric)
    written = agree_unanimous(
        consensus, cells(machine, coders, None), {"groups-all"}, who="Ann & Ben"
    )
    assert written == 2  # alpha prevention Good, beta prevention Poor
    agree(consensus, "alpha", "group-refugees", "OK", who="Ann & Ben", why="named, no action")
    saved = {e.key: e for e in load_overrides(consensus).entries}
    assert saved[("beta", "primary-prevention")].note == UNANIMOUS
    agreed = saved[("alpha", "group-refugees")]
    assert (agreed.rating, agreed.reviewer, agreed.note, agreed.blind) == (
        "OK",
        "Ann & Ben",
        "named, no action",
        False,
    )
    assert (
        agree_unanimous(
            consensus, cells(machine, coders, load_overrides(consensus)), set(), who="x"
        )
        == 0
    )
    out = runner.invoke(
        app,
        ["score", str(folder), "--rubric", str(MINI), "--overrides", str(consensus), "-f", "json"],
    )
    assert out.exit_code == 0, out.output
    beta = next(p for p in json.loads(out.stdout)["plans"] if p["id"] == "beta")
    prevention = next(c for c in beta["criteria"] if c["id"] == "primary-prevention")
    assert (prevention["rating"], prevention["machine_rating"]) == ("Poor", "OK")
    assert prevention["overridden_by"] == "Ann & Ben"


def test_the_appendix_gives_every_rating_quote_and_memo(setup, mini_rubric) -> None:
    _, machine, paths, consensus = setup
    coders = load_coders(paths, mini_rubric)
    agree(consensus, "alpha", "group-refugees", "OK", who="Ann & Ben", why="named, no action")
    save_memo(consensus, "alpha", None, "<b>The strategy is a draft.</b>", "Ann")
    save_memo(paths[1], "beta", "group-refugees", "Not read yet.", "Ben")
    coders = load_coders(paths, mini_rubric)
    final, _ = apply_overrides(machine, load_overrides(consensus), mini_rubric)
    found = appendix(final, coders, load_overrides(consensus))
    md = to_markdown(found)
    assert "| Criterion | Final | Machine | Ann | Ben |" in md
    assert "| Asylum seekers and refugees (`group-refugees`) | **OK** | Good | OK | Good |" in md
    assert "Agreed by Ann & Ben: named, no action" in md
    assert "> Memo (Ann): &lt;b>The strategy is a draft.&lt;/b>" in md  # no raw HTML
    assert "Memo (Ben): Not read yet." in md
    assert '- "We will support refugees." (alpha.txt, p. 3)' in md
    book = load_workbook(io.BytesIO(to_xlsx(found)))
    rows = list(book["Ratings"].iter_rows(values_only=True))
    head = rows[0]
    row = dict(
        zip(
            head,
            next(r for r in rows if r[:4] == ("alpha", "alpha", r[2], "group-refugees")),
            strict=True,
        )
    )
    assert (row["final rating"], row["final from"], row["machine rating"]) == (
        "OK",
        "reviewers",
        "Good",
    )
    assert (row["Ann rating"], row["Ben rating"], row["Ann blind"]) == ("OK", "Good", "yes")
    assert row["Ann note"] == '=HYPERLINK("http://x")'  # kept as text
    assert book["Ratings"].cell(2, head.index("Ann note") + 1).data_type == "s"
    quotes = [r for r in book["Evidence"].iter_rows(values_only=True) if r[1] == "group-refugees"]
    assert quotes[0][:5] == (
        "alpha",
        "group-refugees",
        "OK",
        "We will support refugees.",
        "alpha.txt, p. 3",
    )
    assert ("beta", "group-refugees", "Ben", "Not read yet.") in set(
        book["Memos"].iter_rows(values_only=True)
    )
    assert to_xlsx(found) == to_xlsx(found)  # the same ratings, the same bytes
