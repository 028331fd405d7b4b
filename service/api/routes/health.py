"""Liveness and readiness for load balancers; the only endpoints that never need a token."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from service.api.deps import GateDep, SettingsDep, StoreDep
from service.api.models import Health, Ready
from service.api.problems import problem_responses

router = APIRouter()


@router.get("/healthz", response_model=Health, summary="The process is alive")
async def healthz() -> dict[str, str]:
    """Answered on the event loop itself: never waits for the database or the thread pool, so a
    liveness probe cannot kill a gate that is only waiting (evaluations run in other processes)."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Ready, summary="Policies are compiled and the decision log is reachable",
            responses=problem_responses(503, s503="Not ready: the decision log database is not reachable"))
async def readyz(gate: GateDep,
                 store: StoreDep,
                 settings: SettingsDep) -> dict[str, str]:
    """Its own short timeout (CLEANGATE_READY_TIMEOUT_SECONDS): a database or a thread pool that
    does not answer makes the gate "not ready" in seconds, never a hanging probe."""
    try:
        await asyncio.wait_for(run_in_threadpool(store.ping), timeout=settings.ready_timeout_seconds)
    except Exception:  # any driver error or the timeout means "not ready"; the reason goes to the log
        raise HTTPException(503, "the decision log database is not reachable") from None
    return {"status": "ready", "policy_revision": gate.bundle.revision}
