"""Chain verification (read scope) and the full log as JSON Lines (admin scope)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from service.api.auth import require
from service.api.deps import StoreDep
from service.api.models import VerifyReport
from service.api.problems import AUTH, problem_responses

router = APIRouter()


@router.get("/v1/audit/verify", response_model=VerifyReport, response_model_exclude_unset=True,
            dependencies=[Depends(require("read"))],
            summary="Re-derive every hash; `ok: false` names the first broken record",
            responses=problem_responses(*AUTH, 503))
async def verify(store: StoreDep) -> dict[str, Any]:
    result = await run_in_threadpool(store.verify)
    return result.public()


@router.get("/v1/audit/export", dependencies=[Depends(require("admin"))],
            summary="Every log record, oldest first, as JSON Lines (verify offline with `cleangate audit verify`)",
            response_class=StreamingResponse, responses=problem_responses(*AUTH, 503))
def export(store: StoreDep) -> StreamingResponse:
    def lines() -> Iterator[bytes]:
        for record in store.export():
            yield (json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

    return StreamingResponse(lines(), media_type="application/x-ndjson")
