"""The coding view's requests: search the plan, find a sentence on its page, the sentences
possibly missed, memos, agreeing unanimous ratings, and the evidence appendix.

Each view asks the `Workbench` and answers JSON (or a file); none reads a path the
request names: plans, documents and sentences are addressed by id and position.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..base.errors import UserError
from ..report.appendix import appendix, to_markdown, to_xlsx
from ..report.cite import cite
from .plan import QUERY_LIMIT, Found
from .workbench import Workbench

MAX_BODY = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _found(f: Found, documents: int) -> dict[str, Any]:
    out = dataclasses.asdict(f)
    out["where"] = cite(f.name if documents > 1 else "", f.page, f.page_label)
    return out


async def _json_body(request: Request) -> dict[str, Any] | None:
    body = await request.body()
    if len(body) > MAX_BODY:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def routes(bench: Workbench, env: Environment) -> list[Route]:
    """The coding view's routes, for the application's route table (`env`: its templates)."""

    def documents(plan_id: str) -> int:
        spec = bench.specs.get(plan_id)
        return len(spec.documents) if spec else 0

    def search(request: Request) -> Response:
        plan_id = request.path_params["plan"]
        query = request.query_params.get("q", "")[: QUERY_LIMIT * 4]
        try:
            found, more = bench.search(plan_id, query)
        except KeyError:
            return JSONResponse({"error": "no such plan"}, status_code=404)
        n = documents(plan_id)
        return JSONResponse({"found": [_found(f, n) for f in found], "more": more})

    def evidence(request: Request) -> Response:
        """One page of a criterion's counted (or voided) sentences, as list items."""
        p = request.path_params
        kind = request.query_params.get("kind", "counted")
        try:
            start = int(request.query_params.get("from", "0"))
            groups, total = bench.evidence(p["plan"], p["criterion"], kind, start)
        except (KeyError, ValueError):
            return PlainTextResponse("No such plan or criterion.\n", status_code=404)
        html = env.get_template("_hits.html").render(groups=groups)
        return Response(
            html, media_type="text/html; charset=utf-8", headers={"x-total": str(total)}
        )

    def locate(request: Request) -> Response:
        p = request.path_params
        try:
            where = bench.locate(p["plan"], p["doc"], p["sentence"])
        except (KeyError, IndexError):
            return JSONResponse({"error": "no such sentence"}, status_code=404)
        return JSONResponse(where)

    def missed(request: Request) -> Response:
        p = request.path_params
        try:
            found, why = bench.missed(p["plan"], p["criterion"])
        except KeyError:
            return JSONResponse({"error": "no such plan or criterion"}, status_code=404)
        n = documents(p["plan"])
        return JSONResponse({"found": [_found(f, n) for f in found], "unavailable": why})

    async def memo(request: Request) -> Response:
        data = await _json_body(request)
        if data is None or not isinstance(data.get("plan"), str):
            return JSONResponse({"error": "expected JSON with plan, criterion, note"}, 400)
        criterion = data.get("criterion")
        note = data.get("note")
        if not isinstance(note, str) or not (criterion is None or isinstance(criterion, str)):
            return JSONResponse({"error": "expected JSON with plan, criterion, note"}, 400)
        try:
            kept = bench.memo(data["plan"], criterion or None, note)
        except KeyError:
            return JSONResponse({"error": "no such plan or criterion"}, status_code=404)
        except UserError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"memo": kept.note if kept else ""})

    async def unanimous(request: Request) -> Response:
        try:
            written = bench.agree_unanimous()
        except UserError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        done, total = bench.progress()
        return JSONResponse({"written": written, "done": done, "total": total})

    def export_appendix(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("md", "xlsx"):
            return PlainTextResponse("Export the appendix as md or xlsx.\n", status_code=404)
        if bench.blind:
            return PlainTextResponse(
                "Not while coding blind: the appendix shows the machine's ratings.\n",
                status_code=403,
            )
        found = appendix(bench.refresh(), bench.coders, bench.overrides if bench.path else None)
        if fmt == "md":
            body: str | bytes = to_markdown(found)
            media = "text/markdown; charset=utf-8"
        else:
            body, media = to_xlsx(found), XLSX
        return Response(
            body,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="appendix.{fmt}"'},
        )

    return [
        Route("/c/{plan}/{criterion}/evidence", evidence),
        Route("/api/search/{plan}", search),
        Route("/api/locate/{plan}/{doc:int}/{sentence:int}", locate),
        Route("/api/missed/{plan}/{criterion}", missed),
        Route("/api/memo", memo, methods=["POST"]),
        Route("/api/agree-unanimous", unanimous, methods=["POST"]),
        Route("/export/appendix.{fmt}", export_appendix),
    ]
