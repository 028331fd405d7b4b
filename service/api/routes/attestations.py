"""Signed verdicts over HTTP: the attestation of a stored decision (read scope).

The envelope is signed when asked for, from the stored decision, so it says exactly what the
log holds; the signature is the gate's key (CLEANGATE_SIGNING_KEY_FILE). A gate without a key
answers 409 rather than anything unsigned.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from service.api.auth import require
from service.api.deps import StoreDep
from service.api.models import DsseEnvelope, PublicKeys
from service.api.problems import AUTH, problem_responses
from service.attest.keys import SigningKey

router = APIRouter(dependencies=[Depends(require("read"))])

NO_KEY = "this gate has no signing key: set CLEANGATE_SIGNING_KEY_FILE (see docs/attestations.md)"


def signing_key(request: Request) -> SigningKey:
    key: SigningKey | None = request.app.state.signing_key
    if key is None:
        raise HTTPException(409, NO_KEY)
    return key


def sign_decision(request: Request, decision: dict[str, Any]) -> dict[str, Any]:
    from service.attest.signing import attest

    return attest(decision, signing_key(request), request.app.state.settings.verifier_id)


@router.get("/v1/decisions/{decision_id}/attestation", response_model=DsseEnvelope,
            summary="The decision as an in-toto Statement (SLSA VSA v1 predicate) in a DSSE envelope",
            responses=problem_responses(*AUTH, 404, 409, s404="No such decision", s409="The gate has no signing key"))
async def attestation(decision_id: str, request: Request,
                      store: StoreDep) -> dict[str, Any]:
    signing_key(request)
    row = await run_in_threadpool(store.get_decision, decision_id)
    if row is None:
        raise HTTPException(404, f"no decision with id {decision_id!r}")
    return sign_decision(request, row.decision)


@router.get("/v1/attestation/keys", response_model=PublicKeys,
            summary="The gate's public verification key(s), PEM, with key ids",
            responses=problem_responses(*AUTH))
async def keys(request: Request) -> dict[str, Any]:
    key: SigningKey | None = request.app.state.signing_key
    return {"keys": [{"keyid": key.keyid, "scheme": key.public.scheme, "public_key": key.public_pem()}] if key else []}
