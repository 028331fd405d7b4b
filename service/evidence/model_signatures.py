"""OpenSSF model-signing signatures of model directories, verified against configured keys.

A model's `signing` entry names the model directory and its signature bundle (`model.sig`, as
`model_signing sign key|certificate` writes it). The gate tries each configured public key and
certificate chain (keyless Sigstore needs the network and is out of scope); the first one that
verifies names the signer. The files the signature covers come from its in-toto statement.
`model-signing` is the `evidence` extra, imported lazily.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sbom.model import ManifestDocument, Model, VerifiedModelSignature
from service.evidence.interface import EvidenceRequest, Verifier
from service.evidence.sources import Unavailable

MAX_BUNDLE_BYTES = 1024 * 1024
MISMATCH = re.compile(
    r"Hash mismatch for '([^']{1,300})'|(?:Extra|Missing) files found in model '[^']*': ([^\]\"]{1,500})"
)


def covered_files(bundle: bytes) -> list[str]:
    """Names of the resources the signed in-toto statement lists (empty if it cannot be read)."""
    try:
        envelope = json.loads(bundle)["dsseEnvelope"]
        statement = json.loads(base64.b64decode(envelope["payload"]))
        return sorted(str(r["name"])[:500] for r in statement["predicate"]["resources"])[:10_000]
    except (ValueError, KeyError, TypeError):
        return []


def _why(exc: Exception) -> str:
    text = str(exc)
    names = [a or b for a, b in MISMATCH.findall(text)]
    if names:
        return "the model does not match its signature: " + ", ".join(n.strip() for n in names)[:500]
    return text.split("\n")[0][:300]


class ModelSignatureVerifier(Verifier):
    field = "model_signatures"

    def verify(self, doc: ManifestDocument, request: EvidenceRequest) -> Sequence[VerifiedModelSignature]:
        return [self._one(request, f"/models/{i}/signing", m) for i, m in enumerate(doc.models) if m.signing]

    def _one(self, request: EvidenceRequest, pointer: str, model: Model) -> VerifiedModelSignature:
        assert model.signing is not None
        result = VerifiedModelSignature(pointer=pointer, model=model.name, state="declared-only")
        source = request.referenced
        keys, chains = request.config.model_keys, request.config.model_certificates
        if source is None:
            return result.model_copy(update={"why": "no evidence files were supplied with the request"})
        if not keys and not chains:
            return result.model_copy(update={"why": "no model-signing keys or certificates are configured "
                                                    "(CLEANGATE_MODEL_SIGNING_KEYS / _CERTIFICATES)"})
        limits = request.config.limits
        try:
            size = source.size(model.signing.signature)
            if size > MAX_BUNDLE_BYTES:
                raise Unavailable(f"signature bundle is {size} bytes, over {MAX_BUNDLE_BYTES}")
            with source.open(model.signing.signature) as stream:
                bundle = stream.read(MAX_BUNDLE_BYTES + 1)
            with source.directory(model.signing.model_path, limits.max_model_files,
                                  limits.max_artifact_bytes) as model_dir, \
                    source.directory(model.signing.signature, 1, MAX_BUNDLE_BYTES) as signature_file:
                refused = request.budget.take_file(size)
                if refused:
                    return result.model_copy(update={"why": refused})
                return _check(result, model_dir, signature_file, keys, chains, bundle)
        except Unavailable as exc:
            return result.model_copy(update={"state": "failed" if exc.reachable else "declared-only", "why": exc.why})
        except ImportError:
            return result.model_copy(update={"why": "model-signing is not installed on this gate "
                                                    "(pip install 'cleangate[evidence]')"})


def _check(result: VerifiedModelSignature, model_dir: Path, signature: Path, keys: Sequence[Path],
           chains: Sequence[Path], bundle: bytes) -> VerifiedModelSignature:
    from model_signing import verifying

    reasons: list[str] = []
    new_config: Any = verifying.Config  # model-signing is untyped
    attempts = [(f"key {k.name}", new_config().use_elliptic_key_verifier(public_key=k)) for k in keys]
    if chains:
        attempts.append((f"certificate chain {', '.join(c.name for c in chains)}",
                         new_config().use_certificate_verifier(certificate_chain=list(chains))))
    for name, config in attempts:
        try:
            config.verify(model_dir, signature)
        except Exception as exc:  # model-signing raises ValueError, protobuf and OpenSSL errors alike
            reasons.append(f"{name}: {_why(exc)}")
            continue
        return result.model_copy(update={"state": "verified", "signer": name, "files": covered_files(bundle)})
    mismatch = next((r for r in reasons if "does not match its signature" in r), None)
    return result.model_copy(update={"state": "failed", "files": covered_files(bundle),
                                     "why": mismatch or "; ".join(reasons)[:1000]})
