"""What the gate enforces and what it reads: the rule catalogue and the input schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from sbom.schema import input_schema
from service.api.deps import GateDep
from service.api.models import InputSchema, PolicyCatalogue
from service.api.problems import AUTH, problem_responses

router = APIRouter()


@router.get("/v1/policies", response_model=PolicyCatalogue,
            summary="Every rule the gate evaluates, from the policies' METADATA",
            responses=problem_responses(*AUTH))
def policies(gate: GateDep) -> dict[str, Any]:
    return {
        "revision": gate.bundle.revision,
        "digest": gate.bundle.digest,
        "engine": {"name": gate.engine.name, "version": gate.engine.version},
        "rules": [r.public() for r in gate.bundle.rules],
    }


@router.get("/v1/schema/input", response_model=InputSchema,
            summary="JSON Schema of the policy input document", responses=problem_responses(*AUTH))
def schema() -> dict[str, Any]:
    return input_schema()
