"""Decisions: the filtered list with its verdict chart, one decision, its attestation download."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from service.store import DecisionFilter, Store
from service.ui import views
from service.ui.web import PREFIX, page_viewer, refuse, render

router = APIRouter(include_in_schema=False)
PAGE = 50
CHART_SCAN = 1000
"""The chart counts at most this many newest matching decisions (the page says so)."""
RULE_SCAN = 500
"""A rule filter reads full decisions; it looks at most this many per page (the page says so)."""
FILTER_LIMITS = {"system": 300, "repository": 500, "rule": 100, "verdict": 5, "since": 10, "until": 10}


@dataclass
class Filters:
    values: dict[str, str]
    store_filter: DecisionFilter
    rule: str | None
    errors: list[str]

    def query(self, **extra: Any) -> str:
        return urlencode({**{k: v for k, v in self.values.items() if v}, **extra})


def _day(name: str, text: str, errors: list[str], shift: int = 0) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text) + timedelta(days=shift), time(), UTC)
    except (ValueError, OverflowError):
        errors.append(f"{name}: {text!r} is not a date; expected YYYY-MM-DD")
        return None


def read_filters(request: Request) -> Filters:
    values = {k: request.query_params.get(k, "").strip() for k in FILTER_LIMITS}
    errors = [f"{k}: longer than {n} characters" for k, n in FILTER_LIMITS.items() if len(values[k]) > n]
    if values["verdict"] and values["verdict"] not in views.VERDICTS:
        errors.append(f"verdict: {values['verdict']!r} is not one of pass, warn, block")
    since = _day("from", values["since"], errors)
    until = _day("to", values["until"], errors, shift=1)  # the "to" day is included
    filt = DecisionFilter(system=values["system"] or None, verdict=values["verdict"] or None,
                          repository=values["repository"] or None, since=since, until=until)
    return Filters(values, filt, values["rule"] or None, errors)


def matching(store: Store, filt: DecisionFilter, rule: str | None, limit: int, cursor: int | None,
             scan: int) -> tuple[list[dict[str, Any]], int | None]:
    """Summaries of matching decisions, newest first, and the cursor of the next page."""
    if rule is None:
        rows = store.list_decision_summaries(filt, limit, cursor)
        return rows, (rows[-1]["seq"] if len(rows) == limit else None)
    found: list[dict[str, Any]] = []
    examined = 0
    while examined < scan and len(found) < limit:
        batch = store.list_decisions(filt, min(100, scan - examined), cursor)
        if not batch:
            return found, None
        examined += len(batch)
        for stored in batch:
            cursor = stored.seq
            if views.rule_hit(stored.decision, rule):
                found.append(stored.summary())
                if len(found) == limit:
                    break
    return found, cursor


def _cursor(request: Request) -> int | None:
    text = request.query_params.get("cursor", "")
    return int(text) if text.isdigit() and 0 < len(text) < 19 else None


@router.get(PREFIX + "/decisions")
async def decision_list(request: Request) -> Response:
    who = await page_viewer(request, "read")
    if isinstance(who, Response):
        return who
    filters = read_filters(request)
    if filters.errors:
        return render(request, "decisions.html", who, status=422, filters=filters, rows=[], chart=None, next=None,
                      page=PAGE, chart_scan=CHART_SCAN, rule_scan=RULE_SCAN)
    store: Store = request.app.state.store
    rows, next_cursor = await run_in_threadpool(matching, store, filters.store_filter, filters.rule, PAGE,
                                                _cursor(request), RULE_SCAN)
    recent, _ = await run_in_threadpool(matching, store, filters.store_filter, filters.rule,
                                        CHART_SCAN if filters.rule is None else RULE_SCAN, None, RULE_SCAN)
    return render(request, "decisions.html", who, filters=filters, rows=rows, next=next_cursor,
                  chart=views.verdict_chart(recent), charted=len(recent), page=PAGE, chart_scan=CHART_SCAN,
                  rule_scan=RULE_SCAN)


@router.get(PREFIX + "/decisions/{decision_id}")
async def decision_page(decision_id: str, request: Request) -> Response:
    who = await page_viewer(request, "read")
    if isinstance(who, Response):
        return who
    row = await run_in_threadpool(request.app.state.store.get_decision, decision_id[:100])
    if row is None:
        return refuse(request, who, 404, "There is no decision with that id in the decision log.")
    decision = row.decision
    return render(request, "decision.html", who, row=row, d=decision, groups=views.by_regulation(
        decision.get("findings") or []), fired=views.fired(decision),
        signed=request.app.state.signing_key is not None)


@router.get(PREFIX + "/decisions/{decision_id}/attestation")
async def attestation(decision_id: str, request: Request) -> Response:
    who = await page_viewer(request, "read")
    if isinstance(who, Response):
        return who
    from service.api.routes.attestations import NO_KEY, sign_decision

    if request.app.state.signing_key is None:
        return refuse(request, who, 409, NO_KEY)
    row = await run_in_threadpool(request.app.state.store.get_decision, decision_id[:100])
    if row is None:
        return refuse(request, who, 404, "There is no decision with that id in the decision log.")
    envelope = sign_decision(request, row.decision)
    return Response(json.dumps(envelope, indent=2), media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="{row.decision_id}.intoto.json"'})
