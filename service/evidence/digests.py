"""Digests of the files a manifest names (weights, adapters, dataset snapshots), recomputed.

"These are the weights we tested" is only evidence when the gate hashes the file it is given and
gets the digest the manifest states. Files are streamed in 1 MiB chunks with the request's time
budget checked between chunks, so a 2 GB file or a pipe costs bounded time: a file over the limit
is reported unverified (declared-only) with the reason, never read.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import Any

from sbom.model import Artifact, ManifestDocument, VerifiedDigest
from service.evidence.interface import EvidenceRequest, Verifier
from service.evidence.sources import Unavailable

CHUNK = 1024 * 1024


def _blake3() -> Any:
    import blake3  # the `evidence` extra (model-signing depends on it)

    return blake3.blake3()


HASHERS: dict[str, Callable[[], Any]] = {
    "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512,
    "sha3-256": hashlib.sha3_256, "sha3-384": hashlib.sha3_384, "sha3-512": hashlib.sha3_512,
    "blake2b-256": lambda: hashlib.blake2b(digest_size=32), "blake2b-384": lambda: hashlib.blake2b(digest_size=48),
    "blake2b-512": lambda: hashlib.blake2b(digest_size=64), "blake3": _blake3,
    "md5": lambda: hashlib.md5(usedforsecurity=False), "sha1": lambda: hashlib.sha1(usedforsecurity=False),
}


def artifacts(doc: ManifestDocument) -> list[tuple[str, Artifact]]:
    """(input pointer, artefact) for every file the manifest names with a digest."""
    found: list[tuple[str, Artifact]] = []
    for i, model in enumerate(doc.models):
        found += [(f"/models/{i}/artifacts/{k}", a) for k, a in enumerate(model.artifacts)]
        for j, adapter in enumerate(model.adapters):
            found += [(f"/models/{i}/adapters/{j}/artifacts/{k}", a) for k, a in enumerate(adapter.artifacts)]
    for i, dataset in enumerate(doc.datasets):
        found += [(f"/datasets/{i}/artifacts/{k}", a) for k, a in enumerate(dataset.artifacts)]
    return found


class DigestVerifier(Verifier):
    field = "digests"

    def verify(self, doc: ManifestDocument, request: EvidenceRequest) -> Sequence[VerifiedDigest]:
        return [self._one(request, pointer, artifact) for pointer, artifact in artifacts(doc)]

    def _one(self, request: EvidenceRequest, pointer: str, artifact: Artifact) -> VerifiedDigest:
        algorithms: list[str] = sorted({h.alg for h in artifact.hashes})
        result = VerifiedDigest(pointer=pointer, file=artifact.path, state="declared-only", algorithms=algorithms)
        source = request.referenced
        if source is None:
            return result.model_copy(update={"why": "no evidence files were supplied with the request"})
        try:
            size = source.size(artifact.path)
        except Unavailable as exc:
            # Not reachable is "unverified"; a path that escapes or is not a file is a refusal.
            return result.model_copy(update={"state": "declared-only" if not exc.reachable else "failed",
                                             "why": exc.why})
        limit = request.config.limits.max_artifact_bytes
        if size > limit:
            return result.model_copy(update={"size": size, "why": f"{size} bytes, over the limit of {limit} bytes"})
        refused = request.budget.take_file(size)
        if refused:
            return result.model_copy(update={"size": size, "why": refused})
        try:
            hashers = {alg: HASHERS[alg]() for alg in algorithms}
        except ImportError:
            return result.model_copy(update={"why": "blake3 is not installed on this gate "
                                                    "(pip install 'cleangate[evidence]')"})
        read = 0
        try:
            with source.open(artifact.path) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    if read > size or request.budget.expired():
                        why = ("the file grew while it was read" if read > size
                               else f"the evidence time limit of {request.config.limits.max_seconds:g} s was reached")
                        return result.model_copy(update={"size": size, "why": why})
                    for h in hashers.values():
                        h.update(chunk)
        except (OSError, Unavailable) as exc:
            return result.model_copy(update={"state": "failed", "why": f"cannot be read: {exc}"})
        mismatched = [h.alg for h in artifact.hashes
                      if not hmac.compare_digest(hashers[h.alg].hexdigest(), h.value.lower())]
        if mismatched:
            return result.model_copy(update={
                "state": "failed", "size": read, "mismatched": sorted(set(mismatched)),
                "why": f"{', '.join(sorted(set(mismatched)))} digest differs from the one the manifest states"})
        return result.model_copy(update={"state": "verified", "size": read})
