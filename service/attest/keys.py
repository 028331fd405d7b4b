"""Signing and verification keys: Ed25519 or ECDSA P-256, PEM files or PEM text.

The key id is securesystemslib's default (sha256 over the canonical public key), so a verifier
derives the same id from the public key alone; an explicit id can be configured instead (for
an organisation that names keys after its KMS), and then the verifier says `KEYID=PUB.pem`.
Several verification keys may be given at once, which is how a key is rotated: verifiers trust
old and new public keys while the gate switches its signing key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from securesystemslib.signer import CryptoSigner, SSlibKey

KEY_TYPES = ("ed25519", "ecdsa-p256")
MAX_KEY_BYTES = 64 * 1024


class KeyError_(ValueError):
    """A key that cannot be used; the message names the file and what was expected."""


@dataclass(frozen=True)
class SigningKey:
    signer: CryptoSigner

    @property
    def keyid(self) -> str:
        return str(self.signer.public_key.keyid)

    @property
    def public(self) -> SSlibKey:
        return self.signer.public_key

    def public_pem(self) -> str:
        return public_pem(self.signer.public_key)


def _check_type(key: object, where: str) -> None:
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        if isinstance(key.curve, ec.SECP256R1):
            return
        raise KeyError_(f"{where}: ECDSA key on curve {key.curve.name}; expected P-256 (secp256r1) or Ed25519")
    raise KeyError_(f"{where}: {type(key).__name__.lstrip('_')} keys are not supported; expected Ed25519 or "
                    "ECDSA P-256")


def load_signing_key(pem: bytes, where: str, keyid: str | None = None, password: bytes | None = None) -> SigningKey:
    """A PKCS#8 (or SEC1 / OpenSSH-free PEM) private key; `where` names its source in errors."""
    if len(pem) > MAX_KEY_BYTES:
        raise KeyError_(f"{where}: {len(pem)} bytes is not a key; expected a PEM private key")
    try:
        private = serialization.load_pem_private_key(pem, password=password)
    except (ValueError, TypeError) as exc:
        raise KeyError_(f"{where}: not a usable PEM private key ({exc})") from None
    _check_type(private, where)
    public = SSlibKey.from_crypto(private.public_key(), keyid=keyid or None)
    return SigningKey(CryptoSigner(private, public))


def load_signing_key_file(path: Path, keyid: str | None = None, password: bytes | None = None) -> SigningKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyError_(f"{path}: cannot read the signing key: {exc.strerror or exc}") from None
    return load_signing_key(data, str(path), keyid, password)


def load_public_key(pem: bytes, where: str, keyid: str | None = None) -> SSlibKey:
    """A PEM public key; a private key PEM is accepted too (its public half is used)."""
    if len(pem) > MAX_KEY_BYTES:
        raise KeyError_(f"{where}: {len(pem)} bytes is not a key; expected a PEM public key")
    try:
        public = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        try:
            public = serialization.load_pem_private_key(pem, password=None).public_key()
        except (ValueError, TypeError) as exc:
            raise KeyError_(f"{where}: not a PEM public key ({exc})") from None
    _check_type(public, where)
    return SSlibKey.from_crypto(public, keyid=keyid or None)


def load_public_key_spec(spec: str) -> SSlibKey:
    """`PUB.pem` or `KEYID=PUB.pem` (a key configured with an explicit id on the gate)."""
    keyid, sep, path = spec.partition("=")
    if not sep or not path:
        keyid, path = "", spec
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyError_(f"{path}: cannot read the key: {exc.strerror or exc}") from None
    return load_public_key(data, path, keyid or None)


def public_pem(key: SSlibKey) -> str:
    crypto = key._crypto_key()  # securesystemslib's own accessor for the pyca object
    return crypto.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def generate(key_type: str) -> SigningKey:
    if key_type == "ed25519":
        return SigningKey(CryptoSigner.generate_ed25519())
    if key_type == "ecdsa-p256":
        return SigningKey(CryptoSigner.generate_ecdsa())
    raise KeyError_(f"key type {key_type!r}: expected one of {', '.join(KEY_TYPES)}")


def private_pem(key: SigningKey) -> bytes:
    return key.signer.private_bytes
