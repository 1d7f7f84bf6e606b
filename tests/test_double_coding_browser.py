"""Double coding end to end in a real browser: two coders code three plans blind, their
disagreements are agreed, and the consensus file, the agreement figures and the evidence
appendix are checked; a Poor is confirmed by searching the plan and opening a sentence
the rules possibly missed.

Playwright drives the system's Chromium, as in test_serve_browser.py, against the real
`pmh-assess serve` command over three of the sample plans, keyboard first. The test also
writes the screenshot in docs/review.md.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pmh_assess.agreement.kappa import cohen_kappa
from pmh_assess.review.overrides import load_overrides

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install '.[test]'")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARGS += ["--disable-component-update", "--disable-sync", "--no-first-run"]
PLANS = [
    "plans/fenwick-vale-joint-forward-plan.pdf",
    "plans/brackenmere-tolland-joint-forward-plan.pdf",
    "plans/westmarsh-jfp-summary.md",
]
DOMAIN = "prevention"  # five criteria, none derived: 15 cells for each coder
LEVELS = ["Good", "OK", "Poor"]
DISAGREE = {2, 7, 11}  # the cells (in the order coded) where coder B differs from A
POOR = ("fenwick-vale-joint-forward-plan", "primary-prevention")  # the machine says Poor
SCREENSHOT = ROOT / "docs" / "double-coding.png"


@contextmanager
def serving(folder: Path, *options: str) -> Iterator[str]:
    """`pmh-assess serve` over the three plans on a free port; its address with the token."""
    env = {**os.environ, "PMH_ASSESS_CACHE_DIR": str(folder / "cache")}
    command = [sys.executable, "-m", "pmh_assess", "serve", *PLANS, *options]
    command += ["--port", "0", "--no-browser", "--quiet"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(process.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=180)
    if not first or not first[0].startswith("Serving on http://127.0.0.1:"):
        process.kill()
        pytest.fail(f"the server did not start: {first} {process.communicate()[1]}")
    try:
        yield first[0].split()[2]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def start_queue(page: object) -> None:
    """Only this domain's cells still to do, then Enter inside the filter starts the queue."""
    page.check("#f-todo")  # type: ignore[attr-defined]
    page.select_option("#f-group", f"domain:{DOMAIN}")  # type: ignore[attr-defined]
    assert "15 cells in 3 plans shown" in page.inner_text("#shown")  # type: ignore[attr-defined]
    page.focus("#f-group")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/c/**")  # type: ignore[attr-defined]


def code_blind(browser: object, url: str, coder: str) -> list[tuple[str, str, str]]:
    """Code the 15 cells blind from the keyboard; (plan, criterion, rating) in order."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
    page.goto(url)
    assert "Coding blind as " + coder in page.inner_text("main")
    assert page.locator("td.overall").count() == 0  # the overall ratings give nothing away
    assert page.locator("#grid td.cell.none").count() == 3 * 44  # nothing rated: all grey
    start_queue(page)
    page.check("#advance")  # each rating moves on to the next cell
    coded = []
    for i in range(15):
        plan, criterion = page.url.split("/c/")[1].split("/")
        machine = page.locator("#machine")
        assert machine.inner_text() == "hidden until you answer"
        assert page.locator("#summary").count() == 0 and page.inner_text("#reason") == ""
        assert "Blind: the machine's rating" in page.inner_text(".blind-note")
        level = LEVELS[i % 3] if coder == "A" or i not in DISAGREE else LEVELS[(i + 1) % 3]
        if i == 0:  # a note without a rating is a memo, never a rating
            page.keyboard.press("n")
            page.keyboard.type("Look again at the section on schools.")
            page.keyboard.press("Enter")
            sync_api.expect(page.locator("#saved")).to_contain_text("saved as a memo")
            assert page.locator("#reviewed").inner_text() == "not answered"
        here = page.url
        page.keyboard.press(str(LEVELS.index(level) + 1))
        if i < 14:
            page.wait_for_url(lambda address, here=here: address != here)
        else:
            sync_api.expect(page.locator("#saved")).to_contain_text("the machine's:")
            assert page.locator("#machine .badge").inner_text() in LEVELS  # revealed
        coded.append((plan, criterion, level))
    page.close()
    return coded


def test_two_coders_blind_then_agreed(
    browser: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("double")
    a, b, agreed = folder / "a.yaml", folder / "b.yaml", folder / "agreed.yaml"

    # --- two coders, blind, each in their own file ---------------------------------------
    with serving(folder, "--overrides", str(a), "--blind", "--reviewer", "A") as url:
        coded_a = code_blind(browser, url, "A")
    with serving(folder, "--overrides", str(b), "--blind", "--reviewer", "B") as url:
        coded_b = code_blind(browser, url, "B")
    assert [c[:2] for c in coded_a] == [c[:2] for c in coded_b]  # the same queue
    for path, coded in ((a, coded_a), (b, coded_b)):
        saved = load_overrides(path)
        assert {(e.plan, e.criterion, e.rating) for e in saved.entries} == set(coded)
        assert all(e.blind is True for e in saved.entries)
        assert not list(folder.glob("*.lock"))  # no lock file left beside the answers
    memo = load_overrides(a).memos
    assert memo == [] or all(m.criterion != coded_a[0][1] for m in memo)  # became the note
    first = load_overrides(a).get(*coded_a[0][:2])
    assert first is not None and first.note == "Look again at the section on schools."

    # --- adjudication: agree the unanimous ratings, then each disagreement ---------------
    coders = ["--coders", str(a), str(b), "--consensus", str(agreed)]
    with serving(folder, *coders) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
        page.goto(url)
        assert "Adjudicating 2 coders (A, B)" in page.inner_text("main")
        page.click("#agree-all")
        sync_api.expect(page.locator("#agreed-all")).to_contain_text("12 ratings")
        page.check("#f-disagree")
        assert "3 cells in" in page.inner_text("#shown")
        page.focus("#f-disagree")
        page.keyboard.press("Enter")
        page.wait_for_url("**/c/**")
        page.check("#advance")
        for n in range(3):
            rows = page.locator("table.coders tbody tr")
            assert rows.count() == 2
            said = [rows.nth(i).locator(".badge").inner_text() for i in range(2)]
            assert said[0] != said[1]
            assert [rows.nth(i).locator("td").nth(2).inner_text() for i in range(2)] == ["yes"] * 2
            if n == 2:
                page.screenshot(path=str(SCREENSHOT))
            page.keyboard.press("n")
            page.keyboard.type(f"Agreed after rereading, case {n + 1}.")
            page.keyboard.press("Escape")
            here = page.url
            page.keyboard.press(str(LEVELS.index(said[0]) + 1))  # A's reading prevails
            if n < 2:
                page.wait_for_url(lambda address, here=here: address != here)
            else:
                sync_api.expect(page.locator("#saved")).to_contain_text("saved: " + said[0])
        sync_api.expect(page.locator("#progress")).to_contain_text("15 of")

        # the evidence appendix, with the agreed ratings
        page.goto(url.split("?")[0])
        with page.expect_download() as download:
            page.click("#appendix-md")
        appendix = Path(download.value.path()).read_text(encoding="utf-8")
        with page.expect_download() as download:
            page.click("#appendix-xlsx")
        assert Path(download.value.path()).read_bytes().startswith(b"PK")

        # --- a Poor confirmed: search the plan, open a sentence possibly missed ----------
        plan, criterion = POOR
        page.goto(url.split("?")[0] + f"c/{plan}/{criterion}")
        assert page.locator("#machine .badge").inner_text() == "Poor"
        assert "Checking a Poor" in page.inner_text("#confirm")
        assert "primary prevention" in page.inner_text(".searched")
        page.keyboard.press("/")
        page.keyboard.type("prevention")
        page.keyboard.press("Enter")
        found = page.locator("#found .found-item")
        sync_api.expect(found.first).to_be_visible()
        assert "sentences hold “prevention”, by page" in page.inner_text("#found")
        found.first.click()
        sync_api.expect(page.locator("#pages .box").first).to_be_attached()
        missed = page.locator("#missed .found-item")
        sync_api.expect(missed.first).to_be_visible(timeout=60_000)
        score = float(missed.first.locator(".similarity").inner_text())
        assert score >= 0.5
        target = missed.first.get_attribute("data-page")
        missed.first.click()
        box = page.locator(f"#p-0-{target} .box").first
        sync_api.expect(box).to_be_attached()
        assert box.bounding_box() is not None  # drawn over the sentence on its page
        page.close()

    saved = {e.key: e for e in load_overrides(agreed).entries}
    assert len(saved) == 15
    for i, ((plan, criterion, rating_a), (_, _, rating_b)) in enumerate(
        zip(coded_a, coded_b, strict=True)
    ):
        entry = saved[(plan, criterion)]
        assert entry.rating == rating_a and entry.reviewer == "A & B"
        if i in DISAGREE:
            assert entry.note.startswith("Agreed after rereading") and rating_a != rating_b
        else:
            assert entry.note == "every coder gave this rating"
    title = next(line for line in appendix.splitlines() if line.startswith("| Criterion |"))
    assert title == "| Criterion | Final | Machine | A | B |"
    assert "Agreed by A & B: Agreed after rereading, case 1." in appendix
    assert '" (brackenmere-tolland-joint-forward-plan.pdf, p. ' in appendix  # quotes, cited

    # --- the agreement figures --------------------------------------------------------
    out = subprocess.run(
        [sys.executable, "-m", "pmh_assess", "agree", str(a), str(b), "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    pooled = data["all_criteria"]
    assert pooled["agreement"]["value"] == 0.8 and pooled["agreement"]["n"] == 15
    table = [[0] * 3 for _ in LEVELS]
    for (_, _, x), (_, _, y) in zip(coded_a, coded_b, strict=True):
        table[LEVELS.index(x)][LEVELS.index(y)] += 1
    expected = cohen_kappa(table).value
    assert expected is not None
    assert pooled["kappa"]["value"] == pytest.approx(expected, abs=1e-4)
    assert pooled["kappa"]["low"] < pooled["kappa"]["value"] < pooled["kappa"]["high"]
    assert not data["warnings"]  # every rating was given blind
    assert len(data["disagreements"]) == 3
