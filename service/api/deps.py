"""Objects routers need, resolved per request from app state (tests swap settings, not code)."""

from __future__ import annotations

from fastapi import Request

from service.gate import Gate
from service.settings import Settings
from service.store import Store


def get_gate(request: Request) -> Gate:
    gate: Gate = request.app.state.gate
    return gate


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:  # async: no worker-thread hop just to read app state
    store: Store = request.app.state.store
    return store
