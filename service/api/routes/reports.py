"""POST /v1/reports/training-summary, /clear-inventory and /calendar: a manifest in, a report out.

The body is a manifest exactly as for POST /v1/evaluate (JSON, YAML or XML by content type, or
multipart/form-data with `manifest`, `facts` and `evidence` parts), read with the same size
limits and the same `evaluate` scope. The report is built from the policy input document the
gate would judge (service/reports/); nothing is evaluated or recorded. JSON answers have typed
models; Markdown, HTML and CSV come as text with their media type.

The obligation calendar is the exception that evaluates: it judges the manifest at every
candidate date, so it runs in an evaluation worker (service/evalpool.py) within the request's
time budget, with the store's waivers for the system, and answers what `cleangate calendar`
prints (JSON, Markdown or iCalendar).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from sbom.errors import FieldProblem, ManifestError
from sbom.load import FactsFile, Syntax
from service.api.auth import require
from service.api.deps import get_gate, get_settings, get_store
from service.api.isotime import ISO_DATE, iso_date
from service.api.multipart import parse_upload
from service.api.problems import AUTH, problem_responses
from service.api.routes.evaluate import read_body, syntax_for
from service.cli.extras import install_hint, missing
from service.evalpool import EvaluationUnavailable, Loaded
from service.evidence import EvidenceInput, MemorySource, Unavailable
from service.gate import Gate
from service.reports import MEDIA_TYPES, REPORTS, Options, manifest_digest, report_input
from service.reports.calendar import CalendarReport, SystemCalendar, no_longer_loads, no_manifest
from service.reports.calendar_format import calendar_ics, calendar_markdown
from service.reports.clear_inventory import ClearInventory
from service.reports.lineage import LatestDecision, latest_decisions
from service.reports.training_summary import TrainingSummaryReport
from service.settings import Settings
from service.store import Principal, Store, WaiverRecord

router = APIRouter()

REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/yaml": {"schema": {"type": "string"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "manifest": {"type": "string", "format": "binary"},
                "evidence": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "facts": {"type": "string", "format": "binary",
                          "description": "deployment facts (native YAML) merged with the BOM"},
            }, "required": ["manifest"]}},
        },
    }
}
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
        upload = parse_upload(content_type or "", await read_body(request, settings.evidence_max_upload_bytes),
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


def _answer(kind: str, doc: Any, fmt: str, options: Options) -> Response:
    return Response(REPORTS[kind].render(doc, fmt, options).body, media_type=MEDIA_TYPES[fmt])


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
    _: Annotated[Principal, Depends(require("evaluate"))],
    gate: Annotated[Gate, Depends(get_gate)],
    settings: Annotated[Settings, Depends(get_settings)],
    fmt: Annotated[Literal["json", "md", "html"], Query(alias="format", description="Output format")] = "json",
    model: Annotated[str | None, Query(min_length=1, max_length=300, description="The model to summarise "
                                       "(default: the one GPAI model the manifest provides)")] = None,
    source: Annotated[str | None, Query(max_length=500, description="File name of the manifest.")] = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    """Gaps are shown as "not stated" and the answer says which template sections are complete."""
    doc, options = await _document(request, gate, settings, content_type, source)
    return _answer("training-summary", doc, fmt, replace(options, model=model))


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
    _: Annotated[Principal, Depends(require("evaluate"))],
    gate: Annotated[Gate, Depends(get_gate)],
    settings: Annotated[Settings, Depends(get_settings)],
    fmt: Annotated[Literal["json", "md", "csv"], Query(alias="format", description="Output format")] = "json",
    source: Annotated[str | None, Query(max_length=500, description="File name of the manifest.")] = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    doc, options = await _document(request, gate, settings, content_type, source)
    return _answer("clear-inventory", doc, fmt, options)


StartDay = Annotated[str | None, Query(
    alias="from", pattern=ISO_DATE, description="List dates from this day on, YYYY-MM-DD (default: today, UTC); "
                                                "a day before today needs the `backdate` scope.")]
CalendarFormat = Annotated[Literal["json", "md", "ics"], Query(alias="format", description="Output format")]
CALENDAR_MEDIA = {"json": "application/json", "md": "text/markdown; charset=utf-8",
                  "ics": "text/calendar; charset=utf-8"}


@router.post(
    "/v1/reports/calendar",
    response_model=CalendarReport,
    summary="Obligation calendar: the dates ahead on which a rule's outcome changes for this manifest",
    openapi_extra=REQUEST_BODY,
    responses={
        200: {"description": "The calendar (JSON, Markdown or iCalendar by `format`), as `cleangate calendar`",
              "content": {"text/markdown": {"schema": {"type": "string"}},
                          "text/calendar": {"schema": {"type": "string"}}}},
        **problem_responses(
            400, *AUTH, 413, 415, 422, 500, 501, 503,
            s400="Malformed manifest",
            s403="Token lacks the `evaluate` scope, or the `backdate` scope for a `from` before today",
            s413="Manifest too large",
            s415="Unsupported content type or manifest format",
            s422="Manifest does not match the expected shape, or `from` is not a date; errors[] name the fields",
            s500="Judging this manifest failed (`code: evaluation_failed`); no calendar was made",
            s501="`format=ics` but the gate was installed without the `calendar` extra",
            s503="Not judged: time budget exceeded (`code: evaluation_timeout`) or no worker free (`code: busy`)"),
    },
)
async def obligation_calendar(
    request: Request,
    principal: Annotated[Principal, Depends(require("evaluate"))],
    gate: Annotated[Gate, Depends(get_gate)],
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    start_text: StartDay = None,
    fmt: CalendarFormat = "json",
    source: Annotated[str | None, Query(max_length=500, description="File name of the manifest.")] = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    """Each candidate date is judged the day before and on the day, with the store's waivers that
    cover this system in force on each day, in an evaluation worker within the request's time
    budget (10-15 evaluations). Nothing is recorded."""
    start = _calendar_start(principal, start_text, fmt)
    up = await read_upload(request, settings, content_type, source)

    async def records(loaded: Loaded) -> list[WaiverRecord]:
        return await to_thread.run_sync(store.matching_waivers, loaded.system, loaded.version, loaded.repository)

    system = await request.app.state.pool.calendar(
        up.body, up.syntax, hashlib.sha256(up.body).hexdigest(), records, start=start, source=up.source,
        facts=up.facts, evidence=up.evidence)
    return _calendar_answer(CalendarReport(policy=gate.bundle.revision, systems=[system]), fmt)


def _calendar_start(principal: Principal, start_text: str | None, fmt: str) -> date:
    """The start day (default today, UTC), refused before anything is read or judged."""
    today = datetime.now(UTC).date()
    start = iso_date("from", start_text) or today
    if start < today and not principal.allows("backdate"):
        # The start day's verdict is a judgement at a past date, as POST /v1/evaluate?as_of= would give.
        raise HTTPException(403, f"token {principal.name!r} lacks the 'backdate' scope needed for a calendar from a "
                                 f"past date (from={start.isoformat()}); omit `from` to start today")
    if fmt == "ics" and missing("calendar"):
        raise HTTPException(501, f"iCalendar output needs the `calendar` extra: {install_hint('calendar')}")
    return start


def _calendar_answer(report: CalendarReport, fmt: str) -> Response:
    if fmt == "ics":
        body = calendar_ics(report)
    else:  # the bytes `cleangate calendar -f json|markdown` writes
        body = (report.model_dump_json(indent=2) + "\n" if fmt == "json" else calendar_markdown(report)).encode()
    return Response(body, media_type=CALENDAR_MEDIA[fmt])


@router.get(
    "/v1/reports/calendar",
    response_model=CalendarReport,
    summary="Obligation calendar of every system in the decision log (latest decision of each system and version)",
    responses={
        200: {"description": "The calendar (JSON, Markdown or iCalendar by `format`), as `cleangate calendar --all`",
              "content": {"text/markdown": {"schema": {"type": "string"}},
                          "text/calendar": {"schema": {"type": "string"}}}},
        **problem_responses(
            *AUTH, 422, 500, 501, 503,
            s403="Token lacks the `read` scope, or the `backdate` scope for a `from` before today",
            s422="`from` is not a date or `format` not one of json, md, ics; errors[] name the parameter",
            s500="Judging a stored manifest failed (`code: evaluation_failed`); no calendar was made",
            s501="`format=ics` but the gate was installed without the `calendar` extra",
            s503="Not judged: the calendars of all systems exceeded the time budget (`code: evaluation_timeout`), "
                 "no worker became free (`code: busy`) or the decision log did not answer (`code: store_busy`)"),
    },
)
async def obligation_calendar_of_the_log(
    request: Request,
    principal: Annotated[Principal, Depends(require("read"))],
    gate: Annotated[Gate, Depends(get_gate)],
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    start_text: StartDay = None,
    fmt: CalendarFormat = "json",
) -> Response:
    """Each system's stored manifest is judged in the evaluation workers (in parallel, as many as
    there are workers), all of them within one request time budget; a decision without a stored
    manifest, or whose manifest no longer loads, is listed in `not_covered`, never skipped. The
    `read` scope, as for the lineage reports over the same log: its readers hold read tokens."""
    start = _calendar_start(principal, start_text, fmt)
    items = await to_thread.run_sync(lambda: latest_decisions(store.iter_decisions()))
    pool = request.app.state.pool

    async def one(item: LatestDecision) -> SystemCalendar | str:
        if item.manifest is None:
            return no_manifest(item)

        async def records(loaded: Loaded) -> list[WaiverRecord]:
            return await to_thread.run_sync(store.matching_waivers, loaded.system, loaded.version,
                                            item.repository or loaded.repository)

        data = item.manifest.encode("utf-8")
        try:
            system: SystemCalendar = await pool.calendar(data, None, hashlib.sha256(data).hexdigest(), records,
                                                         start=start, source=item.system)
        except ManifestError as exc:
            return no_longer_loads(item, exc)
        return system.model_copy(update={"decision_id": item.decision_id})

    budget = settings.request_timeout_seconds
    try:
        async with asyncio.timeout(budget):
            results = await _all_or_first_error([one(item) for item in items])
    except TimeoutError:
        raise EvaluationUnavailable("evaluation_timeout", f"the calendars of {len(items)} systems were not judged "
                                                          f"within the time budget of {budget:g} s") from None
    return _calendar_answer(CalendarReport(
        policy=gate.bundle.revision, systems=[r for r in results if not isinstance(r, str)],
        not_covered=[r for r in results if isinstance(r, str)]), fmt)


async def _all_or_first_error(calls: list[Coroutine[Any, Any, SystemCalendar | str]]) -> list[SystemCalendar | str]:
    """Every result in order; on the first failure the others are cancelled (their workers replaced)
    and that failure is raised as itself, not as an ExceptionGroup."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(call) for call in calls]
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return [task.result() for task in tasks]
