"""OPA's Data API over the gate's engine: `POST /v1/data/{path}` answers like an OPA server would.

Platform teams already run OPA clients and sidecars (and `opa-python-client`, which the gate's
own `opa-server` engine uses); they can point them at cleangate unchanged. Request and answer
follow OPA's REST API: `{"input": ...}` in, `{"result": ..., "decision_id": ...}` out, no
`result` when the document is undefined, and `provenance` (version, bundle revision) with
`?provenance=true`.

As with OPA, `input` is the policy input document itself (GET /v1/schema/input), evaluated as
given: it is parsed with the gate's size and depth limits and validated strictly against the
schema, and only what the caller left out is filled in (today's date, the derived licence
facts). A Data API answer is therefore a raw policy value, exactly what an OPA server with the
bundle would give: it is not a decision, is not written to the decision log and is never
attested. Use `/v1/evaluate` for decisions.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.limits import Limits
from sbom.parsing import decode_text, parse_json
from service import __version__
from service.api.deps import EvaluateDep, GateDep
from service.api.models import DataAnswer
from service.api.problems import AUTH, problem_responses
from service.evalpool import QueryFailed

router = APIRouter()

SEGMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_SEGMENTS = 16


def _segments(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    bad = next((p for p in parts if not SEGMENT.match(p)), None)
    if not parts or bad is not None or len(parts) > MAX_SEGMENTS:
        raise ManifestError("data path is not valid", [FieldProblem(
            "/path", f"got {path[:100]!r}",
            f"1 to {MAX_SEGMENTS} Rego identifiers separated by '/', e.g. cleangate/ai_act/art50/deny")],
                kind=Kind.MALFORMED)
    return parts


def _input_of(raw: bytes, limits: Limits) -> dict[str, Any]:
    body = parse_json(decode_text(raw, limits), limits) if raw.strip() else {}
    if not isinstance(body, dict) or not isinstance(body.get("input", {}), dict):
        raise ManifestError("request body is not valid",
                            [FieldProblem("/input", "not an object", "the policy input document (a JSON object)")])
    document: dict[str, Any] = body.get("input") or {}
    if not document:
        raise ManifestError("request body is not valid", [FieldProblem(
            "/input", "missing", "the policy input document: at least {\"system\": {\"name\": ...}}")])
    return document


@router.post(
    "/v1/data/{path:path}",
    response_model=DataAnswer,
    summary="OPA Data API: evaluate data.<path> with an input document",
    responses={
        **problem_responses(400, *AUTH, 404, 413, 422, 503,
                            s400="Malformed path or body", s403="Token lacks the `evaluate` scope",
                            s404="No such route: the path holds a character the router never matches (a line break)",
                            s413="Body too large",
                            s422="input is not a valid policy input document; errors[] name the fields",
                            s503="Not evaluated: time budget exceeded (`code: evaluation_timeout`) or no worker free"),
        500: {"description": "The policy failed to evaluate (OPA's internal_error shape)",
              "content": {"application/json": {"schema": {"type": "object", "required": ["code", "message"],
                                                          "properties": {"code": {"type": "string"},
                                                                         "message": {"type": "string"}}}}}},
    },
)
async def query_data(
    request: Request,
    principal: EvaluateDep,
    gate: GateDep,
    path: Annotated[str, Path(description="Slash-separated path below data, as in OPA.")],
    provenance: Annotated[bool, Query(description="Add version and bundle revision, as OPA does.")] = False,
) -> Response:
    parts = _segments(path)
    document = _input_of(await request.body(), gate.limits)  # size bounded by the BodyLimit middleware
    try:  # in an evaluation worker, within the request's time budget, like /v1/evaluate
        defined, value = await request.app.state.pool.query(parts, document)
    except QueryFailed as exc:  # OPA answers a policy that errors with 500 internal_error
        return Response(json.dumps({"code": "internal_error", "message": str(exc)}),
                        status_code=500, media_type="application/json")
    answer: dict[str, Any] = {"decision_id": str(uuid.uuid4())}
    if defined:
        answer["result"] = value
    if provenance:
        answer["provenance"] = {
            "version": f"cleangate {__version__}",
            "revision": gate.bundle.revision,
            "bundles": {"cleangate": {"revision": gate.bundle.revision}},
        }
    return Response(json.dumps(answer), media_type="application/json")
