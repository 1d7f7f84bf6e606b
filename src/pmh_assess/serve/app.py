"""The workbench's web application: pages, answers, page images and exports.

Every request needs the run's token: once in the query string (`?token=...`, answered by
a redirect that sets it as an HttpOnly, SameSite=Strict cookie), then the cookie. A POST
also needs the token in the `X-PMH-Token` header, which another site's page cannot set.
Documents are addressed by plan id and position only. Before any of that, `RequestGuard`
(guard.py) checks the Host header and the body's size; every page that matches a rubric's
patterns does so within the `timeout` (and each pattern within its own budget).
"""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..base.errors import UserError
from ..base.vocabulary import NOT_ASSESSABLE, NOT_ASSESSABLE_COLOUR
from ..coverage import coverage_of, render
from ..coverage.compute import short_names
from ..report.cite import cite
from ..rules.budget import PatternTimeout, deadline
from . import views
from .guard import LOOPBACK, MAX_BODY, RequestGuard, json_object, redirect_path
from .workbench import Workbench

HERE = Path(__file__).parent
COOKIE = "pmh_token"
HEADER = "x-pmh-token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}
TIMEOUT = 30.0
"""Seconds one request may spend matching a rubric's patterns (`serve --timeout`)."""
Message = MutableMapping[str, Any]


class TokenGuard:
    """Refuse (403) any request without the run's token; add the security headers."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    def _ok(self, value: str | None) -> bool:
        return value is not None and secrets.compare_digest(value.encode(), self.token.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is no token
            cookies = SimpleCookie()
        cookie = cookies[COOKIE].value if COOKIE in cookies else None
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        given = next((v for k, v in query if k == "token"), None)
        method = scope["method"]

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if method in ("GET", "HEAD") and self._ok(given):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            path = redirect_path(scope.get("root_path", "") + scope["path"])
            target = path + (f"?{rest}" if rest else "")
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send_secured)
            return
        allowed = self._ok(cookie)
        if allowed and method not in ("GET", "HEAD"):
            allowed = self._ok(headers.get(HEADER))
        if not allowed:
            refused = PlainTextResponse(
                "Forbidden: open the address with ?token=... that `pmh-assess serve` printed.\n",
                status_code=403,
            )
            await refused(scope, receive, send_secured)
            return
        await self.app(scope, receive, send_secured)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.globals["cite"] = cite  # one citation form, as every report writes it
    return env


def _ink(colour: str) -> str:
    """Black or white text, whichever reads better on the colour."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "#000"
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#fff"


def create_app(
    bench: Workbench,
    token: str,
    *,
    hosts: frozenset[str] | None = LOOPBACK,
    timeout: float | None = TIMEOUT,
) -> ASGIApp:
    """The application for one workbench; every request needs `token` and a Host header
    in `hosts` (None: any), and matches patterns for at most `timeout` seconds."""
    env = _environment()
    levels = bench.levels
    rank = {level: i for i, level in enumerate(levels)}
    rank[NOT_ASSESSABLE] = len(levels)  # a state of its own, after the levels
    short = {**short_names(levels), NOT_ASSESSABLE: "n/a"}

    def page(template: str, **context: Any) -> Response:
        done, total = bench.progress()
        html = env.get_template(template).render(
            bench=bench,
            rank=rank,
            short=short,
            done=done,
            total=total,
            token=token,
            **context,
        )
        return Response(html, media_type="text/html; charset=utf-8")

    def grid(request: Request) -> Response:
        results = bench.refresh()
        criteria = results.plans[0].criteria if results.plans else []
        tags = sorted({t for c in criteria for t in c.tags})
        return page(
            "grid.html", results=results, criteria=criteria, tags=tags, reviewed=bench.reviewed()
        )

    def levels_css(request: Request) -> Response:
        lines = []
        for level, i in rank.items():
            colour = bench.colours.get(level, NOT_ASSESSABLE_COLOUR)
            lines.append(f".lv-{i}{{background:{colour};color:{_ink(colour)}}}")
        return Response("\n".join(lines) + "\n", media_type="text/css")

    def panel(request: Request) -> Response:
        plan_id = request.path_params["plan"]
        criterion_id = request.path_params["criterion"]
        try:
            with deadline(timeout):
                shown = bench.panel(plan_id, criterion_id)
        except KeyError:
            return PlainTextResponse("No such plan or criterion.\n", status_code=404)
        except PatternTimeout as exc:
            return PlainTextResponse(f"{exc}\n", status_code=503)
        pairs = [
            (p.id, c.id) for p in bench.results.plans for c in p.criteria
        ]  # grid order; the page uses the grid's filtered order when it has one
        at = pairs.index((plan_id, criterion_id))
        prev = pairs[at - 1] if at > 0 else None
        nxt = pairs[at + 1] if at + 1 < len(pairs) else None
        return page("panel.html", p=shown, prev=prev, next=nxt)

    def page_image(request: Request) -> Response:
        params = request.path_params
        criterion = request.query_params.get("c")
        try:
            with deadline(timeout):
                png = bench.page_image(params["plan"], params["doc"], params["page"], criterion)
        except (KeyError, IndexError):
            return PlainTextResponse("No such page.\n", status_code=404)
        except PatternTimeout as exc:
            return PlainTextResponse(f"{exc}\n", status_code=503)
        return Response(png, media_type="image/png")

    async def answer(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"error": "request too large"}, status_code=413)
        data = json_object(body)
        try:
            if data is None:
                raise ValueError("not a JSON object")
            plan_id, criterion_id = str(data["plan"]), str(data["criterion"])
            rating, note = str(data["rating"]), str(data.get("note") or "")
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": "expected JSON with plan, criterion, rating"}, 400)
        try:
            entry = bench.answer(plan_id, criterion_id, rating, note)
        except KeyError:
            return JSONResponse({"error": "no such plan or criterion"}, status_code=404)
        except UserError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        plan = bench.plan(plan_id)
        summary = env.get_template("_summary.html").render(plan=plan, bench=bench, rank=rank)
        return JSONResponse(bench.answered(plan_id, entry, summary))

    def export(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("html", "xlsx"):
            return PlainTextResponse("Export as html or xlsx.\n", status_code=404)
        if bench.blind:
            return PlainTextResponse("Not while coding blind.\n", status_code=403)
        selected, coverage = coverage_of(bench.refresh())
        body = render(coverage, selected, fmt)
        media = (
            "text/html; charset=utf-8"
            if fmt == "html"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return Response(
            body,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="coverage-reviewed.{fmt}"'},
        )

    routes = [
        Route("/", grid),
        Route("/levels.css", levels_css),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/c/{plan}/{criterion}", panel),
        Route("/page/{plan}/{doc:int}/{page:int}.png", page_image),
        Route("/api/answer", answer, methods=["POST"]),
        Route("/export/coverage.{fmt}", export),
        *views.routes(bench, env),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    return RequestGuard(TokenGuard(app, token), hosts)
