"""The review workbench's server: the token, the loopback default, documents by id only,
answers saved beside the CLI's, page images with highlights, and the command's edges."""

from __future__ import annotations

import http.cookiejar
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest
from PIL import Image

pytest.importorskip("starlette", reason="pip install '.[serve]'")
with warnings.catch_warnings():  # Starlette now suggests httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from pmh_assess.plans import discover
from pmh_assess.review.overrides import Override, load_overrides
from pmh_assess.review.walk import save_answer
from pmh_assess.rubric import load_rubric
from pmh_assess.run import score_plans
from pmh_assess.serve import Workbench, create_app
from pmh_assess.serve.pages import SENTENCE, TERM, Passage, find, render_page

from .conftest import INTERRUPTIBLE, MINI, ROOT, build_pdf, invoke

TOKEN = "a-test-token"
SECRET = "do not serve this file"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A PDF plan (prevention on two pages, refugees voided) and a text plan."""
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
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.fixture
def bench(plans: Path, tmp_path: Path) -> Workbench:
    rubric = load_rubric(MINI)
    specs, errors = discover([plans])
    assert not errors
    results = score_plans(specs, rubric, workers=0)
    return Workbench(results, rubric, tmp_path / "reviews.yaml", specs, reviewer="R. Viewer")


@pytest.fixture
def client(bench: Workbench) -> TestClient:
    return TestClient(create_app(bench, TOKEN), base_url="http://127.0.0.1")


@pytest.fixture
def signed_in(client: TestClient) -> TestClient:
    response = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303
    return client


# --- the token ------------------------------------------------------------------------


def test_every_request_needs_the_token(client: TestClient) -> None:
    for path in ["/", "/c/alpha/primary-prevention", "/static/panel.js", "/levels.css"]:
        assert client.get(path).status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    client.cookies.set("pmh_token", "wrong")
    assert client.get("/").status_code == 403


def test_the_token_becomes_a_strict_httponly_cookie_and_leaves_the_address(
    client: TestClient,
) -> None:
    response = client.get(f"/c/alpha/primary-prevention?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/c/alpha/primary-prevention"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/c/alpha/primary-prevention")
    assert page.status_code == 200 and "Primary prevention" in page.text


def test_answers_need_the_token_header_too(signed_in: TestClient, bench: Workbench) -> None:
    body = {"plan": "alpha", "criterion": "primary-prevention", "rating": "OK", "note": ""}
    # a form another page could post carries the cookie, but cannot set the header
    assert signed_in.post("/api/answer", json=body).status_code == 403
    assert (
        signed_in.post("/api/answer", json=body, headers={"X-PMH-Token": "no"}).status_code == 403
    )
    assert not bench.path.exists()
    done = signed_in.post("/api/answer", json=body, headers={"X-PMH-Token": TOKEN})
    assert done.status_code == 200 and done.json()["rating"] == "OK"


def test_pages_carry_a_strict_content_security_policy(signed_in: TestClient) -> None:
    response = signed_in.get("/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert '<script src="/static/grid.js">' in response.text
    assert "http://" not in response.text and "https://" not in response.text  # no CDN


# --- documents by id only ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/page/alpha/0/99.png",  # no such page
        "/page/alpha/1/1.png",  # no second document
        "/page/beta/0/1.png",  # a text document has no page image
        "/page/nobody/0/1.png",
        "/page/..%2Fsecret.txt/0/1.png",
        "/page/%2E%2E/0/1.png",
        "/page/alpha/-1/1.png",
        "/static/../workbench.py",
        "/static/..%2F..%2Fcli%2Fserve.py",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/c/..%2F..%2Fsecret.txt/x",
        "/c/alpha/no-such-criterion",
    ],
)
def test_only_the_scored_documents_can_be_served(signed_in: TestClient, path: str) -> None:
    response = signed_in.get(path)
    assert response.status_code == 404, path
    assert SECRET not in response.text and "import" not in response.text


def test_a_pdf_page_comes_back_with_the_evidence_highlighted(signed_in: TestClient) -> None:
    page = signed_in.get("/c/alpha/primary-prevention")
    assert "/page/alpha/0/1.png?c=primary-prevention" in page.text
    assert "<mark>prevention</mark>" in page.text
    image = signed_in.get("/page/alpha/0/1.png?c=primary-prevention")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(image.content)) as shown:
        colours = {c: n for n, c in shown.convert("RGB").getcolors(1 << 24) or []}
    assert colours.get(SENTENCE, 0) > 500 and colours.get(TERM, 0) > 50
    plain = signed_in.get("/page/alpha/0/1.png")  # no criterion: nothing highlighted
    with Image.open(io.BytesIO(plain.content)) as shown:
        colours = {c: n for n, c in shown.convert("RGB").getcolors(1 << 24) or []}
    assert SENTENCE not in colours and TERM not in colours


def test_a_text_document_shows_its_section_and_voided_hits_say_why(
    signed_in: TestClient,
) -> None:
    page = signed_in.get("/c/beta/primary-prevention").text
    assert 'class="quote section"' in page and "/page/beta" not in page
    voided = signed_in.get("/c/alpha/group-refugees").text
    assert "Voided hits" in voided and "voided: negated by &#39;There is no&#39;" in voided


def test_find_ignores_spaces_case_and_hyphens() -> None:
    page = "We will invest in pre-\nvention of poor MENTAL  health."
    found = find(page, "prevention of poor mental health")
    assert (found[0], found[-1]) == (page.index("pre-"), page.rindex("h"))
    assert "".join(page[i] for i in found) == "preventionofpoorMENTALhealth"
    assert find(page, "not on this page") == []


def test_render_page_highlights_only_what_it_finds(tmp_path: Path) -> None:
    pdf = build_pdf(tmp_path / "one.pdf", [[(72, 700, "We will prevent poor mental health.")]])
    _, found = render_page(pdf, 1, [Passage("Nothing like this", ("this",))])
    assert found == 0
    png, found = render_page(pdf, 1, [Passage("We will prevent poor mental health.", ("prevent",))])
    assert found == 1 and png.startswith(b"\x89PNG")
    with pytest.raises(IndexError):
        render_page(pdf, 2, [])


# --- answers ------------------------------------------------------------------------------


def test_an_answer_is_saved_and_the_plan_worked_out_again(
    signed_in: TestClient, bench: Workbench
) -> None:
    headers = {"X-PMH-Token": TOKEN}
    before = bench.plan("alpha")
    body = {"plan": "alpha", "criterion": "group-refugees", "rating": "good", "note": " Seen. "}
    done = signed_in.post("/api/answer", json=body, headers=headers).json()
    assert done["rating"] == "Good" and done["done"] == 1 and done["total"] == 4
    entry = load_overrides(bench.path).get("alpha", "group-refugees")
    assert entry is not None
    assert (entry.rating, entry.reviewer, entry.note) == ("Good", "R. Viewer", "Seen.")
    after = bench.plan("alpha")
    assert (
        after.criterion("group-refugees").machine_rating
        == before.criterion("group-refugees").rating
    )
    # the derived criterion follows the reviewed rating
    assert after.criterion("groups-all").rating != before.criterion("groups-all").rating
    assert "groups-all" in done["summary"] or "All" in done["summary"]
    # refused: a derived criterion, an unknown level, an unknown plan
    for bad, status in [
        ({"plan": "alpha", "criterion": "groups-all", "rating": "Good"}, 400),
        ({"plan": "alpha", "criterion": "group-refugees", "rating": "Great"}, 400),
        ({"plan": "nobody", "criterion": "group-refugees", "rating": "Good"}, 404),
        ({"plan": "alpha"}, 400),
    ]:
        assert signed_in.post("/api/answer", json=bad, headers=headers).status_code == status


def test_answers_saved_elsewhere_meanwhile_are_kept_and_shown(
    signed_in: TestClient, bench: Workbench
) -> None:
    # `review` in a terminal saves one answer while the workbench is open
    other = Override(plan="beta", criterion="group-refugees", rating="Poor", reviewer="CLI")
    save_answer(bench.path, other)
    assert "1 of 4 reviewed" in signed_in.get("/").text
    body = {"plan": "alpha", "criterion": "primary-prevention", "rating": "OK"}
    signed_in.post("/api/answer", json=body, headers={"X-PMH-Token": TOKEN})
    saved = load_overrides(bench.path)
    assert {(e.plan, e.criterion) for e in saved.entries} == {
        ("beta", "group-refugees"),
        ("alpha", "primary-prevention"),
    }
    assert "2 of 4 reviewed" in signed_in.get("/").text


def test_concurrent_answers_are_all_kept(bench: Workbench) -> None:
    threads = [
        threading.Thread(
            target=save_answer,
            args=(bench.path, Override(plan=f"p{i}", criterion="c", rating="OK", reviewer="r")),
        )
        for i in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(load_overrides(bench.path).entries) == 12


def test_exports_use_the_reviewed_ratings(signed_in: TestClient, bench: Workbench) -> None:
    machine = signed_in.get("/export/coverage.html")
    assert machine.status_code == 200 and "attachment" in machine.headers["content-disposition"]
    before = bench.plan("beta").criterion("group-refugees").rating
    after = next(level for level in bench.levels if level != before)
    body = {"plan": "beta", "criterion": "group-refugees", "rating": after}
    signed_in.post("/api/answer", json=body, headers={"X-PMH-Token": TOKEN})
    reviewed = signed_in.get("/export/coverage.html")
    assert reviewed.text != machine.text
    from pmh_assess.coverage import coverage_of, render

    selected, coverage = coverage_of(bench.refresh())
    assert reviewed.text == render(coverage, selected, "html")
    xlsx = signed_in.get("/export/coverage.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert signed_in.get("/export/coverage.csv").status_code == 404


def test_the_grid_marks_reviewed_cells_and_counts_progress(signed_in: TestClient) -> None:
    grid = signed_in.get("/").text
    assert "0 of 4 reviewed" in grid and grid.count('class="cell ') == 6
    body = {"plan": "alpha", "criterion": "primary-prevention", "rating": "Poor"}
    signed_in.post("/api/answer", json=body, headers={"X-PMH-Token": TOKEN})
    grid = signed_in.get("/").text
    assert "1 of 4 reviewed" in grid and grid.count(' reviewed"') + grid.count(" reviewed ") >= 1


# --- the command ----------------------------------------------------------------------------


def _start(*args: str, cwd: Path = ROOT) -> subprocess.Popen[str]:
    env = {**os.environ}
    return subprocess.Popen(
        [sys.executable, "-m", "pmh_assess", "serve", *args, "--no-browser", "--quiet"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **INTERRUPTIBLE,
    )


def _first_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=120)
    return line[0] if line else ""


@pytest.fixture
def results_file(bench: Workbench, tmp_path: Path) -> Path:
    """The scored plans as a results file (serving it scores nothing: quicker to start)."""
    path = tmp_path / "results.json"
    path.write_text(bench.machine.to_json(), encoding="utf-8")
    return path


def test_serve_binds_loopback_prints_its_address_and_stops_on_ctrl_c(
    results_file: Path, tmp_path: Path
) -> None:
    process = _start(
        str(results_file), "--overrides", str(tmp_path / "r.yaml"), "-r", str(MINI), "--port", "0"
    )
    try:
        line = _first_line(process)
        assert line.startswith("Serving on http://127.0.0.1:"), line
        assert "?token=" in line and line.rstrip().endswith("(Ctrl-C to stop)")
        port = int(line.split(":")[2].split("/")[0])
        # listening on loopback only: the port answers there, and is busy for a second server
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        # a browser: the token in the address once, then the cookie
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        base = f"http://127.0.0.1:{port}"
        with browser.open(line.split()[2], timeout=30) as grid:
            assert grid.url == base + "/" and b'data-plan="alpha"' in grid.read()
        # the results file's documents are served from where they were scored
        with browser.open(base + "/page/alpha/0/2.png?c=primary-prevention", timeout=60) as png:
            assert png.headers["content-type"] == "image/png"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/", timeout=30)
        assert refused.value.code == 403
        busy = _start(
            str(results_file),
            "--overrides",
            str(tmp_path / "r.yaml"),
            "-r",
            str(MINI),
            "--port",
            str(port),
        )
        out, err = busy.communicate(timeout=120)
        assert busy.returncode == 2
        assert f"port {port}" in err and "--port" in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode in (0, 130), err
    assert "Traceback" not in err and "Stopped." in out


def test_another_host_is_taken_only_when_asked_and_warned_about(
    results_file: Path, tmp_path: Path
) -> None:
    process = _start(
        str(results_file), "--overrides", str(tmp_path / "r.yaml"), "-r", str(MINI),
        "--port", "0", "--host", "0.0.0.0",
    )  # fmt: skip
    try:
        line = _first_line(process)
        assert line.startswith("Serving on http://0.0.0.0:"), line
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert "warning" in err and "0.0.0.0" in err


def test_the_default_host_is_loopback() -> None:
    import inspect

    from pmh_assess.cli.serve import serve

    defaults = inspect.signature(serve).parameters
    assert defaults["host"].default == "127.0.0.1"
    assert defaults["port"].default == 8765


def test_without_the_serve_extra_it_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    code, _, err = invoke("serve", "plans/", "--overrides", str(tmp_path / "r.yaml"))
    assert code == 2 and "pip install 'pmh-assess[serve]'" in err and "Traceback" not in err


def test_serve_explains_bad_inputs_in_one_line(tmp_path: Path) -> None:
    code, _, err = invoke("serve", str(tmp_path / "nothing.json"), "--overrides", "r.yaml")
    assert code == 2 and "error" in err and "Traceback" not in err
