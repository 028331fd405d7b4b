"""The seam: one `Verifier` per kind of evidence, all fed the same `EvidenceRequest`.

A verifier reads what the manifest names (and what the caller offered), checks it with a real
library, and returns result models for one field of `input.verified`. It never raises for bad
evidence: a file that cannot be read, is too large or does not verify is a result with state
`failed` or `declared-only` and a reason, so the policies (not a traceback) decide what it means.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from sbom.model import ManifestDocument
from service.evidence.limits import Budget, EvidenceLimits
from service.evidence.sources import EvidenceSource


@dataclass(frozen=True)
class EvidenceConfig:
    """Organisation-wide verification settings (service/settings.py reads them from CLEANGATE_*)."""

    c2pa_trust_anchors_pem: str = ""
    """Concatenated PEM certificates: C2PA signers chaining to one of these are Trusted."""
    c2pa_trust_anchor_count: int = 0
    model_keys: tuple[Path, ...] = ()
    """PEM elliptic-curve public keys accepted for OpenSSF model signatures."""
    model_certificates: tuple[Path, ...] = ()
    """PEM certificate chain (root last) that certificate-based model signatures must chain to."""
    bom_keys: tuple[tuple[str, bytes], ...] = ()
    """(name, PEM public key or certificate) accepted for BOM signatures."""
    limits: EvidenceLimits = field(default_factory=EvidenceLimits)


@dataclass
class EvidenceRequest:
    """What one evaluation may read: where manifest paths resolve, and any files offered as samples."""

    config: EvidenceConfig
    referenced: EvidenceSource | None = None
    """Where paths named in the manifest resolve (the manifest's folder, or the uploads)."""
    offered: EvidenceSource | None = None
    """Files given without a manifest entry (`--evidence DIR`, uploaded parts): samples to read."""
    budget: Budget = field(init=False)

    def __post_init__(self) -> None:
        self.budget = Budget(self.config.limits)


class Verifier(ABC):
    """Checks one kind of evidence; `field` names its list in `input.verified`."""

    field: str

    @abstractmethod
    def verify(self, doc: ManifestDocument, request: EvidenceRequest) -> Sequence[BaseModel]:
        """Results for every item of this kind the manifest names or the request offers."""
