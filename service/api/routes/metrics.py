"""GET /metrics in the Prometheus text format (read scope: configure a bearer token in the scraper)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from service.api.auth import require
from service.api.problems import AUTH, problem_responses

router = APIRouter(dependencies=[Depends(require("read"))])


@router.get("/metrics", summary="Prometheus metrics", response_class=Response, responses=problem_responses(*AUTH))
async def metrics(request: Request) -> Response:
    body = await run_in_threadpool(request.app.state.metrics.render)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
