"""Liveness and readiness for load balancers; the only endpoints that never need a token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from service.api.deps import get_gate
from service.gate import Gate

router = APIRouter()


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Policies are compiled and the gate can evaluate")
def readyz(gate: Annotated[Gate, Depends(get_gate)]) -> dict[str, str]:
    return {"status": "ready", "policy_revision": gate.bundle.revision}
