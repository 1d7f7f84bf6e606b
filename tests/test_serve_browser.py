"""The review workbench end to end: the real server over the sample plans, a real browser.

Playwright drives the system's Chromium (its own browser download is not used); CI
installs Debian's `chromium` (see .ci/run). Everything is done as a reviewer would:
filter the grid, open a criterion, read the highlighted page, then rate and note from
the keyboard only, reload, and find the answer in the overrides file. The test also
writes the README's screenshot, docs/review-workbench.png.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from pmh_assess.review.overrides import load_overrides
from pmh_assess.serve.pages import SENTENCE, TERM

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install '.[test]'")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLAN, CRITERION = "northmoor-elsdale", "primary-prevention"
NOTE = "Only the debt advice line is a mental health commitment."
SCREENSHOT = ROOT / "docs" / "review-workbench.png"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`pmh-assess serve plans/` on a free port: its address (with token) and overrides file."""
    folder = tmp_path_factory.mktemp("serve")
    reviews = folder / "reviews.yaml"
    env = {**os.environ, "PMH_ASSESS_CACHE_DIR": str(folder / "cache")}
    command = [sys.executable, "-m", "pmh_assess", "serve", "plans/", "--overrides", str(reviews)]
    command += ["--port", "0", "--no-browser", "--quiet", "--reviewer", "T. Tester"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(process.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=120)
    if not first or not first[0].startswith("Serving on http://127.0.0.1:"):
        process.kill()
        pytest.fail(
            f"the server did not start: {first} {process.stderr.read() if process.stderr else ''}"
        )
    url = first[0].split()[2]
    try:
        yield url, reviews
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def highlight_pixels(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        colours = {c: n for n, c in image.convert("RGB").getcolors(1 << 24) or []}
    return colours.get(SENTENCE, 0), colours.get(TERM, 0)


def test_review_a_criterion_with_the_keyboard(server: tuple[str, Path]) -> None:
    url, reviews = server
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(url)
            assert "token=" not in page.url  # the token moved to a cookie
            progress = page.locator("#progress")
            assert progress.inner_text() == "0 of 252 reviewed"  # 6 plans x 42 rated criteria

            # filter: one plan, only cells not yet reviewed
            page.select_option("#f-plan", PLAN)
            page.check("#f-todo")
            assert page.locator("#grid tbody tr:visible").count() == 1
            assert "42 cells in 1 plans shown" in page.inner_text("#shown")

            # open a criterion: its evidence, highlighted on the rendered page
            page.click(f"tr[data-plan='{PLAN}'] td[data-col='{CRITERION}'] a")
            page.wait_for_url(f"**/c/{PLAN}/{CRITERION}")
            assert page.locator("blockquote mark").count() > 0
            # the page of the first counted sentence is scrolled to, with it highlighted
            doc, number, _ = (page.get_attribute("#panel", "data-first") or "").split("/")
            selector = f"#p-{doc}-{number} img"
            image = page.locator(selector)
            page.wait_for_function(
                f"() => {{ const i = document.querySelector('{selector}');"
                " return i !== null && i.complete && i.naturalWidth > 0; }",
                polling=250,  # by timer: animation frames are not run in the background
            )
            sync_api.expect(page.locator(f"#p-{doc}-{number} .box").first).to_be_attached()
            source = image.evaluate("img => img.currentSrc")
            shown = page.request.get(source)
            assert shown.ok and shown.headers["content-type"] == "image/png"
            sentence, term = highlight_pixels(shown.body())
            assert sentence > 1000 and term > 100

            # rate with the keyboard only: a level other than the machine's, then a note
            panel = page.locator("#panel")
            machine = panel.get_attribute("data-machine")
            levels = ["Good", "OK", "Poor"]
            chosen = next(level for level in levels if level != machine)
            page.keyboard.press(str(levels.index(chosen) + 1))
            saved = page.locator("#saved")
            sync_api.expect(saved).to_contain_text(f"saved: {chosen}")
            page.keyboard.press("n")
            page.keyboard.type(NOTE)
            page.keyboard.press("Enter")
            sync_api.expect(saved).to_contain_text("with note")
            sync_api.expect(progress).to_have_text("1 of 252 reviewed")
            page.screenshot(path=str(SCREENSHOT))

            # kept after a reload
            page.reload()
            sync_api.expect(page.locator("#reviewed")).to_have_text(chosen)
            assert page.input_value("#note") == NOTE

            # j moves on to the next cell the filtered grid showed
            page.keyboard.press("j")
            page.wait_for_url(lambda address: not address.endswith(f"/{CRITERION}"))
            assert f"/c/{PLAN}/" in page.url

            # back in the grid (filters kept): the answer is marked, and is the one cell
            # where machine and reviewer differ
            page.keyboard.press("Escape")
            page.wait_for_url(lambda address: address.rstrip("/").count("/") == 2)
            cell = page.locator(f"tr[data-plan='{PLAN}'] td[data-col='{CRITERION}']")
            assert "reviewed" in (cell.get_attribute("class") or "")
            page.uncheck("#f-todo")
            page.check("#f-differs")
            shown = page.locator("#grid td.cell:not(.off)")
            assert shown.count() == 1
            assert shown.first.get_attribute("data-col") == CRITERION
        finally:
            browser.close()

    entry = load_overrides(reviews).get(PLAN, CRITERION)
    assert entry is not None
    assert (entry.rating, entry.note, entry.reviewer) == (chosen, NOTE, "T. Tester")
