"""RFC 9457 problem+json for every error the API returns, from one place.

Routers raise `ManifestError` (or let FastAPI raise its own validation and HTTP errors); the
handlers here turn each into the same shape, with `errors[]` naming the field (a JSON pointer)
and what was expected, so a pipeline can show the author exactly what to fix.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sbom.errors import MAX_MESSAGE, FieldProblem, ManifestError, capped, pointer_from_parts

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("cleangate.api")


def problem(status: int, title: str, detail: str | None = None, errors: list[FieldProblem] | None = None,
            headers: dict[str, str] | None = None, code: str | None = None) -> JSONResponse:
    """`code` (e.g. `evaluation_timeout`) lets a client tell "this request failed" from "the gate
    is unreachable" without parsing the title (service/cli/remote.py relies on it)."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if code:
        body["code"] = code
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = [{"pointer": p.pointer, "message": p.message, "expected": p.expected,
                           **({"file": p.file} if p.file else {}),
                           **({"line": p.line, "column": p.column or 1} if p.line is not None else {})}
                          for p in capped(errors)]
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _request_problem(error: dict[str, Any]) -> FieldProblem:
    """Body fields are pointed at from the body (`/expires_at`, as store errors do), query and
    header parameters keep their place (`/query/since`); a JSON decode error points at the
    whole body instead of at a character offset."""
    loc = [str(p) for p in error.get("loc", ())]
    if error.get("type") == "json_invalid":
        ctx = error.get("ctx") or {}
        return FieldProblem("", f"not valid JSON: {ctx.get('error', error.get('msg', ''))}", "a JSON object")
    if loc[:1] == ["body"]:
        loc = loc[1:]
    return FieldProblem(pointer_from_parts(list(loc)), str(error.get("msg", "")))


def install(app: FastAPI) -> None:
    @app.exception_handler(ManifestError)
    async def manifest_error(_: Request, exc: ManifestError) -> JSONResponse:
        detail = str(exc.problems[0])[:MAX_MESSAGE] if exc.problems else None
        return problem(exc.status, exc.title, detail, exc.problems)

    @app.exception_handler(RequestValidationError)
    async def request_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_request_problem(e) for e in exc.errors()]
        return problem(422, "request parameters are not valid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "internal error", "the gate failed; the request was not evaluated")
