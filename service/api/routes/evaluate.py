"""POST /v1/evaluate: a manifest in the body, a Decision out.

The body is the manifest itself (JSON or YAML by content type), not a wrapper, so its sha256
in the decision is the digest of the file the team committed. CI context travels in
X-CI-* headers for the same reason.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from starlette.exceptions import HTTPException

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.limits import SIZE_SETTING, check_size
from sbom.load import FactsFile, Syntax
from service.api.bodylimit import UPLOAD_SETTING
from service.api.deps import EvaluateDep, GateDep, SettingsDep, StoreDep
from service.api.isotime import ISO_DATE, iso_date
from service.api.multipart import parse_upload
from service.api.problems import AUTH, problem_responses
from service.api.routes.attestations import sign_decision, signing_key
from service.ci_headers import CI_PROVIDERS, ci_max_length
from service.decision import Decision
from service.evalpool import EvaluationUnavailable
from service.evidence import EvidenceInput, MemorySource, Unavailable
from service.store.recorder import evaluate_and_record

router = APIRouter()


def manifest_request_body(*, bom_signature: bool) -> dict[str, Any]:
    """The OpenAPI request body of every call that takes a manifest: JSON, YAML or a multipart upload
    (manifest, evidence files, facts; a detached BOM signature only where the call verifies one)."""
    parts: dict[str, Any] = {
        "manifest": {"type": "string", "format": "binary"},
        "evidence": {"type": "array", "items": {"type": "string", "format": "binary"}},
    }
    if bom_signature:
        parts["bom_signature"] = {"type": "string", "format": "binary"}
    parts["facts"] = {"type": "string", "format": "binary",
                      "description": "deployment facts (native YAML) merged with the BOM"}
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/yaml": {"schema": {"type": "string"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": parts, "required": ["manifest"]}},
    }}}
log = logging.getLogger("cleangate.decisions")

CONTENT_TYPES: dict[str, Syntax] = {
    "application/json": "json",
    "application/vnd.cyclonedx+json": "json",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
    "application/xml": "xml",
    "application/vnd.cyclonedx+xml": "xml",
    "text/xml": "xml",
    "application/spdx+json": "json",
    "application/ld+json": "json",
}


async def read_body(request: Request, limit: int, setting: str = SIZE_SETTING) -> bytes:
    """Read at most `limit` bytes; refuse early on Content-Length, and mid-stream otherwise."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit():
        check_size(int(declared), limit, setting=setting)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        check_size(size, limit, setting=setting)
        chunks.append(chunk)
    return b"".join(chunks)


def syntax_for(content_type: str | None) -> Syntax:
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in CONTENT_TYPES:
        raise ManifestError(
            "unsupported content type",
            [FieldProblem("", f"Content-Type {media or '(none)'!r}", "one of " + ", ".join(CONTENT_TYPES))],
            kind=Kind.UNSUPPORTED,
        )
    return CONTENT_TYPES[media]


@router.post(
    "/v1/evaluate",
    response_model=Decision,
    summary="Evaluate an AI-BOM and return pass/warn/block with findings",
    openapi_extra=manifest_request_body(bom_signature=True),
    responses={
        **problem_responses(
            400, *AUTH, 409, 413, 415, 422, 500, 503,
            s400="Malformed manifest",
            s403="Token lacks the `evaluate` scope, or the `backdate` scope for an `as_of` before today",
            s409="`attest=true` but the gate has no signing key",
            s413="Manifest too large",
            s415="Unsupported content type or manifest format",
            s422="Manifest does not match the expected shape; errors[] name the fields",
            s500="Evaluating this manifest failed (`code: evaluation_failed`); nothing was decided",
            s503="Not evaluated: time budget exceeded (`code: evaluation_timeout`), no worker free (`code: busy`, "
                 "with Retry-After) or the decision log did not answer (`code: store_busy`)"),
    },
)
async def evaluate(
    request: Request,
    principal: EvaluateDep,
    gate: GateDep,
    store: StoreDep,
    settings: SettingsDep,
    as_of_text: Annotated[str | None, Query(
        alias="as_of", pattern=ISO_DATE, description="Judge the rules as of this date, YYYY-MM-DD (default: "
                                                     "today); a date before today needs the `backdate` scope.")] = None,
    source: Annotated[str | None, Query(max_length=500, description="File name to show in reports.")] = None,
    attest: Annotated[bool, Query(description="Also return the signed attestation, as `attestation`.")] = False,
    content_type: Annotated[str | None, Header()] = None,
    # The X-CI-* headers and their limits are service/ci_headers.py's table, shared with the CLI.
    x_ci_provider: Annotated[str | None, Header(max_length=ci_max_length("provider"),
                                                json_schema_extra={"enum": list(CI_PROVIDERS)})] = None,
    x_ci_repository: Annotated[str | None, Header(max_length=ci_max_length("repository"))] = None,
    x_ci_commit: Annotated[str | None, Header(max_length=ci_max_length("commit"))] = None,
    x_ci_ref: Annotated[str | None, Header(max_length=ci_max_length("ref"))] = None,
    x_ci_pipeline_url: Annotated[str | None, Header(max_length=ci_max_length("pipeline_url"))] = None,
    x_ci_actor: Annotated[str | None, Header(max_length=ci_max_length("actor"))] = None,
) -> Response:
    """Answers only after the decision is committed to the log (unless CLEANGATE_RECORD_DECISIONS=false).

    A multipart/form-data body carries the manifest with the evidence files it names (docs/evidence.md)
    and the deployment facts beside a generated BOM (part `facts`, docs/input.md).
    """
    started = time.perf_counter()
    as_of = iso_date("as_of", as_of_text)
    if as_of is not None and as_of < datetime.now(UTC).date() and not principal.allows("backdate"):
        # A past date can switch duties off (Art 50 before 2026-08-02): only a token trusted with it may ask.
        raise HTTPException(403, f"token {principal.name!r} lacks the 'backdate' scope needed to judge at a past "
                                 f"date (as_of={as_of.isoformat()}); omit as_of to judge as of today")
    if attest:
        signing_key(request)  # refuse before evaluating (and recording) anything
    evidence: EvidenceInput | None = None
    facts: FactsFile | None = None
    syntax: Syntax | None
    if (content_type or "").lower().startswith("multipart/form-data"):
        whole = await read_body(request, settings.evidence_max_upload_bytes, UPLOAD_SETTING)
        upload = parse_upload(content_type or "", whole,
                              max_manifest_bytes=settings.max_body_bytes, max_files=settings.evidence_max_files,
                              max_file_bytes=settings.evidence_max_artifact_bytes)
        body, syntax = upload.manifest, upload.syntax
        source = source or upload.filename
        if upload.facts is not None:
            facts = FactsFile(upload.facts, upload.facts_filename or "facts")
        try:
            files = MemorySource(upload.evidence)
        except Unavailable as exc:
            problem = FieldProblem("/multipart/evidence", exc.why, "relative paths inside the upload")
            raise ManifestError("multipart request is not valid", [problem]) from None
        evidence = EvidenceInput(referenced=files, offered=files, detached_signature=upload.bom_signature)
    else:
        syntax = syntax_for(content_type)
        body = await read_body(request, settings.max_body_bytes)
    if x_ci_provider is not None and x_ci_provider not in CI_PROVIDERS:
        raise ManifestError(
            "request header is not valid",
            [FieldProblem("/header/x-ci-provider", f"got {x_ci_provider[:50]!r}", "one of " + ", ".join(CI_PROVIDERS))],
        )
    ci = {
        "provider": x_ci_provider,
        "repository": x_ci_repository, "commit": x_ci_commit, "ref": x_ci_ref,
        "pipeline_url": x_ci_pipeline_url, "actor": x_ci_actor,
    }
    metrics = request.app.state.metrics
    try:
        decision = await evaluate_and_record(request.app.state.pool, store, body, syntax, as_of=as_of, ci=ci,
                                             source=source, token=principal.name, record=settings.record_decisions,
                                             evidence=evidence, facts=facts)
    except ManifestError:
        metrics.errors.labels("manifest").inc()
        raise
    except EvaluationUnavailable as exc:
        metrics.errors.labels(exc.code).inc()
        raise
    except Exception:
        metrics.errors.labels("internal").inc()
        raise
    seconds = time.perf_counter() - started
    metrics.observe(decision, seconds)
    log.info("decision", extra={"decision_id": decision.decision_id, "verdict": decision.verdict,
                                "system": decision.manifest.system, "token": principal.name,
                                "seconds": round(seconds, 4)})
    if attest:
        answer = decision.model_dump(mode="json")
        answer["attestation"] = sign_decision(request, answer)
        return Response(json.dumps(answer), media_type="application/json")
    # Serialise once, here: returning the model would make FastAPI validate it against
    # response_model and serialise it again (response_model still documents the shape).
    return Response(decision.model_dump_json(), media_type="application/json")
