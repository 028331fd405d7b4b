"""Run every verifier for one evaluation and assemble `input.verified`.

The registry is plain data: a new kind of evidence is one module and one line here. The BOM
signature is checked separately (`check_bom_signature`) because it decides whether the manifest is
evaluated at all, and it needs the submitted bytes rather than the loaded document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.model import ManifestDocument, Verified, VerifiedBomSignature
from service.evidence.c2pa_samples import C2paSampleVerifier
from service.evidence.digests import DigestVerifier
from service.evidence.interface import EvidenceConfig, EvidenceRequest, Verifier
from service.evidence.model_signatures import ModelSignatureVerifier
from service.evidence.optouts.verifier import CollectionRecordVerifier
from service.evidence.sources import EvidenceSource

VERIFIERS: tuple[Verifier, ...] = (C2paSampleVerifier(), DigestVerifier(), ModelSignatureVerifier(),
                                   CollectionRecordVerifier())


@dataclass
class EvidenceInput:
    """What a caller hands the gate besides the manifest (CLI: files on disk; API: uploaded parts)."""

    referenced: EvidenceSource | None = None
    offered: EvidenceSource | None = None
    detached_signature: bytes | None = None


def collect(doc: ManifestDocument, config: EvidenceConfig, given: EvidenceInput | None,
            bom_signature: VerifiedBomSignature | None = None) -> Verified:
    """`input.verified` for `doc`: every verifier's results, plus the BOM signature checked earlier."""
    given = given or EvidenceInput()
    request = EvidenceRequest(config=config, referenced=given.referenced, offered=given.offered)
    results: dict[str, Any] = {v.field: list(v.verify(doc, request)) for v in VERIFIERS}
    return Verified(**results, bom_signature=bom_signature, trust_anchors=config.c2pa_trust_anchor_count,
                    limits_reached=request.budget.reached)


def check_bom_signature(data: bytes, manifest_format: str, config: EvidenceConfig,
                        detached: bytes | None) -> VerifiedBomSignature | None:
    """The BOM's signature result, None when unsigned; a signature that fails is a 422 refusal."""
    bom: Any = None
    if detached is None:
        if manifest_format != "cyclonedx":
            return None
        try:
            bom = json.loads(data)
        except ValueError:
            return None  # a YAML or otherwise non-JSON manifest carries no JSF signature
        if not isinstance(bom, dict) or "signature" not in bom:
            return None
    try:
        from service.evidence.bom_signature import BomSignatureError, load_public_key, verify_detached, verify_jsf
    except ImportError:
        raise ManifestError("the BOM is signed but this gate cannot verify signatures", [FieldProblem(
            "/signature", "`cryptography`/`rfc8785` are not installed", "pip install 'cleangate[evidence]'")],
            kind=Kind.INVALID) from None
    try:
        keys = [(name, load_public_key(name, pem)) for name, pem in config.bom_keys]
        return verify_detached(data, detached, keys) if detached is not None else verify_jsf(bom, keys)
    except BomSignatureError as exc:
        raise ManifestError(
            "the BOM's signature does not verify; it was not evaluated",
            [FieldProblem("/signature", str(exc), "a signature by one of the configured BOM signing keys")],
            kind=Kind.SIGNATURE_FAILED,
        ) from None
