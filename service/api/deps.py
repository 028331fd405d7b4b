"""Named dependencies: what a route needs, resolved per request from app state (tests swap
settings, not code), and the scope that guards it.

A route says `store: StoreDep` or `principal: AdminDep` instead of spelling out
`Annotated[Store, Depends(get_store)]`; the scope of every route is one name to grep for.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.api.auth import require
from service.gate import Gate
from service.settings import Settings
from service.store import Principal, Store


def get_gate(request: Request) -> Gate:
    gate: Gate = request.app.state.gate
    return gate


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:  # async: no worker-thread hop just to read app state
    store: Store = request.app.state.store
    return store


GateDep = Annotated[Gate, Depends(get_gate)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]

# The caller's token, checked for a scope (service/api/auth.py); `admin` implies the others.
EvaluateDep = Annotated[Principal, Depends(require("evaluate"))]
ReadDep = Annotated[Principal, Depends(require("read"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
