"""A rubric's own regular expressions never hang a command: each match has a time budget
that no pattern can escape, in every command that matches them, and an over-long pattern
is refused before it is checked.

The patterns here pass the static check (they are the kinds it cannot see) and backtrack
for minutes or more under the standard library. Each command runs in its own process, so
a hang fails the test at the subprocess's timeout instead of stalling the run.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pmh_assess.rules.budget import PatternTimeout, deadline
from pmh_assess.rules.patterns import MAX_PATTERN_LENGTH, PatternError, check_regex
from pmh_assess.rules.regex import RegexRule

from .conftest import MINI

SLOW = {
    "short bounded repeats side by side": r"\w{0,8}" * 12 + r"\d",
    "short bounded repeats of classes outside the probe set": "[\u4e00-\u9fff]{0,8}" * 11
    + "[\u4e00-\u9fa5]{0,8}\\d",
}
"""Patterns the static check lets through (each repeat is short) that backtrack on a long
run of letters: twelve repeats of up to 8 try 9**12 ways at each place under the standard
library. The `regex` package cuts most of that short, yet still spends several seconds of
processor time on the 20,000-letter runs below, eight times or more the half-second budget
(so a fast machine does not finish one inside it)."""
REFUSED = {
    "bounded repeats side by side": (r"\w{0,32}\w{0,32}\w{0,32}\w{0,32}\w{0,32}\d", "side by side"),
    "classes outside the probe set": (
        "[\u4e00-\u9fff]*[\u4e00-\u9fa5]*[\u4e00-\u9fff]*!",
        "side by side",
    ),
    "repeats side by side in a lookahead": (r"x(?=\w*\w*\w*\w*\w*!)", "side by side"),
    "an optional item in a counted repeat": (r"(?:a?){28}a{28}", "can match empty text"),
    "a lookaround in a counted repeat": (r"(?:(?=a)b?){3}c", "can match empty text"),
}
"""Holes the static check had, closed: each is a located error before anything runs."""
RUN = "x" * 20_000  # one long "word": what the slow patterns backtrack on
CJK = "\u4e00" * 20_000 + "x"
PLAN = f"We will invest in the prevention of poor mental health. {RUN}.\n{CJK}\n"
TERMS = '- kind: terms\n            terms: ["prevention", "prevent", "primary prevention"]'


def cli(
    *args: str, timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmh_assess", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )


def hostile_rubric(folder: Path, pattern: str, *, examples: bool = False) -> Path:
    """The test rubric with its prevention rule a `kind: regex` of `pattern`."""
    text = MINI.read_text(encoding="utf-8").replace(
        TERMS, f"- kind: regex\n            patterns: {{slow: '{pattern}'}}"
    )
    assert "kind: regex" in text
    if examples:
        example = RUN if pattern.startswith("\\w") else CJK
        text = text.replace("- Prevention of cardiovascular disease is a priority.", f"- {example}")
        assert example in text
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def plan_folder(folder: Path) -> Path:
    plans = folder / "plans"
    plans.mkdir()
    (plans / "long-word.txt").write_text(PLAN, encoding="utf-8")
    return plans


@pytest.mark.parametrize("name", list(SLOW))
def test_the_static_check_still_lets_these_through(name: str) -> None:
    check_regex(SLOW[name])  # so only the budget stands between them and a hang


@pytest.mark.parametrize("name", list(REFUSED))
def test_rubric_check_refuses_what_the_static_check_now_sees(tmp_path: Path, name: str) -> None:
    pattern, message = REFUSED[name]
    done = cli("rubric", "check", str(hostile_rubric(tmp_path, pattern)), timeout=120)
    assert done.returncode == 1
    assert "hostile.yaml:23:" in done.stdout and message in done.stdout


def test_a_pattern_over_the_length_limit_is_refused_at_once(tmp_path: Path) -> None:
    pattern = "(?:ab|cd)" * 120_000  # about 1 MB
    with pytest.raises(PatternError, match=f"longer than {MAX_PATTERN_LENGTH}"):
        check_regex(pattern)
    path = tmp_path / "long.yaml"
    path.write_text(
        MINI.read_text(encoding="utf-8").replace(
            TERMS, f"- kind: regex\n            patterns: {{long: '{pattern}'}}"
        ),
        encoding="utf-8",
    )
    done = cli("rubric", "check", str(path), timeout=60)
    assert done.returncode == 1
    assert f"longer than {MAX_PATTERN_LENGTH} characters" in done.stdout


@pytest.mark.parametrize("name", list(SLOW))
def test_rubric_check_stops_a_pattern_its_own_examples_make_slow(tmp_path: Path, name: str) -> None:
    rubric = hostile_rubric(tmp_path, SLOW[name], examples=True)
    done = cli("rubric", "check", str(rubric), timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    finding = next((line for line in done.stdout.splitlines() if "was stopped" in line), "")
    assert finding, done.stdout + done.stderr
    assert "hostile.yaml:" in finding and "'slow'" in finding and "budget" in finding


@pytest.mark.parametrize("name", list(SLOW))
def test_score_in_the_main_process_stops_a_slow_pattern(tmp_path: Path, name: str) -> None:
    """--workers 0 has no worker to kill: the budget alone bounds the pattern."""
    rubric = hostile_rubric(tmp_path, SLOW[name])
    plans = plan_folder(tmp_path)
    out = tmp_path / "out.json"
    done = cli("score", str(plans), "-r", str(rubric), "--workers", "0", "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("error")]
    assert "long-word.txt" in line and "primary-prevention" in line and "was stopped" in line


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "{plans}/long-word.txt", "-r", "{rubric}"],
        ["rubric", "audit", "{rubric}", "{plans}"],
        ["rubric", "diff", "{mini}", "{rubric}", "{plans}"],
    ],
    ids=["explain", "audit", "diff"],
)
def test_every_command_that_matches_stops_a_slow_pattern(
    tmp_path: Path, command: list[str]
) -> None:
    rubric = hostile_rubric(tmp_path, SLOW["short bounded repeats side by side"])
    plans = plan_folder(tmp_path)
    args = [
        a.format(plans=plans, rubric=rubric, mini=MINI) for a in command
    ]  # each reads the documents in workers but matches in its own process
    done = cli(*args)
    assert done.returncode in (1, 2), done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "'slow'" in done.stderr and "was stopped" in done.stderr


def test_a_deadline_shortens_every_budget_inside_it() -> None:
    from pmh_assess.engine import prepare_text
    from pmh_assess.engine.index import Cues, DocIndex
    from pmh_assess.rubric.model import Language

    pattern = SLOW["short bounded repeats side by side"]
    rule = RegexRule.model_validate({"kind": "regex", "patterns": {"p": pattern}})
    language = Language(commitment=["we will"], hedge=[], negation=["no"])
    doc = DocIndex(prepare_text("a" * 2_000_000).text, Cues.compile(language))
    with pytest.raises(PatternTimeout, match="time limit ran out"), deadline(0.2):
        list(rule.candidates(doc))
    with pytest.raises(PatternTimeout, match=r"budget of 2\.5 s"):
        list(rule.candidates(doc))


def _get(url: str, timeout: float) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_serve_keeps_answering_while_a_slow_pattern_is_stopped(tmp_path: Path) -> None:
    plans = plan_folder(tmp_path)
    results = tmp_path / "results.json"
    scored = cli("score", str(plans), "-r", str(MINI), "-o", str(results))
    assert scored.returncode == 0, scored.stderr
    rubric = hostile_rubric(tmp_path, SLOW["short bounded repeats side by side"])
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pmh_assess",
            "serve",
            str(results),
            "-r",
            str(rubric),
            "--overrides",
            str(tmp_path / "reviews.yaml"),
            "--port",
            "0",
            "--no-browser",
            "--timeout",
            "20",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"(http://\S+)/\?token=(\S+)", line)
        assert found, line + (server.stderr.read() if server.poll() is not None else "")
        base, token = found.group(1), found.group(2)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        urllib.request.install_opener(opener)
        assert _get(f"{base}/?token={token}", 30)[0] == 200
        outcome: dict[str, tuple[int, str]] = {}
        panel = threading.Thread(
            target=lambda: outcome.update(panel=_get(f"{base}/c/long-word/primary-prevention", 90))
        )
        panel.start()
        time.sleep(0.3)
        assert _get(f"{base}/favicon.ico", 20)[0] == 204  # answered while the panel matches
        panel.join(100)
        status, body = outcome["panel"]
        assert status in (200, 503)
        assert "was stopped" in body
    finally:
        server.terminate()
        server.wait(10)
