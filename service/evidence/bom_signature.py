"""Signed AI-BOMs: a CycloneDX JSF signature (as cdxgen/cdx-sign write it) or a detached signature.

JSF (JSON Signature Format, which CycloneDX adopts) signs the RFC 8785 (JCS) canonical form of the
signed object with its own signature metadata included and only `value` left out; `signers`
entries each cover the BOM and themselves, `chain` entries also cover every earlier entry. Only
keys the organisation configured are used: a public key embedded in the BOM proves nothing about
who signed it, so it is never trusted. A detached signature signs the exact bytes of the file.

A signature that is present but does not verify is a refusal (exit 2 / HTTP 422), never an
unsigned evaluation; a BOM without a signature is evaluated and the policies decide whether
production needs one.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
from collections.abc import Sequence
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from sbom.model import VerifiedBomSignature

HASH: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512,
}
CURVE_HASH: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "secp256r1": hashes.SHA256, "secp384r1": hashes.SHA384, "secp521r1": hashes.SHA512,
}
CURVE_FOR = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
MAX_SIGNATURE_ENTRIES = 16


class BomSignatureError(ValueError):
    """The BOM's signature is present but does not verify; the message says why."""


def load_public_key(name: str, pem: bytes) -> PublicKeyTypes:
    """A PEM public key, or the public key of a PEM certificate."""
    try:
        if b"BEGIN CERTIFICATE" in pem:
            return x509.load_pem_x509_certificate(pem).public_key()
        return serialization.load_pem_public_key(pem)
    except ValueError:
        raise ValueError(f"BOM signing key {name}: expected a PEM public key or certificate") from None


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _verify_raw(key: PublicKeyTypes, algorithm: str, signature: bytes, data: bytes) -> bool:
    """One JSF algorithm with one key; False when the key type does not fit the algorithm."""
    try:
        if algorithm.startswith(("RS", "PS")) and isinstance(key, rsa.RSAPublicKey):
            digest = HASH[algorithm[2:]]()
            pad: padding.AsymmetricPadding = (padding.PKCS1v15() if algorithm.startswith("RS") else
                                              padding.PSS(padding.MGF1(digest), digest.digest_size))
            key.verify(signature, data, pad, digest)
        elif algorithm in CURVE_FOR and isinstance(key, ec.EllipticCurvePublicKey):
            if key.curve.name != CURVE_FOR[algorithm]:
                return False
            half = len(signature) // 2
            der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
            key.verify(der, data, ec.ECDSA(CURVE_HASH[key.curve.name]()))
        elif (algorithm == "Ed25519" and isinstance(key, ed25519.Ed25519PublicKey)) or \
                (algorithm == "Ed448" and isinstance(key, ed448.Ed448PublicKey)):
            key.verify(signature, data)
        else:
            return False
    except (InvalidSignature, KeyError, ValueError):
        return False
    return True


def _entries(signature: Any) -> tuple[str, list[dict[str, Any]]]:
    if not isinstance(signature, dict):
        raise BomSignatureError("`signature` is not a JSF signature object")
    for mode in ("signers", "chain"):
        if mode in signature:
            entries = signature[mode]
            if not isinstance(entries, list) or not entries or len(entries) > MAX_SIGNATURE_ENTRIES:
                raise BomSignatureError(f"`signature.{mode}` must be a list of 1 to {MAX_SIGNATURE_ENTRIES} signatures")
            return mode, entries
    return "single", [signature]


def _signed_forms(bom: dict[str, Any], mode: str, entries: list[dict[str, Any]], index: int) -> list[bytes]:
    """What entry `index` may have signed: the JSF form, then the legacy cdxgen form.

    cdxgen up to 12.8.4 / 13.2.0 signed the BOM with `signature` left out altogether (its own
    docs say so); such BOMs are still in circulation, so both forms are accepted.
    """
    import rfc8785

    legacy = rfc8785.dumps({k: v for k, v in bom.items() if k != "signature"})
    return [_jsf_bytes(bom, mode, entries, index), legacy]


def _jsf_bytes(bom: dict[str, Any], mode: str, entries: list[dict[str, Any]], index: int) -> bytes:
    import rfc8785

    entry = {k: v for k, v in entries[index].items() if k != "value"}
    doc = copy.copy(bom)
    if mode == "single":
        doc["signature"] = entry
    elif mode == "signers":
        doc["signature"] = {**{k: v for k, v in bom["signature"].items() if k != "signers"}, "signers": [entry]}
    else:
        doc["signature"] = {**{k: v for k, v in bom["signature"].items() if k != "chain"},
                            "chain": [*entries[:index], entry]}
    return rfc8785.dumps(doc)


def verify_jsf(bom: dict[str, Any], keys: Sequence[tuple[str, PublicKeyTypes]]) -> VerifiedBomSignature:
    """Verify the root JSF signature of a parsed CycloneDX BOM; raises BomSignatureError if it fails."""
    mode, entries = _entries(bom["signature"])
    algorithm = str(entries[0].get("algorithm", ""))
    if not keys:
        return VerifiedBomSignature(state="declared-only", kind="jsf", algorithm=algorithm[:20],
                                    why="the BOM is signed but no BOM signing keys are configured "
                                        "(CLEANGATE_BOM_SIGNING_KEYS)")
    # With several signers (or a chain) each entry covers the same BOM, so one entry that verifies
    # with a configured key proves the BOM unchanged since; entries by keys the gate does not know
    # are named, not trusted (cdx-verify reads them the same way).
    signers: list[str] = []
    unverified: list[str] = []
    for index, entry in enumerate(entries):
        try:
            signers.append(_verify_entry(bom, mode, entries, index, entry, keys))
        except BomSignatureError as exc:
            if len(entries) == 1:
                raise
            unverified.append(str(exc))
    if not signers:
        raise BomSignatureError("; ".join(unverified)[:1000])
    return VerifiedBomSignature(state="verified", kind="jsf", algorithm=algorithm[:20], signer=", ".join(signers),
                                why=("not verified: " + "; ".join(unverified))[:1000] if unverified else None)


def _verify_entry(bom: dict[str, Any], mode: str, entries: list[dict[str, Any]], index: int,
                  entry: Any, keys: Sequence[tuple[str, PublicKeyTypes]]) -> str:
    where = "signature" if mode == "single" else f"signature.{mode}[{index}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("algorithm"), str) \
            or not isinstance(entry.get("value"), str):
        raise BomSignatureError(f"{where}: expected an object with `algorithm` and `value`")
    algorithm = entry["algorithm"]
    if algorithm.startswith("HS"):
        raise BomSignatureError(f"{where}: {algorithm} is a shared-secret MAC; the gate verifies public-key "
                                "signatures only")
    try:
        value = _b64url(entry["value"])
    except (binascii.Error, ValueError):
        raise BomSignatureError(f"{where}: `value` is not base64url") from None
    try:
        forms = _signed_forms(bom, mode, entries, index)
    except Exception as exc:  # rfc8785 refuses NaN, huge integers and the like
        raise BomSignatureError(f"{where}: the BOM cannot be canonicalised (RFC 8785): {exc}") from None
    for name, key in keys:
        if any(_verify_raw(key, algorithm, value, data) for data in forms):
            return name
    raise BomSignatureError(f"{where}: the {algorithm} signature does not verify with any configured BOM signing "
                            "key (the BOM was changed after signing, or signed by another key)")


def verify_detached(data: bytes, signature: bytes, keys: Sequence[tuple[str, PublicKeyTypes]]) -> VerifiedBomSignature:
    """A detached signature of the exact BOM bytes (raw or base64), e.g. `openssl dgst -sign`."""
    if not keys:
        return VerifiedBomSignature(state="declared-only", kind="detached",
                                    why="a detached signature was given but no BOM signing keys are configured")
    candidates = [signature]
    with contextlib.suppress(binascii.Error, ValueError):
        candidates.append(base64.b64decode(signature.strip(), validate=True))
    for name, key in keys:
        for sig in candidates:
            algorithm = _detached_verify(key, sig, data)
            if algorithm:
                return VerifiedBomSignature(state="verified", kind="detached", algorithm=algorithm, signer=name)
    raise BomSignatureError("the detached signature does not verify with any configured BOM signing key")


def _detached_verify(key: PublicKeyTypes, sig: bytes, data: bytes) -> str | None:
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(sig, data, ec.ECDSA(CURVE_HASH.get(key.curve.name, hashes.SHA256)()))
            return "ECDSA-" + key.curve.name
        if isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            key.verify(sig, data)
            return "EdDSA"
        if isinstance(key, rsa.RSAPublicKey):
            for bits, digest in HASH.items():
                try:
                    key.verify(sig, data, padding.PKCS1v15(), digest())
                    return f"RS{bits}"
                except InvalidSignature:
                    continue
    except (InvalidSignature, ValueError):
        return None
    return None
