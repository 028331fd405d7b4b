"""Waivers over HTTP (admin scope): grant with an expiry, list with warnings, revoke.

Waivers are never deleted: a revoked waiver stays in the table and both changes are records in
the hash chain, so an auditor can see who excused what, when, and on whose approval.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from service.api.auth import require
from service.api.deps import AdminDep, GateDep, SettingsDep, StoreDep
from service.api.jsonbody import openapi_body, parse_body
from service.api.models import WaiverList, WaiverOut
from service.api.problems import AUTH, problem_responses
from service.gate import Gate
from service.store import WaiverRequest
from service.waivers import assess, report

router = APIRouter()
admin = require("admin")
log = logging.getLogger("cleangate.waivers")


class WaiverIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[str] = Field(min_length=1, max_length=100, description="Rule ids to waive, e.g. AIACT-50-2.")
    system: str = Field(min_length=1, max_length=300, description="System name; shell globs allowed.")
    version: str | None = Field(None, max_length=100, description="Only this system version (glob).")
    repository: str | None = Field(None, max_length=500, description="Only pipelines of this repository (glob).")
    justification: str = Field(min_length=1, max_length=5000)
    ticket: str = Field(min_length=1, max_length=500)
    approver: str = Field(min_length=1, max_length=200)
    expires_at: datetime = Field(description="Required; at most CLEANGATE_WAIVER_MAX_DAYS ahead.")


class RevokeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=2000)


def _log(message: str, waiver: dict[str, Any], actor: str) -> None:
    log.info(message, extra={"waiver_id": waiver["id"], "system": waiver["system"], "token": actor,
                             "warnings": waiver["warnings"]})


def _known(gate: Gate) -> frozenset[str]:
    return gate.bundle.rule_ids


@router.post("/v1/waivers", response_model=WaiverOut,
             status_code=201, summary="Grant a waiver", openapi_extra=openapi_body(WaiverIn),
             responses=problem_responses(400, *AUTH, 413, 422, 503))
async def create(request: Request, principal: AdminDep,
                 store: StoreDep, gate: GateDep,
                 settings: SettingsDep) -> dict[str, Any]:
    body = await parse_body(request, WaiverIn)  # after `admin`: an unauthenticated body is never parsed
    assert body is not None
    wreq = WaiverRequest(rules=tuple(body.rules), system=body.system, version=body.version,
                         repository=body.repository, justification=body.justification, ticket=body.ticket,
                         approver=body.approver, expires_at=body.expires_at)
    record = await run_in_threadpool(store.create_waiver, wreq, principal.name, settings.waiver_max_days)
    out = assess(record, _known(gate), settings.waiver_warn_days)
    _log("waiver created", out, principal.name)
    return out


@router.get("/v1/waivers", response_model=WaiverList, dependencies=[Depends(admin)],
            summary="Waivers with status and warnings (expiring soon, unknown rules)",
            responses=problem_responses(*AUTH, 422, 503))
async def list_waivers(store: StoreDep, gate: GateDep,
                       settings: SettingsDep,
                       include_inactive: Annotated[bool, Query(alias="all")] = False) -> dict[str, Any]:
    records = await run_in_threadpool(store.list_waivers, include_inactive)
    items = report(records, _known(gate), settings.waiver_warn_days)
    return {"items": items, "warnings": [f"waiver {i['id']} ({i['system']}): {w}" for i in items
                                         for w in i["warnings"]]}


@router.post("/v1/waivers/{waiver_id}/revoke", response_model=WaiverOut, summary="Revoke a waiver (it stays on record)",
             openapi_extra=openapi_body(RevokeIn, required=False),
             responses=problem_responses(400, *AUTH, 404, 409, 413, 422, 503, s404="No such waiver",
                                         s409="Already revoked, or its record does not match the hash chain"))
async def revoke(waiver_id: str, request: Request, principal: AdminDep,
                 store: StoreDep, gate: GateDep,
                 settings: SettingsDep) -> dict[str, Any]:
    body = await parse_body(request, RevokeIn, optional=True)
    record = await run_in_threadpool(store.revoke_waiver, waiver_id, principal.name, body.reason if body else None)
    out = assess(record, _known(gate), settings.waiver_warn_days)
    _log("waiver revoked", out, principal.name)
    return out
