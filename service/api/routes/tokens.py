"""API tokens over HTTP (admin scope). The secret is in the create response and nowhere else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from service.api.auth import require
from service.api.deps import get_store
from service.api.jsonbody import openapi_body, parse_body
from service.store import Principal, Store

router = APIRouter()
admin = require("admin")


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="Shown in the decision log; unique.")
    scopes: list[str] = Field(min_length=1, max_length=4, description="evaluate, read, admin and/or backdate")


@router.post("/v1/tokens", status_code=201, summary="Create a token; the secret is shown once",
             openapi_extra=openapi_body(TokenIn))
async def create(request: Request, principal: Annotated[Principal, Depends(admin)],
                 store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    body = await parse_body(request, TokenIn)  # after `admin`: an unauthenticated body is never parsed
    assert body is not None
    record, secret = await run_in_threadpool(store.create_token, body.name, tuple(body.scopes), principal.name)
    return {**record.public(), "token": secret}


@router.get("/v1/tokens", dependencies=[Depends(admin)], summary="Tokens (names and scopes, never secrets)")
async def list_tokens(store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    return {"items": [t.public() for t in await run_in_threadpool(store.list_tokens)]}


@router.post("/v1/tokens/{name}/revoke", summary="Revoke a token; requests with it get 401 from now on")
async def revoke(name: str, principal: Annotated[Principal, Depends(admin)],
                 store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    return (await run_in_threadpool(store.revoke_token, name, principal.name)).public()
