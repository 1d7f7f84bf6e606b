"""The workbench's checks before any page: Host header, body size and shape, the token
redirect's target, and how the browser gets the token."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="pip install '.[serve]'")

from pmh_assess.plans import discover
from pmh_assess.rubric import load_rubric
from pmh_assess.run import score_plans
from pmh_assess.serve import Workbench, create_app
from pmh_assess.serve.guard import MAX_BODY, handover, host_name, redirect_path

from .conftest import MINI

TOKEN = "a-test-token"


@pytest.fixture
def bench(tmp_path: Path) -> Workbench:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "beta.txt").write_text("We will fund prevention of poor mental health.\n", "utf-8")
    rubric = load_rubric(MINI)
    specs, _ = discover([folder])
    results = score_plans(specs, rubric, workers=0)
    return Workbench(results, rubric, tmp_path / "reviews.yaml", specs, reviewer="R. Viewer")


@pytest.fixture
def signed_in(bench: Workbench) -> Any:
    from starlette.testclient import TestClient

    client = TestClient(create_app(bench, TOKEN), base_url="http://127.0.0.1")
    assert client.get(f"/?token={TOKEN}", follow_redirects=False).status_code == 303
    return client


def call(app: Any, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Any:
    """One request straight to the ASGI app (any path and Host, as a raw client sends)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path.split("?")[0],
        "raw_path": path.split("?")[0].encode(),
        "root_path": "",
        "query_string": path.partition("?")[2].encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }
    sent: list[dict[str, Any]] = []
    chunks = [body[i : i + 4096] for i in range(0, len(body), 4096)] or [b""]

    async def receive() -> dict[str, Any]:
        if chunks:
            chunk = chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict((k.decode(), v.decode()) for k, v in start["headers"]), text


def test_deeply_nested_json_under_the_size_limit_is_a_400(signed_in: Any) -> None:
    body = "[" * 30_000 + "]" * 30_000
    assert len(body) < MAX_BODY
    answer = signed_in.post(
        "/api/answer",
        content=body,
        headers={"x-pmh-token": TOKEN, "content-type": "application/json"},
    )
    assert answer.status_code == 400
    assert "expected JSON" in answer.json()["error"]


@pytest.mark.parametrize("body", ['"a string"', "[1, 2]", "{", '{"plan": ' * 40 + "1"])
def test_a_body_that_is_not_a_json_object_is_a_400(signed_in: Any, body: str) -> None:
    answer = signed_in.post("/api/answer", content=body, headers={"x-pmh-token": TOKEN})
    assert answer.status_code == 400


def test_a_declared_length_over_the_limit_is_refused_before_reading(bench: Workbench) -> None:
    app = create_app(bench, TOKEN)
    headers = {"host": "127.0.0.1:8765", "content-length": str(200 * 1024 * 1024)}
    status, _, text = call(app, "POST", "/api/answer", headers, b"{}")
    assert status == 413 and b"too large" in text


def test_a_body_without_a_length_is_read_only_up_to_the_limit(bench: Workbench) -> None:
    app = create_app(bench, TOKEN)
    headers = {"host": "127.0.0.1", "cookie": f"pmh_token={TOKEN}", "x-pmh-token": TOKEN}
    status, _, _ = call(app, "POST", "/api/answer", headers, b" " * (MAX_BODY + 1))
    assert status == 413


@pytest.mark.parametrize("path", ["//other.host/", "/\\other.host/", "///other.host/x"])
def test_the_token_redirect_stays_on_this_server(bench: Workbench, path: str) -> None:
    app = create_app(bench, TOKEN)
    status, headers, _ = call(app, "GET", f"{path}?token={TOKEN}", {"host": "127.0.0.1:8765"})
    assert status == 303
    location = headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example"])
def test_another_host_name_is_refused(bench: Workbench, host: str) -> None:
    app = create_app(bench, TOKEN)
    status, _, text = call(app, "GET", f"/?token={TOKEN}", {"host": host})
    assert status == 400 and b"Bad Host" in text


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost", "[::1]:8765", "LOCALHOST:1"])
def test_loopback_host_names_are_taken(bench: Workbench, host: str) -> None:
    app = create_app(bench, TOKEN)
    assert call(app, "GET", f"/?token={TOKEN}", {"host": host})[0] == 303


def test_any_host_is_taken_when_serve_was_given_one(bench: Workbench) -> None:
    app = create_app(bench, TOKEN, hosts=None)
    assert call(app, "GET", f"/?token={TOKEN}", {"host": "plans.example:8765"})[0] == 303


def test_host_names_and_redirect_paths() -> None:
    assert host_name("[::1]:8765") == "::1" and host_name("LocalHost:80") == "localhost"
    assert redirect_path("//a/b") == "/a/b" and redirect_path("/c/x") == "/c/x"


def test_the_handover_file_is_private_and_removed() -> None:
    url = "http://127.0.0.1:8765/?token=secret-token"
    with handover(url) as page:
        path = Path(page.removeprefix("file://"))
        assert "secret-token" in path.read_text(encoding="utf-8")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not path.exists() and not path.parent.exists()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, str, Path]]:
    """The real `serve`, its browser a script that records how it was opened."""
    plan = tmp_path / "plan.txt"
    plan.write_text("We will invest in the prevention of poor mental health.\n", "utf-8")
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8"
    )
    env = {**os.environ, "BROWSER": f"{sys.executable} {browser} %s"}
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "pmh_assess", "serve", str(plan), "-r", str(MINI)),
            *("--overrides", str(tmp_path / "r.yaml"), "--port", "0", "-q"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"http://([\d.]+):(\d+)/\?token=(\S+)", line)
        assert found, line
        yield server, found.group(2), found.group(3), opened
    finally:
        server.terminate()
        server.wait(10)


def test_the_browser_is_not_given_the_token_on_its_command_line(
    served: tuple[subprocess.Popen[str], str, str, Path],
) -> None:
    server, _, token, opened = served
    for _ in range(100):
        if opened.exists() and opened.read_text():
            break
        time.sleep(0.1)
    argument = opened.read_text(encoding="utf-8")
    assert token not in argument and argument.startswith("file://")
    page = Path(argument.removeprefix("file://"))
    assert token in page.read_text(encoding="utf-8")
    server.terminate()
    server.wait(10)
    assert not page.exists()


def test_a_huge_body_is_refused_before_it_is_read(
    served: tuple[subprocess.Popen[str], str, str, Path],
) -> None:
    _, port, token, _ = served
    with socket.create_connection(("127.0.0.1", int(port)), timeout=20) as sock:
        sock.sendall(
            (
                "POST /api/answer HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Cookie: pmh_token={token}\r\nX-PMH-Token: {token}\r\n"
                f"Content-Length: {200 * 1024 * 1024}\r\n\r\n"
            ).encode()
            + b"x" * 65536
        )
        answer = sock.recv(4096).decode("latin-1")  # not the other 199.9 MB first
    assert answer.startswith("HTTP/1.1 413")
