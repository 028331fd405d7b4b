"""Trust anchors for C2PA signers: PEM files, including the C2PA Trust List as published.

The C2PA conformance program publishes its trust list as a PEM bundle (certificates, optionally
with comment lines between them); an organisation may add its own private CA the same way. The
project ships no anchors: with none configured, a valid manifest is Valid, never Trusted.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

EXTRA_HINT = "install the evidence extra: pip install 'cleangate[evidence]'"


class TrustListError(ValueError):
    """A configured anchor file is missing or holds no certificate; start-up must fail, not trust nothing."""


def load_anchors(paths: Iterable[Path]) -> tuple[str, int]:
    """Concatenated PEM of every certificate in `paths`, and how many there are."""
    paths = list(paths)
    if not paths:
        return "", 0
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding
    except ImportError:
        raise TrustListError(f"C2PA trust anchors are configured but `cryptography` is missing; {EXTRA_HINT}") from None
    pems: list[str] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TrustListError(f"C2PA trust anchors {path}: {exc.strerror or exc}") from None
        try:
            certs = x509.load_pem_x509_certificates(data)
        except ValueError:
            raise TrustListError(f"C2PA trust anchors {path}: expected PEM certificates") from None
        pems.extend(c.public_bytes(Encoding.PEM).decode("ascii") for c in certs)
    return "".join(pems), len(pems)

