"""Signed checkpoints of the chain head: take one now (admin), read the latest (read)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from service.api.auth import require
from service.api.deps import StoreDep
from service.api.models import Checkpoint, NewCheckpoint
from service.api.problems import AUTH, problem_responses
from service.api.routes.attestations import signing_key
from service.timestamps import utc_text

router = APIRouter()


@router.post("/v1/audit/checkpoints", response_model=NewCheckpoint, dependencies=[Depends(require("admin"))],
             summary="Sign the chain head now; the checkpoint (a DSSE envelope) to keep off the machine",
             responses=problem_responses(*AUTH, 409, 503, s409="The gate has no signing key"))
async def create(request: Request, store: StoreDep) -> dict[str, Any]:
    from service.store.checkpoints import take

    key = signing_key(request)
    taken = await run_in_threadpool(take, store, key, request.app.state.settings)
    return {"seq": taken.record.seq, "hash": taken.record.hash, "created_at": utc_text(taken.record.created_at),
            "keyid": taken.record.keyid, "new": taken.new, "checkpoint": taken.record.envelope}


@router.get("/v1/audit/checkpoints/latest", response_model=Checkpoint, dependencies=[Depends(require("read"))],
            summary="The newest stored checkpoint", responses=problem_responses(*AUTH, 404, 503, s404="None taken yet"))
async def latest(store: StoreDep) -> dict[str, Any]:
    record = await run_in_threadpool(store.latest_checkpoint)
    if record is None:
        raise HTTPException(404, "no checkpoint has been taken yet")
    return {"seq": record.seq, "hash": record.hash, "created_at": utc_text(record.created_at), "keyid": record.keyid,
            "checkpoint": record.envelope}
