"""The lineage reports over HTTP (read scope): the same answers as `cleangate lineage impact|show`.

Both read the whole decision log in one streamed pass (latest decision per system and version)
on a worker thread, so a large log costs time linear in its size and never blocks the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from service.api.auth import require
from service.api.deps import StoreDep
from service.api.problems import AUTH, problem_responses
from service.reports.lineage import ImpactReport, LineageReport, entries_from_log, impact, lineage

router = APIRouter(dependencies=[Depends(require("read"))])


@router.get("/v1/lineage/impact", response_model=ImpactReport,
            summary="Dataset blast radius: the systems, models and adapters that depend on a dataset",
            responses=problem_responses(*AUTH, 422, 503))
async def lineage_impact(
    store: StoreDep,
    dataset: Annotated[str, Query(min_length=1, max_length=300,
                                  description="Dataset name, or a digest of it (hex or alg:hex).")],
) -> ImpactReport:
    entries = await run_in_threadpool(lambda: entries_from_log(store.iter_decisions()))
    return impact(entries, dataset)


@router.get("/v1/lineage/systems/{system:path}", response_model=LineageReport,
            summary="A system's lineage: models, base models, adapters and datasets per version",
            responses=problem_responses(*AUTH, 404, 422, 503, s404="No decision for this system in the log"))
async def lineage_show(
    store: StoreDep,
    system: Annotated[str, Path(max_length=300, description="System name (exact; may contain /).")],
) -> LineageReport:
    entries = await run_in_threadpool(lambda: entries_from_log(store.iter_decisions()))
    report = lineage(entries, system)
    if not report.versions and not report.unreadable:
        raise HTTPException(404, f"no decision for system {system[:300]!r} in the log")
    return report
