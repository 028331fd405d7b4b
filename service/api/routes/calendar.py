"""POST /v1/reports/calendar and GET /v1/reports/calendar: the obligation calendar over HTTP.

The one report that evaluates: it judges the manifest at every candidate date (10-15 times), so
it runs in an evaluation worker (the `calendar` step of service/evalpool.py) within the request's
time budget, with the store's active waivers for the system, and answers the bytes
`cleangate calendar [--all] -f json|markdown|ics` prints. POST takes a manifest body exactly as
the other report calls (routes/reports.py: same content types, multipart parts, limits and
`evaluate` scope); GET judges the latest decision of every system in the decision log (`read`
scope, like the lineage reports). Nothing is recorded.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Coroutine
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Header, Query, Request, Response
from starlette.exceptions import HTTPException

from sbom.errors import ManifestError
from service.api.deps import EvaluateDep, GateDep, ReadDep, SettingsDep, StoreDep
from service.api.isotime import ISO_DATE, iso_date
from service.api.problems import AUTH, problem_responses
from service.api.routes.reports import REQUEST_BODY, read_upload
from service.cli.extras import install_hint, missing
from service.evalpool import EvaluationUnavailable, Loaded
from service.reports.calendar import CalendarReport, SystemCalendar, no_longer_loads, no_manifest
from service.reports.calendar_format import calendar_ics, calendar_markdown
from service.reports.lineage import LatestDecision, latest_decisions
from service.store import Principal, WaiverRecord

router = APIRouter()


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
    principal: EvaluateDep,
    gate: GateDep,
    store: StoreDep,
    settings: SettingsDep,
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
    principal: ReadDep,
    gate: GateDep,
    store: StoreDep,
    settings: SettingsDep,
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
