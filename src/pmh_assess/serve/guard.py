"""What the workbench checks in a request before any page sees it, and how it hands its
token to the browser.

- Host: only a loopback name (`127.0.0.1`, `localhost`, `[::1]`, any port) unless `serve
  --host` chose another address, so a page elsewhere cannot reach the workbench by pointing
  a name of its own at this machine (DNS rebinding).
- Body: a declared `Content-Length` over the limit is refused (413) before anything is
  read, and a body without one is read only up to the limit; JSON that does not parse,
  nests too deeply or is not an object is a 400.
- Redirect: the address the token redirect goes back to is a path on this server, never
  `//other.host/` (which a browser reads as another site).
- Token: the browser is opened on a file only this user can read, which forwards it to the
  address with the token, so the token is not on the browser's command line, where any
  user of the machine could read it.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import tempfile
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_BODY = 64 * 1024
MAX_DEPTH = 32  # nesting of a JSON body: an answer is one flat object
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
Message = MutableMapping[str, Any]


def host_name(header: str) -> str:
    """The name of a Host header without its port (`[::1]:8765` -> `::1`)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def redirect_path(path: str) -> str:
    """A path on this server: leading slashes and backslashes become one slash, so that
    `//other.host/` or `/\\other.host/` cannot send the browser to another site."""
    return "/" + path.lstrip("/\\")


def json_object(body: bytes) -> dict[str, Any] | None:
    """A request body as a JSON object, or None when it is not one (malformed, too deep,
    or another kind of value)."""
    if _too_deep(body):
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _too_deep(body: bytes) -> bool:
    """Whether brackets outside strings nest deeper than MAX_DEPTH (a quick scan first,
    so the parser never recurses on a body of thousands of `[`)."""
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


class RequestGuard:
    """Refuse requests for another host (400) and bodies over `MAX_BODY` (413)."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None = LOOPBACK) -> None:
        self.app = app
        self.hosts = hosts  # None: any (serve --host chose an address)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.hosts is not None and host_name(headers.get("host", "")) not in self.hosts:
            refused = PlainTextResponse(
                "Bad Host: open the workbench at the address `pmh-assess serve` printed.\n",
                status_code=400,
            )
            await refused(scope, receive, send)
            return
        length = headers.get("content-length", "").strip()
        if length and (not length.isdigit() or int(length) > MAX_BODY):
            await JSONResponse({"error": "request too large"}, status_code=413)(
                scope, receive, send
            )
            return
        body, complete = await _read_capped(receive)
        if not complete:
            await JSONResponse({"error": "request too large"}, status_code=413)(
                scope, receive, send
            )
            return
        await self.app(scope, _replay(body, receive), send)


async def _read_capped(receive: Receive) -> tuple[bytes, bool]:
    """The request body, read up to MAX_BODY bytes; False when it is longer."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts), True  # a disconnect: the app sees an empty body
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return b"", False
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts), True


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body already read, then waits as the server's does."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


@contextlib.contextmanager
def handover(url: str) -> Iterator[str]:
    """A `file://` address for the browser that forwards it to `url` (which holds the
    token); the file, readable by this user only, is removed when the server stops."""
    folder = tempfile.mkdtemp(prefix="pmh-assess-serve-")  # mode 0700
    page = Path(folder) / "open.html"
    escaped = html.escape(url, quote=True)
    text = (
        '<!doctype html><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0;url={escaped}">'
        f'<title>pmh-assess</title><p><a href="{escaped}">Open the review workbench</a></p>\n'
    )
    descriptor = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as fh:
        fh.write(text)
    try:
        yield page.as_uri()
    finally:
        with contextlib.suppress(OSError):
            page.unlink()
        with contextlib.suppress(OSError):
            os.rmdir(folder)
