"""API tokens over HTTP (admin scope). The secret is in the create response and nowhere else."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from service.api.auth import require
from service.api.deps import AdminDep, StoreDep
from service.api.jsonbody import openapi_body, parse_body
from service.api.models import NewToken, TokenList, TokenOut
from service.api.problems import AUTH, problem_responses
from service.store import SCOPES

router = APIRouter()
admin = require("admin")


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="Shown in the decision log; unique.")
    scopes: list[str] = Field(min_length=1, max_length=4, description="evaluate, read, admin and/or backdate",
                              json_schema_extra={"items": {"type": "string", "enum": list(SCOPES)}})


@router.post("/v1/tokens", response_model=NewToken, status_code=201, summary="Create a token; the secret is shown once",
             openapi_extra=openapi_body(TokenIn),
             responses=problem_responses(400, *AUTH, 409, 413, 422, 503,
                                         s409="A token with this name exists or existed"))
async def create(request: Request, principal: AdminDep,
                 store: StoreDep) -> dict[str, Any]:
    body = await parse_body(request, TokenIn)  # after `admin`: an unauthenticated body is never parsed
    assert body is not None
    record, secret = await run_in_threadpool(store.create_token, body.name, tuple(body.scopes), principal.name)
    return {**record.public(), "token": secret}


@router.get("/v1/tokens", response_model=TokenList,
            dependencies=[Depends(admin)], summary="Tokens (names and scopes, never secrets)",
            responses=problem_responses(*AUTH, 503))
async def list_tokens(store: StoreDep) -> dict[str, Any]:
    return {"items": [t.public() for t in await run_in_threadpool(store.list_tokens)]}


@router.post("/v1/tokens/{name}/revoke", response_model=TokenOut,
             summary="Revoke a token; requests with it get 401 from now on",
             responses=problem_responses(*AUTH, 404, 409, 503, s404="No such token",
                                         s409="Already revoked, or its record does not match the hash chain"))
async def revoke(name: str, principal: AdminDep,
                 store: StoreDep) -> dict[str, Any]:
    return (await run_in_threadpool(store.revoke_token, name, principal.name)).public()
