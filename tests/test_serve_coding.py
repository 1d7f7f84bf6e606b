"""The coding view on the real application: blind coding gives nothing of the machine's
away until answered, adjudication writes agreed ratings, memos never rate, and the plan
beside a criterion can be searched, paged and pointed into."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="pip install '.[serve]'")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from pmh_assess.plans import discover
from pmh_assess.review.coding import UNANIMOUS
from pmh_assess.review.overrides import Override, Overrides, load_overrides
from pmh_assess.rubric import load_rubric
from pmh_assess.run import score_plans
from pmh_assess.serve import Workbench, create_app

from .conftest import MINI, build_pdf, invoke

TOKEN = "a-test-token"
HEADERS = {"X-PMH-Token": TOKEN}


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    build_pdf(
        folder / "alpha.pdf",
        [
            [
                (72, 760, "Our plan for the years ahead", 16),
                (
                    72,
                    700,
                    "We will invest in the prevention of poor mental health in every school.",
                ),
                (72, 680, "There is no plan for refugees yet."),
            ],
            [(72, 760, "We will fund prevention of suicide in every town.")],
        ],
    )
    (folder / "beta.txt").write_text(
        "Prevention of poor mental health matters to us. We will support refugees.\n",
        encoding="utf-8",
    )
    return folder


def make(plans: Path, tmp_path: Path, answers: Path | None, **options: object) -> TestClient:
    rubric = load_rubric(MINI)
    specs, _ = discover([plans])
    results = score_plans(specs, rubric, workers=0)
    bench = Workbench(results, rubric, answers, specs, reviewer="R", **options)  # type: ignore[arg-type]
    client = TestClient(create_app(bench, TOKEN), base_url="http://127.0.0.1")
    client.get(f"/?token={TOKEN}", follow_redirects=False)
    client.bench = bench  # type: ignore[attr-defined]
    return client


def answer(client: TestClient, plan: str, criterion: str, rating: str, note: str = "") -> dict:
    body = {"plan": plan, "criterion": criterion, "rating": rating, "note": note}
    response = client.post("/api/answer", json=body, headers=HEADERS)
    assert response.status_code == 200, response.text
    return response.json()


def test_blind_coding_hides_the_machine_until_answered(plans: Path, tmp_path: Path) -> None:
    client = make(plans, tmp_path, tmp_path / "a.yaml", blind=True)
    grid = client.get("/").text
    assert "Coding blind as R" in grid and 'class="overall' not in grid
    assert "coverage HTML" not in grid  # exports show the machine's ratings
    assert client.get("/export/coverage.html").status_code == 403
    assert client.get("/export/appendix.md").status_code == 403
    page = client.get("/c/alpha/primary-prevention").text
    assert '<span class="badge none">hidden until you answer' in page
    assert "Decided by" not in page
    assert 'data-machine=""' in page and 'id="summary"' not in page
    assert "Blind: the machine&#39;s rating" in page
    assert "Places to read" in page and "Searched for" in page  # for every criterion
    said = answer(client, "alpha", "primary-prevention", "Poor")
    assert said["machine"] == "Good" and "Good" in said["reason"]  # revealed now
    assert "overall" not in said and "summary" not in said  # the plan's still hidden
    entry = load_overrides(tmp_path / "a.yaml").get("alpha", "primary-prevention")
    assert entry is not None and entry.blind is True
    after = client.get("/c/alpha/primary-prevention").text
    assert '<span class="badge none">hidden until you answer' not in after
    assert "Decided by" in after


def test_a_note_alone_is_a_memo_and_becomes_the_rating_s_note(plans: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    client = make(plans, tmp_path, path)
    body = {"plan": "alpha", "criterion": "group-refugees", "note": "Read p. 1 again."}
    assert client.post("/api/memo", json=body, headers=HEADERS).json() == {
        "memo": "Read p. 1 again."
    }
    plan = {"plan": "alpha", "criterion": None, "note": "A draft strategy."}
    assert client.post("/api/memo", json=plan, headers=HEADERS).status_code == 200
    saved = load_overrides(path)
    assert saved.entries == [] and len(saved.memos) == 2  # no rating from a note
    page = client.get("/c/alpha/group-refugees").text
    assert "Memo (not a rating): Read p. 1 again." in page and "A draft strategy." in page
    answer(client, "alpha", "group-refugees", "OK", "Read p. 1 again.")
    saved = load_overrides(path)
    assert saved.get("alpha", "group-refugees").note == "Read p. 1 again."  # type: ignore[union-attr]
    assert [m.key for m in saved.memos] == [("alpha", None)]
    bad = {"plan": "alpha", "criterion": "nope", "note": "x"}
    assert client.post("/api/memo", json=bad, headers=HEADERS).status_code == 404
    assert client.post("/api/memo", json=body).status_code == 403  # the token header


def test_adjudication_shows_coders_and_writes_agreed_ratings(plans: Path, tmp_path: Path) -> None:
    coders = []
    for name, refugees in (("Ann", "OK"), ("Ben", "Poor")):
        o = Overrides(path=tmp_path / f"{name}.yaml")
        for plan, criterion, rating in (
            ("alpha", "primary-prevention", "Good"),
            ("alpha", "group-refugees", refugees),
        ):
            o.put(
                Override(plan=plan, criterion=criterion, rating=rating, reviewer=name, blind=True)
            )
        o.save()
        coders.append(o.path)
    read_only = make(plans, tmp_path, None, coders=coders)
    assert "read only" in read_only.get("/").text
    body = {"plan": "alpha", "criterion": "group-refugees", "rating": "OK"}
    assert read_only.post("/api/answer", json=body, headers=HEADERS).status_code == 400
    consensus = tmp_path / "agreed.yaml"
    client = make(plans, tmp_path, consensus, coders=coders)
    grid = client.get("/").text
    assert "Adjudicating 2 coders (Ann, Ben)" in grid and 'data-disagree="1"' in grid
    page = client.get("/c/alpha/group-refugees").text
    assert "<td>Ann</td>" in page and "<td>Ben</td>" in page and "Why it was agreed" in page
    done = client.post("/api/agree-unanimous", json={}, headers=HEADERS).json()
    assert done["written"] == 1 and done["done"] == 1
    answer(client, "alpha", "group-refugees", "OK", "Named, with no action.")
    saved = {e.key: e for e in load_overrides(consensus).entries}
    assert saved[("alpha", "primary-prevention")].note == UNANIMOUS
    agreed = saved[("alpha", "group-refugees")]
    assert (agreed.rating, agreed.reviewer, agreed.blind) == ("OK", "R", False)
    appendix = client.get("/export/appendix.md").text
    assert "| Criterion | Final | Machine | Ann | Ben |" in appendix
    assert client.get("/export/appendix.xlsx").content.startswith(b"PK")


def test_the_plan_beside_can_be_searched_paged_and_pointed_into(
    plans: Path, tmp_path: Path
) -> None:
    client = make(plans, tmp_path, tmp_path / "a.yaml")
    page = client.get("/c/alpha/primary-prevention").text
    assert 'id="p-0-1"' in page and 'id="p-0-2"' in page  # every page of the PDF
    assert 'data-first="0/1/' in page  # the page opens at the first counted sentence
    found = client.get("/api/search/alpha", params={"q": "  PREVENTION of "}).json()
    assert [(f["page"], f["match"]) for f in found["found"]] == [
        (1, "prevention of"),
        (2, "prevention of"),
    ]
    assert found["found"][0]["where"] == "p. 1" and found["more"] is False
    first = found["found"][0]
    where = client.get(f"/api/locate/alpha/0/{first['sentence']}").json()
    assert where["page"] == 1 and where["boxes"]
    for left, top, right, bottom in where["boxes"]:
        assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
    assert client.get("/api/locate/alpha/0/9999").status_code == 404
    assert client.get("/api/locate/alpha/7/0").status_code == 404
    assert client.get("/api/search/nobody", params={"q": "x"}).status_code == 404
    listed = client.get("/c/alpha/primary-prevention/evidence", params={"from": "0"})
    assert listed.status_code == 200 and listed.text.count('<li class="hit') == 2
    assert listed.headers["x-total"] == "2"
    voided = client.get("/c/alpha/group-refugees/evidence", params={"kind": "voided"})
    assert "voided: negated by" in voided.text
    text = client.get("/c/beta/primary-prevention").text  # a text plan: its section as text
    assert 'id="s-0-0"' in text and "<mark>Prevention</mark>" in text
    missed = client.get("/api/missed/alpha/group-refugees").json()
    assert set(missed) == {"found", "unavailable"}
    for f in missed["found"]:
        assert f["similarity"] >= 0.5
    derived = client.get("/c/alpha/groups-all").text
    assert "Derived from its sources" in derived and "takes no answer" in derived
    assert 'id="note"' not in derived


def test_serve_says_which_way_of_working_it_needs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (a, b):
        path.write_text("overrides: []\n", encoding="utf-8")
    cases = [
        ((), "give --overrides FILE"),
        (("--overrides", "r.yaml", "--coders", str(a), "--coders", str(b)), "or --coders"),
        (("--overrides", "r.yaml", "--consensus", "c.yaml"), "--consensus goes with --coders"),
        (("--coders", str(a), str(b), "--blind"), "--blind is for coding"),
        (("--coders", str(a)), "two or more coders"),
    ]
    for options, said in cases:
        code, _, err = invoke("serve", "plans/", *options, "--port", "0", "--no-browser")
        assert code == 2 and said in err and "Traceback" not in err, (options, err)
