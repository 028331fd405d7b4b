"""Sign an OPA bundle and verify a signed one, the way OPA's bundle plugin verifies it.

`.signatures.json` holds `{"signatures": ["<JWS>"]}`: exactly one JWS in compact serialization
whose payload is `{"files": [{"name", "hash", "algorithm"}], "keyid": ..., "scope": ...}` and whose
protected header names the key (`kid`). OPA (v1/bundle/verify.go) accepts a bundle when the JWS
verifies with the key its configuration names, the `scope` claim equals the configured scope (both
may be empty), and every file of the bundle but `.signatures.json` is listed with a matching digest
(bundle_hash.py) and no listed file is missing. `verify` applies the same checks in the same order
and says which one failed, so `cleangate policy bundle verify` answers what OPA would answer.

The JWS itself is PyJWT's (the `signing` extra), not hand-rolled; the signing keys are what OPA
takes: a PEM private key for RS*/PS*/ES* and the exact bytes of a secret for HS*.
"""

from __future__ import annotations

import base64
import io
import json
import tarfile
import warnings
import zlib
from dataclasses import dataclass
from typing import Any

from service.bundle.bundle_hash import file_digest

SIGNATURES_FILE = ".signatures.json"
HASH_ALGORITHM = "SHA-256"
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
              "HS256", "HS384", "HS512")
"""JWS algorithms OPA verifies bundles with and PyJWT implements."""
EC_CURVES = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 10_000


class BundleSignatureError(ValueError):
    """A key or bundle that cannot be signed or verified; the message says what and why."""


@dataclass(frozen=True)
class VerifiedBundle:
    key_id: str
    scope: str
    files: list[str]
    """Names of the files whose digests matched (every file but `.signatures.json` and excluded ones)."""


def _jwt() -> Any:
    """PyJWT, imported when a bundle is signed or verified (the slim install has no use for it)."""
    try:
        import jwt
    except ImportError:  # pragma: no cover - the signing extra is part of the test install
        raise BundleSignatureError(
            "bundle signing needs PyJWT: pip install 'cleangate[signing]'") from None
    return jwt


def _is_hmac(algorithm: str) -> bool:
    return algorithm.startswith("HS")


def _check_algorithm(algorithm: str) -> None:
    if algorithm not in ALGORITHMS:
        raise BundleSignatureError(
            f"unknown signature algorithm {algorithm!r}; expected one of {', '.join(ALGORITHMS)}")


def _check_key_type(key: Any, algorithm: str, what: str) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if algorithm[:2] in ("RS", "PS") and not isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        raise BundleSignatureError(f"{what} is not an RSA key, which {algorithm} needs")
    if algorithm.startswith("ES"):
        if not isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
            raise BundleSignatureError(f"{what} is not an EC key, which {algorithm} needs")
        if key.curve.name != EC_CURVES[algorithm]:
            raise BundleSignatureError(f"{what} is on curve {key.curve.name}; {algorithm} needs {EC_CURVES[algorithm]}")


def load_signing_key(material: bytes, algorithm: str) -> Any:
    """The private key (RS*/PS*/ES*: PEM) or secret (HS*: the bytes as given, as OPA reads them)."""
    _check_algorithm(algorithm)
    if _is_hmac(algorithm):
        minimum = int(algorithm[2:]) // 8
        if len(material) < minimum:
            raise BundleSignatureError(
                f"the {algorithm} secret is {len(material)} bytes; use at least {minimum} random bytes (RFC 7518 3.2)")
        return material
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(material, password=None)
    except (ValueError, TypeError) as exc:
        raise BundleSignatureError(f"the signing key is not an unencrypted PEM private key: {exc}") from None
    _check_key_type(key, algorithm, "the signing key")
    return key


def load_verification_key(material: bytes, algorithm: str) -> Any:
    """A PEM public key, certificate or private key (OPA accepts all three), or an HS* secret."""
    _check_algorithm(algorithm)
    if _is_hmac(algorithm):
        return material
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    key: Any
    try:
        if b"-----BEGIN CERTIFICATE-----" in material:
            key = x509.load_pem_x509_certificate(material).public_key()
        elif b"PRIVATE KEY-----" in material:
            key = serialization.load_pem_private_key(material, password=None).public_key()
        else:
            key = serialization.load_pem_public_key(material)
    except (ValueError, TypeError) as exc:
        raise BundleSignatureError(f"the verification key is not a PEM public key or certificate: {exc}") from None
    _check_key_type(key, algorithm, "the verification key")
    return key


def signatures_document(files: list[tuple[str, bytes]], key: Any, algorithm: str, key_id: str,
                        scope: str = "") -> bytes:
    """`.signatures.json` for the files (bundle names without the leading slash), signed with `key`.

    The payload carries the deprecated `keyid` claim as well as the `kid` header, as `opa sign`
    does without a claims file, so older OPA versions find the key too.
    """
    if not key_id:
        raise BundleSignatureError("a key id is needed: OPA looks the verification key up by it")
    payload: dict[str, Any] = {
        "files": [{"name": name, "hash": file_digest(name, content, HASH_ALGORITHM), "algorithm": HASH_ALGORITHM}
                  for name, content in files],
        "keyid": key_id,
    }
    if scope:
        payload["scope"] = scope
    token: str = _jwt().PyJWS().encode(json.dumps(payload, separators=(",", ":")).encode(), key, algorithm=algorithm,
                               headers={"kid": key_id})
    return json.dumps({"signatures": [token]}, indent=2).encode()


def _gunzip(data: bytes, limit: int) -> bytes:
    """Decompress at most `limit` bytes: a gzip bomb stops at the limit instead of filling memory."""
    out = bytearray()
    rest = data
    while rest:
        stream = zlib.decompressobj(wbits=31)  # gzip framing; a file may hold several members
        try:
            out += stream.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            raise BundleSignatureError(f"not a gzip-compressed bundle: {exc}") from None
        if len(out) > limit:
            raise BundleSignatureError(f"the bundle unpacks to more than {limit} bytes")
        if not stream.eof:
            raise BundleSignatureError("not a gzip-compressed bundle: the data ends inside the stream")
        rest = stream.unused_data
    return bytes(out)


def read_tarball(data: bytes) -> dict[str, bytes]:
    """Regular files of a bundle tar.gz by bundle name (leading "/" removed, as OPA names them)."""
    raw = _gunzip(data, MAX_BUNDLE_BYTES)
    files: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
            for i, member in enumerate(tar):
                if i >= MAX_MEMBERS:
                    raise BundleSignatureError(f"the bundle has more than {MAX_MEMBERS} entries")
                if not member.isfile():
                    continue
                handle = tar.extractfile(member)
                files[member.name.lstrip("/")] = handle.read() if handle else b""
    except tarfile.TarError as exc:
        raise BundleSignatureError(f"not a tar archive: {exc}") from None
    return files


def _b64json(part: str, what: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, TypeError) as exc:
        raise BundleSignatureError(f"the JWS {what} is not base64url-encoded JSON: {exc}") from None


def _token(signatures: bytes | None) -> str:
    if signatures is None:
        raise BundleSignatureError(f"the bundle has no {SIGNATURES_FILE}: it is not signed")
    try:
        document = json.loads(signatures)
    except ValueError as exc:
        raise BundleSignatureError(f"{SIGNATURES_FILE} is not JSON: {exc}") from None
    tokens = document.get("signatures") if isinstance(document, dict) else None
    if not isinstance(tokens, list) or not tokens:
        raise BundleSignatureError(f"{SIGNATURES_FILE}: missing JWT (expected exactly one)")
    if len(tokens) > 1:
        raise BundleSignatureError(f"{SIGNATURES_FILE}: multiple JWTs not supported (expected exactly one)")
    if not isinstance(tokens[0], str) or tokens[0].count(".") != 2:
        raise BundleSignatureError(f"{SIGNATURES_FILE}: the signature is not a compact JWS (header.payload.signature)")
    return tokens[0]


def verify_token(token: str, key: Any, algorithm: str, key_id: str = "", scope: str = "") -> tuple[str, dict[str, Any]]:
    """Check the JWS as OPA's verifyJWTSignature does; returns the key id used and the payload."""
    header_part, payload_part, _ = token.split(".")
    header = _b64json(header_part, "header")
    payload = _b64json(payload_part, "payload")
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise BundleSignatureError("the JWS header and payload must be JSON objects")
    used = key_id or (header.get("kid") if isinstance(header.get("kid"), str) else "") or (
        payload.get("keyid") if isinstance(payload.get("keyid"), str) else "")
    if not used:
        raise BundleSignatureError("verification key ID is empty: the JWS names no kid and none was configured")
    jwt = _jwt()
    with warnings.catch_warnings():  # OPA accepts short HMAC secrets; signing refuses them instead
        warnings.simplefilter("ignore")
        try:
            jwt.PyJWS().decode_complete(token, key, algorithms=[algorithm])
        except jwt.InvalidTokenError as exc:
            raise BundleSignatureError(f"failed to verify the JWS signature with key {used!r} ({algorithm}): {exc}") \
                from None
    claimed = payload.get("scope", "")
    if claimed != scope:
        raise BundleSignatureError(f"scope mismatch: the bundle is signed for scope {claimed!r}, expected {scope!r}")
    if not isinstance(payload.get("files"), list) or not all(isinstance(f, dict) for f in payload["files"]):
        raise BundleSignatureError("the JWS payload has no list of files")
    return used, payload


def verify(files: dict[str, bytes], key: Any, algorithm: str, key_id: str = "", scope: str = "") -> VerifiedBundle:
    """Verify a bundle's files against its `.signatures.json`; raises BundleSignatureError naming the failure.

    OPA's `exclude_files` setting is not modelled: every file must be signed, which is what
    `cleangate policy bundle --signing-key` produces.
    """
    token = _token(files.get(SIGNATURES_FILE))
    used, payload = verify_token(token, key, algorithm, key_id, scope)
    signed: dict[str, dict[str, Any]] = {str(f.get("name")): f for f in payload["files"]}
    checked: list[str] = []
    for name in sorted(files):
        if name == SIGNATURES_FILE or name.endswith("/" + SIGNATURES_FILE):
            continue
        entry = signed.pop(name, None)
        if entry is None:
            raise BundleSignatureError(f"file {name} not included in bundle signature")
        algo = entry.get("algorithm")
        if not isinstance(algo, str) or not algo:
            raise BundleSignatureError(f"no hashing algorithm provided for file {name}")
        try:
            got = file_digest(name, files[name], algo)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise BundleSignatureError(f"{name}: cannot hash: {str(exc)[:200]}") from None
        if got != str(entry.get("hash", "")).lower():
            raise BundleSignatureError(f"{name}: digest mismatch (want: {entry.get('hash')}, got: {got})")
        checked.append(name)
    if signed:
        raise BundleSignatureError(
            f"file(s) {sorted(signed)} specified in bundle signatures but not found in the target bundle")
    return VerifiedBundle(used, str(payload.get("scope", "")), checked)
