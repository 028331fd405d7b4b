"""The decision log, read back: list with filters (newest first, keyset pages) and one decision."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from sbom.errors import FieldProblem, ManifestError
from service.api.auth import require
from service.api.deps import StoreDep
from service.api.isotime import ISO_DATETIME, iso_datetime
from service.api.models import DecisionPage, StoredDecisionOut
from service.api.problems import AUTH, problem_responses
from service.store import DecisionFilter
from service.timestamps import as_utc, utc_text

router = APIRouter(dependencies=[Depends(require("read"))])


def _utc(name: str, moment: datetime | None) -> datetime | None:
    """A naive time is UTC; one that leaves years 1-9999 when moved to UTC is the client's error."""
    if moment is None:
        return None
    try:
        return as_utc(moment)
    except ValueError as exc:
        raise ManifestError("request parameters are not valid",
                            [FieldProblem(f"/query/{name}", str(exc), "a time in years 0001-9999 UTC")]) from None


@router.get("/v1/decisions", response_model=DecisionPage,
            summary="Stored decisions, newest first; filter and page with `cursor`",
            responses=problem_responses(*AUTH, 422, 503))
async def list_decisions(
    store: StoreDep,
    system: Annotated[str | None, Query(max_length=300)] = None,
    verdict: Literal["pass", "warn", "block"] | None = None,
    repository: Annotated[str | None, Query(max_length=500)] = None,
    since: Annotated[str | None, Query(pattern=ISO_DATETIME, description="Recorded at or after (ISO 8601 date or "
                                       "date-time; UTC without an offset).")] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATETIME, description="Recorded before (ISO 8601 date or "
                                       "date-time; UTC without an offset).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="`next_cursor` of the previous page.")] = None,
) -> dict[str, Any]:
    filt = DecisionFilter(system=system, verdict=verdict, repository=repository,
                          since=_utc("since", iso_datetime("since", since)),
                          until=_utc("until", iso_datetime("until", until)))
    rows = await run_in_threadpool(store.list_decision_summaries, filt, limit, cursor)
    return {
        "items": [{**row, "recorded_at": utc_text(row["recorded_at"])} for row in rows],
        "next_cursor": rows[-1]["seq"] if len(rows) == limit else None,
    }


@router.get("/v1/decisions/{decision_id}", response_model=StoredDecisionOut,
            summary="One stored decision with its manifest and chain hash",
            responses=problem_responses(*AUTH, 404, 503, s404="No such decision"))
async def get_decision(decision_id: str, store: StoreDep) -> dict[str, Any]:
    row = await run_in_threadpool(store.get_decision, decision_id)
    if row is None:
        raise HTTPException(404, f"no decision with id {decision_id!r}")
    return {"decision_id": row.decision_id, "seq": row.seq, "recorded_at": utc_text(row.recorded_at),
            "token": row.token, "hash": row.hash, "decision": row.decision, "manifest": row.manifest}
