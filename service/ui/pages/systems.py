"""Systems: every AI system seen in the log, and one system's latest decisions, history and blockers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from service.store import DecisionFilter, Store
from service.ui import views
from service.ui.web import PREFIX, page_viewer, refuse, render

router = APIRouter(include_in_schema=False)
SCAN = 2000
"""The systems list is built from at most this many newest decisions (the page says so)."""
HISTORY = 100


@router.get(PREFIX + "/systems")
async def system_list(request: Request) -> Response:
    who = await page_viewer(request, "read")
    if isinstance(who, Response):
        return who
    rows = await run_in_threadpool(request.app.state.store.list_decision_summaries, DecisionFilter(), SCAN, None)
    return render(request, "systems.html", who, systems=views.systems(rows), scanned=len(rows), scan=SCAN)


def _system_view(store: Store, name: str) -> dict[str, Any]:
    history = store.list_decision_summaries(DecisionFilter(system=name), HISTORY, None)
    latest = []
    for summary in views.latest_per_scope(history):
        stored = store.get_decision(summary["decision_id"])
        blockers = views.blocking_rules(stored.decision) if stored else []
        latest.append({"summary": summary, "blocking": blockers})
    return {"history": history, "latest": latest}


@router.get(PREFIX + "/system")
async def system_page(request: Request) -> Response:
    who = await page_viewer(request, "read")
    if isinstance(who, Response):
        return who
    name = request.query_params.get("name", "")
    if not name or len(name) > 300:
        return refuse(request, who, 422, "Name a system (name=..., at most 300 characters).")
    view = await run_in_threadpool(_system_view, request.app.state.store, name)
    if not view["history"]:
        return refuse(request, who, 404, "No decision in the log names that system.")
    return render(request, "system.html", who, name=name, history_limit=HISTORY, **view)
