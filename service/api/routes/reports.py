"""POST /v1/reports/training-summary and /v1/reports/clear-inventory: a manifest in, a report out.

The body is a manifest exactly as for POST /v1/evaluate (JSON, YAML or XML by content type, or
multipart/form-data with `manifest`, `facts` and `evidence` parts), read with the same size
limits and the same `evaluate` scope. The report is built from the policy input document the
gate would judge (service/reports/); nothing is evaluated or recorded. JSON answers have typed
models; Markdown, HTML and CSV come as text with their media type.

`read_upload` and `REQUEST_BODY` are shared with the obligation calendar (routes/calendar.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from sbom.errors import FieldProblem, ManifestError
from sbom.load import FactsFile, Syntax
from service.api.bodylimit import UPLOAD_SETTING
from service.api.deps import EvaluateDep, GateDep, SettingsDep
from service.api.multipart import parse_upload
from service.api.problems import AUTH, problem_responses
from service.api.routes.evaluate import manifest_request_body, read_body, syntax_for
from service.evidence import EvidenceInput, MemorySource, Unavailable
from service.gate import Gate
from service.reports import MEDIA_TYPES, REPORTS, Options, manifest_digest, report_input
from service.reports.clear_inventory import ClearInventory
from service.reports.training_summary import TrainingSummaryReport
from service.settings import Settings

router = APIRouter()

REQUEST_BODY: dict[str, Any] = manifest_request_body(bom_signature=False)

ERRORS = problem_responses(
    400, *AUTH, 413, 415, 422,
    s400="Malformed manifest",
    s403="Token lacks the `evaluate` scope",
    s413="Manifest too large",
    s415="Unsupported content type or manifest format",
    s422="Manifest does not match the expected shape, or names no model to summarise; errors[] name the fields",
)


def _text(*formats: str) -> dict[str, Any]:
    return {MEDIA_TYPES[f].split(";")[0]: {"schema": {"type": "string"}} for f in formats}


@dataclass(frozen=True)
class Upload:
    """A request body read as /v1/evaluate reads it: the manifest and what came beside it."""

    body: bytes
    syntax: Syntax | None
    source: str | None
    facts: FactsFile | None
    evidence: EvidenceInput | None


async def read_upload(request: Request, settings: Settings, content_type: str | None, source: str | None) -> Upload:
    """The manifest (JSON, YAML, XML by content type, or a multipart upload), within the size limits."""
    evidence: EvidenceInput | None = None
    facts: FactsFile | None = None
    syntax: Syntax | None
    if (content_type or "").lower().startswith("multipart/form-data"):
        whole = await read_body(request, settings.evidence_max_upload_bytes, UPLOAD_SETTING)
        upload = parse_upload(content_type or "", whole,
                              max_manifest_bytes=settings.max_body_bytes, max_files=settings.evidence_max_files,
                              max_file_bytes=settings.evidence_max_artifact_bytes)
        body, syntax, source = upload.manifest, upload.syntax, source or upload.filename
        if upload.facts is not None:
            facts = FactsFile(upload.facts, upload.facts_filename or "facts")
        try:
            files = MemorySource(upload.evidence)
        except Unavailable as exc:
            raise ManifestError("multipart request is not valid", [FieldProblem(
                "/multipart/evidence", exc.why, "relative paths inside the upload")]) from None
        evidence = EvidenceInput(referenced=files, offered=files)
    else:
        syntax = syntax_for(content_type)
        body = await read_body(request, settings.max_body_bytes)
    return Upload(body, syntax, source, facts, evidence)


async def _document(request: Request, gate: Gate, settings: Settings, content_type: str | None,
                    source: str | None) -> tuple[Any, Options]:
    """The policy input document and where it came from, from a body read as /v1/evaluate reads it."""
    up = await read_upload(request, settings, content_type, source)
    # Loading and verifying evidence hashes files: off the event loop, like an evaluation.
    doc = await run_in_threadpool(report_input, gate, up.body, up.syntax, facts=up.facts, source=up.source,
                                  evidence=up.evidence)
    return doc, Options(digest=manifest_digest(up.body), source=up.source)


async def _answer(kind: str, doc: Any, fmt: str, options: Options) -> Response:
    """Rendered off the event loop: a 5,000-dataset summary took 0.64 s as Markdown, time in which
    the loop would answer nothing else (health checks included)."""
    rendered = await run_in_threadpool(REPORTS[kind].render, doc, fmt, options)
    return Response(rendered.body, media_type=MEDIA_TYPES[fmt])


@router.post(
    "/v1/reports/training-summary",
    response_model=TrainingSummaryReport,
    summary="Art 53(1)(d) public summary of training content, in the Commission template's structure",
    openapi_extra=REQUEST_BODY,
    responses={200: {"description": "The summary (JSON, Markdown or self-contained HTML by `format`)",
                     "content": _text("md", "html")}, **ERRORS},
)
async def training_summary(
    request: Request,
    _: EvaluateDep,
    gate: GateDep,
    settings: SettingsDep,
    fmt: Annotated[Literal["json", "md", "html"], Query(alias="format", description="Output format")] = "json",
    model: Annotated[str | None, Query(min_length=1, max_length=300, description="The model to summarise "
                                       "(default: the one GPAI model the manifest provides)")] = None,
    source: Annotated[str | None, Query(max_length=500, description="File name of the manifest.")] = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    """Gaps are shown as "not stated" and the answer says which template sections are complete."""
    doc, options = await _document(request, gate, settings, content_type, source)
    return await _answer("training-summary", doc, fmt, replace(options, model=model))


@router.post(
    "/v1/reports/clear-inventory",
    response_model=ClearInventory,
    summary="US CLEAR Act (S.3813, a bill: information only) inventory of training datasets and declared works",
    openapi_extra=REQUEST_BODY,
    responses={200: {"description": "The inventory (JSON, Markdown or CSV by `format`)",
                     "content": _text("md", "csv")}, **ERRORS},
)
async def clear_inventory(
    request: Request,
    _: EvaluateDep,
    gate: GateDep,
    settings: SettingsDep,
    fmt: Annotated[Literal["json", "md", "csv"], Query(alias="format", description="Output format")] = "json",
    source: Annotated[str | None, Query(max_length=500, description="File name of the manifest.")] = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    doc, options = await _document(request, gate, settings, content_type, source)
    return await _answer("clear-inventory", doc, fmt, options)
