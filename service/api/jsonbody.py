"""JSON request bodies read inside the route, after its auth dependency has run.

FastAPI reads and parses a declared body model before it resolves any dependency, so an
unauthenticated client could make the server parse JSON and got 422 for malformed JSON
instead of 401. Routes therefore take the raw `Request` and call `parse_body` once the token
is checked. Errors use the same pointers as the store (`/expires_at`, not `/body/expires_at`).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from sbom.errors import FieldProblem, Kind, ManifestError, pointer_from_parts
from sbom.limits import Limits
from sbom.parsing import decode_text, parse_json

M = TypeVar("M", bound=BaseModel)
_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def openapi_body(model: type[BaseModel], required: bool = True) -> dict[str, Any]:
    """`openapi_extra` that documents the body a route parses itself."""
    return {"requestBody": {"required": required,
                            "content": {"application/json": {"schema": model.model_json_schema()}}}}


async def parse_body(request: Request, model: type[M], *, optional: bool = False) -> M | None:
    raw = await request.body()  # bounded by the BodyLimit middleware
    if optional and not raw.strip():
        return None
    # The manifest parser's limits (depth, values, digits, duplicate keys): json.loads alone let
    # deep nesting raise RecursionError and a 5,000-digit number ValueError, both answered 500.
    limits: Limits = request.app.state.settings.limits()
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise ManifestError("request body is not valid JSON",
                            [FieldProblem("", "not valid UTF-8", "a JSON object")]) from None
    except json.JSONDecodeError as exc:
        raise ManifestError("request body is not valid JSON", [
            FieldProblem("", f"not valid JSON at line {exc.lineno} column {exc.colno}", "a JSON object")]) from None
    except (RecursionError, ValueError):
        # too deep for the parser, or an integer longer than Python converts: the manifest
        # parser's own errors (400), with its limits
        data = None
    try:
        if data is None:
            parse_json(decode_text(raw, limits), limits)
        parse_json(raw.decode("utf-8"), limits)  # duplicate keys, depth and value limits
    except ManifestError as exc:
        raise ManifestError("request body is not valid JSON", exc.problems,
                            kind=exc.kind if exc.kind is Kind.TOO_LARGE else Kind.MALFORMED) from None
    if not isinstance(data, dict):
        raise ManifestError("request body is not valid", [
            FieldProblem("", f"a JSON {_KINDS.get(type(data), 'value')}", "a JSON object")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ManifestError("request body is not valid", [
            FieldProblem(pointer_from_parts(list(e["loc"])), e["msg"]) for e in exc.errors()]) from None
