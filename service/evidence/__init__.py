"""Evidence the gate verifies itself (C2PA samples, digests, model and BOM signatures): see interface.py."""

from service.evidence.collect import VERIFIERS, EvidenceInput, check_bom_signature, collect
from service.evidence.interface import EvidenceConfig, EvidenceRequest, Verifier
from service.evidence.limits import EvidenceLimits
from service.evidence.sources import DirectorySource, EvidenceSource, MemorySource, Unavailable

__all__ = [
    "VERIFIERS", "DirectorySource", "EvidenceConfig", "EvidenceInput", "EvidenceLimits", "EvidenceRequest",
    "EvidenceSource", "MemorySource", "Unavailable", "Verifier", "check_bom_signature", "collect",
]
