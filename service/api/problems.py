"""RFC 9457 problem+json for every error the API returns, from one place.

Each layer refuses in its own words, all as a `sbom.errors.Problem` with a `Kind` saying what
went wrong: the loaders and routes raise `ManifestError`, the store `StoreError`, the evaluation
workers `EvaluationUnavailable`; FastAPI adds `HTTPException` and `RequestValidationError`.
`service.problems.STATUS` is the one table from kind to HTTP status (the layers below never
choose one; it sits outside service/api/ only so that the CLI's JSON output can report the same
status without importing FastAPI), and the handlers here, and only here, turn each into the
same shape with `problem()`, with `errors[]` naming the field (a JSON pointer) and what was
expected, so a pipeline can show the author exactly what to fix.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sbom.errors import FieldProblem, Problem, capped, pointer_from_parts
from service.problems import STATUS, http_status

__all__ = ["STATUS", "document", "http_status", "install", "problem", "problem_responses"]

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
    @app.exception_handler(Problem)
    async def refused(_: Request, exc: Problem) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return problem(http_status(exc), exc.title, exc.detail, exc.errors, headers=headers, code=exc.code)

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


# The OpenAPI side of the same shape: every error an operation can answer is documented as
# problem+json with this schema, so a client (and schemathesis) can rely on what a 4xx looks like.
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "description": "machine-readable reason, e.g. evaluation_timeout, busy"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object",
            "required": ["pointer", "message"],
            "properties": {
                "pointer": {"type": "string", "description": "JSON pointer to the field at fault"},
                "message": {"type": "string"},
                "expected": {"type": ["string", "null"]},
                "file": {"type": "string"},
                "line": {"type": "integer"},
                "column": {"type": "integer"},
            },
        }},
    },
}

DEFAULT_DESCRIPTIONS = {
    400: "Malformed request body (not valid JSON, too deep, numbers too long)",
    401: "Missing or invalid API token",
    403: "The token lacks the scope this operation needs",
    404: "Not found",
    409: "Conflicts with the gate's state",
    413: "Request body too large",
    415: "Unsupported content type",
    422: "Request parameters or body not valid; errors[] name the fields",
    429: "Too many invalid API tokens from this client (Retry-After)",
    503: "The decision log database is unavailable (Retry-After)",
}
AUTH = (401, 403, 429)


def problem_responses(*statuses: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each status as problem+json; `descriptions` overrides by `s404=...`."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        description = descriptions.get(f"s{status}", DEFAULT_DESCRIPTIONS.get(status, "Error"))
        out[status] = {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}}
    return out


def document(app: FastAPI) -> None:
    """Drop FastAPI's generated 422 (`HTTPValidationError`, application/json): the gate never sends
    that shape. Routes that can answer 422 list it themselves as problem+json."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = build()
        for item in spec.get("paths", {}).values():
            for operation in item.values():
                responses = operation.get("responses", {})
                generated = responses.get("422", {}).get("content", {}).get("application/json", {})
                if generated.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                    del responses["422"]
        schemas = spec.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
