"""What the gate enforces and what it reads: the rule catalogue and the input schema."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from sbom.schema import input_schema
from service.api.deps import get_gate
from service.api.problems import AUTH, problem_responses
from service.gate import Gate

router = APIRouter()


@router.get("/v1/policies", summary="Every rule the gate evaluates, from the policies' METADATA",
            responses=problem_responses(*AUTH))
def policies(gate: Annotated[Gate, Depends(get_gate)]) -> dict[str, Any]:
    return {
        "revision": gate.bundle.revision,
        "digest": gate.bundle.digest,
        "engine": {"name": gate.engine.name, "version": gate.engine.version},
        "rules": [r.public() for r in gate.bundle.rules],
    }


@router.get("/v1/schema/input", summary="JSON Schema of the policy input document", responses=problem_responses(*AUTH))
def schema() -> dict[str, Any]:
    return input_schema()
